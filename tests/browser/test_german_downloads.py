"""The files a German page downloads speak German (issue 17): the ROI page's yearly CSV names
its periods "Jahr 1" (its column headers stay the English machine keys), and the assessment's
calendar file names the calendar, the owners and the exit criteria in German. Both once came
out in English whatever the page's language, since the engine wrote them without its words."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.build.test_language import GERMAN
from tests.calculators.test_ics import events

from .test_fork_journey import ENGINE_TIMEOUT
from .test_fork_language_journey import german_fork  # noqa: F401 (the fixture)
from .test_roi_german import open_roi

pytestmark = pytest.mark.browser


def test_the_yearly_csv_has_german_periods(page, german_fork, tmp_path):  # noqa: F811
    url, _, _ = german_fork
    open_roi(page, url)
    with page.expect_download() as download:
        page.click('button[data-action="export-csv"]')
    saved = tmp_path / "years.csv"
    download.value.save_as(saved)
    rows = saved.read_text(encoding="utf-8").splitlines()
    assert rows[0] == "year,period,costs,benefits,net,cumulative,discounted_cumulative,adoption"
    assert rows[1].split(",")[1] == GERMAN["roi.period.initial"]
    assert rows[2].startswith("1,Jahr 1,")
    assert "Year 1" not in "\n".join(rows)


def test_the_calendar_file_is_german(page, german_fork, tmp_path):  # noqa: F811
    url, maturity, _ = german_fork
    page.goto(url + "calculators/assessment/")
    expect(page.locator("[data-calculator=assessment]")).to_have_attribute(
        "data-engine", "ready", timeout=ENGINE_TIMEOUT
    )
    for q in (q for q in maturity["questions"] if not q.get("retired")):
        page.check(f'input[name="{q["id"]}"][value="{q["options"][0]["value"]}"]')
    start = page.locator('[data-role="plan-start"]')
    start.fill("2027-01-04")
    start.dispatch_event("change")
    expect(page.locator("[data-plan-activity]").first).to_contain_text(
        "4. Jan. 2027", timeout=ENGINE_TIMEOUT
    )
    with page.expect_download() as download:
        page.click('button[data-action="export-ics"]')
    saved = tmp_path / "plan.ics"
    download.value.save_as(saved)
    text = saved.read_bytes().decode("utf-8")
    assert f"X-WR-CALNAME:{GERMAN['ics.calendar_name']}\r\n" in text
    found = events(text)
    assert found
    assert all("Verantwortlich: " in e["DESCRIPTION"] for e in found)
    assert not any("Owner: " in e["DESCRIPTION"] for e in found)
    assert any("(Ende von Woche 4, 31. Jan. 2027):" in e["DESCRIPTION"] for e in found)
