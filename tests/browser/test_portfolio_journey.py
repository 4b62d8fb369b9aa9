"""A transformation office rolls up many teams' exports on the portfolio page (issue 13)."""

from __future__ import annotations

import copy
import json

import pytest
from playwright.sync_api import expect

from calculators._maturity_io import export_assessment
from tests.browser.test_accessibility import axe_context  # noqa: F401 - a fixture

pytestmark = pytest.mark.browser
ENGINE_TIMEOUT = 90_000  # ms
PAGE = "calculators/portfolio/"


def at_level(rubric: dict, level: int) -> dict:
    return {
        q["id"]: min(q["options"], key=lambda o: (abs(o["level"] - level), o["level"]))["value"]
        for q in rubric["questions"]
        if not q.get("retired")
    }


def write_exports(maturity: dict, folder) -> list[str]:
    folder.mkdir()
    made = {
        "claims-ana.json": export_assessment(
            maturity, at_level(maturity, 1), about={"team": "Claims", "respondent": "Ana"}
        ),
        "claims-2.json": export_assessment(
            maturity, at_level(maturity, 4), about={"team": "Claims"}
        ),
        "payments.json": export_assessment(
            maturity, at_level(maturity, 3), about={"team": "Payments"}
        ),
    }
    tampered = copy.deepcopy(made["payments.json"])
    tampered["result"]["overall"]["level"] = 5  # someone edited the level by hand
    made["payments-edited.json"] = tampered
    for name, data in made.items():
        (folder / name).write_text(json.dumps(data))
    (folder / "notes.json").write_text("{ not json")
    return sorted(str(p) for p in folder.iterdir())


def wait_ready(page):
    expect(page.locator("[data-calculator=portfolio]")).to_have_attribute(
        "data-engine", "ready", timeout=ENGINE_TIMEOUT
    )


def test_choose_files_see_the_heatmap_and_a_tampered_file_refused(
    page, site_url, maturity, tmp_path
):
    """Five files chosen: three used (two teams), the tampered and the broken one left out with
    their reasons; the heatmap is a table with the levels as text."""
    files = write_exports(maturity, tmp_path / "exports")
    page.goto(site_url + PAGE)
    wait_ready(page)
    page.set_input_files('input[data-action="add-files"]', files)
    summary = page.locator('[data-role="summary"]')
    expect(summary).to_have_text("3 respondents in 2 teams; 2 left out (see why below).")
    skipped = page.locator('[data-role="skipped"]')
    expect(skipped.locator('[data-file="payments-edited.json"]')).to_contain_text(
        "tampered: it states level 5 for overall, but its answers give 3"
    )
    expect(skipped.locator('[data-file="notes.json"]')).to_contain_text("not valid JSON")
    heatmap = page.locator('table[data-role="heatmap"]')
    expect(heatmap.locator("tbody tr")).to_have_count(2)
    claims = heatmap.locator('tr[data-team="Claims"]')
    expect(claims.locator("th")).to_have_text("Claims")
    first_dim = claims.locator("td.pb-heat").nth(1)  # after Overall
    expect(first_dim).to_contain_text("(L1–L4)")  # the spread, in text
    payments = heatmap.locator('tr[data-team="Payments"] td.pb-heat').nth(1)
    expect(payments).to_have_text("L3")
    expect(payments).to_have_attribute("data-level", "3")  # the shading only repeats it
    stats = page.locator('table[data-role="stats"] tr[data-dimension="overall"] td')
    expect(stats.first).to_have_text("3")  # respondents
    flags = page.locator('[data-role="disagreements"] details[data-team="Claims"]')
    expect(flags).to_have_count(1)
    flags.locator("summary").click()
    first_question = next(q for q in maturity["questions"] if not q.get("retired"))
    expect(flags.locator(f'li[data-question="{first_question["id"]}"]')).to_contain_text("Ana L1")
    expect(page.locator('[data-role="disagreements"] details[data-team="Payments"]')).to_have_count(
        0
    )
    expect(page.locator('[data-role="actions"] li').first).to_contain_text("team")


def test_the_roll_up_exports_as_json_and_csv_and_clears(page, site_url, maturity, tmp_path):
    files = write_exports(maturity, tmp_path / "exports")
    page.goto(site_url + PAGE)
    wait_ready(page)
    page.set_input_files('input[data-action="add-files"]', files[:2])
    expect(page.locator('[data-role="summary"]')).to_contain_text("2 respondents in 1 team")
    with page.expect_download() as download:
        page.click('button[data-action="export-json"]')
    download.value.save_as(tmp_path / "roll-up.json")
    data = json.loads((tmp_path / "roll-up.json").read_text())
    assert data["respondents"] == 2
    assert {"skipped", "overall", "dimensions", "disagreements"} <= set(data)
    with page.expect_download() as download:
        page.click('button[data-action="export-csv"]')
    download.value.save_as(tmp_path / "roll-up.csv")
    assert (tmp_path / "roll-up.csv").read_text().startswith("team,scope,id,title,respondents")
    expect(page.locator('table[data-role="trend"]')).to_have_count(0)  # one date per team
    later = export_assessment(
        maturity, at_level(maturity, 2), about={"team": "Claims", "date": "2099-01-01"}
    )
    (tmp_path / "later.json").write_text(json.dumps(later))
    page.set_input_files('input[data-action="add-files"]', str(tmp_path / "later.json"))
    trend = page.locator('table[data-role="trend"] tbody tr')
    expect(trend).to_have_count(2)
    expect(trend.last).to_have_attribute("data-date", "2099-01-01")
    page.click('button[data-action="clear"]')
    expect(page.locator('[data-role="summary"]')).to_contain_text("No files yet")
    expect(page.locator('table[data-role="heatmap"]')).to_have_count(0)


@pytest.mark.parametrize("axe_context", ["dark"], indirect=True)
def test_the_roll_up_has_no_serious_axe_violation_in_dark_mode(
    axe_context,  # noqa: F811 - the fixture imported above
    site_url,
    maturity,
    tmp_path,
):
    """The heatmap's fixed colours and every result section pass axe in dark mode."""
    from tests.browser.test_accessibility import describe, violations

    files = write_exports(maturity, tmp_path / "exports")
    page = axe_context.new_page()
    page.goto(site_url + PAGE)
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    wait_ready(page)
    page.set_input_files('input[data-action="add-files"]', files)
    expect(page.locator('table[data-role="heatmap"]')).to_be_visible()
    for detail in page.locator("[data-role=details] details").all():
        detail.evaluate("d => { d.open = true; }")
    problems = describe("calculators/portfolio/ (dark, roll-up shown)", violations(page))
    assert not problems, "\n".join(problems)


def test_a_file_with_no_level_yet_is_named_in_the_notes(page, site_url, maturity, tmp_path):
    """Two respondents, one with no answers yet: the page said "2 respondents" above statistics
    of one and never said why; now a note names the file."""
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "full.json").write_text(
        json.dumps(export_assessment(maturity, at_level(maturity, 3), about={"team": "Claims"}))
    )
    (folder / "blank.json").write_text(
        json.dumps(export_assessment(maturity, {}, about={"team": "Claims"}))
    )
    page.goto(site_url + PAGE)
    wait_ready(page)
    page.set_input_files('input[data-action="add-files"]', sorted(str(p) for p in folder.iterdir()))
    expect(page.locator('[data-role="summary"]')).to_have_text("2 respondents in 1 team.")
    expect(page.locator('[data-role="notes"]')).to_contain_text("blank.json: no overall level yet")
    stats = page.locator('table[data-role="stats"] tr[data-dimension="overall"] td')
    expect(stats.first).to_have_text("1")  # respondents with a level
