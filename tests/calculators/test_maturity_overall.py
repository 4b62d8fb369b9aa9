"""The overall level: the rule the rubric states, its arithmetic, what holds it back and its lift."""

from __future__ import annotations

import copy

from hypothesis import given, settings
from hypothesis import strategies as st

from calculators._maturity import _overall_level, assess
from tests.calculators.test_maturity import MATURITY, QUESTIONS, SPRINT, levels, tiny
from tests.conftest import examples


def at_level(per_dimension: dict[str, int], default: int) -> dict:
    """Answers putting each question at the option of its dimension's level (or the nearest)."""
    answers = {}
    for q in QUESTIONS:
        want = per_dimension.get(q["dimension"], default)
        option = min(q["options"], key=lambda o: (abs(o["level"] - want), -o["level"]))
        answers[q["id"]] = option["value"]
    return answers


def apply_lift(result: dict, lift: list[dict]) -> tuple[list[int], list[int]]:
    """Dimension levels and failed gates' levels after the lift's changes."""
    raised = {s["dimension"]: s["to_level"] for s in lift if s["kind"] == "dimension"}
    passed = {s["gate"] for s in lift if s["kind"] == "gate"}
    dims = [raised.get(d["id"], d["level"]) for d in result["dimensions"] if d["level"]]
    failed = [g["level"] for g in result["gates"] if not g["passed"] and g["id"] not in passed]
    return dims, failed


class TestSixAtL3OneAtL2:
    """The issue's case: six dimensions at L3 and one at L2."""

    def result(self):
        return assess(MATURITY, at_level({"business_ownership": 2}, 3), sprint=SPRINT)

    def test_gives_l3_as_the_page_says(self):
        """Mean 2.86 rounds as a dimension score does (halves up): L3, one above the weakest L2."""
        result = self.result()
        assert sorted(levels(result).values()) == [2, 3, 3, 3, 3, 3, 3]
        assert result["overall"]["level"] == 3

    def test_why_gives_the_arithmetic(self):
        """The explanation shows the mean, the threshold and the weakest dimension's cap."""
        why = self.result()["overall"]["why"]
        assert "20/7 = 2.86" in why
        assert "L3 starts at 2.50" in why
        assert "Business ownership, L2" in why
        assert "allows at most L3" in why
        assert "Balanced rule over" not in why

    def test_rule_words_come_from_the_rubric(self):
        """The result carries the rubric's own words for the rule."""
        overall = self.result()["overall"]
        assert overall["rule_text"] == MATURITY["scoring"]["overall"]["text"]
        assert overall["arithmetic"]["mean"] == round(20 / 7, 4)
        assert overall["arithmetic"]["cap"] == 3

    def test_lift_reaches_l4(self):
        """The lift raises the weakest to L3 and enough others, and passes the L4 gates."""
        result = self.result()
        lift = result["overall"]["lift"]
        dims, failed = apply_lift(result, lift)
        assert _overall_level(dims, MATURITY["scoring"], failed) == 4
        assert {s["gate"] for s in lift if s["kind"] == "gate"} == {
            g["id"] for g in result["gates"] if not g["passed"]
        }


class TestRounding:
    """The rubric says how the mean of the levels is rounded; the old 'down' stays available."""

    def test_rounding_down_is_stated_in_the_why(self):
        """rounding: down keeps the floor of the mean, and says so."""
        rubric = tiny(overall={"rule": "mean", "rounding": "down"})
        result = assess(rubric, {"a_1": "l2", "a_2": "l2", "b_1": "l5"})
        assert result["overall"]["level"] == 3  # mean 3.5, rounded down
        assert "rounded down to L3" in result["overall"]["why"]

    def test_rounding_by_thresholds_rounds_halves_up(self):
        """rounding: thresholds puts a mean of 3.5 at L4, like a dimension score of 3.5."""
        rubric = tiny(overall={"rule": "mean", "rounding": "thresholds"})
        result = assess(rubric, {"a_1": "l2", "a_2": "l2", "b_1": "l5"})
        assert result["overall"]["level"] == 4  # mean 3.5; the L4 gate on b_1 (l5) is passed
        assert "L4 starts at 3.50" in result["overall"]["why"]

    def test_words_are_made_from_the_rule_when_the_rubric_has_none(self):
        """A fork without 'text' still gets the rule in words."""
        result = assess(tiny(), {"a_1": "l1", "a_2": "l1", "b_1": "l5"})
        assert "at most 1 level above the weakest dimension" in result["overall"]["rule_text"]


class TestLimitedBy:
    """limited_by names what holds the overall level below a dimension's level."""

    def test_mean_holding_back_names_the_dimensions_below(self):
        """One dimension at L4, the others at L3: the mean (3.14) holds it at L3."""
        result = assess(MATURITY, at_level({"mlops": 4}, 3))
        overall = result["overall"]
        assert overall["level"] == 3
        kinds = {item["kind"] for item in overall["limited_by"]}
        assert "mean" in kinds
        mean = next(i for i in overall["limited_by"] if i["kind"] == "mean")
        assert "mlops" not in mean["dimensions"]
        assert "3.14" in mean["text"]

    def test_nothing_is_listed_when_no_dimension_is_above_the_overall(self):
        """Every dimension at L3 and overall L3: nothing holds it below a dimension."""
        result = assess(MATURITY, at_level({}, 3))
        assert result["overall"]["level"] == 3
        assert result["overall"]["limited_by"] == []
        assert result["overall"]["lift"]


answer_sets = st.fixed_dictionaries(
    {
        q["id"]: st.sampled_from([o["value"] for o in q["options"]] + ["dont_know"])
        for q in QUESTIONS
    }
)


class TestProperties:
    """For any answers to the shipped rubric."""

    @settings(max_examples=examples(80), deadline=None)
    @given(answers=answer_sets, data=st.data())
    def test_raising_an_answer_never_lowers_a_level(self, answers, data):
        """A higher option for one question never lowers a dimension or the overall level."""
        question = data.draw(st.sampled_from(QUESTIONS))
        values = [o["value"] for o in question["options"]]
        current = answers[question["id"]]
        start = 0 if current == "dont_know" else values.index(current)
        higher = values[data.draw(st.integers(min_value=start, max_value=len(values) - 1))]
        before = assess(MATURITY, answers)
        after = assess(MATURITY, {**answers, question["id"]: higher})
        assert after["overall"]["level"] >= before["overall"]["level"]
        for old, new in zip(before["dimensions"], after["dimensions"], strict=True):
            assert new["level"] >= old["level"]

    @settings(max_examples=examples(80), deadline=None)
    @given(answers=answer_sets)
    def test_below_a_dimension_means_something_is_named(self, answers):
        """Whenever the overall level is below some dimension's level, limited_by is not empty."""
        result = assess(MATURITY, answers)
        if result["overall"]["level"] < max(levels(result).values()):
            assert result["overall"]["limited_by"]

    @settings(max_examples=examples(80), deadline=None)
    @given(answers=answer_sets)
    def test_applying_the_lift_raises_the_overall_by_one(self, answers):
        """The lift's raises and gates, applied, give at least the next overall level."""
        result = assess(MATURITY, answers)
        level = result["overall"]["level"]
        if level == MATURITY["levels"][-1]["level"]:
            assert result["overall"]["lift"] == []
            return
        dims, failed = apply_lift(result, result["overall"]["lift"])
        assert _overall_level(dims, MATURITY["scoring"], failed) >= level + 1

    @settings(max_examples=examples(40), deadline=None)
    @given(answers=answer_sets, rule=st.sampled_from(["balanced", "mean", "weakest_link"]))
    def test_lift_works_for_every_rule_and_rounding(self, answers, rule):
        """The same holds when a fork picks another rule or rounding."""
        for rounding in ("down", "thresholds"):
            rubric = copy.deepcopy(MATURITY)
            rubric["scoring"]["overall"] = {"rule": rule, "max_lead": 1, "rounding": rounding}
            result = assess(rubric, answers)
            level = result["overall"]["level"]
            if level < max(levels(result).values()):
                assert result["overall"]["limited_by"]
            if level < 5:
                dims, failed = apply_lift(result, result["overall"]["lift"])
                assert _overall_level(dims, rubric["scoring"], failed) >= level + 1


class TestCsvLevels:
    """The assessment CSV carries the levels, not only the answers."""

    def test_csv_has_a_level_row_per_dimension_and_the_overall(self):
        """One 'Dimension level' row per dimension and an 'Overall level' row, with numbers."""
        import csv
        import io

        from calculators._maturity import answers_csv

        answers = at_level({"business_ownership": 2}, 3)
        rows = list(csv.DictReader(io.StringIO(answers_csv(MATURITY, answers))))
        dims = [r for r in rows if r["question"] == "Dimension level"]
        assert [r["level"] for r in dims] == ["2", "3", "3", "3", "3", "3", "3"]
        overall = [r for r in rows if r["question"] == "Overall level"]
        assert overall == [
            {
                "dimension": "Overall",
                "question_id": "",
                "question": "Overall level",
                "answer": "",
                "answer_label": "Production Islands",
                "level": "3",
            }
        ]


class TestActionsFollowTheLift:
    """Regression (journey review): with two dimensions tied at the bottom, no single raise moves
    the overall level, so every gain was 0 and the tie-break listed gates two levels away first,
    under a heading that promises the order of what raises the level."""

    def result(self):
        answers = at_level({"business_ownership": 1, "change_people": 1}, 4)
        return assess(MATURITY, answers, sprint=SPRINT)

    def test_the_lift_s_dimensions_come_first(self):
        result = self.result()
        lift_dims = {s["dimension"] for s in result["overall"]["lift"] if s["kind"] == "dimension"}
        assert lift_dims == {"business_ownership", "change_people"}
        assert all(a["gain"] == 0 for a in result["actions"])
        order = [
            a["kind"] == "dimension" and a["dimension"] in lift_dims for a in result["actions"]
        ]
        assert any(order)
        assert order == sorted(order, reverse=True), [a["id"] for a in result["actions"]]


def test_dont_know_answers_are_counted_apart():
    """Regression (journey review): three "Don't know" answers showed as "33 of 33 answered" and
    "4 of 4", so a reader could not tell that unknowns were scored at the lowest level."""
    answers = at_level({}, 3)
    unknown = [q["id"] for q in QUESTIONS if q["dimension"] == "data_integration"][:2]
    answers.update(dict.fromkeys(unknown, "dont_know"))
    result = assess(MATURITY, answers, sprint=SPRINT)
    assert result["progress"]["dont_know"] == 2
    assert result["progress"]["dont_know_scored_as"] == MATURITY["scoring"].get(
        "dont_know", "lowest"
    )
    data = next(d for d in result["dimensions"] if d["id"] == "data_integration")
    assert data["dont_know"] == 2
    assert sum(d["dont_know"] for d in result["dimensions"]) == 2


class TestCapNeverAboveTheTopLevel:
    """Every dimension at the top level: the weakest dimension's cap names no level that does not
    exist (the page said "allows at most L6" on a five-level rubric)."""

    def test_why_names_no_level_above_the_top(self):
        """The cap in the words and the arithmetic is the top level, L5, not L6."""
        overall = assess(MATURITY, at_level({}, 5), sprint=SPRINT)["overall"]
        assert overall["level"] == 5
        assert "allows at most L5" in overall["why"]
        assert "L6" not in overall["why"]
        assert overall["arithmetic"]["cap"] == 5


class TestAGateActionGainsWhatPassingItWouldGain:
    """Regression (journey review): a failing L4 gate's action said it gains one level whenever
    the overall level was L3, even with a mean of 3.00 that no passed gate lifts to L4 (L4 starts
    at a mean of 3.50), so it led a list promised in the order of what raises the level."""

    def result(self):
        return assess(MATURITY, at_level({}, 3), sprint=SPRINT)

    def test_passing_one_gate_at_mean_three_gains_nothing(self):
        result = self.result()
        assert result["overall"]["level"] == 3
        gates = [a for a in result["actions"] if a["kind"] == "gate"]
        assert gates, "every L4 gate fails with every answer at L3"
        assert all(a["gain"] == 0 for a in gates), [(a["id"], a["gain"]) for a in gates]

    @settings(max_examples=examples(30), deadline=None)
    @given(st.dictionaries(st.sampled_from([q["dimension"] for q in QUESTIONS]), st.integers(1, 5)))
    def test_every_action_s_gain_is_what_its_change_alone_would_give(self, per_dimension):
        result = assess(MATURITY, at_level(per_dimension, 4), sprint=SPRINT)
        scoring = MATURITY["scoring"]
        dims = [d["level"] for d in result["dimensions"] if d["level"]]
        failed = {g["id"]: g["level"] for g in result["gates"] if not g["passed"]}
        for action in (a for a in result["actions"] if a["kind"] == "gate"):
            others = [lv for gid, lv in failed.items() if gid != action["id"]]
            alone = _overall_level(dims, scoring, others) - result["overall"]["level"]
            assert action["gain"] == alone, action["id"]


class TestThePlanBreaksTiesByScore:
    """Regression (journey review): the plan took the first three weakest dimensions in rubric
    order, so of two dimensions at L3 the one with the higher score was in the focus and the
    one further from L4 was left out."""

    def test_at_one_level_the_lower_score_is_in_the_focus(self):
        answers = at_level(
            {
                "business_ownership": 3,
                "change_people": 3,
                "governance_risk": 2,
                "value_measurement": 2,
            },
            4,
        )
        # One change question a level lower: change and people stays L3, with a lower score
        # than business ownership's 3.0.
        lowered = next(
            q for q in QUESTIONS if q["dimension"] == "change_people" and not q.get("critical")
        )
        answers[lowered["id"]] = min(lowered["options"], key=lambda o: abs(o["level"] - 2))["value"]
        result = assess(MATURITY, answers, sprint=SPRINT)
        dims = {d["id"]: d for d in result["dimensions"]}
        assert dims["change_people"]["level"] == dims["business_ownership"]["level"] == 3
        assert dims["change_people"]["score"] < dims["business_ownership"]["score"]
        weakest = result["plan"]["focus"][:3]
        assert weakest == ["governance_risk", "value_measurement", "change_people"]
