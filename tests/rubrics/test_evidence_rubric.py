"""The maturity rubric's evidence rule (``scoring.evidence``, ``evidence_required``): the
schema and the checks JSON Schema cannot state refuse a broken one with file and line."""

from __future__ import annotations

from calculators._rubric_files import load_rubrics
from tests.rubrics.test_validation import MATURITY, ROOT, assert_reported, mutate, problems

EVIDENCE = "  evidence:\n    required_from_level: 4\n    applies_to: gates\n"


def test_shipped_rubric_asks_for_evidence_from_level_4_on_the_gates():
    """The shipped rule: L4 and above, on the gates' questions."""
    rubric = load_rubrics(ROOT / "rubrics", docs_dir=ROOT / "docs").rubrics["maturity"]
    assert rubric["scoring"]["evidence"] == {"required_from_level": 4, "applies_to": "gates"}


def test_level_out_of_range_is_refused(rubric_copy):
    """required_from_level must be a level."""
    line = mutate(rubric_copy / MATURITY, EVIDENCE, EVIDENCE.replace("4", "6"))
    assert_reported(rubric_copy, MATURITY, line + 1, r"6 is greater than the maximum of 5")


def test_unknown_scope_is_refused(rubric_copy):
    """applies_to is one of gates, all, marked."""
    line = mutate(rubric_copy / MATURITY, EVIDENCE, EVIDENCE.replace("gates", "gate"))
    assert_reported(rubric_copy, MATURITY, line + 2, r"'gate' is not one of")


def test_rule_that_marks_no_question_is_refused(rubric_copy):
    """applies_to: marked with no question marked would ask for nothing."""
    mutate(rubric_copy / MATURITY, EVIDENCE, EVIDENCE.replace("gates", "marked"))
    assert any("scoring.evidence marks no question" in p for p in problems(rubric_copy))


def test_mark_without_a_rule_is_refused(rubric_copy):
    """evidence_required on a question does nothing when the rubric sets no rule."""
    text = (rubric_copy / MATURITY).read_text()
    (rubric_copy / MATURITY).write_text(text.replace(EVIDENCE, ""))
    line = mutate(
        rubric_copy / MATURITY,
        "  - id: model_registry\n    dimension: mlops\n",
        "  - id: model_registry\n    evidence_required: true\n    dimension: mlops\n",
    )
    assert_reported(rubric_copy, MATURITY, line + 1, r"evidence_required has no effect")


def test_marked_question_whose_options_never_reach_the_level_is_refused(rubric_copy):
    """A mark on a question that can never be answered at the rule's level asks for nothing."""
    mutate(rubric_copy / MATURITY, EVIDENCE, EVIDENCE.replace("4", "5"))
    text = (rubric_copy / MATURITY).read_text()
    start = text.index("  - id: ai_operating_structure\n")
    end = text.index("\n  - id: ", start + 10)
    block = text[start:end].replace("level: 5", "level: 4")
    block = block.replace("    dimension:", "    evidence_required: true\n    dimension:", 1)
    (rubric_copy / MATURITY).write_text(text[:start] + block + text[end:])
    assert any("so its evidence is never asked for" in p for p in problems(rubric_copy))
