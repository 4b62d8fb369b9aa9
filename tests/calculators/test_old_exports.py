"""An assessment exported with an older rubric version still imports: answers mapped by id, the
ones whose question is gone listed as dropped, and the result names both versions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from calculators import _browser
from calculators._maturity_io import export_assessment, read_export
from calculators._rubric_files import load_rubrics
from tests.conftest import ROOT, run_cli
from tests.forking import NEW_VERSION, RETIRED, copy_rubrics, upstream_release

OLD = load_rubrics(ROOT / "rubrics", docs_dir=ROOT / "docs").rubrics


@pytest.fixture
def new_rubrics(tmp_path) -> Path:
    """The next upstream release: RETIRED retired, maturity at NEW_VERSION."""
    rubrics = copy_rubrics(tmp_path / "rubrics")
    upstream_release(rubrics)
    return rubrics


@pytest.fixture
def old_export(tmp_path) -> Path:
    """A page export made with the shipped rubric (1.0.0), every question at its top answer, and
    one answer to a question that an even older version had."""
    maturity = OLD["maturity"]
    answers = {q["id"]: q["options"][-1]["value"] for q in maturity["questions"]}
    data = export_assessment(maturity, answers, exported_at="2026-03-31T09:00:00Z")
    data["answers"]["long_gone_question"] = "yes"
    file = tmp_path / "export-1.0.0.json"
    file.write_text(json.dumps(data))
    return file


class TestCommandLine:
    """`maturity EXPORT --rubrics NEW`."""

    def test_old_export_scores_and_names_both_versions(self, new_rubrics, old_export):
        """Regression: an export with an answer to a question the rubric no longer has stopped
        with "unknown question id"; now it scores, and says which version scored it."""
        done = run_cli(
            "maturity", str(old_export), "--rubrics", str(new_rubrics), "--format", "json"
        )
        assert done.returncode == 0, done.stderr
        result = json.loads(done.stdout)
        assert result["scored_with"] == {"id": "maturity", "version": NEW_VERSION}
        assert result["made_with"] == {"id": "maturity", "version": "1.0.0"}
        assert result["version_line"] == (
            f"Scored with maturity {NEW_VERSION}; the export was made with 1.0.0."
        )
        dropped = {d["question"]: d["reason"] for d in result["dropped"]}
        assert dropped == {
            RETIRED: "the question is retired",
            "long_gone_question": "no such question in this rubric version",
        }
        assert result["overall"]["level"] == 5

    def test_text_report_says_it_first(self, new_rubrics, old_export):
        """The readable report opens with the versions and the dropped answers."""
        done = run_cli("maturity", str(old_export), "--rubrics", str(new_rubrics))
        assert done.returncode == 0, done.stderr
        lines = done.stdout.splitlines()
        assert lines[0] == f"Scored with maturity {NEW_VERSION}; the export was made with 1.0.0."
        assert f"  dropped {RETIRED}: the question is retired" in lines[1:3]

    def test_same_version_still_refuses_an_unknown_id(self, old_export):
        """With the rubric it was made with, an unknown id is a mistake, as before."""
        done = run_cli("maturity", str(old_export))
        assert done.returncode == 1
        assert "unknown question id 'long_gone_question'" in done.stderr


class TestReadExport:
    """What the page's import gets (the worker's read_export)."""

    def test_the_reply_names_both_versions(self, new_rubrics, old_export):
        new = load_rubrics(new_rubrics).rubrics["maturity"]
        out = read_export(new, json.loads(old_export.read_text()))
        assert out["made_with"]["version"] == "1.0.0"
        assert out["scored_with"]["version"] == NEW_VERSION
        assert out["version_line"].startswith(f"Scored with maturity {NEW_VERSION}")
        assert RETIRED not in out["answers"]

    def test_same_version_has_no_version_line(self, old_export):
        """An export of this very version needs no word about versions."""
        data = json.loads(old_export.read_text())
        del data["answers"]["long_gone_question"]
        assert read_export(OLD["maturity"], data)["version_line"] is None

    def test_the_assess_result_says_what_scored_it(self):
        """Every result carries scored_with, through the worker's entry point too."""
        _browser.configure(json.dumps({"maturity": OLD["maturity"]}))
        reply = json.loads(_browser.handle(json.dumps({"fn": "assess", "args": {"answers": {}}})))
        assert reply["value"]["scored_with"] == {"id": "maturity", "version": "1.0.0"}
