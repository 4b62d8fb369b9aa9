"""The Content Security Policy of the built site: every page carries it, every inline script
it runs is allowed by hash, and static hosts get the same policy as a header."""

from __future__ import annotations

import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "hooks"))
import _csp


class _Head(HTMLParser):
    """The CSP <meta> policies and the inline scripts a browser would run."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.policies: list[str] = []
        self.scripts: list[str] = []
        self.script_before_policy = False
        self._in_script = False
        self._body: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and (a.get("http-equiv") or "").lower() == "content-security-policy":
            self.policies.append(a.get("content") or "")
        elif tag == "script":
            if not self.policies:
                self.script_before_policy = True
            runnable = (a.get("type") or "").lower() in _csp.RUNNABLE
            self._in_script = "src" not in a and runnable
            self._body = []

    def handle_data(self, data):
        if self._in_script:
            self._body.append(data)

    def handle_endtag(self, tag):
        if tag == "script" and self._in_script:
            self.scripts.append("".join(self._body))
            self._in_script = False


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def parse(path: Path) -> _Head:
    parser = _Head()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def directives(policy: str) -> dict[str, list[str]]:
    out = {}
    for part in policy.split(";"):
        name, *values = part.split()
        out[name] = values
    return out


class TestMetaPolicy:
    """Every page carries the policy in a <meta> before any script."""

    def test_every_page_has_one_policy_before_its_scripts(self, built_site):
        """One CSP <meta> per page, ahead of the first <script>."""
        assert pages(built_site)
        for path in pages(built_site):
            head = parse(path)
            assert len(head.policies) == 1, f"{path}: {len(head.policies)} CSP meta tags"
            assert not head.script_before_policy, f"{path}: a script comes before the policy"

    def test_every_inline_script_is_allowed_by_its_hash(self, built_site):
        """The sha256 of each inline script (as the browser reads it) is in the page's policy."""
        for path in pages(built_site):
            head = parse(path)
            allowed = directives(head.policies[0])["script-src"]
            for body in head.scripts:
                assert _csp.script_hash(body) in allowed, f"{path}: inline script {body[:60]!r}"

    def test_no_inline_or_eval_allowance_for_scripts(self, built_site):
        """Scripts run only from the site and by hash: no 'unsafe-inline', no 'unsafe-eval'."""
        policy = directives(parse(built_site / "index.html").policies[0])
        assert "'unsafe-inline'" not in policy["script-src"]
        assert "'unsafe-eval'" not in policy["script-src"]
        assert policy["script-src"][:2] == ["'self'", "'wasm-unsafe-eval'"]
        assert policy["object-src"] == ["'none'"]
        assert policy["worker-src"] == ["'self'"]
        assert policy["connect-src"] == ["'self'"]


class TestHeadersFile:
    """`_headers` gives static hosts the same policy as every page's <meta>."""

    def test_headers_file_sends_the_page_policy_on_every_path(self, built_site):
        """One rule for `/*` whose policy equals the one in the pages."""
        lines = (built_site / "_headers").read_text().splitlines()
        assert lines[0] == "/*"
        name, _, value = lines[1].strip().partition(": ")
        assert name == "Content-Security-Policy"
        for path in pages(built_site):
            assert parse(path).policies == [value], path


class TestInlineScripts:
    """`inline_scripts` finds what a browser runs and skips data blocks."""

    @pytest.mark.parametrize(
        ("html", "expected"),
        [
            ("<script>a()</script>", ["a()"]),
            ('<script type="module">b()</script>', ["b()"]),
            ('<script id="__config" type="application/json">{}</script>', []),
            ('<script src="x.js"></script>', []),
        ],
    )
    def test_runnable_inline_scripts_only(self, html, expected):
        """Inline JavaScript is hashed; external scripts and JSON data are not."""
        assert _csp.inline_scripts(html) == expected


def header_rules(site: Path):
    """The built site's `_headers` rules, read by the hooks' own reader."""
    return _csp.read_headers((site / "_headers").read_text())


def cache_control(rules, path: str) -> str | None:
    """The Cache-Control a static host sends for ``path``."""
    values = [value for name, value in _csp.headers_for(rules, path) if name == "Cache-Control"]
    return ", ".join(values) or None


# A version (1.2.3) or a content hash (8+ hex digits) in a path segment.
VERSIONED = re.compile(r"-\d+\.\d+\.\d+(/|$)|[-.][0-9a-f]{8,}[./]")


class TestCacheRules:
    """Files whose names change with their content are cached for a year; nothing else is."""

    def test_engine_files_are_immutable(self, built_site):
        """Every Pyodide, wheel, lock and rubric file gets a year, immutable."""
        rules = header_rules(built_site)
        files = [p for p in built_site.rglob("*") if p.is_file()]
        engine = [
            p for p in files if p.relative_to(built_site).as_posix().startswith("assets/engine/")
        ]
        assert engine
        for path in engine:
            url = "/" + path.relative_to(built_site).as_posix()
            assert cache_control(rules, url) == _csp.CACHE_FOREVER, url

    def test_only_versioned_or_hashed_names_are_immutable(self, built_site):
        """Pages and the site's own scripts (no hash in their names) are never cached for good."""
        rules = header_rules(built_site)
        immutable = []
        for path in built_site.rglob("*"):
            if not path.is_file():
                continue
            url = "/" + path.relative_to(built_site).as_posix()
            if cache_control(rules, url):
                immutable.append(url)
                assert VERSIONED.search(url), (
                    f"{url} is cached for good but carries no version or hash"
                )
        assert "/assets/javascripts/engine.js" not in immutable
        assert "/index.html" not in immutable


class TestServiceWorker:
    """sw.js keeps for good (cache first) exactly the files the _headers file makes immutable."""

    def versioned_in_sw(self, built_site) -> list[re.Pattern]:
        text = (built_site / "sw.js").read_text()
        assert "__VERSIONED__" not in text
        sources = re.search(r"const VERSIONED = (\[.*?\])\.map", text).group(1)
        return [re.compile(source) for source in json.loads(sources)]

    def test_its_versioned_paths_are_the_immutable_ones(self, built_site):
        patterns = self.versioned_in_sw(built_site)
        rules = header_rules(built_site)
        checked = 0
        for path in built_site.rglob("*"):
            if path.is_file():
                url = "/" + path.relative_to(built_site).as_posix()
                immutable = cache_control(rules, url) == _csp.CACHE_FOREVER
                assert any(p.search(url) for p in patterns) == immutable, url
                checked += immutable
        assert checked > 5

    def test_its_router_globs_are_the_headers_files(self, built_site):
        """The browser's static router sends the _headers file's immutable paths to the copy."""
        text = (built_site / "sw.js").read_text()
        assert "__VERSIONED_GLOBS__" not in text
        globs = re.search(r"const VERSIONED_GLOBS = (\[.*?\]);", text).group(1)
        assert tuple(json.loads(globs)) == _csp.IMMUTABLE

    @pytest.mark.parametrize(
        ("glob", "path", "matches"),
        [
            ("/assets/engine/pyodide-*", "/assets/engine/pyodide-314.0.7/pyodide.mjs", True),
            ("/assets/javascripts/bundle.*", "/assets/javascripts/bundle.a5f9.min.js", True),
            ("/assets/javascripts/bundle.*", "/assets/javascripts/bundleXa5f9.min.js", False),
            ("/assets/vendor/*", "/x/assets/vendor/a.js", False),
        ],
    )
    def test_glob_to_pattern(self, glob, path, matches):
        assert bool(re.search(_csp.glob_pattern(glob), path)) is matches

    def test_calculator_pages_name_it(self, built_site):
        """engine.js registers the worker the page names (`mkdocs serve` writes none, names none)."""
        assert (built_site / "sw.js").is_file()
        page = (built_site / "calculators" / "assessment" / "index.html").read_text()
        assert 'data-engine-offline="../../sw.js"' in page


class TestHeadersReader:
    """The one `_headers` reader (hooks/_csp.py) reads what the build writes."""

    def test_reads_back_what_headers_file_writes(self):
        rules = _csp.read_headers(_csp.headers_file("default-src 'self'"))
        assert rules[0] == ("/*", [("Content-Security-Policy", "default-src 'self'")])
        assert [glob for glob, _ in rules[1:]] == list(_csp.IMMUTABLE)

    @pytest.mark.parametrize(
        ("path", "cached"),
        [
            ("/assets/engine/pyodide-314.0.7/pyodide.asm.wasm", True),
            ("/assets/engine/rubrics-0123456789ab.json", True),
            ("/assets/javascripts/engine.js", False),
            ("/calculators/roi/", False),
        ],
    )
    def test_every_matching_rule_applies(self, path, cached):
        rules = _csp.read_headers(_csp.headers_file("default-src 'self'"))
        names = [name for name, _ in _csp.headers_for(rules, path)]
        assert names == ["Content-Security-Policy", *(["Cache-Control"] if cached else [])]

    def test_comments_and_blank_lines_are_skipped(self):
        text = "# a comment\n\n/x/*\n  # note\n  X-Test: 1\n"
        assert _csp.read_headers(text) == [("/x/*", [("X-Test", "1")])]
