"""The pilot scale-readiness check: the six root causes, asked of one named pilot.

Each cause has yes/no checks phrased so that "yes" is healthy; a cause is flagged when any of
its checks is answered "no". The verdict follows the rubric's ``readiness`` rules: stop when a
``stop_if_any`` cause is flagged or at least ``stop_if_flags_at_least`` causes are; otherwise
fix first when anything is flagged; otherwise scale now. Unanswered checks flag nothing but
make the verdict provisional.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._errors import InputError

__all__ = ["check_readiness_rubric", "readiness", "readiness_template"]

ANSWERS = ("yes", "no")


def _causes(rubric: dict) -> list[dict]:
    return [c for c in rubric["causes"] if not c.get("retired")]


def readiness_template(rubric: dict) -> dict:
    """A blank readiness answers object: every check id with ``None``.

    >>> readiness_template({"causes": [{"id": "c", "checks": [{"id": "k", "question": "?"}]}]})
    {'pilot': '', 'answers': {'k': None}}
    """
    return {"pilot": "", "answers": {k["id"]: None for c in _causes(rubric) for k in c["checks"]}}


def readiness(rubric: dict, answers: Any, *, pilot: str = "") -> dict:
    """Flags per root cause, their remedies, and a verdict (scale_now / fix_first / stop).

    >>> r = {"causes": [{"id": "owner", "title": "No owner", "dimension": "d", "remedies": ["Name one"],
    ...       "checks": [{"id": "sponsor", "question": "Named sponsor?"}]}],
    ...      "readiness": {"stop_if_any": ["owner"], "stop_if_flags_at_least": 4, "verdicts": {
    ...       "scale_now": {"label": "Scale now", "summary": ""}, "fix_first": {"label": "Fix first", "summary": ""},
    ...       "stop": {"label": "Stop", "summary": ""}}}}
    >>> readiness(r, {"sponsor": "no"}, pilot="Invoice triage")["verdict"]["id"]
    'stop'
    """
    if not isinstance(answers, Mapping):
        raise InputError(
            "'answers' must be an object of check id -> 'yes' or 'no'", field="answers"
        )
    if not isinstance(pilot, str) or len(pilot) > 200:
        raise InputError("'pilot' must be a name of at most 200 characters", field="pilot")
    known = {k["id"] for c in _causes(rubric) for k in c["checks"]}
    for check, value in answers.items():
        if check not in known:
            raise InputError(f"unknown readiness check '{check}'", field=str(check))
        if value is not None and value not in ANSWERS:
            raise InputError(f"'{check}' must be 'yes', 'no' or null (got {value!r})", field=check)
    rows, unanswered = [], 0
    for cause in _causes(rubric):
        failed = [k for k in cause["checks"] if answers.get(k["id"]) == "no"]
        unanswered += sum(1 for k in cause["checks"] if answers.get(k["id"]) is None)
        rows.append(
            {
                "id": cause["id"],
                "title": cause["title"],
                "dimension": cause["dimension"],
                "flagged": bool(failed),
                "failed_checks": [{"id": k["id"], "question": k["question"]} for k in failed],
                "remedies": cause.get("remedies", []) if failed else [],
                "link": cause.get("link"),
            }
        )
    rules = rubric["readiness"]
    flagged = [r["id"] for r in rows if r["flagged"]]
    blocking = [c for c in rules.get("stop_if_any", []) if c in flagged]
    if blocking or len(flagged) >= rules["stop_if_flags_at_least"]:
        verdict = "stop"
        reason = f"{len(flagged)} of {len(rows)} causes flagged" + (
            f", including {', '.join(blocking)}" if blocking else ""
        )
    elif flagged:
        verdict, reason = "fix_first", f"{len(flagged)} of {len(rows)} causes flagged"
    else:
        verdict, reason = "scale_now", "no cause flagged"
    return {
        "pilot": pilot,
        "causes": rows,
        "flags": len(flagged),
        "verdict": {"id": verdict, **rules["verdicts"][verdict], "reason": reason},
        "provisional": unanswered > 0,
        "unanswered": unanswered,
    }


def check_readiness_rubric(rubric: dict) -> list[tuple[tuple, str]]:
    """Rules of root_causes.yaml that JSON Schema cannot state, as (path, message) pairs."""
    problems = []
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
    limit = rubric["readiness"]["stop_if_flags_at_least"]
    active = len(_causes(rubric))
    if limit > active:
        problems.append(
            (
                ("readiness", "stop_if_flags_at_least"),
                f"is {limit} but there are only {active} causes, so it can never apply",
            )
        )
    return problems
