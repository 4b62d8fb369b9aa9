"""`python -m calculators maturity` and `validate`: the contract other tools rely on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_cli, run_cli_process

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def template() -> dict:
    done = run_cli("maturity", "--template", "--format", "json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def write(tmp_path: Path, data, name="answers.json") -> str:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data))
    return str(path)


class TestRealProcess:
    """`python -m calculators` itself, in a child process (the other tests call ``main`` in
    this process, which is what the command runs)."""

    def test_scores_a_file_as_json_and_exits_0(self, template, tmp_path):
        """The module runs: a filled answers file gives its level as JSON on stdout."""
        answers = {**template, "answers": {q: c[-1] for q, c in template["choices"].items()}}
        done = run_cli_process("maturity", write(tmp_path, answers), "--format", "json")
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["overall"]["level"] == 5

    def test_bad_input_and_bad_usage_exit_1_with_one_line(self, tmp_path):
        """A missing file and an unknown option both exit 1 with a message, no traceback."""
        for args in (("maturity", str(tmp_path / "nowhere.json")), ("maturity", "--nope")):
            done = run_cli_process(*args)
            assert done.returncode == 1, (args, done.stdout, done.stderr)
            assert "Traceback" not in done.stderr
            assert (
                done.stderr.strip().splitlines()[-1].startswith(("error:", "python -m calculators"))
            ), done.stderr


class TestTemplate:
    """maturity --template."""

    def test_shape(self, template):
        """rubric id/version, every question with null, choices lowest first, special answers documented."""
        assert template["rubric"]["id"] == "maturity"
        assert template["rubric"]["version"]
        assert set(template["answers"]) == set(template["choices"])
        assert all(value is None for value in template["answers"].values())
        assert len(template["answers"]) >= 28
        assert "dont_know" in template["special_answers"]
        assert all("dont_know" not in values for values in template["choices"].values())


class TestScoring:
    """maturity FILE."""

    def test_filled_template_gives_levels_as_json(self, template, tmp_path):
        """The template with top choices filled in scores L5, with explanations and a plan."""
        answers = {**template, "answers": {q: c[-1] for q, c in template["choices"].items()}}
        done = run_cli("maturity", write(tmp_path, answers), "--format", "json")
        assert done.returncode == 0, done.stderr
        result = json.loads(done.stdout)
        assert result["overall"] == {
            **result["overall"],
            "level": 5,
            "label": "AI-Native Operations",
        }
        assert {d["level"] for d in result["dimensions"]} == {5}
        assert all({"id", "level", "why"} <= set(d) for d in result["dimensions"])
        assert "actions" in result
        assert "plan" in result

    def test_yaml_answers_without_choices_and_text_report(self, template, tmp_path):
        """A YAML answers file (choices left out) gives a readable text report by default."""
        first = next(iter(template["choices"]))
        yaml_text = f"rubric: {{id: maturity, version: '{template['rubric']['version']}'}}\nanswers:\n  {first}: {template['choices'][first][0]}\n"
        done = run_cli("maturity", write(tmp_path, yaml_text, "answers.yaml"))
        assert done.returncode == 0, done.stderr
        assert "Overall level: L1" in done.stdout
        assert "Provisional: 1 of" in done.stdout

    @pytest.mark.parametrize(
        ("mutate", "message"),
        [
            (
                lambda t: {**t, "answers": {**t["answers"], "nope": "x"}},
                "unknown question id 'nope'",
            ),
            (
                lambda t: {**t, "answers": {"model_registry": "perhaps"}},
                "'model_registry' cannot be 'perhaps'",
            ),
            (
                lambda t: {**t, "rubric": {"id": "roi", "version": "1"}},
                "answers for rubric 'roi', not 'maturity'",
            ),
            (lambda t: {"answers": t["answers"]}, "the file does not say which rubric it answers"),
            (lambda t: ["not", "an", "object"], "expected an object with 'rubric' and 'answers'"),
            (lambda t: {**t, "answers": ["x"]}, "'answers' must be an object"),
        ],
    )
    def test_bad_answers_exit_1_with_one_line(self, template, tmp_path, mutate, message):
        """Each bad answers file exits 1 with a one-line reason naming the id or value."""
        done = run_cli("maturity", write(tmp_path, mutate(template)))
        assert done.returncode == 1
        assert message in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1
        assert "Traceback" not in done.stderr

    def test_malformed_and_missing_files(self, tmp_path):
        """Broken JSON names the file and line; a missing file says so."""
        done = run_cli("maturity", write(tmp_path, '{"answers": {\n  "a": }'))
        assert done.returncode == 1
        assert "answers.json:2: not valid JSON" in done.stderr
        done = run_cli("maturity", str(tmp_path / "missing.json"))
        assert done.returncode == 1
        assert "missing.json: cannot read" in done.stderr

    def test_no_file_and_no_template(self):
        """Nothing to score is a usage error, exit 1."""
        done = run_cli("maturity")
        assert done.returncode == 1
        assert "give an answers file" in done.stderr


class TestHelp:
    """--help lists the commands."""

    def test_help(self):
        """--help exits 0 and names the subcommands."""
        done = run_cli("--help")
        assert done.returncode == 0
        assert "maturity" in done.stdout
        assert "validate" in done.stdout

    def test_unknown_command_exits_1(self):
        """An unknown subcommand is a one-line error with exit 1, not argparse's 2."""
        done = run_cli("frobnicate")
        assert done.returncode == 1
        assert "invalid choice" in done.stderr


class TestBatch:
    """maturity FILE FILE ...: many files in one run."""

    def test_json_lines_one_per_file_and_errors_named(self, template, tmp_path):
        """Each file gives one JSON line in order; a bad file is named and the run exits 1."""
        top = {**template, "answers": {q: c[-1] for q, c in template["choices"].items()}}
        low = {**template, "answers": {q: c[0] for q, c in template["choices"].items()}}
        files = [
            write(tmp_path, top, "a.json"),
            write(tmp_path, {"rubric": {"id": "x"}, "answers": {}}, "b.json"),
            write(tmp_path, low, "c.json"),
        ]
        done = run_cli("maturity", *files, "--format", "json")
        assert done.returncode == 1
        lines = [json.loads(line) for line in done.stdout.splitlines()]
        assert [line["file"] for line in lines] == files
        assert lines[0]["result"]["overall"]["level"] == 5
        assert "answers for rubric 'x'" in lines[1]["error"]
        assert lines[2]["result"]["overall"]["level"] == 1
        assert "b.json: answers for rubric 'x'" in done.stderr

    def test_text_summary_per_file(self, template, tmp_path):
        """Without --format json, a one-line summary per file; all good exits 0."""
        top = {**template, "answers": {q: c[-1] for q, c in template["choices"].items()}}
        files = [write(tmp_path, top, f"{i}.json") for i in range(3)]
        done = run_cli("maturity", *files)
        assert done.returncode == 0, done.stderr
        assert done.stdout.splitlines() == [f"{f}: L5 AI-Native Operations" for f in files]


class TestTextReport:
    """The text report names questions and dimensions by their text, and explains the overall."""

    def test_lift_names_questions_by_text_not_id(self, template, tmp_path):
        """'to lift' lines quote the question's text; the plan's focus uses dimension titles."""
        from calculators._rubric_files import load_rubrics

        maturity = load_rubrics(ROOT / "rubrics", docs_dir=ROOT / "docs").rubrics["maturity"]
        answers = {q: c[1] for q, c in template["choices"].items()}
        done = run_cli("maturity", write(tmp_path, {**template, "answers": answers}))
        assert done.returncode == 0, done.stderr
        lift_lines = [line for line in done.stdout.splitlines() if "to lift:" in line]
        assert lift_lines
        ids = [q["id"] for q in maturity["questions"]]
        for line in lift_lines:
            assert not any(f"'{qid}'" in line for qid in ids), line
        assert any(q["text"] in done.stdout for q in maturity["questions"])
        focus = next(line for line in done.stdout.splitlines() if line.startswith("90-day plan"))
        assert "_" not in focus
        assert "Rule: " in done.stdout
        assert "To reach L" in done.stdout
        assert "weeks 12-12" not in done.stdout


class TestABlankIsNotAPass:
    """7 of 33 answered at the top read "L5 ... (provisional)" with nothing to say the blank
    questions could put it at L2: the report and the one-line summary now say the range."""

    @pytest.fixture
    def seven(self, template):
        from tests.calculators.test_maturity_range import seven_at_the_top

        return {**template, "answers": seven_at_the_top()}

    def test_the_report_says_how_far_the_blanks_could_move_it(self, seven, tmp_path):
        done = run_cli("maturity", write(tmp_path, seven))
        assert done.returncode == 0, done.stderr
        assert "Overall level: L5" in done.stdout
        assert (
            "Provisional: 7 of 33 questions answered; with the blank questions it could be"
            " anywhere from L2 to L5." in done.stdout
        )
        assert ", could be L2-L5)" in done.stdout

    def test_the_one_line_summary_says_it_too(self, seven, tmp_path):
        files = [write(tmp_path, seven, f"{i}.json") for i in range(2)]
        done = run_cli("maturity", *files)
        assert done.returncode == 0, done.stderr
        assert done.stdout.splitlines() == [
            f"{f}: L5 AI-Native Operations (provisional: 7 of 33 answered; with the blank"
            " questions it could be anywhere from L2 to L5)"
            for f in files
        ]
