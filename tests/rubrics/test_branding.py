"""A fork's branding file, rubrics/local/branding.yaml (calculators/_branding.py): what it
accepts, and every mistake at once with file:line, from the loader and from `validate`."""

from __future__ import annotations

from pathlib import Path

import pytest

from calculators._branding import read_branding
from calculators._rubric_files import RubricError, load_rubrics
from tests.conftest import ROOT, run_cli
from tests.forking import copy_rubrics

GOOD = """site_name: Acme AI Playbook
palette: {primary: teal, accent: amber}
logo: logo.svg
stylesheet: brand.css
home: home.md
"""


def brand(rubrics: Path, text: str = GOOD) -> Path:
    local = rubrics / "local"
    local.mkdir(exist_ok=True)
    (local / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    (local / "brand.css").write_text(":root { --md-primary-fg-color: #00695c; }")
    (local / "home.md").write_text("At Acme, every pilot is reviewed with this playbook.")
    file = local / "branding.yaml"
    file.write_text(text)
    return file


@pytest.fixture
def rubrics(tmp_path) -> Path:
    return copy_rubrics(tmp_path / "rubrics")


class TestReadBranding:
    """What a branding file gives the build."""

    def test_no_file_no_branding(self):
        """Upstream ships none: the site is upstream's."""
        assert read_branding(ROOT / "rubrics") is None

    def test_a_good_file(self, rubrics):
        """Texts, palette and the files beside it, as absolute paths."""
        brand(rubrics)
        found = read_branding(rubrics)
        assert found["site_name"] == "Acme AI Playbook"
        assert found["palette"] == {"primary": "teal", "accent": "amber"}
        assert found["logo"] == (rubrics / "local" / "logo.svg").resolve()
        assert found["home"].name == "home.md"

    def test_every_mistake_at_once_with_its_line(self, rubrics):
        """An unknown key, a colour Material lacks, a missing file, a file outside the folder
        and the wrong file type are each named at their line."""
        file = brand(
            rubrics,
            "site_nmae: Acme\npalette: {primary: tael}\nlogo: missing.svg\n"
            "stylesheet: ../../x.css\nhome: brand.css\n",
        )
        with pytest.raises(RubricError) as err:
            read_branding(rubrics)
        shown = str(file)
        found = err.value.problems
        assert f"{shown}:1: unknown key 'site_nmae'" in found[0]
        assert found[1].startswith(f"{shown}:2: palette.primary: 'tael' is not a Material colour")
        assert found[2] == f"{shown}:3: logo: no file 'missing.svg' beside branding.yaml"
        assert found[3].startswith(f"{shown}:4: stylesheet: '../../x.css' is outside")
        assert found[4] == f"{shown}:5: home: 'brand.css' must be a .md file"

    def test_the_branding_file_is_not_an_overlay(self, rubrics):
        """The loader leaves branding.yaml alone (it extends no rubric)."""
        brand(rubrics)
        assert load_rubrics(rubrics).warnings == ()


class TestValidate:
    """`validate` checks the branding file too."""

    def test_a_bad_branding_file_exits_1(self, rubrics):
        brand(rubrics, "palette: {accent: brown}\n")
        done = run_cli("validate", "--rubrics", str(rubrics))
        assert done.returncode == 1
        assert "branding.yaml:1: palette.accent: 'brown' is not a Material colour" in done.stderr

    def test_a_good_branding_file_passes(self, rubrics):
        brand(rubrics)
        assert run_cli("validate", "--rubrics", str(rubrics)).returncode == 0
