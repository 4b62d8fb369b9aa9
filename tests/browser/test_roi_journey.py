"""A business sponsor builds an ROI case in the browser; every figure comes from Pyodide."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from calculators import evaluate_case

from .conftest import export_json

pytestmark = pytest.mark.browser
ENGINE_TIMEOUT = 90_000  # ms: a cold Pyodide start is a few seconds here; generous for slow CI
VOLUME = "#roi-benefits-handle_time-volume"
USERS = "#roi-users"
RATE = "#roi-discount_rate"


def money(text: str) -> float:
    """'-$1,234' -> -1234.0 (the page formats money in US English)."""
    value = float(re.sub(r"[^0-9.]", "", text))
    return -value if "-" in text or "−" in text else value


def expect_money(page, locator, want: float, timeout: int = 10_000) -> None:
    """Wait until `locator` shows `want` to the dollar: a figure read while a later edit is
    still being computed is the previous case's, not this one's."""
    waited = 0
    while True:
        text = locator.text_content() or ""
        if re.search(r"\d", text) and abs(money(text) - want) <= 1:
            return
        if waited >= timeout:
            raise AssertionError(f"{text!r} is not {want:,.0f} after {timeout} ms")
        page.wait_for_timeout(100)
        waited += 100


def open_line(page, line: str) -> None:
    """Open a cost, benefit or range line ("roi-benefits-handle_time") with its Edit button: a
    line shows its figures, and its fields only once opened."""
    button = page.locator(f"#{line} [data-action='edit-line']")
    expect(button).to_have_attribute("aria-expanded", "false")
    button.click()
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(page.locator(f"#{line}-editor")).to_be_visible()


def open_roi(page, site_url: str):
    page.goto(site_url + "calculators/roi/")
    expect(page.locator("[data-calculator=roi]")).to_have_attribute(
        "data-engine", "ready", timeout=ENGINE_TIMEOUT
    )
    npv = page.locator('[data-value="npv"]')
    expect(npv).to_have_text(re.compile(r"\d"), timeout=ENGINE_TIMEOUT)
    return npv


def test_form_is_usable_before_the_engine(page, site_url, defaults):
    """The inputs are rendered at build time from roi_defaults, labelled and explained."""
    page.route(re.compile(r".*/pyodide\.asm\.wasm$"), lambda route: route.abort())
    page.goto(site_url + "calculators/roi/")
    assert page.input_value(RATE) == "10"  # a rate is shown in percent: 0.10 is 10
    assert defaults["discount_rate"] == 0.1
    volume = defaults["benefits"][1]["volume"]
    figure = page.locator("#roi-benefits-handle_time [data-figure='volume']")
    expect(figure).to_have_text(f"{volume:,}")  # a closed line's figure: grouped, to be read
    expect(page.locator(f'label[for="{RATE[1:]}"]')).to_contain_text("Discount rate")
    assert "roi-discount_rate-help" in page.get_attribute(RATE, "aria-describedby")
    page.fill(USERS, "300")  # the form works without the engine
    expect(page.locator('[data-role="status"]')).to_contain_text(
        "could not", timeout=ENGINE_TIMEOUT
    )
    assert page.input_value(USERS) == "300"
    open_line(page, "roi-benefits-handle_time")  # a line opens without the engine too
    assert page.input_value(VOLUME) == str(volume)  # its input: not grouped, to be edited


def test_a_value_typed_before_the_script_binds_is_kept_and_computed(page, site_url, defaults):
    """The form works at first paint: an edit made while roi.js is still on its way reaches the
    case, is saved, and the first result already includes it. (The build renders the case's own
    fields; a cost or benefit line's fields come once the script binds and the line is opened.)"""
    held = []
    page.route(re.compile(r".*/javascripts/roi\.js$"), lambda route: held.append(route))
    page.goto(site_url + "calculators/roi/", wait_until="domcontentloaded")
    page.fill(USERS, "300")
    deadline = 0
    while not held and deadline < 300:  # the calculator asks for its module once the page is parsed
        page.wait_for_timeout(100)
        deadline += 1
    assert held, "roi.js was never requested"
    assert page.get_attribute("[data-calculator=roi]", "data-engine") is None
    held[0].continue_()
    npv = page.locator('[data-value="npv"]')
    changed = json.loads(json.dumps(defaults))
    changed["users"] = 300
    want = evaluate_case(changed)["npv"]
    expect(npv).to_have_text(re.compile(r"\d"), timeout=ENGINE_TIMEOUT)
    assert money(npv.text_content()) == pytest.approx(want, abs=1)
    saved = page.evaluate(
        "JSON.parse(localStorage.getItem(Object.keys(localStorage).find((k) => k.startsWith('playbook:roi:'))))"
    )
    assert saved["case"]["users"] == 300


def test_npv_follows_an_edited_input(page, site_url, defaults):
    """The NPV shown equals CPython's; editing a benefit volume gives a new, different NPV."""
    npv = open_roi(page, site_url)
    assert money(npv.text_content()) == pytest.approx(evaluate_case(defaults)["npv"], abs=1)
    summary = page.locator('[data-role="summary"]')
    expect(summary).to_have_attribute("aria-live", "polite")
    expect(summary).to_contain_text("NPV (risk-adjusted)")
    first = npv.text_content()
    open_line(page, "roi-benefits-handle_time")
    page.fill(VOLUME, "600000")
    expect(npv).not_to_have_text(first, timeout=ENGINE_TIMEOUT)
    changed = json.loads(json.dumps(defaults))
    changed["benefits"][1]["volume"] = 600000
    assert money(npv.text_content()) == pytest.approx(evaluate_case(changed)["npv"], abs=1)
    expect(page.locator('[data-role="years"] tr[data-row="3"]')).to_contain_text("Year 3")
    expect(page.locator('[data-role="scenarios"] tr[data-row="low"]')).to_be_visible()
    expect(page.locator('[data-role="chart-tornado"]')).to_have_attribute(
        "aria-label", re.compile("Target adoption")
    )


def test_bad_value_is_named_next_to_its_field_and_the_rest_stays(page, site_url, defaults):
    """A discount rate of -200 % shows the engine's message beside that input; results go stale."""
    npv = open_roi(page, site_url)
    open_line(page, "roi-benefits-handle_time")
    page.fill(VOLUME, "500000")
    changed = json.loads(json.dumps(defaults))
    changed["benefits"][1]["volume"] = 500000
    expect_money(page, npv, evaluate_case(changed)["npv"])
    good = npv.text_content()
    page.fill(RATE, "-200")
    error = page.locator("#roi-discount_rate-error")
    expect(error).to_be_visible()
    expect(error).to_have_text("Discount rate must be more than -100% (got -200%)")
    expect(page.locator(RATE)).to_have_attribute("aria-invalid", "true")
    expect(page.locator('[data-role="stale"]')).to_be_visible()
    expect(page.locator('[data-role="summary"]')).to_contain_text("Input error")
    assert npv.text_content() == good  # the last good values stay, marked stale
    assert page.input_value(VOLUME) == "500000"
    assert page.input_value(USERS) == "250"
    assert page.input_value(RATE) == "-200"
    page.fill(RATE, "8")
    expect(error).to_be_hidden()
    expect(page.locator('[data-role="stale"]')).to_be_hidden()
    expect(npv).not_to_have_text(good)


def test_export_then_import_round_trip(page, site_url, tmp_path, defaults):
    """An exported case, imported after a reset, brings back the same inputs and NPV."""
    npv = open_roi(page, site_url)
    page.fill(USERS, "320")
    open_line(page, "roi-benefits-handle_time")
    page.fill(VOLUME, "450000")
    changed = json.loads(json.dumps(defaults))
    changed["users"] = 320
    changed["benefits"][1]["volume"] = 450000
    want = evaluate_case(changed)["npv"]
    expect_money(page, npv, want)  # both edits computed, not only the first
    exported_npv = npv.text_content()
    path = tmp_path / "case.json"
    data = export_json(page, path)
    assert data["format"] == "ai-scale-up-playbook/roi-case"
    assert data["case"]["users"] == 320
    page.on("dialog", lambda dialog: dialog.accept())
    page.click('[data-action="reset"]')
    expect(page.locator(USERS)).to_have_value("250")
    expect(npv).not_to_have_text(exported_npv)
    page.set_input_files('input[data-action="import"]', str(path))
    expect(page.locator(USERS)).to_have_value("320")
    expect(page.locator(VOLUME)).to_have_value("450000")
    expect(npv).to_have_text(exported_npv)
    expect(page.locator('[data-role="notice"]')).to_contain_text("Loaded the case")


def test_tampered_import_is_refused_with_the_reason(page, site_url, tmp_path, defaults):
    """A file the engine refuses leaves the current inputs as they are and says why."""
    open_roi(page, site_url)
    page.fill(USERS, "275")
    bad = json.loads(json.dumps(defaults))
    bad["costs"][0]["amount"] = -5
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"format": "ai-scale-up-playbook/roi-case", "case": bad}))
    page.set_input_files('input[data-action="import"]', str(path))
    notice = page.locator('[data-role="notice"]')
    expect(notice).to_contain_text("refused")
    expect(notice).to_contain_text(
        "Cost line 1 (Build and integration), Amount must be at least 0 (got -5)"
    )
    assert page.input_value(USERS) == "275"
    open_line(page, "roi-costs-build")
    assert page.input_value("#roi-costs-build-amount") == str(defaults["costs"][0]["amount"])


def test_share_link_round_trip(page, site_url, context, defaults):
    """A share link carries the case in its fragment; opening it restores the inputs."""
    npv = open_roi(page, site_url)
    page.fill(USERS, "410")
    page.fill("#roi-adoption-target", "70")
    changed = json.loads(json.dumps(defaults))
    changed["users"] = 410
    changed["adoption"]["target"] = 0.7
    expect_money(page, npv, evaluate_case(changed)["npv"])  # both edits computed
    shared_npv = npv.text_content()
    page.click('[data-action="share"]')
    link = page.locator('[data-role="share-link"]').input_value()
    assert "#case=" in link
    assert link.startswith(site_url)
    page.fill(USERS, "999")  # saved in this browser; the link must win
    other = context.new_page()
    other.goto(link)
    expect(other.locator("[data-calculator=roi]")).to_have_attribute(
        "data-engine", "ready", timeout=ENGINE_TIMEOUT
    )
    expect(other.locator(USERS)).to_have_value("410")
    expect(other.locator("#roi-adoption-target")).to_have_value("70")
    expect(other.locator('[data-value="npv"]')).to_have_text(shared_npv)
    assert "#case=" not in other.url


def test_simulation_runs_in_the_worker_and_gives_p50(page, site_url, defaults):
    """With runs and a seed, P50 equals CPython's seeded simulation; re-run is a button."""
    open_roi(page, site_url)
    page.fill("#roi-runs", "2000")
    page.fill("#roi-seed", "7")
    page.click('[data-action="simulate"]')
    state = page.locator('[data-role="simulation-state"]')
    expect(state).to_contain_text("seed 7", timeout=30_000)
    expect(state).to_contain_text("2,000 runs")
    want = evaluate_case(defaults, runs=2000, seed=7)["simulation"]
    p50 = page.locator('[data-value="p50"]').text_content()
    assert money(p50) == pytest.approx(want["p50"], abs=1)
    expect(page.locator('[data-value="prob_npv_positive"]')).to_have_text(
        f"{want['prob_npv_positive'] * 100:.1f}%".replace(".0%", "%")
    )
    assert page.locator('[data-role="histogram"] tbody tr').count() == len(
        want["histogram"]["counts"]
    )
    page.fill("#roi-runs", "1000000")
    expect(page.locator("#roi-runs-error")).to_contain_text(
        "Runs must be at most 100,000", timeout=10_000
    )


def test_ab_helper_sets_a_range(page, site_url):
    """The A/B panel shows the difference and its interval, and can set a driver's range."""
    open_roi(page, site_url)
    result = page.locator('[data-role="ab-result"]')
    expect(result).to_contain_text("interval")
    page.fill("#roi-ab-treatment-n", "1")
    # By its label, as the form names it (it said "'treatment.n' must be >= 2": review finding).
    expect(page.locator("#roi-ab-treatment-n-error")).to_contain_text(
        "AI-assisted cohort, Cohort size must be at least 2 (got 1)", timeout=ENGINE_TIMEOUT
    )
    page.fill("#roi-ab-treatment-n", "1000")
    expect(result).to_contain_text("Difference")
    page.select_option("#roi-ab-driver", "benefits.upsell.conversion_uplift")
    page.click('[data-action="ab-apply"]')
    low = page.locator("#roi-uncertainty-benefits-upsell-conversion_uplift [data-figure='low']")
    expect(low).to_have_text(re.compile(r"\d"))
    expect(low).not_to_have_text("0")
    expect(page.locator('[data-role="notice"]')).to_contain_text("range")


def test_binds_after_navigating_from_another_calculator(page, site_url):
    """Arriving from the assessment page (instant navigation where it applies) binds the page."""
    page.goto(site_url + "calculators/assessment/")
    expect(page.locator("[data-calculator=assessment]")).to_have_attribute(
        "data-engine", "ready", timeout=ENGINE_TIMEOUT
    )
    page.locator(".md-sidebar--primary").get_by_role("link", name="ROI calculator").click()
    expect(page.locator("[data-calculator=roi]")).to_have_attribute(
        "data-engine", "ready", timeout=ENGINE_TIMEOUT
    )
    expect(page.locator('[data-value="npv"]')).to_have_text(re.compile(r"\d"))


# -- building a case line by line -----------------------------------------------------------------

NEW_BENEFITS = {
    "revenue": {"volume": 100000, "conversion_uplift": 0.01, "deal_size": 200, "margin": 0.5},
    "cost": {"volume": 200000, "reduction": 0.2, "unit_cost": 4},
    "productivity": {"hours_saved": 10000, "loaded_rate": 50, "redeployed": 0.6},
    "risk": {"incidents_avoided": 2, "expected_loss": 100000},
}


PERCENT = {"conversion_uplift", "margin", "reduction", "redeployed"}  # typed in percent


def typed(key: str, value: float) -> str:
    """What a reader types for a case value: shares in percent (0.2 -> "20")."""
    return f"{value * 100:g}" if key in PERCENT else str(value)


def copy(data: dict) -> dict:
    return json.loads(json.dumps(data))


def add_line(page, what: str, choice: str | None = None) -> None:
    """Use the Add bar under a list: pick the category or driver, press the button."""
    if choice is not None:
        page.select_option(f"#roi-add-{what}-choice", choice)
    page.click(f"#roi-add-{what}-button")


def changed_npv(page, npv, before: str) -> float:
    expect(npv).not_to_have_text(before, timeout=10_000)
    page.wait_for_timeout(300)  # the debounce: let a later keystroke's result land too
    return money(npv.text_content())


def test_add_a_cost_line_and_npv_falls(page, site_url, defaults):
    """A new cost line takes focus, is edited like any other, and lowers NPV as CPython says;
    a range can go on its amount, and removing the line removes that range."""
    npv = open_roi(page, site_url)
    first = npv.text_content()
    add_line(page, "costs", "governance")
    expect(page.locator("#roi-costs-governance-label")).to_be_focused()
    page.keyboard.type("External audit")
    expect(page.get_by_role("button", name="Remove External audit")).to_be_visible()
    page.fill("#roi-costs-governance-amount", "50000")
    line = {
        "id": "governance",
        "label": "External audit",
        "category": "governance",
        "amount": 50000,
        "timing": "recurring",
        "start_year": 1,
        "growth": 0,
        "per_user": False,
        "risk_adjustment": 0,
    }
    case = copy(defaults)
    case["costs"].append(line)
    value = changed_npv(page, npv, first)
    assert value < money(first)
    assert value == pytest.approx(evaluate_case(case)["npv"], abs=1)

    # One-time in year 2: the year field replaces start year and growth.
    page.select_option("#roi-costs-governance-timing", "one_time")
    expect(page.locator("#roi-costs-governance-growth")).to_be_hidden()
    before = npv.text_content()
    page.fill("#roi-costs-governance-year", "2")
    case["costs"][-1] = {k: v for k, v in line.items() if k not in ("start_year", "growth")} | {
        "timing": "one_time",
        "year": 2,
    }
    assert changed_npv(page, npv, before) == pytest.approx(evaluate_case(case)["npv"], abs=1)

    # A range on the new line's amount starts at its value; its most likely value is blank
    # (the line's own value).
    add_line(page, "uncertainty", "costs.governance.amount")
    expect(page.locator("#roi-uncertainty-costs-governance-amount-distribution")).to_be_focused()
    expect(page.locator("#roi-uncertainty-costs-governance-amount")).to_contain_text(
        "External audit: Amount"
    )
    expect(page.locator("#roi-uncertainty-costs-governance-amount-low")).to_have_value("50000")
    expect(page.locator("#roi-uncertainty-costs-governance-amount-mode")).to_have_value("")
    page.select_option("#roi-uncertainty-costs-governance-amount-distribution", "pert")
    page.fill("#roi-uncertainty-costs-governance-amount-high", "90000")
    low = page.locator('[data-role="scenarios"] tr[data-row="low"]')
    expect(low).to_contain_text("External audit: Amount")

    page.get_by_role("button", name="Remove External audit").click()
    expect(page.locator("#roi-costs-governance")).to_have_count(0)
    expect(page.locator("#roi-uncertainty-costs-governance-amount")).to_have_count(0)
    notice = page.locator('[data-role="notice"]')
    expect(notice).to_contain_text("Removed “External audit”")
    expect(notice).to_contain_text("range on “External audit: Amount” was removed")
    expect(npv).to_have_text(first)


def test_add_a_benefit_of_each_category_and_npv_rises(page, site_url, defaults):
    """Each category's new line has that category's drivers; filling them raises NPV."""
    npv = open_roi(page, site_url)
    case = copy(defaults)
    for category, drivers in NEW_BENEFITS.items():
        before = npv.text_content()
        add_line(page, "benefits", category)
        label = page.locator(f"#roi-benefits-{category}-label")
        expect(label).to_be_focused()
        expect(label).to_have_value(f"New {category} benefit")
        assert page.locator(f"#roi-benefits-{category} [data-driver]").count() == len(drivers)
        for key, value in drivers.items():
            field = page.locator(f"#roi-benefits-{category}-{key}")
            expect(field).to_have_attribute("aria-describedby", re.compile("-help"))
            field.fill(typed(key, value))
        assert changed_npv(page, npv, before) > money(before)
        case["benefits"].append(
            {
                "id": category,
                "label": f"New {category} benefit",
                "category": category,
                **drivers,
                "start_year": 1,
                "growth": 0,
                "risk_adjustment": 0,
                "scales_with_adoption": True,
            }
        )
    assert money(npv.text_content()) == pytest.approx(evaluate_case(case)["npv"], abs=1)

    # Another category swaps the drivers and keeps what both have.
    page.select_option("#roi-benefits-cost-category", "revenue")
    expect(page.locator("#roi-benefits-cost-category")).to_be_focused()
    expect(page.locator("#roi-benefits-cost-volume")).to_have_value("200000")
    expect(page.locator("#roi-benefits-cost-deal_size")).to_have_value("0")
    expect(page.locator("#roi-benefits-cost-unit_cost")).to_have_count(0)
    expect(page.locator('[data-role="notice"]')).to_contain_text("is now a revenue benefit")


def test_remove_a_line_and_undo(page, site_url, defaults):
    """Removing a benefit removes its range too and moves focus on; Undo brings both back."""
    npv = open_roi(page, site_url)
    first = npv.text_content()
    page.get_by_role("button", name="Remove Shorter handling time per contact").click()
    expect(page.locator("#roi-benefits-handle_time")).to_have_count(0)
    expect(page.locator("#roi-uncertainty-benefits-handle_time-reduction")).to_have_count(0)
    # The next line is closed: the keyboard goes to its Edit button (it went to its first field).
    expect(page.locator("#roi-benefits-research_time [data-action='edit-line']")).to_be_focused()
    notice = page.locator('[data-role="notice"]')
    expect(notice).to_contain_text("Removed “Shorter handling time per contact”")
    expect(notice).to_contain_text("Shorter handling time per contact: Reduction")
    case = copy(defaults)
    del case["benefits"][1]
    case["uncertainty"] = [
        u for u in case["uncertainty"] if not u["driver"].startswith("benefits.handle_time.")
    ]
    assert changed_npv(page, npv, first) == pytest.approx(evaluate_case(case)["npv"], abs=1)
    expect(page.locator("#roi-ab-driver option")).to_have_count(len(case["uncertainty"]))

    notice.get_by_role("button", name="Undo").click()
    expect(page.locator("#roi-benefits-handle_time [data-action='edit-line']")).to_be_focused()
    back = page.locator("#roi-uncertainty-benefits-handle_time-reduction")  # closed: its figures
    expect(back.locator("[data-figure='high']")).to_have_text("25")
    expect(npv).to_have_text(first)
    open_line(page, "roi-benefits-handle_time")
    expect(page.locator("#roi-benefits-handle_time-volume")).to_have_value("400000")


def test_imported_extra_lines_are_editable_and_round_trip(page, site_url, defaults, tmp_path):
    """A case whose lines the defaults do not have shows every line as inputs; an edit to one
    of them comes back in the export, and a share link carries them too."""
    case = copy(defaults)
    case["name"] = "Claims triage"
    case["currency"] = "EUR"
    case["costs"] = [c for c in case["costs"] if c["id"] != "training"]
    case["costs"].append(
        {
            "id": "vendor_fee",
            "label": "Vendor licence",
            "category": "run_platform",
            "amount": 20000,
            "timing": "recurring",
            "start_year": 2,
            "growth": 0.1,
        }
    )
    case["benefits"].append(
        {
            "id": "churn",
            "label": "Fewer cancellations",
            "category": "revenue",
            "volume": 50000,
            "conversion_uplift": 0.02,
            "deal_size": 120,
            "margin": 0.3,
            "scales_with_adoption": False,
        }
    )
    case["flexibility"] = [{"id": "api_resale", "label": "Resell the API", "value": 90000}]
    case["uncertainty"].append(
        {
            "driver": "costs.vendor_fee.amount",
            "distribution": "pert",
            "low": 15000,
            "mode": 20000,
            "high": 40000,
        }
    )
    path = tmp_path / "extra.json"
    path.write_text(json.dumps({"format": "ai-scale-up-playbook/roi-case", "case": case}))
    npv = open_roi(page, site_url)
    page.set_input_files('input[data-action="import"]', str(path))
    expect(page.locator('[data-role="notice"]')).to_contain_text(
        "Loaded the case", timeout=ENGINE_TIMEOUT
    )
    open_line(page, "roi-costs-vendor_fee")
    open_line(page, "roi-benefits-churn")
    expect(page.locator("#roi-costs-vendor_fee-amount")).to_have_value("20000")
    expect(page.locator("#roi-costs-vendor_fee-start_year")).to_have_value("2")
    expect(page.locator("#roi-costs-vendor_fee-category")).to_have_value("run_platform")
    expect(page.locator("#roi-benefits-churn-deal_size")).to_have_value("120")
    expect(page.locator("#roi-benefits-churn-scales_with_adoption")).not_to_be_checked()
    option = page.locator("#roi-flexibility-api_resale")  # closed: its figures
    expect(option.locator("[data-figure='value']")).to_have_text("90,000")
    vendor_range = page.locator("#roi-uncertainty-costs-vendor_fee-amount")
    expect(vendor_range.locator("[data-figure='high']")).to_have_text("40,000")
    expect(page.locator("#roi-uncertainty-costs-vendor_fee-amount")).to_contain_text(
        "Vendor licence: Amount"
    )
    expect(page.locator("#roi-costs-training")).to_have_count(0)
    expect(page.locator('label[for="roi-costs-vendor_fee-amount"]')).to_contain_text("EUR a year")
    notice = page.locator('[data-role="notice"]')
    expect(notice).to_contain_text("Loaded the case")
    expect(notice).not_to_contain_text("no fields")
    expect(npv).to_contain_text("€")
    assert money(npv.text_content()) == pytest.approx(evaluate_case(case)["npv"], abs=1)

    before = npv.text_content()
    page.fill("#roi-costs-vendor_fee-growth", "20")
    page.fill("#roi-benefits-churn-label", "Fewer cancelled policies")
    case["costs"][-1]["growth"] = 0.2
    case["benefits"][-1]["label"] = "Fewer cancelled policies"
    assert changed_npv(page, npv, before) == pytest.approx(evaluate_case(case)["npv"], abs=1)
    expect(page.locator("#roi-ab-driver")).to_contain_text("Vendor licence: Amount")
    assert export_json(page, tmp_path / "out.json")["case"] == case

    page.click('[data-action="share"]')
    link = page.locator('[data-role="share-link"]').input_value()
    other = page.context.new_page()
    other.goto(link)
    expect(other.locator("[data-calculator=roi]")).to_have_attribute(
        "data-engine", "ready", timeout=ENGINE_TIMEOUT
    )
    open_line(other, "roi-costs-vendor_fee")
    open_line(other, "roi-benefits-churn")
    expect(other.locator("#roi-costs-vendor_fee-growth")).to_have_value("20")
    expect(other.locator("#roi-benefits-churn-label")).to_have_value("Fewer cancelled policies")
    expect(other.locator('[data-value="npv"]')).to_have_text(
        npv.text_content(), timeout=ENGINE_TIMEOUT
    )


def test_bad_value_in_a_new_line_is_named_next_to_it(page, site_url):
    """The engine's path for a line added in the browser finds that line's input."""
    npv = open_roi(page, site_url)
    add_line(page, "benefits", "risk")
    first = npv.text_content()
    page.fill("#roi-benefits-risk-incidents_avoided", "2")
    page.fill("#roi-benefits-risk-expected_loss", "30000")
    good = changed_npv(page, npv, first)
    page.fill("#roi-benefits-risk-expected_loss", "-100")
    error = page.locator("#roi-benefits-risk-expected_loss-error")
    expect(error).to_have_text(
        "Benefit line 5 (New risk benefit), Expected loss must be at least 0 (got -100)",
        timeout=ENGINE_TIMEOUT,
    )
    expect(page.locator("#roi-benefits-risk-expected_loss")).to_have_attribute(
        "aria-invalid", "true"
    )
    expect(page.locator('[data-role="summary"]')).to_contain_text(
        "Benefit line 5 (New risk benefit), Expected loss"
    )
    expect(page.locator('[data-role="stale"]')).to_be_visible()
    assert money(npv.text_content()) == good
    page.fill("#roi-benefits-risk-expected_loss", "30000")
    expect(error).to_be_hidden()
    expect(npv).to_have_text(f"${good:,.0f}")
    expect(page.locator('[data-role="stale"]')).to_be_hidden()
