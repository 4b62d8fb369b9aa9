"""The German translation overlays of maturity and sprint (issue 17): text only, complete, and
applied through the ordinary overlay loader they change no level, gate, plan or id."""

from __future__ import annotations

import inspect
import json
import re
import shutil
from pathlib import Path

import pytest

from calculators._rubric_files import _read_yaml, load_rubrics
from calculators._translations import text_paths, translate
from tests.conftest import run_cli

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "rubrics" / "locales" / "de"
RUBRICS = ["maturity", "sprint"]  # this file's rubrics; the other translations test themselves

# German that is rightly the same as the English (names and terms German uses as they are).
SAME_IN_GERMAN = {"MLOps", "Minimal", "Ad hoc"}


def load(path: Path):
    return _read_yaml(path, str(path.relative_to(ROOT))).data


def where(path: tuple) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")


def at(data, path: tuple):
    for part in path:
        data = data[part]
    return data


def checked(rubric: str) -> tuple[list[str], dict, dict]:
    """The problems of the German file of ``rubric``, the texts it gives and the rubric's own
    texts, each by its path in the rubric. What counts as text is the one rule the loader, the
    overlay warnings and ``diff`` use: a string the rubric's schema leaves free."""
    over = load(LOCALE / f"{rubric}.yaml")
    base = load(ROOT / "rubrics" / f"{rubric}.yaml")
    schema = json.loads((ROOT / "rubrics" / "schema" / f"{rubric}.schema.json").read_text())
    problems: list[str] = []
    if over.get("extends") != rubric:
        problems.append(f"extends: must be '{rubric}' (got {over.get('extends')!r})")
    result = translate(base, over, schema, lambda path: (rubric, 0))
    problems += [message for _, message in result.problems]
    texts = {path: at(result.data, path) for path in result.translated}
    problems += [f"{where(p)}: expected a text" for p, text in texts.items() if not text.strip()]
    return problems, texts, {path: at(base, path) for path in text_paths(base, schema)}


@pytest.mark.parametrize("rubric", RUBRICS)
class TestGermanOverlay:
    """rubrics/locales/de/<rubric>.yaml against rubrics/<rubric>.yaml."""

    def test_only_text_of_known_ids(self, rubric):
        """Every id it names exists at the same place, and it changes nothing but text."""
        problems, _, _ = checked(rubric)
        assert not problems, "\n".join(problems)

    def test_every_text_is_translated(self, rubric):
        """No reader-visible text of the rubric is left without German, or left in English."""
        _, texts, upstream = checked(rubric)
        missing = [where(p) for p in upstream if p not in texts]
        assert not missing, "no German for:\n" + "\n".join(missing)
        same = [
            where(p)
            for p, text in texts.items()
            if text == upstream.get(p) and text not in SAME_IN_GERMAN
        ]
        assert not same, "still in English:\n" + "\n".join(same)


@pytest.fixture(scope="module")
def german_rubrics(tmp_path_factory) -> Path:
    """A copy of rubrics/ with both German files as local overlays."""
    target = tmp_path_factory.mktemp("de") / "rubrics"
    shutil.copytree(ROOT / "rubrics", target, ignore=shutil.ignore_patterns("local", "locales"))
    (target / "local").mkdir()
    for rubric in RUBRICS:
        shutil.copy(LOCALE / f"{rubric}.yaml", target / "local" / f"{rubric}.yaml")
    return target


def answer_sets() -> dict[str, dict]:
    done = run_cli("maturity", "--template", "--format", "json")
    assert done.returncode == 0, done.stderr
    template = json.loads(done.stdout)
    choices = template["choices"]
    return {
        "top": {q: c[-1] for q, c in choices.items()},
        "mixed": {q: c[i % len(c)] for i, (q, c) in enumerate(choices.items())},
        "partial": {q: (c[1] if i % 2 else None) for i, (q, c) in enumerate(choices.items())},
        "dont_know": {
            q: ("dont_know" if i % 3 == 0 else c[0]) for i, (q, c) in enumerate(choices.items())
        },
    } | {"_template": template}


def without_prose(value):
    """The result with every text replaced by a marker: what scoring decides, not its words."""
    if isinstance(value, dict):
        return {key: without_prose(item) for key, item in value.items()}
    if isinstance(value, list):
        return [without_prose(item) for item in value]
    if isinstance(value, str) and not re.fullmatch(r"[a-z0-9_.:-]*", value):
        return "<text>"
    return value


class TestGermanScoring:
    """The German rubrics loaded as overlays through `python -m calculators`."""

    def test_validates(self, german_rubrics):
        """`validate --rubrics DIR` accepts the rubrics with both German overlays."""
        done = run_cli("validate", "--rubrics", str(german_rubrics))
        assert done.returncode == 0, done.stderr + done.stdout

    def test_same_levels_gates_and_plan(self, german_rubrics, tmp_path):
        """Each answers file gives the same levels, gates, actions and plan in German."""
        sets = answer_sets()
        template = sets.pop("_template")
        for name, answers in sets.items():
            file = tmp_path / f"{name}.json"
            file.write_text(json.dumps({**template, "answers": answers}))
            results = []
            for rubrics in (ROOT / "rubrics", german_rubrics):
                done = run_cli("maturity", str(file), "--rubrics", str(rubrics), "--format", "json")
                assert done.returncode == 0, (name, done.stderr)
                results.append(json.loads(done.stdout))
            english, german = results
            assert german["overall"]["level"] == english["overall"]["level"], name
            assert without_prose(german) == without_prose(english), name
            assert german != english, f"{name}: the German overlays changed no text"


class TestGermanThroughLanguageLoader:
    """The same files through the loader's own language support, where it exists."""

    def test_nothing_left_in_english(self):
        """``load_rubrics(..., language="de")`` accepts both files and lists none of their
        texts as untranslated."""
        if "language" not in inspect.signature(load_rubrics).parameters:
            pytest.skip("this branch's load_rubrics has no language support yet")
        loaded = load_rubrics(ROOT / "rubrics", docs_dir=ROOT / "docs", language="de")
        left = {rubric: loaded.untranslated.get(rubric) for rubric in RUBRICS}
        assert not any(left.values()), left
        assert loaded["maturity"]["levels"][2]["label"] == "Produktionsinseln"
