"""`python -m calculators portfolio FILE... [--format json|csv|text] [--by team]` (issue 13)."""

from __future__ import annotations

import json

from tests.calculators.test_cli_maturity import write
from tests.calculators.test_portfolio import at_level, export
from tests.conftest import run_cli


def test_json_contract_and_levels_per_file_as_maturity_gives_them(tmp_path):
    a = write(tmp_path, export(at_level(1), "A"), "a.json")
    b = write(tmp_path, export(at_level(4), "A"), "b.json")
    done = run_cli("portfolio", a, b, "--format", "json")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert {"respondents", "skipped", "overall", "dimensions", "disagreements"} <= set(out)
    assert out["respondents"] == 2
    each = [json.loads(run_cli("maturity", name, "--format", "json").stdout) for name in (a, b)]
    assert out["overall"]["levels"] == [r["overall"]["level"] for r in each]
    assert out["dimensions"][0]["levels"] == [r["dimensions"][0]["level"] for r in each]
    assert out["disagreements"][0]["team"] == "A"
    assert {"team", "question", "levels"} <= set(out["disagreements"][0])


def test_left_out_files_are_named_and_exit_is_0_while_one_is_used(tmp_path):
    good = write(tmp_path, export(at_level(2)), "good.json")
    bad = write(tmp_path, "{not json", "bad.json")
    done = run_cli("portfolio", good, bad, str(tmp_path / "missing.json"), "--format", "json")
    assert done.returncode == 0, done.stderr
    skipped = {s["file"]: s["reason"] for s in json.loads(done.stdout)["skipped"]}
    assert skipped[bad].startswith("not valid JSON")
    assert skipped[str(tmp_path / "missing.json")].startswith("cannot read")
    assert f"left out: {bad}: not valid JSON" in done.stderr


def test_exit_1_only_when_no_file_can_be_used(tmp_path):
    bad = write(tmp_path, "[]", "bad.json")
    done = run_cli("portfolio", bad)
    assert done.returncode == 1
    assert "no file could be used" in done.stderr


def test_csv_and_text_by_team(tmp_path):
    a = write(tmp_path, export(at_level(2), "Claims"), "a.json")
    y = tmp_path / "b.yaml"
    y.write_text(json.dumps(export(at_level(3), "Payments")))  # JSON is YAML
    done = run_cli("portfolio", a, str(y), "--format", "csv", "--by", "team")
    assert done.returncode == 0, done.stderr
    rows = done.stdout.splitlines()
    assert rows[0].startswith("team,scope,id")
    assert any(r.startswith("Claims,overall,") for r in rows)
    assert any(r.startswith("Payments,dimension,") for r in rows)
    text = run_cli("portfolio", a, str(y), "--by", "team")
    assert "Respondents: 2" in text.stdout
    assert "Claims (1): overall L2" in text.stdout
