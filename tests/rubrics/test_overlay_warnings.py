"""Overlays left behind by a change upstream warn, with file:line, and never fail: `validate`
(stderr, exit 0) and the loader (``RubricSet.warnings``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from calculators._rubric_files import RubricError, load_rubrics
from tests.conftest import ROOT, run_cli
from tests.forking import OVERLAY, RETIRED, REWORDED, add_overlay, copy_rubrics, upstream_release


def fork(tmp_path: Path, overlay: str = OVERLAY) -> tuple[Path, Path]:
    rubrics = copy_rubrics(tmp_path / "rubrics")
    upstream_release(rubrics)
    return rubrics, add_overlay(rubrics, overlay)


def overlay_of(tmp_path: Path, rubric: str, text: str) -> tuple[Path, Path]:
    """A copy of the shipped rubrics with one overlay, ``local/<rubric>.yaml``."""
    rubrics = copy_rubrics(tmp_path / "rubrics")
    overlay = rubrics / "local" / f"{rubric}.yaml"
    overlay.parent.mkdir()
    overlay.write_text(text)
    return rubrics, overlay


class TestLoader:
    """What the loader makes of stale overlay entries."""

    def test_the_shipped_rubrics_have_no_warning(self):
        """Upstream ships no overlay, so the build's --strict never meets these warnings."""
        assert load_rubrics(ROOT / "rubrics", docs_dir=ROOT / "docs").warnings == ()

    def test_changing_a_retired_entry_warns_at_its_line(self, tmp_path):
        """The overlay rewords a question upstream retired: a warning at the overlay's line,
        and the question stays retired."""
        rubrics, overlay = fork(tmp_path)
        loaded = load_rubrics(rubrics, docs_dir=ROOT / "docs")
        warned = [w for w in loaded.warnings if f"'{RETIRED}'" in w]
        assert len(warned) == 1
        assert warned[0].startswith(f"{overlay}:7: questions[1] '{RETIRED}': upstream has retired")
        question = next(q for q in loaded["maturity"]["questions"] if q["id"] == RETIRED)
        assert question["retired"] is True

    def test_retired_false_keeps_the_entry_without_a_warning(self, tmp_path):
        """Un-retiring on purpose (retired: false) is a decision, not a stale key."""
        text = OVERLAY.replace(
            "    text: Is AI part of Acme's core workflows?\n",
            "    text: Is AI part of Acme's core workflows?\n    retired: false\n",
        )
        rubrics, _ = fork(tmp_path, text)
        loaded = load_rubrics(rubrics, docs_dir=ROOT / "docs")
        assert not [w for w in loaded.warnings if f"'{RETIRED}'" in w]

    def test_rewording_an_id_upstream_no_longer_has_warns_and_is_left_out(self, tmp_path):
        """Regression: an overlay entry that only gives text for an unknown id was appended as
        a new question, and the build failed on its missing dimension and options (nothing said
        the id was stale). Now: a warning at its line, and the entry is left out."""
        rubrics, overlay = fork(tmp_path)
        loaded = load_rubrics(rubrics, docs_dir=ROOT / "docs")
        warned = [w for w in loaded.warnings if "'long_gone_question'" in w]
        assert len(warned) == 1
        assert warned[0].startswith(f"{overlay}:9: ")
        assert "no such entry upstream any more" in warned[0]
        ids = [q["id"] for q in loaded["maturity"]["questions"]]
        assert "long_gone_question" not in ids

    def test_rewording_a_readiness_check_upstream_no_longer_has_warns(self, tmp_path):
        """Regression: ``question`` was missing from the loader's list of text keys, so a new
        wording of a readiness check upstream had removed was appended as a new check and the
        build failed on its missing remedy. The schema makes the question text: now a warning
        at its line, and the check is left out."""
        rubrics, overlay = overlay_of(
            tmp_path,
            "root_causes",
            "extends: root_causes\ncauses:\n  - id: no_hard_business_owner\n    checks:\n"
            "      - id: long_gone_check\n        question: Does Acme's CFO sign the budget?\n",
        )
        loaded = load_rubrics(rubrics, docs_dir=ROOT / "docs")
        assert len(loaded.warnings) == 1
        assert loaded.warnings[0].startswith(f"{overlay}:5: ")
        assert "'long_gone_check': no such entry upstream any more" in loaded.warnings[0]
        cause = loaded["root_causes"]["causes"][0]
        assert "long_gone_check" not in [c["id"] for c in cause["checks"]]

    def test_a_cost_timing_for_an_id_upstream_no_longer_has_is_no_rewording(self, tmp_path):
        """Regression: ``timing`` was in the loader's list of text keys, so a fork's new timing
        for a cost upstream had removed was dropped as a stale rewording. It is a code (an enum
        in the schema) that changes the cash flows: the entry is kept as the fork's own, and the
        build says what a new cost lacks."""
        rubrics, _ = overlay_of(
            tmp_path,
            "kpis",
            "extends: kpis\nroi_defaults:\n  costs:\n    - id: long_gone_cost\n"
            "      timing: recurring\n",
        )
        with pytest.raises(RubricError) as err:
            load_rubrics(rubrics, docs_dir=ROOT / "docs")
        assert any("'category' is a required property" in p for p in err.value.problems)

    def test_a_new_entry_of_the_forks_own_does_not_warn(self, tmp_path):
        """A whole new question (dimension, options) is an addition, not a stale key."""
        text = OVERLAY + (
            "  - id: vendor_models\n    dimension: governance_risk\n    text: Vendor models?\n"
            "    options:\n      - {value: none, label: None, level: 1}\n"
            "      - {value: all, label: All, level: 5}\n"
        )
        rubrics, _ = fork(tmp_path, text)
        loaded = load_rubrics(rubrics, docs_dir=ROOT / "docs")
        assert not [w for w in loaded.warnings if "vendor_models" in w]
        assert "vendor_models" in [q["id"] for q in loaded["maturity"]["questions"]]

    def test_a_new_text_only_entry_like_its_siblings_is_added(self, tmp_path):
        """A new entry with every key its siblings have is an addition, even when those keys
        are all text: a fork's own KPI family (title, audience, examples) is kept."""
        rubrics = copy_rubrics(tmp_path / "rubrics")
        add_overlay(rubrics, "extends: maturity\n")
        (rubrics / "local" / "governance.yaml").write_text(
            "extends: governance\nkpi_families:\n  - id: people\n    title: People KPIs\n"
            "    audience: Works council and HR\n    examples: [Hours of training per user]\n"
        )
        loaded = load_rubrics(rubrics, docs_dir=ROOT / "docs")
        assert loaded.warnings == ()
        assert "people" in [e["id"] for e in loaded["governance"]["kpi_families"]]

    def test_a_rewording_of_a_live_entry_does_not_warn(self, tmp_path):
        """The overlay's own wording of a question upstream keeps: no warning."""
        rubrics, _ = fork(tmp_path)
        loaded = load_rubrics(rubrics, docs_dir=ROOT / "docs")
        assert not [w for w in loaded.warnings if f"'{REWORDED}'" in w]


class TestValidateCommand:
    """`python -m calculators validate` prints the warnings and still exits 0."""

    def test_warnings_on_stderr_with_file_and_line_exit_0(self, tmp_path):
        rubrics, overlay = fork(tmp_path)
        done = run_cli("validate", "--rubrics", str(rubrics))
        assert done.returncode == 0, done.stderr
        assert "rubrics valid" in done.stdout
        lines = done.stderr.splitlines()
        assert len(lines) == 2
        assert lines[0].startswith(f"warning: {overlay}:7: ")
        assert lines[1].startswith(f"warning: {overlay}:9: ")

    def test_json_lists_the_warnings(self, tmp_path):
        rubrics, _ = fork(tmp_path)
        done = run_cli("validate", "--rubrics", str(rubrics), "--format", "json")
        assert done.returncode == 0
        assert len(json.loads(done.stdout)["warnings"]) == 2
