"""The use-case portfolio page's engine: the command line's ranking, a chart, a CSV."""

from __future__ import annotations

import copy
import csv
import io
import json

import pytest

from calculators import _browser, _use_cases
from tests.calculators import german
from tests.calculators.test_stage_gates import KPIS, MATURITY, gates
from tests.conftest import run_cli

EXPORT = "ai-scale-up-playbook/roi-case"


def case(name: str, p1: float | None = None, users: int | None = None) -> dict:
    out = copy.deepcopy(KPIS["roi_defaults"])
    out["name"] = name
    if users is not None:
        out["users"] = users
    if p1 is not None:
        out["stage_gates"] = {"from": "typed", "gates": gates(p1, 0.8, 0.7, years=3)}
    return out


FILES = [
    {"name": "claims.json", "data": {"format": EXPORT, "case": case("Claims", 0.54)}},
    {"name": "small.json", "data": case("Small", 0.33, users=100)},
    {"name": "sure.json", "data": {"format": EXPORT, "case": case("Sure")}},
]


@pytest.fixture(scope="module")
def result() -> dict:
    return _use_cases.use_cases(FILES, budget=3_000_000)


class TestUseCases:
    """One engine: the page's order and funding are the command line's for the same files."""

    def test_same_as_the_command_line(self, result, tmp_path):
        paths = []
        for f in FILES:
            path = tmp_path / f["name"]
            path.write_text(json.dumps(f["data"]))
            paths.append(str(path))
        done = run_cli("roi", *paths, "--budget", "3000000", "--format", "json")
        assert done.returncode == 0, done.stderr
        cli = json.loads(done.stdout)
        assert result["order"] == cli["order"]
        assert result["funded"] == cli["funded"]
        for mine, theirs in zip(result["cases"], cli["cases"], strict=True):
            assert mine["expected_npv"] == theirs["expected_npv"]
            assert mine["p_success"] == theirs["p_success"]

    def test_rows_say_where_the_gates_come_from(self, result):
        rows = {r["name"]: r for r in result["cases"]}
        assert rows["Claims"]["gates_from"] == "probabilities typed in"
        assert rows["Sure"]["gates_from"] is None
        assert rows["Sure"]["p_success"] == 1.0
        assert any("Sure" in n and "100 %" in n for n in result["notes"])

    def test_a_bad_file_is_listed_and_the_others_kept(self):
        bad = case("Bad", 0.5)
        bad["stage_gates"]["gates"][0]["probability"] = 3
        out = _use_cases.use_cases([*FILES, {"name": "bad.json", "data": bad}])
        assert len(out["cases"]) == 3
        # reason_said (issue 17) grows each entry; the name and the English reason stay.
        assert [{k: r[k] for k in ("name", "reason")} for r in out["refused"]] == [
            {
                "name": "bad.json",
                "reason": "Gate 'Reaches production': probability must be between 0 % and"
                " 100 % (got 300 %)",
            }
        ]

    def test_an_assessment_export_is_refused_as_not_a_case(self):
        out = _use_cases.use_cases([{"name": "team.json", "data": {"answers": {}}}])
        assert "not an ROI case" in out["refused"][0]["reason"]


class TestChart:
    """One dot per case, across by probability of success, up by expected NPV; titled."""

    def test_dots(self, result):
        chart = result["chart"]
        dots = [s for s in chart["shapes"] if s["kind"] == "circle"]
        assert len(dots) == 3
        xs = {d["label"].split(". ", 1)[1]: d["cx"] for d in dots}
        assert xs["Small"] < xs["Claims"] < xs["Sure"]
        assert chart["title"]
        assert "table" in chart["desc"]
        funded = {r["name"] for r in result["cases"] if r["funded_now"]}
        for dot in dots:
            name = dot["label"].split(". ", 1)[1]
            assert ("pb-uc-dot--funded" in dot["cls"]) == (name in funded)

    def test_a_higher_value_sits_higher(self, result):
        dots = {s["label"]: s for s in result["chart"]["shapes"] if s["kind"] == "circle"}
        rows = result["cases"]
        ordered = sorted(range(len(rows)), key=lambda i: rows[i]["expected_npv"])
        ys = [dots[f"{i + 1}. {rows[i]['name']}"]["cy"] for i in ordered]
        assert ys == sorted(ys, reverse=True)


class TestCsv:
    def test_rows(self, result):
        rows = list(csv.reader(io.StringIO(_use_cases.use_cases_csv(result))))
        assert rows[0][:2] == ["Funding order", "Use case"]
        assert [r[1] for r in rows[1:]] == [c["name"] for c in result["cases"]]


class TestWorker:
    def test_through_the_browser_entry(self):
        _browser.configure(json.dumps({"kpis": KPIS, "maturity": MATURITY}), ["use-cases"])
        reply = json.loads(
            _browser.handle(json.dumps({"fn": "use_cases", "args": {"files": FILES, "budget": -1}}))
        )
        assert reply["ok"] is False
        assert reply["error"]["label"] == "Budget"

    def test_a_budget_typed_on_a_german_page_is_read_in_its_format(self):
        """The page sends the budget as typed with its number format: "1.500.000,5" under de
        (the field was a browser number input, which refused a German decimal)."""
        _browser.configure(json.dumps({"kpis": KPIS, "maturity": MATURITY}), ["use-cases"])
        args = {"files": FILES, "budget": "1.500.000,5", "budget_label": "Zu vergebendes Budget"}
        german = {**args, "number_format": {"decimal": ",", "group": "."}}
        reply = json.loads(_browser.handle(json.dumps({"fn": "use_cases", "args": german})))
        assert reply["ok"] is True
        assert reply["value"]["budget"] == 1_500_000.5

    def test_a_typed_budget_that_is_not_a_number_is_named_by_the_pages_label(self):
        _browser.configure(json.dumps({"kpis": KPIS, "maturity": MATURITY}), ["use-cases"])
        args = {"files": FILES, "budget": "viel", "budget_label": "Zu vergebendes Budget",
                "number_format": {"decimal": ",", "group": "."}}  # fmt: skip
        reply = json.loads(_browser.handle(json.dumps({"fn": "use_cases", "args": args})))
        assert reply["ok"] is False
        assert reply["error"]["field"] == "budget"
        assert reply["error"]["message_id"] == "error.number.not_a_number"
        assert reply["error"]["values"]["label"] == "Zu vergebendes Budget"


class TestChartWordsInThePagesLanguage:
    """Issue 17: the German chart's ticks read '-400k' and '25%', its description '24.6k', and a
    case's odds 'probabilities typed in': English text with no message id."""

    def test_ticks_dots_and_odds_have_german_words(self, result):
        drawing = result["chart"]
        ticks = [
            german.said(s) for s in drawing["shapes"] if s["kind"] == "text" and "tick" in s["cls"]
        ]
        assert "25 %" in ticks
        assert "100 %" in ticks
        assert not [t for t in ticks if t.endswith(("k", "M", "bn", "%")) and " " not in t]
        assert any(t.endswith(" Tsd.") or t.endswith(" Mio.") for t in ticks)
        dots = drawing["desc_said"]["values"]["dots"]
        assert german.said(dots[0]).startswith("1. ")
        assert "Erfolgswahrscheinlichkeit " in german.said(dots[0])
        assert "%" not in german.said(dots[0]).replace(" %", "")
        typed = next(r for r in result["cases"] if r["name"] == "Claims")
        assert german.said(typed["gates_from_said"]) == "eingegebene Wahrscheinlichkeiten"

    def test_the_english_chart_is_unchanged(self, result):
        texts = [s["text"] for s in result["chart"]["shapes"] if s["kind"] == "text"]
        assert "25%" in texts
        assert "0" in texts
        assert any(t.endswith(("k", "M")) for t in texts)
        claims = next(r for r in result["cases"] if r["name"] == "Claims")
        assert claims["gates_from"] == claims["gates_from_said"]["message"]
        assert claims["gates_from"] == "probabilities typed in"
        dot = result["chart"]["desc_said"]["values"]["dots"][0]
        assert german.said(dot, {}) == dot["message"]


def test_a_short_amount_said_keeps_the_english_and_gives_the_number():
    said = _use_cases.short_amount_said(1_250_000)
    assert (said["message"], said["values"]) == ("1.25M", {"value": 1.25})
    assert german.said(said) == "1.25 Mio."  # the page writes the number: "1,25 Mio."


def test_a_refused_case_says_why_with_the_id_of_its_words():
    """Issue 17: a German page said "5 fields need correcting: ..." for a file it refused: the
    reason was English text only (each field's own words are the ROI engine's)."""
    out = _use_cases.use_cases([{"name": "x.json", "data": {"name": "x", "discount_rate": "abc"}}])
    refused = out["refused"][0]
    assert refused["reason_said"]["message"] == refused["reason"]
    assert refused["reason_said"]["message_id"] == "error.fields_need_correcting"
    assert len(refused["reason_said"]["errors"]) == 5
    assert german.said(refused["reason_said"]).startswith("5 Felder müssen korrigiert werden: ")
