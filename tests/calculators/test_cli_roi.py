"""`python -m calculators roi`: the command-line contract, run as other tools run it."""

from __future__ import annotations

import json
import math
import subprocess
from pathlib import Path

import pytest

from calculators import evaluate_case
from tests.conftest import run_cli

ROOT = Path(__file__).resolve().parents[2]
HEADLINE = ("npv", "irr", "mirr", "payback_months", "roi", "pv_benefits", "pv_costs", "years")


@pytest.fixture(scope="module")
def template() -> dict:
    done = run_cli("roi", "--template", "--format", "json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture
def write_case(tmp_path):
    def write(data, name: str = "case.json") -> str:
        path = tmp_path / name
        path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
        return str(path)

    return write


def refused(done: subprocess.CompletedProcess, *words: str) -> str:
    """Exit 1, one line on stderr naming the problem, nothing on stdout, no traceback."""
    assert done.returncode == 1, (done.returncode, done.stdout[-500:], done.stderr[-500:])
    assert "Traceback" not in done.stderr
    assert done.stdout == ""
    message = done.stderr.strip().splitlines()[-1]
    for word in words:
        assert word in message, message
    return message


class TestTemplate:
    def test_template_is_the_rubric_default_case(self, template):
        """--template prints roi_defaults from the KPI rubric, with a rate as a fraction."""
        import yaml

        rubric = yaml.safe_load((ROOT / "rubrics" / "kpis.yaml").read_text(encoding="utf-8"))
        assert template == rubric["roi_defaults"]
        assert 0 < template["discount_rate"] < 1
        assert isinstance(template["horizon_years"], int)

    def test_template_reads_another_rubric_folder(self, rubric_copy):
        """--rubrics DIR is read through the rubric loader (a fork's defaults come out)."""
        kpis = rubric_copy / "kpis.yaml"
        kpis.write_text(
            kpis.read_text(encoding="utf-8").replace(
                "  horizon_years: 3\n", "  horizon_years: 5\n"
            ),
            encoding="utf-8",
        )
        done = run_cli("roi", "--template", "--format", "json", "--rubrics", str(rubric_copy))
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["horizon_years"] == 5

    def test_template_from_a_broken_rubric_folder_is_refused(self, tmp_path):
        """A folder with no rubrics is a clear error, not a traceback."""
        refused(run_cli("roi", "--template", "--rubrics", str(tmp_path / "nowhere")))


class TestEvaluate:
    def test_json_has_the_headline_and_equals_the_engine(self, template, write_case):
        """The JSON output carries the contract's keys and equals evaluate_case's result."""
        done = run_cli("roi", write_case(template), "--format", "json")
        assert done.returncode == 0, done.stderr
        result = json.loads(done.stdout)
        for key in HEADLINE:
            assert key in result, key
        assert result["simulation"] is None
        assert result == json.loads(json.dumps(evaluate_case(template)))
        assert result["years"][0]["year"] == 0

    def test_runs_and_seed_give_a_repeatable_simulation(self, template, write_case):
        """--runs N --seed S adds P10/P50/P90 and the chance NPV > 0, the same every time."""
        path = write_case(template)
        first = json.loads(
            run_cli("roi", path, "--format", "json", "--runs", "500", "--seed", "7").stdout
        )
        again = json.loads(
            run_cli("roi", path, "--format", "json", "--runs", "500", "--seed", "7").stdout
        )
        sim = first["simulation"]
        for key in ("p10", "p50", "p90", "prob_npv_positive"):
            assert math.isfinite(sim[key]), key
        assert sim["p10"] <= sim["p50"] <= sim["p90"]
        assert sim["runs"] == 500
        assert sim["seed"] == 7
        assert first == again

    def test_without_a_seed_the_seed_used_is_reported(self, template, write_case):
        """No --seed: a fresh seed is drawn and printed, so the run can be repeated."""
        done = run_cli("roi", write_case(template), "--format", "json", "--runs", "50")
        assert isinstance(json.loads(done.stdout)["simulation"]["seed"], int)

    def test_text_is_the_readable_report(self, template, write_case):
        """The default format is format_roi_text's report."""
        done = run_cli("roi", write_case(template), "--runs", "200", "--seed", "1")
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith("ROI of ")
        assert "NPV (risk-adjusted)" in done.stdout
        assert "P10 / P50 / P90" in done.stdout

    def test_yaml_case_file(self, template, write_case):
        """A YAML case gives the same result as the same case in JSON."""
        import yaml

        yaml_path = write_case(yaml.safe_dump(template), "case.yaml")
        got = json.loads(run_cli("roi", yaml_path, "--format", "json").stdout)
        want = json.loads(run_cli("roi", write_case(template), "--format", "json").stdout)
        assert got == want

    def test_page_export_is_accepted(self, template, write_case):
        """The ROI page's JSON export (the case wrapped with its format) reads as the case."""
        export = {"format": "ai-scale-up-playbook/roi-case", "case": template, "runs": 100}
        got = json.loads(run_cli("roi", write_case(export), "--format", "json").stdout)
        assert got["npv"] == pytest.approx(evaluate_case(template)["npv"], rel=1e-12)


class TestBadInput:
    @pytest.mark.parametrize(
        ("change", "field"),
        [
            ({"discount_rate": -1}, "discount_rate"),
            ({"discount_rate": -2}, "discount_rate"),
            ({"discount_rate": "10%"}, "discount_rate"),
            ({"horizon_years": 0}, "horizon_years"),
            ({"horizon_years": 11}, "horizon_years"),
            ({"horizon_years": 2.5}, "horizon_years"),
            ({"users": -5}, "users"),
            ({"users": True}, "users"),
            ({"users": 10**400}, "users"),
            ({"surprise": 1}, "surprise"),
        ],
    )
    def test_bad_top_level_value_names_the_field(self, template, write_case, change, field):
        """Rates at or below -100 %, horizons out of 1..10, non-numbers, typos: refused by name."""
        refused(run_cli("roi", write_case({**template, **change})), f"'{field}'")

    def test_negative_volume_names_the_line(self, template, write_case):
        """A negative benefit volume is refused with the path of that line's field."""
        case = json.loads(json.dumps(template))
        case["benefits"][0]["volume"] = -400000
        refused(
            run_cli("roi", write_case(case)),
            "'benefits[0].volume'",
            "Benefit line 1 (Upsell offers suggested in service contacts), Volume must be at least 0",
        )

    def test_non_number_driver_names_the_line(self, template, write_case):
        """A driver given as text is refused, naming it."""
        case = json.loads(json.dumps(template))
        case["costs"][1]["amount"] = "240 USD"
        refused(run_cli("roi", write_case(case)), "'costs[1].amount'", "number")

    def test_not_finite_value_is_refused(self, template, write_case):
        """NaN (which Python's JSON reader accepts) is refused, naming the field."""
        text = json.dumps(template).replace('"discount_rate": 0.1', '"discount_rate": NaN')
        refused(run_cli("roi", write_case(text)), "'discount_rate'", "finite")

    @pytest.mark.parametrize(
        ("args", "word"),
        [
            (("--runs", "1000000000"), "'runs'"),
            (("--runs", "-1"), "'runs'"),
            (("--runs", "many"), "--runs"),
            (("--seed", "-3", "--runs", "10"), "'seed'"),
            (("--seed", "x"), "--seed"),
        ],
    )
    def test_absurd_run_counts_and_seeds_are_refused_at_once(
        self, template, write_case, args, word
    ):
        """A billion runs is refused before any work starts: no hang, no traceback."""
        refused(run_cli("roi", write_case(template), *args, timeout=20), word)

    @pytest.mark.parametrize(
        ("text", "name", "word"),
        [
            ('{"discount_rate": 0.1,', "case.json", "not valid JSON"),
            ("discount_rate: [0.1\n", "case.yaml", "not valid YAML"),
            ("[1, 2, 3]", "case.json", "The case must be an object"),
            ("", "case.json", "not valid JSON"),
            ("[" * 100_000 + "]" * 100_000, "case.json", "case.json"),
            ('{"format": "ai-scale-up-playbook/roi-case"}', "case.json", "'case'"),
        ],
    )
    def test_malformed_file_is_refused_with_the_reason(self, write_case, text, name, word):
        """Broken JSON or YAML, a list, an empty or absurdly nested file: one line, exit 1."""
        refused(run_cli("roi", write_case(text, name)), word)

    def test_missing_file(self, tmp_path):
        """A case file that does not exist is named."""
        refused(run_cli("roi", str(tmp_path / "nope.json")), "nope.json", "cannot read")

    def test_no_case_and_no_template(self):
        """Nothing to do is a usage error that says what to give."""
        refused(run_cli("roi"), "--template")

    def test_case_and_template_together(self, template, write_case):
        """A case file with --template is ambiguous, so refused."""
        refused(run_cli("roi", write_case(template), "--template"), "--template")


class TestTrustworthyAnswers:
    def test_only_the_first_bad_field_was_reported(self, template, write_case):
        """Every bad field of a case file is reported, each on its line with its path and label."""
        case = json.loads(json.dumps(template))
        case["discount_rate"] = "abc"
        case["costs"][0]["amount"] = -5000
        result = run_cli("roi", write_case(case))
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        lines = result.stderr.strip().splitlines()
        assert "2 fields need correcting" in lines[0]
        assert lines[1].endswith("'discount_rate': Discount rate: 'abc' is not a number")
        assert lines[2].endswith(
            "'costs[0].amount': Cost line 1 (Build and integration), Amount must be at least 0"
            " (got -5,000)"
        )

    def test_assessment_export_named_as_an_unknown_field(self, write_case):
        """An assessment export given as a case says what it is."""
        export = {"format": "ai-scale-up-playbook/assessment", "answers": {}}
        refused(run_cli("roi", write_case(export)), "maturity assessment export")

    def test_case_without_modes_runs(self, template, write_case):
        """The template's ranges leave out the most likely value: the CLI takes them."""
        assert all("mode" not in r for r in template["uncertainty"])
        got = json.loads(run_cli("roi", write_case(template), "--format", "json").stdout)
        assert all(r["mode_is_base"] for r in got["ranges"])

    def test_page_export_seed_repeats_the_page_run(self, template, write_case):
        """A page export's seed is used when no --seed is given: the same P50 as the page's."""
        export = {"format": "ai-scale-up-playbook/roi-case", "case": template, "seed": 42}
        args = ("--format", "json", "--runs", "500")
        got = json.loads(run_cli("roi", write_case(export), *args).stdout)["simulation"]
        assert got["seed"] == 42
        assert got["p50"] == evaluate_case(template, runs=500, seed=42)["simulation"]["p50"]
