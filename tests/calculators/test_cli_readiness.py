"""`python -m calculators readiness`: the same contract as `maturity`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_cli

from .test_cli_maturity import write


@pytest.fixture(scope="module")
def template() -> dict:
    done = run_cli("readiness", "--template", "--format", "json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def filled(template, value="yes", **answers):
    return {
        **template,
        "pilot": "Invoice triage",
        "answers": {**dict.fromkeys(template["answers"], value), **answers},
    }


class TestTemplate:
    """readiness --template."""

    def test_shape(self, template):
        """pilot, every check with null, and the answers each check accepts."""
        assert template["pilot"] == ""
        assert len(template["answers"]) == 16
        assert all(v is None for v in template["answers"].values())
        assert set(template["choices"]) == set(template["answers"])
        assert all(c == ["yes", "no", "dont_know"] for c in template["choices"].values())
        assert template["rubric"]["id"] == "root_causes"

    def test_template_and_file_together_is_refused(self, template, tmp_path):
        """--template with a file is a usage error."""
        done = run_cli("readiness", "--template", write(tmp_path, template))
        assert done.returncode == 1
        assert "not both" in done.stderr


class TestVerdict:
    """readiness FILE."""

    def test_all_yes_as_json(self, template, tmp_path):
        """All yes: scale_now with its label and why, the causes listed."""
        done = run_cli("readiness", write(tmp_path, filled(template)), "--format", "json")
        assert done.returncode == 0, done.stderr
        result = json.loads(done.stdout)
        assert result["verdict"]["id"] == "scale_now"
        assert {"id", "label", "why"} <= set(result["verdict"])
        assert len(result["causes"]) == 6
        assert result["pilot"] == "Invoice triage"

    def test_the_blank_template_is_incomplete(self, template, tmp_path):
        """Nothing answered: incomplete, never a pass."""
        done = run_cli("readiness", write(tmp_path, template), "--format", "json")
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["verdict"]["id"] == "incomplete"

    def test_text_report_says_why_and_the_remedy(self, template, tmp_path):
        """Readable text: the verdict, its reason in words and the remedy of each failed check."""
        pilot = filled(template, named_pl_sponsor="no")
        done = run_cli("readiness", write(tmp_path, pilot, "p.json"))
        assert done.returncode == 0, done.stderr
        assert "Verdict: Stop or re-scope" in done.stdout
        assert "Why: Stopped because no business sponsor" in done.stdout
        assert "remedy: Name a business sponsor" in done.stdout
        assert "no_hard_business_owner" not in done.stdout

    def test_yaml_pilot_without_rubric_or_choices(self, tmp_path):
        """A YAML pilot file with only some answers (no rubric, no choices) works."""
        text = (
            "pilot: Claims bot\nanswers:\n  named_pl_sponsor: 'yes'\n  drift_monitored: dont_know\n"
        )
        done = run_cli("readiness", write(tmp_path, text, "pilot.yaml"))
        assert done.returncode == 0, done.stderr
        assert "Verdict: Incomplete" in done.stdout
        assert "Pilot: Claims bot" in done.stdout

    def test_many_files_and_an_export_give_json_lines(self, template, tmp_path):
        """Several files, or an export of several pilots: one JSON line per pilot."""
        export = {
            "format": "ai-scale-up-playbook/readiness",
            "rubric": template["rubric"],
            "pilots": [
                {"pilot": "A", "answers": {"named_pl_sponsor": "no"}},
                {"pilot": "B", "answers": filled(template)["answers"]},
            ],
        }
        done = run_cli(
            "readiness",
            write(tmp_path, export, "export.json"),
            write(tmp_path, filled(template), "one.json"),
            "--format",
            "json",
        )
        assert done.returncode == 0, done.stderr
        lines = [json.loads(line) for line in done.stdout.splitlines()]
        assert [
            (Path(x["file"]).name, x["pilot"], x["result"]["verdict"]["id"]) for x in lines
        ] == [
            ("export.json", "A", "stop"),
            ("export.json", "B", "scale_now"),
            ("one.json", "Invoice triage", "scale_now"),
        ]

    def test_a_bad_file_among_many_exits_1_and_the_others_still_run(self, template, tmp_path):
        """JSON Lines carry the error of the bad file; the good one is still scored."""
        bad = write(tmp_path, filled(template, drift_monitored="maybe"), "bad.json")
        good = write(tmp_path, filled(template), "good.json")
        done = run_cli("readiness", bad, good, "--format", "json")
        assert done.returncode == 1
        lines = [json.loads(line) for line in done.stdout.splitlines()]
        assert "error" in lines[0]
        assert lines[1]["result"]["verdict"]["id"] == "scale_now"

    @pytest.mark.parametrize(
        ("mutate", "message"),
        [
            (
                lambda t: filled(t, drift_monitored="maybe"),
                "'drift_monitored' must be 'yes', 'no', 'dont_know' or null (got 'maybe')",
            ),
            (lambda t: filled(t, nope="yes"), "unknown readiness check 'nope'"),
            (
                lambda t: {**t, "rubric": {"id": "maturity", "version": "1"}},
                "answers for the rubric 'maturity', not 'root_causes'",
            ),
            (lambda t: ["not", "an", "object"], "not a readiness file"),
            (lambda t: {**t, "answers": ["x"]}, "'answers' must be an object"),
        ],
    )
    def test_bad_input_exits_1_with_one_line(self, template, tmp_path, mutate, message):
        """Each bad file exits 1 with one line naming the file, the check and the value."""
        done = run_cli("readiness", write(tmp_path, mutate(template)))
        assert done.returncode == 1
        assert message in done.stderr
        assert "answers.json" in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1
        assert "Traceback" not in done.stderr

    def test_no_file_and_no_template(self):
        """Nothing to check is a usage error, exit 1."""
        done = run_cli("readiness")
        assert done.returncode == 1
        assert "give a pilot file" in done.stderr

    def test_broken_json_names_the_line(self, tmp_path):
        """Broken JSON names the file and line."""
        done = run_cli("readiness", write(tmp_path, '{"answers": {\n  "a": }'))
        assert done.returncode == 1
        assert "answers.json:2: not valid JSON" in done.stderr
