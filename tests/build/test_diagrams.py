"""The rubric diagrams (hooks/_diagrams.py, overrides/hooks/diagram-*.html): drawn from the
rubric data, accessible, escaped, and on their pages in the built site."""

from __future__ import annotations

import re
import sys
from html.parser import HTMLParser

import pytest

from calculators._rubric_files import load_rubrics
from tests.build.conftest import HOSTILE, OVERLAYS
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "hooks"))
import _diagrams
from _site import translator
from pages import _environment

RUBRICS = load_rubrics(ROOT / "rubrics", docs_dir=ROOT / "docs").rubrics
DIAGRAMS = {
    "staircase": "playbook/maturity/index.html",
    "sprint": "playbook/sprint/index.html",
    "governance": "playbook/governance/index.html",
    "mlops": "playbook/mlops/index.html",
    "root-causes": "playbook/root-causes/index.html",
    "operating-model": "playbook/operating-model/index.html",
}


def render(name: str, rubrics, strings: dict | None = None) -> str:
    """The diagram's template as the build renders it, with ``strings`` (default: the rubrics'
    own interface strings) for the words the drawing adds."""
    strings = rubrics["strings"]["strings"] if strings is None else strings
    return (
        _environment()
        .get_template(f"diagram-{name}.html")
        .render(
            rubrics=rubrics,
            strings=strings,
            diagrams=_diagrams,
            t=translator(strings, AssertionError),
        )
    )


def svg_text(html: str) -> str:
    """Every text a reader sees in the drawings (the <text> elements), joined."""
    return " ".join(re.findall(r"<tspan[^>]*>(.*?)</tspan>", html, re.S))


class _Svgs(HTMLParser):
    """The <svg> elements of a page: their attributes, and the ids of their title and desc."""

    def __init__(self):
        super().__init__()
        self.svgs: list[dict] = []
        self._in: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "svg" and "pb-diagram__svg" in (attrs.get("class") or ""):
            self.svgs.append({"attrs": attrs, "title": None, "desc": None})
        elif tag in ("title", "desc") and self.svgs:
            self.svgs[-1][tag] = attrs.get("id")
            self._in = tag

    def handle_data(self, data):
        if self._in and data.strip():
            self.svgs[-1][f"{self._in}_text"] = data.strip()
            self._in = None


def svgs(html: str) -> list[dict]:
    parser = _Svgs()
    parser.feed(html)
    return parser.svgs


@pytest.fixture
def forked():
    """The rubrics with an activity renamed and a governance layer retitled (as an overlay would)."""
    import copy

    rubrics = copy.deepcopy(dict(RUBRICS))
    rubrics["sprint"]["phases"][1]["activities"][0]["title"] = "Install ModelHub"
    rubrics["governance"]["layers"][2]["title"] = "Guardrail tooling"
    rubrics["mlops"]["components"][0]["title"] = "Model catalogue"
    rubrics["root_causes"]["causes"][0]["title"] = "Nobody owns it"
    rubrics["operating_model"]["pattern"]["hub"]["title"] = "AI platform office"
    rubrics["maturity"]["levels"][2]["label"] = "Scattered products"
    return rubrics


class TestDrawnFromTheRubric:
    """Each diagram shows the rubric's own words, so a fork's edits show up in its pictures."""

    def test_staircase_has_every_level_and_its_descriptors(self):
        """One step per level (the rubric's count), with label and the four descriptors."""
        text = svg_text(render("staircase", RUBRICS))
        levels = RUBRICS["maturity"]["levels"]
        assert render("staircase", RUBRICS).count('class="dg-step ') == 2 * len(levels)
        for lv in levels:
            assert f"L{lv['level']}" in text
            for word in lv["outcome"].split()[:2]:
                assert word.replace("&", "&amp;") in text

    def test_staircase_marks_the_gated_step(self):
        """The step the gates guard carries the gate mark, and the gates are listed."""
        html = render("staircase", RUBRICS)
        gates = RUBRICS["maturity"]["gates"]
        assert html.count('class="dg-gate"') == 2  # the wide and the narrow drawing
        assert f"Guarded by {len(gates)} gates" in svg_text(html)
        assert "model registry." in svg_text(html)

    def test_sprint_timeline_has_every_activity_owner_and_exit(self):
        """Each activity is a bar with its title and owner; each phase ends with its exit."""
        html = render("sprint", RUBRICS)
        text = re.sub(r"\s+", " ", svg_text(html).replace("</tspan>", ""))
        activities = [a for ph in RUBRICS["sprint"]["phases"] for a in ph["activities"]]
        assert html.count('class="dg-bar ') == 2 * len(activities)
        for a in activities:
            assert a["title"].split()[0] in text
        assert "Tech lead (MLOps and engineering)" in text
        assert html.count("<polygon") == 2 * len(RUBRICS["sprint"]["phases"])
        assert "Exit, end of week 12" in text

    def test_mlops_line_keeps_the_rubric_order(self):
        """The components appear numbered in the rubric's order."""
        text = svg_text(render("mlops", RUBRICS))
        places = [
            text.index(f"{i}. {c['title'].split()[0]}")
            for i, c in enumerate(RUBRICS["mlops"]["components"], 1)
        ]
        assert places == sorted(places)

    def test_root_causes_link_to_their_dimension(self):
        """One link per cause in each drawing, and each cause's dimension is drawn."""
        html = render("root-causes", RUBRICS)
        causes = RUBRICS["root_causes"]["causes"]
        assert html.count('class="dg-link"') == 2 * len(causes)
        pair = _diagrams.root_causes(RUBRICS)
        assert "Missing MLOps pipeline belongs to MLOps." in pair["wide"]["desc"]

    def test_operating_model_places_the_five_roles(self):
        """Every role is drawn, in the studio, the product teams or the business."""
        text = svg_text(render("operating-model", RUBRICS))
        for role in RUBRICS["operating_model"]["roles"]:
            assert role["title"].split()[0] in text

    @pytest.mark.parametrize(
        ("name", "changed"),
        [
            ("sprint", "Install ModelHub"),
            ("governance", "Guardrail tooling"),
            ("mlops", "Model catalogue"),
            ("root-causes", "Nobody owns it"),
            ("operating-model", "AI platform office"),
            ("staircase", "Scattered products"),
        ],
    )
    def test_a_changed_rubric_changes_the_drawing(self, forked, name, changed):
        """Renaming an entry in the rubric renames it in the drawing."""
        assert changed not in render(name, RUBRICS)
        assert changed in svg_text(render(name, forked))


class TestAccessible:
    """Every drawing is an image with a title and a description."""

    @pytest.mark.parametrize("name", DIAGRAMS)
    def test_title_and_desc_label_the_svg(self, name):
        """role=img, aria-labelledby naming its own title and desc, both with text."""
        found = svgs(render(name, RUBRICS))
        assert len(found) == 2
        for svg in found:
            assert svg["attrs"]["role"] == "img"
            assert svg["attrs"]["aria-labelledby"] == f"{svg['title']} {svg['desc']}"
            assert svg.get("title_text")
            assert svg.get("desc_text")
            assert re.fullmatch(r"0 0 [\d.]+ [\d.]+", svg["attrs"]["viewbox"])
            assert svg["attrs"]["width"] == "100%"

    @pytest.mark.parametrize("name", DIAGRAMS)
    def test_no_inline_style_or_script(self, name):
        """Colours come from classes in the stylesheet: no style attribute, no script."""
        html = render(name, RUBRICS)
        assert " style=" not in html
        assert "<script" not in html
        assert " fill=" not in html

    def test_narrow_drawings_fit_a_phone_without_shrinking(self):
        """The phone drawings are laid out at the phone's width, so their text keeps its size."""
        for fn in (
            _diagrams.staircase,
            _diagrams.sprint,
            _diagrams.governance,
            _diagrams.mlops,
            _diagrams.root_causes,
            _diagrams.operating_model,
        ):
            pair = fn(RUBRICS)
            assert pair["narrow"]["width"] <= 360
            for shape in pair["narrow"]["shapes"]:
                if shape["kind"] == "text":
                    assert shape["size"] >= 11
                    assert shape["x"] <= pair["narrow"]["width"]


class TestEscaped:
    """Rubric text is data in a drawing too."""

    @pytest.mark.parametrize("name", DIAGRAMS)
    def test_markup_in_rubric_text_is_escaped(self, name):
        """A label holding <script> and & shows as text in the drawing, title and desc."""
        import copy

        rubrics = copy.deepcopy(dict(RUBRICS))
        rubrics["sprint"]["phases"][0]["activities"][0]["title"] = HOSTILE
        rubrics["governance"]["layers"][0]["title"] = HOSTILE
        rubrics["mlops"]["components"][0]["title"] = HOSTILE
        rubrics["root_causes"]["causes"][0]["title"] = HOSTILE
        rubrics["operating_model"]["pattern"]["hub"]["title"] = HOSTILE
        rubrics["operating_model"]["pattern"]["title"] = HOSTILE
        rubrics["maturity"]["levels"][0]["label"] = HOSTILE
        html = render(name, rubrics)
        assert "<script>" not in html
        assert "&lt;script&gt;" in html
        assert "& " not in html.replace("&amp; ", "")


def test_every_diagram_is_on_its_page_and_a_build_overlay_changes_it(forked_site):
    """In the built site each page holds its diagram next to its table; a local overlay that
    renames a sprint activity and a governance layer (with markup in it) changes the drawings,
    escaped."""
    assert "Install ModelHub & friends" in OVERLAYS["sprint.yaml"]
    assert HOSTILE in OVERLAYS["governance.yaml"]
    for name, path in DIAGRAMS.items():
        html = (forked_site.site / path).read_text(encoding="utf-8")
        assert f'id="diagram-{name}"' in html, path
        assert len(svgs(html)) == 2, path
    sprint_page = (forked_site.site / DIAGRAMS["sprint"]).read_text(encoding="utf-8")
    assert "Install ModelHub &amp; friends" in svg_text(sprint_page)
    governance_page = (forked_site.site / DIAGRAMS["governance"]).read_text(encoding="utf-8")
    assert "Layer &lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in svg_text(governance_page)
    assert "<script>alert(1)" not in governance_page


GERMAN_RUBRICS = load_rubrics(ROOT / "rubrics", docs_dir=ROOT / "docs", language="de").rubrics
# English a drawing adds to the rubric's text (axis labels, owners, exits, titles, captions):
# none of it may show in a German build's drawings, their titles, descriptions and captions
# (a role's own name, "AI Product Owner", is the German rubric's word and stays).
ENGLISH_IN_DRAWINGS = re.compile(
    r"\b(Week|week|weeks|(?<!Product )Owner|owner|Activity|Exit|Guarded|Gates to reach|Ownership|Outcome|"
    r"Root cause|Maturity dimension|Roles here|Line of business|belongs to|sits in|owns|"
    r"layers|components in order|staircase|timeline|The table or cards|every one must pass|"
    r"platform, standards|results, needs|Reaching it takes|The operating model|The governance)\b"
)


def drawn_words(html: str) -> str:
    """What a reader or a screen reader gets of a figure: its texts, title, desc and caption."""
    parts = re.findall(r"<(tspan|title|desc|figcaption)[^>]*>(.*?)</\1>", html, re.S)
    return " ".join(text for _, text in parts)


class TestGerman:
    """A German build draws its diagrams with the German strings (rubrics/locales/de/)."""

    @pytest.mark.parametrize("name", DIAGRAMS)
    def test_no_english_word_in_a_german_drawing(self, name):
        words = drawn_words(render(name, GERMAN_RUBRICS))
        assert words
        assert ENGLISH_IN_DRAWINGS.findall(words) == []

    @pytest.mark.parametrize("name", DIAGRAMS)
    def test_the_english_drawing_has_the_words_the_list_looks_for(self, name):
        """The list above catches what an English drawing says (it is not an empty check)."""
        assert ENGLISH_IN_DRAWINGS.search(drawn_words(render(name, RUBRICS)))

    def test_the_sprint_says_week_and_exit_in_german(self):
        words = re.sub(r"\s+", " ", drawn_words(render("sprint", GERMAN_RUBRICS)))
        assert "Woche" in words
        assert "Abschluss, Ende Woche 12" in words

    def test_the_staircase_says_its_gates_in_german(self):
        gates = RUBRICS["maturity"]["gates"]
        words = drawn_words(render("staircase", GERMAN_RUBRICS))
        assert f"Gesichert durch {len(gates)} Gates" in words
        assert "Verantwortung:" in words
