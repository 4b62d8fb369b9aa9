"""calculators._cites.cite_said: a regulation's or a standard's citation in the reader's
language, by rule: every citation of the rubrics reads back unchanged in English, and in
German as the official German text of Regulation (EU) 2024/1689 cites it."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
import yaml

from calculators import _browser
from calculators._cites import cite_said, known_cite
from calculators._references import tier_obligations
from calculators._rubric_files import load_rubrics
from tests.calculators.german import GERMAN
from tests.conftest import ROOT

ENGLISH = yaml.safe_load((ROOT / "rubrics" / "strings.yaml").read_text(encoding="utf-8"))["strings"]
RUBRICS = load_rubrics(ROOT / "rubrics", docs_dir=ROOT / "docs").rubrics
EU_SCHEMA = json.loads(
    (ROOT / "rubrics" / "schema" / "eu_ai_act.schema.json").read_text(encoding="utf-8")
)
# The grammar the rule reads: the EU AI Act rubric's own pattern for a citation.
CITE_PATTERN = re.compile(EU_SCHEMA["$defs"]["cite"]["pattern"])
# English words of a citation that a German citation must not show.
ENGLISH_WORDS = re.compile(
    r"\b(Annex|Chapter|Section|Recital|point|paragraph|subparagraph|clause|Arts|to|first|"
    r"second|third|fourth|fifth|last)\b|\("
)


def cites(node, key_names=("cite", "ref")) -> Iterator[str]:
    """Every citation and ref a rubric holds, at any depth (a list of them included)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in key_names and isinstance(value, str):
                yield value
            elif key in key_names and isinstance(value, list):
                yield from (v for v in value if isinstance(v, str))
            else:
                yield from cites(value, key_names)
    elif isinstance(node, list):
        for value in node:
            yield from cites(value, key_names)


ALL = sorted({c for rubric in RUBRICS.values() for c in cites(rubric)})
EU_CITES = sorted(set(cites(RUBRICS["eu_ai_act"], ("cite",))))


def test_the_rubrics_hold_citations_of_every_kind():
    """The checks below cover the rubrics' real citations, not an empty list."""
    assert {"Art. 6(2)", "Annex III, point 1", "Chapter V", "GOVERN 1.1", "A.2.2"} <= set(ALL)


@pytest.mark.parametrize("cite", ALL)
def test_english_gives_every_citation_back_as_written(cite):
    assert cite_said(cite, ENGLISH) == cite
    assert cite_said(cite) == cite


@pytest.mark.parametrize("cite", [c for c in EU_CITES if CITE_PATTERN.fullmatch(c)])
def test_every_eu_citation_is_read_and_said_in_german(cite):
    assert known_cite(cite)
    german = cite_said(cite, GERMAN)
    assert ENGLISH_WORDS.search(german) is None, german
    # The numbers of the citation stay, in their order (an ordinal word becomes one more).
    numbers = re.findall(r"[0-9]+|\b[IVX]+\b", cite)
    assert re.findall(r"[0-9]+|\b[IVX]+\b", german)[: len(numbers)] == numbers


def test_every_eu_cite_of_the_pattern_is_read():
    """The rule reads the whole grammar of the schema's pattern, not only what the data holds."""
    assert [c for c in EU_CITES if CITE_PATTERN.fullmatch(c) and not known_cite(c)] == []
    assert len([c for c in EU_CITES if CITE_PATTERN.fullmatch(c)]) > 80


@pytest.mark.parametrize(
    ("cite", "german"),
    [
        ("Art. 6(2)", "Art. 6 Abs. 2"),
        ("Art. 5(1)(a)", "Art. 5 Abs. 1 Buchst. a"),
        ("Art. 4", "Art. 4"),
        ("Annex III, point 1", "Anhang III Nr. 1"),
        ("Annex III, point 5(b)", "Anhang III Nr. 5 Buchst. b"),
        ("Annex I, Section A", "Anhang I Abschnitt A"),
        ("Chapter V", "Kapitel V"),
        ("Chapter III, Section 2", "Kapitel III Abschnitt 2"),
        ("Art. 113, third paragraph, point (c)", "Art. 113 Abs. 3 Buchst. c"),
        ("Art. 113, first paragraph", "Art. 113 Abs. 1"),
        ("Art. 26, last subparagraph", "Art. 26 letzter Unterabsatz"),
        ("Arts. 102 to 109", "Art. 102 bis 109"),
        ("Recital 27", "Erwägungsgrund 27"),
        ("clause 6.1", "Abschnitt 6.1"),
    ],
)
def test_german_says_a_citation_as_the_official_german_text(cite, german):
    assert cite_said(cite, GERMAN) == german
    assert cite_said(cite, ENGLISH) == cite


@pytest.mark.parametrize("name", ["GOVERN 1.1", "MAP 2.3", "A.6.2.4", "Art. 6(2) ", "art. 6"])
def test_a_name_or_an_unknown_citation_stays_as_written(name):
    assert not known_cite(name)
    assert cite_said(name, GERMAN) == name


class TestEngineReply:
    def test_the_tier_and_its_sources_are_said_in_the_page_words(self):
        out = tier_obligations(
            RUBRICS["eu_ai_act"], "high_risk_annex_iii", on="2026-12-01", words=GERMAN
        )
        assert out["tier"]["cite"] == ["Art. 6(2)", "Art. 6(3)", "Annex III"]
        assert out["tier"]["cite_said"] == ["Art. 6 Abs. 2", "Art. 6 Abs. 3", "Anhang III"]
        art_9 = next(o for o in out["obligations"] if o["ref"] == "Art. 9")
        assert art_9["source"]["cite"] == "Art. 113, second paragraph"
        assert art_9["source"]["cite_said"] == "Art. 113 Abs. 2"
        # The rubric's own source is not changed by the reply.
        dates = RUBRICS["eu_ai_act"]["application_dates"]
        assert all("cite_said" not in d["source"] for d in dates)

    def test_without_words_the_reply_says_english(self):
        out = tier_obligations(RUBRICS["eu_ai_act"], "high_risk_annex_iii", on="2026-12-01")
        assert out["tier"]["cite_said"] == out["tier"]["cite"]
        assert all(o["ref_said"] == o["ref"] for o in out["obligations"])

    def test_worker_passes_the_page_words(self):
        _browser.configure(json.dumps({"eu_ai_act": RUBRICS["eu_ai_act"]}), ["readiness"])
        words = {k: v for k, v in GERMAN.items() if k.startswith("cite.")}
        request = {
            "fn": "eu_tier",
            "args": {"tier": "prohibited", "on": "2026-01-01", "words": words},
        }
        reply = json.loads(_browser.handle(json.dumps(request)))
        assert reply["ok"], reply
        assert reply["value"]["tier"]["cite_said"] == ["Art. 5"]
        literacy = reply["value"]["obligations"][0]
        assert literacy["source"]["cite_said"] == "Art. 113 Abs. 3 Buchst. a"


def test_a_translated_source_citation_says_what_the_rule_says():
    """A date's source is text (the amending act is prose): where its English is a citation the
    rule reads, the German translation writes it as the rule does, so that one page never
    cites Art. 113 in two ways."""
    german = load_rubrics(ROOT / "rubrics", docs_dir=ROOT / "docs", language="de").rubrics
    pairs = [
        (en["source"]["cite"], de["source"]["cite"])
        for en, de in zip(
            RUBRICS["eu_ai_act"]["application_dates"],
            german["eu_ai_act"]["application_dates"],
            strict=True,
        )
    ]
    read = [(en, de) for en, de in pairs if known_cite(en)]
    assert len(read) >= 5
    assert [(en, de) for en, de in read if de != cite_said(en, GERMAN)] == []
