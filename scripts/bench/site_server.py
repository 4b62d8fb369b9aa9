"""The built site, served on loopback as a static host would serve it: the tests' own server,
with the headers the site's ``_headers`` file asks for (read by the hooks' own reader)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import _csp
from paths import ROOT

from tests.conftest import build_site, serve


def mkdocs_build(config: Path, dest: Path, extra_env: dict | None = None) -> float:
    """Seconds that ``mkdocs build --strict`` of ``config`` into ``dest`` takes (the tests' own
    build, timed from outside, interpreter start included)."""
    start = time.perf_counter()
    done = build_site(dest, config=config, extra_env=extra_env)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"mkdocs build failed ({config}):\n{done.stderr[-3000:]}")
    return elapsed


def serve_site(site: Path, *, exempt: tuple[str, ...] = ("/bench-bare/",)):
    """Serve ``site`` on loopback as a static host would: each response gets the headers of the
    ``_headers`` rules matching its path (read after the build, once). The bench's own pages
    (``exempt``) are not part of the site and get none: the bare page's inline script would
    break the site's policy."""
    rules: list = []

    def headers_for(path: str) -> list[tuple[str, str]]:
        if path.startswith(exempt):
            return []
        if not rules:
            rules.extend(_csp.read_headers((site / "_headers").read_text()))
        return _csp.headers_for(rules, path)

    return serve(site, start=False, headers_for=headers_for)


def build_served_site(tmp: Path):
    """The site built for the origin it is served from (instant navigation needs it), served
    with the headers its ``_headers`` file asks for (the cache rules, the policy)."""
    dest = tmp / "site"
    base, server = serve_site(dest)
    server.handle_error = lambda *_: None  # a page closed mid-download resets its connection
    mkdocs_build(ROOT / "mkdocs.yml", dest, {"PLAYBOOK_SITE_URL": base})
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return dest, base, server
