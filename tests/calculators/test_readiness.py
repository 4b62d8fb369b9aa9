"""The pilot scale-readiness check over the shipped root-causes rubric."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators import InputError
from calculators._readiness import readiness, readiness_template
from calculators._rubric_files import load_rubrics

ROOT = Path(__file__).resolve().parents[2]
RUBRIC = load_rubrics(ROOT / "rubrics", docs_dir=ROOT / "docs").rubrics["root_causes"]
CHECKS = {k["id"]: c["id"] for c in RUBRIC["causes"] for k in c["checks"]}
STOPPERS = set(RUBRIC["readiness"]["stop_if_any"])


def all_yes():
    return dict.fromkeys(CHECKS, "yes")


class TestReadiness:
    """readiness(): flags, remedies and the verdict."""

    def test_all_yes_scales_now(self):
        """No 'no' anywhere: scale now, nothing flagged."""
        result = readiness(RUBRIC, all_yes(), pilot="Invoice triage")
        assert result["verdict"]["id"] == "scale_now"
        assert result["flags"] == 0
        assert result["pilot"] == "Invoice triage"
        assert result["provisional"] is False

    def test_one_no_flags_its_cause_with_remedies(self):
        """A 'no' on a non-stopping cause flags it, lists its remedies, and says fix first."""
        check = next(k for k, c in CHECKS.items() if c not in STOPPERS)
        result = readiness(RUBRIC, {**all_yes(), check: "no"})
        flagged = [c for c in result["causes"] if c["flagged"]]
        assert [c["id"] for c in flagged] == [CHECKS[check]]
        assert flagged[0]["remedies"]
        assert flagged[0]["failed_checks"][0]["id"] == check
        assert result["verdict"]["id"] == "fix_first"

    def test_a_stopping_cause_stops(self):
        """A 'no' on a stop_if_any cause gives stop."""
        check = next(k for k, c in CHECKS.items() if c in STOPPERS)
        assert readiness(RUBRIC, {**all_yes(), check: "no"})["verdict"]["id"] == "stop"

    def test_many_flags_stop(self):
        """stop_if_flags_at_least causes flagged gives stop even without a stopping cause."""
        answers = all_yes()
        causes = [c for c in RUBRIC["causes"] if c["id"] not in STOPPERS][
            : RUBRIC["readiness"]["stop_if_flags_at_least"]
        ]
        for cause in causes:
            answers[cause["checks"][0]["id"]] = "no"
        assert readiness(RUBRIC, answers)["verdict"]["id"] == "stop"

    def test_unanswered_is_provisional(self):
        """Unanswered checks flag nothing but make the result provisional."""
        result = readiness(RUBRIC, readiness_template(RUBRIC)["answers"])
        assert result["provisional"] is True
        assert result["unanswered"] == len(CHECKS)

    @pytest.mark.parametrize(
        ("answers", "field", "message"),
        [
            ({"nope": "yes"}, "nope", "unknown readiness check 'nope'"),
            ({next(iter(CHECKS)): "maybe"}, next(iter(CHECKS)), "must be 'yes', 'no' or null"),
            ([], "answers", "'answers' must be an object"),
        ],
    )
    def test_bad_input_names_the_field(self, answers, field, message):
        """Bad answers raise InputError naming the field."""
        with pytest.raises(InputError, match=message) as err:
            readiness(RUBRIC, answers)
        assert err.value.field == field

    def test_pilot_name_is_bounded(self):
        """An absurdly long pilot name is refused."""
        with pytest.raises(InputError, match="'pilot' must be a name"):
            readiness(RUBRIC, {}, pilot="x" * 201)

    @settings(max_examples=50, deadline=None)
    @given(
        st.dictionaries(st.sampled_from(sorted(CHECKS)), st.sampled_from(["yes", "no"])),
        st.sampled_from(sorted(CHECKS)),
    )
    def test_turning_a_no_into_yes_never_worsens_the_verdict(self, answers, check):
        """Fixing a check never moves the verdict from scale_now/fix_first towards stop."""
        order = {"scale_now": 0, "fix_first": 1, "stop": 2}
        worse = readiness(RUBRIC, {**answers, check: "no"})
        better = readiness(RUBRIC, {**answers, check: "yes"})
        assert order[better["verdict"]["id"]] <= order[worse["verdict"]["id"]]
