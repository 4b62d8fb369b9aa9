"""`python -m calculators diff OLD NEW`: what upstream changed, by rubric and id, and which of the
fork's overlay entries it touches (calculators/_rubric_diff.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from calculators._rubric_diff import diff_rubrics
from tests.conftest import run_cli
from tests.forking import (
    RETIRED,
    REWORDED,
    add_overlay,
    copy_rubrics,
    replace,
    upstream_release,
)


@pytest.fixture
def releases(tmp_path) -> tuple[Path, Path, dict]:
    """The shipped rubrics (old) and the next upstream release (new), with no overlay yet."""
    old = copy_rubrics(tmp_path / "old")
    new = copy_rubrics(tmp_path / "new")
    return old, new, upstream_release(new)


def kinds(result: dict) -> dict[str, str]:
    return {c["path"]: c["kind"] for c in result["changes"] if c["rubric"] == "maturity"}


def changes_at(old: Path, new: Path, path: str) -> list[tuple[str, list[str]]]:
    """What diff says of the entry at ``path``: each kind of change, with its fields."""
    return [
        (c["kind"], c["fields"]) for c in diff_rubrics(old, new)["changes"] if c["path"] == path
    ]


class TestDiffRubrics:
    """The comparison by rubric and id."""

    def test_the_same_rubrics_have_no_change(self, tmp_path):
        """Two copies of the shipped rubrics differ in nothing, and no overlay is touched."""
        result = diff_rubrics(copy_rubrics(tmp_path / "a"), copy_rubrics(tmp_path / "b"))
        assert result["changes"] == []
        assert result["overlays_touched"] == []

    def test_retired_and_reworded_questions_are_listed_with_file_and_line(self, releases):
        """A retired question is 'retired', a new wording 'reworded' (its text field named),
        each at the line of its entry in the new file; the version change is reported."""
        old, new, lines = releases
        result = diff_rubrics(old, new)
        rows = {c["path"]: c for c in result["changes"]}
        assert rows[f"questions[{RETIRED}]"]["kind"] == "retired"
        assert rows[f"questions[{RETIRED}]"]["line"] == lines[RETIRED]
        assert rows[f"questions[{REWORDED}]"]["kind"] == "reworded"
        assert rows[f"questions[{REWORDED}]"]["fields"] == ["text"]
        assert rows[f"questions[{REWORDED}]"]["line"] == lines[REWORDED]
        maturity = next(r for r in result["rubrics"] if r["id"] == "maturity")
        assert (maturity["old_version"], maturity["new_version"]) == ("1.0.0", "1.1.0")
        assert maturity["counts"]["retired"] == 1
        assert maturity["counts"]["reworded"] == 1

    def test_added_and_removed_entries(self, releases):
        """A new id is 'added', a deleted one 'removed' (its nested entries go with it, not
        listed each)."""
        old, new, _ = releases
        replace(new / "maturity.yaml", "  - id: model_registry\n", "  - id: model_catalog\n")
        result = kinds(diff_rubrics(old, new))
        assert result["questions[model_catalog]"] == "added"
        assert result["questions[model_registry]"] == "removed"
        assert not any(p.startswith("questions[model_registry].") for p in result)

    def test_a_changed_weight_is_changed_not_reworded(self, releases):
        """Only text fields make a rewording; a weight is another change."""
        old, new, _ = releases
        replace(
            new / "maturity.yaml",
            "    weight: 2\n    options:\n      - value: no_inventory\n",
            "    weight: 3\n    options:\n      - value: no_inventory\n",
        )
        result = diff_rubrics(old, new)
        row = next(c for c in result["changes"] if c["path"] == "questions[model_registry]")
        assert (row["kind"], row["fields"]) == ("changed", ["weight"])

    def test_a_changed_cost_timing_is_changed_not_reworded(self, releases):
        """Regression: a list of key names (``TEXT_KEYS``) called ``timing`` text, so a cost
        turned from one-time into recurring was only "reworded". Its schema makes it a code
        (an enum): what the schema leaves free is text, and only that."""
        old, new, _ = releases
        replace(
            new / "kpis.yaml",
            "      timing: one_time\n      year: 0\n      risk_adjustment: 0.15\n",
            "      timing: recurring\n      risk_adjustment: 0.15\n",
        )
        assert changes_at(old, new, "roi_defaults.costs[build]") == [
            ("changed", ["timing", "year"])
        ]

    def test_a_reworded_readiness_question_is_reworded(self, releases):
        """Regression: ``question`` was missing from the list of key names, so a new wording of
        a readiness check's question (free text in its schema) was a "change"."""
        old, new, _ = releases
        replace(
            new / "root_causes.yaml",
            "          Is the money to scale this pilot on a budget line held by the business, not only by\n",
            "          Is the money to scale this pilot on a budget line the business holds, not only by\n",
        )
        path = "causes[no_hard_business_owner].checks[business_budget_line]"
        assert changes_at(old, new, path) == [("reworded", ["question"])]

    def test_evidence_is_reworded_by_its_text_and_changed_by_its_link(self, releases):
        """A field holding text and a reference is reworded when only its text changes, and
        changed when its reference does (an evidence's finding, and its Sources link)."""
        old, new, _ = releases
        replace(
            new / "root_causes.yaml",
            "        Adoption rates in the first pilots are the main predictor",
            "        Adoption in the first pilots is the main predictor",
        )
        assert changes_at(old, new, "causes[workflow_myopia]") == [("reworded", ["evidence"])]
        replace(
            new / "root_causes.yaml",
            "      link: sources.md#hbs\n    link: playbook/workflow-redesign.md\n",
            "      link: sources.md\n    link: playbook/workflow-redesign.md\n",
        )
        assert changes_at(old, new, "causes[workflow_myopia]") == [("changed", ["evidence"])]

    def test_nested_entries_are_compared_by_id(self, releases):
        """An action inside a dimension is its own entry (dimensions[..].actions[..])."""
        old, new, _ = releases
        replace(
            new / "maturity.yaml",
            "      - id: version_the_pilot\n",
            "      - id: version_the_pilot\n        retired: true\n",
        )
        result = kinds(diff_rubrics(old, new))
        assert [p for p, k in result.items() if k == "retired" and ".actions[" in p] == [
            "dimensions[mlops].actions[version_the_pilot]"
        ]

    def test_overlay_entries_touched_by_the_changes(self, releases):
        """The overlay's rewording of the retired question and of the reworded one are named at
        their file:line with what upstream did; an overlay field upstream did not change is not."""
        old, new, _ = releases
        add_overlay(new)
        touched = diff_rubrics(old, new)["overlays_touched"]
        assert [(t["id"], t["upstream"], t["line"], t["fields"]) for t in touched] == [
            (REWORDED, "reworded", 4, ["text"]),
            (RETIRED, "retired", 7, ["text"]),
        ]
        assert all(t["file"].endswith("local/maturity.yaml") for t in touched)

    def test_an_id_upstream_adds_that_the_overlay_added_first(self, releases):
        """The fork added a question of its own; upstream now adds one with the same id: the
        overlay would change upstream's instead of adding its own, so it is named."""
        old, new, _ = releases
        own = (
            "  - id: vendor_models\n    dimension: governance_risk\n    text: Vendor models?\n"
            "    options:\n      - {value: none, label: None, level: 1}\n"
            "      - {value: all, label: All, level: 5}\n"
        )
        add_overlay(new, "extends: maturity\nquestions:\n" + own)
        replace(new / "maturity.yaml", "  - id: model_registry\n", own + "  - id: model_registry\n")
        touched = diff_rubrics(old, new)["overlays_touched"]
        assert [(t["id"], t["upstream"], t["line"]) for t in touched] == [
            ("vendor_models", "added", 3)
        ]

    def test_overlays_from_another_folder(self, releases, tmp_path):
        """--overlays DIR reads the fork's overlays from there instead of NEW/local."""
        old, new, _ = releases
        elsewhere = add_overlay(tmp_path / "fork").parent
        result = diff_rubrics(old, new, overlays=elsewhere)
        assert result["overlays"] == str(elsewhere)
        assert len(result["overlays_touched"]) == 2


class TestCommand:
    """The command line: text, JSON and the exit status its help documents."""

    def test_exit_0_when_no_overlay_is_touched(self, releases):
        """Upstream changes with no overlay: listed, exit 0."""
        old, new, _ = releases
        done = run_cli("diff", str(old), str(new))
        assert done.returncode == 0, done.stderr
        assert f"retired  questions[{RETIRED}]" in done.stdout
        assert f"reworded questions[{REWORDED}] (text)" in done.stdout
        assert "maturity (1.0.0 -> 1.1.0)" in done.stdout

    def test_exit_2_and_file_line_when_an_overlay_is_touched(self, releases):
        """Touched overlay entries are listed as file:line with advice, and the status is 2."""
        old, new, _ = releases
        overlay = add_overlay(new)
        done = run_cli("diff", str(old), str(new))
        assert done.returncode == 2, done.stderr
        assert (
            f"{overlay}:7: questions[{RETIRED}] (text): upstream retired this entry" in done.stdout
        )

    def test_json(self, releases):
        """--format json gives the whole result."""
        old, new, _ = releases
        add_overlay(new)
        done = run_cli("diff", str(old), str(new), "--format", "json")
        result = json.loads(done.stdout)
        assert {"rubrics", "changes", "overlays_touched"} <= set(result)
        assert done.returncode == 2

    def test_exit_1_for_a_missing_folder(self, tmp_path):
        """A folder that does not exist: one line on stderr, exit 1."""
        done = run_cli("diff", str(tmp_path / "nope"), str(tmp_path / "nope2"))
        assert done.returncode == 1
        assert "no such rubric folder" in done.stderr

    def test_the_help_documents_the_exit_status(self):
        """`diff --help` says what 0, 1 and 2 mean."""
        done = run_cli("diff", "--help")
        text = " ".join(done.stdout.split())
        assert "0 when no overlay entry is touched" in text
        assert "2 when one is" in text
        assert "1 when a folder or file cannot be read" in text
