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

Next actions of the portfolio: for each respondent, the rubric's actions and gates that are
steps of their overall lift (what would raise their overall level by one); an action counts
for a team when it does so for any respondent of the team. Sorted by the number of teams, then
of respondents.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from typing import Any

from ._errors import InputError
from ._export_files import check_object, file_rubric, major
from ._maturity import _active, _answer_level, assess
from ._maturity_io import EXPORT_FORMAT, map_answers, read_about

__all__ = [
    "MAX_FILES",
    "MAX_FILE_CHARS",
    "QUARTILE_METHOD",
    "portfolio",
    "portfolio_csv",
    "portfolio_text",
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


def _parse(entry: Mapping) -> Any:
    if entry.get("error"):
        raise InputError(str(entry["error"]))
    if "text" in entry:
        text = entry["text"]
        if not isinstance(text, str):
            raise InputError("the file could not be read as text")
        if len(text) > MAX_FILE_CHARS:
            raise InputError(
                f"the file is too large ({len(text):,} characters; at most {MAX_FILE_CHARS:,})"
            )
        try:
            return json.loads(text)
        except json.JSONDecodeError as err:
            raise InputError(f"not valid JSON (line {err.lineno}: {err.msg})") from None
        except RecursionError:
            raise InputError("nested too deeply to be an assessment") from None
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


def _compact(result: dict) -> dict:
    """What the roll-up reads of a result: the levels, the overall lift and the actions that are
    its steps. Holding every full result made 10,000 files cost more than ten times 1,000 (the
    memory, and the garbage collector walking it)."""
    lift = result["overall"].get("lift") or []
    steps = {("dimension", s["dimension"]) for s in lift if s["kind"] == "dimension"}
    steps |= {("gate", s["gate"]) for s in lift if s["kind"] == "gate"}
    return {
        "overall": {"level": result["overall"]["level"], "lift": lift},
        "dimensions": [{"id": d["id"], "level": d["level"]} for d in result["dimensions"]],
        "actions": [
            a
            for a in result["actions"]
            if (a["kind"], a["dimension"] if a["kind"] == "dimension" else a["id"]) in steps
        ],
    }


def read_respondent(rubric: dict, entry: Mapping) -> dict:
    """One file's respondent: who, when, the answers and (in brief) the result ``assess`` gives.

    Raises InputError with the reason the file cannot be used.
    """
    data = check_object(
        _parse(entry),
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
            f"({ours}); its questions may mean something else here"
        )
    answers = data.get("answers")
    if not isinstance(answers, Mapping):
        raise InputError(
            "not an assessment file: 'answers' must be an object of question id -> answer"
        )
    # Stricter than an import: a question this version lacks is left out (with a note) only
    # from a file of another version; and a value not allowed is kept, so assess refuses the file.
    mapped = map_answers(rubric, answers, check_values=False)
    kept, notes = mapped["answers"], []
    for dropped in mapped["dropped"]:
        qid = dropped["question"]
        if version == ours:
            raise InputError(f"tampered or broken: '{qid}' is not a question of this rubric")
        notes.append(f"'{qid}' is not a question of version {ours}; left out")
    try:
        about = read_about(data.get("about"))
        result = assess(rubric, kept)
    except InputError as err:
        raise InputError(f"tampered or broken: {err}") from None
    stated = _stated_levels(data) if version == ours else None
    if stated is not None:
        found = {"overall": result["overall"]["level"]}
        found |= {d["id"]: d["level"] for d in result["dimensions"]}
        wrong = [k for k, level in stated.items() if k in found and found[k] != level]
        if wrong:
            k = wrong[0]
            what = "overall" if k == "overall" else f"'{k}'"
            raise InputError(
                f"tampered: it states level {stated[k]} for {what}, but its answers give {found[k]}"
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
        "result": _compact(result),
        "notes": notes,
    }


# --- the roll-up --------------------------------------------------------------------------------


def _team_key(team: str | None) -> tuple:
    return (team is None, (team or "").casefold(), team or "")


def _disagreements(rubric: dict, teams: dict[str | None, list[dict]]) -> list[dict]:
    dont_know = rubric["scoring"].get("dont_know", "lowest")
    questions = _active(rubric["questions"])
    dims = _active(rubric["dimensions"])
    out = []
    for team in sorted(teams, key=_team_key):
        members = teams[team]
        if len(members) < 2:
            continue
        differ_by_dim: dict[str, list[str]] = {}
        for q in questions:
            by = [
                {
                    "file": m["file"],
                    "respondent": m["respondent"],
                    "level": _answer_level(q, m["answers"].get(q["id"]), dont_know),
                }
                for m in members
            ]
            levels = [b["level"] for b in by if b["level"] is not None]
            if len(levels) >= 2 and max(levels) - min(levels) >= DISAGREEMENT:
                differ_by_dim.setdefault(q["dimension"], []).append(q["id"])
                out.append(
                    {
                        "team": team,
                        "kind": "question",
                        "question": q["id"],
                        "text": q["text"],
                        "dimension": q["dimension"],
                        "levels": levels,
                        "by": [b for b in by if b["level"] is not None],
                    }
                )
        for d in dims:
            by = [
                {"file": m["file"], "respondent": m["respondent"], "level": lv}
                for m in members
                if (lv := _dimension_level(m, d["id"])) is not None
            ]
            levels = [b["level"] for b in by]
            if len(levels) >= 2 and max(levels) - min(levels) >= DISAGREEMENT:
                out.append(
                    {
                        "team": team,
                        "kind": "dimension",
                        "question": None,
                        "dimension": d["id"],
                        "text": d["title"],
                        "levels": levels,
                        "by": by,
                        "questions": differ_by_dim.get(d["id"], []),
                    }
                )
    return out


def _dimension_level(member: dict, did: str) -> int | None:
    return next(
        (d["level"] for d in member["result"]["dimensions"] if d["id"] == did),
        None,
    )


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
    ('not valid JSON (line 1: Expecting property name enclosed in double quotes)', 'q')
    """
    if not isinstance(files, list):
        raise InputError("'files' must be a list of files", field="files")
    if len(files) > MAX_FILES:
        raise InputError(f"{len(files):,} files; at most {MAX_FILES:,} at once", field="files")
    if by not in (None, "team"):
        raise InputError(f"cannot group by {by!r} (only by team)", field="by")
    members, skipped, notes = [], [], []
    for index, entry in enumerate(files, 1):
        name = str(entry.get("file", "")) if isinstance(entry, Mapping) else ""
        name = name or f"file {index}"
        try:
            if not isinstance(entry, Mapping):
                raise InputError("not a file entry")
            member = read_respondent(rubric, entry)
        except InputError as err:
            skipped.append({"file": name, "reason": str(err)})
            continue
        member["file"] = name
        members.append(member)
        notes += [f"{name}: {n}" for n in member.pop("notes")]
        if member["result"]["overall"]["level"] is None:
            notes.append(
                f"{name}: no overall level yet (too few answers); counted among the respondents "
                "but not in the levels"
            )
    teams: dict[str | None, list[dict]] = {}
    for m in members:
        teams.setdefault(m["team"], []).append(m)
    out: dict[str, Any] = {
        "rubric": {"id": rubric["id"], "version": rubric["version"]},
        "respondents": len(members),
        "skipped": skipped,
        "notes": notes,
        "quartiles": QUARTILE_METHOD,
        "overall": _overall_row(members),
        "dimensions": _dimension_rows(rubric, members),
        "disagreements": _disagreements(rubric, teams),
        "actions": _next_actions(members),
        "trend": _trend(rubric, teams),
        "files": [
            {
                "file": m["file"],
                "team": m["team"],
                "respondent": m["respondent"],
                "date": m["date"],
                "overall": m["result"]["overall"]["level"],
                "dimensions": {d["id"]: d["level"] for d in m["result"]["dimensions"]},
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


def _level(value: Any) -> str:
    return "-" if value is None else f"L{value}"


def portfolio_text(result: Mapping) -> str:
    """The roll-up as a readable report."""
    lines = [f"Respondents: {result['respondents']}"]
    if result["skipped"]:
        lines.append(f"Left out ({len(result['skipped'])}):")
        lines += [f"  - {s['file']}: {s['reason']}" for s in result["skipped"]]
    lines += [f"  note: {n}" for n in result.get("notes", [])]
    o = result["overall"]
    lines.append(
        f"Overall ({o['respondents']} with a level): median {_level(o['median'])}, quartiles {_level(o['q1'])}-{_level(o['q3'])}, "
        f"min {_level(o['min'])}, max {_level(o['max'])}"
    )
    lines += ["", "Dimensions (median, q1-q3, min-max, respondents):"]
    width = max((len(d["title"]) for d in result["dimensions"]), default=0)
    for d in result["dimensions"]:
        lines.append(
            f"  {d['title']:<{width}}  {_level(d['median'])}  {_level(d['q1'])}-{_level(d['q3'])}  "
            f"{_level(d['min'])}-{_level(d['max'])}  ({d['respondents']})"
        )
    if result.get("teams"):
        lines += ["", "Teams (median level per dimension):"]
        for team in result["teams"]:
            name = team["team"] if team["team"] is not None else "(no team given)"
            cells = ", ".join(f"{d['short']} {_level(d['median'])}" for d in team["dimensions"])
            lines.append(
                f"  {name} ({team['respondents']}): overall {_level(team['overall']['median'])}; {cells}"
            )
    if result["disagreements"]:
        lines += ["", "Disagreements (respondents of one team two or more levels apart):"]
        for d in result["disagreements"]:
            team = d["team"] if d["team"] is not None else "(no team given)"
            levels = ", ".join(f"L{lv}" for lv in d["levels"])
            what = "question" if d["kind"] == "question" else "dimension"
            lines.append(f'  {team}: {what} "{d["text"]}": {levels}')
    if result["actions"]:
        lines += ["", "Next actions (the teams each would lift):"]
        lines += [
            f"  {i}. {a['text']} ({a['teams']} team{'s' if a['teams'] != 1 else ''})"
            for i, a in enumerate(result["actions"][:10], 1)
        ]
    return "\n".join(lines)
