"""A German build: PLAYBOOK_LANGUAGE=de gives lang="de", Material's German words, and the
calculator pages' German labels from rubrics/locales/de/."""

from __future__ import annotations

import json
import re
from html import unescape as html_unescape

import pytest
import yaml

from tests.conftest import EARLY_BUILDS, ROOT, BuildInFolder, build_site, early_site

GERMAN = yaml.safe_load(
    (ROOT / "rubrics" / "locales" / "de" / "strings.yaml").read_text(encoding="utf-8")
)["strings"]


def build_german(dest, **env: str) -> None:
    """The site built in German into ``dest`` (``env``: more of the build's environment)."""
    done = build_site(dest, extra_env={"PLAYBOOK_LANGUAGE": "de", **env})
    assert done.returncode == 0, done.stderr[-4000:]


# No engine starts here: no snapshot to make. Built in the background from the end of
# collection on (EARLY_BUILDS, tests/conftest.py).
EARLY_BUILDS["german_site"] = lambda: BuildInFolder(
    extra_env={"PLAYBOOK_LANGUAGE": "de", "PLAYBOOK_SNAPSHOT": "0"}
)


@pytest.fixture(scope="module")
def german_site(request):
    with early_site(request.config, "german_site") as site:
        yield site


def roi(site) -> str:
    return (site / "calculators" / "roi" / "index.html").read_text(encoding="utf-8")


def readiness(site) -> str:
    return (site / "calculators" / "readiness" / "index.html").read_text(encoding="utf-8")


class TestGermanBuild:
    def test_pages_say_they_are_german(self, german_site):
        html = (german_site / "index.html").read_text(encoding="utf-8")
        assert re.search(r'<html lang="de"', html)
        assert re.search(r'<html lang="de"', readiness(german_site))

    def test_the_readiness_form_has_german_labels(self, german_site):
        html = readiness(german_site)
        for key in (
            "common.button.new_pilot",
            "readiness.label.pilot_name",
            "readiness.result.empty",
        ):
            assert f">{GERMAN[key]}<" in html.replace("&#34;", '"'), key
        assert ">New pilot<" not in html
        assert re.search(r">0 von \d+ Prüfungen beantwortet<", html)

    def test_the_page_carries_the_german_strings_for_its_scripts(self, german_site):
        match = re.search(
            r'<script type="application/json" id="pb-strings">(.*?)</script>',
            readiness(german_site),
        )
        assert match
        strings = json.loads(match.group(1))
        assert strings["common.button.undo"] == "Rückgängig"
        page_words = {k: v for k, v in GERMAN.items() if not k.startswith("cli.")}
        assert strings == {**strings, **page_words}
        assert not [k for k in strings if k.startswith("cli.")]  # the command line's own

    def test_prose_left_in_english_is_marked_as_such(self, german_site):
        """The playbook's prose is not translated: each page says so, in German, under its title."""
        note = GERMAN["common.notice.prose_in_english"]
        for page in (
            "playbook/pilot-purgatory/index.html",
            "playbook/governance/index.html",
            "calculators/readiness/index.html",
        ):
            html = (german_site / page).read_text(encoding="utf-8")
            assert html.count(f'role="note">{note}</p>') == 1, page
            assert html.index("<h1") < html.index(note), page

    def test_a_translated_page_replaces_the_english_one_without_the_notice(self, german_site):
        """rubrics/locales/de/pages/index.md is the German home page (a one-language build too)."""
        html = (german_site / "index.html").read_text(encoding="utf-8")
        assert "So nutzen Sie diese Website" in html
        assert "How to use this site" not in html
        assert "pb-prose-language" not in html

    @pytest.mark.parametrize(
        ("page", "keys", "english"),
        [
            (
                "calculators/use-cases/index.html",
                ("use_cases.button.add_files", "use_cases.table.title", "use_cases.result.empty"),
                ">Add ROI exports<",
            ),
            (
                "calculators/roi/index.html",
                ("roi_form.group.general", "roi_form.headline.title", "roi_form.ab.apply"),
                ">Headline figures<",
            ),
            (
                "playbook/regulation/index.html",
                ("regulation.table.col_practices", "regulation.dates.in_force"),
                ">What the playbook does<",
            ),
        ],
    )
    def test_a_converted_page_says_its_own_words_in_german(self, german_site, page, keys, english):
        """The use-case, ROI and regulation templates once held their words in English."""
        html = (german_site / page).read_text(encoding="utf-8").replace("&#34;", '"')
        for key in keys:
            assert f">{GERMAN[key]}<" in html, key
        assert english not in html

    def test_the_roi_form_labels_its_fields_from_the_german_vocabulary(self, german_site):
        """The ROI form's labels, units and help came from the engine's English vocabulary."""
        html = roi(german_site)
        assert re.search(r'<label for="roi-discount_rate">Diskontsatz <span', html)
        assert GERMAN["roi_field.help.discount_rate"] in html
        assert ">Berechtigte Nutzende <span" in html
        assert ">Eligible users <" not in html
        assert "(Jahre)" in html  # the horizon's unit words
        assert '<option value="one_time"' in html
        assert ">Einmalig</option>" in html
        assert "Umsatz: Volumen × Steigerung der Konversion × Auftragswert × Marge." in html
        assert "Discount rate" not in html
        assert "Yearly rate that future" not in html
        # The ranges' legends name their drivers in the same words, a line's as "{line}: {field}".
        assert '<span data-role="line-label">Adoptionsziel' in html
        assert ">Upselling-Angebote in Servicekontakten: Steigerung der Konversion" in html
        assert "Target adoption" not in html

    def test_the_roi_page_gives_its_script_the_german_vocabulary(self, german_site):
        """roi-lines.js names drivers and ranges from data-vocabulary: it must be German too."""
        match = re.search(r"data-vocabulary='([^']*)'", roi(german_site))
        assert match
        vocabulary = json.loads(html_unescape(match.group(1)))
        assert vocabulary["fields"]["discount_rate"]["label"] == "Diskontsatz"
        assert vocabulary["fields"]["discount_rate"]["label_id"] == "roi_field.label.discount_rate"
        assert vocabulary["benefit_categories"]["revenue"]["label"] == "Umsatz"
        assert vocabulary["cost_categories"]["build"] == "Aufbau"
        # roi-case.js writes numbers with its separator, roi-lines.js scales ranges by its own.
        assert vocabulary["decimal"] == ","
        assert vocabulary["group"] == "."
        assert vocabulary["fields"]["margin"]["scale"] == 100
        assert vocabulary["relative_range"] == {"scale": 100, "suffix": "%"}
        # A closed line's figure is grouped to be read; its input is not, to be edited.
        build = re.search(r'id="roi-costs-build".*?</fieldset>', roi(german_site), re.S).group(0)
        assert re.search(r'data-figure="amount"[^>]*>250\.000<', build)

    def test_the_regulation_page_counts_items_in_the_frameworks_german_plural(self, german_site):
        html = (german_site / "playbook" / "regulation" / "index.html").read_text(encoding="utf-8")
        assert re.search(r"stützen \d+ seiner \d+ Unterkategorien;", html)
        assert "subcategories" not in html

    def test_the_english_build_is_unchanged_by_a_translation(self, built_site):
        html = readiness(built_site)
        assert re.search(r'<html lang="en"', html)
        assert ">New pilot<" in html
        assert "pb-prose-language" not in html

    def test_the_english_roi_form_keeps_its_english_labels(self, built_site):
        html = roi(built_site)
        assert re.search(r'<label for="roi-discount_rate">Discount rate <span', html)
        assert "Revenue: volume × conversion uplift × deal size × margin." in html
        assert "Diskontsatz" not in html
        build = re.search(r'id="roi-costs-build".*?</fieldset>', html, re.S).group(0)
        assert re.search(r'data-figure="amount"[^>]*>250,000<', build)
        assert re.search(r'data-figure="amount"[^>]*>250000<', build) is None


class TestGermanCitationsAndDiagrams:
    """Citations of the regulation said by rule (calculators/_cites.py) and the diagrams' own
    words from the German strings."""

    def test_the_readiness_tiers_cite_the_regulation_in_german(self, german_site):
        html = readiness(german_site)
        assert "(Art. 6 Abs. 2, Art. 6 Abs. 3, Anhang III)" in html
        assert "Annex III" not in html
        assert "Art. 6(2)" not in html

    def test_the_dates_of_application_cite_art_113_in_german(self, german_site):
        html = (german_site / "playbook" / "regulation" / "index.html").read_text(encoding="utf-8")
        assert ">Art. 113 Abs. 3 Buchst. a</a>" in html
        assert "third paragraph" not in html
        # The link targets stay those of the rubric.
        assert 'href="https://eur-lex.europa.eu/eli/reg/2024/1689/oj">Art. 113 Abs. 1</a>' in html

    def test_the_sprint_drawing_has_no_english_words(self, german_site):
        html = (german_site / "playbook" / "sprint" / "index.html").read_text(encoding="utf-8")
        figure = re.search(
            r'<figure class="pb-diagram" id="diagram-sprint".*?</figure>', html, re.S
        )
        assert figure
        words = " ".join(
            re.findall(r"<(?:tspan|title|desc|figcaption)[^>]*>(.*?)<", figure.group(0))
        )
        assert "Woche" in words
        english = re.findall(
            r"\b(Week|week|weeks|Exit|Activity|(?<!Product )Owner|owner|timeline|The table)\b",
            words,
        )
        assert english == []


# English interface words that a German page's template-made parts must not hold (whole words,
# case as written). The prose stays English by design (each page says so): only what the
# templates render (between <!-- pb-made:NAME --> and <!-- /pb-made -->) is read, outside
# <code>, <pre>, <cite> (a source's own title) and the scripts' data.
ENGLISH_WORDS = (
    "Level", "Activity", "Activities", "Owner", "Owns", "Own", "Week", "Weeks", "from", "Download",
    "Target", "Evidence", "Note", "characters", "Date", "Goal", "Deliverable", "When", "Raises", "Exit criteria", "Read more",
    "Category", "Family", "Audience", "Examples", "Class", "Review", "Label", "Ownership",
    "Outcome", "Guards", "Principles", "Symptoms", "Remedies", "Step", "Output", "Pitfall",
    "Accountable", "Sits in", "Mainly moves", "How to fix it", "table", "the", "and", "of",
    "with", "at each level", "above",
)  # fmt: skip
# English names that German business prose uses as they are.
LOAN_WORDS = re.compile(
    r"Product Owner|Center of Excellence|Communit(?:y|ies) of Practice|Proofs? of Concept"
    r"|Management Review"
)
MADE = re.compile(r"<!-- pb-made:([a-z0-9-]+) -->(.*?)<!-- /pb-made -->", re.S)
HIDDEN = re.compile(
    r"<(code|pre|cite|script|style)\b[^>]*>.*?</\1>|<!--.*?-->", re.S | re.IGNORECASE
)
READ_ATTRIBUTES = re.compile(r'\b(?:aria-label|title|alt|placeholder)="([^"]*)"')


def english_words_in(html: str) -> list[tuple[str, str]]:
    """(template, word) for each English interface word in a page's template-made parts."""
    found = []
    for name, part in MADE.findall(html):
        part = HIDDEN.sub(" ", part)
        text = " ".join([*READ_ATTRIBUTES.findall(part), re.sub(r"<[^>]+>", " ", part)])
        text = LOAN_WORDS.sub(" ", re.sub(r"\s+", " ", html_unescape(text)))
        for word in ENGLISH_WORDS:
            if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text):
                found.append((name, word))
    return found


class TestNoEnglishInterfaceWords:
    def test_the_scan_finds_an_english_word(self):
        html = (
            '<!-- pb-made:sprint --><table><th scope="col" title="from L2">Owner</th>'
            "<code>Level</code></table><!-- /pb-made --><p>Level</p>"
        )
        assert english_words_in(html) == [("sprint", "Owner"), ("sprint", "from")]

    def test_no_template_made_part_of_a_german_page_says_an_english_word(self, german_site):
        pages = sorted(german_site.rglob("*.html"))
        made = 0
        found = []
        for page in pages:
            html = page.read_text(encoding="utf-8")
            made += len(MADE.findall(html))
            found += [
                f"{page.relative_to(german_site)} ({name}): {word}"
                for name, word in english_words_in(html)
            ]
        assert made > 20, "the pages' template-made parts are no longer marked"
        assert not found, "English words on German pages:\n" + "\n".join(found)


class TestTheThemesOwnWords:
    def test_upstreams_footer_line_is_the_string_a_translation_rewords(self):
        """hooks/pages.py knows upstream's line by this string: a fork's own line stays as set."""
        english = yaml.safe_load((ROOT / "rubrics" / "strings.yaml").read_text(encoding="utf-8"))
        line = re.search(
            r"^copyright: (.*)$", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M
        )
        assert line
        assert english["strings"]["site.copyright"] == line.group(1)

    def test_the_footer_and_the_loading_bar_speak_german(self, german_site):
        html = (german_site / "playbook" / "sprint" / "index.html").read_text(encoding="utf-8")
        assert GERMAN["site.copyright"] in html
        assert "never leave it" not in html
        assert f'role="progressbar" aria-label="{GERMAN["common.page_loading"]}"' in html

    def test_the_english_footer_and_loading_bar_are_unchanged(self, built_site):
        html = (built_site / "index.html").read_text(encoding="utf-8")
        assert "answers never leave it." in html
        assert 'role="progressbar" aria-label="Loading the page"' in html
