"""The build tests' forked site: one build with every local overlay they test, shared.

A build takes 10 to 15 s, so the tests that read an overlaid site share one: each overlay
below changes a part of the rubrics no other one touches, and each test checks its own. The
site is built without the engine's snapshot (``PLAYBOOK_SNAPSHOT=0``): none of these tests
starts the engine, and a snapshot for a new rubric bundle costs 15 to 30 s more. The snapshot
itself is tested on the session's site (``built_site``), which has one.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import ROOT, build_site

HOSTILE = "Layer <script>alert(1)</script> & co"


def docs_overlay_example() -> str:
    """The overlay example shown on the "Customize the rubrics" page, as published."""
    text = (ROOT / "docs" / "customize.md").read_text(encoding="utf-8")
    return re.search(r'```yaml title="rubrics/local/maturity.yaml"\n(.*?)```', text, re.S).group(1)


# rubrics/local/<file>: the test that reads it.
OVERLAYS = {
    # test_build.py::test_documented_overlay_changes_a_page_and_a_calculator
    "maturity.yaml": docs_overlay_example(),
    # test_build.py::...::test_overlay_changes_pages_and_html_in_rubric_text_is_escaped
    "maturity-label.yaml": (
        "extends: maturity\nlevels:\n  - level: 3\n    id: production_islands\n"
        "    label: 'Islands <script>alert(1)</script> & co'\n"
    ),
    # test_diagrams.py::test_every_diagram_is_on_its_page_and_a_build_overlay_changes_it
    "sprint.yaml": (
        "extends: sprint\nphases:\n  - id: industrialise\n    activities:\n"
        "      - id: stand_up_registry\n        title: 'Install ModelHub & friends'\n"
    ),
    "governance.yaml": f"extends: governance\nlayers:\n  - id: tooling\n    title: '{HOSTILE}'\n",
}


@dataclass(frozen=True)
class Forked:
    """A built site (``site``) and the rubric folder it was built from (``rubrics``)."""

    site: Path
    rubrics: Path


@pytest.fixture(scope="session")
def forked_site(tmp_path_factory) -> Forked:
    """The site built with a copy of rubrics/ and every overlay of ``OVERLAYS`` in its local/."""
    base = tmp_path_factory.mktemp("forked")
    rubrics = base / "rubrics"
    shutil.copytree(ROOT / "rubrics", rubrics)
    (rubrics / "local").mkdir()
    for name, text in OVERLAYS.items():
        (rubrics / "local" / name).write_text(text, encoding="utf-8")
    done = build_site(base / "out", rubrics=rubrics, extra_env={"PLAYBOOK_SNAPSHOT": "0"})
    assert done.returncode == 0, done.stderr[-2000:]
    return Forked(site=base / "out", rubrics=rubrics)
