"""The German reference frameworks (issue 17): the NIST AI RMF and ISO/IEC 42001 rubrics are
German in a German build, every text of them, with their ids and refs as upstream has them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from calculators._rubric_files import load_rubrics
from calculators._translations import text_paths

ROOT = Path(__file__).resolve().parents[2]
FRAMEWORKS = ["nist_ai_rmf", "iso_42001", "eu_ai_act"]
# Texts that are rightly the same in German: names of documents as published, an edition number.
SAME_IN_GERMAN = {
    "NIST AI Risk Management Framework (AI RMF 1.0)",
    "NIST AI 100-1, Artificial Intelligence Risk Management Framework (AI RMF 1.0)",
    "1.0",
}
# Nothing stays English: the item labels are German since the regulation page's words (and
# their plurals) come from the strings and the rubric.
LEFT_IN_ENGLISH: dict[str, list[str]] = {}


@pytest.fixture(scope="module")
def loaded():
    english = load_rubrics(ROOT / "rubrics", docs_dir=ROOT / "docs")
    german = load_rubrics(ROOT / "rubrics", docs_dir=ROOT / "docs", language="de")
    return english, german


def value(data, path):
    for part in path:
        data = data[part]
    return data


@pytest.mark.parametrize("rubric", FRAMEWORKS)
class TestGermanFramework:
    def test_nothing_untranslated(self, loaded, rubric):
        """The loader lists none of the rubric's texts as left in English."""
        _, german = loaded
        assert not german.untranslated.get(rubric), german.untranslated.get(rubric)

    def test_no_text_is_the_english_one(self, loaded, rubric):
        """Every text differs from upstream's English, but for names kept as published."""
        english, german = loaded
        en, de = english.rubrics[rubric], german.rubrics[rubric]
        same = [p for p in _paths(en) if value(de, p) == value(en, p) not in SAME_IN_GERMAN]
        assert not same, same

    def test_ids_and_refs_unchanged(self, loaded, rubric):
        """The ids and the refs (GOVERN 1.1, A.5.2) stay exactly as upstream has them."""
        english, german = loaded

        def refs(node):
            if isinstance(node, dict):
                yield from ((k, v) for k, v in node.items() if k in ("id", "ref"))
                for v in node.values():
                    yield from refs(v)
            elif isinstance(node, list):
                for v in node:
                    yield from refs(v)

        assert list(refs(german.rubrics[rubric])) == list(refs(english.rubrics[rubric]))

    def test_the_page_says_the_german_is_the_playbooks_own(self, loaded, rubric):
        """The description says the German wording is the playbook's own, no translation of
        the official text."""
        _, german = loaded
        description = german.rubrics[rubric]["description"]
        assert "keine amtliche Übersetzung" in description or "eigene Worte" in description


def test_nothing_stays_english(loaded):
    """Across every rubric, the German build leaves nothing in English."""
    _, german = loaded
    assert german.untranslated == LEFT_IN_ENGLISH


def _paths(data):
    schema = ROOT / "rubrics" / "schema" / f"{data['id']}.schema.json"
    return text_paths(data, json.loads(schema.read_text(encoding="utf-8")))
