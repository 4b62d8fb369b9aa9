"""The assessment result's "Regulation and standards" section, computed by Pyodide from the
crosswalk: it follows the answers, links each item to the regulation page, exports CSV."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from .test_assessment_journey import ENGINE_TIMEOUT, answer_all

pytestmark = pytest.mark.browser


def test_coverage_section_follows_the_answers_and_links_to_the_items(
    page, site_url, maturity, tmp_path
):
    """Lowest answers leave Art. 4 a gap with the step that closes it; top answers support it;
    the item links to its row on the regulation page; the CSV has a row per item."""
    page.goto(site_url + "calculators/assessment/")
    root = page.locator("[data-calculator=assessment]")
    expect(root).to_have_attribute("data-engine", "ready", timeout=ENGINE_TIMEOUT)
    answer_all(page, maturity, lambda options: options[0])
    section = page.locator('[data-role="coverage"]')
    expect(section).to_be_visible(timeout=ENGINE_TIMEOUT)
    eu = section.locator("details", has_text="EU AI Act")
    eu.locator("summary").click()
    gap = eu.locator('.pb-coverage__gaps > li[data-item="art_4_ai_literacy"]')
    expect(gap).to_contain_text('Raise "How are people trained')
    expect(gap).to_contain_text("to L4 (now L1)")
    link = gap.locator("a").first
    assert link.get_attribute("href").endswith("/playbook/regulation/#art_4_ai_literacy")
    with page.expect_download() as download:
        section.locator('button[data-action="export-coverage-csv"]').click()
    download.value.save_as(tmp_path / "coverage.csv")
    rows = (tmp_path / "coverage.csv").read_text("utf-8").strip().splitlines()
    assert rows[0] == "framework,item_id,ref,title,status,to_close"
    assert any(r.startswith("EU AI Act,art_4_ai_literacy,Art. 4,") and ",gaps," in r for r in rows)
    answer_all(page, maturity, lambda options: options[-1])
    supported = section.locator(
        'details:has-text("EU AI Act") .pb-coverage__supported li[data-item="art_4_ai_literacy"]'
    )
    expect(supported).to_have_count(1, timeout=ENGINE_TIMEOUT)
    page.goto(site_url + "playbook/regulation/#art_4_ai_literacy")
    expect(page.locator('tr[id="art_4_ai_literacy"]')).to_contain_text("Art. 4")
