"""The German texts cite the EU AI Act the German way ("Art. 10 Abs. 2", "Anhang III Nr. 1",
"Kapitel V", "Erwägungsgrund 27"), as calculators/_cites.py says a rubric's ``cite``: no
English-style citation ("Art. 10(2)", "Annex III", "Chapter V", "Recital 27") in their prose."""

from __future__ import annotations

import re

import pytest
import yaml

from tests.conftest import ROOT

GERMAN = sorted((ROOT / "rubrics" / "locales" / "de").glob("*.yaml"))
ENGLISH_CITE = re.compile(
    r"\bArts?\. \d+\((?:\d+|[a-z])\)|, \d+\(\d+\)|\b(?:Annex|Chapter|Recital|Section)\b"
)


def english_cites(node, path: str = "") -> list[str]:
    """Where a text of ``node`` cites in the English way, with what it says. A ``cite`` is an
    identifier, kept as the rubric writes it (the pages say it by rule): it is not read."""
    if isinstance(node, dict):
        return [
            hit
            for key, value in node.items()
            if key != "cite"
            for hit in english_cites(value, f"{path}.{key}")
        ]
    if isinstance(node, list):
        return [hit for i, value in enumerate(node) for hit in english_cites(value, f"{path}.{i}")]
    if isinstance(node, str):
        return [f"{path}: {m.group(0)!r}" for m in ENGLISH_CITE.finditer(node)]
    return []


def test_the_scan_finds_english_cites_but_not_german_ones_nor_a_cite():
    texts = {
        "a": [{"rationale": "Unterstützt die Aufsicht (Art. 14(1), 14(4)); siehe Annex III."}],
        "b": {"cite": "Art. 6(2)", "text": "Art. 6 Abs. 2, Anhang III Nr. 1, Kapitel V"},
        "c": "Chapter V und Recital 27 und Art. 5(1)(a)",
    }
    assert english_cites(texts) == [
        ".a.0.rationale: 'Art. 14(1)'",
        ".a.0.rationale: ', 14(4)'",
        ".a.0.rationale: 'Annex'",
        ".c: 'Chapter'",
        ".c: 'Recital'",
        ".c: 'Art. 5(1)'",
    ]


@pytest.mark.parametrize("path", GERMAN, ids=lambda p: p.name)
def test_no_german_text_cites_the_english_way(path):
    found = english_cites(yaml.safe_load(path.read_text(encoding="utf-8")))
    assert not found, f"{path.name}: " + "; ".join(found)


def test_the_german_overlays_are_read():
    assert len(GERMAN) > 10
