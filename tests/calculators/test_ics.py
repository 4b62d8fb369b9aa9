"""calculators._ics: the 90-day plan dated, and as an iCalendar file (RFC 5545), from the CLI
and from the browser entry point."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from calculators import _browser
from calculators._errors import InputError
from calculators._ics import dated_plan, escape_text, next_monday, parse_start, plan_calendar
from calculators._maturity import assess
from calculators._rubric_files import load_rubrics
from tests.conftest import ROOT

RUBRICS = load_rubrics(ROOT / "rubrics", docs_dir=ROOT / "docs").rubrics
START = dt.date(2027, 1, 4)  # a Monday
STAMP = dt.datetime(2026, 12, 1, 9, 30, tzinfo=dt.UTC)


def lowest_answers() -> dict:
    """Every question answered with its lowest option: the plan has every phase in it."""
    return {
        q["id"]: q["options"][0]["value"]
        for q in RUBRICS["maturity"]["questions"]
        if not q.get("retired")
    }


@pytest.fixture(scope="module")
def plan() -> dict:
    result = assess(RUBRICS["maturity"], lowest_answers(), sprint=RUBRICS["sprint"])
    assert result["plan"]["phases"]
    return result["plan"]


def unfold(text: str) -> list[str]:
    """Content lines of an iCalendar text: CRLF-separated, a line starting with a space or a
    tab continues the previous one (RFC 5545 3.1)."""
    assert text.endswith("\r\n")
    lines: list[str] = []
    for raw in text[:-2].split("\r\n"):
        assert "\n" not in raw, f"bare line break in {raw!r}"
        assert "\r" not in raw, f"bare line break in {raw!r}"
        if raw[:1] in (" ", "\t"):
            lines[-1] += raw[1:]
        else:
            lines.append(raw)
    return lines


def unescape(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m.group(1) in "nN" else m.group(1), value)


def events(text: str) -> list[dict[str, str]]:
    """The VEVENTs as {name (with parameters): value}, values unescaped."""
    found, current = [], None
    for line in unfold(text):
        name, _, value = line.partition(":")
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            found.append(current)
            current = None
        elif current is not None:
            current[name] = unescape(value)
    return found


def day(value: str) -> dt.date:
    return dt.datetime.strptime(value, "%Y%m%d").date()


class TestParseStart:
    """parse_start: YYYY-MM-DD, or the next Monday."""

    def test_default_is_the_next_monday(self):
        """No date: the first Monday after today, never today."""
        assert parse_start(None, today=dt.date(2026, 12, 1)) == dt.date(2026, 12, 7)
        assert parse_start("", today=dt.date(2026, 12, 7)) == dt.date(2026, 12, 14)
        assert next_monday(dt.date.today()).weekday() == 0

    @pytest.mark.parametrize(
        "bad", ["2027-13-01", "2027-02-30", "04/01/2027", "tomorrow", "20270104"]
    )
    def test_bad_date_names_the_field(self, bad):
        """A bad date says which field, what it got and what it expects."""
        with pytest.raises(InputError) as err:
            parse_start(bad)
        assert err.value.field == "start"
        assert err.value.label == "Start date"
        assert repr(bad) in str(err.value)
        assert "YYYY-MM-DD" in str(err.value)


class TestDatedPlan:
    """dated_plan: week 1 begins on the start date."""

    def test_every_date_falls_within_the_90_days(self, plan):
        """Phases and activities start on or after the start and end within 90 days of it."""
        dates = dated_plan(plan, START)
        assert dates["start"] == START.isoformat()
        spans = list(dates["phases"].values()) + list(dates["activities"].values())
        assert len(dates["activities"]) == sum(len(p["activities"]) for p in plan["phases"])
        for span in spans:
            first, last = dt.date.fromisoformat(span["start"]), dt.date.fromisoformat(span["end"])
            assert START <= first <= last <= START + dt.timedelta(days=90)
            assert span["label"]

    def test_an_activity_spans_its_weeks(self, plan):
        """Weeks s-e run from the Monday of week s to the Sunday of week e."""
        activity = plan["phases"][0]["activities"][0]
        span = dated_plan(plan, START)["activities"][activity["id"]]
        first, last = dt.date.fromisoformat(span["start"]), dt.date.fromisoformat(span["end"])
        assert (first - START).days == 7 * (activity["weeks"]["start"] - 1)
        assert (last - first).days + 1 == 7 * (
            activity["weeks"]["end"] - activity["weeks"]["start"] + 1
        )
        assert first.weekday() == 0
        assert last.weekday() == 6


class TestPlanCalendar:
    """plan_calendar: an RFC 5545 file the standard library can read back."""

    @pytest.fixture
    def ics(self, plan) -> str:
        roles = {r["id"]: r["title"] for r in RUBRICS["operating_model"]["roles"]}
        return plan_calendar(plan, START, roles=roles, stamp=STAMP)

    def test_lines_end_in_crlf_and_fold_at_75_octets(self, ics):
        """Every physical line is at most 75 octets and ends with CRLF."""
        for raw in ics.split("\r\n")[:-1]:
            assert len(raw.encode("utf-8")) <= 75, raw
        assert ics.count("\n") == ics.count("\r\n")
        lines = unfold(ics)
        assert lines[0] == "BEGIN:VCALENDAR"
        assert lines[-1] == "END:VCALENDAR"
        assert "VERSION:2.0" in lines
        assert any(line.startswith("PRODID:") for line in lines)

    def test_one_all_day_event_per_activity(self, ics, plan):
        """Each activity is an event with its title, a unique UID, DTSTAMP and all-day dates
        within the 90 days (DTEND the day after the last)."""
        found = events(ics)
        activities = [a for p in plan["phases"] for a in p["activities"]]
        assert [e["SUMMARY"] for e in found] == [a["title"] for a in activities]
        assert len({e["UID"] for e in found}) == len(found)
        for event, activity in zip(found, activities, strict=True):
            assert event["DTSTAMP"] == "20261201T093000Z"
            first, end = day(event["DTSTART;VALUE=DATE"]), day(event["DTEND;VALUE=DATE"])
            assert START <= first < end <= START + dt.timedelta(days=90)
            assert (end - first).days == 7 * (
                activity["weeks"]["end"] - activity["weeks"]["start"] + 1
            )

    def test_description_names_owner_and_exit_criteria(self, ics, plan):
        """The description says who owns the activity and what ends its phase."""
        first = events(ics)[0]
        phase = plan["phases"][0]
        owner = next(
            r["title"]
            for r in RUBRICS["operating_model"]["roles"]
            if r["id"] == phase["activities"][0]["owner"]
        )
        assert f"Owner: {owner}" in first["DESCRIPTION"]
        assert "Exit criteria" in first["DESCRIPTION"]
        for criterion in phase["exit_criteria"]:
            assert f"- {criterion}" in first["DESCRIPTION"].split("\n")

    def test_text_is_escaped_and_long_lines_folded_inside_no_character(self):
        """Commas, semicolons, backslashes and newlines are escaped; a long title with
        multi-byte characters folds between characters and reads back whole."""
        title = "Résumé, plan; path\\to\nnext — " + "é" * 60
        plan = {
            "phases": [
                {
                    "id": "p",
                    "title": "P",
                    "weeks": {"start": 1, "end": 4},
                    "exit_criteria": ["a, b; c"],
                    "activities": [
                        {"id": "a", "title": title, "owner": "o", "weeks": {"start": 1, "end": 1}}
                    ],
                }
            ]
        }
        ics = plan_calendar(plan, START, stamp=STAMP)
        ics.encode("utf-8")  # every folded piece is whole characters
        for raw in ics.split("\r\n")[:-1]:
            assert len(raw.encode("utf-8")) <= 75
        (event,) = events(ics)
        assert event["SUMMARY"] == title
        assert "- a, b; c" in event["DESCRIPTION"]
        assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"


def write_answers(tmp_path: Path) -> str:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"rubric": {"id": "maturity"}, "answers": lowest_answers()}))
    return str(path)


def cli(*args: str) -> subprocess.CompletedProcess:
    """The CLI in a child process, its output as bytes (so the CRLFs stay as written)."""
    return subprocess.run(
        [sys.executable, "-m", "calculators", *args],
        cwd=ROOT,
        capture_output=True,
        timeout=60,
        check=False,
    )


class TestCommandLine:
    """python -m calculators maturity FILE --format ics [--start YYYY-MM-DD]."""

    def test_prints_the_calendar_from_the_start_date(self, tmp_path):
        """The calendar's events start on or after --start and end within 90 days."""
        done = cli("maturity", write_answers(tmp_path), "--format", "ics", "--start", "2027-01-04")
        assert done.returncode == 0, done.stderr
        text = done.stdout.decode("utf-8")
        found = events(text)
        assert found
        assert min(day(e["DTSTART;VALUE=DATE"]) for e in found) == START
        assert max(day(e["DTEND;VALUE=DATE"]) for e in found) <= START + dt.timedelta(days=90)

    def test_default_start_is_a_monday_after_today(self, tmp_path):
        """No --start: the plan begins the next Monday."""
        done = cli("maturity", write_answers(tmp_path), "--format", "ics")
        assert done.returncode == 0, done.stderr
        first = min(day(e["DTSTART;VALUE=DATE"]) for e in events(done.stdout.decode()))
        assert first == next_monday(dt.date.today())

    @pytest.mark.parametrize("bad", ["2027-02-30", "next week"])
    def test_bad_date_exits_1_with_one_line(self, tmp_path, bad):
        """A bad --start exits 1 with a one-line reason and prints no calendar."""
        done = cli("maturity", write_answers(tmp_path), "--format", "ics", "--start", bad)
        assert done.returncode == 1
        assert done.stdout == b""
        message = done.stderr.decode().strip()
        assert len(message.splitlines()) == 1
        assert "Start date" in message
        assert bad in message

    def test_start_without_ics_is_refused(self, tmp_path):
        """--start only dates a calendar; alone it says so."""
        done = cli("maturity", write_answers(tmp_path), "--start", "2027-01-04")
        assert done.returncode == 1
        assert "--format ics" in done.stderr.decode()


class TestBrowserEntry:
    """The worker's plan_calendar: the page's dates and its download, from the same code."""

    def test_plan_calendar_dates_and_ics(self):
        """The reply holds the dates per activity and the iCalendar text."""
        _browser.configure(
            json.dumps({k: RUBRICS[k] for k in ("maturity", "sprint", "operating_model")}),
            ["assessment"],
        )
        request = {
            "fn": "plan_calendar",
            "args": {"answers": lowest_answers(), "start": "2027-01-04"},
        }
        reply = json.loads(_browser.handle(json.dumps(request)))
        assert reply["ok"], reply
        value = reply["value"]
        assert value["filename"] == "ai-90-day-plan-2027-01-04.ics"
        assert value["dates"]["start"] == "2027-01-04"
        assert len(events(value["ics"])) == len(value["dates"]["activities"])

    def test_bad_date_comes_back_on_its_field(self):
        """A bad date is an input error on the 'start' field, in the reader's words."""
        _browser.configure(
            json.dumps({k: RUBRICS[k] for k in ("maturity", "sprint", "operating_model")}),
            ["assessment"],
        )
        request = {
            "fn": "plan_calendar",
            "args": {"answers": lowest_answers(), "start": "2027-02-30"},
        }
        reply = json.loads(_browser.handle(json.dumps(request)))
        assert reply["ok"] is False
        assert reply["error"]["field"] == "start"
        assert reply["error"]["label"] == "Start date"

    def test_default_start_follows_the_readers_today(self):
        """Without a start, the Monday after the reader's own date."""
        _browser.configure(
            json.dumps({k: RUBRICS[k] for k in ("maturity", "sprint", "operating_model")}),
            ["assessment"],
        )
        request = {
            "fn": "plan_calendar",
            "args": {"answers": lowest_answers(), "today": "2026-12-01"},
        }
        reply = json.loads(_browser.handle(json.dumps(request)))
        assert reply["value"]["dates"]["start"] == "2026-12-07"
