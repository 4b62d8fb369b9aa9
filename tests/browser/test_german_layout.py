"""The German build at phone width (390 px): its longer words stay inside the page (issue 17).
German level labels are longer than the English ones; the overall level's badge in the result
heading did not wrap and pushed the page wider than the screen."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from playwright.sync_api import expect

from .test_assessment_journey import ENGINE_TIMEOUT, answer_all, wait_ready
from .test_language_journey import german_url  # noqa: F401 (the German site, as a fixture)

pytestmark = pytest.mark.browser
# The questions and answer values are upstream's in every language (no English build needed).
MATURITY = yaml.safe_load(
    (Path(__file__).resolve().parents[2] / "rubrics" / "maturity.yaml").read_text("utf-8")
)


def overflow(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_the_german_result_fits_a_phone(page, german_url):  # noqa: F811
    """Level 2 ("Wiederholbare Pilotprojekte") in the result heading, and the coverage section,
    fit 390 px without scrolling sideways; the NIST and ISO tables scroll inside their region."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(german_url + "calculators/assessment/")
    wait_ready(page)
    answer_all(page, MATURITY, lambda options: options[1])
    badge = page.locator('[data-role="overall"] h2 .pb-badge')
    expect(badge).to_have_attribute("data-level", "2", timeout=ENGINE_TIMEOUT)
    expect(page.locator('[data-role="coverage"]')).to_be_visible(timeout=ENGINE_TIMEOUT)
    assert overflow(page) <= 0
    page.goto(german_url + "playbook/regulation/")
    expect(page.locator("#govern_1_1")).to_contain_text("Die rechtlichen und regulatorischen")
    expect(page.locator("#a_2_2")).to_contain_text("KI-Richtlinie")
    assert overflow(page) <= 0
