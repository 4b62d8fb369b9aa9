"""The dated 90-day plan on the assessment page, and the diagrams on the playbook pages, in a
real browser: dates shown, the plan drawn as the sprint's timeline, the calendar downloads,
each diagram drawing shows at its width."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from tests.calculators.test_ics import day, events

from .conftest import guarded_context
from .test_assessment_journey import ENGINE_TIMEOUT, answer_all

pytestmark = pytest.mark.browser


def test_plan_shows_dates_and_downloads_the_calendar(page, site_url, maturity, tmp_path):
    """The plan starts next Monday by default, shows each activity's dates, follows a new start
    date, and downloads as an iCalendar file with those dates."""
    page.goto(site_url + "calculators/assessment/")
    expect(page.locator("[data-calculator=assessment]")).to_have_attribute(
        "data-engine", "ready", timeout=ENGINE_TIMEOUT
    )
    answer_all(page, maturity, lambda options: options[0])
    start = page.locator('[data-role="plan-start"]')
    expect(start).to_have_value(re.compile(r"\d{4}-\d{2}-\d{2}"))
    default = dt.date.fromisoformat(start.input_value())
    assert default.weekday() == 0
    assert 0 < (default - dt.date.today()).days <= 7
    first = page.locator("[data-plan-activity]").first
    expect(first).to_contain_text(f"{default.day} {default.strftime('%b')} {default.year}")

    start.fill("2027-01-04")
    start.dispatch_event("change")
    expect(first).to_contain_text("4 Jan 2027")
    expect(page.locator("[data-plan-phase]").first).to_contain_text("4 Jan 2027 – 31 Jan 2027")

    with page.expect_download() as download:
        page.click('button[data-action="export-ics"]')
    assert download.value.suggested_filename == "ai-90-day-plan-2027-01-04.ics"
    saved = tmp_path / "plan.ics"
    download.value.save_as(saved)
    text = saved.read_bytes().decode("utf-8")
    found = events(text)
    assert len(found) == page.locator("[data-plan-activity]").count()
    begin = dt.date(2027, 1, 4)
    assert min(day(e["DTSTART;VALUE=DATE"]) for e in found) == begin
    assert max(day(e["DTEND;VALUE=DATE"]) for e in found) <= begin + dt.timedelta(days=90)
    assert all("Owner: " in e["DESCRIPTION"] for e in found)


def test_plan_shows_as_the_sprint_timeline_with_dates(context, site_url, maturity):
    """The reader's plan is drawn as the sprint's timeline: one bar per activity of the plan,
    its dates on it, redrawn for a new start date, labelled by its title and description, and
    it fits a 390 px phone; a desktop gets the wide drawing."""
    page = context.new_page()
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(site_url + "calculators/assessment/")
    expect(page.locator("[data-calculator=assessment]")).to_have_attribute(
        "data-engine", "ready", timeout=ENGINE_TIMEOUT
    )
    answer_all(page, maturity, lambda options: options[0])
    figure = page.locator('[data-role="plan-timeline"] figure.pb-diagram')
    narrow = figure.locator(".pb-diagram__svg--narrow")
    expect(narrow).to_be_visible()
    expect(figure.locator(".pb-diagram__svg--wide")).to_be_hidden()

    start = page.locator('[data-role="plan-start"]')
    start.fill("2027-01-04")
    start.dispatch_event("change")
    expect(narrow).to_contain_text("4 Jan 2027 – 31 Jan 2027")
    activities = page.locator("[data-plan-activity]")
    expect(narrow.locator(".dg-bar")).to_have_count(activities.count())
    first = activities.first.text_content().replace("·", "").strip()
    expect(narrow).to_contain_text(first)

    start.fill("2027-03-01")
    start.dispatch_event("change")
    expect(narrow).to_contain_text("1 Mar 2027")
    expect(narrow).not_to_contain_text("4 Jan 2027")
    labels = narrow.evaluate(
        """svg => svg.getAttribute("aria-labelledby").split(" ")
             .map((id) => [document.getElementById(id)?.tagName, document.getElementById(id)?.textContent])"""
    )
    assert narrow.get_attribute("role") == "img"
    assert [tag for tag, _ in labels] == ["title", "desc"]
    assert "1 Mar 2027" in labels[0][1]
    assert "1 Mar 2027" in labels[1][1]

    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    box = narrow.bounding_box()
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= 390

    page.set_viewport_size({"width": 1280, "height": 900})
    expect(figure.locator(".pb-diagram__svg--wide")).to_be_visible()
    expect(narrow).to_be_hidden()
    expect(figure.locator(".pb-diagram__svg--wide")).to_contain_text("1 Mar")


@pytest.mark.parametrize(
    ("width", "shown", "hidden"), [(390, "narrow", "wide"), (1280, "wide", "narrow")]
)
def test_each_diagram_shows_the_drawing_for_its_width(context, site_url, width, shown, hidden):
    """A phone gets the vertical drawing, a desktop the wide one; either fits the column."""
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    for path in ("maturity", "sprint", "governance", "mlops", "root-causes", "operating-model"):
        page.goto(f"{site_url}playbook/{path}/")
        figure = page.locator("figure.pb-diagram")
        expect(figure.locator(f".pb-diagram__svg--{shown}")).to_be_visible()
        expect(figure.locator(f".pb-diagram__svg--{hidden}")).to_be_hidden()
        svg_width = figure.locator(f".pb-diagram__svg--{shown}").bounding_box()["width"]
        column = page.locator("article").bounding_box()["width"]
        assert 0.9 * column <= svg_width <= column + 1, path


def test_diagrams_print_wide_and_follow_the_dark_scheme(context, site_url):
    """On paper the wide drawing prints, in dark ink; on screen the slate scheme lightens text."""
    page = context.new_page()
    page.set_viewport_size({"width": 390, "height": 900})
    page.goto(f"{site_url}playbook/sprint/")
    text = page.locator(".pb-diagram__svg--narrow text").first
    light = text.evaluate("el => getComputedStyle(el).fill")
    page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
    dark = text.evaluate("el => getComputedStyle(el).fill")
    assert light != dark
    page.emulate_media(media="print")
    expect(page.locator(".pb-diagram__svg--wide")).to_be_visible()
    expect(page.locator(".pb-diagram__svg--narrow")).to_be_hidden()
    ink = page.locator(".pb-diagram__svg--wide text").first.evaluate(
        "el => getComputedStyle(el).fill"
    )
    assert ink == "rgb(0, 0, 0)"


def test_diagrams_follow_forced_colours_in_either_scheme(browser, site_url):
    """With forced colours, fills become the system's Canvas and text its CanvasText, whatever
    Material scheme the reader chose (the scheme's own colours must not win)."""
    with guarded_context(browser, forced_colors="active", color_scheme="dark") as ctx:
        page = ctx.new_page()
        page.goto(f"{site_url}playbook/sprint/")
        expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
        system = page.evaluate(
            """() => {
              const probe = document.createElement("div");
              probe.style.backgroundColor = "Canvas";
              probe.style.color = "CanvasText";
              document.body.append(probe);
              const s = getComputedStyle(probe);
              return [s.backgroundColor, s.color];
            }"""
        )
        phase = page.locator(".pb-diagram__svg--wide .dg-phase").first
        text = page.locator(".pb-diagram__svg--wide text").first
        assert phase.evaluate("el => getComputedStyle(el).fill") == system[0]
        assert text.evaluate("el => getComputedStyle(el).fill") == system[1]
