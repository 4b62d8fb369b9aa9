"""A copy of the built site served with chosen headers, for tests that break the engine.

The copy adds ``calculators/assessment-short/``: the assessment page with a short engine
timeout (``data-engine-timeout``), so a test of a stalled engine waits seconds, not a minute.
The server records Content Security Policy violation reports (``report-uri /csp-report``),
which also come from the engine's worker, where no page listener can hear them.
"""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import sys
import threading
from pathlib import Path
from typing import ClassVar

from tests.conftest import ROOT, _Handler

sys.path.insert(0, str(ROOT / "hooks"))
import _csp  # a hooks module, as the build imports it

SHORT_PAGE = "calculators/assessment-short/"
REPORT_PATH = "/csp-report"


def copy_site(built_site: Path, dest: Path, *, timeout_ms: int) -> Path:
    """Copy the site to ``dest``, adding the assessment page with a ``timeout_ms`` engine timeout."""
    shutil.copytree(built_site, dest)
    html = (dest / "calculators/assessment/index.html").read_text(encoding="utf-8")
    marker = 'data-calculator="assessment"'
    assert marker in html
    short = html.replace(marker, f'{marker} data-engine-timeout="{timeout_ms}"', 1)
    (dest / SHORT_PAGE).mkdir(parents=True)
    (dest / SHORT_PAGE / "index.html").write_text(short, encoding="utf-8")
    return dest


def site_policy(site: Path) -> str:
    """The policy the build wrote into ``_headers`` for every path."""
    rules = _csp.read_headers((site / "_headers").read_text())
    policies = [v for name, v in _csp.headers_for(rules, "/") if name == "Content-Security-Policy"]
    assert policies, "no Content-Security-Policy in _headers"
    return policies[0]


class _ReportingHandler(_Handler):
    reports: ClassVar[list] = []

    def do_POST(self):
        if self.path != REPORT_PATH:
            self.send_error(404)
            return
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.reports.append(json.loads(body or b"{}").get("csp-report", {}))
        self.send_response(204)
        self.end_headers()


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        """A worker stopped mid-download resets its connection: expected here, not an error."""


class Served:
    """The folder on 127.0.0.1 with ``headers`` on every response; ``reports`` fills as they come."""

    def __init__(self, directory: Path, headers: dict[str, str]):
        self.reports: list[dict] = []
        handler = type(
            "Handler", (_ReportingHandler,), {"extra_headers": headers, "reports": self.reports}
        )
        self.server = _QuietServer(
            ("127.0.0.1", 0), functools.partial(handler, directory=str(directory))
        )
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"

    def close(self):
        self.server.shutdown()
        self.server.server_close()
