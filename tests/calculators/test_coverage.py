"""calculators._coverage: what one assessment's answers support of NIST AI RMF, ISO/IEC 42001
and the EU AI Act, the gaps with the steps that close them, and how it reaches the result, the
command line and the worker."""

from __future__ import annotations

import csv
import functools
import io
import json
import operator
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators import _browser
from calculators._coverage import coverage_csv, prepare
from calculators._maturity import DONT_KNOW, assess
from calculators._rubric_files import load_rubrics
from tests.conftest import examples, run_cli

ROOT = Path(__file__).resolve().parents[2]
RUBRICS = load_rubrics(ROOT / "rubrics", docs_dir=ROOT / "docs").rubrics
MATURITY = RUBRICS["maturity"]
QUESTIONS = [q for q in MATURITY["questions"] if not q.get("retired")]
KEYS = {"supported", "gaps", "not_covered"}


def cover(answers: dict) -> dict:
    return assess(MATURITY, answers, references=RUBRICS)["coverage"]


def top(q: dict) -> str:
    return max(q["options"], key=lambda o: o["level"])["value"]


def bottom(q: dict) -> str:
    return min(q["options"], key=lambda o: o["level"])["value"]


class TestCoverage:
    """coverage(): per framework, supported / gaps / not_covered (and more keys beside them)."""

    def test_contract_shape_for_every_framework(self):
        """Each registry framework has the three lists of ids the contract names, disjoint, and
        together with not_assessed every item exactly once."""
        result = cover({})
        assert list(result) == ["nist_ai_rmf", "iso_42001", "eu_ai_act"]
        for fid, framework in result.items():
            assert set(framework) >= KEYS, fid
            lists = [framework[k] for k in ("supported", "gaps", "not_assessed", "not_covered")]
            ids = [i["id"] for i in framework["items"]]
            assert sorted(functools.reduce(operator.iadd, lists, [])) == sorted(ids), fid
        assert len(result["nist_ai_rmf"]["items"]) == 72
        assert len(result["iso_42001"]["items"]) == 38

    def test_no_answers_support_nothing_and_every_gap_is_unknown(self):
        """An unanswered assessment supports no item: unknown is never a pass."""
        for framework in cover({}).values():
            assert framework["supported"] == []
            assert framework["unknown"] == framework["gaps"]

    def test_dont_know_never_supports(self):
        """ "Don't know" on every question supports nothing, whatever the rubric scores it as."""
        for framework in cover({q["id"]: DONT_KNOW for q in QUESTIONS}).values():
            assert framework["supported"] == []

    def test_top_answers_leave_no_gap(self):
        """With every question at its top option, every mapped item is supported."""
        for framework in cover({q["id"]: top(q) for q in QUESTIONS}).values():
            assert framework["gaps"] == []
            assert framework["actions"] == []

    def test_the_mapped_level_decides(self):
        """Art. 4 needs role-based training at L4: L3 leaves a gap naming the L4 option."""
        answers = {q["id"]: bottom(q) for q in QUESTIONS}
        training = next(q for q in QUESTIONS if q["id"] == "role_based_training")
        by_level = {o["level"]: o for o in training["options"]}
        low = cover({**answers, "role_based_training": by_level[3]["value"]})["eu_ai_act"]
        assert "art_4_ai_literacy" in low["gaps"]
        action = next(a for a in low["actions"] if a["id"] == "art_4_ai_literacy")
        step = next(s for s in action["steps"] if s.get("question") == "role_based_training")
        assert (step["from_level"], step["to_level"], step["option"]) == (
            3,
            4,
            by_level[4]["label"],
        )
        high = cover({**answers, "role_based_training": by_level[4]["value"]})["eu_ai_act"]
        assert "art_4_ai_literacy" in high["supported"]

    def test_not_covered_items_carry_the_reason(self):
        """Items the playbook does not cover come with the rubric's reason."""
        eu = cover({})["eu_ai_act"]
        assert "art_50_transparency" in eu["not_covered"]
        item = next(i for i in eu["items"] if i["id"] == "art_50_transparency")
        assert "Art. 50" in item["reason"]

    def test_assess_without_references_has_no_coverage(self):
        """Results only grow: without the crosswalk, assess returns what it always did."""
        assert "coverage" not in assess(MATURITY, {})


answer_sets = st.fixed_dictionaries(
    {
        q["id"]: st.sampled_from([o["value"] for o in q["options"]] + [DONT_KNOW, None])
        for q in QUESTIONS
    }
)


class TestProperties:
    @settings(max_examples=examples(40), deadline=None)
    @given(answers=answer_sets, data=st.data())
    def test_raising_an_answer_never_removes_a_supported_item(self, answers, data):
        """Moving one answer to a higher option (or from unknown to the top option) keeps every
        supported item supported.

        From unknown, only the top option is a raise: an unknown answer does not count in its
        dimension's level, so answering it with a low option can rightly lower that level (and
        with it what the level supported), which Hypothesis found."""
        question = data.draw(st.sampled_from(QUESTIONS))
        options = sorted(question["options"], key=lambda o: o["level"])
        current = answers[question["id"]]
        levels = [o["value"] for o in options]
        if current in levels:
            raised = levels[
                data.draw(st.integers(min_value=levels.index(current), max_value=len(levels) - 1))
            ]
        else:
            raised = levels[-1]
        clean = {k: v for k, v in answers.items() if v is not None}
        before = cover(clean)
        after = cover({**clean, question["id"]: raised})
        for fid, framework in before.items():
            assert set(framework["supported"]) <= set(after[fid]["supported"]), fid


class TestPrepared:
    """``prepare``: the rubric-only part of a coverage, made once for many answer sets (the
    worker scores one on every change); the results are the same as without it."""

    @settings(max_examples=examples(40), deadline=None)
    @given(first=answer_sets, second=answer_sets)
    def test_one_prepared_index_gives_each_answer_set_its_own_coverage(self, first, second):
        """The same index for two answer sets in turn: each coverage is the one made without
        it (nothing of the first answers stays in the index, nor does a result share its
        parts with the next)."""
        prepared = prepare(RUBRICS, MATURITY)
        for answers in (first, second, first):
            clean = {k: v for k, v in answers.items() if v is not None}
            made = assess(MATURITY, clean, references=RUBRICS, prepared_coverage=prepared)
            made["coverage"]["nist_ai_rmf"]["items"][0]["status"] = "changed by the caller"
            fresh = assess(MATURITY, clean, references=RUBRICS)
            again = assess(MATURITY, clean, references=RUBRICS, prepared_coverage=prepared)
            assert again == fresh

    def test_the_worker_prepares_again_for_rubrics_configured_anew(self):
        """``configure`` with another bundle: the worker's coverage follows the new crosswalk,
        not the index it made of the one before."""
        bundle = {rid: RUBRICS[rid] for rid in ("maturity", "sprint", "crosswalk", "references")}
        bundle.update({rid: RUBRICS[rid] for rid in ("nist_ai_rmf", "iso_42001", "eu_ai_act")})
        answers = {q["id"]: top(q) for q in QUESTIONS}
        request = json.dumps({"fn": "assess", "args": {"answers": answers}})
        _browser.configure(json.dumps(bundle), ["assessment"])
        before = json.loads(_browser.handle(request))["value"]["coverage"]
        assert before["eu_ai_act"]["supported"]
        unmapped = {**bundle, "crosswalk": {**RUBRICS["crosswalk"], "questions": []}}
        _browser.configure(json.dumps(unmapped), ["assessment"])
        after = json.loads(_browser.handle(request))["value"]["coverage"]
        fresh = assess(MATURITY, answers, references=unmapped)["coverage"]
        assert after == fresh
        assert after != before


class TestOutputs:
    """The coverage reaches the CLI's JSON and text, the CSV and the worker."""

    def test_cli_json_carries_coverage(self, tmp_path):
        """`maturity FILE --format json` carries coverage with the contract's lists."""
        path = tmp_path / "answers.json"
        answers = {q["id"]: top(q) for q in QUESTIONS}
        path.write_text(json.dumps({"rubric": {"id": "maturity"}, "answers": answers}))
        done = run_cli("maturity", str(path), "--format", "json")
        assert done.returncode == 0, done.stderr
        result = json.loads(done.stdout)
        assert set(result["coverage"]) == {"nist_ai_rmf", "iso_42001", "eu_ai_act"}
        assert set(result["coverage"]["nist_ai_rmf"]) >= KEYS
        text = run_cli("maturity", str(path)).stdout
        assert "Regulation and standards" in text
        assert "NIST AI RMF 1.0:" in text

    def test_csv_has_a_row_per_item_and_the_step_for_a_gap(self):
        """One row per item of every framework; a gap says which answer would close it."""
        result = assess(MATURITY, {}, references=RUBRICS)
        rows = list(csv.DictReader(io.StringIO(coverage_csv(result))))
        assert len(rows) == sum(len(f["items"]) for f in result["coverage"].values())
        gap = next(r for r in rows if r["item_id"] == "art_4_ai_literacy")
        assert gap["status"] == "gaps"
        assert "reach L4" in gap["to_close"]
        assert "now unanswered" in gap["to_close"]

    def test_worker_assess_carries_coverage_when_the_bundle_holds_the_crosswalk(self):
        """The browser's assess and coverage_csv read the crosswalk from the bundle."""
        bundle = {rid: RUBRICS[rid] for rid in ("maturity", "sprint", "crosswalk", "references")}
        bundle.update({rid: RUBRICS[rid] for rid in ("nist_ai_rmf", "iso_42001", "eu_ai_act")})
        _browser.configure(json.dumps(bundle), ["assessment"])
        reply = json.loads(_browser.handle(json.dumps({"fn": "assess", "args": {"answers": {}}})))
        assert reply["ok"], reply
        assert reply["value"]["coverage"]["eu_ai_act"]["supported"] == []
        reply = json.loads(
            _browser.handle(json.dumps({"fn": "coverage_csv", "args": {"answers": {}}}))
        )
        assert reply["ok"]
        assert reply["value"].startswith("framework,item_id")


@pytest.mark.parametrize("calculator", ["assessment"])
def test_the_worker_imports_coverage_for_the_assessment(calculator):
    """_NEEDS names _coverage, so 'ready' means the assessment can answer with coverage."""
    assert "_coverage" in _browser._NEEDS[calculator]


class TestDontKnowIsNotUnanswered:
    """A "Don't know" answer is an answer: a gap's step says so rather than "not answered yet"
    (the page and the CSV called a "Don't know" unanswered)."""

    def test_step_carries_the_answer_and_the_csv_says_dont_know(self):
        """The step of a question answered "Don't know" has answer "dont_know"; the CSV says
        "now Don't know"; a question left blank is still "now unanswered"."""
        answers = {q["id"]: bottom(q) for q in QUESTIONS}
        answers["ai_policy"] = DONT_KNOW
        del answers["risk_classification"]
        result = assess(MATURITY, answers, references=RUBRICS)
        steps = [
            s
            for f in result["coverage"].values()
            for a in f["actions"]
            for s in a["steps"]
            if s.get("question") in ("ai_policy", "risk_classification")
        ]
        by_question = {s["question"]: s for s in steps}
        assert by_question["ai_policy"]["from_level"] is None
        assert by_question["ai_policy"]["answer"] == DONT_KNOW
        assert by_question["risk_classification"]["answer"] is None
        rows = list(csv.DictReader(io.StringIO(coverage_csv(result))))
        closes = [r["to_close"] for r in rows]
        assert any("Is there a written policy" in c and "now Don't know" in c for c in closes)
        assert not any("Is there a written policy" in c and "now unanswered" in c for c in closes)


def test_a_retired_practice_says_in_german_why_its_item_is_open(tmp_path):
    """Issue 17: "Its only mapped practice, the risk class 'medium', is retired." stayed English
    on a German page: the reason had no message id."""
    import shutil

    from tests.calculators import german

    rubrics_dir = tmp_path / "rubrics"
    shutil.copytree(ROOT / "rubrics", rubrics_dir, ignore=shutil.ignore_patterns("local"))
    (rubrics_dir / "local").mkdir()
    (rubrics_dir / "local" / "maturity.yaml").write_text(
        "extends: maturity\nquestions:\n  - id: regulated_explainability\n    retired: true\n",
        "utf-8",
    )
    rubrics = load_rubrics(rubrics_dir, docs_dir=ROOT / "docs").rubrics
    answers = {q["id"]: q["options"][0]["value"] for q in rubrics["maturity"]["questions"]}
    result = assess(rubrics["maturity"], answers, references=rubrics)
    items = result["coverage"]["nist_ai_rmf"]["items"]
    item = next(i for i in items if i["id"] == "measure_2_9")
    assert item["reason"] == (
        "Its only mapped practice, the maturity question 'regulated_explainability', is retired."
    )
    assert german.said(item["reason_said"]) == (
        "Die einzige zugeordnete Praxis, die Reifegradfrage „regulated_explainability“, ist"
        " zurückgezogen."
    )
