"""Target levels per dimension and evidence per answer (issue 13, "In the assessment")."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators import InputError, _browser
from calculators._maturity import assess, compare
from calculators._maturity_evidence import (
    MAX_EVIDENCE_TOTAL,
    evidence_rule,
    read_evidence,
)
from calculators._maturity_io import export_assessment, read_export
from calculators._maturity_targets import dimension_target, progress_to_target, read_targets
from tests.calculators.test_maturity import MATURITY, QUESTIONS, answer_sets, at_extreme
from tests.conftest import examples, run_cli

TOP = MATURITY["levels"][-1]["level"]
DIMS = [d for d in MATURITY["dimensions"] if not d.get("retired")]
GATE_QUESTIONS = [g["question"] for g in MATURITY["gates"] if not g.get("retired")]
TEXT = {q["id"]: q["text"] for q in QUESTIONS}


def best() -> dict:
    return at_extreme(lambda options: options[-1])


def proof(note="Registry page, reviewed monthly", link="https://wiki.example/registry"):
    return {"note": note, "link": link, "owner": "MLOps lead", "date": "2026-03-01"}


class TestDimensionTarget:
    """dimension_target: the reader's, else the next level up, capped at the top."""

    @pytest.mark.parametrize(("level", "target"), [(1, 2), (3, 4), (4, 5), (5, 5)])
    def test_default_is_the_next_level_capped_at_the_top(self, level, target):
        out = dimension_target(level, None, TOP)
        assert (out["target"], out["target_set_by"]) == (target, "default")

    def test_reader_target_wins_and_may_be_reached(self):
        out = dimension_target(4, 3, TOP)
        assert out == {
            "target": 3,
            "target_set_by": "reader",
            "target_gap": 0,
            "target_reached": True,
        }

    def test_unscored_dimension_has_no_default_target(self):
        assert dimension_target(None, None, TOP)["target"] is None


class TestReadTargets:
    """read_targets refuses bad targets, all at once, naming the dimension by its title."""

    def test_every_bad_target_is_named_by_its_dimension_title(self):
        with pytest.raises(InputError) as caught:
            read_targets(MATURITY, {DIMS[0]["id"]: 9, DIMS[1]["id"]: "high", DIMS[2]["id"]: True})
        errors = caught.value.errors
        assert [e["field"] for e in errors] == [f"targets.{d['id']}" for d in DIMS[:3]]
        assert all(
            e["label"] == f"Target level for {d['title']}"
            for e, d in zip(errors, DIMS[:3], strict=True)
        )
        assert "must be a level from 1 to 5 (got 9)" in errors[0]["message"]

    def test_unknown_dimension_is_refused_unless_mapping_another_version(self):
        with pytest.raises(InputError, match="no dimension 'nope'"):
            read_targets(MATURITY, {"nope": 3})
        assert read_targets(MATURITY, {"nope": 3}, drop_unknown=True)["dropped"] == [
            {"dimension": "nope", "value": 3}
        ]

    def test_null_means_the_default(self):
        assert read_targets(MATURITY, {DIMS[0]["id"]: None})["targets"] == {}


class TestProgressToTarget:
    """(current - baseline) / (target - baseline), undefined when the target is not above."""

    def test_half_way(self):
        assert progress_to_target(2, 3, 4)["progress"] == 0.5

    @pytest.mark.parametrize("target", [1, 2])
    def test_target_at_or_below_the_baseline_is_undefined_not_divided(self, target):
        out = progress_to_target(2, 3, target)
        assert out["progress"] is None
        assert out["progress_text"].startswith("Undefined: the target")

    def test_missing_baseline_says_so(self):
        assert progress_to_target(None, 3, 4)["progress"] is None

    @settings(max_examples=examples(100), deadline=None)
    @given(
        baseline=st.integers(1, 5),
        current=st.integers(1, 5),
        target=st.integers(1, 5),
    )
    def test_defined_exactly_when_the_target_is_above_the_baseline(self, baseline, current, target):
        """Property: a number iff target > baseline; 1.0 iff the target is reached exactly;
        more progress never comes from a lower current level."""
        out = progress_to_target(baseline, current, target)
        assert (out["progress"] is not None) == (target > baseline)
        if out["progress"] is not None:
            assert (out["progress"] == 1.0) == (current == target)
            lower = progress_to_target(baseline, max(1, current - 1), target)["progress"]
            assert lower <= out["progress"]


class TestTargetsInTheResult:
    """assess: every dimension carries its target; levels do not move with targets."""

    @settings(max_examples=examples(30), deadline=None)
    @given(answers=answer_sets, picks=st.lists(st.integers(1, 5), min_size=7, max_size=7))
    def test_targets_never_change_a_level(self, answers, picks):
        """Property: setting targets changes no dimension level and not the overall level."""
        targets = {d["id"]: p for d, p in zip(DIMS, picks, strict=True)}
        plain, aimed = assess(MATURITY, answers), assess(MATURITY, answers, targets=targets)
        assert [d["level"] for d in plain["dimensions"]] == [
            d["level"] for d in aimed["dimensions"]
        ]
        assert plain["overall"] == {
            k: v for k, v in aimed["overall"].items() if k in plain["overall"]
        }
        for dim in aimed["dimensions"]:
            assert dim["target"] == targets[dim["id"]]
            assert dim["target_set_by"] == "reader"

    @settings(max_examples=examples(30), deadline=None)
    @given(answers=answer_sets)
    def test_default_target_is_one_above_capped(self, answers):
        """Property: without targets, each scored dimension aims at min(level + 1, top)."""
        for dim in assess(MATURITY, answers)["dimensions"]:
            assert dim["target"] == min(dim["level"] + 1, TOP)

    def test_compare_gives_progress_from_the_baseline(self):
        before = assess(MATURITY, at_extreme(lambda o: o[0]))
        now = assess(MATURITY, best(), targets={DIMS[0]["id"]: 1})
        rows = {r["id"]: r for r in compare(before, now)["dimensions"]}
        assert rows[DIMS[1]["id"]]["progress"] == 1.0  # L1 -> L5, target L5
        assert rows[DIMS[0]["id"]]["progress"] is None  # target L1 is not above baseline L1
        assert "Undefined" in rows[DIMS[0]["id"]]["progress_text"]


class TestEvidenceRule:
    """The shipped rubric asks for evidence from L4 on the gates' questions."""

    def test_gate_questions_need_evidence_from_level_4(self):
        rule = evidence_rule(MATURITY)
        assert rule["required_from_level"] == 4
        assert sorted(rule["questions"]) == sorted(GATE_QUESTIONS)


class TestReadEvidence:
    """read_evidence: limits, http/https links only, every bad field named by its question."""

    def test_link_must_be_http_or_https(self):
        for bad in ("javascript:alert(1)", "ftp://x.example/a", "data:text/html,hi", "www.x.org"):
            with pytest.raises(InputError, match="http:// or https://"):
                read_evidence(MATURITY, {"model_registry": {"link": bad}})
        ok = read_evidence(MATURITY, {"model_registry": {"link": "HTTPS://x.example/a?b=1"}})
        assert ok["evidence"]["model_registry"]["link"] == "HTTPS://x.example/a?b=1"

    def test_every_bad_field_is_named_in_the_readers_words(self):
        bad = {"note": "x" * 501, "link": "nope", "owner": 3, "date": "01/03/2026"}
        with pytest.raises(InputError) as caught:
            read_evidence(MATURITY, {"model_registry": bad})
        errors = caught.value.errors
        assert [e["field"] for e in errors] == [
            f"evidence.model_registry.{k}" for k in ("note", "link", "owner", "date")
        ]
        assert errors[0]["message"] == (
            f"Evidence note for “{TEXT['model_registry']}” is 501 characters long; at most 500"
        )

    def test_the_whole_payload_is_bounded_for_share_links(self):
        many = {q["id"]: {"note": "n" * 500} for q in QUESTIONS[:13]}
        with pytest.raises(InputError, match=f"at most {MAX_EVIDENCE_TOTAL}") as caught:
            read_evidence(MATURITY, many)
        assert caught.value.field == "evidence"

    def test_blank_entries_are_left_out(self):
        assert read_evidence(MATURITY, {"model_registry": {"note": "  ", "link": None}}) == {
            "evidence": {},
            "dropped": [],
        }


class TestClaimedWithoutEvidence:
    """An answer at L4+ to a gate's question without evidence is claimed, and so is its gate."""

    def test_claimed_answers_and_gates_are_marked_and_still_pass(self):
        result = assess(MATURITY, best(), evidence={"model_registry": proof()})
        ev = result["evidence"]
        assert sorted(ev["claimed_without_evidence"]) == sorted(
            q for q in GATE_QUESTIONS if q != "model_registry"
        )
        gates = {g["question"]: g for g in result["gates"]}
        assert all(g["passed"] for g in gates.values())  # the level arithmetic is unchanged
        assert gates["model_registry"]["evidence"] == "evidenced"
        assert not gates["model_registry"]["claimed"]
        assert gates["audit_answer_24h"]["claimed"]
        assert result["overall"]["level"] == 5
        assert len(result["overall"]["claimed_gates"]) == len(GATE_QUESTIONS) - 1
        assert "Passed on a claim" in result["overall"]["evidence_note"]

    def test_owner_and_date_alone_are_not_evidence(self):
        result = assess(MATURITY, best(), evidence={"model_registry": {"owner": "Ana"}})
        assert "model_registry" in result["evidence"]["claimed_without_evidence"]

    def test_an_answer_below_the_level_needs_none(self):
        result = assess(MATURITY, at_extreme(lambda o: o[0]))
        assert result["evidence"]["claimed_without_evidence"] == []
        assert result["overall"]["evidence_note"] is None

    @settings(max_examples=examples(30), deadline=None)
    @given(answers=answer_sets, with_proof=st.sets(st.sampled_from(GATE_QUESTIONS)))
    def test_evidence_never_changes_a_level_or_a_pass(self, answers, with_proof):
        """Property: evidence adds markers only; levels and gates' passes are the answers'."""
        plain = assess(MATURITY, answers)
        backed = assess(MATURITY, answers, evidence={q: proof() for q in with_proof})
        assert plain["overall"]["level"] == backed["overall"]["level"]
        assert [g["passed"] for g in plain["gates"]] == [g["passed"] for g in backed["gates"]]
        for gate in backed["gates"]:
            assert gate["claimed"] == (gate["passed"] and gate["question"] not in with_proof)


class TestExportCarriesTargetsAndEvidence:
    """Exports and imports carry targets and evidence; a bad one refuses the file."""

    def test_round_trip(self):
        targets = {DIMS[0]["id"]: 5}
        out = export_assessment(
            MATURITY,
            best(),
            targets=targets,
            evidence={"model_registry": proof()},
            exported_at="2026-04-01T10:00:00Z",
        )
        assert out["targets"] == targets
        assert out["evidence"] == {"model_registry": proof()}
        dim = out["result"]["dimensions"][0]
        assert (dim["target"], dim["target_set_by"]) == (5, "reader")
        assert out["result"]["dimensions"][1]["target_set_by"] == "default"
        assert "audit_answer_24h" in out["result"]["claimed_without_evidence"]
        back = read_export(MATURITY, json.loads(json.dumps(out)))
        assert back["targets"] == targets
        assert back["evidence"] == {"model_registry": proof()}

    def test_an_export_without_targets_or_evidence_still_imports(self):
        back = read_export(
            MATURITY, {"rubric": {"id": "maturity", "version": "1.0.0"}, "answers": {}}
        )
        assert back["targets"] == {}
        assert back["evidence"] == {}

    def test_bad_target_in_an_import_is_refused_with_a_reason(self):
        data = {"rubric": {"id": "maturity", "version": MATURITY["version"]}, "answers": {}}
        with pytest.raises(InputError, match=f"Target level for {DIMS[0]['title']}"):
            read_export(MATURITY, {**data, "targets": {DIMS[0]["id"]: 0}})
        with pytest.raises(InputError, match="Evidence link for"):
            read_export(MATURITY, {**data, "evidence": {"model_registry": {"link": "file:///x"}}})

    def test_unknown_dimension_and_question_are_dropped_with_a_note(self):
        data = {
            "rubric": {"id": "maturity", "version": "0.9.0"},
            "answers": {},
            "targets": {"old_dimension": 3},
            "evidence": {"old_question": {"note": "x"}},
        }
        back = read_export(MATURITY, data)
        assert back["targets"] == {}
        assert back["evidence"] == {}
        assert any("old_dimension" in n for n in back["notes"])
        assert any("old_question" in n for n in back["notes"])

    def test_worker_names_every_bad_field(self):
        """The worker's reply lists each bad field for the page to put beside it."""
        _browser.configure(json.dumps({"maturity": MATURITY}), ["assessment"])
        request = {
            "fn": "assess",
            "args": {
                "answers": {},
                "targets": {DIMS[0]["id"]: 8},
                "evidence": {"model_registry": {"link": "javascript:x"}},
            },
        }
        reply = json.loads(_browser.handle(json.dumps(request)))
        assert not reply["ok"]
        assert [e["field"] for e in reply["error"]["errors"]] == [
            f"targets.{DIMS[0]['id']}",
            "evidence.model_registry.link",
        ]


class TestCommandLine:
    """`maturity FILE --format json|text` shows targets, progress and evidence flags."""

    def write(self, tmp_path, name, answers, **extra):
        path = tmp_path / name
        data = {"rubric": {"id": "maturity", "version": MATURITY["version"]}, "answers": answers}
        path.write_text(json.dumps({**data, **extra}))
        return str(path)

    def test_json_has_targets_progress_and_evidence(self, tmp_path):
        now = self.write(tmp_path, "now.json", best(), evidence={"model_registry": proof()})
        then = self.write(tmp_path, "then.json", at_extreme(lambda o: o[0]))
        done = run_cli("maturity", now, "--baseline", then, "--format", "json")
        assert done.returncode == 0, done.stderr
        result = json.loads(done.stdout)
        assert all(d["target"] == TOP for d in result["dimensions"])
        assert all(r["progress"] == 1.0 for r in result["comparison"]["dimensions"])
        assert "audit_answer_24h" in result["evidence"]["claimed_without_evidence"]

    def test_text_says_target_progress_and_claims(self, tmp_path):
        now = self.write(tmp_path, "now.json", best(), targets={DIMS[0]["id"]: 5})
        then = self.write(tmp_path, "then.json", at_extreme(lambda o: o[0]))
        done = run_cli("maturity", now, "--baseline", then)
        assert done.returncode == 0, done.stderr
        assert "target: L5 (your target, reached)" in done.stdout
        # A default target at the top is the top level itself: there is no next level up.
        assert "target: L5 (the top level, reached)" in done.stdout
        assert "next level up, reached" not in done.stdout
        assert "100% of the way from L1 (baseline) to L5 (target)" in done.stdout
        assert "Claimed, no evidence" in done.stdout
        assert "passed on a claim, no evidence" in done.stdout

    def test_bad_evidence_exits_1_naming_the_question(self, tmp_path):
        now = self.write(tmp_path, "now.json", {}, evidence={"model_registry": {"link": "ftp://x"}})
        done = run_cli("maturity", now)
        assert done.returncode == 1
        assert f"Evidence link for “{TEXT['model_registry']}”" in done.stderr
