"""Several languages in one site (PLAYBOOK_LANGUAGES=en,de): English in the site's root, German
in de/, each page with a language selector to the same page in the other language; the German
home page is translated (rubrics/locales/de/pages/index.md), the other German pages are the
English ones with the notice; one _headers file and one service worker, at the root, for both."""

from __future__ import annotations

import gzip
import re
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest

from tests.build.test_csp import _Head
from tests.build.test_language import GERMAN
from tests.build.test_links import check_site
from tests.conftest import ROOT, build_site

sys.path.insert(0, str(ROOT / "hooks"))
import _csp
import _site
import languages

NOTICE = f'role="note">{GERMAN["common.notice.prose_in_english"]}</p>'
SELECTOR_LINK = re.compile(r'<a href="([^"]*)" hreflang="([a-z]+)" lang="\2" target="_self"')


def page(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def selector(html: str) -> dict[str, str]:
    """The language selector's links by language."""
    return {lang: href for href, lang in SELECTOR_LINK.findall(html)}


@pytest.mark.parametrize(
    ("path", "english", "german"),
    [
        ("index.html", "./", "de/"),
        ("calculators/roi/index.html", "./", "../../de/calculators/roi/"),
        ("de/index.html", "../", "./"),
        ("de/calculators/roi/index.html", "../../../calculators/roi/", "./"),
        ("de/playbook/governance/index.html", "../../../playbook/governance/", "./"),
    ],
)
def test_the_selector_leads_to_the_same_page_in_the_other_language(
    two_language_site, path, english, german
):
    html = page(two_language_site, path)
    assert selector(html) == {"en": english, "de": german}
    assert re.search(r'hreflang="en"[^>]*>\s*English\s*</a>', html)
    assert re.search(r'hreflang="de"[^>]*>\s*Deutsch\s*</a>', html)
    # Both targets exist, and are that page's two languages.
    here = (two_language_site / path).parent
    assert (here / english / "index.html").resolve() == (
        two_language_site / path.removeprefix("de/")
    ).resolve()
    assert (here / german / "index.html").resolve() == (
        two_language_site / "de" / path.removeprefix("de/")
    ).resolve()


def test_each_language_says_its_language_and_marks_its_own_link(two_language_site):
    for path, lang in (
        ("calculators/roi/index.html", "en"),
        ("de/calculators/roi/index.html", "de"),
    ):
        html = page(two_language_site, path)
        assert re.search(rf'<html lang="{lang}"', html), path
        current = re.findall(r'hreflang="([a-z]+)"[^>]*aria-current="true"', html)
        assert current == [lang], path
    assert "Neuer Pilot" in page(two_language_site, "de/calculators/readiness/index.html")
    assert ">New pilot<" in page(two_language_site, "calculators/readiness/index.html")


def test_the_translated_page_replaces_the_english_one_and_says_nothing_about_prose(
    two_language_site,
):
    german = page(two_language_site, "de/index.html")
    assert "So nutzen Sie diese Website" in german
    assert "How to use this site" not in german
    assert "pb-prose-language" not in german
    # Its links and anchors still work (the links test below checks every one).
    assert 'id="privacy"' in german
    english = page(two_language_site, "index.html")
    assert "How to use this site" in english
    assert "pb-prose-language" not in english


def test_an_untranslated_german_page_is_the_english_one_with_the_notice(two_language_site):
    html = page(two_language_site, "de/playbook/governance/index.html")
    assert html.count(NOTICE) == 1
    assert html.index("<h1") < html.index(NOTICE)
    assert NOTICE not in page(two_language_site, "playbook/governance/index.html")


def test_one_headers_file_at_the_root_covers_every_language(two_language_site):
    assert not (two_language_site / "de" / "_headers").exists()
    assert not (two_language_site / "de" / "sw.js").exists()
    rules = _csp.read_headers(page(two_language_site, "_headers"))
    policy = dict(_csp.headers_for(rules, "/de/calculators/roi/"))["Content-Security-Policy"]
    for path in ("index.html", "de/index.html", "de/calculators/roi/index.html", "de/404.html"):
        head = _Head()
        head.feed(page(two_language_site, path))
        assert head.policies == [policy], path
        allowed = set(re.findall(r"'sha256-[^']+'", policy))
        assert {_csp.script_hash(body) for body in head.scripts} <= allowed, path
    # The German engine's versioned files are kept for good, as the root's are.
    bundle = next((two_language_site / "de").glob("assets/engine/rubrics-*.json"))
    cached = dict(_csp.headers_for(rules, "/" + bundle.relative_to(two_language_site).as_posix()))
    assert cached.get("Cache-Control") == _csp.CACHE_FOREVER


def test_german_pages_share_the_roots_runtime_and_have_their_own_rubrics(two_language_site):
    """Pyodide, the wheel and its lock file are the same bytes in every language: the German
    pages use the root's (a reader who switches fetches them once); the rubrics are German."""
    assert not list((two_language_site / "de").glob("assets/engine/pyodide-*/pyodide.asm.wasm"))
    assert not list((two_language_site / "de").glob("assets/engine/calculators-*"))
    html = page(two_language_site, "de/calculators/roi/index.html")
    here = two_language_site / "de" / "calculators" / "roi"
    for attribute in ("data-engine-pyodide", "data-engine-lock"):
        target = re.search(rf'{attribute}="([^"]+)"', html).group(1)
        assert target.startswith("../../../assets/engine/"), attribute
        assert (here / target).resolve().is_file(), attribute
    rubrics = re.search(r'data-engine-rubrics="([^"]+)"', html).group(1)
    assert rubrics.startswith("../../assets/engine/rubrics-")
    german = (here / rubrics).read_text(encoding="utf-8")
    assert german != next(two_language_site.glob("assets/engine/rubrics-*.json")).read_text(
        encoding="utf-8"
    )


def test_german_calculator_pages_register_the_one_service_worker_at_the_root(two_language_site):
    html = page(two_language_site, "de/calculators/roi/index.html")
    assert 'data-engine-offline="../../../sw.js"' in html
    worker = page(two_language_site, "sw.js")
    assert '"/de/assets/engine/rubrics-*"' in worker
    assert '"/assets/engine/rubrics-*"' in worker


def test_every_link_of_both_languages_resolves(two_language_site, two_language_url):
    broken, _ = check_site(two_language_site, two_language_url)
    assert not broken, "\n".join(broken)


def test_each_language_has_its_own_sitemap_and_404(two_language_site, two_language_url):
    url = two_language_url
    german = page(two_language_site, "de/sitemap.xml")
    assert f"<loc>{url}de/calculators/roi/</loc>" in german
    assert f"<loc>{url}calculators/roi/</loc>" in page(two_language_site, "sitemap.xml")
    assert f"<loc>{url}de/" not in page(two_language_site, "sitemap.xml")
    assert re.search(r'<html lang="de"', page(two_language_site, "de/404.html"))


@pytest.mark.parametrize("sitemap", ["sitemap.xml", "de/sitemap.xml"])
def test_each_sitemap_names_every_page_in_both_languages(
    two_language_site, two_language_url, sitemap
):
    """Search engines read a page's other languages from the sitemap (hreflang alternates)."""
    text = page(two_language_site, sitemap)
    assert gzip.decompress((two_language_site / f"{sitemap}.gz").read_bytes()).decode() == text
    root = ElementTree.fromstring(text)
    urls = root.findall("{http://www.sitemaps.org/schemas/sitemap/0.9}url")
    assert len(urls) > 10
    for url in urls:
        loc = url.find("{http://www.sitemaps.org/schemas/sitemap/0.9}loc").text
        below = loc.removeprefix(two_language_url).removeprefix("de/")
        links = {
            link.get("hreflang"): link.get("href")
            for link in url.findall("{http://www.w3.org/1999/xhtml}link")
        }
        assert links == {"en": two_language_url + below, "de": two_language_url + "de/" + below}
        assert (two_language_site / "de" / below / "index.html").is_file() or below.endswith(
            ".html"
        )


def test_one_language_builds_no_selector(built_site):
    html = page(built_site, "calculators/roi/index.html")
    assert "md-select__link" not in html
    assert not (built_site / "de").exists()


def test_a_wrong_language_list_stops_the_build_with_what_is_wrong(tmp_path):
    done = build_site(tmp_path / "site", extra_env={"PLAYBOOK_LANGUAGES": "en,Deutsch"})
    assert done.returncode != 0
    assert "must list language codes once each" in done.stderr
    assert "'en,Deutsch'" in done.stderr


class TestTheLanguageList:
    def test_a_list_or_a_comma_separated_variable(self):
        config = {"theme": {"language": "en"}}
        assert _site.site_languages({**config, "extra": {"languages": ["en", "de"]}}) == [
            "en",
            "de",
        ]
        assert _site.site_languages({**config, "extra": {"languages": "de, en"}}) == ["de", "en"]
        assert _site.site_languages({**config, "extra": {"languages": None}}) == ["en"]

    @pytest.mark.parametrize("given", ["en,en", "en,German", "en,../x"])
    def test_a_wrong_list_is_refused(self, given):
        with pytest.raises(ValueError, match="language codes once each"):
            _site.site_languages({"theme": {"language": "en"}, "extra": {"languages": given}})

    def test_links_between_the_language_folders(self):
        assert languages.prefix("en", ["en", "de"]) == ""
        assert languages.prefix("de", ["en", "de"]) == "de/"
        assert languages._href("de/", "") == "de/"
        assert languages._href("", "de/") == "../"
        assert languages._href("", "") == "./"

    def test_each_language_is_named_in_its_own_words(self):
        assert languages.language_name(ROOT / "rubrics", "en") == "English"
        assert languages.language_name(ROOT / "rubrics", "de") == "Deutsch"
        assert languages.language_name(ROOT / "rubrics", "xx") == "xx"
