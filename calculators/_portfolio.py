"""Many teams, many respondents: a roll-up of maturity exports (one engine for page and CLI).

Each file is read as the assessment page would import it and scored by ``assess``: its levels
are exactly those ``python -m calculators maturity FILE --format json`` gives. A file is left
out, with the reason, when it is not valid JSON, is for another rubric, was made with a newer
major version of the rubric, holds answers the rubric does not accept, or states levels that
do not follow from its answers (tampered). The rest are used.

Statistics, per dimension and overall, over the respondents that have a level there:

- ``median``, ``min``, ``max``, and the quartiles ``q1`` and ``q3`` by linear interpolation
  between order statistics: with the levels sorted as ``x[0] <= ... <= x[n-1]``, the quantile
  ``p`` is ``x[i] + f * (x[i+1] - x[i])`` where ``i + f = p * (n - 1)``. This is numpy's
  default, Excel's ``QUARTILE.INC`` and Python's ``statistics.quantiles(method="inclusive")``;
  with one respondent every statistic is that respondent's level.
- ``iqr`` (``q3 - q1``) and ``range`` (``max - min``): the spread.

Disagreement: within one team (``about.team`` of the export; files naming no team count as
one team), respondents whose answer levels to one question, or whose levels of one dimension,
are two or more levels apart. Files are grouped by team only; a respondent's name is never
needed.

Trend: each team's median levels on each date the exports name (``about.date``, else the day
of ``exported_at``), oldest first.

Progress to target: where exports carry ``targets`` (dimension id -> level), per team and
dimension ``(current - baseline) / (target - baseline)``, the baseline being the team's median on
the earliest date its exports name and current its median on the latest; undefined (None, and
``why`` says so) when the target is not above the baseline. ``trend_series`` gives the trend of
each team with two or more dates as the page's chart draws it.

Next actions of the portfolio: for each respondent, the rubric's actions and gates that are
steps of their overall lift (what would raise their overall level by one); an action counts
for a team when it does so for any respondent of the team. Sorted by the number of teams, then
of respondents.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from ._errors import InputError, message
from ._export_files import check_object, file_rubric, major, read_share_link
from ._maturity import _active, answer_table, scored_levels
from ._maturity_io import EXPORT_FORMAT, map_answers, read_about
from ._words import ENGLISH, Words, json_detail

__all__ = [
    "MAX_FILES",
    "MAX_FILE_CHARS",
    "QUARTILE_METHOD",
    "parse_entry",
    "portfolio",
    "portfolio_csv",
    "portfolio_text",
    "read_files",
    "read_respondent",
    "stats",
]

MAX_FILES = 20_000
MAX_FILE_CHARS = 1_000_000  # as the assessment page's import
DISAGREEMENT = 2  # levels apart
QUARTILE_METHOD = (
    "linear interpolation between order statistics (numpy's default, Excel QUARTILE.INC, "
    "statistics.quantiles(method='inclusive'))"
)


def _quantile(ordered: list[int], p: float) -> float:
    position = p * (len(ordered) - 1)
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (position - low) * (ordered[high] - ordered[low])


def _number(value: float) -> float | int:
    """Whole numbers as ints (levels read as levels), others rounded to 4 places."""
    return int(value) if float(value).is_integer() else round(value, 4)


def stats(levels: Iterable[int | None]) -> dict:
    """Respondents, median, quartiles, min, max and spread of the levels that are not None.

    >>> stats([1, 2, 2, 4, None])
    {'respondents': 4, 'median': 2, 'q1': 1.75, 'q3': 2.5, 'min': 1, 'max': 4, 'iqr': 0.75, 'range': 3}
    >>> stats([None])["median"] is None
    True
    """
    ordered = sorted(level for level in levels if level is not None)
    if not ordered:
        return dict.fromkeys(("median", "q1", "q3", "min", "max", "iqr", "range"), None) | {
            "respondents": 0
        }
    q1, median, q3 = (_quantile(ordered, p) for p in (0.25, 0.5, 0.75))
    return {
        "respondents": len(ordered),
        "median": _number(median),
        "q1": _number(q1),
        "q3": _number(q3),
        "min": ordered[0],
        "max": ordered[-1],
        "iqr": _number(q3 - q1),
        "range": ordered[-1] - ordered[0],
    }


# --- one file -----------------------------------------------------------------------------------


def parse_entry(entry: Mapping) -> Any:
    """One file entry's data: ``{"file", "text"}`` (JSON text), ``{"file", "data"}`` (parsed),
    ``{"file", "link"}`` (a page's share link, decoded as the page decodes it),
    ``{"file", "not_json": true}`` (a file of a folder whose name does not end in .json, not
    read) or ``{"file", "error"}`` (why it could not be read). Raises InputError with the reason.

    >>> parse_entry({"file": "photo.png", "not_json": True})
    Traceback (most recent call last):
    ...
    calculators._errors.InputError: not a JSON file (only files ending in .json are read); not read
    """
    if entry.get("error"):
        said = entry.get("error_said") or {}  # the words of an error found before (split)
        raise InputError(
            str(entry["error"]), message_id=said.get("message_id"), values=said.get("values")
        )
    if entry.get("not_json"):
        raise InputError(
            "not a JSON file (only files ending in .json are read); not read",
            message_id="portfolio.skip.not_json_file",
        )
    if "link" in entry:
        return read_share_link(entry["link"])[1]
    if "text" in entry:
        text = entry["text"]
        if not isinstance(text, str):
            raise InputError(
                "the file could not be read as text", message_id="portfolio.skip.not_text"
            )
        if len(text) > MAX_FILE_CHARS:
            raise InputError(
                f"the file is too large ({len(text):,} characters; at most {MAX_FILE_CHARS:,})",
                message_id="portfolio.skip.too_large",
                values={"size": len(text), "max": MAX_FILE_CHARS},
            )
        try:
            return json.loads(text)
        except json.JSONDecodeError as err:
            raise InputError(
                f"not valid JSON (line {err.lineno}: {err.msg}, column {err.colno})",
                message_id="portfolio.skip.not_valid_json",
                # json's reason as a message of its own: a page in another language says it too
                values={"line": err.lineno, "column": err.colno, "detail": json_detail(err)},
            ) from None
        except RecursionError:
            raise InputError(
                "nested too deeply to be an assessment", message_id="portfolio.skip.too_deep"
            ) from None
    return entry.get("data")


def _stated_levels(data: Mapping) -> dict | None:
    """The levels an export says its answers give (``result``), or None when it says none."""
    stated = data.get("result")
    if not isinstance(stated, Mapping):
        return None
    overall = stated.get("overall")
    dims = stated.get("dimensions")
    if not isinstance(overall, Mapping) or not isinstance(dims, list):
        raise InputError("tampered or broken: its 'result' is not an assessment result")
    return {
        "overall": overall.get("level"),
        **{d.get("id"): d.get("level") for d in dims if isinstance(d, Mapping)},
    }


def read_respondent(rubric: dict, entry: Mapping, *, table: dict | None = None) -> dict:
    """One file's respondent: who, when, the answers and (in brief) the result ``assess`` gives
    (``table``: ``answer_table(rubric)``, when many files are read).

    Raises InputError with the reason the file cannot be used.
    """
    data = check_object(
        parse_entry(entry),
        kind="assessment",
        export_format=EXPORT_FORMAT,
        expected="'rubric' and 'answers'",
    )
    meta = file_rubric(data, rubric, kind="assessment")
    assert meta is not None  # required
    version, ours = meta["version"], rubric["version"]
    theirs_major, ours_major = major(version), major(ours)
    if theirs_major is not None and ours_major is not None and theirs_major > ours_major:
        raise InputError(
            f"made with version {version} of the rubric, a newer major version than this one "
            f"({ours}); its questions may mean something else here",
            message_id="portfolio.skip.newer_major",
            values={"version": str(version), "current": ours},
        )
    answers = data.get("answers")
    if not isinstance(answers, Mapping):
        raise InputError(
            "not an assessment file: 'answers' must be an object of question id -> answer",
            message_id="portfolio.skip.answers_not_object",
        )
    # Stricter than an import: a question this version lacks is left out (with a note) only
    # from a file of another version; and a value not allowed is kept, so assess refuses the file.
    mapped = map_answers(rubric, answers, check_values=False)
    kept, notes = mapped["answers"], []
    for dropped in mapped["dropped"]:
        qid = dropped["question"]
        if version == ours:
            raise InputError(
                f"tampered or broken: '{qid}' is not a question of this rubric",
                message_id="portfolio.skip.unknown_question",
                values={"question": qid},
            )
        notes.append(
            message(
                "portfolio.note.question_left_out",
                f"'{qid}' is not a question of version {ours}; left out",
                question=qid,
                version=ours,
            )
        )
    targets = _targets(rubric, data.get("targets"), notes)
    try:
        about = read_about(data.get("about"))
        result, answer_levels = scored_levels(rubric, kept, table=table)
    except InputError as err:
        reason = {"message": str(err), "message_id": err.message_id, "values": err.values}
        raise InputError(
            f"tampered or broken: {err}",
            message_id="portfolio.skip.broken",
            values={"reason": reason},
        ) from None
    stated = _stated_levels(data) if version == ours else None
    if stated is not None:
        found = {"overall": result["overall"]["level"]}
        found |= {d["id"]: d["level"] for d in result["dimensions"]}
        wrong = [k for k, level in stated.items() if k in found and found[k] != level]
        if wrong:
            k = wrong[0]
            what = "overall" if k == "overall" else f"'{k}'"
            said = message("portfolio.skip.overall", what)
            if k != "overall":
                said = message("portfolio.skip.dimension", what, dimension=k)
            raise InputError(
                f"tampered: it states level {stated[k]} for {what}, but its answers give {found[k]}",
                message_id="portfolio.skip.tampered",
                values={"stated": stated[k], "what": said, "found": found[k]},
            )
    date = about["date"]
    if date is None and isinstance(data.get("exported_at"), str):
        date = data["exported_at"][:10]
    return {
        "file": str(entry.get("file", "")),
        "team": about["team"],
        "respondent": about["respondent"],
        "date": date,
        "answers": kept,
        # What the roll-up reads of the result (holding every full result made 10,000 files
        # cost more than ten times 1,000: the memory, and the garbage collector walking it).
        "result": {k: result[k] for k in ("overall", "dimensions", "actions", "provisional")},
        # Read once per file: the roll-up's passes look levels up here (by question, by
        # dimension) instead of scoring the answers again or searching the result's lists.
        "answer_levels": answer_levels,
        "dimension_levels": {d["id"]: d["level"] for d in result["dimensions"]},
        "targets": targets,
        "notes": notes,  # messages (message, message_id, values)
    }


def _targets(rubric: dict, targets: Any, notes: list[dict]) -> dict[str, int]:
    """An export's ``targets`` (dimension id -> the level the team aims at), where it has them:
    a target that names no dimension of this rubric or no level of it is left out with a note,
    and the file is still used (its answers are what count)."""
    if targets is None:
        return {}
    if not isinstance(targets, Mapping):
        notes.append(
            message(
                "portfolio.note.targets_not_object",
                "its 'targets' are not an object of dimension id -> level; left out",
            )
        )
        return {}
    dims = {d["id"] for d in _active(rubric["dimensions"])}
    levels = {lv["level"] for lv in rubric["levels"]}
    kept = {}
    for did, level in targets.items():
        if did not in dims:
            notes.append(
                message(
                    "portfolio.note.target_no_dimension",
                    f"its target for '{did}' names no dimension of this rubric; left out",
                    dimension=did,
                )
            )
        elif isinstance(level, bool) or not isinstance(level, int) or level not in levels:
            notes.append(
                message(
                    "portfolio.note.target_not_level",
                    f"its target for '{did}' is not a level of this rubric "
                    f"({min(levels)}-{max(levels)}; got {level!r}); left out",
                    dimension=did,
                    low=min(levels),
                    high=max(levels),
                    got=repr(level),
                )
            )
        else:
            kept[did] = level
    return kept


# --- the roll-up --------------------------------------------------------------------------------


def _team_key(team: str | None) -> tuple:
    return (team is None, (team or "").casefold(), team or "")


def _disagreements(rubric: dict, teams: dict[str | None, list[dict]]) -> list[dict]:
    questions = _active(rubric["questions"])
    dims = _active(rubric["dimensions"])
    out = []
    for team in sorted(teams, key=_team_key):
        members = teams[team]
        if len(members) < 2:
            continue
        differ_by_dim: dict[str, list[str]] = {}
        # The levels first, the rows only for what differs (most questions do not: building a
        # row per member and question was most of the time of 1,000 files).
        for q in questions:
            qid = q["id"]
            rated = [(m, lv) for m in members if (lv := m["answer_levels"].get(qid)) is not None]
            if _differ(rated):
                differ_by_dim.setdefault(q["dimension"], []).append(q["id"])
                out.append(
                    {
                        "team": team,
                        "kind": "question",
                        "question": q["id"],
                        "text": q["text"],
                        "dimension": q["dimension"],
                        "levels": [lv for _, lv in rated],
                        "by": _by(rated),
                    }
                )
        for d in dims:
            did = d["id"]
            rated = [(m, lv) for m in members if (lv := m["dimension_levels"].get(did)) is not None]
            if _differ(rated):
                out.append(
                    {
                        "team": team,
                        "kind": "dimension",
                        "question": None,
                        "dimension": d["id"],
                        "text": d["title"],
                        "levels": [lv for _, lv in rated],
                        "by": _by(rated),
                        "questions": differ_by_dim.get(d["id"], []),
                    }
                )
    return out


def _differ(rated: list[tuple[dict, int]]) -> bool:
    """Whether at least two members' levels lie ``DISAGREEMENT`` or more apart."""
    if len(rated) < 2:
        return False
    levels = [lv for _, lv in rated]
    return max(levels) - min(levels) >= DISAGREEMENT


def _by(rated: list[tuple[dict, int]]) -> list[dict]:
    return [{"file": m["file"], "respondent": m["respondent"], "level": lv} for m, lv in rated]


def _dimension_level(member: dict, did: str) -> int | None:
    return member["dimension_levels"].get(did)


def _next_actions(members: list[dict]) -> list[dict]:
    found: dict[tuple, dict] = {}
    for m in members:
        result = m["result"]
        lift = result["overall"].get("lift") or []
        steps = {("dimension", s["dimension"]) for s in lift if s["kind"] == "dimension"}
        steps |= {("gate", s["gate"]) for s in lift if s["kind"] == "gate"}
        for action in result["actions"]:
            key = (
                action["kind"],
                action["dimension"] if action["kind"] == "dimension" else action["id"],
            )
            if key not in steps:
                continue
            entry = found.setdefault(
                (action["kind"], action["id"]),
                {
                    "kind": action["kind"],
                    "id": action["id"],
                    "dimension": action["dimension"],
                    "text": action["text"],
                    "text_said": action.get("text_said"),
                    "link": action.get("link"),
                    "_teams": set(),
                    "respondents": 0,
                },
            )
            entry["_teams"].add(m["team"])
            entry["respondents"] += 1
    out = []
    for entry in found.values():
        teams = entry.pop("_teams")
        out.append({**entry, "teams": len(teams), "team_names": sorted(teams, key=_team_key)})
    out.sort(key=lambda a: (-a["teams"], -a["respondents"], a["kind"] != "gate", a["id"]))
    return out


def _trend(rubric: dict, teams: dict[str | None, list[dict]]) -> list[dict]:
    """Each team's median levels per date (the export's ``about.date``), oldest first; files
    without a date are left out of the trend only."""
    dims = [d["id"] for d in _active(rubric["dimensions"])]
    out = []
    for team in sorted(teams, key=_team_key):
        by_date: dict[str, list[dict]] = {}
        for m in teams[team]:
            if m["date"]:
                by_date.setdefault(m["date"], []).append(m)
        for date in sorted(by_date):
            group = by_date[date]
            out.append(
                {
                    "team": team,
                    "date": date,
                    "respondents": len(group),
                    "overall": stats(m["result"]["overall"]["level"] for m in group)["median"],
                    "dimensions": {
                        did: stats(_dimension_level(m, did) for m in group)["median"]
                        for did in dims
                    },
                }
            )
    return out


def _trend_series(rubric: dict, trend: list[dict], progress: list[dict]) -> list[dict]:
    """The trend as the page's chart draws it: for each team with two or more dates, one series
    per dimension and overall (the dates, the median on each, and the team's target if any)."""
    dims = [(d["id"], d["title"]) for d in _active(rubric["dimensions"])]
    targets = {(p["team"], p["dimension"]): p["target"] for p in progress}
    by_team: dict[str | None, list[dict]] = {}
    for row in trend:
        by_team.setdefault(row["team"], []).append(row)
    out = []
    for team, rows in by_team.items():
        if len(rows) < 2:
            continue
        dates = [r["date"] for r in rows]
        out.append(
            {
                "team": team,
                "dimension": "overall",
                "title": "Overall",
                "dates": dates,
                "values": [r["overall"] for r in rows],
                "target": None,
            }
        )
        out += [
            {
                "team": team,
                "dimension": did,
                "title": title,
                "dates": dates,
                "values": [r["dimensions"][did] for r in rows],
                "target": targets.get((team, did)),
            }
            for did, title in dims
        ]
    return out


def _progress(rubric: dict, teams: dict[str | None, list[dict]], trend: list[dict]) -> list[dict]:
    """Progress to target, per team and dimension whose exports state a target: ``(current -
    baseline) / (target - baseline)``, the baseline being the team's median on its earliest date
    and current its median on its latest; the target the one its latest exports that state one
    give (their median when they differ). Undefined (``None``, with ``why``) when the target is
    not above the baseline, or a median is missing."""
    dims = _active(rubric["dimensions"])
    rows_of: dict[str | None, list[dict]] = {}
    for row in trend:
        rows_of.setdefault(row["team"], []).append(row)
    out = []
    for team in sorted(teams, key=_team_key):
        rows = rows_of.get(team)
        if not rows:
            continue  # no dated export: no baseline
        first, last = rows[0], rows[-1]
        stating = sorted(
            (m for m in teams[team] if m["date"] and m["targets"]), key=lambda m: m["date"]
        )
        for d in dims:
            aims = [m for m in stating if d["id"] in m["targets"]]
            if not aims:
                continue
            latest = aims[-1]["date"]
            target = stats(m["targets"][d["id"]] for m in aims if m["date"] == latest)["median"]
            baseline, current = first["dimensions"][d["id"]], last["dimensions"][d["id"]]
            progress, why, why_said = None, None, None
            if baseline is None or current is None:
                why = "undefined: no level on the " + (
                    "first date" if baseline is None else "latest date"
                )
                why_said = message(
                    "portfolio.progress.no_level_first"
                    if baseline is None
                    else "portfolio.progress.no_level_latest",
                    why,
                )
            elif target <= baseline:
                why = (
                    f"undefined: the target (L{target}) is not above the baseline "
                    f"(L{baseline} on {first['date']})"
                )
                why_said = message(
                    "portfolio.progress.not_above",
                    why,
                    target=target,
                    baseline=baseline,
                    date=first["date"],
                )
            else:
                progress = _number((current - baseline) / (target - baseline))
            out.append(
                {
                    "team": team,
                    "dimension": d["id"],
                    "title": d["title"],
                    "baseline": baseline,
                    "baseline_date": first["date"],
                    "current": current,
                    "current_date": last["date"],
                    "target": target,
                    "target_date": latest,
                    "progress": progress,
                    "reached": current is not None and current >= target,
                    "why": why,
                    "why_said": why_said,
                }
            )
    return out


def _dimension_rows(rubric: dict, members: list[dict]) -> list[dict]:
    rows = []
    for d in _active(rubric["dimensions"]):
        levels = [_dimension_level(m, d["id"]) for m in members]
        rows.append(
            {
                "id": d["id"],
                "title": d["title"],
                "short": d.get("short", d["title"]),
                **stats(levels),
                "levels": levels,
            }
        )
    return rows


def _overall_row(members: list[dict]) -> dict:
    levels = [m["result"]["overall"]["level"] for m in members]
    return {**stats(levels), "levels": levels}


def read_files(files: Any, read: Callable[[Mapping], Any]) -> tuple[list, list]:
    """``read`` each file entry: ``([(name, what it gave)], [{"file", "reason"}])``, a file
    whose ``read`` raises InputError (or nests too deeply) being left out with the reason."""
    if not isinstance(files, list):
        raise InputError("'files' must be a list of files", field="files")
    if len(files) > MAX_FILES:
        raise InputError(f"{len(files):,} files; at most {MAX_FILES:,} at once", field="files")
    used, skipped = [], []
    for index, entry in enumerate(files, 1):
        name = str(entry.get("file", "")) if isinstance(entry, Mapping) else ""
        name = name or f"file {index}"
        try:
            if not isinstance(entry, Mapping):
                raise InputError("not a file entry")
            used.append((name, read(entry)))
        except RecursionError:
            skipped.append(
                _skip(
                    name,
                    InputError("nested too deeply to be read", message_id="portfolio.skip.nested"),
                )
            )
        except InputError as err:
            skipped.append(_skip(name, err))
    return used, skipped


def _skip(name: str, err: InputError) -> dict:
    """A file left out: its name, the reason in English and (``reason_said``) with the id of its
    words and their values, for a page in another language."""
    said = {"message": str(err), "message_id": err.message_id, "values": err.values}
    return {"file": name, "reason": str(err), "reason_said": said}


def file_note(name: str, note: dict) -> dict:
    """A note about the file ``name``, as a message (``note`` the note's own message)."""
    return message("portfolio.note.file", f"{name}: {note['message']}", file=name, note=note)


def portfolio(rubric: dict, files: Any, *, by: str | None = None) -> dict:
    """Roll up many exports: ``files`` is a list of ``{"file": name, "text": json}`` (or
    ``"data"``: the parsed object, or ``"error"``: why it could not be read).

    ``by="team"`` adds ``teams``: the same statistics for each team.

    >>> from calculators._maturity_io import export_assessment
    >>> r = {"id": "m", "version": "1.0.0", "levels": [{"level": i, "label": f"L{i}"} for i in range(1, 6)],
    ...      "dimensions": [{"id": "d", "title": "D", "descriptors": list("abcde")}], "gates": [],
    ...      "scoring": {"dimension": {"aggregate": "weighted_mean", "thresholds": [1, 2, 3, 4, 5]},
    ...                  "overall": {"rule": "balanced", "max_lead": 1}},
    ...      "questions": [{"id": "q", "dimension": "d", "text": "Q?", "options": [
    ...          {"value": f"l{i}", "label": f"L{i}", "level": i} for i in range(1, 6)]}]}
    >>> files = [{"file": f"{v}.json", "data": export_assessment(r, {"q": v}, about={"team": "A"})}
    ...          for v in ("l1", "l4")] + [{"file": "bad.json", "text": "{"}]
    >>> out = portfolio(r, files)
    >>> out["respondents"], out["overall"]["median"], out["dimensions"][0]["levels"]
    (2, 2.5, [1, 4])
    >>> out["skipped"][0]["reason"], out["disagreements"][0]["question"]
    ('not valid JSON (line 1: Expecting property name enclosed in double quotes, column 2)', 'q')
    """
    if by not in (None, "team"):
        raise InputError(f"cannot group by {by!r} (only by team)", field="by")
    table = answer_table(rubric)
    used, skipped = read_files(files, lambda entry: read_respondent(rubric, entry, table=table))
    members, notes = [], []
    for name, member in used:
        member["file"] = name
        members.append(member)
        notes += [file_note(name, n) for n in member.pop("notes")]
        if member["result"]["overall"]["level"] is None:
            note = message(
                "portfolio.note.no_level",
                "no overall level yet (too few answers); counted among the respondents but not "
                "in the levels",
            )
            notes.append(file_note(name, note))
    teams: dict[str | None, list[dict]] = {}
    for m in members:
        teams.setdefault(m["team"], []).append(m)
    trend = _trend(rubric, teams)
    progress = _progress(rubric, teams, trend)
    out: dict[str, Any] = {
        "rubric": {"id": rubric["id"], "version": rubric["version"]},
        "respondents": len(members),
        "skipped": skipped,
        "notes": [n["message"] for n in notes],
        # The same notes with the id of their words, for a page in another language.
        "notes_said": notes,
        "quartiles": QUARTILE_METHOD,
        "quartiles_said": message("portfolio.quartiles_method", QUARTILE_METHOD),
        "overall": _overall_row(members),
        "dimensions": _dimension_rows(rubric, members),
        "disagreements": _disagreements(rubric, teams),
        "actions": _next_actions(members),
        "trend": trend,
        "progress": progress,
        "trend_series": _trend_series(rubric, trend, progress),
        "files": [
            {
                "file": m["file"],
                "team": m["team"],
                "respondent": m["respondent"],
                "date": m["date"],
                "overall": m["result"]["overall"]["level"],
                # A blank question is left out of its level, not passed: the file's result may
                # move (the light scoring's ``provisional``, which is ``assess``'s).
                "provisional": m["result"]["provisional"],
                "dimensions": {d["id"]: d["level"] for d in m["result"]["dimensions"]},
                "targets": m["targets"],
            }
            for m in members
        ],
    }
    if by == "team":
        out["teams"] = [
            {
                "team": team,
                "respondents": len(teams[team]),
                "overall": _overall_row(teams[team]),
                "dimensions": _dimension_rows(rubric, teams[team]),
            }
            for team in sorted(teams, key=_team_key)
        ]
    return out


# --- reports ------------------------------------------------------------------------------------

_STAT_KEYS = ("respondents", "median", "q1", "q3", "min", "max", "iqr", "range")


def portfolio_csv(result: Mapping) -> str:
    """The roll-up as CSV: a row per dimension and overall (``team`` empty), then the same per
    team when grouped by team, then one row per skipped file.

    >>> print(portfolio_csv({"overall": {"respondents": 1, "median": 2, "min": 2, "max": 2},
    ...     "dimensions": [], "skipped": [{"file": "x.json", "reason": "not valid JSON"}]}), end="")
    team,scope,id,title,respondents,median,q1,q3,min,max,iqr,range,skipped_reason
    ,overall,overall,Overall,1,2,,,2,2,,,
    ,skipped,x.json,,,,,,,,,,not valid JSON
    """
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["team", "scope", "id", "title", *_STAT_KEYS, "skipped_reason"])

    def cell(value: Any) -> Any:
        return "" if value is None else value

    def rows(team: Any, block: Mapping) -> None:
        overall = block["overall"]
        writer.writerow(
            [
                cell(team),
                "overall",
                "overall",
                "Overall",
                *(cell(overall.get(k)) for k in _STAT_KEYS),
                "",
            ]
        )
        for d in block["dimensions"]:
            writer.writerow(
                [
                    cell(team),
                    "dimension",
                    d["id"],
                    d["title"],
                    *(cell(d.get(k)) for k in _STAT_KEYS),
                    "",
                ]
            )

    rows(None, result)
    for team in result.get("teams", []):
        rows(team["team"] if team["team"] is not None else "(no team given)", team)
    for skip in result.get("skipped", []):
        writer.writerow(
            ["", "skipped", skip["file"], *[""] * (len(_STAT_KEYS) + 1), skip["reason"]]
        )
    return out.getvalue()


def _level(value: Any, w: Words = ENGLISH) -> str:
    if value is None:
        return "-"
    if w.table and isinstance(value, int | float):  # "L2,5" in German, as the page writes it
        return f"L{w.plain(value)}"
    return f"L{value}"


def _said(item: Mapping, key: str, w: Words) -> str:
    """``item[key]`` in the language of ``w``: its ``key_said`` message where it has one."""
    said = item.get(f"{key}_said")
    return w.said(said) if w.table and said else item[key]


def portfolio_text(result: Mapping, w: Words = ENGLISH) -> str:
    """The roll-up as a readable report, in the language of ``w``."""
    nobody = w("cli.portfolio.no_team", "(no team given)")
    lines = [w("cli.portfolio.respondents", "Respondents: {count}", count=result["respondents"])]
    if result["skipped"]:
        lines.append(
            w("cli.portfolio.left_out", "Left out ({count}):", count=len(result["skipped"]))
        )
        lines += [f"  - {s['file']}: {_said(s, 'reason', w)}" for s in result["skipped"]]
    notes = (w.table and result.get("notes_said")) or result.get("notes", [])
    lines += [w("cli.portfolio.note", "  note: {note}", note=w.said(n)) for n in notes]
    o = result["overall"]
    lines.append(
        w(
            "cli.portfolio.overall",
            "Overall ({count} with a level): median {median}, quartiles {q1}-{q3}, min {min}, "
            "max {max}",
            count=o["respondents"],
            median=_level(o["median"], w),
            q1=_level(o["q1"], w),
            q3=_level(o["q3"], w),
            min=_level(o["min"], w),
            max=_level(o["max"], w),
        )
    )
    lines += [
        "",
        w("cli.portfolio.dimensions", "Dimensions (median, q1-q3, min-max, respondents):"),
    ]
    width = max((len(d["title"]) for d in result["dimensions"]), default=0)
    for d in result["dimensions"]:
        lines.append(
            f"  {d['title']:<{width}}  {_level(d['median'], w)}  {_level(d['q1'], w)}-{_level(d['q3'], w)}  "
            f"{_level(d['min'], w)}-{_level(d['max'], w)}  ({d['respondents']})"
        )
    if result.get("teams"):
        lines += ["", w("cli.portfolio.teams", "Teams (median level per dimension):")]
        for team in result["teams"]:
            name = team["team"] if team["team"] is not None else nobody
            cells = ", ".join(f"{d['short']} {_level(d['median'], w)}" for d in team["dimensions"])
            lines.append(
                w(
                    "cli.portfolio.team",
                    "  {name} ({count}): overall {level}; {cells}",
                    name=name,
                    count=team["respondents"],
                    level=_level(team["overall"]["median"], w),
                    cells=cells,
                )
            )
    if result.get("progress"):
        lines += [
            "",
            w(
                "cli.portfolio.progress",
                "Progress to target (baseline: each team's earliest date):",
            ),
        ]
        for p in result["progress"]:
            name = p["team"] if p["team"] is not None else nobody
            done = (
                w("cli.portfolio.undefined", "undefined")
                if p["progress"] is None
                else w.percent(p["progress"], 0)
            )
            why = ""
            if p["why"]:
                text = w.said(p["why_said"]) if w.table and p.get("why_said") else p["why"]
                why = f" ({text.removeprefix('undefined: ').removeprefix(done + ': ')})"
            lines.append(
                w(
                    "cli.portfolio.progress_line",
                    "  {name}: {title}: {baseline} ({baseline_date}) -> {current} ({current_date}), "
                    "target {target}: {done}",
                    name=name,
                    title=p["title"],
                    baseline=_level(p["baseline"], w),
                    baseline_date=p["baseline_date"],
                    current=_level(p["current"], w),
                    current_date=p["current_date"],
                    target=_level(p["target"], w),
                    done=done,
                )
                + why
            )
    if result["disagreements"]:
        lines += [
            "",
            w(
                "cli.portfolio.disagreements",
                "Disagreements (respondents of one team two or more levels apart):",
            ),
        ]
        for d in result["disagreements"]:
            team = d["team"] if d["team"] is not None else nobody
            levels = ", ".join(f"L{lv}" for lv in d["levels"])
            what = (
                w("cli.portfolio.question", "question")
                if d["kind"] == "question"
                else w("cli.portfolio.dimension", "dimension")
            )
            lines.append(f'  {team}: {what} "{d["text"]}": {levels}')
    if result["actions"]:
        lines += ["", w("cli.portfolio.actions", "Next actions (the teams each would lift):")]
        lines += [
            f"  {i}. {_said(a, 'text', w)} ("
            + (
                w("cli.portfolio.teams_one", "{count} team", count=a["teams"])
                if a["teams"] == 1
                else w("cli.portfolio.teams_other", "{count} teams", count=a["teams"])
            )
            + ")"
            for i, a in enumerate(result["actions"][:10], 1)
        ]
    return "\n".join(lines)
