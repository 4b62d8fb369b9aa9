"""The loader remembers the files it read and the rubrics that passed its checks, so that a
copy of the rubrics with one file changed reads and checks again only what that change can
touch. Each load still gets its own data and its own file names in messages, and what a
remembered rubric's checks read outside it still counts: an entry of another rubric that it
names, and the pages and headings of docs/ that it links."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from calculators._rubric_files import RubricError, load_rubrics

ROOT = Path(__file__).resolve().parents[2]
LINKED = "playbook/operating-model.md"  # maturity.yaml links it, and its heading {#roles}


def copy_rubrics(dest: Path) -> Path:
    shutil.copytree(ROOT / "rubrics", dest)
    return dest


def problems(rubrics: Path, docs: Path) -> list[str]:
    with pytest.raises(RubricError) as err:
        load_rubrics(rubrics, docs_dir=docs)
    return err.value.problems


@pytest.fixture
def docs(tmp_path) -> Path:
    """A copy of docs/, and the shipped rubrics loaded against it once: every rubric passed."""
    dest = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", dest)
    load_rubrics(copy_rubrics(tmp_path / "first"), docs_dir=dest)
    return dest


def test_each_load_has_its_own_data(tmp_path, docs):
    first = load_rubrics(copy_rubrics(tmp_path / "one"), docs_dir=docs)["maturity"]
    first["dimensions"][0]["title"] = "Changed by its reader"
    first["questions"].clear()
    again = load_rubrics(copy_rubrics(tmp_path / "two"), docs_dir=docs)["maturity"]
    assert again["dimensions"][0]["title"] == "Business ownership"
    assert again["questions"]


def test_a_rubric_that_passed_is_refused_once_a_page_it_links_is_gone(tmp_path, docs):
    (docs / LINKED).unlink()
    again = copy_rubrics(tmp_path / "again")
    found = problems(again, docs)
    shown = f"{again / 'maturity.yaml'}:63: "  # the copy read this time, at the link's line
    assert any(p.startswith(shown) and f"missing page '{LINKED}'" in p for p in found), "\n".join(
        found
    )


def test_a_rubric_that_passed_is_refused_once_a_heading_it_links_is_gone(tmp_path, docs):
    page = docs / LINKED
    page.write_text(page.read_text().replace("{#roles}", "{#the-roles}"), encoding="utf-8")
    found = problems(copy_rubrics(tmp_path / "again"), docs)
    assert any(f"'#roles', which is not a heading of {LINKED}" in p for p in found), "\n".join(
        found
    )


def test_a_rubric_that_passed_is_refused_once_an_entry_it_names_elsewhere_is_retired(
    tmp_path, docs
):
    """root_causes.yaml is unchanged; the maturity dimension its first cause names is retired."""
    rubrics = copy_rubrics(tmp_path / "again")
    maturity = rubrics / "maturity.yaml"
    text = maturity.read_text()
    old = "  - id: business_ownership\n"
    assert old in text
    maturity.write_text(text.replace(old, old + "    retired: true\n", 1))
    found = problems(rubrics, docs)
    assert any(
        "root_causes.yaml:21: " in p and "'business_ownership' is not a known dimensions" in p
        for p in found
    ), "\n".join(found)
