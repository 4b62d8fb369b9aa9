"""Answers in and out of the maturity engine: the export and its "about" (issue 13)."""

from __future__ import annotations

import json

import pytest

from calculators import InputError, _browser
from calculators._maturity_io import EXPORT_FORMAT, export_assessment, read_about, read_export
from tests.calculators.test_maturity import MATURITY, QUESTIONS


def lowest() -> dict:
    return {q["id"]: q["options"][0]["value"] for q in QUESTIONS}


class TestReadAbout:
    """read_about checks team, respondent and date; all optional."""

    def test_blank_respondent_is_anonymous(self):
        about = read_about({"team": "Payments", "respondent": "  ", "date": "2026-03-31"})
        assert about == {"team": "Payments", "respondent": None, "date": "2026-03-31"}

    def test_every_bad_field_is_named_by_its_label_at_once(self):
        with pytest.raises(InputError) as caught:
            read_about({"team": 7, "respondent": "x" * 201, "date": "2026-02-30"})
        labels = [e["label"] for e in caught.value.errors]
        assert labels == ["Team or scope", "Respondent", "Date assessed"]
        assert [e["field"] for e in caught.value.errors] == [
            "about.team",
            "about.respondent",
            "about.date",
        ]

    def test_about_must_be_an_object(self):
        with pytest.raises(InputError, match="'about' must be an object"):
            read_about(["Payments"])


class TestExportAssessment:
    """The export the page saves, built in Python, read back by read_export."""

    def test_round_trip_keeps_answers_and_about(self):
        about = {"team": "Payments", "respondent": "", "date": "2026-03-31"}
        out = export_assessment(MATURITY, lowest(), about=about, exported_at="2026-04-01T10:00Z")
        assert out["format"] == EXPORT_FORMAT
        assert out["rubric"] == {"id": MATURITY["id"], "version": MATURITY["version"]}
        back = read_export(MATURITY, json.loads(json.dumps(out)))
        assert back["answers"] == lowest()
        assert back["about"] == {"team": "Payments", "respondent": None, "date": "2026-03-31"}
        assert out["result"]["overall"]["level"] == 1

    def test_blank_date_is_the_export_day(self):
        out = export_assessment(MATURITY, {}, exported_at="2026-04-01T23:59:00Z")
        assert out["about"]["date"] == "2026-04-01"
        assert set(out["answers"]) == {q["id"] for q in QUESTIONS}
        assert out["result"]["overall"]["level"] is None

    def test_an_old_export_without_about_still_imports(self):
        old = {"format": EXPORT_FORMAT, "rubric": {"id": "maturity", "version": "0.9.0"}}
        back = read_export(MATURITY, {**old, "answers": lowest(), "exported_at": "2025-01-01"})
        assert back["answers"] == lowest()
        assert back["about"] == {"team": None, "respondent": None, "date": None}

    def test_a_bad_answer_is_refused_by_question(self):
        with pytest.raises(InputError, match="cannot be 'maybe'"):
            export_assessment(MATURITY, {QUESTIONS[0]["id"]: "maybe"})

    def test_the_worker_builds_the_export(self):
        _browser.configure(json.dumps({"maturity": MATURITY}), ["assessment"])
        reply = json.loads(
            _browser.handle(
                json.dumps(
                    {
                        "fn": "export",
                        "args": {"answers": lowest(), "about": {"team": "Ops"}},
                    }
                )
            )
        )
        assert reply["ok"], reply
        assert reply["value"]["about"]["team"] == "Ops"
        bad = json.loads(
            _browser.handle(
                json.dumps({"fn": "export", "args": {"answers": {}, "about": {"date": "soon"}}})
            )
        )
        assert bad["error"]["label"] == "Date assessed"
