"""Each way the in-browser engine can fail is said in words on the page (the status line), and
the answers given before stay: the runtime blocked, the lock file missing, a policy that forbids
WebAssembly, a runtime that never arrives (the page's engine timeout)."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from tests.browser.served_copy import SHORT_PAGE, Served, copy_site, site_policy

pytestmark = pytest.mark.browser
SHORT_TIMEOUT_MS = 3_000  # the copied page's engine timeout, for the stalled-runtime case
WAIT = 60_000  # ms; a bound on waiting for the page to give up, never a measurement


@pytest.fixture(scope="module")
def site_copy(built_site, tmp_path_factory):
    return copy_site(
        built_site, tmp_path_factory.mktemp("failures") / "site", timeout_ms=SHORT_TIMEOUT_MS
    )


@pytest.fixture(scope="module")
def question(built_site):
    bundle = next(built_site.glob("assets/engine/rubrics-*.json"))
    return json.loads(bundle.read_text())["maturity"]["questions"][1]


def answer_then_expect_failure(page, url, question, words):
    """Answer one question at once, then wait for the status to give up in ``words``."""
    page.goto(url)
    # The page's script has bound (an answer given before is held and given after, see
    # test_early_input.py): the reload below checks what this test is about.
    expect(page.locator("[data-calculator=assessment]")).to_have_attribute("data-script", "bound")
    radio = page.locator(
        f'input[name="{question["id"]}"][value="{question["options"][1]["value"]}"]'
    )
    radio.check()
    status = page.locator('[data-role="status"]')
    expect(status).to_contain_text(words, timeout=WAIT)
    expect(status).to_contain_text("answers are kept")
    expect(status).to_have_attribute("data-kind", "error")
    expect(page.locator("[data-calculator=assessment]")).to_have_attribute("data-engine", "failed")
    expect(radio).to_be_checked()
    page.reload()  # and the answer was saved in this browser
    expect(radio).to_be_checked()


def test_runtime_blocked(page, context, site_url, question):
    """The WebAssembly runtime's download is refused."""
    context.route(re.compile(r".*/pyodide\.asm\.wasm$"), lambda route: route.abort())
    answer_then_expect_failure(
        page, site_url + "calculators/assessment/", question, "could not load"
    )


def test_lock_file_missing(page, context, site_url, question):
    """The calculators' lock file answers 404."""
    context.route(
        re.compile(r".*/calculators-[0-9a-f]+/pyodide-lock\.json$"),
        lambda route: route.fulfill(status=404, body="not found"),
    )
    answer_then_expect_failure(
        page, site_url + "calculators/assessment/", question, "could not load"
    )


def test_policy_without_wasm_eval(page, site_copy, question):
    """The page is served with a Content Security Policy that forbids compiling WebAssembly."""
    policy = site_policy(site_copy).replace(" 'wasm-unsafe-eval'", "")
    server = Served(site_copy, {"Content-Security-Policy": policy})
    try:
        answer_then_expect_failure(
            page, server.url + "calculators/assessment/", question, "could not load"
        )
    finally:
        server.close()


def test_runtime_never_arrives(page, context, site_copy, question):
    """The runtime's download never completes: the page's engine timeout gives up in words."""
    stalled: list = []
    context.route(re.compile(r".*/pyodide\.asm\.wasm$"), lambda route: stalled.append(route))
    server = Served(site_copy, {})
    try:
        answer_then_expect_failure(page, server.url + SHORT_PAGE, question, "did not start within")
        assert stalled, "the runtime was never requested"
    finally:
        for route in stalled:
            route.abort()
        server.close()
