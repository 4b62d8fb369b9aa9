"""The German translations of the root causes and the operating model
(rubrics/locales/de/*.yaml) are overlays that only translate: every id they name exists
upstream, every value they give replaces upstream prose (never an id, a reference, a number or
a switch), placeholders survive, and applied as an overlay they change nothing else."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from calculators._rubric_files import TEXT_KEYS, load_rubrics
from tests.conftest import ROOT

LOCALE = ROOT / "rubrics" / "locales" / "de"
FILES = ("root_causes.yaml", "operating_model.yaml")
# Lists without ids: an overlay can only replace them whole, values and checks included, so a
# translation leaves them to upstream.
WHOLE_LISTS = {("readiness", "answers"), ("readiness", "stop_if_not_in_place")}


def is_prose(value, key=None) -> bool:
    """Text a reader reads: words with spaces (ids, links, versions and licences have none), or
    any text under a key that holds reader-visible text ("Incomplete" as a label)."""
    if not isinstance(value, str):
        return False
    return bool(re.search(r"\s", value.strip())) or key in TEXT_KEYS


def is_id_list(value) -> bool:
    return isinstance(value, list) and all(isinstance(e, dict) and "id" in e for e in value)


def problems(over, base, path=()) -> list[str]:
    """Why ``over`` is not a pure translation of ``base`` (nothing when it is)."""
    where = ".".join(map(str, path)) or "(top level)"
    if isinstance(over, dict):
        if not isinstance(base, dict):
            return [f"{where}: a mapping where upstream has {type(base).__name__}"]
        out = []
        for key, value in over.items():
            if path == () and key == "extends":
                continue
            if key not in base:
                out.append(f"{where}.{key}: no such key upstream")
            else:
                out += problems(value, base[key], (*path, key))
        return out
    if is_id_list(over):
        if not is_id_list(base):
            return [f"{where}: entries by id where upstream has none"]
        known = {e["id"]: e for e in base}
        out = []
        for entry in over:
            if entry["id"] not in known:
                out.append(f"{where}[{entry['id']}]: no such id upstream")
                continue
            rest = {k: v for k, v in entry.items() if k != "id"}
            out += problems(rest, known[entry["id"]], (*path, entry["id"]))
        return out
    if isinstance(over, list):
        if not (isinstance(base, list) and len(base) == len(over)):
            return [f"{where}: a list of {len(over)} where upstream's differs"]
        return [
            p
            for i, (o, b) in enumerate(zip(over, base, strict=True))
            for p in problems(o, b, (*path, i))
        ]
    if not is_prose(base, next((k for k in reversed(path) if isinstance(k, str)), None)):
        return [f"{where}: {base!r} upstream is not text a reader sees (an id, reference or value)"]
    if not (isinstance(over, str) and over.strip()):
        return [f"{where}: the translation {over!r} is not text"]
    if set(re.findall(r"\{\w+\}", over)) != set(re.findall(r"\{\w+\}", base)):
        return [f"{where}: placeholders differ from upstream's"]
    return []


def untranslated(over, base, path=()) -> list[str]:
    """Upstream prose the translation leaves in English."""
    if isinstance(base, dict):
        over = over if isinstance(over, dict) else {}
        return [
            p
            for key, value in base.items()
            if (*path, key) not in WHOLE_LISTS
            for p in untranslated(over.get(key), value, (*path, key))
        ]
    if is_id_list(base):
        mine = {e["id"]: e for e in over or []}
        return [p for e in base for p in untranslated(mine.get(e["id"]), e, (*path, e["id"]))]
    if isinstance(base, list):
        return (
            [] if over is not None or not any(map(is_prose, base)) else [".".join(map(str, path))]
        )
    return [".".join(map(str, path))] if is_prose(base, path[-1]) and over is None else []


def read(file: Path):
    return yaml.safe_load(file.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", FILES)
class TestGermanTranslation:
    def test_it_extends_its_rubric(self, name):
        assert read(LOCALE / name)["extends"] == Path(name).stem

    def test_only_upstream_ids_and_only_text(self, name):
        """Every id exists upstream; every value given replaces prose, never anything else."""
        assert problems(read(LOCALE / name), read(ROOT / "rubrics" / name)) == []

    def test_every_text_is_translated(self, name):
        """No English left, except the lists without ids an overlay cannot translate."""
        assert untranslated(read(LOCALE / name), read(ROOT / "rubrics" / name)) == []

    def test_applied_as_an_overlay_it_validates_and_changes_only_text(self, name, tmp_path):
        """As rubrics/local/ overlay: valid, no warning, and the same ids, references and
        values as upstream."""
        copy = tmp_path / "rubrics"
        shutil.copytree(ROOT / "rubrics", copy, ignore=shutil.ignore_patterns("locales"))
        (copy / "local").mkdir()
        shutil.copy(LOCALE / name, copy / "local" / name)
        loaded = load_rubrics(copy, docs_dir=ROOT / "docs")
        assert loaded.warnings == ()
        upstream = load_rubrics(ROOT / "rubrics", docs_dir=ROOT / "docs")[Path(name).stem]

        def skeleton(value, upstream, key=None):
            """The value with upstream's prose blanked: what a translation must leave alone."""
            if isinstance(value, dict):
                return {k: skeleton(v, upstream.get(k), k) for k, v in value.items()}
            if isinstance(value, list):
                return [skeleton(v, u, key) for v, u in zip(value, upstream, strict=True)]
            return "<text>" if is_prose(upstream, key) else value

        rid = Path(name).stem
        assert skeleton(loaded[rid], upstream) == skeleton(upstream, upstream)
