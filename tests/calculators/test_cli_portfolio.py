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


def documented(marker: str) -> str:
    """The portfolio page's ```sh block that starts with ``marker``, as the reader copies it."""
    import re

    from tests.conftest import ROOT

    page = (ROOT / "docs" / "calculators" / "portfolio.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", page, flags=re.S)
    found = [b for b in blocks if b.startswith(marker)]
    assert len(found) == 1, f"one block starting {marker!r} (found {len(found)})"
    return found[0]


def run_documented(tmp_path, block: str, files: dict) -> str:
    """Run a documented shell block as written, in a folder laid out as the repository (the
    rubrics beside it) with the given files under ``exports/``, ``python`` being this one."""
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    (tmp_path / "exports").mkdir()
    for name, data in files.items():
        (tmp_path / "exports" / name).write_text(json.dumps(data))
    for folder in ("rubrics", "docs"):
        (tmp_path / folder).symlink_to(ROOT / folder)
    env = {
        **os.environ,
        "PATH": f"{os.path.dirname(sys.executable)}{os.pathsep}{os.environ.get('PATH', '')}",
        "PYTHONPATH": str(ROOT),
    }
    done = subprocess.run(
        ["bash", "-c", block], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


JSONL = "python -m calculators maturity exports/*.json --format json |"


def test_the_documented_json_lines_snippet_gives_each_dimensions_median(tmp_path):
    """The standard-library example of the portfolio page runs as written and is right."""
    import statistics

    from calculators._maturity import assess
    from tests.calculators.test_portfolio import MATURITY

    answers = [at_level(1), at_level(2), at_level(4)]
    files = {f"t{i}.json": export(a, f"T{i}") for i, a in enumerate(answers)}
    files["broken.json"] = {"rubric": {"id": "other"}, "answers": {}}
    out = run_documented(tmp_path, documented(JSONL + " python -c"), files).splitlines()
    assert out[0] == "dimension\tmedian\tlowest\thighest"
    results = [assess(MATURITY, a) for a in answers]
    for i, dim in enumerate(results[0]["dimensions"]):
        levels = [r["dimensions"][i]["level"] for r in results]
        row = f"{dim['title']}\t{statistics.median(levels)}\t{min(levels)}\t{max(levels)}"
        assert row in out


def test_the_documented_jq_median_is_the_median_overall_level(tmp_path):
    """The jq example of the portfolio page (jq ships with Debian's image of this project)."""
    import shutil
    import statistics

    import pytest

    from calculators._maturity import assess
    from tests.calculators.test_portfolio import MATURITY

    if shutil.which("jq") is None:
        pytest.skip("jq is not installed")
    answers = [at_level(1), at_level(2), at_level(3), at_level(4)]
    files = {f"t{i}.json": export(a) for i, a in enumerate(answers)}
    block = documented("python -m calculators maturity exports/*.json --format json \\\n  | jq")
    out = run_documented(tmp_path, block, files)
    want = statistics.median(assess(MATURITY, a)["overall"]["level"] for a in answers)
    assert float(out) == want
