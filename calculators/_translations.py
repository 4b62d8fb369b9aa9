"""Translation overlays: ``rubrics/locales/<lang>/*.yaml`` put the words of a rubric in another
language, and change nothing else; and the one rule of what is *text* in a rubric.

Text is a string the rubric's JSON Schema leaves free: no ``enum``, ``const``, ``pattern``,
``format`` or ``x-ref``, and no ``"x-text": false`` (the annotation for a free string that is
no prose, such as a licence id or a currency code). A title, a question, a label or a help text
is text; an id, a level, a reference or a date is not. ``is_text`` decides it for a string,
``holds_text`` for a value, ``rewords`` for a change. The translations below, the overlay
loader (an overlay entry that only rewords an id upstream no longer has) and ``diff``
("reworded" or "changed") all ask these functions, so the schemas are the one place that says
what a fork may reword.

A translation file has the shape of a ``rubrics/local/`` overlay (``extends: <rubric id>``,
entries by ``id``, only the keys it changes), applied after the upstream files and before
``rubrics/local/``. Unlike a local overlay it may only give text. Every other key is an error
at its ``file:line``: an
entry or a key that upstream does not have (any more), a changed weight, level, value or id, an
entry retired or removed, a list of another length. A text must keep the ``{placeholders}`` of
the upstream text it translates. What the translation leaves out stays in English; the loader
lists it (``untranslated``), as information, never as a failure.

Used by ``calculators._rubric_files`` and ``calculators._rubric_diff`` (they have the rubric's
schema and the YAML line marks); MkDocs-free and browser-free.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "LOCALES_DIR",
    "Translation",
    "holds_text",
    "is_text",
    "rewords",
    "schemas_at",
    "text_paths",
    "translate",
    "untranslated",
]

LOCALES_DIR = "locales"
# Schema keywords that make a string a code, a reference or a date rather than words.
CODE_KEYWORDS = ("enum", "const", "pattern", "format", "x-ref")
# The annotation that says the same of a string the schema otherwise leaves free.
TEXT_ANNOTATION = "x-text"
# The keys that name the entries of a list, in the order they are tried.
ENTRY_KEYS = ("id", "value", "check")
PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")

Path_ = tuple[str | int, ...]


@dataclass
class Translation:
    """What one translation file did: the rubric's new data, the paths it translated (with the
    overlay's file and line, for later messages) and the problems it has."""

    data: Any
    translated: dict[Path_, tuple[str, int]] = field(default_factory=dict)
    problems: list[tuple[tuple[str, int], str]] = field(default_factory=list)


def _expand(root: dict, schema: Any) -> list[dict]:
    """``schema`` and every schema it stands for through ``$ref`` and the combinators."""
    out, stack, seen = [], [schema], set()
    while stack:
        s = stack.pop()
        if not isinstance(s, dict) or id(s) in seen:
            continue
        seen.add(id(s))
        out.append(s)
        ref = s.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/"):
            node: Any = root
            for part in ref[2:].split("/"):
                node = node.get(part, {}) if isinstance(node, dict) else {}
            stack.append(node)
        for key in ("allOf", "anyOf", "oneOf"):
            stack.extend(s.get(key, []))
        stack.extend(s[key] for key in ("then", "else") if key in s)
    return out


def _child(root: dict, schemas: list[dict], part: str | int) -> list[dict]:
    """The schemas of ``part`` (a key or a list index) below ``schemas``."""
    out = []
    for s in (e for schema in schemas for e in _expand(root, schema)):
        if isinstance(part, int):
            if isinstance(s.get("items"), dict):
                out.append(s["items"])
            continue
        if part in s.get("properties", {}):
            out.append(s["properties"][part])
            continue
        out += [sub for pat, sub in s.get("patternProperties", {}).items() if re.search(pat, part)]
        if isinstance(s.get("additionalProperties"), dict):
            out.append(s["additionalProperties"])
    return out


def schemas_at(root: dict, path: Path_) -> list[dict]:
    """The schemas of the value at ``path`` (keys and list indexes) of a rubric."""
    schemas = [root]
    for part in path:
        schemas = _child(root, schemas, part)
    return schemas


def is_text(root: dict, schemas: list[dict]) -> bool:
    """Whether a string these schemas describe is text (see the module docstring).

    >>> s = {"$defs": {"id": {"type": "string", "pattern": "^[a-z_]+$"}}}
    >>> is_text(s, [{"type": "string"}]), is_text(s, [{"$ref": "#/$defs/id"}])
    (True, False)
    >>> is_text(s, [{"type": "string", "x-text": False}]), is_text(s, [])
    (False, False)
    """
    expanded = [e for s in schemas for e in _expand(root, s)]
    return (
        bool(expanded)
        and not any(k in e for e in expanded for k in CODE_KEYWORDS)
        and not any(e.get(TEXT_ANNOTATION) is False for e in expanded)
    )


def holds_text(root: dict, schemas: list[dict], value: Any) -> bool:
    """Whether ``value`` is text and nothing else: a text string, or a list or mapping of
    nothing but text (a list of symptoms, an evidence without its link).

    >>> s = {"type": "object", "properties": {"text": {"type": "string"},
    ...      "link": {"type": "string", "x-ref": "page"}}}
    >>> holds_text(s, [s], {"text": "A finding"}), holds_text(s, [s], {"link": "a.md"})
    (True, False)
    """
    if isinstance(value, str):
        return is_text(root, schemas)
    if isinstance(value, dict | list) and value:
        parts = value.items() if isinstance(value, dict) else enumerate(value)
        return all(holds_text(root, _child(root, schemas, k), v) for k, v in parts)
    return False


MISSING: Any = object()  # for ``rewords``: the value is not there (a key added or removed)


def rewords(root: dict, schemas: list[dict], old: Any, new: Any) -> bool:
    """Whether ``new`` differs from ``old`` and every difference is text: a text changed, or a
    text added to or taken from a list or mapping. A changed id, number, reference or switch,
    or a value of another kind, is not a rewording. ``MISSING`` stands for a value not there.

    >>> s = {"type": "array", "items": {"type": "object", "properties": {
    ...      "text": {"type": "string"}, "level": {"type": "integer"}}}}
    >>> rewords(s, [s], [{"text": "a", "level": 1}], [{"text": "b", "level": 1}])
    True
    >>> rewords(s, [s], [{"text": "a", "level": 1}], [{"text": "b", "level": 2}])
    False
    """
    if old == new:
        return False
    return _text_apart(root, schemas, old, new)


def _text_apart(root: dict, schemas: list[dict], old: Any, new: Any) -> bool:
    """Whether what differs between ``old`` and ``new`` (if anything) is text only."""
    if old == new:
        return True
    if old is MISSING or new is MISSING:
        return holds_text(root, schemas, new if old is MISSING else old)
    if isinstance(old, str) and isinstance(new, str):
        return is_text(root, schemas)
    if isinstance(old, dict) and isinstance(new, dict):
        keys = [*old, *(k for k in new if k not in old)]
        return all(
            _text_apart(root, _child(root, schemas, k), old.get(k, MISSING), new.get(k, MISSING))
            for k in keys
        )
    if isinstance(old, list) and isinstance(new, list):
        return all(
            _text_apart(
                root,
                _child(root, schemas, i),
                old[i] if i < len(old) else MISSING,
                new[i] if i < len(new) else MISSING,
            )
            for i in range(max(len(old), len(new)))
        )
    return False


def _shown(data: Any, path: Path_) -> str:
    """A path as a reader finds it in the file: list items by id where they have one.

    >>> _shown({"qs": [{"id": "a", "text": "?"}]}, ("qs", 0, "text"))
    'qs[a].text'
    """
    out, node = "", data
    for part in path:
        if isinstance(part, int):
            node = node[part] if isinstance(node, list) and part < len(node) else None
            name = next((node[k] for k in ENTRY_KEYS if isinstance(node, dict) and k in node), None)
            out += f"[{part}]" if name is None else f"[{name}]"
        else:
            out += f".{part}" if out else str(part)
            node = node.get(part) if isinstance(node, dict) else None
    return out or "(top level)"


def text_paths(data: Any, schema: dict) -> list[Path_]:
    """Every path of ``data`` that holds translatable text (live entries only).

    >>> s = {"type": "object", "properties": {"id": {"type": "string", "pattern": "^[a-z]+$"},
    ...      "title": {"type": "string"}, "kind": {"enum": ["a", "b"]}}}
    >>> text_paths({"id": "x", "title": "Hello", "kind": "a"}, s)
    [('title',)]
    """
    out: list[Path_] = []

    def walk(node: Any, schemas: list[dict], path: Path_) -> None:
        if isinstance(node, dict):
            if node.get("retired"):
                return
            for key, value in node.items():
                walk(value, _child(schema, schemas, key), (*path, key))
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, _child(schema, schemas, index), (*path, index))
        elif isinstance(node, str) and path and is_text(schema, schemas):
            out.append(path)

    walk(data, [schema], ())
    return out


def translate(base: Any, over: dict, schema: dict, where) -> Translation:
    """Apply one translation overlay to a rubric's data (``where(path)`` gives the overlay's
    file and line of a path in it). The base is not changed.

    >>> s = {"type": "object", "properties": {"qs": {"type": "array", "items": {
    ...      "type": "object", "properties": {"id": {"type": "string"},
    ...      "text": {"type": "string"}, "weight": {"type": "number"}}}}}}
    >>> base = {"qs": [{"id": "a", "text": "Ready?", "weight": 1}]}
    >>> t = translate(base, {"extends": "m", "qs": [{"id": "a", "text": "Bereit?"}]}, s,
    ...               lambda p: ("de/m.yaml", 3))
    >>> t.data["qs"][0]["text"], t.problems
    ('Bereit?', [])
    >>> t = translate(base, {"qs": [{"id": "a", "weight": 2}, {"id": "b", "text": "?"}]}, s,
    ...               lambda p: ("de/m.yaml", 3))
    >>> for _, message in t.problems: print(message[:60])
    qs[a].weight: a translation may only change text, not this v
    qs[1].id: no entry 'b' upstream (any more): a translation ma
    """
    result = Translation(base)

    def problem(opath: Path_, message: str) -> None:
        result.problems.append((where(opath), message))

    def walk(b: Any, o: Any, schemas: list[dict], bpath: Path_, opath: Path_) -> Any:
        shown = _shown(base, bpath)
        if isinstance(b, dict) and isinstance(o, dict):
            out = dict(b)
            for key, value in o.items():
                if not bpath and key in ("extends",):
                    continue
                if key in ("retired", "remove"):
                    problem(
                        (*opath, key),
                        f"{_join(shown, key)}: a translation may not retire or remove entries "
                        "(do that in rubrics/local/)",
                    )
                elif key not in b:
                    problem(
                        (*opath, key),
                        f"{_join(shown, key)}: no key '{key}' here upstream (any more): "
                        "a translation may only give text that upstream has",
                    )
                else:
                    out[key] = walk(
                        b[key], value, _child(schema, schemas, key), (*bpath, key), (*opath, key)
                    )
            return out
        if isinstance(b, list) and isinstance(o, list):
            key = _entry_key(b, o)
            out_list = list(b)
            if key:
                by_id = {e[key]: i for i, e in enumerate(b)}
                for oi, entry in enumerate(o):
                    if entry[key] not in by_id:
                        problem(
                            (*opath, oi, key),
                            f"{shown}[{oi}].{key}: no entry '{entry[key]}' upstream (any more): "
                            "a translation may not add entries; remove it here, or add the "
                            "entry in rubrics/local/",
                        )
                        continue
                    bi = by_id[entry[key]]
                    out_list[bi] = walk(
                        b[bi], entry, _child(schema, schemas, bi), (*bpath, bi), (*opath, oi)
                    )
                return out_list
            if len(o) != len(b):
                problem(
                    opath,
                    f"{shown}: a translation keeps the list's {len(b)} items "
                    f"(got {len(o)}); it translates them in upstream's order",
                )
                return b
            return [
                walk(bi, oi, _child(schema, schemas, i), (*bpath, i), (*opath, i))
                for i, (bi, oi) in enumerate(zip(b, o, strict=True))
            ]
        if isinstance(b, str) and isinstance(o, str) and is_text(schema, schemas):
            wanted, got = _placeholders(b), _placeholders(o)
            if wanted != got:
                problem(
                    opath,
                    f"{shown}: the translation must use the placeholders of the upstream text "
                    f"({_names(wanted)}; got {_names(got)})",
                )
            result.translated[bpath] = where(opath)
            return o
        if o != b:
            problem(
                opath,
                f"{shown}: a translation may only change text, not this value "
                f"(upstream {b!r}, got {o!r})",
            )
        return b

    result.data = walk(base, over, [schema], (), ())
    return result


def _entry_key(base: list, over: list) -> str | None:
    """The key that names the entries of a list (``id``; answer options by ``value``, stop
    rules by ``check``), when every entry of both lists has it."""
    for key in ENTRY_KEYS:
        if all(isinstance(e, dict) and key in e for e in (*base, *over)) and base:
            return key
    return None


def _placeholders(text: str) -> set[str]:
    """The ``{names}`` a text fills in; ``{Name}`` (the value with a capital) counts as ``name``.

    >>> sorted(_placeholders("{Source} refused: {error}"))
    ['error', 'source']
    """
    return {n[0].lower() + n[1:] for n in PLACEHOLDER.findall(text)}


def _join(shown: str, key: str) -> str:
    return key if shown == "(top level)" else f"{shown}.{key}"


def _names(names: set[str]) -> str:
    return ", ".join(f"{{{n}}}" for n in sorted(names)) or "none"


def untranslated(data: Any, schema: dict, translated: set[Path_]) -> list[str]:
    """The text paths of ``data`` no translation gave, as a reader finds them in the file."""
    return [_shown(data, p) for p in text_paths(data, schema) if p not in translated]
