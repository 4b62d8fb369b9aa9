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
import tempfile
import threading
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

import pytest
from hypothesis import settings

# No per-example deadline: Hypothesis's default 200 ms is a timing assertion, and on a loaded
# 2-core machine it failed tests whose results were right. Speed is measured by `make bench`.
# `make check`, the fast lane, sets PLAYBOOK_TESTS=fast: each property then tries a quarter of
# its examples (``examples(n)``, at least 10; 25 where a test names none). `make test` tries all.
FAST = os.environ.get("PLAYBOOK_TESTS") == "fast"
settings.register_profile("playbook", deadline=None)
settings.register_profile("fast", deadline=None, max_examples=25)
settings.load_profile("fast" if FAST else "playbook")


def examples(n: int) -> int:
    """The examples a property with ``@settings(max_examples=examples(n))`` tries: ``n``, or a
    quarter of it (at least 10) in the fast lane."""
    return max(10, n // 4) if FAST else n


ROOT = Path(__file__).resolve().parent.parent
MKDOCS = [sys.executable, "-m", "mkdocs"]

# The test files this session collected, before -m or -k deselect any (tests/test_collection.py).
COLLECTED = pytest.StashKey[set]()


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list) -> None:
    config.stash[COLLECTED] = {item.nodeid.split("::")[0] for item in items}
    # The test files that read an early build (EARLY_BUILDS, below) go last, each kept whole and
    # in its order, so that the tests that need no built site run while the builds do.
    late = {item.path for item in items if _early_fixtures(item)}
    if not _xdist_worker(config):
        items.sort(key=lambda item: item.path in late)
        return
    # Under pytest-xdist (`make check`, `--dist loadgroup`): those files go first, as one group,
    # so one worker starts every build at its first such test and waits for them while the other
    # workers run the rest; no two workers build the same site.
    for item in items:
        if item.path in late:
            item.add_marker(pytest.mark.xdist_group("early-builds"))
    items.sort(key=lambda item: item.path not in late)


def _xdist_worker(config: pytest.Config) -> bool:
    return hasattr(config, "workerinput")


class _Delete:
    def __repr__(self) -> str:  # a stable test id: pytest-xdist's workers must collect alike
        return "DELETE"


DELETE = _Delete()  # put(case, path, DELETE) removes the key


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


class Build:
    """The real `mkdocs build --strict` into ``dest``, started in the background (optionally with
    another rubric folder, or another config file: the benchmark builds the same pages without
    our hooks); ``result()`` waits for it."""

    def __init__(
        self,
        dest: Path,
        *,
        rubrics: Path | None = None,
        extra_env: dict | None = None,
        config: Path | None = None,
    ):
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(extra_env or {})}
        if rubrics is not None:
            env["PLAYBOOK_RUBRICS"] = str(rubrics)
        self.dest = dest
        self.args = [*MKDOCS, "build", "--strict", "--site-dir", str(dest)]
        self.args += ["--config-file", str(config)] if config else []
        # Files, not pipes: nobody reads a pipe while the build runs, and a full one would stop it.
        self._out = tempfile.TemporaryFile("w+")  # noqa: SIM115 - closed by result()
        self._err = tempfile.TemporaryFile("w+")  # noqa: SIM115 - closed by result()
        self._process = subprocess.Popen(
            self.args, cwd=ROOT, env=env, stdout=self._out, stderr=self._err, text=True
        )

    def result(self, timeout: float = 600) -> subprocess.CompletedProcess:
        """Wait for the build (killed after ``timeout`` seconds): its status and output."""
        try:
            code = self._process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.stop()
            raise
        output = []
        for file in (self._out, self._err):
            file.seek(0)
            output.append(file.read())
            file.close()
        return subprocess.CompletedProcess(self.args, code, *output)

    def stop(self) -> None:
        """End the build if it still runs (a session that never needed it)."""
        if self._process.poll() is None:
            self._process.kill()
        self._process.wait()
        self._out.close()
        self._err.close()


def build_site(dest: Path, **options) -> subprocess.CompletedProcess:
    """Run the real `mkdocs build --strict` into ``dest`` and wait for it (options: ``Build``'s)."""
    return Build(dest, **options).result()


# The builds that fixtures read, by fixture name: a function that starts one (a ``Build``, or an
# object with the build in it and a ``stop()``). When collection ends, those that the selected
# tests need are started at once, in the background, and the test files that need them run last:
# the builds run on the machine's other core while the tests that need no built site run.
EARLY_BUILDS: dict[str, Callable[[], Any]] = {}
_STARTED = pytest.StashKey[dict]()
_WANTED = pytest.StashKey[list]()  # under pytest-xdist: started by the first test that reads one


def started_build(config: pytest.Config, fixture: str):
    """What ``EARLY_BUILDS[fixture]`` started when collection ended, or else starts it now."""
    if config.stash.get(_WANTED, []):
        wanted, config.stash[_WANTED] = config.stash[_WANTED], []
        _start_builds(config, wanted)
    early = config.stash.get(_STARTED, {}).pop(fixture, None)
    return early if early is not None else EARLY_BUILDS[fixture]()


def _early_fixtures(item: pytest.Item) -> set[str]:
    return set(getattr(item, "fixturenames", ())) & set(EARLY_BUILDS)


def pytest_collection_finish(session: pytest.Session) -> None:
    wanted = {name for item in session.items for name in _early_fixtures(item)}
    if not wanted or session.config.option.collectonly:
        return
    if _xdist_worker(session.config):  # every worker collects every test; one runs these
        session.config.stash[_WANTED] = sorted(wanted)
        return
    _start_builds(session.config, sorted(wanted))


def _start_builds(config: pytest.Config, wanted: list[str]) -> None:
    # The wheel first, here: the builds then find it in .cache and never both make it.
    sys.path.insert(0, str(ROOT / "hooks"))
    import _engine

    _engine.engine()
    config.stash[_STARTED] = {name: EARLY_BUILDS[name]() for name in wanted}


def pytest_sessionfinish(session: pytest.Session) -> None:
    for early in session.config.stash.get(_STARTED, {}).values():
        early.stop()


class BuildInFolder:
    """A ``Build`` into ``dest``, a new temporary folder, for ``EARLY_BUILDS``: ``prepare(base)``,
    if given, writes what the build reads below the folder and returns more ``Build`` options;
    ``site()`` waits for the build (it must pass) and gives ``dest``."""

    def __init__(self, prepare: Callable[[Path], dict] | None = None, **options):
        self._folder = tempfile.TemporaryDirectory(prefix="playbook-build-")
        base = Path(self._folder.name)
        self.dest = base / "site"
        self.build = Build(self.dest, **options, **(prepare(base) if prepare else {}))

    def site(self) -> Path:
        done = self.build.result()
        assert done.returncode == 0, done.stderr[-4000:]
        return self.dest

    def stop(self) -> None:
        self.build.stop()
        self._folder.cleanup()


@contextlib.contextmanager
def early_site(config: pytest.Config, fixture: str):
    """The folder of the site ``EARLY_BUILDS[fixture]`` (a ``BuildInFolder``) builds, once built;
    the folder is removed afterwards."""
    build = started_build(config, fixture)
    try:
        yield build.site()
    finally:
        build.stop()


class _SiteBuild:
    """The session's site: a loopback server bound to its port, and the build for that origin
    (``env``: more of the build's environment)."""

    def __init__(self, prefix: str = "playbook-site-", **env: str):
        self._folder = tempfile.TemporaryDirectory(prefix=prefix)
        self.dest = Path(self._folder.name)
        self.url, self.server = serve(self.dest, start=False)
        if FAST:  # the fast lane runs no Pyodide, and making the snapshot is running it (12-25 s)
            env.setdefault("PLAYBOOK_SNAPSHOT", "0")
        self.build = Build(self.dest, extra_env={"PLAYBOOK_SITE_URL": self.url, **env})

    def stop(self) -> None:
        self.build.stop()
        self.server.server_close()
        self._folder.cleanup()


EARLY_BUILDS["_site_server"] = _SiteBuild


@contextlib.contextmanager
def served_build(config: pytest.Config, fixture: str):
    """The site ``EARLY_BUILDS[fixture]`` (a ``_SiteBuild``) builds, once built, served on its
    loopback port: ``(folder, base URL)``; stopped and removed afterwards."""
    site = started_build(config, fixture)
    try:
        done = site.build.result()
        assert done.returncode == 0, done.stderr[-4000:]
        threading.Thread(target=site.server.serve_forever, daemon=True).start()
        yield site.dest, site.url
        site.server.shutdown()
    finally:
        site.stop()


@pytest.fixture(scope="session")
def _site_server(request):
    """The whole site, built once with the shipped rubrics, and a loopback server for it.

    The server's port is known before the build, so the site is built with that origin as its
    ``site_url``: Material's instant navigation only follows links of its own origin.
    """
    with served_build(request.config, "_site_server") as served:
        yield served


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


def _two_language_build() -> _SiteBuild:
    """The site in English and German (PLAYBOOK_LANGUAGES=en,de: English in the root, German in
    de/), built for a loopback server's origin, without the engine's snapshot (its engine starts
    the plain way; a snapshot for each language's rubric bundle would cost 15 to 30 s each)."""
    return _SiteBuild("playbook-languages-", PLAYBOOK_LANGUAGES="en,de", PLAYBOOK_SNAPSHOT="0")


EARLY_BUILDS["_two_language_server"] = _two_language_build


@pytest.fixture(scope="session")
def _two_language_server(request):
    """The English and German site, built once, served on 127.0.0.1: (folder, base URL)."""
    with served_build(request.config, "_two_language_server") as served:
        yield served


@pytest.fixture(scope="session")
def two_language_site(_two_language_server) -> Path:
    """The folder of the site built in English (root) and German (de/)."""
    return _two_language_server[0]


@pytest.fixture(scope="session")
def two_language_url(_two_language_server) -> str:
    """The English and German site served on 127.0.0.1 (German under de/)."""
    return _two_language_server[1]
