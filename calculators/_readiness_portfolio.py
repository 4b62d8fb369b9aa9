"""Many pilots at once: a verdict for each, sorted by what blocks it (one engine for page and CLI).

The files are read as the readiness page imports them (``_readiness.read_pilots``: the page's
export of several pilots, a share link's pilot, the command line's pilot file), and each pilot
is checked by ``readiness``: its verdict is exactly the one ``python -m calculators readiness
FILE`` gives. A file is left out, with the reason, when it cannot be read or the readiness
check refuses it.

Order, the blocked first: ``stop``, then ``fix_first``, then ``incomplete``, then ``scale_now``;
within one verdict, the most flagged causes first, then by pilot name and file.

``split`` tells the portfolio's files apart, so that one folder (or one command line) can hold
both kinds: a file is a readiness file when its ``format`` is the readiness export's, it has
``pilot`` or ``pilots``, or its rubric is the readiness rubric; every other file goes to the
maturity roll-up, which says why it leaves one out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._errors import InputError, message
from ._portfolio import MAX_FILES, file_note, parse_entry, portfolio, read_files
from ._readiness import EXPORT_FORMAT, read_pilots, readiness
from ._words import ENGLISH, Words

__all__ = [
    "ORDER",
    "readiness_portfolio",
    "readiness_portfolio_csv",
    "readiness_portfolio_text",
    "rollup",
    "split",
]

ORDER = ("stop", "fix_first", "incomplete", "scale_now")
ORDER_TEXT = (
    "stop first, then fix first, then incomplete, then scale now; within each, the most flagged "
    "causes first"
)


def _is_readiness(data: Any, rubric_id: str) -> bool:
    if not isinstance(data, Mapping):
        return False
    meta = data.get("rubric")
    return (
        data.get("format") == EXPORT_FORMAT
        or "pilot" in data
        or "pilots" in data
        or (isinstance(meta, Mapping) and meta.get("id") == rubric_id)
    )


def split(files: Any, rubric_id: str = "root_causes") -> tuple[list, list]:
    """The entries for the maturity roll-up and those for the readiness one, each read once
    (an entry that cannot be read stays with the maturity roll-up, which names the reason).

    >>> m, r = split([{"file": "a", "text": '{"pilot": "P", "answers": {}}'},
    ...               {"file": "b", "text": "{"}])
    >>> [e["file"] for e in m], [e["file"] for e in r]
    (['b'], ['a'])
    """
    if not isinstance(files, list):
        raise InputError("'files' must be a list of files", field="files")
    maturity: list[Any] = []
    pilots: list[dict] = []
    for index, entry in enumerate(files, 1):
        if not isinstance(entry, Mapping):
            maturity.append(entry)
            continue
        name = str(entry.get("file", "")) or f"file {index}"
        try:
            data = parse_entry(entry)
        except InputError as err:
            said = {"message_id": err.message_id, "values": err.values}  # for parse_entry
            maturity.append({"file": name, "error": str(err), "error_said": said})
            continue
        (pilots if _is_readiness(data, rubric_id) else maturity).append(
            {"file": name, "data": data}
        )
    return maturity, pilots


def _row(file: str, pilot: dict, result: dict) -> dict:
    verdict = result["verdict"]
    row = {
        "file": file,
        "pilot": result["pilot"],
        "verdict": {
            "id": verdict["id"],
            "label": verdict["label"],
            "why": verdict["why"],
            "final": verdict["final"],
        },
        "flags": result["flags"],
        "flagged": [{"id": c["id"], "title": c["title"]} for c in result["causes"] if c["flagged"]],
        "missing": len(verdict["missing"]),
        "answered": result["answered"],
        "total": result["total"],
    }
    if "eu_tier" in pilot:
        row["eu_tier"] = pilot["eu_tier"]
    return row


def readiness_portfolio(rubric: dict, files: Any, *, eu_ai_act: dict | None = None) -> dict:
    """A verdict for every pilot of ``files`` (entries as ``portfolio`` takes them), sorted by
    what blocks it; ``verdicts`` counts each verdict, in that order.

    >>> r = {"id": "root_causes", "version": "1", "causes": [{"id": "c", "title": "C",
    ...      "dimension": "d", "checks": [{"id": "k", "question": "?", "remedy": "Do."}]}],
    ...      "readiness": {"answers": [{"value": "yes", "label": "Yes", "in_place": True},
    ...       {"value": "no", "label": "No", "in_place": False}], "stop_if_flags_at_least": 1,
    ...       "why": {"stop_flags": "Stop.", "fix_first": "", "scale_now": "Go.",
    ...       "incomplete": "Open.", "open_checks": ""},
    ...       "verdicts": {v: {"label": v, "summary": ""} for v in ORDER}}}
    >>> out = readiness_portfolio(r, [{"file": "a", "data": {"pilot": "A", "answers": {"k": "yes"}}},
    ...     {"file": "b", "data": {"pilot": "B", "answers": {"k": "no"}}},
    ...     {"file": "c", "data": {"pilot": "C", "answers": {"k": "maybe"}}}])
    >>> [(p["pilot"], p["verdict"]["id"]) for p in out["pilots"]], out["skipped"][0]["file"]
    ([('B', 'stop'), ('A', 'scale_now')], 'c')
    """

    def check(entry: Mapping) -> tuple[list, list]:
        found = read_pilots(rubric, parse_entry(entry), eu_ai_act=eu_ai_act)
        pilots = [(p, readiness(rubric, p["answers"], pilot=p["pilot"])) for p in found["pilots"]]
        return pilots, found["notes_said"]

    used, skipped = read_files(files, check)
    rows, notes = [], []
    for name, (checked, more) in used:
        notes += [file_note(name, n) for n in more]
        rows += [_row(name, p, result) for p, result in checked]
    rank = {v: i for i, v in enumerate(ORDER)}
    rows.sort(
        key=lambda r: (
            rank[r["verdict"]["id"]],
            -r["flags"],
            r["pilot"].casefold(),
            r["pilot"] == "",
            r["file"],
        )
    )
    verdicts = rubric["readiness"]["verdicts"]
    return {
        "rubric": {"id": rubric["id"], "version": rubric["version"]},
        "pilots": rows,
        "verdicts": [
            {
                "id": v,
                "label": verdicts[v]["label"],
                "count": sum(r["verdict"]["id"] == v for r in rows),
            }
            for v in ORDER
        ],
        "order": ORDER_TEXT,
        "order_said": message("portfolio.pilots.order_rule", ORDER_TEXT),
        "skipped": skipped,
        "notes": [n["message"] for n in notes],
        # The same notes with the id of their words, for a page in another language.
        "notes_said": notes,
    }


def rollup(
    maturity: dict,
    root_causes: dict,
    files: Any,
    *,
    by: str | None = None,
    eu_ai_act: dict | None = None,
) -> dict:
    """The portfolio of a mixed set of files: the maturity roll-up (``portfolio``) of the
    assessments, with ``readiness``: the pilots of the readiness files, sorted by what blocks
    them. Each file is read once; the page and ``python -m calculators portfolio`` call this."""
    if isinstance(files, list) and len(files) > MAX_FILES:
        raise InputError(f"{len(files):,} files; at most {MAX_FILES:,} at once", field="files")
    assessments, pilots = split(files, root_causes["id"])
    out = portfolio(maturity, assessments, by=by)
    out["readiness"] = readiness_portfolio(root_causes, pilots, eu_ai_act=eu_ai_act)
    return out


def readiness_portfolio_csv(result: Mapping) -> str:
    """The pilots as CSV, in the roll-up's order, then a row per file left out.

    >>> print(readiness_portfolio_csv({"pilots": [{"file": "a.json", "pilot": "A", "flags": 0,
    ...     "verdict": {"id": "scale_now", "label": "Scale now", "why": "Go."}, "flagged": [],
    ...     "missing": 0}], "skipped": []}), end="")
    file,pilot,verdict,verdict_label,flags,flagged_causes,missing,why,skipped_reason
    a.json,A,scale_now,Scale now,0,,0,Go.,
    """
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            "file",
            "pilot",
            "verdict",
            "verdict_label",
            "flags",
            "flagged_causes",
            "missing",
            "why",
            "skipped_reason",
        ]
    )
    for p in result["pilots"]:
        v = p["verdict"]
        causes = "; ".join(c["title"] for c in p["flagged"])
        writer.writerow(
            [
                p["file"],
                p["pilot"],
                v["id"],
                v["label"],
                p["flags"],
                causes,
                p["missing"],
                v["why"],
                "",
            ]
        )
    for s in result.get("skipped", []):
        writer.writerow([s["file"], "", "", "", "", "", "", "", s["reason"]])
    return out.getvalue()


def readiness_portfolio_text(result: Mapping, w: Words = ENGLISH) -> str:
    """The pilots as a readable report, the blocked first, in the language of ``w``."""
    counts = ", ".join(f"{v['label']} {v['count']}" for v in result["verdicts"])
    lines = [
        w(
            "cli.pilots.count",
            "Pilots: {count} ({counts})",
            count=len(result["pilots"]),
            counts=counts,
        )
    ]
    if result["skipped"]:
        lines.append(
            w("cli.portfolio.left_out", "Left out ({count}):", count=len(result["skipped"]))
        )
        lines += [
            f"  - {s['file']}: "
            + (w.said(s["reason_said"]) if w.table and s.get("reason_said") else s["reason"])
            for s in result["skipped"]
        ]
    notes = (w.table and result.get("notes_said")) or result.get("notes", [])
    lines += [w("cli.portfolio.note", "  note: {note}", note=w.said(n)) for n in notes]
    order = (
        w.said(result["order_said"]) if w.table and result.get("order_said") else result["order"]
    )
    lines.append(w("cli.pilots.order", "Order: {order}.", order=order))
    for p in result["pilots"]:
        name = p["pilot"] or w("cli.pilots.no_name", "(no name)")
        causes = ", ".join(c["title"] for c in p["flagged"])
        lines.append(
            w(
                "cli.pilots.pilot",
                "  {label}: {name} ({file}): {count} flagged",
                label=p["verdict"]["label"],
                name=name,
                file=p["file"],
                count=p["flags"],
            )
            + (f" ({causes})" if causes else "")
            + (f". {p['verdict']['why']}" if p["verdict"]["why"] else "")
        )
    return "\n".join(lines)
