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

    def test_key_that_no_longer_exists_upstream_is_an_error_at_file_line(self, rubric_copy):
        """An entry id upstream dropped (or never had) is refused where it stands."""
        file = translation(
            rubric_copy,
            "maturity.yaml",
            "extends: maturity\nquestions:\n  - id: model_registry\n    text: Register?\n"
            "  - id: gone_question\n    text: Weg?\n",
        )
        found = problems(rubric_copy)
        assert reported(found, file, 5, r"no entry 'gone_question' upstream"), found

    def test_unknown_key_is_an_error_at_file_line(self, rubric_copy):
        file = translation(
            rubric_copy,
            "root_causes.yaml",
            "extends: root_causes\ntitle: Ursachen\nsubtitle: Neu\n",
        )
        assert reported(problems(rubric_copy), file, 3, r"no key 'subtitle' here upstream")

    def test_changed_weight_is_an_error(self, rubric_copy):
        """A translation may not change numbers (weights, levels)."""
        file = translation(
            rubric_copy,
            "maturity.yaml",
            "extends: maturity\nquestions:\n  - id: model_registry\n    weight: 9\n",
        )
        assert reported(
            problems(rubric_copy),
            file,
            4,
            r"questions\[model_registry\]\.weight: a translation may only change text",
        )

    def test_changed_reference_is_an_error(self, rubric_copy):
        """A dimension id (x-ref) is no text: changing it is refused."""
        file = translation(
            rubric_copy,
            "maturity.yaml",
            "extends: maturity\nquestions:\n  - id: model_registry\n    dimension: governance_risk\n",
        )
        assert reported(
            problems(rubric_copy), file, 4, r"\.dimension: a translation may only change text"
        )

    def test_retiring_is_an_error(self, rubric_copy):
        file = translation(
            rubric_copy,
            "maturity.yaml",
            "extends: maturity\nquestions:\n  - id: model_registry\n    retired: true\n",
        )
        assert reported(problems(rubric_copy), file, 4, r"may not retire or remove")

    def test_list_of_another_length_is_an_error(self, rubric_copy):
        file = translation(
            rubric_copy,
            "root_causes.yaml",
            "extends: root_causes\ncauses:\n  - id: no_hard_business_owner\n    symptoms:\n      - Nur eins\n",
        )
        assert reported(problems(rubric_copy), file, 4, r"keeps the list's \d+ items \(got 1\)")

    def test_placeholders_must_be_kept(self, rubric_copy):
        """A verdict template that drops {flagged} would show a wrong sentence: refused."""
        file = translation(
            rubric_copy,
            "root_causes.yaml",
            "extends: root_causes\nreadiness:\n  why:\n    fix_first: Einige Ursachen markiert.\n",
        )
        assert reported(
            problems(rubric_copy),
            file,
            4,
            r"placeholders of the upstream text \(\{causes\}, \{flagged\}, \{stop_at\}; got none\)",
        )

    def test_extends_must_name_a_rubric(self, rubric_copy):
        file = translation(rubric_copy, "x.yaml", "extends: nothing\ntitle: X\n")
        assert reported(
            problems(rubric_copy), file, 1, r"'extends' must name the rubric this file translates"
        )

    def test_strings_key_that_no_longer_exists(self, rubric_copy):
        """An interface string id upstream no longer has is refused at its line."""
        file = translation(
            rubric_copy,
            "strings.yaml",
            "extends: strings\nstrings:\n  common.button.never_was: Nie\n",
        )
        assert reported(
            problems(rubric_copy), file, 3, r"no key 'common\.button\.never_was' here upstream"
        )

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
