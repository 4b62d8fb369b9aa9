"""The playbook is written in its own words: no built page shares a run of eight or more words
with the article it grows from, outside an attributed quotation.

The article itself is not in the repository. ``article_8grams.txt`` beside this file holds a
short hash of every run of eight consecutive words in it (normalized: lowercase, words only), so
the check needs no copy of the text. To rebuild that file from a copy of the article:

    .venv/bin/python -m tests.build.test_own_words path/to/article.txt

What counts as a page's text is what a reader sees: the text of every built ``.html`` page
(rubric text rendered into pages included), without scripts, styles, ``<q>`` or
``<blockquote>`` elements. A run never crosses a block (a paragraph, list item, table cell,
heading...), and text in quotation marks is left out only when its block also links to the
Sources page: a quotation counts as one when the reader can see whose words they are.
"""

from __future__ import annotations

import hashlib
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

RUN = 8
FINGERPRINTS = Path(__file__).with_name("article_8grams.txt")

# Elements whose text a reader does not see as prose, or sees as someone else's words.
SKIP = {"script", "style", "template", "noscript", "svg", "q", "blockquote"}
# Elements that end one run of words and start another.
BLOCKS = {
    "address", "article", "aside", "body", "br", "caption", "dd", "details", "dialog", "div",
    "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
    "h5", "h6", "header", "hr", "label", "legend", "li", "main", "nav", "ol", "option", "p",
    "pre", "section", "select", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr",
    "ul", "button", "input", "textarea", "output", "html", "head", "title",
}  # fmt: skip
VOID = {"br", "hr", "input", "img", "meta", "link", "source", "wbr", "area", "base", "col"}
QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")
WORD = re.compile(r"[a-z0-9]+")


def words(text: str) -> list[str]:
    """Lowercase words only: apostrophes join ("Astrafy's" is one word), other marks split."""
    return WORD.findall(re.sub(r"['’]", "", text.lower()))


def fingerprint(run: list[str]) -> str:
    return hashlib.blake2b(" ".join(run).encode(), digest_size=8).hexdigest()


def runs_of(text: str) -> set[str]:
    """The fingerprints of every run of RUN consecutive words in a text."""
    found = set()
    for line in text.splitlines():
        ws = words(line)
        found.update(fingerprint(ws[i : i + RUN]) for i in range(len(ws) - RUN + 1))
    return found


class _Blocks(HTMLParser):
    """A page's visible text, one string per block, with whether the block cites the Sources
    page (a link to it)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, bool]] = []
        self._text: list[str] = []
        self._cites = False
        self._skipping: list[str] = []

    def _end_block(self):
        text = " ".join("".join(self._text).split())
        if text:
            self.blocks.append((text, self._cites))
        self._text, self._cites = [], False

    def handle_starttag(self, tag, attrs):
        if self._skipping:
            if tag == self._skipping[-1] and tag not in VOID:
                self._skipping.append(tag)
            return
        if tag in SKIP:
            self._skipping.append(tag)
            return
        if tag in BLOCKS:
            self._end_block()
        href = dict(attrs).get("href") or ""
        if tag == "a" and re.search(r"(^|/)sources(/|\.md|/index\.html)?(#|$)", href):
            self._cites = True

    def handle_endtag(self, tag):
        if self._skipping:
            if tag == self._skipping[-1]:
                self._skipping.pop()
            return
        if tag in BLOCKS:
            self._end_block()

    def handle_data(self, data):
        if not self._skipping:
            self._text.append(data)

    def close(self):
        super().close()
        self._end_block()


def visible_blocks(html: str) -> list[str]:
    """The text a reader sees, one string per block; attributed quotations left out."""
    parser = _Blocks()
    parser.feed(html)
    parser.close()
    return [QUOTED.sub("\x00", text) if cites else text for text, cites in parser.blocks]


def shared_runs(blocks: list[str], article: set[str]) -> list[str]:
    """Every longest stretch of a page's text made of runs the article also has."""
    shared = []
    for block in blocks:
        for part in block.split("\x00"):
            ws = words(part)
            hits = [fingerprint(ws[i : i + RUN]) in article for i in range(len(ws) - RUN + 1)]
            i = 0
            while i < len(hits):
                if not hits[i]:
                    i += 1
                    continue
                j = i
                while j + 1 < len(hits) and hits[j + 1]:
                    j += 1
                shared.append(" ".join(ws[i : j + RUN]))
                i = j + 1
    return shared


def article_runs() -> set[str]:
    return set(FINGERPRINTS.read_text(encoding="utf-8").split())


class TestTheCheckItself:
    """The check finds copied runs and leaves attributed quotations alone."""

    ARTICLE = runs_of("The models are capable and the organizations are not operationally ready.")

    def test_a_copied_sentence_is_found_across_inline_markup(self):
        html = "<p>Here <em>the models are capable</em> and the organizations are not ready.</p>"
        assert shared_runs(visible_blocks(html), self.ARTICLE) == [
            "the models are capable and the organizations are not"
        ]

    def test_a_run_never_crosses_a_block(self):
        html = "<td>the models are capable</td><td>and the organizations are not</td>"
        assert shared_runs(visible_blocks(html), self.ARTICLE) == []

    def test_a_quotation_counts_only_when_attributed(self):
        quoted = "<p>It says “the models are capable and the organizations are not”.</p>"
        assert shared_runs(visible_blocks(quoted), self.ARTICLE)
        cited = quoted.replace("says", 'says (<a href="../sources/#article">source</a>)')
        assert shared_runs(visible_blocks(cited), self.ARTICLE) == []
        block = "<blockquote>the models are capable and the organizations are not</blockquote>"
        assert shared_runs(visible_blocks(block), self.ARTICLE) == []

    def test_scripts_and_styles_are_not_text(self):
        html = "<script>the models are capable and the organizations are not</script><p>x</p>"
        assert shared_runs(visible_blocks(html), self.ARTICLE) == []


def test_no_page_shares_eight_words_in_a_row_with_the_article(built_site):
    """Outside an attributed quotation, no built page repeats eight consecutive words of the
    article (rubric text rendered into the pages included)."""
    article = article_runs()
    assert len(article) > 1000, "article_8grams.txt looks empty"
    found = []
    for path in sorted(built_site.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        for run in shared_runs(visible_blocks(html), article):
            found.append(f"{path.relative_to(built_site).as_posix()}: {run!r}")
    assert not found, f"{len(found)} runs shared with the article:\n" + "\n".join(found)


def _strings(value, where: str):
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{where}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, f"{where}[{i}]")
    elif isinstance(value, str):
        yield where, value


def test_no_rubric_text_shares_eight_words_in_a_row_with_the_article():
    """Rubric text that reaches the reader only in the browser (next actions, plans, verdicts)
    follows the same rule: no string in rubrics/*.yaml repeats eight words of the article."""
    import yaml

    from tests.conftest import ROOT

    article = article_runs()
    found = []
    for path in sorted((ROOT / "rubrics").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for where, text in _strings(data, path.stem):
            found.extend(f"rubrics/{where}: {run!r}" for run in shared_runs([text], article))
    assert not found, f"{len(found)} runs shared with the article:\n" + "\n".join(found)


if __name__ == "__main__":
    source = Path(sys.argv[1]).read_text(encoding="utf-8")
    FINGERPRINTS.write_text("\n".join(sorted(runs_of(source))) + "\n", encoding="utf-8")
    print(f"{FINGERPRINTS}: {len(runs_of(source))} runs")
