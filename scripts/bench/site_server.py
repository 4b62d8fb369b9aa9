"""The built site, served on loopback as a static host would serve it: the tests' own server,
with the headers the site's ``_headers`` file asks for (read by the hooks' own reader), and
gzip-compressed as static hosts compress (GitHub Pages, Netlify, Cloudflare Pages: text, scripts,
JSON and WebAssembly, to a browser that accepts gzip; brotli is not in Python's standard library,
so gzip). Files that are compressed already (the snapshot's .gz, the zipped standard library,
the wheel) go as they are."""

from __future__ import annotations

import email.utils
import functools
import gzip
import http.server
import io
import os
import threading
import time
from pathlib import Path
from typing import ClassVar

import _csp
from paths import ROOT

from tests.conftest import _Handler, build_site

# Content types a static host compresses (the ones the site serves).
COMPRESSED_TYPES = (
    "text/",
    "application/javascript",
    "application/json",
    "application/wasm",
    "image/svg+xml",
    "application/xml",
)


class CompressingHandler(_Handler):
    """The tests' handler, compressing with gzip (level 6, hosts' usual) what hosts compress."""

    compress = True
    rules: ClassVar[list] = []  # set per server: the _headers rules
    exempt: tuple[str, ...] = ()
    site = ""
    _cache: ClassVar[dict] = {}  # (path, mtime) -> gzip bytes, per server

    def headers_for(self, path: str) -> list[tuple[str, str]]:
        if path.startswith(self.exempt):
            return []
        if not self.rules:
            self.rules.extend(_csp.read_headers((Path(self.site) / "_headers").read_text()))
        return _csp.headers_for(self.rules, path)

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path) and self.path.split("?")[0].endswith("/"):
            path = os.path.join(path, "index.html")
        ctype = self.guess_type(path)
        wanted = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (
            self.compress and wanted and os.path.isfile(path) and ctype.startswith(COMPRESSED_TYPES)
        ):
            return super().send_head()
        stat = os.stat(path)
        since = self.headers.get("If-Modified-Since")
        if since and "If-None-Match" not in self.headers:
            try:
                when = email.utils.parsedate_to_datetime(since).timestamp()
            except (TypeError, ValueError, IndexError, OverflowError):
                when = None
            if when is not None and int(stat.st_mtime) <= when:
                self.send_response(http.server.HTTPStatus.NOT_MODIFIED)
                self.end_headers()
                return None
        key = (path, stat.st_mtime_ns)
        body = self._cache.get(key)
        if body is None:
            with open(path, "rb") as source:
                body = gzip.compress(source.read(), compresslevel=6, mtime=0)
            self._cache[key] = body
        self.send_response(http.server.HTTPStatus.OK)
        self.send_header("Content-type", ctype)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Last-Modified", self.date_time_string(stat.st_mtime))
        self.end_headers()
        return io.BytesIO(body)


def mkdocs_build(config: Path, dest: Path, extra_env: dict | None = None) -> float:
    """Seconds that ``mkdocs build --strict`` of ``config`` into ``dest`` takes (the tests' own
    build, timed from outside, interpreter start included)."""
    start = time.perf_counter()
    done = build_site(dest, config=config, extra_env=extra_env)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"mkdocs build failed ({config}):\n{done.stderr[-3000:]}")
    return elapsed


def serve_site(site: Path, *, exempt: tuple[str, ...] = ("/bench-bare/",), compress: bool = True):
    """Serve ``site`` on loopback as a static host would: each response gets the headers of the
    ``_headers`` rules matching its path (read after the build, once), compressed as hosts
    compress (``compress``). The bench's own pages (``exempt``) are not part of the site and get
    no headers: the bare page's inline script would break the site's policy."""
    attrs = {
        "rules": [],
        "exempt": exempt,
        "site": str(site),
        "compress": compress,
        "_cache": {},
    }
    handler = type("SiteHandler", (CompressingHandler,), attrs)
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(site))
    )
    return f"http://127.0.0.1:{server.server_address[1]}/", server


def build_served_site(tmp: Path, compress: bool = True):
    """The site built for the origin it is served from (instant navigation needs it), served
    with the headers its ``_headers`` file asks for (the cache rules, the policy)."""
    dest = tmp / "site"
    base, server = serve_site(dest, compress=compress)
    server.handle_error = lambda *_: None  # a page closed mid-download resets its connection
    mkdocs_build(ROOT / "mkdocs.yml", dest, {"PLAYBOOK_SITE_URL": base})
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return dest, base, server
