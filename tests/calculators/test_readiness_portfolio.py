"""Many pilots' readiness at once (issue 13): a verdict each, the blocked first."""

from __future__ import annotations

import json

from calculators import _browser
from calculators._readiness import readiness
from calculators._readiness_portfolio import (
    ORDER,
    readiness_portfolio,
    readiness_portfolio_csv,
    readiness_portfolio_text,
    rollup,
    split,
)
from tests.calculators.test_portfolio import MATURITY, at_level, entry, share_link
from tests.calculators.test_portfolio import export as assessment
from tests.calculators.test_readiness import CHECKS, EU, RUBRIC, SPONSOR, STOP_AT, all_yes, export
from tests.conftest import run_cli

OTHERS = [k for k in CHECKS if k != SPONSOR]


def flagging(n: int) -> dict:
    """All yes except one 'no' in each of ``n`` causes (no stop check among them)."""
    answers, causes = all_yes(), []
    for check, cause in CHECKS.items():
        if check != SPONSOR and cause not in causes and len(causes) < n:
            answers[check] = "no"
            causes.append(cause)
    return answers


def pilot(name: str, answers: dict) -> dict:
    return {"pilot": name, "answers": answers}


class TestReadinessPortfolio:
    """readiness_portfolio(): one verdict per pilot, sorted by what blocks it."""

    def test_each_verdict_is_the_one_readiness_gives(self):
        pilots = [pilot("A", all_yes()), pilot("B", flagging(1)), pilot("C", {SPONSOR: "no"})]
        out = readiness_portfolio(RUBRIC, [entry("x.json", export(*pilots))])
        by_name = {p["pilot"]: p for p in out["pilots"]}
        for p in pilots:
            want = readiness(RUBRIC, p["answers"], pilot=p["pilot"])
            assert by_name[p["pilot"]]["verdict"]["id"] == want["verdict"]["id"]
            assert by_name[p["pilot"]]["flags"] == want["flags"]
            assert by_name[p["pilot"]]["file"] == "x.json"

    def test_stop_then_fix_first_then_incomplete_then_go_most_flags_first(self):
        answers_incomplete = dict.fromkeys(list(CHECKS)[:2], "yes")
        files = [
            entry("go.json", pilot("Go", all_yes())),
            entry("open.json", pilot("Open", answers_incomplete)),
            entry("fix1.json", pilot("Fix one", flagging(1))),
            entry("fix2.json", pilot("Fix two", flagging(2))),
            entry("stop.json", pilot("Stop sponsor", {**all_yes(), SPONSOR: "no"})),
            entry("stopmany.json", pilot("Stop many", {**flagging(STOP_AT), SPONSOR: "no"})),
        ]
        out = readiness_portfolio(RUBRIC, files)
        order = [(p["verdict"]["id"], p["pilot"]) for p in out["pilots"]]
        assert order == [
            ("stop", "Stop many"),
            ("stop", "Stop sponsor"),
            ("fix_first", "Fix two"),
            ("fix_first", "Fix one"),
            ("incomplete", "Open"),
            ("scale_now", "Go"),
        ]
        assert [v["id"] for v in out["verdicts"]] == list(ORDER)
        assert [v["count"] for v in out["verdicts"]] == [2, 2, 1, 1]
        assert out["pilots"][0]["flagged"][0]["title"]

    def test_a_refused_file_is_left_out_with_the_reason(self):
        files = [
            entry("ok.json", pilot("A", all_yes())),
            entry("bad.json", pilot("B", {"nope": "yes"})),
        ]
        out = readiness_portfolio(RUBRIC, files)
        assert [p["pilot"] for p in out["pilots"]] == ["A"]
        assert out["skipped"][0]["file"] == "bad.json"
        assert "unknown readiness check 'nope'" in out["skipped"][0]["reason"]

    def test_a_share_link_of_the_readiness_page_is_a_pilot(self):
        link = share_link(
            "pilot", {"rubric": {"id": "root_causes"}, "pilot": "Linked", "answers": all_yes()}
        )
        out = rollup(MATURITY, RUBRIC, [{"file": "share link 1", "link": link}])
        assert out["respondents"] == 0
        assert out["skipped"] == []
        assert [p["pilot"] for p in out["readiness"]["pilots"]] == ["Linked"]

    def test_eu_tier_travels_with_its_pilot(self):
        p = {**pilot("T", all_yes()), "eu_tier": "minimal"}
        out = readiness_portfolio(RUBRIC, [entry("t.json", export(p))], eu_ai_act=EU)
        assert out["pilots"][0]["eu_tier"] == "minimal"


class TestSplit:
    """split() and rollup(): one folder with both kinds of file."""

    def test_assessments_and_pilots_are_told_apart(self):
        files = [
            entry("team.json", assessment(at_level(2), "A")),
            entry("pilots.json", export(pilot("P", all_yes()))),
            entry("pilot-file.json", {"pilot": "Q", "answers": {}}),
            entry("broken.json", "{"),
        ]
        maturity, pilots = split(files)
        assert [e["file"] for e in maturity] == ["team.json", "broken.json"]
        assert [e["file"] for e in pilots] == ["pilots.json", "pilot-file.json"]
        out = rollup(MATURITY, RUBRIC, files, by="team")
        assert out["respondents"] == 1
        assert [s["file"] for s in out["skipped"]] == ["broken.json"]
        assert {p["pilot"] for p in out["readiness"]["pilots"]} == {"P", "Q"}

    def test_reports(self):
        files = [entry("a.json", pilot("A", flagging(1))), entry("b.json", "[]")]
        out = readiness_portfolio(RUBRIC, list(files))
        csv = readiness_portfolio_csv(out).splitlines()
        assert csv[0].startswith("file,pilot,verdict")
        assert csv[1].startswith("a.json,A,fix_first,")
        assert csv[-1].startswith("b.json,")
        text = readiness_portfolio_text(out)
        assert "Pilots: 1" in text
        assert "b.json" in text


def test_the_worker_rolls_up_pilots_with_the_assessments():
    _browser.configure(json.dumps({"maturity": MATURITY, "root_causes": RUBRIC}), ["portfolio"])
    files = [entry("a.json", assessment(at_level(2))), entry("p.json", pilot("P", all_yes()))]
    reply = json.loads(_browser.handle(json.dumps({"fn": "portfolio", "args": {"files": files}})))
    assert reply["ok"], reply
    assert reply["value"]["respondents"] == 1
    assert reply["value"]["readiness"]["pilots"][0]["pilot"] == "P"
    csv = json.loads(
        _browser.handle(
            json.dumps(
                {"fn": "readiness_portfolio_csv", "args": {"result": reply["value"]["readiness"]}}
            )
        )
    )
    assert csv["value"].startswith("file,pilot")


class TestCli:
    """python -m calculators portfolio with readiness files."""

    def test_readiness_files_give_pilots_sorted_and_exit_0(self, tmp_path):
        (tmp_path / "a.json").write_text(json.dumps(pilot("Go", all_yes())))
        (tmp_path / "b.json").write_text(json.dumps(pilot("Stop", {SPONSOR: "no"})))
        (tmp_path / "t.json").write_text(json.dumps(assessment(at_level(2), "A")))
        names = [str(tmp_path / n) for n in ("a.json", "b.json", "t.json")]
        done = run_cli("portfolio", *names, "--format", "json")
        assert done.returncode == 0, done.stderr
        out = json.loads(done.stdout)
        assert out["respondents"] == 1
        assert [p["pilot"] for p in out["readiness"]["pilots"]] == ["Stop", "Go"]
        text = run_cli("portfolio", *names).stdout
        assert "Respondents: 1" in text
        assert "Pilots: 2" in text

    def test_only_readiness_files_give_the_pilots_csv(self, tmp_path):
        (tmp_path / "a.json").write_text(json.dumps(pilot("Go", all_yes())))
        done = run_cli("portfolio", str(tmp_path / "a.json"), "--format", "csv")
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith("file,pilot,verdict")
        text = run_cli("portfolio", str(tmp_path / "a.json"))
        assert "Respondents" not in text.stdout
        assert "Pilots: 1" in text.stdout


def test_a_broken_file_among_readiness_files_says_why_in_german():
    """Issue 17: on the page (which rolls up with the readiness rubric) a broken file's reason
    stayed English: the reason found while sorting the files lost its message id."""
    from calculators._readiness_portfolio import rollup
    from tests.calculators import german

    out = rollup(MATURITY, RUBRIC, [{"file": "kaputt.json", "text": "{ nicht json"}])
    skipped = out["skipped"][0]
    assert skipped["reason"].startswith("not valid JSON (line 1: ")
    assert german.said(skipped["reason_said"]).startswith("kein gültiges JSON (Zeile 1: ")
