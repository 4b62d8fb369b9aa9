"""A reader of the two-language site (PLAYBOOK_LANGUAGES=en,de) on the English ROI page switches
to German with the language selector and lands on the German ROI page, whose engine starts;
nothing leaves loopback (the context's guard)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.build.test_language import GERMAN
from tests.conftest import serve

from .served_copy import site_policy
from .test_assessment_journey import ENGINE_TIMEOUT
from .test_offline import CACHED, WASM_SERVED

pytestmark = pytest.mark.browser


def test_the_selector_takes_the_reader_to_the_same_calculator_in_german(page, two_language_url):
    page.goto(two_language_url + "calculators/roi/")
    assert page.locator("html").get_attribute("lang") == "en"
    root = page.locator("[data-calculator=roi]")
    expect(root).to_have_attribute("data-engine", "ready", timeout=ENGINE_TIMEOUT)

    page.locator(".md-header__option .md-select").hover()  # Material opens it on hover or focus
    page.get_by_role("link", name="Deutsch").click()

    expect(page).to_have_url(two_language_url + "de/calculators/roi/")
    assert page.locator("html").get_attribute("lang") == "de"
    root = page.locator("[data-calculator=roi]")
    expect(root).to_have_attribute("data-engine", "ready", timeout=ENGINE_TIMEOUT)
    # (The case the English page kept in this browser is restored: one origin, one storage.)
    expect(page.locator('[data-role="status"]')).to_contain_text(GERMAN["roi.status.ready"])
    expect(page.locator('[data-value="npv"]')).to_have_text(re.compile(r"\d"))
    expect(page.locator('label[for="roi-discount_rate"]')).to_contain_text("Diskontsatz")

    # And back: the English ROI page, not the English home page.
    page.locator(".md-header__option .md-select").hover()
    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(two_language_url + "calculators/roi/")
    assert page.locator("html").get_attribute("lang") == "en"


@pytest.fixture
def served_with_policy(two_language_site):
    """The two-language site on its own server, sending the policy of its one _headers file (a
    service worker obeys its script's header, not the pages' <meta>)."""
    url, server = serve(
        two_language_site, {"Content-Security-Policy": site_policy(two_language_site)}
    )
    yield url
    server.shutdown()
    server.server_close()


def open_assessment(page, url: str) -> None:
    page.goto(url)
    root = page.locator("[data-calculator=assessment]")
    expect(root).to_have_attribute("data-engine", "ready", timeout=ENGINE_TIMEOUT)
    expect(root).to_have_attribute("data-offline", "kept", timeout=ENGINE_TIMEOUT)
    assert page.evaluate("!!navigator.serviceWorker.controller")


def test_one_service_worker_keeps_each_language_offline_apart(sw_page, served_with_policy):
    """The root's sw.js also serves the German pages: each language's rubrics are kept under
    their own paths (the English ones are not replaced by the German ones, nor the reverse),
    the runtime both share comes from the copy by the static router's rules, and the German
    calculator works offline in German."""
    url = served_with_policy
    open_assessment(sw_page, url + "calculators/assessment/")
    open_assessment(sw_page, url + "de/calculators/assessment/")
    cached = sw_page.evaluate(CACHED)
    german = [u for u in cached if "/de/assets/engine/rubrics-" in u]
    english = [u for u in cached if "/assets/engine/rubrics-" in u and "/de/" not in u]
    assert len(german) == 1, cached
    assert len(english) == 1, cached

    open_assessment(sw_page, url + "de/calculators/assessment/")  # a repeat visit
    served = sw_page.evaluate(WASM_SERVED)
    assert served == {"type": "application/wasm", "matched": "cache", "final": "cache"}

    sw_page.context.set_offline(True)
    sw_page.reload()
    root = sw_page.locator("[data-calculator=assessment]")
    expect(root).to_have_attribute("data-engine", "ready", timeout=ENGINE_TIMEOUT)
    assert sw_page.locator("html").get_attribute("lang") == "de"
    sw_page.locator(".pb-form input[type=radio]").first.check()
    expect(sw_page.locator('[data-role="summary"]')).to_contain_text(
        GERMAN["assessment.summary"].split("{")[0].strip()
    )
