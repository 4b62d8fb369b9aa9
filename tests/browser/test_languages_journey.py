"""A reader of the two-language site (PLAYBOOK_LANGUAGES=en,de) on the English ROI page switches
to German with the language selector and lands on the German ROI page, whose engine starts;
nothing leaves loopback (the context's guard)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.build.test_language import GERMAN

from .test_assessment_journey import ENGINE_TIMEOUT

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
