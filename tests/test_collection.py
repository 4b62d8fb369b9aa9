"""The suite tells the truth: every test folder is collected (a folder that pytest stops
collecting, as pytest's default ``norecursedirs`` once did to tests/build/, fails here)."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT


def test_every_test_folder_is_collected():
    """Each folder under tests/ that holds test_*.py files contributes collected tests."""
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    collected = {line.split("::")[0] for line in done.stdout.splitlines() if "::" in line}
    folders = sorted(
        {p.parent.relative_to(ROOT).as_posix() for p in (ROOT / "tests").rglob("test_*.py")}
    )
    missing = [f for f in folders if not any(path.startswith(f + "/") for path in collected)]
    assert folders, "no test folders found"
    assert missing == [], f"test folders pytest does not collect: {missing}"
    files = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "tests").rglob("test_*.py"))
    lost = [f for f in files if f not in collected]
    assert lost == [], f"test files pytest does not collect: {lost}"
