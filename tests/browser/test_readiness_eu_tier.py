"""The readiness page asks the pilot's EU AI Act risk tier and lists what it brings, with dates."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from .conftest import export_json, guarded_context, watched_page
from .test_assessment_journey import ENGINE_TIMEOUT, wait_ready

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


PAGE = "calculators/readiness/"
ANNEX_III = 'input[name="eu_tier"][value="high_risk_annex_iii"]'
TRANSPARENCY = 'input[name="eu_tier"][value="transparency"]'


def open_ready(page, site_url):
    page.goto(site_url + PAGE)
    expect(page.locator("[data-calculator=readiness]")).to_have_attribute(
        "data-engine", "ready", timeout=ENGINE_TIMEOUT
    )


def obligation(page, obligation_id):
    return page.locator(f'[data-role="eu-tier-result"] li[data-obligation="{obligation_id}"]')


def test_the_picked_day_decides_which_obligations_apply(page, site_url):
    """Before 2 August 2026 the Annex III duties do not apply yet, on and after it they do; the
    field starts on the reader's own day; a bad day is named by its label next to the field."""
    open_ready(page, site_url)
    day = page.locator("#pb-eu-on")
    local_today = page.evaluate(
        "() => { const d = new Date(); return `${d.getFullYear()}-${String(d.getMonth() + 1)"
        ".padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`; }"
    )
    expect(day).to_have_value(local_today)
    page.check(ANNEX_III)
    art_4, art_9 = obligation(page, "art_4_ai_literacy"), obligation(page, "art_9_risk_management")
    expect(art_9).to_have_count(1, timeout=ENGINE_TIMEOUT)
    day.fill("2026-07-01")
    expect(art_9).to_have_attribute("data-applies", "no")
    expect(art_9).to_contain_text("does not apply yet on this day (from ")  # the reader's locale
    expect(art_9).to_contain_text("2026, Art. 113")
    expect(art_4).to_have_attribute("data-applies", "yes")
    expect(page.locator('[data-role="eu-on-said"]')).to_contain_text("July")
    day.fill("2026-08-02")  # the boundary day itself
    expect(art_9).to_have_attribute("data-applies", "yes")
    expect(art_9).to_contain_text("applies on this day (since ")
    expect(art_9).to_contain_text("2026, Art. 113")
    expect(art_9).to_contain_text("not confirmed in the Official Journal")
    expect(art_9.locator("a")).to_contain_text("Digital Omnibus")  # the moved date's source
    expect(art_9).not_to_contain_text(",https:")
    error = page.locator("#pb-eu-on-error")
    expect(error).to_be_hidden()
    page.evaluate(
        "() => { const d = document.querySelector('#pb-eu-on'); d.value = '';"
        " d.dispatchEvent(new Event('change', { bubbles: true })); }"
    )
    expect(error).to_be_visible()
    expect(error).to_contain_text("'What applies on' must be a calendar date, YYYY-MM-DD")
    expect(day).to_have_attribute("aria-invalid", "true")
    day.fill("2027-01-01")
    expect(error).to_be_hidden()
    expect(art_9).to_have_attribute("data-applies", "yes")


def test_the_tier_is_kept_per_pilot_and_travels_in_the_export(page, site_url, browser, tmp_path):
    """Each pilot keeps its own tier through a reload and an export; the importer takes it back,
    refuses an unknown tier with the reason, and still takes an export without tiers."""
    open_ready(page, site_url)
    page.fill("#pb-pilot-name", "Invoice triage")
    page.check(ANNEX_III)
    page.click('button[data-action="new-pilot"]')
    page.keyboard.type("Claims bot")
    expect(page.locator(ANNEX_III)).not_to_be_checked()
    page.check(TRANSPARENCY)
    expect(obligation(page, "art_50_transparency").first).to_be_attached(timeout=ENGINE_TIMEOUT)
    page.reload()
    wait_ready(page)
    expect(page.locator(TRANSPARENCY)).to_be_checked()
    page.select_option('[data-role="pilot-select"]', label="Invoice triage")
    expect(page.locator(ANNEX_III)).to_be_checked()
    expect(obligation(page, "art_9_risk_management")).to_have_count(1, timeout=ENGINE_TIMEOUT)
    exported = export_json(page, tmp_path / "pilots.json")
    assert [(p["pilot"], p["eu_tier"]) for p in exported["pilots"]] == [
        ("Invoice triage", "high_risk_annex_iii"),
        ("Claims bot", "transparency"),
    ]
    bad = json.loads(json.dumps(exported))
    bad["pilots"][0]["eu_tier"] = "high"
    (tmp_path / "bad.json").write_text(json.dumps(bad))
    old = json.loads(json.dumps(exported))
    for p in old["pilots"]:
        del p["eu_tier"]
        p["pilot"] += " (old)"
    (tmp_path / "old.json").write_text(json.dumps(old))

    with guarded_context(browser, service_workers="block") as fresh, watched_page(fresh) as other:
        open_ready(other, site_url)
        notice = other.locator('[data-role="notice"]')
        other.set_input_files('input[data-action="import"]', str(tmp_path / "bad.json"))
        expect(notice).to_contain_text("The file bad.json was refused: pilot 'Invoice triage':")
        expect(notice).to_contain_text("'EU AI Act risk tier' must be one of")
        expect(notice).to_contain_text("(got 'high')")
        other.set_input_files('input[data-action="import"]', str(tmp_path / "pilots.json"))
        expect(notice).to_contain_text("Added 2 of 2 pilots from the file pilots.json")
        expect(other.locator(ANNEX_III)).to_be_checked()
        art_9 = obligation(other, "art_9_risk_management")
        expect(art_9).to_have_count(1, timeout=ENGINE_TIMEOUT)
        other.select_option('[data-role="pilot-select"]', label="Claims bot")
        expect(other.locator(TRANSPARENCY)).to_be_checked()
        other.set_input_files('input[data-action="import"]', str(tmp_path / "old.json"))
        expect(notice).to_contain_text("Added 2 of 2 pilots from the file old.json")
        expect(other.locator('input[name="eu_tier"]:checked')).to_have_count(0)
        expect(other.locator('[data-role="eu-tier-result"] li')).to_have_count(0)


def test_the_share_link_carries_the_tier(page, site_url, context, browser):
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    open_ready(page, site_url)
    page.fill("#pb-pilot-name", "Chat helper")
    page.check(TRANSPARENCY)
    page.click('button[data-action="share"]')
    link = page.locator('[data-role="share-link"]').input_value()
    with guarded_context(browser, service_workers="block") as fresh, watched_page(fresh) as other:
        other.goto(link)
        wait_ready(other)
        expect(other.locator(TRANSPARENCY)).to_be_checked(timeout=ENGINE_TIMEOUT)
        expect(obligation(other, "art_50_transparency").first).to_be_attached(
            timeout=ENGINE_TIMEOUT
        )
