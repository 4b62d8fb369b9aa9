"""A fork and an upstream release, in tmp folders: what the fork tests change in rubric copies.

The upstream change is made to a copy of the shipped rubrics, as a new release would make it:
a question retired, a question reworded, the version raised. The fork's overlay rewords the same
two questions and one that upstream removed long ago.
"""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RETIRED = "ai_in_core_workflows"  # referenced by nothing else, so upstream can retire it alone
REWORDED = "process_redesign"
NEW_VERSION = "1.1.0"
FORK_WORDING = "Does Acme redesign the process around each AI feature it deploys?"
OVERLAY = f"""extends: maturity
version: "{NEW_VERSION}-acme.1"
questions:
  - id: {REWORDED}
    text: {FORK_WORDING}
    weight: 3
  - id: {RETIRED}
    text: Is AI part of Acme's core workflows?
  - id: long_gone_question
    text: A question upstream removed before this release
"""


def copy_rubrics(dest: Path) -> Path:
    """A copy of the shipped rubrics (schemas included, no overlay) at ``dest``."""
    shutil.copytree(ROOT / "rubrics", dest, ignore=shutil.ignore_patterns("local"))
    return dest


def replace(file: Path, old: str, new: str) -> int:
    """Replace the one ``old`` in ``file`` by ``new``; the line where it stood."""
    text = file.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"expected one {old!r} in {file}"
    file.write_text(text.replace(old, new), encoding="utf-8")
    return text.count("\n", 0, text.index(old)) + 1


def upstream_release(rubrics: Path) -> dict[str, int]:
    """Make ``rubrics`` the next upstream release: ``RETIRED`` retired, ``REWORDED`` reworded,
    the maturity version raised; the lines of the two changed questions."""
    maturity = rubrics / "maturity.yaml"
    replace(maturity, '\nversion: "1.0.0"\n', f'\nversion: "{NEW_VERSION}"\n')
    retired = replace(maturity, f"  - id: {RETIRED}\n", f"  - id: {RETIRED}\n    retired: true\n")
    reworded = replace(
        maturity,
        "    text: When you deploy AI, how much of the surrounding process do you redesign?\n",
        "    text: When you deploy AI, how much of the process around it do you redesign?\n",
    )
    return {RETIRED: retired, REWORDED: reworded - 2}


def add_overlay(rubrics: Path, text: str = OVERLAY) -> Path:
    """The fork's overlay of the maturity rubric in ``rubrics/local/``."""
    (rubrics / "local").mkdir(parents=True, exist_ok=True)
    file = rubrics / "local" / "maturity.yaml"
    file.write_text(text, encoding="utf-8")
    return file
