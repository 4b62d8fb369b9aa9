"""The command line and the files Python writes, in German (``--language de``,
``$PLAYBOOK_LANGUAGE``): the text reports, the ROI CSV's periods, the JSON refusals and the
calendar file. English stays as it was (test_cli_*.py, test_ics.py)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import ClassVar

import pytest

from calculators import _browser, evaluate_case
from calculators._ics import plan_calendar
from calculators._maturity import assess
from calculators._portfolio import portfolio
from calculators._roi_report import years_csv
from calculators._rubric_files import load_rubrics
from calculators._words import _JSON_DETAILS, Words, json_detail
from tests.calculators import german
from tests.calculators.test_ics import events, lowest_answers
from tests.conftest import ROOT, run_cli

GERMAN_RUBRICS = load_rubrics(ROOT / "rubrics", docs_dir=ROOT / "docs", language="de").rubrics
DE = Words(german.GERMAN, "de")
ENGLISH_STRINGS = load_rubrics(ROOT / "rubrics", docs_dir=ROOT / "docs").rubrics["strings"]
# A German decimal number as the reports write it: "11,1 %", "27,5 Monate".
DECIMAL_COMMA = re.compile(r"\d,\d")


def write(tmp_path: Path, data, name: str) -> str:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return str(path)


@pytest.fixture(scope="module")
def answers_file(tmp_path_factory) -> str:
    """Most questions answered in the middle, the last few blank: a provisional result."""
    done = run_cli("maturity", "--template", "--format", "json")
    template = json.loads(done.stdout)
    choices = list(template["choices"].items())
    template["answers"] = {q: c[min(2, len(c) - 1)] for q, c in choices[:-4]}
    return write(tmp_path_factory.mktemp("answers"), template, "answers.json")


@pytest.fixture(scope="module")
def case_file(tmp_path_factory) -> str:
    done = run_cli("roi", "--template", "--format", "json")
    return write(tmp_path_factory.mktemp("case"), done.stdout, "case.json")


class TestMaturity:
    def test_the_report_is_german(self, answers_file):
        done = run_cli("maturity", answers_file, "--language", "de")
        assert done.returncode == 0, done.stderr
        text = done.stdout
        for words in ("Gesamtreifegrad: L", "Vorläufig: ", "Dimensionen:", "Nächste Schritte:"):
            assert words in text, words
        for english in ("Overall level", "Dimensions:", "Next actions:", "answered", "Rule:"):
            assert english not in text, english
        # The rubric's texts in German, and the explanation (why_messages) in German words
        # with the decimal comma: "L3 beginnt bei 2,5".
        dimension = GERMAN_RUBRICS["maturity"]["dimensions"][0]["title"]
        assert dimension in text
        assert re.search(r"beginnt bei \d,5", text), text

    def test_what_holds_it_back_and_the_progress_since_a_baseline_are_german(
        self, answers_file, tmp_path
    ):
        """The "held back by" lines and each dimension's progress from its baseline come from
        their message ids (they were printed from the English text)."""
        template = json.loads(run_cli("maturity", "--template", "--format", "json").stdout)
        choices = list(template["choices"].items())
        # Every answer one option higher than the baseline's, where there is one.
        template["answers"] = {q: c[min(3, len(c) - 1)] for q, c in choices}
        later = write(tmp_path, template, "later.json")
        done = run_cli("maturity", later, "--baseline", answers_file, "--language", "de")
        assert done.returncode == 0, done.stderr
        text = done.stdout
        held = text.split("Gebremst durch:\n")[1].split("\n\n")[0] if "Gebremst" in text else ""
        for english in ("of the way", "Weakest dimension", "The mean of", "Gate for", "No target"):
            assert english not in text, english
        assert "des Weges von L" in text or "Kein Ausgangswert" in text, text
        assert "Ausgangswert" in text
        if held:
            assert not re.search(r"\b(the|is|below|where)\b", held), held
        english = run_cli("maturity", later, "--baseline", answers_file, "--language", "en")
        assert "of the way from L" in english.stdout or "No baseline level" in english.stdout

    @pytest.mark.parametrize(
        ("args", "german"),
        [
            (("roi",), "Geben Sie eine Falldatei an"),
            (("maturity",), "Geben Sie eine Antwortdatei an"),
            (("readiness",), "Geben Sie eine Pilotdatei an"),
            (("maturity", "/no/such/answers.json"), "/no/such/answers.json: nicht lesbar ("),
            (("maturity", "--template", "--format", "ics"), "--format ics und --start datieren"),
        ],
    )
    def test_a_wrong_use_is_refused_in_german(self, args, german):
        """The command line's own refusals (a missing file, a wrong combination of options)
        carry message ids: German words after "Fehler:", the English ones in English."""
        done = run_cli(*args, "--language", "de")
        assert done.returncode == 1
        assert done.stderr.startswith(f"Fehler: {german}"), done.stderr
        english = run_cli(*args, "--language", "en")
        assert english.stderr.startswith("error: "), english.stderr
        assert german not in english.stderr

    def test_english_by_default_and_by_option(self, answers_file, monkeypatch):
        monkeypatch.delenv("PLAYBOOK_LANGUAGE", raising=False)
        plain = run_cli("maturity", answers_file)
        english = run_cli("maturity", answers_file, "--language", "en")
        assert plain.stdout == english.stdout
        assert plain.stdout.startswith("Overall level: L")
        assert "Dimensions:" in plain.stdout

    def test_playbook_language_is_the_default(self, answers_file, monkeypatch):
        monkeypatch.setenv("PLAYBOOK_LANGUAGE", "de")
        done = run_cli("maturity", answers_file)
        assert done.stdout.startswith("Gesamtreifegrad: L"), done.stdout[:80]
        assert run_cli("maturity", answers_file, "--language", "en").stdout.startswith("Overall")

    def test_json_keeps_its_ids_and_numbers(self, answers_file):
        english = json.loads(run_cli("maturity", answers_file, "--format", "json").stdout)
        german_ = json.loads(
            run_cli("maturity", answers_file, "--format", "json", "--language", "de").stdout
        )
        assert german_["overall"]["level"] == english["overall"]["level"]
        assert [d["id"] for d in german_["dimensions"]] == [d["id"] for d in english["dimensions"]]
        assert german_["progress"] == english["progress"]
        # The explanation in German words with the decimal comma; its messages as they were.
        why = german_["overall"]["why"]
        assert re.search(r"beginnt bei \d,5", why), why
        assert why.startswith(german.GERMAN["maturity.overall.mean_thresholds"][:10])
        assert (
            german_["overall"]["why_messages"][0]["message_id"]
            == (english["overall"]["why_messages"][0]["message_id"])
        )

    def test_a_batch_line_is_german(self, answers_file, tmp_path):
        done = run_cli("maturity", answers_file, answers_file, "--language", "de")
        assert done.returncode == 0, done.stderr
        bad = write(tmp_path, "[1,", "bad.json")
        refused = run_cli("maturity", answers_file, bad, "--language", "de")
        assert refused.returncode == 1
        assert refused.stderr.startswith(f"Fehler: {bad}:1: kein gültiges JSON (Spalte 4: ")
        assert "(vorläufig: " in done.stdout
        assert "provisional" not in done.stdout


class TestReadiness:
    def test_the_report_is_german(self, tmp_path):
        template = json.loads(run_cli("readiness", "--template", "--format", "json").stdout)
        first = next(iter(template["answers"]))
        pilot = {
            **template,
            "pilot": "Rechnungen",
            "answers": {**dict.fromkeys(template["answers"], "yes"), first: "no"},
        }
        done = run_cli("readiness", write(tmp_path, pilot, "pilot.json"), "--language", "de")
        assert done.returncode == 0, done.stderr
        text = done.stdout
        assert text.startswith("Pilot: Rechnungen\nUrteil: ")
        assert "Begründung: " in text
        assert "Ursachen (" in text
        assert ": markiert" in text
        assert "Abhilfe: " in text
        for english in ("Verdict:", "Why:", "Causes (", "remedy:", ": flagged", ": clear"):
            assert english not in text, english


class TestRoi:
    def test_the_report_is_german_with_decimal_commas(self, case_file):
        done = run_cli("roi", case_file, "--language", "de", "--runs", "200", "--seed", "3")
        assert done.returncode == 0, done.stderr
        text = done.stdout
        for words in (
            "Kapitalwert (risikoadjustiert)",
            "Zahlungsströme je Jahr",
            "Jahr ",
            "Kosten",
            "Nutzen",
            "Szenarien",
            "Monte-Carlo-Simulation (200 Läufe, Startwert 3)",
            " Monate",
        ):
            assert words in text, words
        for english in ("NPV (risk-adjusted)", "Cash flows", "Benefits", "Scenarios", " months"):
            assert english not in text, english
        assert re.search(r"\d,\d %", text), "percentages with a decimal comma and a space"
        assert re.search(r"\d\.\d{3} ", text), "thousands grouped with a point"
        assert not re.search(r"\d,\d{3} ", text), "no English grouping left"

    def test_english_report_unchanged(self, case_file):
        text = run_cli("roi", case_file).stdout
        assert "NPV (risk-adjusted)" in text
        assert "Cash flows by year" in text
        assert re.search(r"\d\.\d%", text)
        assert re.search(r"\d,\d{3} ", text)

    def test_json_keeps_ids_and_numbers_and_says_its_text_in_german(self, case_file):
        english = json.loads(run_cli("roi", case_file, "--format", "json").stdout)
        german_ = json.loads(
            run_cli("roi", case_file, "--format", "json", "--language", "de").stdout
        )
        assert german_.keys() == english.keys()
        for key in ("npv", "irr", "roi", "payback_months", "scenarios"):
            assert german_[key] == english[key], key
        assert [y["year"] for y in german_["years"]] == [y["year"] for y in english["years"]]
        assert [y["period"] for y in german_["years"]][:2] == [
            german.GERMAN["roi.period.initial"],
            "Jahr 1",
        ]
        assert [y["period"] for y in english["years"]][:2] == ["Initial", "Year 1"]
        assert german_["notes"] == [DE.said(n) for n in english["notes_said"]]
        assert german_["notes_said"] == english["notes_said"]  # the messages stay as they are

    def test_several_cases_and_their_ranking_in_german(self, case_file, tmp_path):
        data = json.loads(Path(case_file).read_text(encoding="utf-8"))
        other = write(tmp_path, {**data, "name": "Zweiter Fall"}, "second.json")
        done = run_cli("roi", case_file, other, "--budget", "2000000", "--language", "de")
        assert done.returncode == 0, done.stderr
        assert "Reihenfolge der Finanzierung: " in done.stdout
        assert "Finanziert innerhalb von 2.000.000: " in done.stdout
        assert "Regel: " + german.GERMAN["use_cases.funding_rule"] in done.stdout
        assert "Funding order" not in done.stdout

    def test_a_bad_case_is_refused_in_german(self, case_file, tmp_path):
        data = json.loads(Path(case_file).read_text(encoding="utf-8"))
        bad = write(tmp_path, {**data, "discount_rate": -3, "horizon_years": 0}, "bad.json")
        done = run_cli("roi", bad, "--language", "de")
        assert done.returncode == 1
        assert done.stderr.startswith(f"Fehler: {bad}: 2 Felder sind zu korrigieren\n")
        assert f"{bad}: 'horizon_years': " in done.stderr
        assert "must be" not in done.stderr


class TestCsvPeriod:
    CASE: ClassVar[dict] = {
        "discount_rate": 0.1,
        "horizon_years": 2,
        "adoption": {"curve": "linear", "target": 1.0, "by_year": 0},
        "costs": [
            {"id": "build", "category": "build", "amount": 100, "timing": "one_time", "year": 0}
        ],
        "benefits": [
            {"id": "c", "category": "cost", "volume": 1000, "reduction": 0.5, "unit_cost": 0.3}
        ],
    }

    def test_periods_german_headers_and_numbers_machine_keys(self):
        rows = years_csv(evaluate_case(self.CASE), DE).splitlines()
        english = years_csv(evaluate_case(self.CASE)).splitlines()
        assert (
            rows[0]
            == english[0]
            == ("year,period,costs,benefits,net,cumulative,discounted_cumulative,adoption")
        )
        assert [r.split(",")[1] for r in rows[1:]] == [
            german.GERMAN["roi.period.initial"],
            "Jahr 1",
            "Jahr 2",
        ]
        assert [r.split(",")[1] for r in english[1:]] == ["Initial", "Year 1", "Year 2"]
        # Only the period differs: the numbers keep their point.
        assert [r.split(",")[2:] for r in rows] == [r.split(",")[2:] for r in english]

    def test_the_page_passes_its_words_to_the_engine(self):
        """roi.js sends wordsFor("roi.period."): the worker writes the periods in them."""
        _browser.configure(json.dumps({}))
        words = {k: v for k, v in german.GERMAN.items() if k.startswith("roi.period.")}
        reply = json.loads(
            _browser.handle(
                json.dumps({"fn": "roi_years_csv", "args": {"case": self.CASE, "words": words}})
            )
        )
        assert reply["ok"], reply
        assert reply["value"].splitlines()[2].startswith("1,Jahr 1,")
        plain = json.loads(
            _browser.handle(json.dumps({"fn": "roi_years_csv", "args": {"case": self.CASE}}))
        )
        assert plain["value"].splitlines()[2].startswith("1,Year 1,")
        roi_js = (ROOT / "docs/assets/javascripts/roi.js").read_text(encoding="utf-8")
        assert 'words: wordsFor("roi.period.")' in roi_js


# A text that makes json give each of its messages (json.decoder, CPython 3.12+).
BROKEN = {
    "Expecting value": '{"a": }',
    "Expecting ',' delimiter": '{"a": 1 "b": 2}',
    "Expecting ':' delimiter": '{"a" 1}',
    "Expecting property name enclosed in double quotes": "{'a': 1}",
    "Unterminated string starting at": '{"a": "b',
    "Invalid control character at": '{"a": "b\tc"}',
    "Invalid \\escape": '{"a": "\\q"}',
    "Invalid \\uXXXX escape": '{"a": "\\u12"}',
    "Extra data": "{} []",
}


class TestJsonRefusal:
    @pytest.mark.parametrize("reason", sorted(BROKEN))
    def test_each_of_jsons_reasons_has_german_words(self, reason):
        try:
            json.loads(BROKEN[reason])
        except json.JSONDecodeError as err:
            detail = json_detail(err)
        assert detail["message"] == reason, "json's message changed: update _JSON_DETAILS"
        assert detail["message_id"] == _JSON_DETAILS[reason]
        assert detail["message_id"] in ENGLISH_STRINGS["strings"]
        assert DE.said(detail) == german.GERMAN[detail["message_id"]] != reason

    def test_the_command_line_refuses_in_german_with_line_and_column(self, tmp_path):
        bad = write(tmp_path, '{"rubric": {"id": "maturity"},\n  "answers": }', "answers.json")
        done = run_cli("maturity", bad, "--language", "de")
        assert done.returncode == 1
        assert done.stderr.strip() == (
            f"Fehler: {bad}:2: kein gültiges JSON (Spalte 14: "
            f"{german.GERMAN['json.expecting_value']})"
        )
        english = run_cli("maturity", bad)
        assert english.stderr.strip() == (
            f"error: {bad}:2: not valid JSON (column 14: Expecting value)"
        )

    def test_the_roll_up_leaves_a_broken_file_out_in_german(self):
        maturity = GERMAN_RUBRICS["maturity"]
        out = portfolio(maturity, [{"file": "kaputt.json", "text": '{"a": 1,\n "b" 2}'}])
        reason = german.said(out["skipped"][0]["reason_said"])
        assert reason == (
            f"kein gültiges JSON (Zeile 2: {german.GERMAN['json.expecting_colon']}, Spalte 6)"
        )
        assert out["skipped"][0]["reason"] == (
            "not valid JSON (line 2: Expecting ':' delimiter, column 6)"
        )


@pytest.fixture(scope="module")
def plan() -> dict:
    """The plan of the lowest answers (every phase in it), from the German rubrics."""
    answers = lowest_answers()
    return assess(GERMAN_RUBRICS["maturity"], answers, sprint=GERMAN_RUBRICS["sprint"])["plan"]


class TestCalendar:
    def test_the_calendar_speaks_german(self, plan):
        start = dt.date(2027, 1, 4)
        ics = plan_calendar(plan, start, roles={}, words=german.GERMAN)
        assert "X-WR-CALNAME:Ihr 90-Tage-Plan\r\n" in ics
        first = events(ics)[0]
        description = first["DESCRIPTION"]
        assert description.startswith("Phase: ")
        assert "Verantwortlich: " in description
        # The phase's last day in German words: "Ende von Woche 4, 31. Jan. 2027".
        phase = plan["phases"][0]
        end = start + dt.timedelta(weeks=phase["weeks"]["end"], days=-1)
        assert f"(Ende von Woche {phase['weeks']['end']}, {end.day}. " in description
        assert "Owner" not in description
        assert "Exit criteria" not in description
        assert first["SUMMARY"] == phase["activities"][0]["title"]  # the German rubric's title

    def test_english_calendar_names_the_last_day_too(self, plan):
        start = dt.date(2027, 1, 4)
        ics = plan_calendar(plan, start)
        assert "X-WR-CALNAME:Your 90-day plan\r\n" in ics
        weeks = plan["phases"][0]["weeks"]
        end = start + dt.timedelta(weeks=weeks["end"], days=-1)
        label = f"{end.day} {end:%b} {end.year}"
        assert f"(end of week {weeks['end']}, {label}):" in events(ics)[0]["DESCRIPTION"]

    def test_the_command_line_calendar_is_german(self, answers_file):
        args = ("maturity", answers_file, "--format", "ics", "--start", "2027-01-04")
        done = run_cli(*args, "--language", "de")
        assert done.returncode == 0, done.stderr
        assert "X-WR-CALNAME:Ihr 90-Tage-Plan" in done.stdout
        found = events(done.stdout.replace("\n", "\r\n").replace("\r\r\n", "\r\n"))
        assert all("Verantwortlich: " in e["DESCRIPTION"] for e in found)
        titles = {
            a["title"] for s in GERMAN_RUBRICS["sprint"]["phases"] for a in s.get("activities", [])
        }
        assert {e["SUMMARY"] for e in found} <= titles

    def test_the_page_sends_the_calendar_words(self):
        js = (ROOT / "docs/assets/javascripts/assessment.js").read_text(encoding="utf-8")
        assert 'wordsFor("timeline.", "dates.", "ics.")' in js
        _browser.configure(json.dumps(GERMAN_RUBRICS))
        words = {k: v for k, v in german.GERMAN.items() if k.startswith(("ics.", "dates."))}
        reply = json.loads(
            _browser.handle(
                json.dumps(
                    {
                        "fn": "plan_calendar",
                        "args": {
                            "answers": lowest_answers(),
                            "start": "2027-01-04",
                            "words": words,
                        },
                    }
                )
            )
        )
        assert reply["ok"], reply
        assert "X-WR-CALNAME:Ihr 90-Tage-Plan" in reply["value"]["ics"]


class TestPortfolio:
    def test_the_roll_up_and_the_pilots_in_german(self, answers_file, tmp_path):
        pilot = run_cli("readiness", "--template", "--format", "json").stdout
        files = [
            answers_file,
            write(tmp_path, pilot, "pilot.json"),
            write(tmp_path, '{"a": 1,', "broken.json"),
        ]
        done = run_cli("portfolio", *files, "--language", "de")
        assert done.returncode == 0, done.stderr
        text = done.stdout
        assert text.startswith("Teilnehmende: 1\nWeggelassen (1):\n")
        assert "Dimensionen (Median" in text
        assert "Nächste Schritte (die Teams" in text
        assert "\nPiloten: 1 (" in text
        assert "\nReihenfolge: " in text
        assert "Respondents" not in text
        assert "Pilots:" not in text
        assert done.stderr.startswith(f"weggelassen: {files[2]}: kein gültiges JSON (Zeile 1: ")
        english = run_cli("portfolio", *files)
        assert english.stdout.startswith("Respondents: 1\nLeft out (1):\n")
        assert english.stderr.startswith(f"left out: {files[2]}: not valid JSON (line 1: ")

    def test_a_half_level_with_a_decimal_comma(self):
        from calculators._portfolio import _level

        assert _level(2.5, DE) == "L2,5"
        assert _level(2.5) == "L2.5"
        assert _level(3.0) == "L3.0"  # English as it always was
        assert _level(None, DE) == "-"
