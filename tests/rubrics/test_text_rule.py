"""One rule says what is text in a rubric (calculators._translations.is_text): a string its
schema leaves free. Both ways, on every shipped rubric: every text takes any words and every
other string refuses them (or its schema says ``x-text: false``); and the overlay loader, ``diff``
and the translations treat as text exactly those strings."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from calculators._rubric_diff import _compare, _entries
from calculators._rubric_files import _Doc, _validator_class, load_rubrics, merge
from calculators._translations import TEXT_ANNOTATION, schemas_at, text_paths, translate

ROOT = Path(__file__).resolve().parents[2]
LOADED = load_rubrics(ROOT / "rubrics", docs_dir=ROOT / "docs")
RUBRICS = sorted(LOADED.rubrics)


def schema_of(rid: str) -> dict:
    return json.loads((ROOT / "rubrics" / "schema" / f"{rid}.schema.json").read_text("utf-8"))


def strings(data, path: tuple = ()):
    """Every string of ``data`` with its path, but those of retired entries (no page shows
    them, and translations leave them out)."""
    if isinstance(data, dict):
        if data.get("retired"):
            return
        for key, value in data.items():
            yield from strings(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from strings(value, (*path, index))
    elif isinstance(data, str):
        yield path, data


def put(data, path: tuple, value) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def schema_errors(rid: str, data) -> set[tuple]:
    """The paths of every schema error of ``data``, those inside oneOf/anyOf branches too."""
    rubrics = {**LOADED.rubrics, rid: data}
    cls = _validator_class(rubrics, ROOT / "docs")
    found: set[tuple] = set()
    stack = list(cls(schema_of(rid)).iter_errors(data))
    while stack:
        err = stack.pop()
        found.add(tuple(err.absolute_path))
        stack.extend(err.context or [])
    return found


def annotated(schema: dict, path: tuple) -> bool:
    """Whether the schema says of the string at ``path`` that it is no text (``x-text``)."""
    return any(s.get(TEXT_ANNOTATION) is False for s in schemas_at(schema, path))


@pytest.mark.parametrize("rid", RUBRICS)
class TestTextIsWhatTheSchemaLeavesFree:
    """The rule against the schema itself: what it calls text is what validation lets be."""

    def test_every_text_takes_any_words(self, rid):
        """Each string the rule calls text may be other words: the rubric stays valid."""
        data = copy.deepcopy(LOADED[rid])
        paths = text_paths(data, schema_of(rid))
        assert paths, f"{rid}: no text at all"
        for n, path in enumerate(paths):
            put(data, path, f"Andere Worte Nr. {n}")
        assert schema_errors(rid, data) == set()

    def test_every_other_string_refuses_words(self, rid):
        """Each string the rule does not call text either refuses other words (an id, a
        choice, a reference, a version) or says in its schema that it is no text."""
        schema = schema_of(rid)
        data = copy.deepcopy(LOADED[rid])
        texts = set(text_paths(data, schema))
        others = [p for p, _ in strings(data) if p not in texts and not annotated(schema, p)]
        for n, path in enumerate(others):
            put(data, path, f"Andere Worte Nr. {n}")
        refused = schema_errors(rid, data)
        accepted = [p for p in others if p not in refused]
        assert accepted == [], f"{rid}: free strings the rule calls no text: {accepted}"


def entry_fields(data, path: tuple = ()):
    """Every own field of every live entry with an id, as (entry path, key, value)."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from entry_fields(value, (*path, key))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            if isinstance(item, dict) and "id" in item and not item.get("retired"):
                for key, value in item.items():
                    if key != "id" and not _is_id_list(value):
                        yield (*path, index), key, value
            yield from entry_fields(item, (*path, index))


def _is_id_list(value) -> bool:
    return isinstance(value, list) and any(isinstance(e, dict) and "id" in e for e in value)


def words_only(texts: set, path: tuple, value) -> bool:
    """What the rule says of other words in each string of a field: a rewording when each of
    its strings is text (its numbers and switches stay as they are)."""
    leaves = {p for p, _ in strings(value, path)}
    return bool(leaves) and leaves <= texts


def only_text(texts: set, path: tuple, value) -> bool:
    """What the rule says of a field an overlay gives: only text when its value is strings,
    each of them text (a number or a switch is no rewording)."""
    return words_only(texts, path, value) and _count_leaves(value) == len(list(strings(value)))


def _count_leaves(value) -> int:
    if isinstance(value, dict | list):
        return sum(_count_leaves(v) for v in (value.values() if isinstance(value, dict) else value))
    return 1


def reworded(value):
    """``value`` with other words in each of its strings."""
    if isinstance(value, dict):
        return {k: reworded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [reworded(v) for v in value]
    return f"{value} (neu)" if isinstance(value, str) else value


def overlay_for(data, entry: tuple, entry_id: str, key: str, value) -> dict:
    """An overlay of one entry at ``entry`` (its place in ``data``), with the entries above it
    named by their ids, that gives ``key: value`` for the id ``entry_id``."""
    node: dict = {key: value, "id": entry_id}
    for cut in range(len(entry) - 1, -1, -1):
        part, parent = entry[cut], entry[:cut]
        if isinstance(part, int):
            node = [node]
        else:
            node = {part: node}
            if parent and isinstance(parent[-1], int):
                node["id"] = at(data, parent)["id"]
    return node


def at(data, path: tuple):
    for part in path:
        data = data[part]
    return data


@pytest.mark.parametrize("rid", RUBRICS)
class TestEveryConsumerAsksTheRule:
    """The loader, diff and the translations treat a field as text exactly when the rule does."""

    def test_diff_rewords_exactly_the_text(self, rid):
        """Other words in one field: diff says "reworded" when the field is text, else
        "changed" (the n-th field of every entry at once, for n = 0, 1, ...)."""
        schema = schema_of(rid)
        data = LOADED[rid]
        texts = set(text_paths(data, schema))
        shown = {where: path for path, (where, _) in _entries(data).items()}
        rounds: dict[int, list] = {}
        for entry, key, value in entry_fields(data):
            if reworded(value) != value:
                rounds.setdefault(entry, []).append((key, value))
        wrong = []
        for n in range(max(map(len, rounds.values()), default=0)):
            fields = {e: f[n] for e, f in rounds.items() if len(f) > n}
            new = copy.deepcopy(data)
            for entry, (key, value) in fields.items():
                at(new, entry)[key] = reworded(value)
            kinds: dict[str, set] = {}
            for c in _compare(rid, _Doc(data), _Doc(new), schema):
                kinds.setdefault(c["path"], set()).add(c["kind"])
            for entry, (key, value) in fields.items():
                expected = "reworded" if words_only(texts, (*entry, key), value) else "changed"
                if kinds.get(shown[entry]) != {expected}:
                    wrong.append((entry, key, kinds.get(shown[entry]), expected))
        assert wrong == []

    def test_the_loader_takes_as_a_rewording_exactly_the_text(self, rid):
        """A field for an id upstream does not have, short of the keys its siblings have: the
        loader warns (a stale rewording) when the field is text, and adds the entry when not."""
        schema = schema_of(rid)
        data = LOADED[rid]
        texts = set(text_paths(data, schema))
        wrong = []
        for entry, key, value in entry_fields(data):
            siblings = at(data, entry[:-1])
            if not set.intersection(*(set(e) for e in siblings)) - {"id", key}:
                continue  # nothing every sibling has that this entry lacks: always an addition
            warnings: list[str] = []
            overlay = overlay_for(data, entry, "never_upstream", key, value)
            merge(_Doc(data), _Doc(overlay), warnings, schema)
            if bool(warnings) != only_text(texts, (*entry, key), value):
                wrong.append((entry, key, warnings))
        assert wrong == []

    def test_a_translation_may_change_exactly_the_text(self, rid):
        """Other words in one field of an entry: a translation takes it when the field is
        text, and refuses it when not."""
        schema = schema_of(rid)
        data = LOADED[rid]
        texts = set(text_paths(data, schema))
        wrong = []
        for entry, key, value in entry_fields(data):
            if reworded(value) == value:
                continue
            entry_id = at(data, entry)["id"]
            overlay = overlay_for(data, entry, entry_id, key, reworded(value))
            problems = translate(data, overlay, schema, lambda p: ("x", 1)).problems
            if (not problems) != words_only(texts, (*entry, key), value):
                wrong.append((entry, key, problems))
        assert wrong == []
