"""The suite tells the truth: every test folder is collected (a folder that pytest stops
collecting, as pytest's default ``norecursedirs`` once did to tests/build/, fails here)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import COLLECTED, ROOT


def _whole_suite(config: pytest.Config) -> bool:
    """Whether this session collected the whole suite (tests/ itself, not files or tests below
    it), so its own collection answers the question without a second pytest."""
    here = Path(config.invocation_params.dir)
    paths = {(here / arg).resolve() for arg in config.args if "::" not in arg}
    return len(paths) == len(config.args) and bool(paths & {ROOT, ROOT / "tests"})


def _collected_files(config: pytest.Config) -> set[str]:
    if _whole_suite(config) and COLLECTED in config.stash:
        return config.stash[COLLECTED]
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return {line.split("::")[0] for line in done.stdout.splitlines() if "::" in line}


def test_every_test_folder_is_collected(pytestconfig):
    """Each folder under tests/ that holds test_*.py files contributes collected tests.

    A run of the whole suite answers from its own collection (before ``-m``/``-k`` deselect
    anything); a narrower run collects the suite again in a child pytest."""
    collected = _collected_files(pytestconfig)
    folders = sorted(
        {p.parent.relative_to(ROOT).as_posix() for p in (ROOT / "tests").rglob("test_*.py")}
    )
    missing = [f for f in folders if not any(path.startswith(f + "/") for path in collected)]
    assert folders, "no test folders found"
    assert missing == [], f"test folders pytest does not collect: {missing}"
    files = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "tests").rglob("test_*.py"))
    lost = [f for f in files if f not in collected]
    assert lost == [], f"test files pytest does not collect: {lost}"


def test_every_property_names_its_examples_through_examples():
    """The fast lane (`make check`) scales each property's examples by ``examples(n)``; a bare
    number there would run in full in the fast lane and slow it for everyone."""
    bare = [
        f"{path.relative_to(ROOT).as_posix()}:{n}"
        for path in sorted((ROOT / "tests").rglob("test_*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"max_examples\s*=\s*\d", line)
    ]
    assert bare == [], f"use max_examples=examples(n): {bare}"
