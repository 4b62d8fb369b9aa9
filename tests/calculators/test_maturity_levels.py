"""The roll-up's light scoring path (``assess_levels``) gives what ``assess`` gives."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators._errors import InputError
from calculators._maturity import (
    DONT_KNOW,
    NOT_APPLICABLE,
    _answer_level,
    answer_table,
    assess,
    assess_levels,
    scored_levels,
)
from calculators._rubric_files import load_rubrics
from tests.conftest import examples

ROOT = Path(__file__).resolve().parents[2]
MATURITY = load_rubrics(ROOT / "rubrics", docs_dir=ROOT / "docs").rubrics["maturity"]
QUESTIONS = [q for q in MATURITY["questions"] if not q.get("retired")]


def choices(question: dict) -> list:
    """Every value an answer may take: the options, don't know, not applicable where allowed,
    and unanswered."""
    values = [o["value"] for o in question["options"]] + [DONT_KNOW, None]
    return [*values, NOT_APPLICABLE] if question.get("allow_not_applicable") else values


answer_sets = st.fixed_dictionaries(
    {},
    optional={q["id"]: st.sampled_from(choices(q)) for q in QUESTIONS},
)

scorings = st.fixed_dictionaries(
    {
        "rule": st.sampled_from(["balanced", "weakest_link", "mean"]),
        "rounding": st.sampled_from(["down", "thresholds"]),
        "max_lead": st.integers(min_value=0, max_value=2),
        "aggregate": st.sampled_from(["weighted_mean", "minimum"]),
        "dont_know": st.sampled_from(["lowest", "exclude"]),
    }
)


def varied(scoring: dict) -> dict:
    rubric = copy.deepcopy(MATURITY)
    rubric["scoring"]["overall"] = {k: scoring[k] for k in ("rule", "rounding", "max_lead")}
    rubric["scoring"]["dimension"]["aggregate"] = scoring["aggregate"]
    rubric["scoring"]["dont_know"] = scoring["dont_know"]
    return rubric


def what_the_rollup_reads(result: dict) -> dict:
    """The parts of ``assess``'s result the light path stands for: the levels, the gates, the
    overall lift and the actions that are steps of that lift, in ``assess``'s order."""
    lift = result["overall"]["lift"]
    steps = {("dimension", s["dimension"]) for s in lift if s["kind"] == "dimension"}
    steps |= {("gate", s["gate"]) for s in lift if s["kind"] == "gate"}
    return {
        "overall": {"level": result["overall"]["level"], "lift": lift},
        "dimensions": [{"id": d["id"], "level": d["level"]} for d in result["dimensions"]],
        "gates": [{k: g[k] for k in ("id", "level", "passed")} for g in result["gates"]],
        "provisional": result["provisional"],
        "actions": [
            a
            for a in result["actions"]
            if (a["kind"], a["dimension"] if a["kind"] == "dimension" else a["id"]) in steps
        ],
    }


class TestLightPathGivesWhatAssessGives:
    @settings(max_examples=examples(150), deadline=None)
    @given(answers=answer_sets)
    def test_the_shipped_rubric(self, answers):
        assert assess_levels(MATURITY, answers) == what_the_rollup_reads(assess(MATURITY, answers))

    @settings(max_examples=examples(150), deadline=None)
    @given(answers=answer_sets, scoring=scorings)
    def test_every_rule_rounding_aggregate_and_dont_know(self, answers, scoring):
        rubric = varied(scoring)
        assert assess_levels(rubric, answers) == what_the_rollup_reads(assess(rubric, answers))

    def test_no_answers_give_no_level_and_no_actions(self):
        light = assess_levels(MATURITY, {})
        assert light["overall"] == {"level": None, "lift": []}
        assert light["actions"] == []
        assert light == what_the_rollup_reads(assess(MATURITY, {}))


class TestTheAnswerTableGivesWhatAssessGives:
    """Issue 13 (scale budget): the roll-up looks each answer's level up in a table made once
    per rubric (``answer_table``) instead of scoring it by the options each time; the levels,
    the refusals and their messages are the same."""

    @settings(max_examples=examples(150), deadline=None)
    @given(answers=answer_sets, scoring=scorings)
    def test_every_rule_rounding_aggregate_and_dont_know(self, answers, scoring):
        rubric = varied(scoring)
        light, levels = scored_levels(rubric, answers, table=answer_table(rubric))
        assert light == what_the_rollup_reads(assess(rubric, answers))
        assert light == assess_levels(rubric, answers)
        dont_know = rubric["scoring"]["dont_know"]
        assert levels == {
            q["id"]: _answer_level(q, answers.get(q["id"]), dont_know) for q in QUESTIONS
        }

    @pytest.mark.parametrize(
        "answers",
        [
            {QUESTIONS[0]["id"]: "not_an_option"},
            {"no_such_question": "yes"},
            {QUESTIONS[0]["id"]: ["a", "list"]},
            ["not", "a", "mapping"],
        ],
        ids=["bad value", "unknown question", "unhashable value", "not an object"],
    )
    def test_a_bad_answer_is_refused_with_the_same_message(self, answers):
        with pytest.raises(InputError) as plain:
            assess_levels(MATURITY, answers)
        with pytest.raises(InputError) as tabled:
            assess_levels(MATURITY, answers, table=answer_table(MATURITY))
        assert str(tabled.value) == str(plain.value)

    def test_a_retired_question_is_ignored_whatever_its_answer(self):
        rubric = copy.deepcopy(MATURITY)
        rubric["questions"][0]["retired"] = True
        answers = {rubric["questions"][0]["id"]: "anything at all"}
        tabled = assess_levels(rubric, answers, table=answer_table(rubric))
        assert tabled == assess_levels(rubric, answers)
