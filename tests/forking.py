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


# The overlay once the fork has acted on `diff` and the warnings: the rewording of the retired
# question and of the long-gone one deleted, its own wording of the live question kept.
FIXED_OVERLAY = f"""extends: maturity
version: "{NEW_VERSION}-acme.1"
questions:
  - id: {REWORDED}
    text: {FORK_WORDING}
    weight: 3
"""
HOME_TEXT = "At **Acme**, the AI office reviews every pilot with this playbook."
# A 1x1 PNG, for the favicon.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c63f8cfc0f01f0005000201a2d53ee20000000049454e44ae426082"
)


def docs_block(title: str) -> str:
    """The code block titled ``title`` on the "Customize the rubrics" page, as published."""
    text = (ROOT / "docs" / "customize.md").read_text(encoding="utf-8")
    start = text.index(f'title="{title}"\n') + len(f'title="{title}"\n')
    return text[start : text.index("```", start)]


def add_branding(rubrics: Path) -> Path:
    """The documented branding example, with the files it names, in ``rubrics/local/``."""
    local = rubrics / "local"
    local.mkdir(parents=True, exist_ok=True)
    (local / "acme-logo.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">'
        '<circle cx="12" cy="12" r="10" fill="#fff"/></svg>',
        encoding="utf-8",
    )
    (local / "acme-icon.png").write_bytes(PNG)
    (local / "acme.css").write_text(docs_block("rubrics/local/acme.css"), encoding="utf-8")
    (local / "home.md").write_text(HOME_TEXT + "\n", encoding="utf-8")
    file = local / "branding.yaml"
    file.write_text(docs_block("rubrics/local/branding.yaml"), encoding="utf-8")
    return file


def make_fork(tmp: Path) -> dict[str, Path]:
    """A fork's life in folders below ``tmp``: ``fork`` (the shipped rubrics, branded, with the
    overlay), ``upstream`` (the next release), ``merged`` (the fork after merging it, its overlay
    now stale) and ``fixed`` (the merged fork once it acted on the warnings)."""
    fork = copy_rubrics(tmp / "fork")
    add_branding(fork)
    add_overlay(fork)
    upstream_release(copy_rubrics(tmp / "upstream"))
    merged = tmp / "merged"
    shutil.copytree(fork, merged)
    upstream_release(merged)
    fixed = tmp / "fixed"
    shutil.copytree(merged, fixed)
    add_overlay(fixed, FIXED_OVERLAY)
    return {"fork": fork, "upstream": tmp / "upstream", "merged": merged, "fixed": fixed}
