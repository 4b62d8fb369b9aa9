"""Playwright for Python driving Debian's Chromium against the built site on loopback.

Every request is checked: anything that is not for 127.0.0.1 is aborted and recorded, and the
test fails. Chromium is started without background networking so it calls nobody by itself.
"""

from __future__ import annotations

import contextlib
import json
import shutil
from pathlib import Path
from urllib.parse import urlparse

import pytest

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",  # containers (the deploy workflows run in one) give /dev/shm 64 MB
]
LOOPBACK = {"127.0.0.1", "localhost", "[::1]", "::1"}


def find_chromium() -> str | None:
    """Debian's Chromium, or None (the tests and the benchmark drive the same browser)."""
    return shutil.which("chromium") or shutil.which("chromium-browser")


def chromium_path() -> str:
    path = find_chromium()
    if not path:
        pytest.fail(
            "Debian's Chromium is missing: run `make test` (it installs it) or `apt-get install chromium`"
        )
    return path


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(
            executable_path=chromium_path(), args=CHROMIUM_ARGS, headless=True
        )
        yield instance
        instance.close()


class OffsiteGuard:
    """Records every request that would leave loopback (and aborts it)."""

    def __init__(self):
        self.offsite: list[str] = []

    def route(self, route):
        url = route.request.url
        scheme = urlparse(url).scheme
        host = urlparse(url).hostname or ""
        if scheme in ("data", "blob") or host in LOOPBACK:
            route.continue_()
        else:
            self.offsite.append(url)
            route.abort()


@contextlib.contextmanager
def guarded_context(browser, **options):
    """A browser context whose every request is checked to stay on loopback (checked again when
    it closes)."""
    guard = OffsiteGuard()
    ctx = browser.new_context(**options)
    ctx.route("**/*", guard.route)
    ctx.guard = guard
    try:
        yield ctx
    finally:
        ctx.close()
    assert guard.offsite == [], f"requests left loopback: {guard.offsite}"


@contextlib.contextmanager
def watched_page(context):
    """A page of ``context`` that fails the test on any uncaught error in it."""
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.errors = errors
    yield page
    assert errors == [], f"uncaught errors in the page: {errors}"


@pytest.fixture
def context(browser):
    # No service worker here: requests it makes would bypass the routes these tests set (and the
    # offsite guard). test_offline.py runs the site's service worker.
    with guarded_context(browser, service_workers="block") as ctx:
        yield ctx


@pytest.fixture
def page(context):
    with watched_page(context) as page:
        yield page


@pytest.fixture
def sw_page(browser):
    """A page whose context lets the site register its service worker (test_offline.py and
    the two-language journey run it; the other tests block it, see ``context``)."""
    with (
        guarded_context(browser, service_workers="allow") as context,
        watched_page(context) as page,
    ):
        yield page


@pytest.fixture(scope="session")
def rubric_bundle(built_site) -> dict:
    """The rubrics as the built site serves them to the engine."""
    return json.loads(next(built_site.glob("assets/engine/rubrics-*.json")).read_text())


@pytest.fixture(scope="session")
def maturity(rubric_bundle) -> dict:
    return rubric_bundle["maturity"]


@pytest.fixture(scope="session")
def defaults(rubric_bundle) -> dict:
    """The ROI calculator's default case."""
    return rubric_bundle["kpis"]["roi_defaults"]


def export_json(page, dest: Path) -> dict:
    """Click the calculator's "Export JSON", save the download to ``dest``; its content."""
    with page.expect_download() as download:
        page.click('button[data-action="export-json"]')
    download.value.save_as(dest)
    return json.loads(dest.read_text())
