"""Next actions and the 90-day plan leave out what the answers already satisfy."""

from __future__ import annotations

from calculators._maturity import assess
from tests.calculators.test_maturity import MATURITY, SPRINT
from tests.calculators.test_maturity_overall import at_level


def activity_ids(plan: dict) -> set[str]:
    return {a["id"] for phase in plan["phases"] for a in phase["activities"]}


class TestSatisfiedAnswers:
    """A reader who says the policy is approved is not told to get it approved."""

    def answers(self):
        answers = at_level({"governance_risk": 3}, 3)
        answers["ai_policy"] = "approved_policy"
        return answers

    def test_no_policy_approval_action_when_it_is_approved(self):
        """Governance at L3 with an approved policy: no 'get the policy approved' action."""
        result = assess(MATURITY, self.answers(), sprint=SPRINT)
        governance = next(d for d in result["dimensions"] if d["id"] == "governance_risk")
        assert governance["level"] == 3
        texts = " ".join(a["text"] for a in result["actions"])
        assert "approved at board level" not in texts
        assert "approve_ai_policy" in {a["id"] for a in result["actions_satisfied"]}

    def test_policy_approval_action_when_it_is_not(self):
        """The same answers with the policy unapproved: the action is there."""
        answers = {**self.answers(), "ai_policy": "unapproved_or_unknown"}
        result = assess(MATURITY, answers, sprint=SPRINT)
        assert "approve_ai_policy" in {a["id"] for a in result["actions"]}

    def test_plan_leaves_out_activities_the_answers_satisfy(self):
        """A registry already in place: the plan does not stand one up, and says why."""
        answers = at_level({"mlops": 3}, 4)
        answers["model_registry"] = next(
            o["value"]
            for q in MATURITY["questions"]
            if q["id"] == "model_registry"
            for o in q["options"]
            if o["level"] == 4
        )
        result = assess(MATURITY, answers, sprint=SPRINT)
        assert "mlops" in result["plan"]["focus"]
        assert "stand_up_registry" not in activity_ids(result["plan"])
        assert "stand_up_registry" in {a["id"] for a in result["plan"]["left_out"]}

    def test_exit_criteria_match_the_activities_kept(self):
        """A phase keeps only the exit criteria of activities it kept."""
        result = assess(MATURITY, at_level({"mlops": 2}, 5), sprint=SPRINT)
        assert result["plan"]["focus"] == ["mlops"]
        for phase in result["plan"]["phases"]:
            source = next(p for p in SPRINT["phases"] if p["id"] == phase["id"])
            kept = {a["id"] for a in phase["activities"]}
            expected = [
                c["text"] if isinstance(c, dict) else c
                for c in source["exit_criteria"]
                if isinstance(c, str) or kept & set(c["activities"])
            ]
            assert phase["exit_criteria"] == expected
            if not kept:
                assert phase["exit_criteria"] == []
        industrialise = next(p for p in result["plan"]["phases"] if p["id"] == "industrialise")
        assert not any("redesigned workflow" in c for c in industrialise["exit_criteria"])


def test_consolidation_action_left_out_when_data_pipelines_are_shared():
    """A team whose feeds, integrations and lineage already meet Level 4 (its dimension held at
    Level 3 by unvalidated data) is not told to move onto shared pipelines, which it was while the
    action had no ``done_when``; a team that lacks them still is."""
    answers = at_level({"data_integration": 3}, 4)
    levels = {
        "production_data_feeds": 4,
        "core_system_integration": 4,
        "data_lineage": 4,
        "data_validation": 1,
    }
    for q in MATURITY["questions"]:
        if q["id"] in levels:
            answers[q["id"]] = next(
                o["value"] for o in q["options"] if o["level"] == levels[q["id"]]
            )
    result = assess(MATURITY, answers, sprint=SPRINT)
    data = next(d for d in result["dimensions"] if d["id"] == "data_integration")
    assert data["level"] == 3
    assert "consolidate_pipelines" not in {a["id"] for a in result["actions"]}
    assert "consolidate_pipelines" in {a["id"] for a in result["actions_satisfied"]}

    still = assess(MATURITY, at_level({"data_integration": 3}, 4), sprint=SPRINT)
    assert "consolidate_pipelines" in {a["id"] for a in still["actions"]}
