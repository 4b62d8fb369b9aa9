"""The site under its own Content Security Policy, sent as a real HTTP header: the assessment
works with no violation; without 'wasm-unsafe-eval' the page says the engine could not load."""

from __future__ import annotations

import json
import re
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import LOOPBACK
from tests.browser.served_copy import REPORT_PATH, Served, copy_site, site_policy

pytestmark = pytest.mark.browser
ENGINE_TIMEOUT = 90_000  # ms; only a bound on waiting, never a measurement
# Heard by the page itself; violations in the worker come as reports to the server.
LISTEN = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) =>
  window.__violations.push(`${e.effectiveDirective} blocked ${e.blockedURI} in ${e.sourceFile}`));
"""


@pytest.fixture
def page(browser):  # replaces conftest's routed page for this module
    """A page in a context with no request routing: Chromium does not deliver CSP reports for
    routed requests. Requests are watched instead of aborted (the policy blocks offsite ones)."""
    context = browser.new_context()
    offsite: list[str] = []
    context.on(
        "request",
        lambda r: (
            offsite.append(r.url)
            if urlparse(r.url).scheme not in ("data", "blob")
            and urlparse(r.url).hostname not in LOOPBACK
            else None
        ),
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert offsite == [], f"requests left loopback: {offsite}"
    assert errors == [], f"uncaught errors in the page: {errors}"


@pytest.fixture(scope="module")
def site_copy(built_site, tmp_path_factory):
    return copy_site(built_site, tmp_path_factory.mktemp("csp") / "site", timeout_ms=20_000)


def served(site, policy):
    return Served(site, {"Content-Security-Policy": f"{policy}; report-uri {REPORT_PATH}"})


def console_csp(page) -> list[str]:
    messages: list[str] = []
    page.on(
        "console",
        lambda m: messages.append(m.text) if "Content Security Policy" in m.text else None,
    )
    return messages


def test_assessment_journey_runs_under_the_policy_with_no_violation(page, site_copy, maturity):
    """With the site's policy as a header, answering every question gives an overall level,
    the chart draws and the export downloads."""
    server = served(site_copy, site_policy(site_copy))
    try:
        messages = console_csp(page)
        page.add_init_script(LISTEN)
        page.goto(server.url + "calculators/assessment/")
        root = page.locator("[data-calculator=assessment]")
        expect(root).to_have_attribute("data-engine", "ready", timeout=ENGINE_TIMEOUT)
        for q in maturity["questions"]:
            if not q.get("retired"):
                page.check(f'input[name="{q["id"]}"][value="{q["options"][-1]["value"]}"]')
        summary = page.locator('[data-role="summary"]')
        expect(summary).to_have_text(re.compile(r"Overall level: L5 [^(]*\.$"))
        expect(page.locator("[data-role=radar] svg")).to_be_visible()
        with page.expect_download() as download:  # a blob: URL followed by an <a download>
            page.click('button[data-action="export-json"]')
        assert json.loads(download.value.path().read_text())["answers"]
        page.wait_for_load_state("networkidle")
        assert page.evaluate("window.__violations") == []
        assert messages == []
        assert server.reports == [], server.reports
    finally:
        server.close()


def test_home_page_and_search_run_under_the_policy(page, site_copy):
    """Material's own scripts (palette, search worker) run: the policy lists their hashes."""
    server = served(site_copy, site_policy(site_copy))
    try:
        page.add_init_script(LISTEN)
        page.goto(server.url)
        page.keyboard.press("/")  # Material focuses search; typing runs its search worker
        page.keyboard.type("governance")
        expect(page.locator(".md-search-result__item").first).to_be_visible(timeout=30_000)
        assert page.evaluate("window.__violations") == []
        assert server.reports == [], server.reports
    finally:
        server.close()


def test_policy_without_wasm_eval_says_the_engine_could_not_load(page, site_copy, maturity):
    """Pyodide cannot compile without 'wasm-unsafe-eval': the page says so and keeps answers."""
    policy = site_policy(site_copy).replace(" 'wasm-unsafe-eval'", "")
    assert "wasm-unsafe-eval" not in policy
    server = served(site_copy, policy)
    try:
        page.goto(server.url + "calculators/assessment/")
        q = maturity["questions"][2]
        radio = page.locator(f'input[name="{q["id"]}"][value="{q["options"][1]["value"]}"]')
        radio.check()
        status = page.locator('[data-role="status"]')
        expect(status).to_contain_text("could not load", timeout=30_000)
        expect(status).to_contain_text("answers are kept")
        expect(page.locator("[data-calculator=assessment]")).to_have_attribute(
            "data-engine", "failed"
        )
        expect(radio).to_be_checked()
        # The browser sends the worker's report on its own schedule: wait for it (a bound only).
        for _ in range(100):
            if any(r.get("blocked-uri") == "wasm-eval" for r in server.reports):
                break
            page.wait_for_timeout(100)
        assert any(r.get("blocked-uri") == "wasm-eval" for r in server.reports), server.reports
    finally:
        server.close()
