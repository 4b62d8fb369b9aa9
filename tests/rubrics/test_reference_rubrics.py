"""The reference rubrics (NIST AI RMF, ISO/IEC 42001, EU AI Act) and their registry: schema
conventions, the source's counts and ids, cited statements, dated applicability, the loader's
refusals with file:line, and an internal framework added by an overlay."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from calculators._errors import InputError
from calculators._references import applies_on, ref_slug
from calculators._rubric_files import RubricError, _collection, load_rubrics
from tests.rubrics.test_framework_rubrics import undocumented_or_open

ROOT = Path(__file__).resolve().parents[2]
RUBRICS = ROOT / "rubrics"
DOCS = ROOT / "docs"
REFERENCES = ("nist_ai_rmf", "iso_42001", "eu_ai_act", "references")
SHARED_DEFS = ("id", "page", "address", "date", "text", "reference", "not_covered_reason")

# NIST AI 100-1, Section 5: categories per function, and the subcategories of each category.
NIST = {
    "GOVERN": [7, 3, 2, 3, 2, 2],
    "MAP": [6, 3, 5, 2, 2],
    "MEASURE": [3, 13, 3, 3],
    "MANAGE": [4, 4, 2, 3],
}
# ISO/IEC 42001:2023 Annex A: the controls of each objective.
ISO = {
    "A.2": ["A.2.2", "A.2.3", "A.2.4"],
    "A.3": ["A.3.2", "A.3.3"],
    "A.4": ["A.4.2", "A.4.3", "A.4.4", "A.4.5", "A.4.6"],
    "A.5": ["A.5.2", "A.5.3", "A.5.4", "A.5.5"],
    "A.6": ["A.6.1.2", "A.6.1.3"] + [f"A.6.2.{n}" for n in range(2, 9)],
    "A.7": ["A.7.2", "A.7.3", "A.7.4", "A.7.5", "A.7.6"],
    "A.8": ["A.8.2", "A.8.3", "A.8.4", "A.8.5"],
    "A.9": ["A.9.2", "A.9.3", "A.9.4"],
    "A.10": ["A.10.2", "A.10.3", "A.10.4"],
}
EU_TIERS = [
    "prohibited",
    "high_risk_annex_i",
    "high_risk_annex_iii",
    "transparency",
    "minimal",
    "gpai",
    "gpai_systemic_risk",
]
EU_ARTICLES = ["Art. 4", *[f"Art. {n}" for n in range(9, 16)], "Art. 17", "Art. 26", "Art. 27"]
EU_ARTICLES.append("Art. 50")
# Art. 113 of Regulation (EU) 2024/1689: entry into force and the dates of application.
ARTICLE_113 = {
    "entry_into_force": "2024-08-01",
    "chapters_i_and_ii": "2025-02-02",
    "gpai_governance_penalties": "2025-08-02",
    "general_application": "2026-08-02",
    "article_6_1": "2027-08-02",
}


def load_schema(rubric_id: str) -> dict:
    return json.loads((RUBRICS / "schema" / f"{rubric_id}.schema.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def rubrics() -> dict:
    """The shipped rubrics, through the loader the build uses."""
    return load_rubrics(RUBRICS, docs_dir=DOCS).rubrics


def subcategories(nist: dict) -> list[dict]:
    return [s for f in nist["functions"] for c in f["categories"] for s in c["subcategories"]]


def controls(iso: dict) -> list[dict]:
    return [c for o in iso["objectives"] for c in o["controls"]]


# --- breaking a copy of rubrics/ and asking the loader --------------------------------------


def mutate(file: Path, old: str, new: str) -> int:
    """Replace the first ``old`` with ``new`` in ``file``; return the line where ``new`` starts."""
    text = file.read_text("utf-8")
    assert old in text, f"fixture text not found: {old!r}"
    start = text.index(old)
    file.write_text(text.replace(old, new, 1), "utf-8")
    return text.count("\n", 0, start) + 1


def problems(rubric_dir: Path) -> list[str]:
    with pytest.raises(RubricError) as err:
        load_rubrics(rubric_dir, docs_dir=DOCS)
    return err.value.problems


def assert_reported(rubric_dir: Path, file: str, line: int, pattern: str) -> None:
    found = problems(rubric_dir)
    wanted = re.compile(rf"{re.escape(file)}:{line}: .*{pattern}")
    assert any(wanted.search(p) for p in found), "\n".join(found)


class TestFiles:
    """Every reference rubric follows the shared conventions and passes the loader."""

    @pytest.mark.parametrize("rubric_id", REFERENCES)
    def test_schema_is_valid_draft_2020_12(self, rubric_id):
        """The schema is valid, with the project's $id and the shared $defs of the others."""
        schema = load_schema(rubric_id)
        Draft202012Validator.check_schema(schema)
        assert (
            schema["$id"] == f"https://ai-scale-up-playbook.invalid/schema/{rubric_id}.schema.json"
        )
        maturity = load_schema("maturity")
        assert schema["$defs"]["id"] == maturity["$defs"]["id"]
        assert schema["$defs"]["page"] == maturity["$defs"]["page"]
        nist = load_schema("nist_ai_rmf")
        assert {k: schema["$defs"][k] for k in SHARED_DEFS} == {
            k: nist["$defs"][k] for k in SHARED_DEFS
        }

    @pytest.mark.parametrize("rubric_id", REFERENCES)
    def test_schema_documents_every_property_and_refuses_unknown_keys(self, rubric_id):
        """Every property has a description and every object sets additionalProperties: false."""
        assert undocumented_or_open(load_schema(rubric_id), rubric_id) == []

    @pytest.mark.parametrize("rubric_id", REFERENCES)
    def test_rubric_validates_through_the_loader(self, rubric_id, rubrics):
        """The file opens with its schema comment and the loader accepts it."""
        first = (RUBRICS / f"{rubric_id}.yaml").read_text("utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=schema/{rubric_id}.schema.json"
        assert rubrics[rubric_id]["id"] == rubric_id
        assert rubrics[rubric_id]["version"] == "1.0.0"
        assert rubrics[rubric_id]["license"] == "CC-BY-4.0"

    @pytest.mark.parametrize("rubric_id", REFERENCES[:3])
    def test_reference_carries_version_licence_and_sources(self, rubric_id, rubrics):
        """Each reference says which edition it follows, on what terms, and where it was read."""
        ref = rubrics[rubric_id]["reference"]
        assert ref["edition"]
        assert ref["licence_note"]
        assert ref["as_of"]
        assert ref["address"].startswith("https://")
        assert all(s["address"].startswith("https://") and s["used_for"] for s in ref["sources"])

    @pytest.mark.parametrize("rubric_id", REFERENCES)
    def test_no_html_in_text(self, rubric_id):
        """Text is plain: no tags (they would be escaped on the page anyway)."""
        assert not re.search(r"<[A-Za-z/!]", (RUBRICS / f"{rubric_id}.yaml").read_text("utf-8"))

    @pytest.mark.parametrize("rubric_id", REFERENCES)
    def test_dates_are_quoted_strings(self, rubric_id):
        """Dates stay text in YAML (an unquoted date would become a date object, not JSON)."""
        text = (RUBRICS / f"{rubric_id}.yaml").read_text("utf-8")
        assert not re.search(r":\s+\d{4}-\d{2}(-\d{2})?\s*$", text, re.M)

    def test_registry_paths_reach_every_item(self, rubrics):
        """Each shipped framework's items_at walks to its items: 72, 38 and the obligations."""
        frameworks = {f["id"]: f for f in rubrics["references"]["frameworks"]}
        sizes = {fid: len(_collection(rubrics, f["items_at"])) for fid, f in frameworks.items()}
        assert sizes == {
            "nist_ai_rmf": 72,
            "iso_42001": 38,
            "eu_ai_act": len(rubrics["eu_ai_act"]["obligations"]),
        }


class TestNist:
    """rubrics/nist_ai_rmf.yaml: the AI RMF Core of NIST AI 100-1."""

    def test_counts(self, rubrics):
        """4 functions, 19 categories, 72 subcategories (19, 18, 22 and 13 per function)."""
        nist = rubrics["nist_ai_rmf"]
        assert len(nist["functions"]) == 4
        assert sum(len(f["categories"]) for f in nist["functions"]) == 19
        assert len(subcategories(nist)) == 72
        per_function = {
            f["ref"]: sum(len(c["subcategories"]) for c in f["categories"])
            for f in nist["functions"]
        }
        assert per_function == {"GOVERN": 19, "MAP": 18, "MEASURE": 22, "MANAGE": 13}
        assert nist["counts"] == {"functions": 4, "categories": 19, "subcategories": 72}

    def test_every_ref_in_nist_order(self, rubrics):
        """The refs run GOVERN 1.1 ... MANAGE 4.3 exactly as the Core numbers them."""
        expected = [
            f"{fn} {c}.{s}"
            for fn, sizes in NIST.items()
            for c, size in enumerate(sizes, 1)
            for s in range(1, size + 1)
        ]
        assert [s["ref"] for s in subcategories(rubrics["nist_ai_rmf"])] == expected

    def test_ids_follow_refs_and_are_unique(self, rubrics):
        """Every id is the snake_case form of its ref (govern_1_1 for GOVERN 1.1), never twice."""
        nist = rubrics["nist_ai_rmf"]
        items = [*nist["functions"], *(c for f in nist["functions"] for c in f["categories"])]
        items += subcategories(nist)
        assert [i["id"] for i in items if i["id"] != ref_slug(i["ref"])] == []
        assert len({i["id"] for i in items}) == len(items)

    @pytest.mark.parametrize(
        ("ref", "text"),
        [
            (
                "GOVERN 1.1",
                "Legal and regulatory requirements involving AI are understood, managed, and "
                "documented.",
            ),
            (
                "GOVERN 5.2",
                "Mechanisms are established to enable the team that developed or deployed AI "
                "systems to regularly incorporate adjudicated feedback from relevant AI actors "
                "into system design and implementation.",
            ),
            (
                "MANAGE 4.3",
                "Incidents and errors are communicated to relevant AI actors, including affected "
                "communities. Processes for tracking, responding to, and recovering from "
                "incidents and errors are followed and documented.",
            ),
        ],
    )
    def test_text_as_published(self, rubrics, ref, text):
        """Statements that secondary copies get wrong read as NIST published them."""
        found = {s["ref"]: s["text"] for s in subcategories(rubrics["nist_ai_rmf"])}
        assert found[ref] == text

    def test_not_covered_names_subcategories_with_reasons(self, rubrics):
        """Each subcategory the playbook leaves out is named by id with a reason."""
        known = {s["id"] for s in subcategories(rubrics["nist_ai_rmf"])}
        for entry in rubrics["nist_ai_rmf"].get("not_covered", []):
            assert entry["id"] in known
            assert entry["reason"].strip().endswith(".")


class TestIso:
    """rubrics/iso_42001.yaml: Annex A of ISO/IEC 42001:2023, ids and titles only."""

    def test_objectives_and_controls(self, rubrics):
        """9 objectives (A.2 to A.10) and 38 controls, each under its objective, in order."""
        iso = rubrics["iso_42001"]
        assert {o["ref"]: [c["ref"] for c in o["controls"]] for o in iso["objectives"]} == ISO
        assert [o["ref"] for o in iso["objectives"]] == list(ISO)
        assert len(controls(iso)) == 38
        assert iso["counts"] == {"objectives": 9, "controls": 38}

    def test_ids_follow_refs(self, rubrics):
        """Every id is the snake_case form of its ref (a_6_2_8 for A.6.2.8)."""
        iso = rubrics["iso_42001"]
        items = [*iso["objectives"], *controls(iso)]
        assert [i["id"] for i in items if i["id"] != ref_slug(i["ref"])] == []

    def test_titles_only(self, rubrics):
        """No control carries text beyond its id and title (the standard is copyrighted)."""
        for control in controls(rubrics["iso_42001"]):
            assert set(control) <= {"id", "ref", "title", "retired"}
            assert len(control["title"]) < 80


class TestEuAiAct:
    """rubrics/eu_ai_act.yaml: tiers, duties and dates, each statement citing its provision."""

    def test_tiers_and_articles(self, rubrics):
        """The seven tiers and the articles the issue lists, in order."""
        eu = rubrics["eu_ai_act"]
        assert [t["id"] for t in eu["risk_tiers"]] == EU_TIERS
        assert [o["ref"] for o in eu["obligations"]] == EU_ARTICLES

    def test_obligation_points_cite_their_own_article(self, rubrics):
        """Every statement about an article cites that article (a paragraph or point of it)."""
        for obligation in rubrics["eu_ai_act"]["obligations"]:
            for point in obligation["points"]:
                assert re.fullmatch(rf"{re.escape(obligation['ref'])}(\(.*)?", point["cite"]), (
                    obligation["id"],
                    point["cite"],
                )

    def test_deployer_and_provider_roles(self, rubrics):
        """Arts. 9 to 15 and 17 bind providers; Arts. 26 and 27 bind deployers."""
        roles = {o["ref"]: o["role"] for o in rubrics["eu_ai_act"]["obligations"]}
        assert {roles[a] for a in EU_ARTICLES[1:9]} == {"provider"}
        assert roles["Art. 26"] == roles["Art. 27"] == "deployer"
        assert roles["Art. 4"] == "provider_and_deployer"

    def test_article_113_dates(self, rubrics):
        """Art. 113's dates are in force, each with its source, as-of date and address."""
        dates = {d["id"]: d for d in rubrics["eu_ai_act"]["application_dates"]}
        assert {i: dates[i]["date"] for i in ARTICLE_113} == ARTICLE_113
        for entry_id in ARTICLE_113:
            entry = dates[entry_id]
            assert entry["status"] == "in_force"
            assert entry["source"]["cite"].startswith("Art. 113")
            assert entry["source"]["address"].startswith("https://eur-lex.europa.eu/")

    def test_amendments_are_marked_unconfirmed(self, rubrics):
        """A reported amendment is proposed, not confirmed, and names the date it replaces."""
        proposed = [
            d for d in rubrics["eu_ai_act"]["application_dates"] if d["status"] != "in_force"
        ]
        assert proposed, "the Digital Omnibus dates are recorded"
        for entry in proposed:
            assert entry["status"] == "proposed"
            assert entry["confirmed_in_official_journal"] is False
            assert entry["supersedes"] in ARTICLE_113
            assert entry["source"]["address"].startswith("https://")
            assert "Official Journal" in entry["note"]


class TestAppliesOn:
    """What applies under the EU AI Act on a date the reader picks."""

    @staticmethod
    def applying(rubrics, on, **options) -> set[str]:
        result = applies_on(rubrics["eu_ai_act"], on, **options)
        tiers = {t["id"] for t in result["tiers"] if t["applies"]}
        return tiers | {o["id"] for o in result["obligations"] if o["applies"]}

    def test_nothing_before_february_2025(self, rubrics):
        """The day before 2 February 2025 no tier or duty applies yet."""
        assert self.applying(rubrics, "2025-02-01") == set()

    def test_prohibitions_and_literacy_from_february_2025(self, rubrics):
        """Art. 5 and Art. 4 apply from 2 February 2025 (Art. 113(a))."""
        assert self.applying(rubrics, "2025-02-02") == {"prohibited", "art_4_ai_literacy"}

    def test_annex_iii_duties_from_august_2026(self, rubrics):
        """Deployer duties apply to Annex III systems on 2 August 2026, not the day before."""
        assert "art_26_deployer_duties" not in self.applying(rubrics, "2026-08-01")
        assert "art_26_deployer_duties" in self.applying(rubrics, "2026-08-02")

    def test_annex_i_from_august_2027(self, rubrics):
        """The Annex I tier applies from 2 August 2027 (Art. 113(c))."""
        assert "high_risk_annex_i" not in self.applying(rubrics, "2027-08-01")
        assert "high_risk_annex_i" in self.applying(rubrics, "2027-08-02")

    def test_unconfirmed_amendment_only_on_request(self, rubrics):
        """The Omnibus dates move Annex III to 2 December 2027 only when asked for, and say so."""
        on = "2026-12-01"
        assert "high_risk_annex_iii" in self.applying(rubrics, on)
        assert "high_risk_annex_iii" not in self.applying(rubrics, on, include_unconfirmed=True)
        result = applies_on(rubrics["eu_ai_act"], on, include_unconfirmed=True)
        tier = next(t for t in result["tiers"] if t["id"] == "high_risk_annex_iii")
        assert (tier["from"], tier["status"], tier["confirmed"]) == (
            "2027-12-02",
            "proposed",
            False,
        )

    def test_obligation_applies_per_tier(self, rubrics):
        """Art. 9 on 1 December 2026: applies to Annex III systems, not yet to Annex I ones."""
        result = applies_on(rubrics["eu_ai_act"], "2026-12-01")
        art_9 = next(o for o in result["obligations"] if o["ref"] == "Art. 9")
        assert {row["tier"]: row["applies"] for row in art_9["tiers"]} == {
            "high_risk_annex_i": False,
            "high_risk_annex_iii": True,
        }

    @pytest.mark.parametrize("bad", ["2026-02-30", "1 December 2026", ""])
    def test_bad_date_names_the_field(self, rubrics, bad):
        """A date that is not YYYY-MM-DD is refused in the reader's words, naming the field."""
        with pytest.raises(InputError) as err:
            applies_on(rubrics["eu_ai_act"], bad)
        assert err.value.field == "on"
        assert str(err.value) == f"'on' must be a calendar date, YYYY-MM-DD (got {bad!r})"

    def test_result_is_json(self, rubrics):
        """The result is plain data, as the browser worker passes it on."""
        result = applies_on(rubrics["eu_ai_act"], "2026-12-01", include_unconfirmed=True)
        assert json.loads(json.dumps(result)) == result


# Each rule broken once in a copy of rubrics/: refused at the line, with what is wrong.
BROKEN = {
    # name: (file, old, new, where it is reported, pattern); where: a line offset from the start
    # of `new`, "item" for the list entry the change is in, None for the tier left undated.
    "NIST id that does not follow its ref": (
        "nist_ai_rmf.yaml",
        "          - id: govern_1_2\n",
        "          - id: govern_1_02\n",
        0,
        r"id 'govern_1_02' does not match ref 'GOVERN 1.2' \(expected 'govern_1_2'\)",
    ),
    "NIST id not snake_case": (
        "nist_ai_rmf.yaml",
        "          - id: govern_1_2\n",
        "          - id: GOVERN-1.2\n",
        0,
        r"'GOVERN-1.2' does not match",
    ),
    "NIST subcategory under the wrong category": (
        "nist_ai_rmf.yaml",
        "            ref: GOVERN 1.2\n",
        "            ref: GOVERN 2.2\n",
        0,
        r"GOVERN 2\.2 is listed under GOVERN 1 \(expected GOVERN 1\.2\)",
    ),
    "NIST count that does not match": (
        "nist_ai_rmf.yaml",
        "counts: {functions: 4, categories: 19, subcategories: 72}\n",
        "counts: {functions: 4, categories: 19, subcategories: 71}\n",
        0,
        r"the source has 71 subcategories but the file lists 72",
    ),
    "NIST not-covered names no subcategory": (
        "nist_ai_rmf.yaml",
        "  - id: measure_2_12\n    reason:",
        "  - id: measure_2_14\n    reason:",
        0,
        r"'measure_2_14' is not a known subcategories entry",
    ),
    "NIST source without an address": (
        "nist_ai_rmf.yaml",
        "      address: https://nvlpubs.nist.gov/nistpubs/ai/NIST.AI.100-1.pdf\n",
        "",
        "item",
        r"'address' is a required property",
    ),
    "ISO duplicate control": (
        "iso_42001.yaml",
        "      - {id: a_2_3, ref: A.2.3, title: Alignment with other organizational policies}\n",
        "      - {id: a_2_2, ref: A.2.2, title: AI policy}\n",
        0,
        r"duplicate id 'a_2_2'",
    ),
    "ISO control with text": (
        "iso_42001.yaml",
        "      - {id: a_2_2, ref: A.2.2, title: AI policy}\n",
        "      - {id: a_2_2, ref: A.2.2, title: AI policy, text: The organization shall}\n",
        0,
        r"unknown key 'text' \(allowed here: id, ref, retired, title\)",
    ),
    "ISO control under the wrong objective": (
        "iso_42001.yaml",
        "      - {id: a_3_3, ref: A.3.3, title: Reporting of concerns}\n",
        "      - {id: a_4_7, ref: A.4.7, title: Reporting of concerns}\n",
        0,
        r"A\.4\.7 is listed under A\.3 \(expected A\.3\.x\)",
    ),
    "EU statement without a citation": (
        "eu_ai_act.yaml",
        "        cite: Art. 26(6)\n",
        "",
        "item",
        r"'cite' is a required property",
    ),
    "EU citation not in the Regulation's form": (
        "eu_ai_act.yaml",
        "        cite: Art. 26(6)\n",
        "        cite: Article 26 paragraph 6\n",
        0,
        r"'Article 26 paragraph 6' does not match",
    ),
    "EU date that does not exist": (
        "eu_ai_act.yaml",
        '    date: "2025-02-02"\n',
        '    date: "2025-02-30"\n',
        0,
        r"'2025-02-30' is not a calendar date",
    ),
    "EU date without a source address": (
        "eu_ai_act.yaml",
        '    source: {cite: "Art. 113, second paragraph", address: "https://eur-lex.europa.eu/eli/reg/2024/1689/oj"}\n',
        '    source: {cite: "Art. 113, second paragraph"}\n',
        0,
        r"'address' is a required property",
    ),
    "EU proposed date marked confirmed": (
        "eu_ai_act.yaml",
        "    confirmed_in_official_journal: false\n",
        "    confirmed_in_official_journal: true\n",
        0,
        r"a proposed date cannot be confirmed in the Official Journal",
    ),
    "EU tier left without a date": (
        "eu_ai_act.yaml",
        "    tiers: [high_risk_annex_iii, transparency, minimal]\n",
        "    tiers: [high_risk_annex_iii, transparency]\n",
        None,
        r"tier 'minimal' has no date in force \(in force: none\)",
    ),
    "EU amendment that supersedes an unknown date": (
        "eu_ai_act.yaml",
        "    supersedes: general_application\n",
        "    supersedes: general_aplication\n",
        0,
        r"'general_aplication' is not a known application_dates entry",
    ),
}


@pytest.mark.parametrize("name", list(BROKEN))
def test_broken_reference_is_refused_with_file_and_line(rubric_copy, name):
    """Each broken entry stops the loader, naming the file, the line and what is wrong."""
    file, old, new, offset, pattern = BROKEN[name]
    line = mutate(rubric_copy / file, old, new)
    lines = (rubric_copy / file).read_text("utf-8").splitlines()
    if offset is None:
        line = lines.index("  - id: minimal") + 1
    elif offset == "item":
        line = next(n for n in range(line - 1, 0, -1) if lines[n - 1].lstrip().startswith("- "))
    else:
        line += offset
    assert_reported(rubric_copy, file, line, pattern)


INTERNAL = """\
# An organization's own AI policy, mapped like the shipped references.
extends: references
frameworks:
  - id: acme_ai_policy
    title: ACME AI policy
    kind: internal
    reference:
      publisher: ACME Risk Office
      document: ACME AI policy
      edition: "2026.2"
      address: https://intranet.acme.example/ai-policy
      licence_note: Internal; shown to ACME staff only.
      as_of: "2026-11-15"
      sources:
        - title: ACME AI policy, version 2026.2
          address: https://intranet.acme.example/ai-policy
          used_for: every item
    items:
      - id: acme_owner
        ref: AI-POL-1
        title: Every model in production has a named business owner
      - id: acme_register
        ref: AI-POL-2
        title: Every model is in the model register before launch
"""


class TestOverlays:
    """A fork adds its own framework, or changes what is not covered, without editing upstream."""

    def test_overlay_adds_an_internal_framework(self, rubric_copy):
        """An overlay extending the registry adds a framework whose items mappings can name."""
        (rubric_copy / "local").mkdir()
        (rubric_copy / "local" / "acme.yaml").write_text(INTERNAL, "utf-8")
        rubrics = load_rubrics(rubric_copy, docs_dir=DOCS).rubrics
        ids = [f["id"] for f in rubrics["references"]["frameworks"]]
        assert ids == ["nist_ai_rmf", "iso_42001", "eu_ai_act", "acme_ai_policy"]
        assert _collection(rubrics, "references/frameworks/*/items") == {
            "acme_owner",
            "acme_register",
        }

    def test_internal_framework_without_its_source_is_refused(self, rubric_copy):
        """An internal framework must say where it comes from: refused at the overlay's line."""
        (rubric_copy / "local").mkdir()
        text = (
            INTERNAL[: INTERNAL.index("    reference:\n")]
            + INTERNAL[INTERNAL.index("    items:") :]
        )
        (rubric_copy / "local" / "acme.yaml").write_text(text, "utf-8")
        line = text.splitlines().index("  - id: acme_ai_policy") + 1
        assert_reported(
            rubric_copy, "local/acme.yaml", line, r"an internal framework needs 'reference'"
        )

    def test_overlay_changes_what_is_not_covered(self, rubric_copy):
        """A fork that covers a subcategory removes it and maps it; one that leaves another out
        adds it and retires its mapping (the crosswalk is checked in both directions, so the
        two overlays go together)."""
        (rubric_copy / "local").mkdir()
        (rubric_copy / "local" / "coverage.yaml").write_text(
            "extends: nist_ai_rmf\n"
            "remove: {not_covered: [measure_2_12]}\n"
            "not_covered:\n"
            "  - id: manage_2_1\n"
            "    reason: We keep no manual fallback.\n",
            "utf-8",
        )
        (rubric_copy / "local" / "crosswalk.yaml").write_text(
            "extends: crosswalk\n"
            "mlops_components:\n"
            "  - id: monitoring_drift\n"
            "    references:\n"
            "      - {id: measure_2_12, relationship: intersects, rationale: We also track energy.}\n"
            "risk_classes:\n"
            "  - id: high\n"
            "    references:\n"
            "      - {id: manage_2_1, retired: true}\n",
            "utf-8",
        )
        rubrics = load_rubrics(rubric_copy, docs_dir=DOCS).rubrics
        ids = [e["id"] for e in rubrics["nist_ai_rmf"]["not_covered"]]
        assert "measure_2_12" not in ids
        assert "manage_2_1" in ids


def test_yaml_reads_the_same_without_the_loader():
    """The files are plain YAML: a fork's tools can read them with any YAML parser."""
    for rubric_id in REFERENCES:
        data = yaml.safe_load((RUBRICS / f"{rubric_id}.yaml").read_text("utf-8"))
        errors = list(Draft202012Validator(load_schema(rubric_id)).iter_errors(data))
        assert [e.message for e in errors] == []
