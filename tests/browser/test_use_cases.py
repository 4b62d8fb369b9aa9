"""A sponsor compares several ROI cases: figures from Python, a chart, the funding order."""

from __future__ import annotations

import copy
import csv
import io
import json
import re

import pytest
from playwright.sync_api import expect

from calculators import _use_cases

from .test_roi_journey import ENGINE_TIMEOUT, money

pytestmark = pytest.mark.browser

EXPORT = "ai-scale-up-playbook/roi-case"


def case(defaults: dict, name: str, p1: float | None = None, users: int | None = None) -> dict:
    out = copy.deepcopy(defaults)
    out["name"] = name
    if users is not None:
        out["users"] = users
    if p1 is not None:
        out["stage_gates"] = {
            "from": "typed",
            "gates": [
                {"id": "reach_production", "probability": p1},
                {"id": "reach_adoption", "probability": 0.8},
            ],
        }
    return out


@pytest.fixture
def files(tmp_path, defaults) -> list[dict]:
    out = [
        {"name": "claims.json", "data": {"format": EXPORT, "case": case(defaults, "Claims", 0.9)}},
        {"name": "upsell.json", "data": case(defaults, "Upsell", 0.54, users=300)},
        {"name": "search.json", "data": {"format": EXPORT, "case": case(defaults, "Search")}},
        {"name": "fraud.json", "data": case(defaults, "Fraud", 0.12)},
    ]
    for f in out:
        (tmp_path / f["name"]).write_text(json.dumps(f["data"]))
    return out


def open_page(page, site_url):
    page.goto(site_url + "calculators/use-cases/")
    expect(page.locator("[data-calculator=use-cases]")).to_have_attribute(
        "data-engine", "ready", timeout=ENGINE_TIMEOUT
    )


def add(page, tmp_path, files):
    page.set_input_files(
        'input[data-action="add-files"]', [str(tmp_path / f["name"]) for f in files]
    )
    expect(page.locator('[data-role="cases"] tbody tr')).to_have_count(len(files), timeout=60_000)


def test_cases_side_by_side_with_the_funding_order(page, site_url, tmp_path, files):
    """The table, the chart and the order are CPython's for the same files and budget."""
    want = _use_cases.use_cases(files, budget=1_500_000)
    open_page(page, site_url)
    add(page, tmp_path, files)
    page.fill("#uc-budget", "1500000")
    order = page.locator('[data-role="order"] li')
    expect(order).to_have_count(len(want["order"]), timeout=60_000)
    expect(page.locator('[data-role="funding"]')).to_contain_text("Funded within $1,500,000")
    for item, name in zip(order.all(), want["order"], strict=True):
        assert item.text_content().startswith(f"{name}:")
    rows = page.locator('[data-role="cases"] tbody tr').all()
    for row, data in zip(rows, want["cases"], strict=True):
        assert row.get_attribute("data-row") == data["name"]
        npv = row.locator('[data-value="expected_npv"]').text_content()
        assert abs(money(npv) - data["expected_npv"]) <= 1
        funding = row.locator('[data-value="funding"]').text_content()
        assert funding.startswith("funded") == data["funded_now"]
    # The chart: an SVG image titled and described, one dot per case, as Python laid it out.
    svg = page.locator('[data-role="chart"] svg[role="img"]')
    expect(svg).to_have_count(1)
    expect(svg.locator("title").first).to_have_text(want["chart"]["title"])
    assert "table" in svg.locator("desc").text_content()
    dots = svg.locator("circle")
    expect(dots).to_have_count(len(files))
    shapes = [s for s in want["chart"]["shapes"] if s["kind"] == "circle"]
    for dot, shape in zip(dots.all(), shapes, strict=True):
        assert float(dot.get_attribute("cx")) == shape["cx"]
        assert float(dot.get_attribute("cy")) == shape["cy"]
    # Kept in this browser: a reload restores the cases and the budget.
    page.reload()
    expect(page.locator('[data-role="cases"] tbody tr')).to_have_count(len(files), timeout=60_000)
    assert page.input_value("#uc-budget") == "1500000"


def test_exports_and_refusals(page, site_url, tmp_path, files):
    """CSV and JSON come from Python; a bad file is listed with its reason, the others kept; a
    bad budget is named beside its field."""
    bad = copy.deepcopy(files[0]["data"])
    bad["case"]["stage_gates"]["gates"][0]["probability"] = 3
    (tmp_path / "bad.json").write_text(json.dumps(bad))
    open_page(page, site_url)
    add(page, tmp_path, files)
    page.set_input_files('input[data-action="add-files"]', str(tmp_path / "bad.json"))
    refused = page.locator('[data-role="refused"] li')
    expect(refused).to_contain_text(
        "bad.json was left out: Gate 'Reaches production': probability must be between 0 %"
        " and 100 % (got 300 %)",
        timeout=60_000,
    )
    with page.expect_download() as download:
        page.click('button[data-action="export-csv"]')
    text = download.value.path().read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:2] == ["Funding order", "Use case"]
    assert len(rows) == len(files) + 1
    with page.expect_download() as download:
        page.click('button[data-action="export-json"]')
    exported = json.loads(download.value.path().read_text(encoding="utf-8"))
    assert exported["format"] == "ai-scale-up-playbook/roi-portfolio"
    assert [r["name"] for r in exported["refused"]] == ["bad.json"]
    page.fill("#uc-budget", "-5")
    error = page.locator("#uc-budget-error")
    expect(error).to_have_text(re.compile("budget must be a number of at least 0"), timeout=60_000)
    expect(page.locator("#uc-budget")).to_have_attribute("aria-invalid", "true")


def test_the_case_from_the_roi_page(page, site_url, defaults):
    """The case saved on the ROI page joins the portfolio with one click, with its odds."""
    saved = {"format": EXPORT, "case": case(defaults, "From the page", 0.4), "runs": 0}
    page.goto(site_url + "calculators/use-cases/")
    page.evaluate(
        "([key, value]) => localStorage.setItem(key, value)",
        ["playbook:roi:kpis", json.dumps({**saved, "valid_case": saved["case"]})],
    )
    open_page(page, site_url)
    page.click('button[data-action="add-roi-case"]')
    row = page.locator('[data-role="cases"] tbody tr')
    expect(row).to_have_count(1, timeout=60_000)
    expect(row).to_contain_text("From the page")
    expect(row).to_contain_text("probabilities typed in")
