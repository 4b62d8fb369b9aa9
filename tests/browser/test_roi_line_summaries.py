"""The ROI page's cost and benefit lines show their figures and open to be edited (issue 16:
the page rendered every line's full editor at once, ~170 form controls that Chromium's form scan
held a phone's main thread on). Nothing is lost: a closed line's values are in the case, exported
and imported; a bad field in a closed line is shown; every bad field at once."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from calculators import InputError, evaluate_case

from .conftest import export_json
from .test_roi_journey import ENGINE_TIMEOUT, money, open_line, open_roi

pytestmark = pytest.mark.browser
LINES = ", ".join(
    f"[data-lines='{list_}'] > .pb-line"
    for list_ in ("costs", "benefits", "flexibility", "uncertainty")
)
SAVED_KEY = "playbook:roi:kpis"


def shown(value: float, percent: bool) -> str:
    """A closed line's figure: shares in percent, thousands grouped, to be read (0.15 -> "15",
    250000 -> "250,000"; its input shows "250000")."""
    return f"{value * 100:,g}" if percent else f"{value:,g}"


def test_every_lines_editor_was_rendered_at_once(page, site_url, defaults):
    """At first paint no cost, benefit, option or range line holds a form control: each shows
    its figures and an Edit button that says it is collapsed and which editor it opens (a range
    took most of a phone's screen with its five fields)."""
    page.goto(site_url + "calculators/roi/")
    lines = page.locator(LINES)
    count = sum(
        len(defaults.get(k) or []) for k in ("costs", "benefits", "flexibility", "uncertainty")
    )
    expect(lines).to_have_count(count)
    assert page.locator("[data-lines] :is(input, select, textarea)").count() == 0
    for i in range(lines.count()):
        line = lines.nth(i)
        button = line.locator("[data-action='edit-line']")
        expect(button).to_have_attribute("aria-expanded", "false")
        editor = line.get_attribute("id") + "-editor"
        expect(button).to_have_attribute("aria-controls", editor)
        expect(page.locator(f"#{editor}")).to_be_hidden()


def test_summary_did_not_show_the_lines_figures(page, site_url, defaults):
    """Each closed line shows its name and its key figures as its fields hold them (a benefit's
    drivers, a cost's amount and its timing's year); an edit shows in the figures once closed."""
    open_roi(page, site_url)
    for cost in defaults["costs"]:
        line = page.locator(f"#roi-costs-{cost['id']}")
        expect(line.locator("[data-role='line-label']")).to_have_text(cost["label"])
        expect(line.locator("[data-figure='amount']")).to_have_text(shown(cost["amount"], False))
        year = line.locator("[data-figure='year']")
        start = line.locator("[data-figure='start_year']")
        if cost["timing"] == "one_time":
            expect(year).to_be_visible()
            expect(year).to_have_text(str(cost["year"]))
            expect(start).to_be_hidden()
        else:
            expect(year).to_be_hidden()
            expect(start).to_be_visible()
    handle = page.locator("#roi-benefits-handle_time")
    benefit = defaults["benefits"][1]
    expect(handle.locator("[data-figure='volume']")).to_have_text(shown(benefit["volume"], False))
    expect(handle.locator("[data-figure='reduction']")).to_have_text(
        shown(benefit["reduction"], True)
    )
    expect(handle).to_contain_text("Reduction")
    expect(handle.locator("[data-figure='unit_cost']")).to_have_text(
        shown(benefit["unit_cost"], False)
    )

    npv = page.locator('[data-value="npv"]')
    before = npv.text_content()
    open_line(page, "roi-benefits-handle_time")
    expect(handle.locator("[data-role='line-figures']")).to_be_hidden()  # its fields instead
    page.fill("#roi-benefits-handle_time-reduction", "20")
    page.fill("#roi-benefits-handle_time-label", "Faster calls")
    expect(npv).not_to_have_text(before, timeout=ENGINE_TIMEOUT)
    handle.locator("[data-action='close-line']").click()
    expect(handle.locator("[data-figure='reduction']")).to_have_text("20")
    expect(handle.locator("[data-role='line-label']")).to_have_text("Faster calls")
    expect(page.get_by_role("button", name="Edit Faster calls", exact=True)).to_be_focused()

    # A cost made one-time shows its year, not its start year and growth.
    open_line(page, "roi-costs-platform")
    page.select_option("#roi-costs-platform-timing", "one_time")
    page.fill("#roi-costs-platform-year", "2")
    page.locator("#roi-costs-platform [data-action='close-line']").click()
    platform = page.locator("#roi-costs-platform")
    expect(platform.locator("[data-figure='year']")).to_have_text("2")
    expect(platform.locator("[data-figure='start_year']")).to_be_hidden()
    expect(platform.locator("[data-role='line-kind']")).to_contain_text("one-time")


def test_keyboard_could_not_open_and_close_a_line(page, site_url):
    """Enter on Edit opens the line and moves focus to its first field; Escape closes it and
    goes back to Edit; Space opens it again, and Done closes it (focus back on Edit)."""
    open_roi(page, site_url)
    button = page.get_by_role("button", name="Edit Build and integration")
    button.focus()
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#roi-costs-build-label")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator("#roi-costs-build-category")).to_be_focused()
    page.keyboard.press("Escape")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(button).to_be_focused()
    expect(page.locator("#roi-costs-build-label")).to_have_count(0)
    page.keyboard.press("Space")
    expect(page.locator("#roi-costs-build-label")).to_be_focused()
    done = page.get_by_role("button", name="Done Build and integration")
    done.focus()
    page.keyboard.press("Enter")
    expect(button).to_be_focused()
    expect(page.locator("#roi-costs-build-editor")).to_be_hidden()
    # Several lines may be open at once.
    open_line(page, "roi-costs-build")
    open_line(page, "roi-benefits-upsell")
    expect(page.locator("#roi-costs-build-amount")).to_be_visible()
    expect(page.locator("#roi-benefits-upsell-margin")).to_be_visible()


def test_bad_value_in_a_closed_line_was_not_shown(page, site_url, defaults, context):
    """A saved case with a bad amount and a bad margin in two closed lines: both lines open and
    each field says why, at once. Closed again, a line shows its error on its summary (naming the
    field), and Edit goes straight to the bad field."""
    case = json.loads(json.dumps(defaults))
    case["costs"][2]["amount"] = -5000
    case["benefits"][0]["margin"] = "abc"
    with pytest.raises(InputError) as refused:  # the engine's own words for both, from CPython
        evaluate_case(case)
    said = {e["field"]: e["message"] for e in refused.value.errors}
    assert set(said) == {"costs[2].amount", "benefits[0].margin"}
    saved = {"format": "ai-scale-up-playbook/roi-case", "case": case, "valid_case": defaults}
    context.add_init_script(f"localStorage.setItem({SAVED_KEY!r}, {json.dumps(json.dumps(saved))})")
    page.goto(site_url + "calculators/roi/")
    expect(page.locator("[data-calculator=roi]")).to_have_attribute(
        "data-engine", "ready", timeout=ENGINE_TIMEOUT
    )
    amount = page.locator("#roi-costs-platform-amount")
    margin = page.locator("#roi-benefits-upsell-margin")
    expect(page.locator("#roi-costs-platform-amount-error")).to_have_text(
        said["costs[2].amount"], timeout=ENGINE_TIMEOUT
    )
    expect(page.locator("#roi-benefits-upsell-margin-error")).to_have_text(
        said["benefits[0].margin"]
    )
    expect(amount).to_have_attribute("aria-invalid", "true")
    expect(margin).to_have_attribute("aria-invalid", "true")

    line = page.locator("#roi-costs-platform")
    line.locator("[data-action='close-line']").click()
    slot = page.locator("#roi-costs-platform--error")
    expect(slot).to_have_text(said["costs[2].amount"])
    expect(line.locator("[data-figure='amount']")).to_have_text("-5,000")
    button = line.locator("[data-action='edit-line']")
    expect(button).to_be_focused()
    expect(button).to_have_attribute("aria-describedby", "roi-costs-platform--error")
    # An edit elsewhere keeps the closed line closed, its error still on its summary.
    # A new bad field elsewhere: the engine's answer marks it; the closed line stays closed,
    # its error still on its summary.
    page.fill("#roi-users", "-1")
    expect(page.locator("#roi-users-error")).to_be_visible(timeout=ENGINE_TIMEOUT)
    expect(slot).to_have_text(said["costs[2].amount"])
    expect(button).to_have_attribute("aria-expanded", "false")
    page.fill("#roi-users", "260")
    expect(page.locator("#roi-users-error")).to_be_hidden(timeout=ENGINE_TIMEOUT)
    expect(slot).to_have_text(said["costs[2].amount"])
    button.click()
    expect(amount).to_be_focused()
    expect(slot).to_be_hidden()
    expect(page.locator("#roi-costs-platform-amount-error")).to_have_text(said["costs[2].amount"])
    amount.fill("45000")
    margin.fill("40")
    expect(page.locator('[aria-invalid="true"]')).to_have_count(0, timeout=ENGINE_TIMEOUT)
    expect(page.locator('[data-role="stale"]')).to_be_hidden()


def test_closed_lines_values_were_lost_in_export_and_import(page, site_url, defaults, tmp_path):
    """Values edited in a line and closed are in the export; after a reset, the import brings
    them back into the closed line's figures and, opened, its fields; the NPV is CPython's."""
    npv = open_roi(page, site_url)
    open_line(page, "roi-benefits-research_time")
    page.fill("#roi-benefits-research_time-hours_saved", "20000")
    page.fill("#roi-benefits-research_time-redeployed", "60")
    page.locator("#roi-benefits-research_time [data-action='close-line']").click()
    case = json.loads(json.dumps(defaults))
    case["benefits"][2]["hours_saved"] = 20000
    case["benefits"][2]["redeployed"] = 0.6
    want = evaluate_case(case)["npv"]
    expect(npv).to_have_text(f"${want:,.0f}", timeout=ENGINE_TIMEOUT)
    data = export_json(page, tmp_path / "case.json")
    assert data["case"]["benefits"][2]["hours_saved"] == 20000
    assert data["case"]["benefits"][2]["redeployed"] == pytest.approx(0.6)
    assert data["case"]["costs"] == defaults["costs"]  # the lines never opened, as they were

    page.on("dialog", lambda dialog: dialog.accept())
    page.click('[data-action="reset"]')
    line = page.locator("#roi-benefits-research_time")
    expect(line.locator("[data-figure='hours_saved']")).to_have_text(
        shown(defaults["benefits"][2]["hours_saved"], False)
    )
    page.set_input_files('input[data-action="import"]', str(tmp_path / "case.json"))
    expect(page.locator('[data-role="notice"]')).to_contain_text("Loaded the case")
    expect(line.locator("[data-figure='hours_saved']")).to_have_text("20,000")
    expect(line.locator("[data-figure='redeployed']")).to_have_text("60")
    assert money(npv.text_content()) == pytest.approx(want, abs=1)
    open_line(page, "roi-benefits-research_time")
    expect(page.locator("#roi-benefits-research_time-redeployed")).to_have_value("60")


def test_closed_line_printed_no_figures(page, site_url):
    """In print a line shows its figures, closed or open, and no editor."""
    open_roi(page, site_url)
    open_line(page, "roi-costs-build")
    page.emulate_media(media="print")
    for line in ("#roi-costs-build", "#roi-costs-inference", "#roi-benefits-upsell"):
        expect(page.locator(f"{line} [data-role='line-figures']")).to_be_visible()
    expect(page.locator("#roi-costs-build-editor")).to_be_hidden()
    expect(page.locator("#roi-costs-inference [data-figure='amount']")).to_be_visible()
