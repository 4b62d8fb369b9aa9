"""A calculator page starts its engine from <head> (engine.js, async, with the engine's files in
a <meta>), and the calculator then takes that engine over: one worker, ready, whatever ran first."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
ENGINE_TIMEOUT = 90_000  # ms: a bound on waiting, never a measurement


def test_a_calculator_page_starts_one_engine_from_its_head(page, site_url):
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
