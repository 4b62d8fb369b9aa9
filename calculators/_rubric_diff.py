"""What changed between two versions of the upstream rubrics, and which overlay entries it touches.

``python -m calculators diff OLD NEW`` calls ``diff_rubrics``: a fork that keeps its changes in
``rubrics/local/`` compares the rubrics it forked from with a new upstream release before it
merges it. The comparison is by rubric and by id (an entry of any list of entries with ``id``,
at any depth): added, retired (``retired: true`` now), removed (the id is gone), reworded (a
field of which only text changed, text as the new release's schema defines it, see
``calculators._translations.is_text``) and changed (any other field). Upstream files only:
overlays are not applied, they are what the comparison is for.

Like the loader, it needs PyYAML (the ``files`` extra).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ._rubric_files import (
    BRANDING_FILE,
    OVERLAY_DIR,
    RubricError,
    _Doc,
    _read_yaml,
    _schema_for,
    _shown,
)
from ._translations import MISSING, rewords, schemas_at

__all__ = ["diff_rubrics", "diff_text"]

KINDS = ("added", "retired", "removed", "reworded", "changed")


def _entries(data: Any, where: tuple = (), path: str = "") -> dict[str, tuple[tuple, dict]]:
    """Every entry with an id, by its readable path (``dimensions[strategy].actions[fund]``),
    with its place in the data (for line numbers)."""
    out: dict[str, tuple[tuple, dict]] = {}
    if isinstance(data, dict):
        for key, value in data.items():
            out.update(_entries(value, (*where, key), f"{path}.{key}" if path else str(key)))
    elif isinstance(data, list):
        for index, item in enumerate(data):
            if isinstance(item, dict) and isinstance(item.get("id"), str | int):
                mine = f"{path}[{item['id']}]"
                out[mine] = ((*where, index), item)
                for key, value in item.items():
                    out.update(_entries(value, (*where, index, key), f"{mine}.{key}"))
    return out


def _own(entry: dict) -> dict:
    """An entry's own fields: lists of entries are compared entry by entry, not here."""
    return {
        k: v
        for k, v in entry.items()
        if not (isinstance(v, list) and v and all(isinstance(e, dict) and "id" in e for e in v))
    }


def _compare(rid: str, old: _Doc, new: _Doc, schema: dict) -> list[dict]:
    before, after = _entries(old.data), _entries(new.data)
    found = []
    for path, (where, entry) in after.items():
        file, line = new.where(where)
        row = {"rubric": rid, "path": path, "id": entry["id"], "file": file, "line": line}
        if path not in before:
            found.append({**row, "kind": "added", "fields": []})
            continue
        was = before[path][1]
        if entry.get("retired") and not was.get("retired"):
            found.append({**row, "kind": "retired", "fields": []})
            continue
        a, b = _own(was), _own(entry)
        fields = sorted(k for k in set(a) | set(b) if a.get(k, MISSING) != b.get(k, MISSING))
        text = [
            k
            for k in fields
            if rewords(
                schema, schemas_at(schema, (*where, k)), a.get(k, MISSING), b.get(k, MISSING)
            )
        ]
        other = [k for k in fields if k not in text]
        if text:
            found.append({**row, "kind": "reworded", "fields": text})
        if other:
            found.append({**row, "kind": "changed", "fields": other})
    gone = [p for p in before if p not in after]
    for path in gone:
        if any(path.startswith(f"{parent}.") for parent in gone):
            continue  # went with the entry that held it
        where, entry = before[path]
        file, line = old.where(where)
        row = {"rubric": rid, "path": path, "id": entry["id"], "file": file, "line": line}
        found.append({**row, "kind": "removed", "fields": []})
    return found


def _schema(folder: Path, rid: str, doc: _Doc, problems: list[str]) -> dict:
    """The new release's schema of a rubric (what says which of its fields are text)."""
    try:
        return _schema_for(folder, rid, doc.where(())[0])
    except RubricError as err:
        problems += err.problems
        return {}


def _read_dir(folder: Path, problems: list[str]) -> dict[str, _Doc]:
    docs = {}
    for file in sorted(folder.glob("*.yaml")):
        try:
            docs[file.stem] = _read_yaml(file, _shown(file))
        except RubricError as err:
            problems += err.problems
    return docs


def _overlay_touches(overlay_dir: Path, changes: list[dict], problems: list[str]) -> list[dict]:
    """The overlay entries a change upstream touches: each with its file, line and the change.

    An added, retired or removed entry touches every overlay entry for its id (an added one: the
    fork had added an entry of its own with that id); a reworded or changed one only those that
    set one of the fields upstream changed.
    """
    at: dict[tuple, list[dict]] = {}
    for c in changes:
        at.setdefault((c["rubric"], c["path"]), []).append(c)
    out = []
    for file in sorted(f for f in overlay_dir.glob("*.yaml") if f.name != BRANDING_FILE):
        try:
            doc = _read_yaml(file, _shown(file))
        except RubricError as err:
            problems += err.problems
            continue
        rid = doc.data.get("extends")
        for path, (where, entry) in _entries(doc.data).items():
            mine = sorted(k for k in entry if k != "id")
            for change in at.get((rid, path), []):
                fields = sorted(set(change["fields"]) & set(mine)) if change["fields"] else mine
                if change["fields"] and not fields:
                    continue
                shown, line = doc.where(where)
                out.append(
                    {
                        **{"rubric": rid, "path": path, "id": entry["id"], "file": shown},
                        **{"line": line, "upstream": change["kind"], "fields": fields},
                        "advice": _ADVICE[change["kind"]],
                    }
                )
    return out


_ADVICE = {
    "added": "upstream now has an entry with the id your overlay adds: your overlay changes "
    "upstream's entry instead of adding its own; give yours another id",
    "retired": "upstream retired this entry: no page shows it, so your change has no effect; "
    "delete it, or add 'retired: false' to keep the entry",
    "removed": "upstream removed this id: a change that only rewords it is left out; delete "
    "it, or give the id that replaced it",
    "reworded": "upstream reworded a field your overlay also sets: your wording still wins; "
    "compare the two",
    "changed": "upstream changed a field your overlay also sets: your value still wins; "
    "check it still fits",
}


def diff_rubrics(
    old_dir: str | os.PathLike,
    new_dir: str | os.PathLike,
    *,
    overlays: str | os.PathLike | None = None,
) -> dict:
    """Compare two rubric folders by rubric and id; name the overlay entries the changes touch.

    ``overlays`` is the fork's overlay folder (default: ``NEW/local``). Raises RubricError
    (every ``file:line`` problem) when a folder is missing or a file cannot be read.
    """
    old, new = Path(old_dir), Path(new_dir)
    problems = [f"{d}: no such rubric folder" for d in (old, new) if not d.is_dir()]
    if problems:
        raise RubricError(problems)
    before, after = _read_dir(old, problems), _read_dir(new, problems)
    rubrics = []
    changes: list[dict] = []
    for rid in sorted(set(before) | set(after)):
        entry = {
            "id": rid,
            "old_version": before[rid].data.get("version") if rid in before else None,
            "new_version": after[rid].data.get("version") if rid in after else None,
            "status": "added" if rid not in before else "removed" if rid not in after else "kept",
        }
        found = []
        if entry["status"] == "kept":
            found = _compare(rid, before[rid], after[rid], _schema(new, rid, after[rid], problems))
        entry["counts"] = {k: sum(1 for c in found if c["kind"] == k) for k in KINDS}
        rubrics.append(entry)
        changes += found
    overlay_dir = Path(overlays) if overlays is not None else new / OVERLAY_DIR
    if overlays is not None and not overlay_dir.is_dir():
        problems.append(f"{overlay_dir}: no such overlay folder")
    touched = _overlay_touches(overlay_dir, changes, problems) if overlay_dir.is_dir() else []
    if problems:
        raise RubricError(problems)
    return {
        "old": str(old),
        "new": str(new),
        "overlays": str(overlay_dir) if overlay_dir.is_dir() else None,
        "rubrics": rubrics,
        "changes": changes,
        "overlays_touched": touched,
    }


def diff_text(result: dict) -> str:
    """The comparison as a readable report: a section per rubric, then the overlays touched."""
    lines = [f"Upstream changes from {result['old']} to {result['new']}:"]
    same = []
    for rubric in result["rubrics"]:
        rid = rubric["id"]
        if rubric["status"] != "kept":
            lines.append(f"  {rid}: rubric {rubric['status']}")
            continue
        mine = [c for c in result["changes"] if c["rubric"] == rid]
        version = (
            f"{rubric['old_version']} -> {rubric['new_version']}"
            if rubric["old_version"] != rubric["new_version"]
            else f"{rubric['new_version']}, version unchanged"
        )
        if not mine and rubric["old_version"] == rubric["new_version"]:
            same.append(f"{rid} {rubric['new_version']}")
            continue
        lines.append(f"  {rid} ({version}):")
        for c in mine:
            fields = f" ({', '.join(c['fields'])})" if c["fields"] else ""
            lines.append(f"    {c['kind']:<8} {c['path']}{fields}  {c['file']}:{c['line']}")
    if same:
        lines.append(f"  No change by id: {', '.join(same)}")
    touched = result["overlays_touched"]
    if result["overlays"] is None:
        lines.append("No overlay folder: nothing of a fork's own to check.")
    elif not touched:
        lines.append(f"Overlays in {result['overlays']}: no entry is touched by these changes.")
    else:
        lines.append(f"Overlay entries these changes touch ({len(touched)}):")
        for t in touched:
            fields = f" ({', '.join(t['fields'])})" if t["fields"] else ""
            lines.append(f"  {t['file']}:{t['line']}: {t['path']}{fields}: {t['advice']}")
    return "\n".join(lines)
