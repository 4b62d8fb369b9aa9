"""rubrics/crosswalk.yaml: the mapping from the playbook's practices to NIST AI RMF, ISO/IEC
42001 and the EU AI Act, checked by the loader in both directions (every id it uses exists;
every item of a shipped reference is mapped or listed as not covered, never both)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from calculators._coverage import crosswalk_view
from calculators._rubric_files import load_rubrics
from tests.rubrics.test_framework_rubrics import undocumented_or_open
from tests.rubrics.test_reference_rubrics import assert_reported, mutate

ROOT = Path(__file__).resolve().parents[2]
RUBRICS = ROOT / "rubrics"
DOCS = ROOT / "docs"


@pytest.fixture(scope="module")
def rubrics() -> dict:
    return load_rubrics(RUBRICS, docs_dir=DOCS).rubrics


def test_schema_is_valid_documented_and_closed():
    """The schema is valid draft 2020-12, every property described, no object open."""
    schema = json.loads((RUBRICS / "schema" / "crosswalk.schema.json").read_text("utf-8"))
    Draft202012Validator.check_schema(schema)
    assert undocumented_or_open(schema, "crosswalk") == []
    first = (RUBRICS / "crosswalk.yaml").read_text("utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=schema/crosswalk.schema.json"


class TestShippedMapping:
    """The shipped crosswalk as the loader reads it."""

    def test_every_shipped_item_is_mapped_or_not_covered_with_a_reason(self, rubrics):
        """72 NIST subcategories, 38 ISO controls, every EU obligation: each has practices or a
        reason, never both."""
        sizes = {}
        for framework in crosswalk_view(rubrics):
            for item in framework["items"]:
                assert bool(item["practices"]) != bool(item["not_covered"]), item["id"]
            sizes[framework["id"]] = len(framework["items"])
        assert sizes == {
            "nist_ai_rmf": 72,
            "iso_42001": 38,
            "eu_ai_act": len(rubrics["eu_ai_act"]["obligations"]),
        }

    def test_relationships_are_ir_8477_terms_and_rationales_one_line(self, rubrics):
        """equal, subset, superset or intersects; a rationale is one sentence-sized line."""
        for framework in crosswalk_view(rubrics):
            for item in framework["items"]:
                for practice in item["practices"]:
                    assert practice["relationship"] in {"equal", "subset", "superset", "intersects"}
                    assert "\n" not in practice["rationale"]
                    assert practice["title"] != practice["id"] or practice["kind"] == "gates"

    def test_every_statement_about_the_act_cites_its_article(self, rubrics):
        """A rationale mapping to an EU AI Act obligation cites the article it is about."""
        eu = next(f for f in crosswalk_view(rubrics) if f["id"] == "eu_ai_act")
        for item in eu["items"]:
            article = item["ref"]
            for practice in item["practices"]:
                assert re.search(re.escape(article) + r"\b", practice["rationale"]), (
                    item["id"],
                    practice["rationale"],
                )
            if item["not_covered"]:
                assert article in item["not_covered"]

    def test_conservative_no_mapping_claims_equal(self, rubrics):
        """The playbook does not claim to equal any reference item (judgment, kept explicit)."""
        claims = [
            (i["id"], p["id"])
            for f in crosswalk_view(rubrics)
            for i in f["items"]
            for p in i["practices"]
            if p["relationship"] in ("equal", "superset")
        ]
        assert claims == []


# Each break of a rubric copy, and where the loader must report it: (file, old, new, file the
# problem is reported in, a line to find in that file, the message).
BROKEN = {
    "a mapping names an unknown item": (
        "crosswalk.yaml",
        "{id: govern_2_3, level: 5,",
        "{id: govern_2_9, level: 5,",
        "crosswalk.yaml",
        "{id: govern_2_9, level: 5,",
        r"'govern_2_9' is not an item of any framework",
    ),
    "a question level its options never reach": (
        "crosswalk.yaml",
        "{id: a_3_2, level: 4,",
        "{id: a_3_2, level: 5,",
        "crosswalk.yaml",
        "{id: a_3_2, level: 5,",
        r"level 5 is not a level of question 'defined_roles' \(its options reach: 1, 2, 3, 4\)",
    ),
    "a subcategory neither mapped nor listed as not covered": (
        "crosswalk.yaml",
        '      - {id: govern_2_3, level: 5, relationship: intersects, rationale: "Board oversight'
        ' with regular reporting on value and risk puts AI risk decisions with top leadership."}\n',
        '      - {id: govern_1_1, level: 5, relationship: intersects, rationale: "Moved."}\n',
        "nist_ai_rmf.yaml",
        "          - id: govern_2_3",
        r"'govern_2_3' is neither mapped in crosswalk.yaml nor listed in not_covered",
    ),
    "a control mapped and listed as not covered": (
        "iso_42001.yaml",
        "not_covered:\n",
        "not_covered:\n  - id: a_2_2\n    reason: Contradicts the crosswalk.\n",
        "crosswalk.yaml",
        "{id: a_2_2, level: 4,",
        r"'a_2_2' is mapped here but listed as not covered in iso_42001.yaml",
    ),
    "a mapping names an unknown practice": (
        "crosswalk.yaml",
        "  - id: named_business_owner\n",
        "  - id: named_business_owners\n",
        "crosswalk.yaml",
        "  - id: named_business_owners",
        r"'named_business_owners' is not a maturity question of maturity.yaml \(known: ",
    ),
}


@pytest.mark.parametrize("name", list(BROKEN))
def test_broken_crosswalk_is_refused_with_file_and_line(rubric_copy, name):
    """Each break stops the loader at the file and line of the entry concerned."""
    file, old, new, shown, needle, pattern = BROKEN[name]
    mutate(rubric_copy / file, old, new)
    lines = (rubric_copy / shown).read_text("utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if needle in text)
    assert_reported(rubric_copy, shown, line, pattern)


def test_retiring_a_question_reports_what_only_it_reached_as_not_covered(rubric_copy):
    """A fork that retires a question still builds; an item only that question reached is not
    covered, and says why (the documented overlay retires regulated_explainability)."""
    (rubric_copy / "local").mkdir()
    (rubric_copy / "local" / "maturity.yaml").write_text(
        "extends: maturity\nquestions:\n  - id: regulated_explainability\n    retired: true\n",
        "utf-8",
    )
    rubrics = load_rubrics(rubric_copy, docs_dir=DOCS).rubrics
    nist = next(f for f in crosswalk_view(rubrics) if f["id"] == "nist_ai_rmf")
    item = next(i for i in nist["items"] if i["id"] == "measure_2_9")
    assert item["practices"] == []
    assert "regulated_explainability" in item["not_covered"]
    assert "retired" in item["not_covered"]


def test_overlay_retires_a_mapping_and_lists_the_item_as_not_covered(rubric_copy):
    """A fork that does not do a practice retires its mapping and says why the item is open."""
    (rubric_copy / "local").mkdir()
    (rubric_copy / "local" / "crosswalk.yaml").write_text(
        "extends: crosswalk\n"
        "questions:\n"
        "  - id: portfolio_oversight\n"
        "    references:\n"
        "      - {id: govern_2_3, retired: true}\n",
        "utf-8",
    )
    (rubric_copy / "local" / "nist.yaml").write_text(
        "extends: nist_ai_rmf\n"
        "not_covered:\n"
        "  - id: govern_2_3\n"
        "    reason: Our board does not oversee AI.\n",
        "utf-8",
    )
    rubrics = load_rubrics(rubric_copy, docs_dir=DOCS).rubrics
    nist = next(f for f in crosswalk_view(rubrics) if f["id"] == "nist_ai_rmf")
    item = next(i for i in nist["items"] if i["id"] == "govern_2_3")
    assert item["practices"] == []
    assert item["not_covered"] == "Our board does not oversee AI."
