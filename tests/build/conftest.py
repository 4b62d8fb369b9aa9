"""The build tests' forked site: one build with every local overlay they test, shared.

A build takes 10 to 15 s, so the tests that read an overlaid site share one: each overlay
below changes a part of the rubrics no other one touches, and each test checks its own. The
site is built without the engine's snapshot (``PLAYBOOK_SNAPSHOT=0``): none of these tests
starts the engine, and a snapshot for a new rubric bundle costs 15 to 30 s more. The snapshot
itself is tested on the session's site (``built_site``), which has one. Like that site, this
one is built in the background from the end of collection on (``EARLY_BUILDS``).
"""

from __future__ import annotations

import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import EARLY_BUILDS, ROOT, Build, started_build

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


class _ForkedBuild:
    """A copy of rubrics/ with every overlay of ``OVERLAYS`` in its local/, and its build."""

    def __init__(self):
        self._folder = tempfile.TemporaryDirectory(prefix="playbook-forked-")
        base = Path(self._folder.name)
        self.forked = Forked(site=base / "out", rubrics=base / "rubrics")
        shutil.copytree(ROOT / "rubrics", self.forked.rubrics)
        (self.forked.rubrics / "local").mkdir()
        for name, text in OVERLAYS.items():
            (self.forked.rubrics / "local" / name).write_text(text, encoding="utf-8")
        self.build = Build(
            self.forked.site, rubrics=self.forked.rubrics, extra_env={"PLAYBOOK_SNAPSHOT": "0"}
        )

    def stop(self) -> None:
        self.build.stop()
        self._folder.cleanup()


EARLY_BUILDS["forked_site"] = _ForkedBuild  # started when collection ends (tests/conftest.py)


@pytest.fixture(scope="session")
def forked_site(request):
    """The site built with a copy of rubrics/ and every overlay of ``OVERLAYS`` in its local/."""
    forked = started_build(request.config, "forked_site")
    try:
        done = forked.build.result()
        assert done.returncode == 0, done.stderr[-2000:]
        yield forked.forked
    finally:
        forked.stop()
