"""rubrics/kpis.yaml: valid against its schema, and its roi_defaults a case the calculator accepts."""

from __future__ import annotations

import copy
import json
import math
import re
from functools import cache
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from calculators import InputError, _montecarlo, _roi, _roi_input
from calculators._roi import evaluate_case
from tests.conftest import put

ROOT = Path(__file__).resolve().parents[2]
RUBRIC = ROOT / "rubrics" / "kpis.yaml"
SCHEMA = ROOT / "rubrics" / "schema" / "kpis.schema.json"


@cache
def rubric() -> dict:
    return yaml.safe_load(RUBRIC.read_text(encoding="utf-8"))


@cache
def schema() -> dict:
    return json.loads(SCHEMA.read_text(encoding="utf-8"))


def validator() -> Draft202012Validator:
    return Draft202012Validator(schema())


def defaults() -> dict:
    return copy.deepcopy(rubric()["roi_defaults"])


def object_schemas(node: object):
    """Every subschema that declares properties (not the conditions of if/then, which test)."""
    if isinstance(node, dict):
        if "properties" in node:
            yield node
        for key, value in node.items():
            if key != "if":
                yield from object_schemas(value)
    elif isinstance(node, list):
        for value in node:
            yield from object_schemas(value)


def resolve(node: dict) -> dict:
    ref = node.get("$ref")
    return schema()["$defs"][ref.rsplit("/", 1)[1]] if ref else node


class TestRubricFile:
    def test_points_editors_at_its_schema(self):
        """The first line names the schema for the YAML language server."""
        first = RUBRIC.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=schema/kpis.schema.json"

    def test_valid_against_schema(self):
        """The rubric validates against its JSON Schema (draft 2020-12)."""
        Draft202012Validator.check_schema(schema())
        errors = [
            f"{list(e.absolute_path)}: {e.message}" for e in validator().iter_errors(rubric())
        ]
        assert errors == []

    def test_conventions(self):
        """id, semver version, license and title as every rubric has them."""
        r = rubric()
        assert list(r)[:4] == ["id", "version", "license", "title"]
        assert r["id"] == "kpis"
        assert re.fullmatch(r"\d+\.\d+\.\d+", r["version"])
        assert r["license"] == "CC-BY-4.0"

    def test_the_article_categories_in_order(self):
        """The five categories of the article's table, in its order, each with KPIs and a method."""
        categories = rubric()["categories"]
        assert [c["id"] for c in categories] == [
            "revenue",
            "cost",
            "productivity",
            "risk",
            "adoption",
        ]
        assert all(c["kpis"] and c["measurement"] for c in categories)

    def test_roi_categories_match_the_model_both_ways(self):
        """Every ROI category named exists in the model, and every model category is named."""
        named = [c["roi_category"] for c in rubric()["categories"] if "roi_category" in c]
        assert sorted(named) == sorted(_roi.BENEFIT_DRIVERS)


class TestSchema:
    def test_every_property_is_described(self):
        """Each property carries a description, directly or through its $ref."""
        missing = [
            name
            for node in object_schemas(schema())
            for name, prop in node["properties"].items()
            if "description" not in resolve(prop)
        ]
        assert missing == []

    def test_every_object_refuses_unknown_keys(self):
        """additionalProperties is false on every object, so typos fail."""
        assert all(node.get("additionalProperties") is False for node in object_schemas(schema()))

    def test_identified(self):
        """The schema has an $id, a title and a description."""
        assert {"$id", "title", "description"} <= set(schema())


class TestRoiDefaults:
    def test_evaluates_to_a_sensible_result(self):
        """The example case runs, simulation included, and its figures hang together."""
        r = evaluate_case(defaults(), runs=2000, seed=1)
        assert [row["year"] for row in r["years"]] == [0, 1, 2, 3]
        assert all(math.isfinite(r[k]) for k in ("npv", "pv_costs", "pv_benefits", "roi"))
        assert r["pv_costs"] > 0
        assert r["pv_benefits"] > 0
        assert r["irr"] is not None
        assert (r["irr"] > 0.10) == (r["npv"] > 0)
        assert r["payback_months"] is not None
        assert r["scenarios"]["low"]["npv"] < r["npv"] < r["scenarios"]["high"]["npv"]
        sim = r["simulation"]
        assert sim["p10"] < sim["p50"] < sim["p90"]
        assert r["npv_unadjusted"] > r["npv"]
        json.dumps(r, allow_nan=False)

    def test_shape_the_brief_asks_for(self):
        """3 years at 10 %, an initial period, an S-curve, one benefit of each category, ranges."""
        case = defaults()
        assert (case["horizon_years"], case["discount_rate"], case["initial_period"]) == (
            3,
            0.10,
            True,
        )
        assert case["adoption"]["curve"] == "s_curve"
        assert sorted(b["category"] for b in case["benefits"]) == sorted(_roi.BENEFIT_DRIVERS)
        assert any(c.get("risk_adjustment") for c in case["costs"])
        assert all("risk_adjustment" in b for b in case["benefits"])
        assert case["uncertainty"]

    def test_says_it_is_illustrative(self):
        """A comment tells readers the defaults are example inputs, not research figures."""
        text = RUBRIC.read_text(encoding="utf-8")
        assert "Illustrative assumptions" in text.split("roi_defaults:")[0]


# The schema and the calculator must refuse the same mistakes (path, value).
BAD_DEFAULTS = [
    ("discount_rate", -1),
    ("discount_rate", "10%"),
    ("horizon_years", 0),
    ("horizon_years", 11),
    ("horizon_years", 2.5),
    ("initial_period", "yes"),
    ("discount", 0.1),
    ("adoption.curve", "exponential"),
    ("adoption.target", 1.5),
    ("adoption.by_year", -1),
    ("costs", []),
    ("costs[0].amount", -1),
    ("costs[0].amount", "250k"),
    ("costs[0].category", "rent"),
    ("costs[0].timing", "sometimes"),
    ("costs[0].growth", 0.1),
    ("costs[0].id", "Build"),
    ("costs[1].year", 1),
    ("costs[1].per_user", "yes"),
    ("costs[1].risk_adjustment", 2),
    ("benefits[0].margin", 1.5),
    ("benefits[0].reduction", 0.5),
    ("benefits[0].category", "joy"),
    ("benefits[1].volume", -5),
    ("benefits[2].redeployed", 1.2),
    ("benefits[3].expected_loss", None),
    ("benefits[0].start_year", 0),
    ("benefits[0].scales_with_adoption", "no"),
    ("flexibility[0].probability", 1.5),
    ("uncertainty[0].distribution", "normal"),
    ("uncertainty[0].driver", "discount_rate"),
    ("uncertainty[0].spread", 1),
    ("users", -1),
    ("sensitivity_range", 0),
]


class TestSchemaAgreesWithCalculator:
    @pytest.mark.parametrize(
        ("path", "value"), BAD_DEFAULTS, ids=[f"{p}={v!r}" for p, v in BAD_DEFAULTS]
    )
    def test_both_refuse(self, path, value):
        """A mistake in roi_defaults fails the schema and the calculator alike."""
        case = put(defaults(), path, value)
        assert not validator().is_valid({**rubric(), "roi_defaults": case})
        with pytest.raises(InputError):
            evaluate_case(case)

    @pytest.mark.parametrize(
        ("path", "value"),
        [
            ("initial_period", False),
            ("adoption.by_year", 0),
            ("costs[0].year", 1),
            ("benefits[0].scales_with_adoption", False),
            ("flexibility", []),
            ("uncertainty", []),
        ],
    )
    def test_both_accept(self, path, value):
        """Valid variations pass both."""
        case = put(defaults(), path, value)
        if path == "initial_period":
            case["costs"][0]["year"] = 1
        assert validator().is_valid({**rubric(), "roi_defaults": case})
        evaluate_case(case)


# -- the ROI vocabulary (calculators._roi_input) and the schema, both ways -----------------------

LINE_KEYS = {"id", "label", "category", "start_year", "growth", "risk_adjustment"}


def schema_benefit_drivers() -> dict[str, set[str]]:
    """Each benefit category the schema allows -> the drivers its branch takes."""
    branches = schema()["$defs"]["benefit_line"]["oneOf"]
    return {
        b["properties"]["category"]["const"]: set(b["properties"])
        - LINE_KEYS
        - {"scales_with_adoption"}
        for b in branches
    }


def schema_ranged_drivers() -> dict[str, set[str]]:
    """The drivers uncertainty.driver's pattern allows: {"case": names, "costs": fields,
    "benefits": fields}, read from its alternatives."""
    pattern = schema()["$defs"]["uncertainty_range"]["properties"]["driver"]["pattern"]
    assert pattern.startswith("^("), pattern
    assert pattern.endswith(")$"), pattern
    body, alternatives, depth, start = pattern[2:-2], [], 0, 0
    for i, char in enumerate(body):
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "|" and depth == 0:
            alternatives.append(body[start:i])
            start = i + 1
    alternatives.append(body[start:])
    found: dict[str, set[str]] = {"case": set(), "costs": set(), "benefits": set()}
    for alt in alternatives:
        list_key = alt.split("\\.")[0]
        if list_key in ("costs", "benefits"):
            last = alt.rsplit("\\.", 1)[1]
            found[list_key] |= set(last.strip("()").split("|"))
        else:
            found["case"].add(alt.replace("\\.", "."))
    return found


class TestVocabularyAgreesWithSchema:
    """The ROI vocabulary and kpis.schema.json name the same categories, drivers and choices:
    an entry added on one side only fails here."""

    def test_benefit_categories_and_their_drivers(self):
        vocabulary = {name: set(c["drivers"]) for name, c in _roi_input.BENEFIT_CATEGORIES.items()}
        assert schema_benefit_drivers() == vocabulary

    def test_drivers_a_range_may_take(self):
        found = schema_ranged_drivers()
        drivers = {f for c in _roi_input.BENEFIT_CATEGORIES.values() for f in c["drivers"]}
        assert found["benefits"] == drivers
        assert found["costs"] == set(_roi_input.COST_RANGED)
        assert found["case"] == set(_roi_input.CASE_RANGED)

    def test_every_driver_has_words_and_the_schema_bound_of_its_unit(self):
        """A driver is labelled in the vocabulary; a share (percent) is at most 1 in both."""
        defs = schema()["$defs"]
        for field in {f for c in _roi_input.BENEFIT_CATEGORIES.values() for f in c["drivers"]}:
            assert _roi_input.FIELDS[field]["label"], field
            share = _roi_input.FIELDS[field]["unit"] == "percent"
            assert (defs[field]["maximum"] == 1) == share, field
            assert (field in _roi_input.SHARE_FIELDS) == share, field

    def test_choices(self):
        defs = schema()["$defs"]
        case = defs["roi_case"]["properties"]
        assert defs["cost_line"]["properties"]["category"]["enum"] == list(
            _roi_input.COST_CATEGORIES
        )
        assert set(defs["cost_line"]["properties"]["timing"]["enum"]) == set(
            _roi_input.TIMING_LABELS
        )
        assert case["adoption"]["properties"]["curve"]["enum"] == list(_roi_input.CURVES)
        distributions = defs["uncertainty_range"]["properties"]["distribution"]["enum"]
        assert distributions == list(_roi_input.DISTRIBUTION_LABELS)
        assert set(distributions) == set(_montecarlo.SAMPLERS)
        categories = schema()["properties"]["categories"]["items"]["properties"]
        assert categories["roi_category"]["enum"] == list(_roi_input.BENEFIT_CATEGORIES)

    def test_the_page_gets_the_same_vocabulary(self):
        """What the build writes into the ROI page (plain JSON) is the engine's vocabulary."""
        page = json.loads(json.dumps(_roi_input.field_vocabulary()))
        assert page["benefit_categories"] == json.loads(json.dumps(_roi_input.BENEFIT_CATEGORIES))
        assert set(page["case_ranged"]) == set(_roi_input.CASE_RANGED)
        assert page["export_format"] == _roi_input.EXPORT_FORMAT

    def test_the_page_is_told_how_each_field_and_relative_range_is_shown(self):
        """roi-lines.js scales a range's values by the vocabulary's own scale of the driver's
        field (it once looked the unit up and knew that a relative range is in percent)."""
        page = json.loads(json.dumps(_roi_input.field_vocabulary()))
        for key, entry in _roi_input.FIELDS.items():
            unit = _roi_input.UNITS[entry["unit"]]
            shown = page["fields"][key]
            assert (shown["scale"], shown["suffix"]) == (unit["scale"], unit["suffix"]), key
        for share in _roi_input.SHARE_FIELDS:
            assert (page["fields"][share]["scale"], page["fields"][share]["suffix"]) == (100, "%")
        assert (page["fields"]["amount"]["scale"], page["fields"]["amount"]["suffix"]) == (1, "")
        assert page["relative_range"] == {"scale": 100, "suffix": "%"}
        # The build's range lines (form_vocabulary) and the script read the same unit.
        relative = _roi_input.form_vocabulary()["relative_unit"]
        assert _roi_input.UNITS[relative] == page["relative_range"]
