"""calculators._timeline: the sprint timeline's shapes, for the playbook's sprint (build) and the
reader's own dated plan (the browser worker's plan_calendar reply)."""

from __future__ import annotations

import json

import pytest
import yaml

from calculators import _browser
from calculators._ics import dated_plan, parse_start
from calculators._maturity import assess
from calculators._timeline import timeline
from tests.calculators.test_ics import RUBRICS, lowest_answers
from tests.conftest import ROOT

BUNDLE = json.dumps({k: RUBRICS[k] for k in ("maturity", "sprint", "operating_model")})


def texts(drawing: dict) -> str:
    """Every text line a reader sees in one drawing, joined by spaces."""
    return " ".join(" ".join(s["lines"]) for s in drawing["shapes"] if s["kind"] == "text")


def bars(drawing: dict) -> int:
    return sum(1 for s in drawing["shapes"] if s["kind"] == "rect" and "dg-bar" in s["cls"])


def plan_calendar(start: str) -> dict:
    _browser.configure(BUNDLE, ["assessment"])
    request = {"fn": "plan_calendar", "args": {"answers": lowest_answers(), "start": start}}
    reply = json.loads(_browser.handle(json.dumps(request)))
    assert reply["ok"], reply
    return reply["value"]


@pytest.fixture(scope="module")
def plan() -> dict:
    return assess(RUBRICS["maturity"], lowest_answers(), sprint=RUBRICS["sprint"])["plan"]


class TestTimeline:
    """timeline: phases over the weeks; with a dated plan, each activity and phase its dates."""

    def test_undated_has_no_dates(self, plan):
        """Without dates (the playbook's sprint) no date label is drawn."""
        pair = timeline(plan["phases"])
        for drawing in pair.values():
            assert not [s for s in drawing["shapes"] if "dg-date" in s["cls"]]

    def test_dated_labels_are_the_dated_plans(self, plan):
        """Each activity's and phase's date label is dated_plan's, in both drawings and the
        description; the wide week axis starts on the start day."""
        dates = dated_plan(plan, parse_start("2027-01-04"))
        pair = timeline(plan["phases"], dates=dates)
        for drawing in pair.values():
            shown = texts(drawing)
            for label in [*dates["activities"].values(), *dates["phases"].values()]:
                assert label["label"] in shown
                assert label["label"] in drawing["desc"]
        assert "4 Jan 11 Jan 18 Jan" in texts(pair["wide"])

    def test_the_exit_milestone_carries_its_own_day(self, plan):
        """Regression (journey review): under "Exit, end of week 4" the wide drawing showed the
        whole phase's span, as if the exit took four weeks; it now says its day, and the span
        is labelled as the phase's."""
        dates = dated_plan(plan, parse_start("2026-12-07"))
        shown = texts(timeline(plan["phases"], dates=dates)["wide"])
        first = plan["phases"][0]
        end = dates["phases"][first["id"]]["end_label"]
        assert end == "3 Jan 2027"
        assert f"Exit, end of week {first['weeks']['end']} ({end})" in shown
        assert f"Phase: {dates['phases'][first['id']]['label']}" in shown

    def test_narrow_fits_a_phone(self, plan):
        """The phone drawing is laid out at 360 px, its text at 11 px or more, inside it."""
        narrow = timeline(plan["phases"], dates=dated_plan(plan, parse_start("2027-01-04")))[
            "narrow"
        ]
        assert narrow["width"] <= 360
        for shape in narrow["shapes"]:
            if shape["kind"] == "text":
                assert shape["size"] >= 11
                assert shape["x"] <= narrow["width"]
            if shape["kind"] == "rect":
                assert shape["x"] + shape["w"] <= narrow["width"]


class TestWorkerTimeline:
    """The worker's plan_calendar reply draws the reader's own plan, dated."""

    def test_timeline_follows_the_plan(self):
        """Only the activities kept in the plan are drawn (one bar each, in each drawing), with
        the dated plan's labels; an activity the plan leaves out is absent."""
        value = plan_calendar("2027-01-04")
        kept = value["dates"]["activities"]
        sprint = {a["id"]: a for ph in RUBRICS["sprint"]["phases"] for a in ph["activities"]}
        left_out = sprint["set_kpi_baselines"]
        assert "set_kpi_baselines" not in kept
        for name in ("wide", "narrow"):
            drawing = value["timeline"][name]
            shown = texts(drawing)
            assert bars(drawing) == len(kept)
            assert left_out["title"] not in shown
            assert left_out["title"] not in drawing["desc"]
            for activity_id, dates in kept.items():
                assert sprint[activity_id]["title"] in " ".join(shown.split())
                assert dates["label"] in shown
            assert drawing["title"].startswith("Your 90-day plan")
            assert "4 Jan 2027" in drawing["title"]

    def test_timeline_follows_the_start_date(self):
        """A new start date redraws the labels with the new dates."""
        first = plan_calendar("2027-01-04")["timeline"]["narrow"]
        later = plan_calendar("2027-03-01")["timeline"]["narrow"]
        assert "4 Jan 2027" in texts(first)
        assert "4 Jan 2027" not in texts(later)
        assert "1 Mar 2027" in texts(later)


# --- issue 17: the drawing's own words in the page's language ---------------------------------

ENGLISH_STRINGS = yaml.safe_load((ROOT / "rubrics" / "strings.yaml").read_text("utf-8"))["strings"]
GERMAN_STRINGS = yaml.safe_load(
    (ROOT / "rubrics" / "locales" / "de" / "strings.yaml").read_text("utf-8")
)["strings"]


def words(table: dict) -> dict:
    """The strings a page sends with plan_calendar (assessment.js: wordsFor)."""
    return {k: v for k, v in table.items() if k.startswith(("timeline.", "dates."))}


def german_plan_calendar(start: str) -> dict:
    _browser.configure(BUNDLE, ["assessment"])
    args = {"answers": lowest_answers(), "start": start, "words": words(GERMAN_STRINGS)}
    reply = json.loads(_browser.handle(json.dumps({"fn": "plan_calendar", "args": args})))
    assert reply["ok"], reply
    return reply["value"]


class TestTimelineInThePagesLanguage:
    """The German page's plan was drawn with 'Exit, end of week 4', 'Activity and owner' and
    English months: Python laid it out in English whatever the page's language."""

    def test_the_english_strings_draw_what_the_code_draws(self, plan):
        dates = dated_plan(plan, parse_start("2027-03-01"))
        same = dated_plan(plan, parse_start("2027-03-01"), words(ENGLISH_STRINGS))
        assert same == dates
        english = timeline(plan["phases"], dates=dates, words=words(ENGLISH_STRINGS))
        assert english == timeline(plan["phases"], dates=dates)
        assert timeline(plan["phases"], words=words(ENGLISH_STRINGS)) == timeline(plan["phases"])

    def test_a_german_page_gets_its_plan_drawn_and_dated_in_german(self):
        value = german_plan_calendar("2027-03-01")
        wide, narrow = value["timeline"]["wide"], value["timeline"]["narrow"]
        seen = " ".join([texts(wide), texts(narrow), wide["title"], wide["desc"]])
        for english in ("Exit, end of week", "Activity and owner", "Week starts", "weeks ", "Mar"):
            assert english not in seen
        assert "Abschluss, Ende Woche 4 (28. März 2027)" in texts(wide)
        assert "Aktivität und Verantwortung" in texts(wide)
        assert "1. März" in texts(wide)  # the first day of week 1, on the week axis
        assert "Abschluss, Ende Woche 4" in texts(narrow)
        assert wide["title"] == "Ihr 90-Tage-Plan als Zeitleiste: 1. März 2027 – 23. Mai 2027"
        assert "Abschlusskriterien: " in wide["desc"]
        assert value["dates"]["label"] == "1. März 2027 – 23. Mai 2027"
        first = next(iter(value["dates"]["activities"].values()))
        assert first["label"].startswith("1. März 2027")
