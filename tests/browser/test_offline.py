"""A calculator opened once keeps working offline (the site's service worker, sw.js)."""

from __future__ import annotations

import shutil

import pytest
from playwright.sync_api import expect

from tests.conftest import serve

from .served_copy import site_policy

pytestmark = pytest.mark.browser
ENGINE_TIMEOUT = 90_000

# What the service worker holds (request URLs in its cache).
CACHED = """async () => (await (await caches.open("playbook-offline")).keys()).map((r) => r.url)"""


@pytest.fixture
def site_copy(built_site, tmp_path):
    """A copy of the built site on its own server, free to change, sending the site's policy as
    a header (a service worker obeys its script's header, not the pages' <meta>)."""
    copy = tmp_path / "site"
    shutil.copytree(built_site, copy)
    url, server = serve(copy, {"Content-Security-Policy": site_policy(copy)})
    yield copy, url
    server.shutdown()
    server.server_close()


def wait_until_kept(page):
    """The calculator says when the service worker holds every file it used (data-offline)."""
    expect(page.locator("[data-calculator=assessment]")).to_have_attribute(
        "data-offline", "kept", timeout=ENGINE_TIMEOUT
    )
    assert page.evaluate("!!navigator.serviceWorker.controller")
    cached = page.evaluate(CACHED)
    for part in (
        "pyodide.asm.wasm",
        "pyodide.asm.mjs",
        "/snapshot-",
        "/python_stdlib-",  # the snapshot start's standard library (not Pyodide's whole one)
        ".whl",
        "engine-worker.js",
    ):
        assert any(part in url for url in cached), part


def open_calculator(page, url: str) -> None:
    page.goto(url + "calculators/assessment/")
    expect(page.locator("[data-calculator=assessment]")).to_have_attribute(
        "data-engine", "ready", timeout=ENGINE_TIMEOUT
    )


def test_the_assessment_works_offline_after_one_visit(sw_page, site_copy):
    _, url = site_copy
    open_calculator(sw_page, url)
    wait_until_kept(sw_page)
    sw_page.context.set_offline(True)
    sw_page.reload()
    expect(sw_page.locator("[data-calculator=assessment]")).to_have_attribute(
        "data-engine", "ready", timeout=ENGINE_TIMEOUT
    )
    sw_page.locator(".pb-form input[type=radio]").first.check()
    expect(sw_page.locator('[data-role="summary"]')).to_contain_text("Overall level")


def test_online_the_page_comes_fresh_from_the_site(sw_page, site_copy):
    """Network first: a rebuilt page shows at once; the copy kept for offline follows it."""
    site, url = site_copy
    open_calculator(sw_page, url)
    wait_until_kept(sw_page)
    page_file = site / "calculators" / "assessment" / "index.html"
    html = page_file.read_text()
    assert "Answer at your own pace" in html
    page_file.write_text(
        html.replace("Answer at your own pace", "Rebuilt: answer at your own pace")
    )
    sw_page.reload()
    status = sw_page.locator('[data-role="status"]')
    expect(status).to_contain_text("Rebuilt: answer", timeout=ENGINE_TIMEOUT)
    sw_page.context.set_offline(True)
    sw_page.reload()
    expect(sw_page.locator("h1")).to_be_visible()
    assert "Rebuilt: answer" in sw_page.content()


# On a repeat visit: the runtime's WebAssembly as the page gets it, and who answered (Resource
# Timing's static-router fields; empty when the service worker's fetch handler was asked).
WASM_SERVED = """async () => {
    const meta = document.querySelector('meta[name="playbook-engine"]');
    const core = new URL(meta.dataset.enginePyodide, document.baseURI);
    const wasm = new URL("pyodide.asm.wasm", core).href;
    const response = await fetch(wasm);
    await response.arrayBuffer();
    const entry = performance.getEntriesByName(wasm).at(-1);
    return {
        type: response.headers.get("content-type"),
        matched: entry.workerMatchedSourceType || null,
        final: entry.workerFinalSourceType || null,
    };
}"""


def test_a_repeat_visit_gets_the_runtime_from_the_copy_without_waking_the_worker(
    sw_page, site_copy
):
    """Regression: with sw.js, repeat visits were slower than with service workers blocked (every
    runtime file waited for the worker's fetch handler). The browser's static router now serves
    the versioned files from the copy itself, as application/wasm (so Chromium may reuse the
    compiled WebAssembly)."""
    _, url = site_copy
    open_calculator(sw_page, url)
    wait_until_kept(sw_page)
    open_calculator(sw_page, url)
    assert sw_page.evaluate(WASM_SERVED) == {
        "type": "application/wasm",
        "matched": "cache",
        "final": "cache",
    }


# How the page itself was served (Resource Timing's static-router fields for the navigation).
NAVIGATION_SERVED = """() => {
    const entry = performance.getEntriesByType("navigation")[0];
    return {matched: entry.workerMatchedSourceType || null, final: entry.workerFinalSourceType || null};
}"""


def test_a_repeat_visit_races_the_network_for_the_page(sw_page, site_copy):
    """A page no longer waits for the service worker to start: the browser's static router
    races the network against its fetch handler (which still refreshes the copy, and answers
    offline: the tests above)."""
    _, url = site_copy
    open_calculator(sw_page, url)
    wait_until_kept(sw_page)
    open_calculator(sw_page, url)
    served = sw_page.evaluate(NAVIGATION_SERVED)
    assert served["matched"] == "race-network-and-fetch-handler", served
    assert served["final"] in ("network", "fetch-event"), served
