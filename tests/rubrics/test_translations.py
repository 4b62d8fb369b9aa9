"""Translation overlays (rubrics/locales/<lang>/): text only, errors at file:line, and a report
of what stays untranslated."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from calculators._rubric_files import RubricError, load_rubrics
from tests.conftest import run_cli

ROOT = Path(__file__).resolve().parents[2]


def translation(rubrics: Path, name: str, text: str, lang: str = "xx") -> Path:
    folder = rubrics / "locales" / lang
    folder.mkdir(parents=True, exist_ok=True)
    file = folder / name
    file.write_text(text, encoding="utf-8")
    return file


def problems(rubrics: Path, lang: str = "xx") -> list[str]:
    with pytest.raises(RubricError) as err:
        load_rubrics(rubrics, docs_dir=ROOT / "docs", language=lang)
    return err.value.problems


def reported(found: list[str], file: Path, line: int, pattern: str) -> bool:
    where = re.compile(
        rf"{re.escape(str(file))}:{line}: .*{pattern}|locales/xx/{file.name}:{line}: .*{pattern}"
    )
    return any(where.search(p) for p in found)


# name, file, text, line reported, pattern of the message
REFUSED = [
    (
        "an entry upstream no longer has",
        "maturity.yaml",
        "extends: maturity\nquestions:\n  - id: model_registry\n    text: Register?\n"
        "  - id: gone_question\n    text: Weg?\n",
        5,
        r"no entry 'gone_question' upstream",
    ),
    (
        "an unknown key",
        "root_causes.yaml",
        "extends: root_causes\ntitle: Ursachen\nsubtitle: Neu\n",
        3,
        r"no key 'subtitle' here upstream",
    ),
    (
        "a changed weight",
        "maturity.yaml",
        "extends: maturity\nquestions:\n  - id: model_registry\n    weight: 9\n",
        4,
        r"questions\[model_registry\]\.weight: a translation may only change text",
    ),
    (
        "a changed reference (x-ref)",
        "maturity.yaml",
        "extends: maturity\nquestions:\n  - id: model_registry\n    dimension: governance_risk\n",
        4,
        r"\.dimension: a translation may only change text",
    ),
    (
        "a retired entry",
        "maturity.yaml",
        "extends: maturity\nquestions:\n  - id: model_registry\n    retired: true\n",
        4,
        r"may not retire or remove",
    ),
    (
        "a list of another length",
        "root_causes.yaml",
        "extends: root_causes\ncauses:\n  - id: no_hard_business_owner\n    symptoms:\n"
        "      - Nur eins\n",
        4,
        r"keeps the list's \d+ items \(got 1\)",
    ),
    (
        "a lost placeholder",
        "root_causes.yaml",
        "extends: root_causes\nreadiness:\n  why:\n    fix_first: Einige Ursachen markiert.\n",
        4,
        r"placeholders of the upstream text \(\{causes\}, \{flagged\}, \{stop_at\}; got none\)",
    ),
    (
        "extends naming no rubric",
        "x.yaml",
        "extends: nothing\ntitle: X\n",
        1,
        r"'extends' must name the rubric this file translates",
    ),
    (
        "an interface string id upstream no longer has",
        "strings.yaml",
        "extends: strings\nstrings:\n  common.button.never_was: Nie\n",
        3,
        r"no key 'common\.button\.never_was' here upstream",
    ),
]


class TestTranslationOverlay:
    def test_text_is_translated_and_the_rest_kept(self, rubric_copy):
        """A translated question and label replace the English; weights and levels stay."""
        translation(
            rubric_copy,
            "maturity.yaml",
            "extends: maturity\nquestions:\n  - id: model_registry\n    text: Gibt es ein Modellregister?\n"
            "    options:\n      - value: manual_list\n        label: Eine handgeführte Liste\n",
        )
        english = load_rubrics(rubric_copy).rubrics["maturity"]
        german = load_rubrics(rubric_copy, language="xx").rubrics["maturity"]
        q_en = next(q for q in english["questions"] if q["id"] == "model_registry")
        q_de = next(q for q in german["questions"] if q["id"] == "model_registry")
        assert q_de["text"] == "Gibt es ein Modellregister?"
        assert q_de["weight"] == q_en["weight"]
        assert (
            next(o for o in q_de["options"] if o["value"] == "manual_list")["label"]
            == "Eine handgeführte Liste"
        )
        assert [o["level"] for o in q_de["options"]] == [o["level"] for o in q_en["options"]]

    def test_english_is_untouched_by_a_translation(self, rubric_copy):
        """language=en (the default) never reads locales/."""
        translation(
            rubric_copy, "maturity.yaml", "extends: maturity\ntitle: Reifegradmodell\n", "de"
        )
        assert load_rubrics(rubric_copy).rubrics["maturity"]["title"] != "Reifegradmodell"
        assert (
            load_rubrics(rubric_copy, language="de").rubrics["maturity"]["title"]
            == "Reifegradmodell"
        )

    @pytest.mark.parametrize(
        ("name", "file", "text", "line", "pattern"), REFUSED, ids=[c[0] for c in REFUSED]
    )
    def test_refused_at_file_and_line(self, rubric_copy, name, file, text, line, pattern):
        """Whatever is not a translation of upstream text is an error at its file and line."""
        written = translation(rubric_copy, file, text)
        found = problems(rubric_copy)
        assert reported(found, written, line, pattern), found

    def test_local_overlay_applies_after_the_translation(self, rubric_copy):
        """rubrics/local/ has the last word, over the translation."""
        translation(rubric_copy, "maturity.yaml", "extends: maturity\ntitle: Reifegradmodell\n")
        (rubric_copy / "local").mkdir(exist_ok=True)
        (rubric_copy / "local" / "maturity.yaml").write_text(
            "extends: maturity\ntitle: ACME-Reifegrad\n"
        )
        assert (
            load_rubrics(rubric_copy, language="xx").rubrics["maturity"]["title"]
            == "ACME-Reifegrad"
        )


class TestUntranslatedReport:
    def test_untranslated_lists_what_stays_in_english(self, rubric_copy):
        """The report counts by rubric and names each text by its ids; translated ones are gone."""
        translation(
            rubric_copy,
            "root_causes.yaml",
            "extends: root_causes\ntitle: Ursachen\ncauses:\n  - id: no_hard_business_owner\n    title: Kein Eigentümer\n",
        )
        loaded = load_rubrics(rubric_copy, language="xx")
        missing = loaded.untranslated["root_causes"]
        assert "title" not in missing
        assert "causes[no_hard_business_owner].title" not in missing
        assert "causes[no_hard_business_owner].summary" in missing
        assert "readiness.answers[yes].label" in missing  # answers are named by their value
        # Codes are never text: ids, dimensions, links, levels.
        assert not any(p.endswith((".id", ".dimension", ".link", ".value")) for p in missing)

    def test_cli_validate_reports_untranslated_without_failing(self, rubric_copy):
        translation(rubric_copy, "root_causes.yaml", "extends: root_causes\ntitle: Ursachen\n")
        result = run_cli(
            "validate", "--rubrics", str(rubric_copy), "--language", "xx", "--format", "json"
        )
        assert result.returncode == 0, result.stderr
        data = json.loads(result.stdout)
        assert data["language"] == "xx"
        assert "causes[no_hard_business_owner].title" in data["untranslated"]["root_causes"]
        text = run_cli("validate", "--rubrics", str(rubric_copy), "--language", "xx")
        assert re.search(r"xx: \d+ texts untranslated", text.stdout)

    def test_cli_validate_fails_on_a_bad_translation(self, rubric_copy):
        translation(
            rubric_copy,
            "maturity.yaml",
            "extends: maturity\nquestions:\n  - id: ghost\n    text: Geist\n",
        )
        result = run_cli("validate", "--rubrics", str(rubric_copy), "--language", "xx")
        assert result.returncode == 1
        assert re.search(r"locales/xx/maturity\.yaml:3: .*no entry 'ghost' upstream", result.stderr)


class TestShippedGerman:
    def test_german_interface_strings_are_complete(self):
        """rubrics/locales/de/strings.yaml translates every interface string."""
        loaded = load_rubrics(ROOT / "rubrics", docs_dir=ROOT / "docs", language="de")
        assert "strings" not in loaded.untranslated, loaded.untranslated.get("strings")


def test_documented_translation_example_is_valid(rubric_copy):
    """The example in docs/customize.md#language loads and translates what it says."""
    text = (ROOT / "docs" / "customize.md").read_text(encoding="utf-8")
    block = re.search(
        r'```yaml title="rubrics/locales/de/root_causes.yaml"\n(.*?)```', text, re.DOTALL
    ).group(1)
    translation(rubric_copy, "root_causes.yaml", block, "de")
    german = load_rubrics(rubric_copy, docs_dir=ROOT / "docs", language="de").rubrics
    cause = next(c for c in german["root_causes"]["causes"] if c["id"] == "no_hard_business_owner")
    assert cause["title"] == "Kein verantwortlicher Geschäftsinhaber"
