"""Several languages in one site: mkdocs.yml's ``extra.languages`` (``$PLAYBOOK_LANGUAGES``,
e.g. ``en,de``). The first language is built into the site's folder, each other one into
``<site>/<lang>/``, by a build of its own that this one starts once its pages are written (so
``mkdocs build`` and ``make build`` build them all). Every page gets Material's language
selector (``extra.alternate``), whose links lead to the same page in the other language: each
language's build has every page (a page without a translation is the English one, with the
notice of hooks/pages.py), so the same path always exists.

A translated page is ``rubrics/locales/<lang>/pages/<path of the page in docs/>``: it replaces
the English page in that language's build (see ``translated_page`` in hooks/_site.py).

One language (the default): nothing changes, no selector. ``mkdocs serve`` serves the first
language only, without the selector (``PLAYBOOK_LANGUAGES=de make serve`` serves the German one). The per-site files (the ``_headers`` policy, ``sw.js``) are written once, at the
root, for every language, by hooks/csp.py in the first language's build.
"""

from __future__ import annotations

import gzip
import os
import re
import subprocess
import sys
from html import escape
from pathlib import Path

import yaml
from _site import SUBSITE, rubric_dir, site_languages, subsite, translated_page
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.utils import get_relative_url

# The site's own URL for an alternate language's build (its site_url: the root's + "<lang>/").
SUBSITE_URL = "PLAYBOOK_SUBSITE_URL"

_serving = False


def on_startup(*, command, dirty):
    global _serving
    _serving = command == "serve"


def prefix(language: str, languages: list[str]) -> str:
    """The folder of ``language`` below the site's root: "" for the first, else "<lang>/".

    >>> prefix("en", ["en", "de"]), prefix("de", ["en", "de"])
    ('', 'de/')
    """
    return "" if language == languages[0] else f"{language}/"


def language_name(root: Path, language: str) -> str:
    """The language's own name for itself (``common.language.name`` in its strings.yaml)."""
    path = (
        root / "strings.yaml" if language == "en" else root / "locales" / language / "strings.yaml"
    )
    try:
        strings = yaml.safe_load(path.read_text(encoding="utf-8"))["strings"]
    except (OSError, KeyError, TypeError, yaml.YAMLError):
        return language
    return str(strings.get("common.language.name") or language)


def _href(target: str, here: str) -> str:
    """A link from ``here`` to ``target`` (both paths below the site's root, "" the root).

    >>> _href("de/", ""), _href("", "de/"), _href("", ""), _href("calculators/roi/", "de/calculators/roi/")
    ('de/', '../', './', '../../../calculators/roi/')
    """
    href = get_relative_url(target, here)
    if href == ".":
        return "./"
    return href + "/" if href.endswith("..") else href


@event_priority(100)  # before every other on_config: the rubrics and search read the language
def on_config(config, **_):
    try:
        languages = site_languages(config)
    except ValueError as err:
        raise PluginError(str(err)) from None
    current = subsite() or languages[0]
    if current not in languages:
        raise PluginError(f"{SUBSITE}={current} is not one of the site's languages {languages}")
    # This build's language: the first of the list, or the one the root build started it for.
    config.theme["language"] = current
    if len(languages) < 2 or _serving:  # `mkdocs serve`: the first language alone, no selector
        return config
    if subsite():
        config["site_url"] = os.environ.get(SUBSITE_URL) or config.get("site_url")
    root = rubric_dir(config.config_file_path)
    here = prefix(current, languages)
    config.extra["alternate"] = [
        # The language's home, from this build's root (Material puts it in <head> too).
        {
            "name": language_name(root, lang),
            "lang": lang,
            "link": _href(prefix(lang, languages), here),
        }
        for lang in languages
    ]
    return config


def on_page_read_source(*, page, config):
    """A page translated into the build's language replaces the English one (any build, one
    language or several)."""
    path = translated_page(config, page.file.src_uri)
    return path.read_text(encoding="utf-8-sig") if path else None


def on_page_context(context, *, page, config, nav):
    """Each language's link for the selector: the same page in that language."""
    languages = site_languages(config)
    if len(languages) < 2 or _serving:
        return context
    here = prefix(subsite() or languages[0], languages) + page.url
    context["playbook_alternates"] = {
        lang: _href(prefix(lang, languages) + page.url, here) for lang in languages
    }
    return context


@event_priority(50)  # before hooks/csp.py writes the policy for every page, these included
def on_post_build(*, config):
    languages = site_languages(config)
    if _serving or subsite() or len(languages) < 2:
        return
    site = Path(config["site_dir"])
    for lang in languages[1:]:
        env = {
            **os.environ,
            SUBSITE: lang,
            "PLAYBOOK_LANGUAGE": lang,
            SUBSITE_URL: (config.get("site_url") or "") and f"{config['site_url']}{lang}/",
        }
        cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site / lang)]
        if config.config_file_path:
            cmd += ["--config-file", config.config_file_path]
        done = subprocess.run(cmd, env=env, check=False)
        if done.returncode != 0:
            raise PluginError(f"the build of the '{lang}' pages failed (see its messages above)")
    if config.get("site_url"):
        for lang in languages:
            here = prefix(lang, languages)
            link_sitemap(site / here, config["site_url"] + here, config["site_url"], languages)


LOC = re.compile(r"(<loc>([^<]*)</loc>)")


def link_sitemap(folder: Path, own: str, root_url: str, languages: list[str]) -> None:
    """Each page of the sitemap.xml (and .gz) in ``folder``, the language whose pages are at the
    URL ``own``, names the same page in every language (``<xhtml:link rel="alternate"
    hreflang=...>``, as search engines read it)."""
    path = folder / "sitemap.xml"
    if not path.is_file():
        return

    def alternates(match: re.Match) -> str:
        loc = match.group(2)
        if not loc.startswith(own):
            return match.group(1)
        below = loc[len(own) :]
        links = "".join(
            f'\n         <xhtml:link rel="alternate" hreflang="{lang}" '
            f'href="{escape(root_url + prefix(lang, languages) + below)}"/>'
            for lang in languages
        )
        return match.group(1) + links

    text = LOC.sub(alternates, path.read_text(encoding="utf-8"))
    text = text.replace(
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:xhtml="http://www.w3.org/1999/xhtml">',
        1,
    )
    path.write_text(text, encoding="utf-8")
    (folder / "sitemap.xml.gz").write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
