"""After the build: the Content Security Policy, which allows Material's inline scripts by hash,
in every page's ``<meta>`` and in a ``_headers`` file for static hosts (the same policy for all
paths, plus the cache rules); and ``sw.js``, the service worker that keeps calculators working
offline (see hooks/_sw.js).

``mkdocs serve`` injects its own inline live-reload script and rebuilds as files change, so the
dev server gets neither a policy nor a service worker.
"""

from __future__ import annotations

from pathlib import Path

from _csp import headers_file, inline_scripts, policy, script_hash, service_worker, with_meta
from _site import site_languages, subsite
from mkdocs.plugins import event_priority

_serving = False


def on_startup(*, command, dirty):
    global _serving
    _serving = command == "serve"


@event_priority(-50)  # after hooks/languages.py has built the other languages' pages into site/
def on_post_build(*, config):
    # Another language's pages (site/de/): the first language's build writes one policy for all.
    if _serving or subsite():
        return
    site = Path(config["site_dir"])
    languages = site_languages(config)
    folders = ["", *(f"{lang}/" for lang in languages[1:])]
    pages = {path: path.read_text(encoding="utf-8") for path in sorted(site.rglob("*.html"))}
    csp = policy(script_hash(body) for html in pages.values() for body in inline_scripts(html))
    for path, html in pages.items():
        path.write_text(with_meta(html, csp), encoding="utf-8")
    (site / "_headers").write_text(headers_file(csp, folders), encoding="utf-8")
    (site / "sw.js").write_text(service_worker(folders), encoding="utf-8")
