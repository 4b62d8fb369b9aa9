"""Shared fixtures: the site built once per session, and a loopback server for it."""

from __future__ import annotations

import contextlib
import copy
import functools
import hashlib
import http.server
import io
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import zipfile
from pathlib import Path
from typing import ClassVar

import pytest
from hypothesis import settings

# No per-example deadline: Hypothesis's default 200 ms is a timing assertion, and on a loaded
# 2-core machine it failed tests whose results were right. Speed is measured by `make bench`.
settings.register_profile("playbook", deadline=None)
settings.load_profile("playbook")

ROOT = Path(__file__).resolve().parent.parent
MKDOCS = [sys.executable, "-m", "mkdocs"]

# The test files this session collected, before -m or -k deselect any (tests/test_collection.py).
COLLECTED = pytest.StashKey[set]()


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list) -> None:
    config.stash[COLLECTED] = {item.nodeid.split("::")[0] for item in items}


DELETE = object()  # put(case, path, DELETE) removes the key


def put(case: dict, path: str, value: object) -> dict:
    """A copy of ``case`` with ``path`` ("costs[0].amount") set to ``value``, or deleted."""
    out = copy.deepcopy(case)
    keys = [int(k) if k.isdigit() else k for k in re.findall(r"[^.\[\]]+", path)]
    target = out
    for key in keys[:-1]:
        target = target[key]
    if value is DELETE:
        del target[keys[-1]]
    else:
        target[keys[-1]] = value
    return out


def run_cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    """``python -m calculators ARGS`` run in this process: ``calculators._cli.main(argv)`` with
    stdout and stderr captured and its exit status, from the repository root, as
    ``__main__`` runs it (``SystemExit`` from argparse becomes the status, a message on stderr).
    ``run_cli_process`` runs the real ``python -m calculators`` for the smoke tests; ``timeout``
    is kept for the callers and only applies there."""
    from calculators import _cli

    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(ROOT), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = _cli.main(list(args))
        except SystemExit as exit_:
            if exit_.code is None or isinstance(exit_.code, int):
                code = exit_.code or 0
            else:  # as the interpreter does: the message on stderr, status 1
                print(exit_.code, file=sys.stderr)
                code = 1
    return subprocess.CompletedProcess(
        ["python", "-m", "calculators", *args], code, out.getvalue(), err.getvalue()
    )


def run_cli_process(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    """``python -m calculators ARGS`` in a child process, as other tools run it."""
    return subprocess.run(
        [sys.executable, "-m", "calculators", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def build_site(
    dest: Path,
    *,
    rubrics: Path | None = None,
    extra_env: dict | None = None,
    config: Path | None = None,
) -> subprocess.CompletedProcess:
    """Run the real `mkdocs build --strict` into ``dest`` (optionally with another rubric folder,
    or another config file: the benchmark builds the same pages without our hooks)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(extra_env or {})}
    if rubrics is not None:
        env["PLAYBOOK_RUBRICS"] = str(rubrics)
    return subprocess.run(
        [*MKDOCS, "build", "--strict", "--site-dir", str(dest)]
        + (["--config-file", str(config)] if config else []),
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


@pytest.fixture(scope="session")
def _site_server(tmp_path_factory):
    """The whole site, built once with the shipped rubrics, and a loopback server for it.

    The server's port is known before the build, so the site is built with that origin as its
    ``site_url``: Material's instant navigation only follows links of its own origin.
    """
    dest = tmp_path_factory.mktemp("site")
    url, server = serve(dest, start=False)
    try:
        done = build_site(dest, extra_env={"PLAYBOOK_SITE_URL": url})
        assert done.returncode == 0, done.stderr[-4000:]
        threading.Thread(target=server.serve_forever, daemon=True).start()
        yield dest, url
        server.shutdown()
    finally:
        server.server_close()


@pytest.fixture(scope="session")
def built_site(_site_server) -> Path:
    """The built site's folder."""
    return _site_server[0]


@pytest.fixture(scope="session")
def site_url(_site_server) -> str:
    """The built site served on 127.0.0.1."""
    return _site_server[1]


@pytest.fixture
def rubric_copy(tmp_path) -> Path:
    """A writable copy of rubrics/ (schemas included) to break or overlay."""
    dest = tmp_path / "rubrics"
    shutil.copytree(ROOT / "rubrics", dest)
    return dest


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".mjs": "text/javascript",
        ".js": "text/javascript",
        ".wasm": "application/wasm",
        ".json": "application/json",
    }
    extra_headers: ClassVar[dict[str, str]] = {}

    def headers_for(self, path: str) -> list[tuple[str, str]]:
        """Headers for this response's path, beside ``extra_headers`` (none by default)."""
        return []

    def end_headers(self):
        for key, value in self.extra_headers.items():
            self.send_header(key, value)
        for key, value in self.headers_for(self.path.split("?")[0].split("#")[0]):
            self.send_header(key, value)
        super().end_headers()

    def log_message(self, *args):  # keep test output quiet
        pass


def serve(
    directory: Path,
    headers: dict[str, str] | None = None,
    *,
    start: bool = True,
    headers_for=None,
):
    """Serve ``directory`` on 127.0.0.1 (a free port); returns (base_url, server).

    ``headers`` go on every response; ``headers_for(path)``, if given, adds headers by path (as a
    static host's rules do)."""
    attrs: dict = {"extra_headers": headers or {}}
    if headers_for is not None:
        attrs["headers_for"] = lambda self, path: headers_for(path)
    handler = type("Handler", (_Handler,), attrs)
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(directory))
    )
    if start:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


def site_with_changed_wheel(built_site: Path, dest: Path, module: str, change) -> Path:
    """A copy of the built site whose calculators wheel has ``module`` (a path inside the wheel)
    rewritten by ``change(bytes) -> bytes``; the lock file still names the original sha256."""
    shutil.copytree(built_site, dest)
    wheel = next(dest.glob("assets/engine/calculators-*/*.whl"))
    tampered = wheel.with_suffix(".tmp")
    with zipfile.ZipFile(wheel) as src, zipfile.ZipFile(tampered, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            dst.writestr(item, change(data) if item.filename == module else data)
    tampered.replace(wheel)
    return dest


def relock_wheel(site: Path) -> None:
    """Make the site's lock file name its (changed) wheel's sha256: a new release of the wheel,
    as a later build would write it, while its snapshot still holds the old one."""
    wheel = next(site.glob("assets/engine/calculators-*/*.whl"))
    lock = wheel.with_name("pyodide-lock.json")
    data = json.loads(lock.read_text())
    for entry in data["packages"].values():
        entry["sha256"] = hashlib.sha256(wheel.read_bytes()).hexdigest()
    lock.write_text(json.dumps(data))
