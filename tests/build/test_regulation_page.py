"""The "Regulation and standards" page and the references beside each practice: generated from
the crosswalk, every item present with its practices or its reason, links that land, rubric
text escaped."""

from __future__ import annotations

import copy
import json
import re
import sys
from html import unescape
from pathlib import Path

from calculators._coverage import crosswalk_view
from calculators._rubric_files import load_rubrics
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "hooks"))
from _site import translator
from pages import _environment

RUBRICS = load_rubrics(ROOT / "rubrics", docs_dir=ROOT / "docs").rubrics


def page(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def anchors(html: str) -> set[str]:
    return set(re.findall(r'\sid="([^"]+)"', html))


def test_every_item_has_a_row_with_its_practices_or_its_reason(built_site):
    """72 NIST subcategories, 38 ISO controls and every EU obligation have a row; a covered row
    names its practices, an uncovered one says why."""
    html = page(built_site, "playbook/regulation/index.html")
    ids = anchors(html)
    for framework in crosswalk_view(RUBRICS):
        for item in framework["items"]:
            assert item["id"] in ids, item["id"]
            row = re.search(rf'<tr id="{item["id"]}">(.*?)</tr>', html, re.S).group(1)
            if item["practices"]:
                assert unescape(item["practices"][0]["rationale"]) in unescape(row)
            else:
                assert "Not covered by the playbook." in row
                assert unescape(item["not_covered"]) in unescape(row)
    assert "2026-08-02" in html  # the dates of application are listed
    assert "Proposed, not confirmed in the Official Journal" in html


def test_page_is_in_the_nav(built_site):
    """The page is reachable from the navigation of another page."""
    html = page(built_site, "playbook/governance/index.html")
    assert "Regulation and standards" in html
    assert "../regulation/" in html


def test_questions_dimensions_and_gates_link_to_existing_items(built_site):
    """Each reference shown beside a question, dimension or gate lands on a row of the page."""
    rows = anchors(page(built_site, "playbook/regulation/index.html"))
    form = page(built_site, "calculators/assessment/index.html")
    maturity = page(built_site, "playbook/maturity/index.html")
    form_links = re.findall(r'href="\.\./\.\./playbook/regulation/#([^"]+)"', form)
    page_links = re.findall(r'href="\.\./regulation/#([^"]+)"', maturity)
    assert form_links
    assert page_links
    assert set(form_links + page_links) <= rows
    gates = re.search(r'<tr id="gate-gate_model_registry">(.*?)</tr>', maturity, re.S).group(1)
    assert "#govern_1_6" in gates
    dimension = re.search(r'id="dimension-change_people"(.*?)</section>', maturity, re.S).group(1)
    assert "#art_4_ai_literacy" in dimension


def test_the_bundle_carries_the_crosswalk_and_the_page_link(built_site):
    """The worker gets what coverage needs, and where the items are."""
    bundle = json.loads(next(built_site.glob("assets/engine/rubrics-*.json")).read_text())
    for rid in ("crosswalk", "references", "nist_ai_rmf", "iso_42001", "eu_ai_act"):
        assert bundle[rid] == RUBRICS[rid]
    assert "playbook/regulation.md" in bundle["links"]


def test_rubric_text_is_escaped_on_the_page():
    """Markup in a rationale or a reason shows as text, never as markup."""
    rubrics = copy.deepcopy(RUBRICS)
    bad = "Owner <script>alert(1)</script> & co"
    rubrics["crosswalk"]["questions"][0]["references"][0]["rationale"] = bad
    rubrics["eu_ai_act"]["not_covered"][0]["reason"] = bad
    html = render_regulation(rubrics)
    assert "Owner &lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in html
    assert "<script>alert(1)" not in html


def render_regulation(rubrics) -> str:
    """The regulation template alone, with the English interface strings."""
    env = _environment()
    env.filters["page_link"] = lambda target: target
    return env.get_template("regulation.html").render(
        crosswalk=lambda: crosswalk_view(rubrics), t=translator(rubrics["strings"]["strings"])
    )


def test_a_framework_names_its_items_in_its_own_plural():
    """The count of items uses the framework's item_label_plural: the page once made plurals
    by adding "s" (or "ies"), which gave a fork's "criterion" the plural "criterions"."""
    rubrics = copy.deepcopy(RUBRICS)
    framework = rubrics["references"]["frameworks"][0]
    framework["item_label"], framework["item_label_plural"] = "criterion", "criteria"
    html = render_regulation(rubrics)
    assert re.search(r"support \d+ of its \d+ criteria;", html)
    assert "criterions" not in html
    del framework["item_label_plural"]
    assert re.search(r"support \d+ of its \d+ items;", render_regulation(rubrics))


def test_the_dates_table_links_to_the_panel_that_answers_for_a_picked_day(built_site):
    """The regulation page has no engine: it lists the dates and links to the readiness page's
    tier panel, which has a date field and asks the engine."""
    html = page(built_site, "playbook/regulation/index.html")
    assert "data-engine-pyodide" not in html
    link = re.search(r'<p id="eu-ai-act-on-a-day">.*?<a href="([^"]+)"', html, re.S).group(1)
    assert link == "../../calculators/readiness/#pb-eu-tier-title"
    form = page(built_site, "calculators/readiness/index.html")
    assert 'id="pb-eu-tier-title"' in form
    field = re.search(r'<label for="pb-eu-on"><strong>(.*?)</strong></label>', form).group(1)
    assert field == "What applies on"  # the label the engine's message names
    assert 'type="date" id="pb-eu-on"' in form
    assert 'data-error-for="on"' in form
