"""The browser checks the wheel against the sha256 in pyodide-lock.json before importing it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.conftest import serve, site_with_changed_wheel

pytestmark = pytest.mark.browser


def test_a_changed_wheel_is_refused_and_the_page_says_so(page, built_site, tmp_path):
    """A wheel whose bytes differ from the lock file's hash never runs; answers stay."""
    copy = site_with_changed_wheel(
        built_site,
        tmp_path / "site",
        "calculators/_maturity.py",
        lambda data: data + b"\n# tampered\n",
    )
    url, server = serve(copy)
    try:
        page.goto(url + "calculators/assessment/")
        radio = page.locator(".pb-form input[type=radio]").first
        radio.check()
        status = page.locator('[data-role="status"]')
        # engine-wheel.js hashes the wheel before Python may import from it.
        expect(status).to_contain_text("the calculators package did not install", timeout=90_000)
        expect(status).to_contain_text("does not match the sha256 in its lock file")
        expect(radio).to_be_checked()
    finally:
        server.shutdown()
        server.server_close()
