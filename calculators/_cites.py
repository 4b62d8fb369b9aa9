"""A citation of a regulation or a standard in the reader's language, by rule.

A rubric's ``cite`` is an identifier (``"x-text": false`` in its schema): "Art. 6(2)",
"Annex III, point 1", "Art. 113, third paragraph, point (c)", "Chapter V". A translation
cannot reword it, so a page in another language says it by rule: the citation is read into its
parts (the grammar of the ``cite`` pattern of rubrics/schema/eu_ai_act.schema.json, and an ISO
clause), and each part is said with the words of ``rubrics/strings.yaml`` (``cite.*``) in the
page's language: "Art. 6 Abs. 2", "Anhang III Nr. 1", "Art. 113 Abs. 3 Buchst. c",
"Kapitel V" in German. The English strings give the citation back exactly as written.

A citation the rule does not know (a NIST AI RMF name such as "GOVERN 1.1", an ISO/IEC 42001
control id such as "A.2.2", a free-text source) is a name: it stays as it is.

Used by hooks/pages.py (the ``cite`` filter of the templates) and by the engine's replies
(``calculators._references.tier_obligations``); standard library only.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ._errors import say

__all__ = ["cite_said", "known_cite"]

# The ordinal words of an unnumbered paragraph ("Art. 113, third paragraph"): the strings say
# how each reads inside cite.paragraph_nth (English: the word; German: the number).
ORDINALS = {
    "first": "cite.ordinal.first",
    "second": "cite.ordinal.second",
    "third": "cite.ordinal.third",
    "fourth": "cite.ordinal.fourth",
    "fifth": "cite.ordinal.fifth",
}

_NUMBER = r"[1-9][0-9]*"
_ROMAN = r"[IVX]+"
_ARTICLE = re.compile(
    rf"Art\. (?P<article>{_NUMBER})(?:\((?P<paragraph>{_NUMBER})\))?(?:\((?P<letter>[a-z])\))?"
    r"(?:, (?P<nth>first|second|third|fourth|fifth|last) (?P<kind>paragraph|subparagraph)"
    r"(?:, point \((?P<point>[a-z])\))?)?"
)
_ARTICLES = re.compile(rf"Arts\. (?P<first>{_NUMBER}) to (?P<last>{_NUMBER})")
_ANNEX = re.compile(
    rf"Annex (?P<annex>{_ROMAN})"
    rf"(?:, (?:Section (?P<section>[A-Z])|point (?P<point>{_NUMBER})(?:\((?P<letter>[a-z])\))?))?"
)
_CHAPTER = re.compile(rf"Chapter (?P<chapter>{_ROMAN})(?:, Section (?P<section>{_NUMBER}))?")
_RECITAL = re.compile(rf"Recital (?P<recital>{_NUMBER})")
_CLAUSE = re.compile(r"clause (?P<clause>[1-9][0-9]*(?:\.[1-9][0-9]*)*)")


def known_cite(cite: str) -> bool:
    """Whether the rule reads ``cite`` (else it is a name and stays as written).

    >>> known_cite("Annex III, point 1"), known_cite("GOVERN 1.1"), known_cite("Art. 6(2) ")
    (True, False, False)
    """
    return any(
        p.fullmatch(cite) for p in (_ARTICLE, _ARTICLES, _ANNEX, _CHAPTER, _RECITAL, _CLAUSE)
    )


def _article(m: re.Match, words: Mapping[str, str] | None) -> str:
    out = say(words, "cite.article", "Art. {number}", number=m["article"])
    if m["paragraph"]:
        out = say(words, "cite.paragraph", "{cite}({number})", cite=out, number=m["paragraph"])
    if m["letter"]:
        out = say(words, "cite.letter", "{cite}({letter})", cite=out, letter=m["letter"])
    if m["nth"] == "last" and m["kind"] == "paragraph":
        out = say(words, "cite.paragraph_last", "{cite}, last paragraph", cite=out)
    elif m["nth"] == "last":
        out = say(words, "cite.subparagraph_last", "{cite}, last subparagraph", cite=out)
    elif m["nth"]:
        nth = say(words, ORDINALS[m["nth"]], m["nth"])
        if m["kind"] == "paragraph":
            out = say(words, "cite.paragraph_nth", "{cite}, {nth} paragraph", cite=out, nth=nth)
        else:
            out = say(
                words, "cite.subparagraph_nth", "{cite}, {nth} subparagraph", cite=out, nth=nth
            )
    if m["point"]:
        out = say(
            words, "cite.point_letter", "{cite}, point ({letter})", cite=out, letter=m["point"]
        )
    return out


def cite_said(cite: str, words: Mapping[str, str] | None = None) -> str:
    """``cite`` in the language of ``words`` (the interface strings of the page or the build;
    none: English, as written).

    >>> german = {"cite.annex": "Anhang {number}", "cite.annex_point": "{cite} Nr. {number}",
    ...   "cite.article": "Art. {number}", "cite.paragraph": "{cite} Abs. {number}"}
    >>> cite_said("Annex III, point 1", german), cite_said("Art. 6(2)", german)
    ('Anhang III Nr. 1', 'Art. 6 Abs. 2')
    >>> cite_said("Art. 6(2)"), cite_said("GOVERN 1.1", german)
    ('Art. 6(2)', 'GOVERN 1.1')
    """
    if m := _ARTICLE.fullmatch(cite):
        return _article(m, words)
    if m := _ARTICLES.fullmatch(cite):
        return say(
            words, "cite.articles", "Arts. {first} to {last}", first=m["first"], last=m["last"]
        )
    if m := _ANNEX.fullmatch(cite):
        out = say(words, "cite.annex", "Annex {number}", number=m["annex"])
        if m["section"]:
            out = say(
                words, "cite.section", "{cite}, Section {number}", cite=out, number=m["section"]
            )
        if m["point"]:
            out = say(
                words, "cite.annex_point", "{cite}, point {number}", cite=out, number=m["point"]
            )
        if m["letter"]:
            out = say(words, "cite.letter", "{cite}({letter})", cite=out, letter=m["letter"])
        return out
    if m := _CHAPTER.fullmatch(cite):
        out = say(words, "cite.chapter", "Chapter {number}", number=m["chapter"])
        if m["section"]:
            out = say(
                words, "cite.section", "{cite}, Section {number}", cite=out, number=m["section"]
            )
        return out
    if m := _RECITAL.fullmatch(cite):
        return say(words, "cite.recital", "Recital {number}", number=m["recital"])
    if m := _CLAUSE.fullmatch(cite):
        return say(words, "cite.clause", "clause {number}", number=m["clause"])
    return cite
