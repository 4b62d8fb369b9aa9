"""The browser checks the wheel against the sha256 in pyodide-lock.json before importing it."""

from __future__ import annotations

import shutil
import zipfile

import pytest
from playwright.sync_api import expect

from tests.conftest import serve

pytestmark = pytest.mark.browser


def test_a_changed_wheel_is_refused_and_the_page_says_so(page, built_site, tmp_path):
    """A wheel whose bytes differ from the lock file's hash never runs; answers stay."""
    copy = tmp_path / "site"
    shutil.copytree(built_site, copy)
    wheel = next(copy.glob("assets/engine/calculators-*/*.whl"))
    tampered = wheel.with_suffix(".tmp")
    with zipfile.ZipFile(wheel) as src, zipfile.ZipFile(tampered, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "calculators/_maturity.py":
                data += b"\n# tampered\n"
            dst.writestr(item, data)
    tampered.replace(wheel)
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
