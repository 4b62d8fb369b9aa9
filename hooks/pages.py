"""Render rubric data into pages where a ``<!-- playbook:NAME -->`` marker stands.

Each marker names a Jinja2 template ``overrides/hooks/NAME.html`` (autoescaped: rubric text
is data, never markup). An unknown marker stops the build with the page and line.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape, unescape

import _diagrams
from _engine import engine, rubric_bundle, snapshot_file, snapshot_wanted, stdlib_file
from _site import (
    PASSED_CACHE,
    ROOT,
    language_of,
    page_url_in,
    rubric_dir,
    rubrics_for,
    subsite_prefix,
    translated_page,
    translator,
)
from jinja2 import Environment, FileSystemBytecodeCache, FileSystemLoader, select_autoescape
from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

from calculators import _coverage
from calculators._browser import CALCULATORS
from calculators._cites import cite_said
from calculators._roi_vocabulary import form_vocabulary
from calculators._rubric_files import load_rubrics

MARKER = re.compile(r"^<!-- playbook:([a-z0-9-]+) -->[ \t]*$", re.MULTILINE)
TEMPLATES = ROOT / "overrides" / "hooks"


@lru_cache(maxsize=1)
def _environment() -> Environment:
    cache = ROOT / ".cache" / "jinja"
    cache.mkdir(parents=True, exist_ok=True)
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        bytecode_cache=FileSystemBytecodeCache(str(cache)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # A citation as written (English); render_markers says it in the site's language.
    env.filters["cite"] = cite_said
    return env


_serving = False


def on_startup(*, command, dirty):
    global _serving
    _serving = command == "serve"


def _known_markers() -> list[str]:
    return sorted(p.stem for p in TEMPLATES.glob("*.html") if not p.name.startswith("_"))


def _page_link(page, files):
    def link(target: str) -> str:
        path, _, anchor = target.partition("#")
        file = files.get_file_from_path(path)
        if file is None:
            raise PluginError(f"rubric link to a missing page '{target}'")
        url = get_relative_url(file.url, page.url)
        return f"{url}#{anchor}" if anchor else url

    return link


def page_forms(markdown: str, where: str) -> list[str]:
    """The calculators whose forms (``<!-- playbook:NAME-form -->``) the page holds; a form the
    engine has no calculator for stops the build (the page's engine would not start)."""
    forms = []
    for match in MARKER.finditer(markdown):
        name = match.group(1)
        if not name.endswith("-form"):
            continue
        if name.removesuffix("-form") not in CALCULATORS:
            line = markdown.count("\n", 0, match.start()) + 1
            raise PluginError(
                f"{where}:{line}: the form 'playbook:{name}' has no calculator in the engine "
                f"(calculators/_browser.py knows: {', '.join(CALCULATORS)})"
            )
        forms.append(name.removesuffix("-form"))
    return forms


def _engine_context(page, config, rubrics, files, calculators: list[str]) -> dict:
    built = engine()
    bundle_path, bundle = rubric_bundle(rubrics, page_url_in(files))
    rel = lambda p: get_relative_url(p, page.url)  # noqa: E731 - a one-line alias reads best here
    # From the whole site's root: the Pyodide core, the wheel and its lock file are the same for
    # every language, so the pages of another language (de/...) use the root's (hooks/runtime.py).
    shared = lambda p: get_relative_url(p, subsite_prefix(config) + page.url)  # noqa: E731
    return {
        "pyodide": shared(f"{built.pyodide_dir}/pyodide.mjs"),
        # Pyodide's memory with the calculators loaded and this bundle configured: restoring it
        # is faster than starting the interpreter and importing them (none: PLAYBOOK_SNAPSHOT=0).
        "snapshot": rel(snapshot_file(built, bundle)) if snapshot_wanted() else "",
        # The standard library the snapshot start is given: what Python restored from it may
        # still import (hooks/_stdlib.py), instead of Pyodide's whole zip.
        "stdlib": rel(stdlib_file(built, bundle)) if snapshot_wanted() else "",
        "lock": shared(built.lock_file),
        "package": built.package_name,
        "rubrics": rel(bundle_path),
        # The page's calculators: the engine imports their modules while it starts.
        "calculators": " ".join(calculators),
        # The service worker that keeps the calculator working offline (hooks/csp.py writes it
        # after a build; the dev server has none).
        # One for the whole site, at its root, also for the pages of another language (de/...).
        "offline": "" if _serving else shared("sw.js"),
    }


# A rendered marker that Markdown must still read: one with Markdown inside (md_in_html).
_MARKDOWN_INSIDE = re.compile(r"<[a-z][^>]*\smarkdown(=|[\s>])")
# The ids of a held block (autoescaped attribute values), for the anchor check.
_ID = re.compile(r"<[a-zA-Z][^>]*?\sid=\"([^\"]*)\"")
# The rendered markers held out of Markdown, by page (see render_markers and on_page_content).
_HELD: dict[str, list[str]] = {}
_HELD_AT = re.compile(r"<!-- pb-held:(\d+) -->")


def render_markers(markdown: str, page, config, files) -> str | None:
    """The page with every marker replaced by its rendered template, or None if it has none."""
    _HELD.pop(page.file.src_uri, None)
    if not MARKER.search(markdown):
        return None
    rubrics = rubrics_for(config).rubrics
    env = _environment()
    # repo_url and repo_name from mkdocs.yml: a fork sets its own repository in one place.
    strings = rubrics["strings"]["strings"] if "strings" in rubrics else {}
    t = translator(strings, PluginError)
    context = {
        "rubrics": rubrics,
        # The interface's words (rubrics/strings.yaml, in the site's language): templates say
        # t(<a string id>); calculator pages carry them for the page's t() too, all but the
        # command line's own (cli.*: its text reports, 12 KB no page reads).
        "strings": {k: v for k, v in strings.items() if not k.startswith("cli.")},
        "t": t,
        # Diagrams laid out from the same rubric data (overrides/hooks/diagram-*.html).
        "diagrams": _diagrams,
        "engine": None,
        # The ROI engine's field words, in the site's language (the form and its page script).
        "roi_fields": form_vocabulary(t, language_of(config)),
        "repo_url": config.get("repo_url"),
        "repo_name": config.get("repo_name"),
        # The crosswalk, computed when a template asks: the regulation page, and the references
        # shown beside each question, dimension and gate.
        "crosswalk": lambda: _coverage.crosswalk_view(rubrics),
        "refs_of": lambda kind, pid: _coverage.references_of(rubrics, kind, pid),
    }
    env.filters["page_link"] = _page_link(page, files)
    # A regulation's or a standard's citation ("Annex III, point 1") in the site's language.
    env.filters["cite"] = lambda cite: cite_said(cite, strings)

    def render(match: re.Match) -> str:
        name = match.group(1)
        if name not in _known_markers():
            line = markdown.count("\n", 0, match.start()) + 1
            raise PluginError(
                f"docs/{page.file.src_uri}:{line}: unknown marker 'playbook:{name}' "
                f"(known: {', '.join(_known_markers())})"
            )
        if name.endswith("-form") and context["engine"] is None:
            forms = page_forms(markdown, f"docs/{page.file.src_uri}")
            context["engine"] = _engine_context(page, config, rubrics, files, forms)
        html = env.get_template(f"{name}.html").render(**context).strip()
        # A raw HTML block ends at a blank line: keep the rendered block in one piece. The
        # comments around it tell a page's template-made parts from its prose (the prose stays
        # English in another language's build; tests/build/test_language.py reads the rest).
        body = "\n".join(line for line in html.splitlines() if line.strip())
        block = f"<!-- pb-made:{name} -->\n{body}\n<!-- /pb-made -->"
        if _MARKDOWN_INSIDE.search(body):
            return block
        # Plain HTML, which Markdown would only pass through: it waits outside Markdown, behind
        # a comment, and comes back in on_page_content, where its ids join the page's anchors
        # for the build's link check. Parsing it (md_in_html and MkDocs's anchor scan read every
        # raw block) was a third of our hooks' share of the build; the page comes out the same.
        held = _HELD.setdefault(page.file.src_uri, [])
        held.append(block)
        return f"<!-- pb-held:{len(held) - 1} -->"

    rendered = MARKER.sub(render, markdown)
    if context["engine"] is not None:
        # overrides/main.html names the engine's files in <head> on this page (and only on this one).
        page.meta["playbook_engine"] = context["engine"]
    return rendered


def on_config(config, **_):
    """Upstream's footer line (mkdocs.yml's copyright, the string site.copyright) in the site's
    language; a line a fork set itself (mkdocs.yml, rubrics/local/branding.yaml) stays as set."""
    if language_of(config) == "en":
        return config
    folder = rubric_dir(config.config_file_path)
    upstream = load_rubrics(folder, docs_dir=config["docs_dir"], passed_cache=PASSED_CACHE)
    english = upstream.rubrics["strings"]["strings"]
    if config.get("copyright") == english.get("site.copyright"):
        strings = rubrics_for(config).rubrics["strings"]["strings"]
        config["copyright"] = translator(strings, PluginError)("site.copyright")
    return config


def on_env(env, *, config, files):
    """The theme's own templates (overrides/main.html, overrides/partials/) say their words as
    the markers' templates do: t(<a string id>), in the site's language."""
    strings = rubrics_for(config).rubrics["strings"]["strings"]
    env.globals["t"] = translator(strings, PluginError)
    # Compiled once, not on every build: compiling the theme's templates was about 1.2 s of a
    # 7.5 s build (a bucket is keyed by the template's name and file, and checked against its
    # source; a folder apart from the markers' environment, which compiles with other options).
    cache = ROOT / ".cache" / "jinja-theme"
    cache.mkdir(parents=True, exist_ok=True)
    env.bytecode_cache = FileSystemBytecodeCache(str(cache))
    return env


def on_page_markdown(markdown, *, page, config, files):
    if (rendered := render_markers(markdown, page, config, files)) is not None:
        markdown = rendered
    if translated_page(config, page.file.src_uri):  # its prose is in the build's language
        return markdown
    return mark_prose_language(markdown, config)


def on_page_content(html, *, page, config, files):
    """The rendered markers held out of Markdown (render_markers), back in their places."""
    held = _HELD.pop(page.file.src_uri, None)
    if not held:
        return html
    if page.present_anchor_ids is not None:  # what MkDocs's raw-HTML scan would have found
        page.present_anchor_ids |= {unescape(i) for block in held for i in _ID.findall(block)}
    return _HELD_AT.sub(lambda m: held[int(m.group(1))], html)


def mark_prose_language(markdown: str, config) -> str:
    """In a build in another language the playbook's prose stays in English (the rubrics and
    the calculators' words are translated) unless the page has a translation
    (``rubrics/locales/<lang>/pages/``): say so under each page's title, in that language."""
    if language_of(config) == "en":
        return markdown
    strings = rubrics_for(config).rubrics["strings"]["strings"]
    note = translator(strings, PluginError)("common.notice.prose_in_english")
    block = f'<p class="pb-help pb-prose-language" role="note">{escape(note)}</p>\n\n'
    title = re.search(r"^# .*\n", markdown, re.MULTILINE)
    at = title.end() if title else 0
    return markdown[:at] + "\n" + block + markdown[at:]
