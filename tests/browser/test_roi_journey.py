"""A business sponsor builds an ROI case in the browser; every figure comes from Pyodide."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from calculators import evaluate_case

pytestmark = pytest.mark.browser
ENGINE_TIMEOUT = 90_000  # ms: a cold Pyodide start is a few seconds here; generous for slow CI
VOLUME = "#roi-benefits-handle_time-volume"
USERS = "#roi-users"
RATE = "#roi-discount_rate"


def money(text: str) -> float:
    """'-$1,234' -> -1234.0 (the page formats money in US English)."""
    value = float(re.sub(r"[^0-9.]", "", text))
    return -value if "-" in text or "−" in text else value


@pytest.fixture(scope="module")
def defaults(built_site) -> dict:
    bundle = next(built_site.glob("assets/engine/rubrics-*.json"))
    return json.loads(bundle.read_text())["kpis"]["roi_defaults"]


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
    assert page.input_value(RATE) == str(defaults["discount_rate"])
    assert page.input_value(VOLUME) == str(defaults["benefits"][1]["volume"])
    expect(page.locator(f'label[for="{RATE[1:]}"]')).to_contain_text("Discount rate")
    assert "roi-discount_rate-help" in page.get_attribute(RATE, "aria-describedby")
    page.fill(USERS, "300")  # the form works without the engine
    expect(page.locator('[data-role="status"]')).to_contain_text(
        "could not", timeout=ENGINE_TIMEOUT
    )
    assert page.input_value(USERS) == "300"


def test_npv_follows_an_edited_input(page, site_url, defaults):
    """The NPV shown equals CPython's; editing a benefit volume gives a new, different NPV."""
    npv = open_roi(page, site_url)
    assert money(npv.text_content()) == pytest.approx(evaluate_case(defaults)["npv"], abs=1)
    summary = page.locator('[data-role="summary"]')
    expect(summary).to_have_attribute("aria-live", "polite")
    expect(summary).to_contain_text("NPV (risk-adjusted)")
    first = npv.text_content()
    page.fill(VOLUME, "600000")
    expect(npv).not_to_have_text(first)
    changed = json.loads(json.dumps(defaults))
    changed["benefits"][1]["volume"] = 600000
    assert money(npv.text_content()) == pytest.approx(evaluate_case(changed)["npv"], abs=1)
    expect(page.locator('[data-role="years"] tr[data-row="3"]')).to_contain_text("Year 3")
    expect(page.locator('[data-role="scenarios"] tr[data-row="low"]')).to_be_visible()
    expect(page.locator('[data-role="chart-tornado"]')).to_have_attribute(
        "aria-label", re.compile("adoption target")
    )


def test_bad_value_is_named_next_to_its_field_and_the_rest_stays(page, site_url):
    """A discount rate of -2 shows the engine's message beside that input; results go stale."""
    npv = open_roi(page, site_url)
    page.fill(VOLUME, "500000")
    expect(npv).not_to_have_text(npv.text_content(), timeout=10_000)
    good = npv.text_content()
    page.fill(RATE, "-2")
    error = page.locator("#roi-discount_rate-error")
    expect(error).to_be_visible()
    expect(error).to_contain_text("discount_rate")
    expect(page.locator(RATE)).to_have_attribute("aria-invalid", "true")
    expect(page.locator('[data-role="stale"]')).to_be_visible()
    expect(page.locator('[data-role="summary"]')).to_contain_text("Input error")
    assert npv.text_content() == good  # the last good values stay, marked stale
    assert page.input_value(VOLUME) == "500000"
    assert page.input_value(USERS) == "250"
    assert page.input_value(RATE) == "-2"
    page.fill(RATE, "0.08")
    expect(error).to_be_hidden()
    expect(page.locator('[data-role="stale"]')).to_be_hidden()
    expect(npv).not_to_have_text(good)


def test_export_then_import_round_trip(page, site_url, tmp_path):
    """An exported case, imported after a reset, brings back the same inputs and NPV."""
    npv = open_roi(page, site_url)
    page.fill(USERS, "320")
    page.fill(VOLUME, "450000")
    expect(npv).not_to_have_text(npv.text_content(), timeout=10_000)
    page.wait_for_timeout(400)
    exported_npv = npv.text_content()
    with page.expect_download() as info:
        page.click('[data-action="export-json"]')
    path = tmp_path / "case.json"
    info.value.save_as(path)
    data = json.loads(path.read_text())
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
    expect(notice).to_contain_text("costs[0].amount")
    assert page.input_value(USERS) == "275"
    assert page.input_value("#roi-costs-build-amount") == str(defaults["costs"][0]["amount"])


def test_share_link_round_trip(page, site_url, context):
    """A share link carries the case in its fragment; opening it restores the inputs."""
    npv = open_roi(page, site_url)
    page.fill(USERS, "410")
    page.fill("#roi-adoption-target", "0.7")
    expect(npv).not_to_have_text(npv.text_content(), timeout=10_000)
    page.wait_for_timeout(400)
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
    expect(other.locator("#roi-adoption-target")).to_have_value("0.7")
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
    expect(page.locator("#roi-runs-error")).to_contain_text("runs", timeout=10_000)


def test_ab_helper_sets_a_range(page, site_url):
    """The A/B panel shows the difference and its interval, and can set a driver's range."""
    open_roi(page, site_url)
    result = page.locator('[data-role="ab-result"]')
    expect(result).to_contain_text("interval")
    page.fill("#roi-ab-treatment-n", "1")
    expect(page.locator("#roi-ab-treatment-n-error")).to_contain_text("treatment.n")
    page.fill("#roi-ab-treatment-n", "1000")
    expect(result).to_contain_text("Difference")
    page.select_option("#roi-ab-driver", "benefits.upsell.conversion_uplift")
    page.click('[data-action="ab-apply"]')
    low = page.locator("#roi-uncertainty-benefits-upsell-conversion_uplift-low")
    expect(low).not_to_have_value("0")
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
