"""The pilot scale-readiness check: the six root causes, asked of one named pilot.

Each cause has checks phrased so that "yes" is healthy. The rubric's ``readiness.answers`` say
which answers mean *in place* ("yes") and which do not ("no", and "dont_know": nobody could
confirm it). A check left unanswered is unknown: never in place, never a pass. A cause is
flagged when any of its checks is answered and not in place.

The verdict, exactly:

1. ``stop`` as soon as a stop rule applies: a check of ``stop_if_not_in_place`` is answered and
   not in place, a cause of ``stop_if_any`` is flagged, or at least ``stop_if_flags_at_least``
   causes are flagged. More answers can only add flags, so this holds whatever is unanswered.
2. Otherwise ``incomplete`` while a stop is still possible: a stop check is unanswered, a
   ``stop_if_any`` cause is not flagged but has unanswered checks, or the flagged causes plus
   the unflagged causes that could be flagged without a stop of their own (not a
   ``stop_if_any`` cause, with an unanswered check that is not a stop check) reach
   ``stop_if_flags_at_least``.
3. Otherwise ``fix_first`` when any cause is flagged: final, even with checks unanswered
   (they may flag more causes, never a stop).
4. Otherwise ``incomplete`` while any check is unanswered (it could still flag a cause).
5. Otherwise ``scale_now``: every check answered and in place.

``verdict.missing`` lists the unanswered checks an incomplete verdict depends on; the reason is
the rubric's ``readiness.why`` wording with its placeholders filled in. Remedies come only from
the checks answered and not in place.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from typing import Any

from ._errors import InputError, message
from ._export_files import check_object, file_rubric, version_messages

__all__ = [
    "EXPORT_FORMAT",
    "check_readiness_rubric",
    "read_pilots",
    "readiness",
    "readiness_template",
]

EXPORT_FORMAT = "ai-scale-up-playbook/readiness"
MAX_PILOT_NAME = 200
MAX_PILOTS = 500
DONT_KNOW_TIER = "dont_know"
# The placeholders the rubric's ``readiness.why`` sentences may use.
PLACEHOLDERS = frozenset(
    {"flagged", "causes", "stop_at", "checks", "answered", "unanswered", "missing"}
)


def _live(entries: list[dict]) -> list[dict]:
    return [e for e in entries if not e.get("retired")]


def _causes(rubric: dict) -> list[dict]:
    return _live(rubric["causes"])


def _values(rubric: dict) -> list[str]:
    return [a["value"] for a in rubric["readiness"]["answers"]]


def readiness_template(rubric: dict) -> dict:
    """A blank pilot: every check id with ``None``, and the answers each check accepts.

    >>> r = {"id": "root_causes", "version": "1.0.0",
    ...      "causes": [{"id": "c", "checks": [{"id": "k", "question": "?"}]}],
    ...      "readiness": {"answers": [{"value": "yes"}, {"value": "no"}]}}
    >>> readiness_template(r)
    {'rubric': {'id': 'root_causes', 'version': '1.0.0'}, 'pilot': '', 'answers': {'k': None}, 'choices': {'k': ['yes', 'no']}}
    """
    checks = [k["id"] for c in _causes(rubric) for k in _live(c["checks"])]
    return {
        "rubric": {"id": rubric["id"], "version": rubric["version"]},
        "pilot": "",
        "answers": dict.fromkeys(checks),
        "choices": {k: _values(rubric) for k in checks},
    }


def _check_pilot_name(pilot: Any, field: str = "pilot") -> str:
    if not isinstance(pilot, str) or len(pilot) > MAX_PILOT_NAME:
        raise InputError(
            f"'pilot' must be a name of at most {MAX_PILOT_NAME} characters",
            field=field,
            message_id="error.readiness.pilot_name",
            values={"max": MAX_PILOT_NAME},
        )
    return pilot


def _checked(rubric: dict, answers: Any) -> dict[str, str]:
    """The answers of live checks; InputError naming every unknown check and bad value at once."""
    allowed = _values(rubric)
    shown = ", ".join(repr(v) for v in allowed)
    if not isinstance(answers, Mapping):
        raise InputError(
            f"'answers' must be an object of check id -> {shown} or null",
            field="answers",
            message_id="error.readiness.answers_object",
            values={"allowed": shown},
        )
    checks = {k["id"]: k for c in rubric["causes"] for k in c["checks"]}
    out = {}
    problems = []
    for check, value in answers.items():
        if check not in checks:
            problems.append(
                InputError(
                    f"unknown readiness check '{check}' (not in rubric {rubric['id']} {rubric['version']})",
                    field=str(check),
                    message_id="error.readiness.unknown_check",
                    values={
                        "check": str(check),
                        "rubric": rubric["id"],
                        "version": rubric["version"],
                    },
                )
            )
        elif value is not None and value not in allowed:
            problems.append(
                InputError(
                    f"'{check}' must be {shown} or null (got {value!r})",
                    field=check,
                    message_id="error.readiness.bad_answer",
                    values={"check": check, "allowed": shown, "got": repr(value)},
                )
            )
        elif value is not None and not checks[check].get("retired"):
            out[check] = value
    if problems:
        raise InputError.collect(problems)
    return out


def _fill(template: str, values: Mapping[str, Any]) -> str:
    return string.Formatter().vformat(template, (), values)


def readiness(rubric: dict, answers: Any, *, pilot: str = "") -> dict:
    """Flags per root cause, the remedies of the checks not in place, and a verdict.

    >>> r = {"id": "root_causes", "version": "1", "causes": [{"id": "owner", "title": "No owner",
    ...       "dimension": "d", "checks": [{"id": "sponsor", "question": "Named sponsor?",
    ...       "remedy": "Name one."}, {"id": "kpi", "question": "KPI?", "remedy": "Agree one."}]}],
    ...      "readiness": {"answers": [{"value": "yes", "label": "Yes", "in_place": True},
    ...       {"value": "no", "label": "No", "in_place": False}],
    ...       "stop_if_not_in_place": [{"check": "sponsor", "why": "Stopped: no sponsor."}],
    ...       "stop_if_flags_at_least": 1, "why": {"stop_flags": "{flagged} flagged.",
    ...       "fix_first": "", "scale_now": "", "incomplete": "{missing} to answer.",
    ...       "open_checks": "{unanswered} unanswered."}, "verdicts": {
    ...       "scale_now": {"label": "Scale now", "summary": ""},
    ...       "fix_first": {"label": "Fix first", "summary": ""},
    ...       "stop": {"label": "Stop", "summary": ""},
    ...       "incomplete": {"label": "Incomplete", "summary": ""}}}}
    >>> readiness(r, {"sponsor": "yes"})["verdict"]["why"]
    '1 to answer.'
    >>> v = readiness(r, {"sponsor": "no"}, pilot="Invoice triage")["verdict"]
    >>> v["id"], v["why"]
    ('stop', 'Stopped: no sponsor. 1 flagged. 1 unanswered.')
    """
    checked = _checked(rubric, answers)
    pilot = _check_pilot_name(pilot)
    rules = rubric["readiness"]
    meaning = {a["value"]: a for a in rules["answers"]}
    questions: dict[str, dict] = {}
    rows, open_by_cause = [], {}
    for cause in _causes(rubric):
        failed, open_checks = [], []
        for k in _live(cause["checks"]):
            questions[k["id"]] = {"id": k["id"], "question": k["question"], "cause": cause["id"]}
            value = checked.get(k["id"])
            if value is None:
                open_checks.append({"id": k["id"], "question": k["question"]})
            elif not meaning[value]["in_place"]:
                failed.append(
                    {
                        "id": k["id"],
                        "question": k["question"],
                        "answer": value,
                        "answer_label": meaning[value]["label"],
                        "remedy": k["remedy"],
                    }
                )
        total = len(_live(cause["checks"]))
        open_by_cause[cause["id"]] = open_checks
        rows.append(
            {
                "id": cause["id"],
                "title": cause["title"],
                "dimension": cause["dimension"],
                "flagged": bool(failed),
                "status": "flagged" if failed else "open" if open_checks else "clear",
                "failed_checks": failed,
                "remedies": list(dict.fromkeys(k["remedy"] for k in failed)),
                "unanswered_checks": open_checks,
                "answered": total - len(open_checks),
                "total": total,
                "link": cause.get("link"),
            }
        )

    flagged = [r for r in rows if r["flagged"]]
    unflagged_open = [r for r in rows if not r["flagged"] and r["unanswered_checks"]]
    stop_at = rules["stop_if_flags_at_least"]
    stop_checks = [s for s in rules.get("stop_if_not_in_place", []) if s["check"] in questions]
    stop_causes = [c for c in rules.get("stop_if_any", []) if c in open_by_cause]
    total_checks = len(questions)
    unanswered = sum(len(v) for v in open_by_cause.values())

    failed_ids = {k["id"] for r in rows for k in r["failed_checks"]}
    # "Don't know" is not in place, like "no", but it is not a finding that the thing is missing:
    # a rule may say so in its own words (``why_unconfirmed``).
    fired = [
        s.get("why_unconfirmed", s["why"]) if checked.get(s["check"]) == "dont_know" else s["why"]
        for s in stop_checks
        if s["check"] in failed_ids
    ]
    fired += [
        _fill(rules["why"]["stop_cause"], {"cause": r["title"]})
        for r in flagged
        if r["id"] in stop_causes
    ]
    if len(flagged) >= stop_at:
        fired.append(rules["why"]["stop_flags"])

    missing: list[str] = []
    if fired:
        verdict = "stop"
    else:
        by_id = {r["id"]: r for r in rows}
        open_stop_checks = [s["check"] for s in stop_checks if s["check"] not in checked]
        open_stop_causes = [c for c in stop_causes if not by_id[c]["flagged"] and open_by_cause[c]]
        # A cause can add to the count without a stop of its own only through an open check
        # that is not a stop check, and only if it is not a stop cause (flagging one of those
        # stops anyway). Only such causes can bring the count to a stop, and their checks matter
        # only if flagging every one of them reaches it; a listed check must be able to change
        # the verdict (the property test in tests/calculators/test_readiness.py checks every
        # way of answering the rest).
        stop_ids = {s["check"] for s in stop_checks}
        countable = [
            r
            for r in unflagged_open
            if r["id"] not in stop_causes
            and any(k["id"] not in stop_ids for k in r["unanswered_checks"])
        ]
        count_can_stop = len(flagged) + len(countable) >= stop_at
        if open_stop_checks or open_stop_causes or count_can_stop or not flagged:
            wanted = set(open_stop_checks)
            wanted |= {k["id"] for c in open_stop_causes for k in open_by_cause[c]}
            if not flagged:  # any "no" would turn a scale-now into a fix-first (or a stop)
                wanted |= {k["id"] for r in unflagged_open for k in r["unanswered_checks"]}
            elif count_can_stop:
                wanted |= {k["id"] for r in countable for k in r["unanswered_checks"]}
            missing = [k for k in questions if k in wanted]
        if missing:
            verdict = "incomplete"
        elif flagged:
            verdict = "fix_first"
        else:
            verdict = "scale_now"

    values = {
        "flagged": len(flagged),
        "causes": len(rows),
        "stop_at": stop_at,
        "checks": total_checks,
        "answered": total_checks - unanswered,
        "unanswered": unanswered,
        "missing": len(missing),
    }
    parts = fired if verdict == "stop" else [rules["why"][verdict]]
    if verdict != "incomplete" and unanswered:
        parts.append(rules["why"]["open_checks"])
    why = " ".join(_fill(p, values) for p in parts if p)
    return {
        "rubric": {"id": rubric.get("id"), "version": rubric.get("version")},
        "pilot": pilot,
        "causes": rows,
        "flags": len(flagged),
        "verdict": {
            "id": verdict,
            **rules["verdicts"][verdict],
            "why": why,
            "reason": why,
            "final": verdict != "incomplete",
            "missing": [questions[k] for k in missing],
        },
        "provisional": unanswered > 0,
        "unanswered": unanswered,
        "answered": total_checks - unanswered,
        "total": total_checks,
        "remedies": [
            {"check": k["id"], "cause": r["id"], "text": k["remedy"]}
            for r in rows
            for k in r["failed_checks"]
        ],
    }


# --- files: the page's export, a share link, the command line's pilot file ---------------------


def _rubric_of(data: Mapping, rubric: dict, *, required: bool) -> list[dict]:
    meta = file_rubric(data, rubric, kind="readiness", required=required)
    if meta is None:
        return []
    return version_messages(meta["version"], rubric, kind="readiness")


def _in_pilot(where: str, name: Any, number: int, note: dict) -> dict:
    """A note about one pilot, said with the pilot's name (or number) in front."""
    named = isinstance(name, str) and name
    return message(
        "error.readiness.in_named_pilot" if named else "error.readiness.in_pilot",
        f"{where}: {note['message']}",
        **({"name": name} if named else {"number": number}),
        error=[note],
    )


def _pilot_of(
    rubric: dict, entry: Any, where: str, eu_ai_act: dict | None = None, number: int = 1
) -> tuple[dict, list[dict]]:
    if not isinstance(entry, Mapping) or "answers" not in entry:
        raise InputError(f"{where} must be an object with 'pilot' and 'answers'", field="file")
    try:
        name = _check_pilot_name(entry.get("pilot", ""))
        answers = _checked(rubric, entry["answers"])
    except InputError as err:
        # The pilot's own problem, by its id too: a page in another language says it in its words.
        said = {"message": str(err), "message_id": err.message_id, "values": err.values}
        named = isinstance(entry.get("pilot"), str) and entry["pilot"]
        raise InputError(
            f"{where}: {err}",
            field="file",
            message_id="error.readiness.in_named_pilot" if named else "error.readiness.in_pilot",
            values={"name": entry["pilot"], "error": [said]}
            if named
            else {"number": number, "error": [said]},
        ) from None
    retired = [k for k, v in entry["answers"].items() if v is not None and k not in answers]
    notes = (
        [
            _in_pilot(
                where,
                entry.get("pilot"),
                number,
                message(
                    "import.note.retired_checks",
                    f"answers to retired checks were left out: {', '.join(map(str, retired))}.",
                    checks=", ".join(map(str, retired)),
                ),
            )
        ]
        if retired
        else []
    )
    pilot = {"pilot": name, "answers": {**readiness_template(rubric)["answers"], **answers}}
    if entry.get("eu_tier") is not None and eu_ai_act is not None:
        tier, more = _eu_tier_of(eu_ai_act, entry["eu_tier"], where)
        notes += [_in_pilot(where, entry.get("pilot"), number, note) for note in more]
        if tier is not None:
            pilot["eu_tier"] = tier
    return pilot, notes


def _eu_tier_of(eu_ai_act: dict, tier: Any, where: str) -> tuple[str | None, list[dict]]:
    """A pilot's EU AI Act risk tier: a live tier id or ``dont_know``; a retired one is left out
    with a note (a message, without the pilot); any other value refuses the file."""
    live = [t["id"] for t in eu_ai_act["risk_tiers"] if not t.get("retired")]
    retired = [t["id"] for t in eu_ai_act["risk_tiers"] if t.get("retired")]
    if tier in live or tier == DONT_KNOW_TIER:
        return tier, []
    if tier in retired:
        return None, [
            message(
                "import.note.retired_tier",
                f"the EU AI Act risk tier '{tier}' is retired and was left out.",
                tier=tier,
            )
        ]
    names = ", ".join([*live, DONT_KNOW_TIER])
    raise InputError(
        f"{where}: 'EU AI Act risk tier' must be one of: {names} (got {tier!r})", field="file"
    )


def read_pilots(rubric: dict, data: Any, *, eu_ai_act: dict | None = None) -> dict:
    """Check a readiness file and return its pilots: ``{"pilots", "notes", "rubric"}``.

    Accepts the page's export (``format``, ``rubric``, ``pilots``), a share link's pilot and the
    command line's pilot file (``pilot``, ``answers``, optionally ``rubric`` and ``choices``).
    Refuses the whole file, with the reason, when it is not an object, is for another rubric,
    names an unknown check or holds an answer a check does not accept.

    With ``eu_ai_act`` (that rubric), a pilot's ``eu_tier`` (its EU AI Act risk tier, as the
    page saves it) is kept when it is a tier id or ``dont_know`` and refuses the file otherwise;
    a pilot without one (files made before the page asked it) has no ``eu_tier`` key.

    >>> r = {"id": "root_causes", "version": "1", "causes": [{"id": "c", "checks": [
    ...      {"id": "k", "question": "?"}]}], "readiness": {"answers": [{"value": "yes"}]}}
    >>> read_pilots(r, {"pilot": "A", "answers": {"k": "yes"}})["pilots"]
    [{'pilot': 'A', 'answers': {'k': 'yes'}}]
    >>> read_pilots(r, {"pilot": "A", "answers": {"k": "maybe"}})
    Traceback (most recent call last):
    ...
    calculators._errors.InputError: pilot 'A': 'k' must be 'yes' or null (got 'maybe')
    """
    check_object(
        data,
        kind="readiness",
        export_format=EXPORT_FORMAT,
        expected="'pilot' and 'answers', or 'pilots'",
    )
    exported = "pilots" in data or "format" in data
    notes = _rubric_of(data, rubric, required=exported)
    if exported:
        entries = data.get("pilots")
        if not isinstance(entries, list) or not entries:
            raise InputError(
                "not a readiness file: 'pilots' must be a list of pilots", field="file"
            )
        if len(entries) > MAX_PILOTS:
            raise InputError(
                f"the file holds {len(entries)} pilots; at most {MAX_PILOTS}", field="file"
            )
    else:
        entries = [data]
    pilots = []
    for i, entry in enumerate(entries, 1):
        name = entry.get("pilot") if isinstance(entry, Mapping) else None
        where = f"pilot '{name}'" if isinstance(name, str) and name else f"pilot {i}"
        pilot, more = _pilot_of(rubric, entry, where, eu_ai_act, i)
        pilots.append(pilot)
        notes += more
    return {
        "pilots": pilots,
        "notes": [n["message"] for n in notes],
        # The same notes with the id of their words, for a page in another language.
        "notes_said": notes,
        "rubric": {"id": rubric["id"], "version": rubric["version"]},
    }


# --- rubric rules JSON Schema cannot state -----------------------------------------------------


def _placeholder_problems(text: str, allowed: frozenset, path: tuple) -> list[tuple[tuple, str]]:
    try:
        names = {f for _, f, _, _ in string.Formatter().parse(text) if f is not None}
    except ValueError as err:
        return [(path, f"is not a valid sentence with placeholders ({err})")]
    unknown = sorted(n for n in names if n not in allowed)
    if unknown:
        return [
            (
                path,
                f"uses unknown placeholder {{{unknown[0]}}} (known: "
                + ", ".join(f"{{{p}}}" for p in sorted(allowed))
                + ")",
            )
        ]
    return []


def check_readiness_rubric(rubric: dict) -> list[tuple[tuple, str]]:
    """Rules of root_causes.yaml that JSON Schema cannot state, as (path, message) pairs."""
    problems: list[tuple[tuple[str | int, ...], str]] = []
    seen: dict[str, tuple] = {}
    for ci, cause in enumerate(rubric["causes"]):
        for ki, check in enumerate(cause.get("checks", [])):
            path = ("causes", ci, "checks", ki, "id")
            if check["id"] in seen:
                problems.append(
                    (
                        path,
                        f"duplicate check id '{check['id']}' (also in cause {seen[check['id']][1]})",
                    )
                )
            seen.setdefault(check["id"], ("causes", cause["id"]))
    rules = rubric["readiness"]
    limit = rules["stop_if_flags_at_least"]
    active = len(_causes(rubric))
    if limit > active:
        problems.append(
            (
                ("readiness", "stop_if_flags_at_least"),
                f"is {limit} but there are only {active} causes, so it can never apply",
            )
        )
    kinds = {a["in_place"] for a in rules["answers"]}
    if kinds != {True, False}:
        problems.append(
            (
                ("readiness", "answers"),
                "needs at least one answer with in_place: true and one with in_place: false",
            )
        )
    for key, text in rules["why"].items():
        allowed = PLACEHOLDERS | {"cause"} if key == "stop_cause" else PLACEHOLDERS
        problems += _placeholder_problems(text, allowed, ("readiness", "why", key))
    for i, rule in enumerate(rules.get("stop_if_not_in_place", [])):
        for key in ("why", "why_unconfirmed"):
            if key in rule:
                problems += _placeholder_problems(
                    rule[key], PLACEHOLDERS, ("readiness", "stop_if_not_in_place", i, key)
                )
    if rules.get("stop_if_any") and "stop_cause" not in rules["why"]:
        problems.append(
            (
                ("readiness", "why"),
                "needs 'stop_cause', the reason given when a cause of stop_if_any stops a pilot",
            )
        )
    return problems
