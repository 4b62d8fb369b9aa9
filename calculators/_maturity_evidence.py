"""Evidence behind maturity answers: a short note, an optional link, an owner and a date.

The rubric says which answers need evidence (``scoring.evidence``): questions it marks
(``evidence_required: true``; by default every gate's question, ``applies_to: gates``) answered
at or above ``required_from_level``. Evidence is a note or a link; an owner and a date say who
holds it and when it was checked, but are not evidence by themselves. Such an answer without
evidence is *claimed, no evidence*: it still scores as answered (the level arithmetic does not
change), and the result marks it, and marks a gate it passes as passed on a claim.

Limits (the playbook's judgment, not a standard): a note of at most 500 characters, an owner of
at most 200, a link of at most 500 (http or https only), and at most 6,000 characters of
evidence in one assessment, so that a share link, which carries everything in its address,
stays short enough to paste into a chat or a ticket.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit

from ._errors import InputError, message
from ._maturity import _active, _answer_level, _option_label

__all__ = [
    "EVIDENCE_FIELDS",
    "MAX_EVIDENCE_TOTAL",
    "MAX_LENGTHS",
    "evidence_result",
    "evidence_rule",
    "is_iso_date",
    "read_evidence",
]

# The fields of one answer's evidence, by key, in the reader's words.
EVIDENCE_FIELDS = {
    "note": "Evidence note",
    "link": "Evidence link",
    "owner": "Evidence owner",
    "date": "Evidence date",
}
MAX_LENGTHS = {"note": 500, "link": 500, "owner": 200, "date": 10}
MAX_EVIDENCE_TOTAL = 6000


def is_iso_date(value: str) -> bool:
    """Whether ``value`` is a calendar date written YYYY-MM-DD.

    >>> is_iso_date("2026-03-31"), is_iso_date("2026-02-30"), is_iso_date("31/03/2026")
    (True, False, False)
    """
    try:
        return len(value) == 10 and _dt.date.fromisoformat(value).isoformat() == value
    except ValueError:
        return False


def _link_problem(value: str) -> str | None:
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return "must be a web address starting with http:// or https://"
    if any(c.isspace() for c in value):
        return "must not contain spaces"
    return None


def _question_label(key: str, question: dict) -> str:
    return f"{EVIDENCE_FIELDS[key]} for “{question['text']}”"


def read_evidence(rubric: dict, evidence: Any, *, drop_unknown: bool = False) -> dict:
    """Evidence per answer, checked: ``{question id: {note, link, owner, date}}``, each text or
    None, blank text None, an entry with nothing in it left out. Every bad field is named at
    once, by its question's text.

    With ``drop_unknown`` (imports from another rubric version), evidence for a question this
    rubric does not ask is left out and named in ``dropped`` instead of refused.

    >>> r = {"questions": [{"id": "q", "text": "Is there a registry?"}]}
    >>> read_evidence(r, {"q": {"note": " Registry page ", "link": "https://wiki.example/reg"}})
    {'evidence': {'q': {'note': 'Registry page', 'link': 'https://wiki.example/reg', 'owner': None, 'date': None}}, 'dropped': []}
    >>> read_evidence(r, {"q": {"link": "javascript:alert(1)"}})
    Traceback (most recent call last):
    ...
    calculators._errors.InputError: Evidence link for “Is there a registry?” must be a web address starting with http:// or https:// (got 'javascript:alert(1)')
    """
    if evidence is None:
        return {"evidence": {}, "dropped": []}
    if not isinstance(evidence, Mapping):
        raise InputError(
            "'evidence' must be an object of question id -> {note, link, owner, date} "
            f"(got {type(evidence).__name__})",
            field="evidence",
            label="Evidence",
        )
    questions = {q["id"]: q for q in _active(rubric["questions"])}
    out: dict[str, dict] = {}
    dropped, problems = [], []
    total = 0
    for qid, entry in evidence.items():
        question = questions.get(qid)
        if question is None:
            if drop_unknown:
                dropped.append({"question": str(qid)})
                continue
            problems.append(
                InputError(
                    f"Evidence: no question '{qid}' is asked by this rubric",
                    field=f"evidence.{qid}",
                    label="Evidence",
                )
            )
            continue
        if entry is None:
            continue
        if not isinstance(entry, Mapping):
            label = f"Evidence for “{question['text']}”"
            problems.append(
                InputError(
                    f"{label} must be an object with {', '.join(EVIDENCE_FIELDS)} "
                    f"(got {type(entry).__name__})",
                    field=f"evidence.{qid}",
                    label=label,
                )
            )
            continue
        unknown = [k for k in entry if k not in EVIDENCE_FIELDS]
        if unknown:
            label = f"Evidence for “{question['text']}”"
            problems.append(
                InputError(
                    f"{label} has unknown field(s) {', '.join(map(str, unknown))} "
                    f"(known: {', '.join(EVIDENCE_FIELDS)})",
                    field=f"evidence.{qid}",
                    label=label,
                )
            )
        fields: dict[str, str | None] = dict.fromkeys(EVIDENCE_FIELDS)
        for key in EVIDENCE_FIELDS:
            value = entry.get(key)
            if value is None:
                continue
            label = _question_label(key, question)
            field = f"evidence.{qid}.{key}"
            if not isinstance(value, str):
                problems.append(
                    InputError(
                        f"{label} must be text (got {type(value).__name__})",
                        field=field,
                        label=label,
                    )
                )
                continue
            value = value.strip()
            if not value:
                continue
            limit = MAX_LENGTHS[key]
            problem = None
            if len(value) > limit:
                problem = f"is {len(value)} characters long; at most {limit}"
            elif key == "link":
                problem = _link_problem(value)
            elif key == "date" and not is_iso_date(value):
                problem = "must be a date as YYYY-MM-DD"
            if problem:
                shown = value if len(value) <= 80 else value[:77] + "..."
                got = "" if problem.startswith("is ") else f" (got {shown!r})"
                problems.append(InputError(f"{label} {problem}{got}", field=field, label=label))
                continue
            fields[key] = value
            total += len(value)
        if any(fields.values()):
            out[str(qid)] = fields
    if total > MAX_EVIDENCE_TOTAL and not problems:
        problems.append(
            InputError(
                f"The evidence adds up to {total} characters; at most {MAX_EVIDENCE_TOTAL} in "
                "one assessment, so that its share link stays usable. Shorten a note, or keep "
                "the detail behind a link",
                field="evidence",
                label="Evidence",
            )
        )
    if problems:
        raise InputError.collect(problems)
    return {"evidence": out, "dropped": dropped}


def evidence_rule(rubric: dict) -> dict | None:
    """The rubric's evidence rule: from which level, and which questions it marks (by id).

    >>> r = {"scoring": {"evidence": {"required_from_level": 4}},
    ...      "gates": [{"question": "reg"}], "questions": [
    ...      {"id": "reg"}, {"id": "docs", "evidence_required": True},
    ...      {"id": "x"}]}
    >>> evidence_rule(r)
    {'required_from_level': 4, 'applies_to': 'gates', 'questions': ['reg', 'docs']}
    """
    config = rubric["scoring"].get("evidence")
    if not config:
        return None
    applies = config.get("applies_to", "gates")
    gated = {g["question"] for g in _active(rubric.get("gates", []))}
    marked = []
    for q in _active(rubric["questions"]):
        default = applies == "all" or (applies == "gates" and q["id"] in gated)
        if q.get("evidence_required", default):
            marked.append(q["id"])
    return {
        "required_from_level": config["required_from_level"],
        "applies_to": applies,
        "questions": marked,
    }


def evidence_result(
    rubric: dict, answers: dict[str, str], evidence: dict[str, dict], gates: list[dict]
) -> dict:
    """What the result says about evidence: each answer that has evidence or needs it, the
    answers claimed without it, and which passed gates rest on a claim alone. Marks each gate
    in ``gates`` with ``evidence`` ("evidenced", "claimed_no_evidence", "not_needed", or None
    when not passed) and ``claimed`` (passed on a claim alone); ``passed`` is left as it was.
    """
    rule = evidence_rule(rubric)
    start = rule["required_from_level"] if rule else None
    marked = set(rule["questions"]) if rule else set()
    dont_know = rubric["scoring"].get("dont_know", "lowest")
    rows, claimed = [], []
    for q in _active(rubric["questions"]):
        value = answers.get(q["id"])
        level = _answer_level(q, value, dont_know)
        has = bool(
            evidence.get(q["id"]) and (evidence[q["id"]]["note"] or evidence[q["id"]]["link"])
        )
        needed = q["id"] in marked and level is not None and start is not None and level >= start
        if not (needed or q["id"] in evidence):
            continue
        status = "evidenced" if has else ("claimed_no_evidence" if needed else "not_needed")
        if status == "claimed_no_evidence":
            claimed.append(q["id"])
        rows.append(
            {
                "question": q["id"],
                "text": q["text"],
                "dimension": q["dimension"],
                "answer_label": _option_label(q, value),
                "level": level,
                "required": q["id"] in marked,
                "needed": needed,
                "has_evidence": has,
                "status": status,
                "evidence": evidence.get(q["id"]),
            }
        )
    by_question = {r["question"]: r["status"] for r in rows}
    for gate in gates:
        marker = by_question.get(gate["question"], "not_needed") if gate["passed"] else None
        gate["evidence"] = marker
        gate["claimed"] = marker == "claimed_no_evidence"
    claimed_gates = [g["id"] for g in gates if g["claimed"]]
    if rule is None:
        said = message("assessment.evidence.rule.none", "This rubric asks for no evidence.")
    else:
        which = {
            "gates": message("assessment.evidence.rule.gates", "the gates' questions"),
            "all": message("assessment.evidence.rule.all", "every question"),
            "marked": message("assessment.evidence.rule.marked", "the questions the rubric marks"),
        }[rule["applies_to"]]
        said = message(
            "assessment.evidence.rule",
            f"Answers at L{start} or above to {which['message']} need evidence: a note or a link. "
            "Without it they still count, marked “claimed, no evidence”, and a gate they pass "
            "is marked passed on a claim.",
            level=start,
            which=which,
        )
    return {
        "required_from_level": start,
        "rule_text": said["message"],
        "rule_said": said,
        "questions": rows,
        "claimed_without_evidence": claimed,
        "claimed_gates": claimed_gates,
        "counts": {
            "evidenced": sum(1 for r in rows if r["has_evidence"]),
            "claimed_no_evidence": len(claimed),
        },
    }
