"""The loader remembers the files it read and the rubrics that passed its checks, so that a
copy of the rubrics with one file changed reads and checks again only what that change can
touch. Each load still gets its own data and its own file names in messages, and what a
remembered rubric's checks read outside it still counts: an entry of another rubric that it
names, and the pages and headings of docs/ that it links."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from calculators import _rubric_files as rubric_files
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


# -- across processes: the build keeps the keys of what passed in .cache/rubrics --------------


def new_process() -> None:
    """Forget what this process remembers (as a new build process would start)."""
    rubric_files._PASSED.clear()
    rubric_files._load_cached.cache_clear()


@pytest.fixture
def counted(monkeypatch):
    """How many loads made the schema validator, i.e. checked at least one rubric."""
    made = []
    real = rubric_files._validator_class

    def validator_class(*args):
        made.append(args)
        return real(*args)

    monkeypatch.setattr(rubric_files, "_validator_class", validator_class)
    return made


def test_a_new_process_does_not_check_again_what_passed(tmp_path, docs, counted):
    cache = tmp_path / "cache"
    new_process()
    load_rubrics(copy_rubrics(tmp_path / "one"), docs_dir=docs, passed_cache=cache)
    assert len(counted) == 1
    keys = (cache / "passed").read_text().split()
    assert len(keys) == len(list((ROOT / "rubrics").glob("*.yaml")))
    new_process()
    loaded = load_rubrics(copy_rubrics(tmp_path / "two"), docs_dir=docs, passed_cache=cache)
    assert len(counted) == 1, "the rubrics were checked again"
    assert loaded["maturity"]["questions"]
    new_process()  # without the folder, nothing is taken from it
    load_rubrics(copy_rubrics(tmp_path / "three"), docs_dir=docs)
    assert len(counted) == 2


def test_a_broken_rubric_is_refused_whatever_the_folder_holds(tmp_path, docs):
    cache = tmp_path / "cache"
    new_process()
    load_rubrics(copy_rubrics(tmp_path / "one"), docs_dir=docs, passed_cache=cache)
    new_process()
    broken = copy_rubrics(tmp_path / "two")
    maturity = broken / "maturity.yaml"
    text = maturity.read_text()
    old = "  - id: business_ownership\n"
    maturity.write_text(text.replace(old, "  - id: business_ownership\n    colour: red\n", 1))
    with pytest.raises(RubricError) as err:
        load_rubrics(broken, docs_dir=docs, passed_cache=cache)
    assert any(
        p.startswith(f"{maturity}:") and "unknown key 'colour'" in p for p in err.value.problems
    ), err.value.problems


def test_changed_checks_check_every_rubric_again(tmp_path, docs, counted, monkeypatch):
    cache = tmp_path / "cache"
    new_process()
    load_rubrics(copy_rubrics(tmp_path / "one"), docs_dir=docs, passed_cache=cache)
    new_process()
    monkeypatch.setattr(rubric_files, "_code_stamp", lambda: "the checks as changed")
    load_rubrics(copy_rubrics(tmp_path / "two"), docs_dir=docs, passed_cache=cache)
    assert len(counted) == 2


@pytest.mark.parametrize("content", [b"\xff\xfe not ascii", b"", b"not-a-key\n"])
def test_an_unreadable_or_foreign_record_is_no_record(tmp_path, docs, counted, content):
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "passed").write_bytes(content)
    new_process()
    load_rubrics(copy_rubrics(tmp_path / "one"), docs_dir=docs, passed_cache=cache)
    assert len(counted) == 1
    keys = (cache / "passed").read_text().split()
    assert len(keys) >= len(list((ROOT / "rubrics").glob("*.yaml")))
