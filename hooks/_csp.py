"""The site's Content Security Policy, MkDocs-free so tests can call it directly.

Material ships a few small inline scripts in every page (the palette, the storage scope, the
tab anchor); the policy allows exactly those by their sha256 and no other inline script. JSON
data blocks (``type="application/json"``) are never run, so they need no hash. Pyodide needs
``'wasm-unsafe-eval'`` to compile its WebAssembly; nothing needs ``'unsafe-eval'``.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Iterable
from pathlib import Path

# A <script> element with its attributes and body; Material's HTML is well-formed.
SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.IGNORECASE | re.DOTALL)
TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
HEAD = re.compile(r"<head\b[^>]*>", re.IGNORECASE)
CHARSET = re.compile(r"<meta\s+charset=[^>]*>", re.IGNORECASE)
# Script types the browser runs; anything else (JSON, templates) is data.
RUNNABLE = {"", "module", "text/javascript", "application/javascript"}

DIRECTIVES = (
    ("default-src", "'self'"),
    ("script-src", "'self' 'wasm-unsafe-eval' {hashes}"),
    ("worker-src", "'self'"),
    ("style-src", "'self' 'unsafe-inline'"),
    ("img-src", "'self' data:"),
    ("connect-src", "'self'"),
    ("font-src", "'self'"),
    ("object-src", "'none'"),
    ("base-uri", "'self'"),
    ("form-action", "'self'"),
)


def inline_scripts(html: str) -> list[str]:
    """The bodies of the inline scripts a browser would run (no src, a JavaScript type)."""
    out = []
    for attrs, body in SCRIPT.findall(html):
        if re.search(r"\bsrc\s*=", attrs, re.IGNORECASE):
            continue
        kind = TYPE.search(attrs)
        if (kind.group(1).lower() if kind else "") in RUNNABLE:
            out.append(body)
    return out


def script_hash(body: str) -> str:
    """The CSP source for an inline script body, as the browser hashes it (UTF-8).

    >>> script_hash("alert(1)")
    "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='"
    """
    digest = hashlib.sha256(body.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def policy(hashes: Iterable[str]) -> str:
    """The policy, allowing the given inline-script hashes (sorted, so builds are stable)."""
    joined = " ".join(sorted(set(hashes)))
    parts = [f"{name} {value.format(hashes=joined)}".strip() for name, value in DIRECTIVES]
    return "; ".join(parts)


def with_meta(html: str, csp: str) -> str:
    """The page with a CSP <meta> first in <head> (after the charset), before any script."""
    escaped = csp.replace("&", "&amp;").replace('"', "&quot;")
    tag = f'<meta http-equiv="Content-Security-Policy" content="{escaped}">'
    anchor = CHARSET.search(html) or HEAD.search(html)
    if anchor is None:
        raise ValueError("the page has no <head>")
    return html[: anchor.end()] + tag + html[anchor.end() :]


# Paths whose names carry a version or a content hash, so their bytes never change: the Pyodide
# core (pyodide-<version>/), the calculators wheel and lock file (calculators-<hash>/), the rubric
# bundle (rubrics-<hash>.json) and Material's own hashed bundles. A browser keeps them for a year
# without asking again, so a repeat visit reads them from its cache (and Chromium reuses the
# WebAssembly code it compiled).
IMMUTABLE = (
    "/assets/engine/pyodide-*",
    "/assets/engine/calculators-*",
    "/assets/engine/rubrics-*",
    "/assets/javascripts/bundle.*",
    "/assets/javascripts/workers/search.*",
    "/assets/stylesheets/main.*",
    "/assets/stylesheets/palette.*",
)
CACHE_FOREVER = "public, max-age=31536000, immutable"


def immutable(folders: Iterable[str] = ("",)) -> list[str]:
    """The versioned paths of every language's folder ("" the root, "de/" the German pages).

    >>> immutable(["", "de/"])[len(IMMUTABLE)]
    '/de/assets/engine/pyodide-*'
    """
    return [f"/{folder}{path[1:]}" for folder in folders for path in IMMUTABLE]


def headers_file(csp: str, folders: Iterable[str] = ("",)) -> str:
    """A ``_headers`` file (Netlify, Cloudflare Pages): the policy on every path (every
    language's pages included), and a year of caching for the files whose names change with
    their content, in each language's folder (``folders``: "" the root, "de/"...)."""
    rules = [f"/*\n  Content-Security-Policy: {csp}\n"]
    rules += [f"{path}\n  Cache-Control: {CACHE_FOREVER}\n" for path in immutable(folders)]
    return "".join(rules)


def read_headers(text: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """The rules of a ``_headers`` file (as :func:`headers_file` writes it, and as Netlify and
    Cloudflare Pages read it): a path glob on a line of its own, then indented ``Name: value``
    lines; ``#`` starts a comment. The one reader for the tests, the benchmark and this module.

    >>> read_headers(headers_file("default-src 'self'"))[0]
    ('/*', [('Content-Security-Policy', "default-src 'self'")])
    """
    rules: list[tuple[str, list[tuple[str, str]]]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            rules.append((line.strip(), []))
        elif rules:
            name, _, value = line.strip().partition(":")
            rules[-1][1].append((name.strip(), value.strip()))
    return rules


def headers_for(rules: list[tuple[str, list[tuple[str, str]]]], path: str) -> list[tuple[str, str]]:
    """The headers a static host sends for ``path``: those of every rule whose glob matches it
    whole (``*`` matches anything, ``/`` included), in the file's order.

    >>> rules = read_headers(headers_file("default-src 'self'"))
    >>> [name for name, _ in headers_for(rules, "/assets/engine/pyodide-314.0.7/pyodide.mjs")]
    ['Content-Security-Policy', 'Cache-Control']
    >>> [name for name, _ in headers_for(rules, "/index.html")]
    ['Content-Security-Policy']
    """
    return [
        header
        for glob, headers in rules
        if re.search(glob_pattern(glob) + "$", path)
        for header in headers
    ]


SERVICE_WORKER = Path(__file__).with_name("_sw.js")


def glob_pattern(glob: str) -> str:
    """A ``_headers`` path glob as a regular expression (JavaScript and Python alike)."""
    return "^" + re.sub(r"[.+?^${}()|[\]\\]", lambda m: "\\" + m.group(), glob).replace("*", ".*")


def service_worker(folders: Iterable[str] = ("",)) -> str:
    """sw.js for the site's root: hooks/_sw.js with the versioned paths filled in, so the worker
    keeps for good exactly what the ``_headers`` file lets browsers keep for good (one worker for
    every language's pages: its scope, the root, holds them all)."""
    globs = immutable(folders)
    patterns = json.dumps([glob_pattern(path) for path in globs])
    text = SERVICE_WORKER.read_text(encoding="utf-8").replace(
        "__VERSIONED_GLOBS__", json.dumps(globs)
    )
    return text.replace("__VERSIONED__", patterns)
