"""A sponsor takes the saved maturity assessment into the ROI case: one click, figures from Python."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from calculators import _stage_gates

from .test_roi_journey import money, open_roi

pytestmark = pytest.mark.browser


def saved_assessment(maturity: dict) -> dict:
    """What the assessment page keeps in localStorage: every question at its second option."""
    answers = {
        q["id"]: sorted(q["options"], key=lambda o: o["level"])[1]["value"]
        for q in maturity["questions"]
        if not q.get("retired")
    }
    return {
        "rubric": {"id": maturity["id"], "version": maturity["version"]},
        "answers": answers,
        "saved_at": "2026-11-20T10:00:00.000Z",
    }


def test_saved_assessment_gives_the_odds(page, site_url, rubric_bundle, maturity, defaults):
    """The button shows the assessment's date; a click shows the chance of success, the
    expected NPV and each gate's loss as CPython computes them; another click stops it."""
    saved = saved_assessment(maturity)
    page.goto(site_url + "calculators/roi/")
    page.evaluate(
        "([key, value]) => localStorage.setItem(key, value)",
        [f"playbook:assessment:{maturity['id']}", json.dumps(saved)],
    )
    open_roi(page, site_url)
    use = page.locator('[data-action="use-assessment"]')
    expect(use).to_contain_text("November 20, 2026")
    use.click()
    want = _stage_gates.evaluate_with_maturity(defaults, rubric_bundle["kpis"], maturity, saved)[
        "stage_gates"
    ]
    expected_npv = page.locator('[data-role="stage-gates"] [data-value="expected_npv"]')
    expect(page.locator('[data-role="gates-output"]')).to_be_visible()
    assert abs(money(expected_npv.text_content()) - want["expected_npv"]) <= 1
    p_success = page.locator('[data-role="stage-gates"] [data-value="p_success"]').text_content()
    assert p_success == f"{want['p_success'] * 100:.1f}%".replace(".0%", "%")
    rows = page.locator('[data-role="gates-table"] tbody tr')
    expect(rows).to_have_count(len(want["gates"]))
    for row, gate in zip(rows.all(), want["gates"], strict=True):
        cells = row.locator("td").all()
        assert abs(money(cells[-1].text_content()) - gate["value_lost"]) <= 1
        basis = cells[2]
        if gate["judgment"]:
            expect(basis.locator("em")).to_have_text("judgment")
        else:
            expect(basis.locator("a")).to_have_attribute(
                "href", f"../../sources/#{gate['source'].split('#')[1]}"
            )
    page.locator('[data-action="drop-assessment"]').click()
    expect(page.locator('[data-role="gates-output"]')).to_be_hidden()
    expect(use).to_be_visible()


def test_without_a_saved_assessment_it_links_to_the_assessment(page, site_url):
    open_roi(page, site_url)
    state = page.locator('[data-role="gates-state"]')
    expect(state).to_contain_text("No saved assessment")
    expect(state.locator("a")).to_have_attribute("href", "../assessment/")
    expect(page.locator('[data-action="use-assessment"]')).to_be_hidden()
