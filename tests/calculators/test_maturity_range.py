"""A partial answer set says how far its blank questions could move the levels (``range``).

The defect: a blank question is left out of its dimension's average, so answering 7 of 33
questions at the top option read "L5 (provisional)" with nothing to say the blanks could put it
at L1. The levels are unchanged; ``overall.range`` and each dimension's ``range`` say the span.
"""

from __future__ import annotations

from hypothesis import given, settings

from calculators._maturity import DONT_KNOW, assess, assess_levels
from tests.calculators.test_maturity_levels import (
    MATURITY,
    QUESTIONS,
    answer_sets,
    scorings,
    varied,
)
from tests.conftest import examples


def top(question: dict) -> str:
    return max(question["options"], key=lambda o: o["level"])["value"]


def bottom(question: dict) -> str:
    return min(question["options"], key=lambda o: o["level"])["value"]


def seven_at_the_top() -> dict:
    """7 of 33 answered at the top option, the gates' questions among them, so that the level
    reported is L5: the case the defect was reported on."""
    gated = [g["question"] for g in MATURITY["gates"] if not g.get("retired")]
    picked = list(dict.fromkeys(gated))
    for dim in MATURITY["dimensions"]:
        if not any(q["dimension"] == dim["id"] and q["id"] in picked for q in QUESTIONS):
            picked.append(next(q["id"] for q in QUESTIONS if q["dimension"] == dim["id"]))
    questions = {q["id"]: q for q in QUESTIONS}
    return {qid: top(questions[qid]) for qid in picked}


class TestSevenOfThirtyThreeAtTheTop:
    def test_the_level_stays_and_the_range_shows_how_low_the_blanks_could_put_it(self):
        answers = seven_at_the_top()
        result = assess(MATURITY, answers)
        assert result["provisional"]
        assert result["progress"]["answered"] == len(answers) < result["progress"]["total"]
        overall = result["overall"]
        assert overall["level"] == 5 == overall["range"]["high"]
        assert overall["range"]["low"] <= 2 < overall["level"]
        assert overall["range"]["blank"] == result["progress"]["total"] - len(answers)

    def test_each_dimension_with_a_blank_has_its_range_and_count(self):
        result = assess(MATURITY, seven_at_the_top())
        for dim in result["dimensions"]:
            blank = dim["total"] - dim["answered"]
            if blank:
                assert dim["range"]["blank"] == blank
                assert dim["range"]["low"] < dim["range"]["high"]
            else:
                assert "range" not in dim


class TestTheEnds:
    def test_the_ends_are_the_levels_of_the_blanks_answered_at_their_lowest_and_highest(self):
        answers = seven_at_the_top()
        result = assess(MATURITY, answers)
        for end, pick in (("low", bottom), ("high", top)):
            filled = {q["id"]: answers.get(q["id"], pick(q)) for q in QUESTIONS}
            levels = assess_levels(MATURITY, filled)
            assert result["overall"]["range"][end] in (
                levels["overall"]["level"],
                result["overall"]["level"],
            )

    def test_no_blank_gives_no_range_key(self):
        answers = {q["id"]: DONT_KNOW for q in QUESTIONS}
        result = assess(MATURITY, answers)
        assert "range" not in result["overall"]
        assert all("range" not in d for d in result["dimensions"])

    def test_no_answers_at_all_span_every_level(self):
        result = assess(MATURITY, {})
        assert result["overall"]["level"] is None
        assert result["overall"]["range"]["blank"] == len(QUESTIONS)
        assert result["overall"]["range"]["low"] == 1
        assert result["overall"]["range"]["high"] == max(lv["level"] for lv in MATURITY["levels"])


def within(level, span) -> bool:
    return level is None or span["low"] <= level <= span["high"]


class TestTheRangeHoldsTheLevel:
    @settings(max_examples=examples(150), deadline=None)
    @given(answers=answer_sets, scoring=scorings)
    def test_low_le_level_le_high_overall_and_every_dimension(self, answers, scoring):
        rubric = varied(scoring)
        result = assess(rubric, answers)
        blank = result["progress"]["total"] - result["progress"]["answered"]
        assert ("range" in result["overall"]) == (blank > 0)
        if blank:
            assert within(result["overall"]["level"], result["overall"]["range"])
        for dim in result["dimensions"]:
            if "range" in dim:
                assert within(dim["level"], dim["range"])
