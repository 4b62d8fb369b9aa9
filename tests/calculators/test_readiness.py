"""The pilot scale-readiness check over the shipped root-causes rubric."""

from __future__ import annotations

import copy
import itertools
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators import InputError
from calculators._readiness import (
    EXPORT_FORMAT,
    check_readiness_rubric,
    read_pilots,
    readiness,
    readiness_template,
)
from calculators._rubric_files import load_rubrics
from tests.conftest import examples

ROOT = Path(__file__).resolve().parents[2]
_ALL = load_rubrics(ROOT / "rubrics", docs_dir=ROOT / "docs").rubrics
RUBRIC = _ALL["root_causes"]
EU = _ALL["eu_ai_act"]
CHECKS = {k["id"]: c["id"] for c in RUBRIC["causes"] for k in c["checks"]}
REMEDY = {k["id"]: k["remedy"] for c in RUBRIC["causes"] for k in c["checks"]}
STOP_CHECKS = [s["check"] for s in RUBRIC["readiness"]["stop_if_not_in_place"]]
STOP_AT = RUBRIC["readiness"]["stop_if_flags_at_least"]
SPONSOR = "named_pl_sponsor"
ID_PATTERN = re.compile(r"\b[a-z]+(_[a-z0-9]+)+\b")  # a snake_case id in prose


def all_yes():
    return dict.fromkeys(CHECKS, "yes")


def verdict(answers, **kw):
    return readiness(RUBRIC, answers, **kw)["verdict"]


class TestReadiness:
    """readiness(): flags, remedies and the verdict."""

    def test_all_yes_scales_now(self):
        """No 'no' anywhere: scale now, nothing flagged."""
        result = readiness(RUBRIC, all_yes(), pilot="Invoice triage")
        assert result["verdict"]["id"] == "scale_now"
        assert result["verdict"]["final"] is True
        assert result["flags"] == 0
        assert result["pilot"] == "Invoice triage"
        assert result["provisional"] is False
        assert result["remedies"] == []

    def test_one_no_flags_its_cause_with_its_remedy(self):
        """A 'no' on a check that is no stop rule flags its cause, offers its remedy: fix first."""
        check = next(k for k in CHECKS if k not in STOP_CHECKS)
        result = readiness(RUBRIC, {**all_yes(), check: "no"})
        flagged = [c for c in result["causes"] if c["flagged"]]
        assert [c["id"] for c in flagged] == [CHECKS[check]]
        assert flagged[0]["remedies"] == [REMEDY[check]]
        assert flagged[0]["failed_checks"][0]["id"] == check
        assert result["verdict"]["id"] == "fix_first"

    def test_a_stop_check_not_in_place_stops(self):
        """A 'no' on a stop_if_not_in_place check gives stop."""
        assert verdict({**all_yes(), STOP_CHECKS[0]: "no"})["id"] == "stop"

    def test_many_flags_stop(self):
        """stop_if_flags_at_least causes flagged gives stop even with the sponsor named."""
        answers = all_yes()
        flagged = 0
        for cause in RUBRIC["causes"]:
            check = next((k["id"] for k in cause["checks"] if k["id"] not in STOP_CHECKS), None)
            if check and flagged < STOP_AT:
                answers[check] = "no"
                flagged += 1
        v = verdict(answers)
        assert v["id"] == "stop"
        assert f"{STOP_AT} of 6 causes are flagged" in v["why"]

    def test_unanswered_is_provisional(self):
        """Nothing answered: provisional, every check unanswered, and no verdict yet."""
        result = readiness(RUBRIC, readiness_template(RUBRIC)["answers"])
        assert result["provisional"] is True
        assert result["unanswered"] == len(CHECKS)
        assert result["verdict"]["id"] == "incomplete"

    @pytest.mark.parametrize(
        ("answers", "field", "message"),
        [
            ({"nope": "yes"}, "nope", "unknown readiness check 'nope'"),
            (
                {next(iter(CHECKS)): "maybe"},
                next(iter(CHECKS)),
                "must be 'yes', 'no', 'dont_know' or null \\(got 'maybe'\\)",
            ),
            ([], "answers", "'answers' must be an object"),
        ],
    )
    def test_bad_input_names_the_field(self, answers, field, message):
        """Bad answers raise InputError naming the check and the value (dont_know is allowed)."""
        with pytest.raises(InputError, match=message) as err:
            readiness(RUBRIC, answers)
        assert err.value.field == field

    def test_every_bad_answer_is_named_at_once_and_the_good_ones_are_not(self):
        """An unknown check and a bad value in one file: both named, each with its field and its
        message id; a good answer beside them is not among them."""
        first, second, third = list(CHECKS)[:3]
        with pytest.raises(InputError) as err:
            readiness(RUBRIC, {"nope": "yes", first: "maybe", second: "yes", third: 3})
        found = {e["field"]: e["message_id"] for e in err.value.errors}
        assert found == {
            "nope": "error.readiness.unknown_check",
            first: "error.readiness.bad_answer",
            third: "error.readiness.bad_answer",
        }
        assert err.value.message_id == "error.fields_need_correcting"
        assert str(err.value).startswith("3 fields need correcting: ")

    def test_pilot_name_is_bounded(self):
        """An absurdly long pilot name is refused."""
        with pytest.raises(InputError, match="'pilot' must be a name"):
            readiness(RUBRIC, {}, pilot="x" * 201)

    @settings(max_examples=examples(50), deadline=None)
    @given(
        st.fixed_dictionaries({k: st.sampled_from(["yes", "no", "dont_know"]) for k in CHECKS}),
        st.sampled_from(sorted(CHECKS)),
    )
    def test_turning_a_no_into_yes_never_worsens_the_verdict(self, answers, check):
        """With every check answered, fixing one never moves the verdict towards stop."""
        order = {"scale_now": 0, "fix_first": 1, "stop": 2}
        worse = readiness(RUBRIC, {**answers, check: "no"})
        better = readiness(RUBRIC, {**answers, check: "yes"})
        assert order[better["verdict"]["id"]] <= order[worse["verdict"]["id"]]


class TestRegressions:
    """What readers and reviewers saw go wrong."""

    def test_one_answer_of_16_is_incomplete_not_ready_to_scale(self):
        """One 'yes' gave "Ready to scale, 0 of 6 causes flagged"; now the verdict waits."""
        v = verdict({"adoption_tracked": "yes"})
        assert v["id"] == "incomplete"
        assert v["label"] == "Incomplete"
        assert len(v["missing"]) == len(CHECKS) - 1
        assert "15 of 16" in v["why"]

    def test_named_sponsor_is_not_told_to_name_one(self):
        """10 of 16 yes (sponsor named): the stop names the count rule in words, no id, and no
        remedy asks for a sponsor."""
        yes = {
            "named_pl_sponsor",
            "target_kpi_signed_off",
            "model_in_registry",
            "drift_monitored",
            "risk_class_agreed",
            "workflow_redesigned",
            "adoption_tracked",
            "production_data_feed",
            "change_owner_named",
            "audit_question_24h",
        }
        result = readiness(RUBRIC, {k: "yes" if k in yes else "no" for k in CHECKS})
        v = result["verdict"]
        assert v["id"] == "stop"
        assert "6 of 6 causes are flagged" in v["why"]
        assert "sponsor" not in v["why"]
        assert not ID_PATTERN.search(v["why"]), v["why"]
        assert REMEDY[SPONSOR] not in [r["text"] for r in result["remedies"]]
        owner = next(c for c in result["causes"] if c["id"] == "no_hard_business_owner")
        assert owner["remedies"] == [REMEDY["business_budget_line"]]

    def test_stop_without_sponsor_says_so(self):
        """A missing sponsor stops the pilot at once, saying why in words."""
        v = verdict({SPONSOR: "no"})
        assert v["id"] == "stop"
        assert v["final"] is True
        assert v["why"].startswith("Stopped because no business sponsor")
        assert not ID_PATTERN.search(v["why"]), v["why"]

    def test_why_never_shows_an_internal_id(self):
        """No verdict's reason carries a snake_case id, whatever the answers."""
        for values in itertools.product(["yes", "no", None], repeat=3):
            answers = {**all_yes(), **dict(zip(list(CHECKS)[:3], values, strict=True))}
            why = verdict(answers)["why"]
            assert not ID_PATTERN.search(why), why

    def test_dont_know_is_an_answer_counted_as_not_in_place(self):
        """'Don't know' flags its cause with its remedy, and the verdict is decided."""
        check = "drift_monitored"
        result = readiness(RUBRIC, {**all_yes(), check: "dont_know"})
        assert result["verdict"]["id"] == "fix_first"
        assert result["unanswered"] == 0
        failed = next(c for c in result["causes"] if c["flagged"])["failed_checks"]
        assert failed == [
            {
                "id": check,
                "question": failed[0]["question"],
                "answer": "dont_know",
                "answer_label": "Don't know",
                "remedy": REMEDY[check],
            }
        ]

    def test_dont_know_on_the_sponsor_stops(self):
        """Nobody knows who the sponsor is: that is no sponsor."""
        assert verdict({SPONSOR: "dont_know"})["id"] == "stop"

    def test_remedies_only_for_checks_not_in_place(self):
        """Unanswered and 'yes' checks offer no remedy."""
        result = readiness(RUBRIC, {"drift_monitored": "no", "model_in_registry": "yes"})
        assert [r["check"] for r in result["remedies"]] == ["drift_monitored"]

    def test_fix_first_while_a_stop_is_possible_is_incomplete(self):
        """Something flagged but the sponsor unanswered: no verdict yet; the sponsor is missing."""
        answers = {**all_yes(), "drift_monitored": "no"}
        del answers[SPONSOR]
        v = verdict(answers)
        assert v["id"] == "incomplete"
        assert [k["id"] for k in v["missing"]] == [SPONSOR]

    def test_fix_first_is_final_when_no_stop_is_possible(self):
        """Sponsor named, one cause flagged, too few causes open to reach the stop: fix first."""
        answers = {**all_yes(), "drift_monitored": "no"}
        del answers["users_rely_on_it"]
        result = readiness(RUBRIC, answers)
        assert result["verdict"]["id"] == "fix_first"
        assert result["verdict"]["final"] is True
        assert result["verdict"]["missing"] == []
        assert result["provisional"] is True
        assert result["unanswered"] == 1
        assert "Still unanswered: 1 of 16 checks" in result["verdict"]["why"]

    def test_old_keys_follow_the_verdict(self):
        """reason is the why; provisional and unanswered count the unanswered checks."""
        result = readiness(RUBRIC, {SPONSOR: "yes"})
        assert result["verdict"]["reason"] == result["verdict"]["why"]
        assert result["provisional"] is True
        assert result["unanswered"] == len(CHECKS) - 1

    def test_only_checks_that_can_change_the_verdict_are_missing(self):
        """Regression (Hypothesis found it): with one cause flagged, the count of flagged causes
        could reach a stop only through the sponsor's cause, whose one open check is itself a
        stop check; the verdict still listed three checks no answer of which could change it."""
        answers = dict.fromkeys(CHECKS, "yes")
        for k in ("named_pl_sponsor", "workflow_redesigned", "users_rely_on_it"):
            del answers[k]
        for k in ("model_in_registry", "drift_monitored", "users_trained_and_heard"):
            del answers[k]
        answers["automated_deployment"] = "no"
        v = verdict(answers)
        assert v["id"] == "incomplete"
        assert [k["id"] for k in v["missing"]] == ["named_pl_sponsor"]

    @settings(max_examples=examples(60), deadline=None)
    @given(
        st.dictionaries(st.sampled_from(sorted(CHECKS)), st.sampled_from(["yes", "no"]), min_size=9)
    )
    def test_a_verdict_is_given_exactly_when_no_answer_can_change_it(self, answers):
        """Final verdicts hold for every way of answering the rest; incomplete ones do not, and
        each missing check can change the verdict."""
        v = verdict(answers)
        open_checks = [k for k in CHECKS if k not in answers]
        outcomes = {}
        for values in itertools.product(["yes", "no"], repeat=len(open_checks)):
            filled = {**answers, **dict(zip(open_checks, values, strict=True))}
            outcomes[values] = verdict(filled)["id"]
        if v["id"] == "incomplete":
            assert len(set(outcomes.values())) > 1
            for k in v["missing"]:
                i = open_checks.index(k["id"])
                assert any(
                    outcomes[vals] != outcomes[(*vals[:i], "no", *vals[i + 1 :])]
                    for vals in outcomes
                    if vals[i] == "yes"
                ), k["id"]
        else:
            assert set(outcomes.values()) == {v["id"]}


class TestTemplate:
    """readiness_template(): the command line's blank pilot."""

    def test_shape(self):
        """pilot, every check with null, and each check's choices from the rubric."""
        template = readiness_template(RUBRIC)
        assert template["pilot"] == ""
        assert template["answers"] == dict.fromkeys(CHECKS)
        assert template["choices"] == {k: ["yes", "no", "dont_know"] for k in CHECKS}
        assert template["rubric"] == {"id": "root_causes", "version": RUBRIC["version"]}


def export(*pilots, **extra):
    return {
        "format": EXPORT_FORMAT,
        "rubric": {"id": "root_causes", "version": RUBRIC["version"]},
        "pilots": list(pilots),
        **extra,
    }


class TestReadPilots:
    """read_pilots(): the page's export, a share link, a pilot file."""

    def test_export_round_trip(self):
        """An export's pilots come back with every check, unanswered ones as null."""
        out = read_pilots(
            RUBRIC,
            export({"pilot": "A", "answers": {SPONSOR: "no"}}, {"pilot": "B", "answers": {}}),
        )
        assert [p["pilot"] for p in out["pilots"]] == ["A", "B"]
        assert out["pilots"][0]["answers"] == {**dict.fromkeys(CHECKS), SPONSOR: "no"}
        assert out["notes"] == []

    def test_template_file_and_share_data(self):
        """A pilot object (with or without rubric and choices) is one pilot."""
        template = readiness_template(RUBRIC)
        assert read_pilots(RUBRIC, template)["pilots"] == [
            {"pilot": "", "answers": template["answers"]}
        ]
        assert read_pilots(RUBRIC, {"pilot": "X", "answers": {}})["pilots"][0]["pilot"] == "X"

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ("not an object", "not a readiness file: expected a JSON object"),
            ({"format": "ai-scale-up-playbook/assessment"}, "its format is"),
            (
                export({"pilot": "A", "answers": {}}, rubric={"id": "maturity", "version": "1"}),
                "answers for the rubric 'maturity', not 'root_causes'",
            ),
            ({"format": EXPORT_FORMAT, "pilots": [{}]}, "'rubric' with an 'id' is missing"),
            (export(), "'pilots' must be a list of pilots"),
            (
                export({"pilot": "A", "answers": {"nope": "yes"}}),
                "pilot 'A': unknown readiness check 'nope'",
            ),
            (
                export({"pilot": "A", "answers": {SPONSOR: "perhaps"}}),
                f"pilot 'A': '{SPONSOR}' must be 'yes', 'no', 'dont_know' or null \\(got 'perhaps'\\)",
            ),
            (export({"pilot": 7, "answers": {}}), "pilot 1: 'pilot' must be a name"),
            (export(["x"]), "pilot 1 must be an object with 'pilot' and 'answers'"),
        ],
    )
    def test_tampered_files_are_refused_with_a_reason(self, data, message):
        """Each tampered file is refused as a whole, with the reason."""
        with pytest.raises(InputError, match=message):
            read_pilots(RUBRIC, data)

    def test_another_version_is_noted(self):
        """A file from another version of the rubric loads, with a note."""
        data = export({"pilot": "A", "answers": {}})
        data["rubric"]["version"] = "0.9.0"
        assert "version 0.9.0" in read_pilots(RUBRIC, data)["notes"][0]


class TestReadPilotsEuTier:
    """read_pilots(eu_ai_act=...): the pilot's EU AI Act risk tier travels with its answers."""

    def test_a_tier_id_is_kept(self):
        """An export's tier (and Don't know) comes back with its pilot."""
        data = export(
            {"pilot": "A", "answers": {}, "eu_tier": "high_risk_annex_iii"},
            {"pilot": "B", "answers": {}, "eu_tier": "dont_know"},
        )
        pilots = read_pilots(RUBRIC, data, eu_ai_act=EU)["pilots"]
        assert [p["eu_tier"] for p in pilots] == ["high_risk_annex_iii", "dont_know"]

    def test_a_share_link_pilot_keeps_its_tier(self):
        data = {"pilot": "A", "answers": {}, "eu_tier": "transparency"}
        assert read_pilots(RUBRIC, data, eu_ai_act=EU)["pilots"][0]["eu_tier"] == "transparency"

    def test_an_unknown_tier_refuses_the_file_with_the_choices(self):
        data = export({"pilot": "A", "answers": {}, "eu_tier": "high"})
        with pytest.raises(
            InputError, match="pilot 'A': 'EU AI Act risk tier' must be one of: "
        ) as err:
            read_pilots(RUBRIC, data, eu_ai_act=EU)
        assert "high_risk_annex_iii" in str(err.value)
        assert "(got 'high')" in str(err.value)

    def test_a_tier_that_is_not_a_string_is_refused(self):
        data = export({"pilot": "A", "answers": {}, "eu_tier": ["minimal"]})
        with pytest.raises(InputError, match="'EU AI Act risk tier' must be one of"):
            read_pilots(RUBRIC, data, eu_ai_act=EU)

    def test_a_retired_tier_is_left_out_with_a_note(self):
        eu = copy.deepcopy(EU)
        eu["risk_tiers"][0]["retired"] = True
        gone = eu["risk_tiers"][0]["id"]
        out = read_pilots(
            RUBRIC, export({"pilot": "A", "answers": {}, "eu_tier": gone}), eu_ai_act=eu
        )
        assert "eu_tier" not in out["pilots"][0]
        assert f"'{gone}' is retired" in out["notes"][0]

    def test_an_old_export_without_a_tier_still_imports(self):
        """Files made before the page asked the tier load as they did, without the key."""
        out = read_pilots(RUBRIC, export({"pilot": "A", "answers": {SPONSOR: "yes"}}), eu_ai_act=EU)
        assert out["pilots"] == [
            {"pilot": "A", "answers": {**dict.fromkeys(CHECKS), SPONSOR: "yes"}}
        ]
        assert out["notes"] == []

    def test_the_worker_checks_the_tier_against_the_loaded_rubric(self):
        from calculators import _browser

        _browser.configure(json.dumps({"root_causes": RUBRIC, "eu_ai_act": EU}), ["readiness"])
        call = lambda tier: json.loads(  # noqa: E731
            _browser.handle(
                json.dumps(
                    {
                        "fn": "read_pilots",
                        "args": {"data": export({"pilot": "A", "answers": {}, "eu_tier": tier})},
                    }
                )
            )
        )
        assert call("minimal")["value"]["pilots"][0]["eu_tier"] == "minimal"
        refused = call("nope")
        assert not refused["ok"]
        assert "'EU AI Act risk tier' must be one of" in refused["error"]["message"]


class TestRubricChecks:
    """check_readiness_rubric(): what the schema cannot say."""

    def test_unknown_placeholder_is_reported(self):
        """A why sentence naming an unknown placeholder fails validation."""
        rubric = copy.deepcopy(RUBRIC)
        rubric["readiness"]["why"]["fix_first"] = "{flagged} of {cuases}"
        problems = check_readiness_rubric(rubric)
        assert problems == [
            (("readiness", "why", "fix_first"), problems[0][1]),
        ]
        assert "unknown placeholder {cuases}" in problems[0][1]

    def test_answers_need_both_kinds(self):
        """Answers that are all 'in place' could never flag anything."""
        rubric = copy.deepcopy(RUBRIC)
        for answer in rubric["readiness"]["answers"]:
            answer["in_place"] = True
        assert any(p[0] == ("readiness", "answers") for p in check_readiness_rubric(rubric))

    def test_shipped_rubric_is_clean(self):
        """The shipped rubric passes."""
        assert check_readiness_rubric(RUBRIC) == []


class TestWorkerEntry:
    """The page reaches read_pilots and readiness through the worker's handle()."""

    def test_read_pilots_and_readiness_through_handle(self):
        """A share link's pilot is read, checked and refused in the page's reply shape."""

        from calculators import _browser

        _browser.configure(json.dumps({"root_causes": RUBRIC}), ["readiness"])
        ok = json.loads(
            _browser.handle(
                json.dumps(
                    {
                        "fn": "read_pilots",
                        "args": {"data": {"pilot": "A", "answers": {SPONSOR: "no"}}},
                    }
                )
            )
        )
        assert ok["ok"]
        assert ok["value"]["pilots"][0]["answers"][SPONSOR] == "no"
        bad = json.loads(
            _browser.handle(
                json.dumps(
                    {"fn": "read_pilots", "args": {"data": {"pilot": "A", "answers": {"x": "no"}}}}
                )
            )
        )
        assert bad["ok"] is False
        assert bad["error"]["field"] == "file"
        assert "unknown readiness check 'x'" in bad["error"]["message"]
        result = json.loads(
            _browser.handle(json.dumps({"fn": "readiness", "args": {"answers": {SPONSOR: "no"}}}))
        )
        assert result["value"]["verdict"]["id"] == "stop"


def test_dont_know_on_the_sponsor_is_not_reported_as_a_missing_sponsor():
    """Regression (journey review): "Don't know" on the sponsor check stopped the pilot with
    "no business sponsor ... is named", a finding nobody made; it now says it is unconfirmed."""
    rubric = RUBRIC
    sponsor = rubric["readiness"]["stop_if_not_in_place"][0]["check"]
    unknown = readiness(rubric, {sponsor: "dont_know"})
    assert unknown["verdict"]["id"] == "stop"
    assert "nobody could confirm" in unknown["verdict"]["why"]
    missing = readiness(rubric, {sponsor: "no"})
    assert "nobody could confirm" not in missing["verdict"]["why"]
    assert "is named" in missing["verdict"]["why"]
