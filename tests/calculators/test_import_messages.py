"""What Python says about files it reads carries the id of its words (issue 17): an import's notes
and version line, the portfolio's quartile method and why a progress is undefined. A page in
another language says them in its words, as it says Python's other messages."""

from __future__ import annotations

import json
import re

import yaml

from calculators._maturity_io import export_assessment, read_export
from calculators._portfolio import portfolio
from calculators._readiness import read_pilots
from tests.calculators.test_maturity import MATURITY
from tests.conftest import ROOT

STRINGS = yaml.safe_load((ROOT / "rubrics" / "strings.yaml").read_text(encoding="utf-8"))["strings"]
GERMAN = yaml.safe_load(
    (ROOT / "rubrics" / "locales" / "de" / "strings.yaml").read_text(encoding="utf-8")
)["strings"]


def say(item, strings) -> str:
    """A message in ``strings``' words, as tools.js's said() puts it (lists joined by '; ')."""

    def value(v):
        if isinstance(v, list):
            return "; ".join(say(x, strings) if isinstance(x, dict) else str(x) for x in v)
        return str(v)

    words = strings[item["message_id"]]
    return re.sub(r"\{(\w+)\}", lambda m: value(item["values"][m.group(1)]), words)


def old_export() -> dict:
    """An export made with version 0.9.0, answering a question the rubric does not have."""
    lowest = {q["id"]: q["options"][0]["value"] for q in MATURITY["questions"]}
    data = export_assessment(MATURITY, lowest)
    data["rubric"]["version"] = "0.9.0"
    data["answers"]["long_gone"] = "yes"
    return data


class TestAssessmentImportMessages:
    def test_each_note_has_an_id_the_strings_hold_and_the_same_english(self):
        out = read_export(MATURITY, old_export())
        assert len(out["notes_said"]) == 2
        assert [n["message"] for n in out["notes_said"]] == out["notes"]
        for note in out["notes_said"]:
            assert note["message_id"] in STRINGS

    def test_a_german_page_says_the_dropped_answer_and_its_reason_in_german(self):
        out = read_export(MATURITY, old_export())
        german = [say(n, GERMAN) for n in out["notes_said"]]
        assert german[1] == (
            "1 Antwort konnte nicht übernommen werden: long_gone (diese Frage gibt es in"
            " dieser Version der Rubrik nicht)"
        )
        assert say(out["version_line_said"], GERMAN) == (
            f"Bewertet mit maturity {MATURITY['version']}; der Export wurde mit 0.9.0 erstellt."
        )


class TestReadinessImportMessages:
    def test_a_retired_check_is_noted_with_the_pilot_in_german(self):
        rubric = {
            "id": "root_causes",
            "version": "1",
            "causes": [{"id": "c", "checks": [{"id": "k"}, {"id": "old", "retired": True}]}],
            "readiness": {"answers": [{"value": "yes"}]},
        }
        out = read_pilots(rubric, {"pilot": "A", "answers": {"k": "yes", "old": "yes"}})
        assert out["notes"] == ["pilot 'A': answers to retired checks were left out: old."]
        assert [say(n, GERMAN) for n in out["notes_said"]] == [
            "Pilot 'A': Antworten auf zurückgezogene Prüfungen wurden weggelassen: old."
        ]


class TestPortfolioMessages:
    def test_the_quartile_method_and_an_undefined_progress_in_german(self):
        lowest = {q["id"]: q["options"][0]["value"] for q in MATURITY["questions"]}
        dim = MATURITY["dimensions"][0]["id"]
        data = {**export_assessment(MATURITY, lowest, about={"team": "A", "date": "2026-03-31"})}
        data["targets"] = {dim: 1}  # not above the baseline: undefined
        out = portfolio(MATURITY, [{"file": "a.json", "text": json.dumps(data)}])
        assert say(out["quartiles_said"], GERMAN).startswith("lineare Interpolation")
        (row,) = out["progress"]
        assert row["why_said"]["message"] == row["why"]
        assert say(row["why_said"], GERMAN) == (
            "nicht definiert: das Ziel (L1) liegt nicht über dem Ausgangswert (L1 am 2026-03-31)"
        )
