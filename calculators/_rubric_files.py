"""Read the rubric files, apply local overlays, and validate everything with file:line messages.

This is the one place where rubrics are read from disk, for the site build (``hooks/``) and
for ``python -m calculators validate``. It needs PyYAML and jsonschema (the ``files`` extra);
the scoring engine that runs in the browser never imports it.

Layout: ``DIR/*.yaml`` are the rubrics (``id`` equals the file stem), each validated against
``DIR/schema/<id>.schema.json``. ``DIR/local/*.yaml`` are an organization's overlays: a file
with ``extends: <rubric id>`` changes that rubric without editing it (see ``merge``), except
``DIR/local/branding.yaml``, the fork's site name, logo and colours (read by ``hooks/branding.py``).

Soft problems of an overlay, left by a change upstream, are warnings (``RubricSet.warnings``,
each ``file:line: message``), never errors: an overlay that changes an entry upstream has
retired, and one that only rewords an id upstream no longer has (text only, as the rubric's
schema defines text (``calculators._translations.is_text``), short of what every entry of its
list has: that entry is left out, there is nothing left to reword).

``DIR/locales/<lang>/*.yaml`` translate rubrics into another language (see
``calculators._translations``); ``load_rubrics(..., language="de")`` applies them after the
upstream files and before the local overlays, and lists what stays untranslated.

Beyond JSON Schema, three generic rules hold in every rubric: ids in a list are unique; a
value under the custom keyword ``x-ref`` names an existing entry (``rubric/path[#key]``, ``*``
walks a list) or, for ``x-ref: page``, an existing page of ``docs/``; ``x-unique: key`` makes
that key unique in a list. ``x-text: false`` validates nothing: it says that a string the schema
leaves free is no prose (see ``calculators._translations.is_text``). Rules particular to one rubric live beside its engine
(``check_rubric`` in the engine modules) and get the same file:line treatment.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from ._errors import InputError
from ._translations import LOCALES_DIR, holds_text, schemas_at

__all__ = ["RubricError", "RubricSet", "load_rubrics"]

RubricPath = tuple[str | int, ...]
OVERLAY_DIR = "local"
BRANDING_FILE = "branding.yaml"  # in OVERLAY_DIR, and not an overlay
SCHEMA_DIR = "schema"
RESERVED_OVERLAY_KEYS = {"extends", "remove"}


class RubricError(InputError):
    """One or more rubric files are wrong; ``problems`` holds every ``file:line: message``."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class _Doc:
    data: Any
    lines: dict[RubricPath, tuple[str, int]] = field(default_factory=dict)

    def where(self, path: RubricPath) -> tuple[str, int]:
        """The file and line of the deepest known node on ``path``."""
        for cut in range(len(path), -1, -1):
            if path[:cut] in self.lines:
                return self.lines[path[:cut]]
        return next(iter(self.lines.values()), ("?", 1))


@dataclass(frozen=True)
class RubricSet:
    """Validated rubrics by id, and the files they came from (for messages and rebuilds)."""

    rubrics: dict[str, Any]
    files: tuple[Path, ...]
    # Soft problems of the overlays, each ``file:line: message`` (see the module docstring).
    warnings: tuple[str, ...] = ()
    # The language the rubrics are in ("en" is upstream's own), and per rubric id the texts the
    # translation leaves in English (information, never a failure; empty for "en").
    language: str = "en"
    untranslated: dict[str, list[str]] = field(default_factory=dict)

    def __getitem__(self, rubric_id: str) -> Any:
        return self.rubrics[rubric_id]


def show_path(path: RubricPath) -> str:
    """``('questions', 3, 'dimension')`` -> ``questions[3].dimension``."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


# --- reading YAML with line numbers ---------------------------------------------------------


# Files read before, by their text: their data (pickled: each reader gets its own copy) and
# the line of each path. A rebuild, or a copy of the rubrics in another folder, reads the same
# text again; unpickling it is many times faster than building it from YAML.
_PARSED: dict[str, tuple[bytes, dict[RubricPath, int]]] = {}
_PARSED_KEPT = 64  # files; the oldest go first


def _read_yaml(file: Path, shown: str) -> _Doc:
    try:
        text = file.read_text(encoding="utf-8")
    except UnicodeDecodeError as err:
        raise RubricError([f"{shown}:1: not UTF-8 text ({err.reason})"]) from None
    if text in _PARSED:
        data, lines = _PARSED[text]
        return _Doc(pickle.loads(data), {path: (shown, line) for path, line in lines.items()})
    doc = _parse_yaml(text, shown)
    lines = {path: line for path, (_, line) in doc.lines.items()}
    _remember(_PARSED, text, (pickle.dumps(doc.data), lines), _PARSED_KEPT)
    return doc


def _parse_yaml(text: str, shown: str) -> _Doc:
    import yaml

    # libyaml's loader when available (several times faster); both keep line marks.
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise RubricError(
                [f"{shown}:1: the file is empty (expected a mapping with id, version, ...)"]
            )
        doc = _Doc(loader.construct_document(node))
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else 1
        raise RubricError(
            [f"{shown}:{line}: YAML syntax error: {err.problem or err.context}"]
        ) from None
    finally:
        loader.dispose()
    problems: list[str] = []
    _walk_nodes(node, (), shown, doc.lines, problems)
    if problems:
        raise RubricError(problems)
    if not isinstance(doc.data, dict):
        raise RubricError(
            [f"{shown}:1: expected a mapping at the top level (got {type(doc.data).__name__})"]
        )
    return doc


def _walk_nodes(node, path: RubricPath, shown: str, lines: dict, problems: list[str]) -> None:
    import yaml

    lines[path] = (shown, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value
            line = key_node.start_mark.line + 1
            if key in seen:
                problems.append(
                    f"{shown}:{line}: {show_path((*path, key))}: duplicate key '{key}' "
                    f"(first at line {seen[key]})"
                )
            seen[key] = line
            _walk_nodes(value_node, (*path, key), shown, lines, problems)
            lines[(*path, key)] = (shown, line)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk_nodes(item, (*path, index), shown, lines, problems)


# --- overlays -------------------------------------------------------------------------------


def merge(
    base: _Doc, overlay: _Doc, warnings: list[str] | None = None, schema: dict | None = None
) -> _Doc:
    """Apply an overlay to a rubric; both keep the lines of what they contributed.

    Mappings merge key by key; a list of entries with ``id`` merges by id: an entry with a
    known id changes that entry (only the keys it gives), an unknown id is appended, and
    a top-level ``remove: {list key: [ids]}`` drops entries (``retired: true`` hides while keeping
    the id). Any other value replaces the base value. An entry that changes one the base has
    retired, or that gives only text (as the rubric's ``schema`` defines it; without one,
    nothing is text) for an id the base does not have and lacks a key every entry of the list
    has, adds a ``file:line`` message to ``warnings``; the second is left out (a stale
    rewording, not a new entry).

    >>> b = _Doc({"qs": [{"id": "a", "w": 1}, {"id": "b", "w": 1}], "t": "x"})
    >>> o = _Doc({"qs": [{"id": "b", "w": 3}, {"id": "c", "w": 1}], "t": "y"})
    >>> merge(b, o).data
    {'qs': [{'id': 'a', 'w': 1}, {'id': 'b', 'w': 3}, {'id': 'c', 'w': 1}], 't': 'y'}
    """
    lines = dict(base.lines)
    found: list[str] = [] if warnings is None else warnings
    sink = (lines, found, schema or {})
    data = _merge_value(base.data, overlay.data, (), (), base, overlay, sink)
    return _Doc(data, lines)


def _merge_value(base, over, bpath: RubricPath, opath: RubricPath, bdoc: _Doc, odoc: _Doc, sink):
    lines, warnings, schema = sink  # where the lines go, the warnings, the schema (see merge)
    if isinstance(base, dict) and isinstance(over, dict):
        out = dict(base)
        top = bpath == ()
        removals: dict = over["remove"] if top and isinstance(over.get("remove"), dict) else {}
        for key, value in over.items():
            if top and key in RESERVED_OVERLAY_KEYS:
                continue
            out[key] = _merge_value(
                base.get(key), value, (*bpath, key), (*opath, key), bdoc, odoc, sink
            )
            if key not in base:
                _copy_lines(odoc, (*opath, key), (*bpath, key), lines)
        for key, ids in removals.items():
            if isinstance(out.get(key), list) and isinstance(ids, list):
                out[key] = [e for e in out[key] if not (isinstance(e, dict) and e.get("id") in ids)]
        return out
    if _is_id_list(base) and _is_id_list(over):
        entries = list(base)
        index = {e["id"]: i for i, e in enumerate(entries)}

        def text(key: str, value: Any) -> bool:  # the value of an entry's key: only text?
            return holds_text(schema, schemas_at(schema, (*bpath, 0, key)), value)

        for oi, entry in enumerate(over):
            problem = _stale(entries, index, entry, text)
            if problem:
                file, line = odoc.where((*opath, oi))
                warnings.append(
                    f"{file}:{line}: {show_path((*opath, oi))} '{entry['id']}': {problem}"
                )
            if entry["id"] in index:
                bi = index[entry["id"]]
                entries[bi] = _merge_value(
                    entries[bi], entry, (*bpath, bi), (*opath, oi), bdoc, odoc, sink
                )
            elif problem:
                continue  # only rewords an entry that is gone: nothing to reword
            else:
                index[entry["id"]] = len(entries)
                _copy_lines(odoc, (*opath, oi), (*bpath, len(entries)), lines)
                entries.append(entry)
        return entries
    _copy_lines(odoc, opath, bpath, lines)
    return over


def _stale(entries: list, index: dict, entry: dict, text) -> str | None:
    """Why an overlay entry looks left behind by a change upstream, or None
    (``text(key, value)``: whether that value of an entry of the list is only text)."""
    changes = sorted(k for k in entry if k != "id")
    if entry["id"] not in index:
        # Only text, and short of a key every entry of the list has: a rewording of an entry
        # that is gone, not a new entry (a new one would stand on its own, like its siblings).
        every = set.intersection(*(set(e) for e in entries)) if entries else set()
        if changes and every - {"id", *entry} and all(text(k, entry[k]) for k in changes):
            return (
                "no such entry upstream any more (removed or renamed?); this entry only "
                f"rewords it ({', '.join(changes)}), so it is left out: delete it, or give "
                "the id that replaced it"
            )
        return None
    base = entries[index[entry["id"]]]
    if base.get("retired") and "retired" not in entry:
        return (
            f"upstream has retired this entry; the overlay still changes it ({', '.join(changes)}), "
            "which no page shows: delete the change, or add 'retired: false' to keep the entry"
        )
    return None


def _is_id_list(value) -> bool:
    return isinstance(value, list) and all(isinstance(e, dict) and "id" in e for e in value)


def _copy_lines(src: _Doc, src_path: RubricPath, dst_path: RubricPath, lines: dict) -> None:
    n = len(src_path)
    for path in [p for p in lines if p[: len(dst_path)] == dst_path and len(p) > len(dst_path)]:
        del lines[path]
    for path, where in src.lines.items():
        if path[:n] == src_path:
            lines[dst_path + path[n:]] = where


# --- validation -----------------------------------------------------------------------------


def _schema_for(rubric_dir: Path, rubric_id: str, shown: str) -> dict:
    schema_file = rubric_dir / SCHEMA_DIR / f"{rubric_id}.schema.json"
    try:
        return json.loads(schema_file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RubricError(
            [f"{shown}:1: no schema for rubric '{rubric_id}' (expected {schema_file})"]
        ) from None
    except json.JSONDecodeError as err:
        raise RubricError([f"{schema_file}:{err.lineno}: invalid JSON: {err.msg}"]) from None


def _collection(rubrics: dict[str, Any], ref: str) -> set | None:
    """The set of values an ``x-ref`` names, or None when the rubric or path does not exist."""
    target, _, key = ref.partition("#")
    rubric_id, *parts = target.split("/")
    nodes = [rubrics.get(rubric_id)]
    if nodes[0] is None:
        return None
    for part in parts:
        nxt = []
        for node in nodes:
            if part == "*" and isinstance(node, list):
                nxt.extend(node)
            elif isinstance(node, dict) and part in node:
                nxt.append(node[part])
        nodes = nxt
    values = set()
    for node in nodes:
        for entry in node if isinstance(node, list) else []:
            if isinstance(entry, dict) and not entry.get("retired"):
                values.add(entry.get(key or "id"))
    return values


def _page_problem(docs_dir: Path | None, link: str) -> str | None:
    """Why a ``page.md#anchor`` link is broken, or None when the page (and anchor) exist.

    An anchor must be a heading of the page: an explicit ``{#id}`` or the id Python-Markdown
    derives from the heading text.
    """
    if docs_dir is None:
        return None
    page, _, anchor = link.partition("#")
    file = docs_dir / page
    if not file.is_file():
        return f"links to a missing page '{page}' (no such file in docs/)"
    if anchor and anchor not in _page_anchors(file):
        return f"links to '#{anchor}', which is not a heading of {page}"
    return None


def _page_anchors(file: Path) -> set[str]:
    ids = set()
    for line in file.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^#{1,6}\s+(.*?)\s*$", line)
        if not heading:
            continue
        text = heading.group(1)
        explicit = re.search(r"\{[^}]*#([A-Za-z0-9_-]+)[^}]*\}\s*$", text)
        if explicit:
            ids.add(explicit.group(1))
        else:
            ids.add(re.sub(r"[-\s]+", "-", re.sub(r"[^\w\s-]", "", text).strip().lower()))
    return ids


def _validator_class(rubrics: dict[str, Any], docs_dir: Path | None):
    from jsonschema import Draft202012Validator, ValidationError, validators

    def x_ref(validator, ref, instance, schema):
        if ref == "page":
            problem = _page_problem(docs_dir, instance) if isinstance(instance, str) else None
            if problem:
                yield ValidationError(problem)
            return
        known = _collection(rubrics, ref)
        if known is None:
            yield ValidationError(f"refers to '{ref}', which no loaded rubric provides")
        elif instance not in known:
            names = ", ".join(sorted(map(str, known))) or "none"
            what = ref.split("/")[-1].split("#")[-1]
            yield ValidationError(
                f"'{instance}' is not a known {what} entry of {ref} (known: {names})"
            )

    def x_unique(validator, key, instance, schema):
        if isinstance(instance, list):
            yield from _duplicates(instance, key, ValidationError)

    return validators.extend(Draft202012Validator, {"x-ref": x_ref, "x-unique": x_unique})


def _duplicates(items: list, key: str, make) -> Iterator:
    seen: dict[Any, int] = {}
    for index, item in enumerate(items):
        if isinstance(item, dict) and key in item:
            if item[key] in seen:
                err = make(f"duplicate {key} '{item[key]}' (first used at item {seen[item[key]]})")
                err.relative_path.append(index)
                yield err
            seen.setdefault(item[key], index)


def _generic_duplicates(data, path: RubricPath = ()) -> Iterator[tuple[RubricPath, str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _generic_duplicates(value, (*path, key))
    elif isinstance(data, list):
        seen: dict[Any, int] = {}
        for index, item in enumerate(data):
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                if item["id"] in seen:
                    yield (
                        (*path, index, "id"),
                        f"duplicate id '{item['id']}' (first at {show_path((*path, seen[item['id']]))})",
                    )
                seen.setdefault(item["id"], index)
            yield from _generic_duplicates(item, (*path, index))


def _schema_problems(doc: _Doc, schema: dict, cls) -> list[tuple[tuple[str, int], str]]:
    out = []
    for err in sorted(
        cls(schema).iter_errors(doc.data), key=lambda e: list(map(str, e.absolute_path))
    ):
        path = tuple(err.absolute_path)
        where = doc.where(path)
        message = err.message
        if err.validator == "additionalProperties" and isinstance(err.instance, dict):
            allowed = sorted(err.schema.get("properties", {}))
            for key in err.instance:
                if key not in err.schema.get("properties", {}):
                    out.append(
                        (
                            doc.where((*path, key)),
                            f"{show_path((*path, key))}: unknown key '{key}' "
                            f"(allowed here: {', '.join(allowed)})",
                        )
                    )
            continue
        if err.validator == "required":
            message += f" (at {show_path(path)})"
            out.append((where, message))
            continue
        out.append((where, f"{show_path(path)}: {message}"))
    return out


# --- the entry point ------------------------------------------------------------------------


def _engine_checks() -> dict:
    from . import _maturity, _readiness, _references, _sprint, _stage_gates

    return {
        **_references.RUBRIC_CHECKS,
        "kpis": _stage_gates.check_kpis_rubric,
        "maturity": _maturity.check_rubric,
        "root_causes": _readiness.check_readiness_rubric,
        "sprint": _sprint.check_sprint_rubric,
    }


def load_rubrics(
    rubric_dir: str | os.PathLike,
    *,
    docs_dir: str | os.PathLike | None = None,
    language: str | None = None,
    passed_cache: str | os.PathLike | None = None,
) -> RubricSet:
    """Load, merge and validate every rubric in ``rubric_dir``; raise RubricError listing all problems.

    ``language`` (default ``en``, upstream's own) applies ``locales/<language>/`` first.
    Cached on the directory and the files' modification times, so the build and live reload
    read each change once. ``passed_cache``: a folder where the keys of the rubrics that passed
    every check are kept across processes (the build's ``.cache/rubrics``), so a build of
    unchanged rubrics does not check them again (see ``_passed_key``).
    """
    root = Path(rubric_dir)
    language = language or "en"
    if not re.fullmatch(r"[a-z]{2,3}([_-][A-Za-z0-9]+)?", language):
        raise RubricError([f"language '{language}' is not a language code (e.g. en, de, pt_BR)"])
    files = sorted(root.glob("*.yaml")) + _overlay_files(root)
    files += _locale_files(root, language)
    stamp: tuple = tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files)
    schemas = sorted((root / SCHEMA_DIR).glob("*.json"))
    stamp += tuple((str(f), f.stat().st_mtime_ns) for f in schemas)
    return _load_cached(
        str(root),
        None if docs_dir is None else str(docs_dir),
        language,
        stamp,
        None if passed_cache is None else str(passed_cache),
    )


def _locale_files(root: Path, language: str) -> list[Path]:
    return [] if language == "en" else sorted((root / LOCALES_DIR / language).glob("*.yaml"))


@lru_cache(maxsize=8)
def _load_cached(
    rubric_dir: str, docs_dir: str | None, language: str, _stamp: tuple, passed_cache: str | None
) -> RubricSet:
    root = Path(rubric_dir)
    if not root.is_dir():
        raise RubricError([f"{root}: no such rubric folder"])
    docs: dict[str, _Doc] = {}
    problems: list[str] = []
    bases = sorted(root.glob("*.yaml"))
    overlays = _overlay_files(root)
    warnings: list[str] = []
    locale_files = _locale_files(root, language)
    for file, shown, doc in _read_all(bases, problems):
        rid = doc.data.get("id")
        if rid == file.stem:
            docs[rid] = doc
        else:
            line = doc.where(("id",))[1]
            problems.append(f"{shown}:{line}: id '{rid}' must equal the file name '{file.stem}'")
    schema = _schemas(root, dict(docs))
    untranslated = _translate_all(docs, locale_files, problems, schema) if language != "en" else {}
    for _file, shown, over in _read_all(overlays, problems):
        target = over.data.get("extends")
        if target in docs:
            docs[target] = merge(docs[target], over, warnings, schema(target))
        else:
            line = over.where(("extends",))[1]
            known = ", ".join(sorted(docs)) or "none"
            problems.append(
                f"{shown}:{line}: 'extends' must name a rubric to change (got {target!r}; known: {known})"
            )
    if problems:
        raise RubricError(problems)

    rubrics = {rid: doc.data for rid, doc in docs.items()}
    pages = _pages(docs_dir)
    kept = _PassedOnDisk(passed_cache)
    # Made on the first rubric that is checked (jsonschema loads slowly).
    cls: Any = None
    checks: dict = {}
    for rid, doc in docs.items():
        try:
            schema = _schema_for(root, rid, doc.where(())[0])
        except RubricError as err:
            problems += err.problems
            continue
        passed = _passed_key(rid, doc.data, schema, rubrics, pages)
        if passed in _PASSED or passed in kept:
            continue  # the same rubric, schema, references and pages passed before
        if cls is None:
            cls = _validator_class(rubrics, Path(docs_dir) if docs_dir else None)
            checks = _engine_checks()
        found = _schema_problems(doc, schema, cls)
        found += [
            (doc.where(p), f"{show_path(p[:-1])}: {m}") for p, m in _generic_duplicates(doc.data)
        ]
        if not found and rid in checks:
            found += [(doc.where(p), f"{show_path(p)}: {m}") for p, m in checks[rid](doc.data)]
        problems += [f"{file}:{line}: {message}" for (file, line), message in found]
        if not found:
            _remember(_PASSED, passed, None, _PASSED_KEPT)
            kept.add(passed)
    kept.save()
    if not problems:
        problems += _across(rubrics, docs)
    if problems:
        raise RubricError(problems)
    return RubricSet(
        rubrics, tuple(bases + locale_files + overlays), tuple(warnings), language, untranslated
    )


# The rubrics that passed every check, by what the checks read (see _passed_key): a copy of the
# rubrics with one file changed checks that file, and those whose references it changes, again.
_PASSED: dict[str, None] = {}
_PASSED_KEPT = 512


def _remember(kept: dict, key: Any, value: Any, limit: int) -> None:
    """``kept[key] = value``, the oldest keys dropped to keep at most ``limit``."""
    while len(kept) >= limit:
        del kept[next(iter(kept))]
    kept[key] = value


class _PassedOnDisk:
    """The keys of rubrics that passed, kept in ``folder``/passed (one a line, the newest
    ``_PASSED_KEPT``) for the next process; no folder: nothing kept. A key found there also
    names the checks' own code (``_code_stamp``): a changed check checks every rubric again. A
    file that cannot be read or written is no record: the rubrics are checked."""

    def __init__(self, folder: str | None) -> None:
        self.path = None if folder is None else Path(folder) / "passed"
        self.keys: dict[str, None] = {}
        self.added = False
        if self.path is not None:
            try:
                self.keys = dict.fromkeys(self.path.read_text(encoding="ascii").split())
            except (OSError, UnicodeDecodeError):
                self.keys = {}

    def __contains__(self, key: str) -> bool:
        return self.path is not None and _on_disk(key) in self.keys

    def add(self, key: str) -> None:
        if self.path is not None:
            stored = _on_disk(key)
            self.keys.pop(stored, None)  # to the end: the newest are kept
            self.keys[stored] = None
            self.added = True

    def save(self) -> None:
        if self.path is None or not self.added:
            return
        lines = list(self.keys)[-_PASSED_KEPT:]
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            partial = self.path.with_name(f"passed.{os.getpid()}.tmp")
            partial.write_text("".join(f"{k}\n" for k in lines), encoding="ascii")
            os.replace(partial, self.path)  # builds side by side: one of them wins, whole
        except OSError:
            pass


def _on_disk(key: str) -> str:
    return hashlib.sha256(f"{_code_stamp()} {key}".encode()).hexdigest()


@lru_cache(maxsize=1)
def _code_stamp() -> str:
    """The checks' own code: every module of this package and the jsonschema version."""
    from importlib.metadata import PackageNotFoundError, version

    digest = hashlib.sha256()
    for module in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(module.name.encode() + b"\0" + module.read_bytes() + b"\0")
    try:
        digest.update(version("jsonschema").encode())
    except PackageNotFoundError:
        digest.update(b"no jsonschema")
    return digest.hexdigest()


def _passed_key(rid: str, data: Any, schema: dict, rubrics: dict, pages: list) -> str:
    """All that the checks of one rubric read: its data and schema, the entries each ``x-ref``
    of the schema names (in any rubric), and, for ``x-ref: page``, the pages (``_pages``)."""
    refs = sorted(set(_x_refs(schema)))
    named = []
    for ref in refs:
        if ref != "page":
            known = _collection(rubrics, ref)
            named.append((ref, None if known is None else sorted(map(repr, known))))
    seen = (rid, data, json.dumps(schema, sort_keys=True), named, pages if "page" in refs else [])
    return hashlib.sha256(pickle.dumps(seen)).hexdigest()


def _pages(docs_dir: str | None) -> list:
    """What ``x-ref: page`` reads: the files of ``docs_dir``, with the text of its pages."""
    if docs_dir is None:
        return []
    files = (f for f in Path(docs_dir).rglob("*") if f.is_file())
    return [
        docs_dir,
        *sorted((str(f), f.read_bytes() if f.suffix == ".md" else b"") for f in files),
    ]


def _x_refs(schema: Any) -> Iterator[str]:
    if isinstance(schema, dict):
        if isinstance(schema.get("x-ref"), str):
            yield schema["x-ref"]
        for value in schema.values():
            yield from _x_refs(value)
    elif isinstance(schema, list):
        for value in schema:
            yield from _x_refs(value)


def _overlay_files(root: Path) -> list[Path]:
    return sorted(f for f in (root / OVERLAY_DIR).glob("*.yaml") if f.name != BRANDING_FILE)


def _schemas(root: Path, docs: dict[str, _Doc]):
    """``schema(rid)``: the schema of each rubric of ``docs``, read once; ``{}`` when it cannot
    be read (the schema check reports that, once)."""
    schemas: dict[str, dict] = {}

    def schema(rid: str) -> dict:
        if rid not in schemas:
            try:
                schemas[rid] = _schema_for(root, rid, docs[rid].where(())[0])
            except RubricError:
                schemas[rid] = {}
        return schemas[rid]

    return schema


def _translate_all(
    docs: dict[str, _Doc], files: list[Path], problems: list[str], schema
) -> dict[str, list[str]]:
    """Apply the translation files to ``docs`` (in place); what each rubric leaves untranslated
    (``schema(rid)`` gives a rubric's schema)."""
    from ._translations import translate, untranslated

    upstream = dict(docs)
    done: dict[str, set] = {rid: set() for rid in docs}

    for _file, shown, over in _read_all(files, problems):
        target = over.data.get("extends")
        if target not in docs:
            line = over.where(("extends",))[1]
            known = ", ".join(sorted(docs)) or "none"
            problems.append(
                f"{shown}:{line}: 'extends' must name the rubric this file translates "
                f"(got {target!r}; known: {known})"
            )
            continue
        result = translate(docs[target].data, over.data, schema(target), over.where)
        problems += [f"{f}:{line}: {target}: {m}" for (f, line), m in result.problems]
        lines = dict(docs[target].lines)
        lines.update(result.translated)
        docs[target] = _Doc(result.data, lines)
        done[target] |= set(result.translated)
    return {
        rid: missing
        for rid, doc in upstream.items()
        if (missing := untranslated(doc.data, schema(rid), done[rid]))
    }


def _across(rubrics: dict[str, Any], docs: dict[str, _Doc]) -> list[str]:
    """Rules that tie several rubrics together (the crosswalk's both-direction checks), once
    each rubric is valid on its own; each problem at the file and line of the entry it names."""
    if "crosswalk" not in rubrics:
        return []
    from ._coverage import check_crosswalk

    out = []
    for rid, path, message in check_crosswalk(rubrics):
        file, line = docs[rid].where(path)
        out.append(f"{file}:{line}: {show_path(path)}: {message}")
    return out


def _read_all(files: list[Path], problems: list[str]) -> Iterator[tuple[Path, str, _Doc]]:
    """Each readable YAML file with its shown name; the unreadable ones add to ``problems``."""
    for file in files:
        shown = _shown(file)
        try:
            yield file, shown, _read_yaml(file, shown)
        except RubricError as err:
            problems += err.problems


def _shown(file: Path) -> str:
    """A path as people type it: relative to the working directory when below it."""
    try:
        return str(file.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(file)
