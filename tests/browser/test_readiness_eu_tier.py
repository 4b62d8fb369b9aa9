"""The readiness page asks the pilot's EU AI Act risk tier and lists what it brings, with dates."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .test_assessment_journey import ENGINE_TIMEOUT

pytestmark = pytest.mark.browser


def test_picking_a_tier_lists_its_obligations_and_dates(page, site_url):
    """Annex III lists Art. 9 with its Art. 113 date; Don't know lists only Art. 4."""
    page.goto(site_url + "calculators/readiness/")
    root = page.locator("[data-calculator=readiness]")
    expect(root).to_have_attribute("data-engine", "ready", timeout=ENGINE_TIMEOUT)
    result = page.locator('[data-role="eu-tier-result"]')
    page.check('input[name="eu_tier"][value="high_risk_annex_iii"]')
    art_9 = result.locator('li[data-obligation="art_9_risk_management"]')
    expect(art_9).to_contain_text("2026", timeout=ENGINE_TIMEOUT)
    expect(art_9).to_contain_text("not confirmed in the Official Journal")
    page.check('input[name="eu_tier"][value="dont_know"]')
    expect(result.locator("li")).to_have_count(1)
    expect(result.locator('li[data-obligation="art_4_ai_literacy"]')).to_have_count(1)
    expect(result).to_contain_text("Tier not known yet")
