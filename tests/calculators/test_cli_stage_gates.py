"""`python -m calculators roi CASE... [--maturity FILE] [--budget B]`: stage gates and portfolios."""

from __future__ import annotations

import json

import pytest

from tests.calculators.test_cli_roi import refused
from tests.calculators.test_stage_gates import answers_file
from tests.conftest import run_cli


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("gates")
    done = run_cli("roi", "--template", "--format", "json")
    case = json.loads(done.stdout)
    (folder / "case.json").write_text(json.dumps(case))
    smaller = {**case, "name": "Smaller case", "users": 100}
    (folder / "small.json").write_text(json.dumps(smaller))
    (folder / "answers.json").write_text(json.dumps(answers_file(1)))
    scored = run_cli("maturity", str(folder / "answers.json"), "--format", "json")
    assert scored.returncode == 0, scored.stderr
    (folder / "result.json").write_text(scored.stdout)
    return folder


def roi(*args: str) -> dict:
    done = run_cli("roi", *args, "--format", "json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


class TestMaturity:
    """--maturity adds stage_gates to the result; the rest of it is the plain result."""

    def test_contract(self, files):
        result = roi(str(files / "case.json"), "--maturity", str(files / "answers.json"))
        sg = result["stage_gates"]
        assert [g["id"] for g in sg["gates"]] == [
            "reach_production",
            "reach_adoption",
            "stay_in_production",
        ]
        for g in sg["gates"]:
            assert 0 <= g["probability"] <= 1
            assert "source" in g
            assert g["source"] or g["judgment"]
        assert 0 <= sg["p_success"] <= 1
        assert sg["expected_npv"] < result["npv"]
        plain = roi(str(files / "case.json"))
        assert {k: v for k, v in result.items() if k != "stage_gates"} == plain

    def test_result_file_works_too(self, files):
        from_answers = roi(str(files / "case.json"), "--maturity", str(files / "answers.json"))
        from_result = roi(str(files / "case.json"), "--maturity", str(files / "result.json"))
        assert from_result["stage_gates"]["expected_npv"] == pytest.approx(
            from_answers["stage_gates"]["expected_npv"]
        )

    def test_seeded_simulation_repeats(self, files):
        args = (str(files / "case.json"), "--maturity", str(files / "answers.json"))
        one = roi(*args, "--runs", "500", "--seed", "4")["simulation"]
        two = roi(*args, "--runs", "500", "--seed", "4")["simulation"]
        assert one == two
        assert one["gated"] is True

    def test_text_output(self, files):
        done = run_cli("roi", str(files / "case.json"), "--maturity", str(files / "answers.json"))
        assert done.returncode == 0, done.stderr
        assert "Stage gates:" in done.stdout
        assert "Expected NPV:" in done.stdout
        assert "(judgment)" in done.stdout

    def test_not_a_maturity_file(self, files):
        done = run_cli("roi", str(files / "case.json"), "--maturity", str(files / "case.json"))
        refused(done, "expected a maturity result")


class TestPortfolio:
    """Several cases print a portfolio; --budget gives the funding order, greedy."""

    def test_portfolio(self, files):
        out = roi(
            str(files / "case.json"),
            str(files / "small.json"),
            "--maturity",
            str(files / "answers.json"),
            "--budget",
            "2000000",
        )
        assert out["format"] == "ai-scale-up-playbook/roi-portfolio"
        assert [c["file"] for c in out["cases"]] == [
            str(files / "case.json"),
            str(files / "small.json"),
        ]
        for row in out["cases"]:
            assert {"expected_npv", "p_success", "payback_months", "investment"} <= set(row)
        assert out["funded"] is not None
        assert "greedy" in out["rule"]

    def test_text(self, files):
        done = run_cli("roi", str(files / "case.json"), str(files / "small.json"))
        assert done.returncode == 0, done.stderr
        assert "Funding order:" in done.stdout

    def test_budget_needs_several_cases(self, files):
        refused(run_cli("roi", str(files / "case.json"), "--budget", "10"), "several cases")

    def test_same_names_told_apart_by_file(self, files):
        copy = files / "copy.json"
        copy.write_text((files / "case.json").read_text())
        out = roi(str(files / "case.json"), str(copy))
        names = [c["name"] for c in out["cases"]]
        assert len(set(names)) == 2
        assert names[1].endswith(f"({copy})")
        assert out["cases"][0]["p_success"] == 1.0  # without --maturity: no gates
