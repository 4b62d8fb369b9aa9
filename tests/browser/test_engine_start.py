"""A calculator page names its engine's files in a <meta> of its <head> (and preloads engine.js);
the engine starts when the calculator binds, which takes it over: one worker, ready."""

from __future__ import annotations

import functools
import gzip
import http.server
import re
import threading

import pytest
from playwright.sync_api import expect

from tests.conftest import _Handler, relock_wheel, serve, site_with_changed_wheel

pytestmark = pytest.mark.browser
ENGINE_TIMEOUT = 90_000  # ms: a bound on waiting, never a measurement


def test_a_calculator_page_starts_one_engine(page, site_url):
    """Loaded directly, the assessment page runs one engine worker, and it becomes ready."""
    workers: list[str] = []
    page.on("worker", lambda worker: workers.append(worker.url))
    page.goto(site_url + "calculators/assessment/")
    assert page.locator('head meta[name="playbook-engine"][data-engine-pyodide]').count() == 1
    expect(page.locator("[data-calculator=assessment]")).to_have_attribute(
        "data-engine", "ready", timeout=ENGINE_TIMEOUT
    )
    assert len([url for url in workers if "engine-worker" in url]) == 1, workers


def test_a_page_without_a_calculator_starts_no_engine(page, site_url):
    """The home page has no engine <meta> and starts no worker."""
    workers: list[str] = []
    page.on("worker", lambda worker: workers.append(worker.url))
    page.goto(site_url)
    page.wait_for_load_state("networkidle")
    assert page.locator('meta[name="playbook-engine"]').count() == 0
    assert not [url for url in workers if "engine-worker" in url], workers


# How the page's engine started, from the engine module the page itself imported.
ENGINE_START = """async () => {
  const entry = document.querySelector('script[src*="javascripts/calculators.js"]').src;
  const { getEngine } = await import(new URL("engine.js", entry).href);
  const engine = getEngine(document.querySelector("[data-calculator]"));
  await engine.ready;
  return engine.start;
}"""
SNAPSHOT = re.compile(r".*/pyodide-[^/]+/snapshot-[0-9a-f]+\.bin\.gz$")


def assess_one(page, maturity) -> None:
    """Answer one question and see the engine's result: the started engine computes."""
    question = maturity["questions"][0]
    page.locator(
        f'input[name="{question["id"]}"][value="{question["options"][-1]["value"]}"]'
    ).check()
    expect(page.locator('[data-role="summary"]')).to_have_text(
        re.compile(r"Overall level: L[1-5] "), timeout=ENGINE_TIMEOUT
    )


def test_the_engine_starts_from_the_builds_snapshot(page, site_url, maturity):
    """The worker restores Pyodide's start-up memory from the build's snapshot, then computes."""
    snapshots: list[str] = []
    page.on("request", lambda r: snapshots.append(r.url) if SNAPSHOT.match(r.url) else None)
    page.goto(site_url + "calculators/assessment/")
    assert page.evaluate(ENGINE_START) == "snapshot"
    assert len(snapshots) == 1, snapshots
    assess_one(page, maturity)


def gzipped(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


# The ways a snapshot can fail to help: each leaves the plain start-up, and the calculator works.
BAD_SNAPSHOTS = {
    "blocked": (lambda route: route.abort(), "snapshot not used"),
    "missing": (lambda route: route.fulfill(status=404, body="gone"), "HTTP 404"),
    "not gzip": (lambda route: route.fulfill(status=200, body=b"\x00" * 64), "snapshot not used"),
    "not a snapshot": (
        lambda route: route.fulfill(status=200, body=gzipped(b"\x01" * 4096)),
        "snapshot not used",
    ),
}


@pytest.mark.parametrize("how", list(BAD_SNAPSHOTS))
def test_without_a_usable_snapshot_the_engine_starts_the_plain_way(
    page, context, site_url, maturity, how
):
    """The snapshot blocked, missing, not gzip or not Pyodide's memory: the worker says why it
    did not use it and starts Pyodide the plain way; the calculator works."""
    handler, words = BAD_SNAPSHOTS[how]
    context.route(SNAPSHOT, lambda route: handler(route))
    page.goto(site_url + "calculators/assessment/")
    start = page.evaluate(ENGINE_START)
    assert start.startswith("plain (snapshot not used: "), start
    assert words in start, start
    expect(page.locator("[data-calculator=assessment]")).to_have_attribute("data-engine", "ready")
    assess_one(page, maturity)


class _UnzippingHostHandler(_Handler):
    """A host that serves the snapshot's .gz with "Content-Encoding: gzip", as some do."""

    def end_headers(self):
        if SNAPSHOT.match(self.path):
            self.send_header("Content-Encoding", "gzip")
        super().end_headers()


@pytest.fixture
def unzipping_host(built_site):
    """The built site on its own loopback server, whose snapshot the browser unzips itself.

    Served by a test server rather than a Playwright route: a 31 MB body pushed through a route
    took longer than a page load may on a loaded machine.
    """
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_UnzippingHostHandler, directory=str(built_site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


def test_a_snapshot_that_arrives_unzipped_is_used(page, unzipping_host):
    """A host that sends the .gz with "Content-Encoding: gzip" has the browser unzip it: the
    worker sees the snapshot itself, not gzip, and uses it as it is."""
    sizes: list[str] = []
    page.on(
        "response",
        lambda r: (
            sizes.append(r.headers.get("content-encoding")) if SNAPSHOT.match(r.url) else None
        ),
    )
    page.goto(unzipping_host + "calculators/assessment/")
    assert page.evaluate(ENGINE_START) == "snapshot"
    assert sizes == ["gzip"], sizes


def test_a_reader_who_saves_data_gets_no_snapshot(page, context, site_url, maturity):
    """With the browser's data saver on, the page does not fetch the 6 MB snapshot: Pyodide
    starts the plain way, and says why."""
    snapshots: list[str] = []
    page.on("request", lambda r: snapshots.append(r.url) if SNAPSHOT.match(r.url) else None)
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setDataSaverOverride", {"dataSaverEnabled": True})
    page.goto(site_url + "calculators/assessment/")
    assert page.evaluate("navigator.connection.saveData") is True
    assert page.evaluate(ENGINE_START) == "plain (the browser asks to save data)"
    assert snapshots == []
    assess_one(page, maturity)


def test_a_snapshot_that_holds_another_wheel_is_not_used(page, built_site, tmp_path, maturity):
    """The snapshot holds the calculators already imported: on a site whose wheel was rebuilt
    (its lock file names the new one) but whose snapshot holds the old one, the worker does not
    use the snapshot, says why, and starts the plain way with the new wheel."""
    site = site_with_changed_wheel(
        built_site, tmp_path / "site", "calculators/_maturity.py", lambda data: data + b"\n# new\n"
    )
    relock_wheel(site)
    url, server = serve(site)
    try:
        page.goto(url + "calculators/assessment/")
        start = page.evaluate(ENGINE_START)
        assert start.startswith("plain (snapshot not used: it holds another calculators wheel"), (
            start
        )
        assess_one(page, maturity)
    finally:
        server.shutdown()
        server.server_close()


def test_the_worker_builds_the_pages_number_formats_before_the_engine_is_ready(page, site_url):
    """The engine's worker builds number formats in the page's language as it starts: the browser
    loads their locale data once for the worker and the page alike, so the ROI page's first
    figures no longer load it on the main thread (a long task there before)."""
    page.goto(site_url + "calculators/roi/")
    expect(page.locator("[data-calculator=roi]")).to_have_attribute(
        "data-engine", "ready", timeout=ENGINE_TIMEOUT
    )
    timings = page.evaluate(
        """async () => {
          const entry = document.querySelector('script[src*="javascripts/calculators.js"]').src;
          const { getEngine } = await import(new URL("engine.js", entry).href);
          return getEngine(document.querySelector("[data-calculator]")).timings;
        }"""
    )
    assert "numberFormats" in timings, timings
    assert timings["init"] <= timings["numberFormats"] <= timings["ready"], timings


# Records when the page's own scripts first build a number format on the main thread.
FIRST_FORMAT_PROBE = """
window.__firstFormatAt = null;
const Original = Intl.NumberFormat;
Intl.NumberFormat = new Proxy(Original, {
  construct(target, args) {
    const ours = /\\/assets\\/javascripts\\/(?!bundle\\.)[\\w-]+\\.js/.test(new Error().stack || "");
    if (ours && window.__firstFormatAt === null) window.__firstFormatAt = performance.now();
    return Reflect.construct(target, args);
  },
});
"""
SAVE = "([key, value]) => localStorage.setItem(key, JSON.stringify(value))"
ENGINE_TIMINGS = """async () => {
  const entry = document.querySelector('script[src*="javascripts/calculators.js"]').src;
  const { getEngine } = await import(new URL("engine.js", entry).href);
  return getEngine(document.querySelector("[data-calculator]")).timings;
}"""


@pytest.mark.parametrize("calculator", ["assessment", "readiness"])
def test_saved_answers_show_their_progress_once_the_worker_built_the_number_formats(
    context, site_url, rubric_bundle, calculator
):
    """The page's first number format loads the browser's locale data (tens of ms of one task,
    the binding's, where the progress line wrote its counts): the page waits until the worker
    has built its formats (engine.js ``formats``), then shows the saved answers' progress."""
    if calculator == "assessment":
        rubric = rubric_bundle["maturity"]
        questions = [q for q in rubric["questions"] if not q.get("retired")]
        saved = {"answers": {q["id"]: q["options"][0]["value"] for q in questions[:3]}}
        expected = f"3 of {len(questions)} answered"
    else:
        rubric = rubric_bundle["root_causes"]
        checks = [k["id"] for c in rubric["causes"] for k in c["checks"] if not k.get("retired")]
        saved = {
            "pilots": [{"pilot": "", "answers": dict.fromkeys(checks[:3], "yes")}],
            "current": 0,
        }
        expected = f"3 of {len(checks)} checks answered"
    page = context.new_page()
    page.goto(site_url + f"calculators/{calculator}/")
    page.evaluate(SAVE, [f"playbook:{calculator}:{rubric['id']}", saved])
    context.add_init_script(FIRST_FORMAT_PROBE)
    page.reload()
    expect(page.locator('[data-role="progress-text"]')).to_contain_text(
        expected, timeout=ENGINE_TIMEOUT
    )
    timings = page.evaluate(ENGINE_TIMINGS)
    first = page.evaluate("window.__firstFormatAt")
    assert "formats" in timings, timings
    assert first is not None, "the page wrote no number"
    assert first >= timings["formats"], (first, timings)
