"""Score a maturity self-assessment by the rules the rubric itself states.

Everything here is driven by ``rubrics/maturity.yaml``: the questions and their option levels,
the weights, how a dimension aggregates its answers, the thresholds, the overall rule and the
gates. Change the rubric and the result follows; no rule is written twice.

Answers map question ids to option values; ``None`` means unanswered, and two special values
are accepted for every question: ``"dont_know"``, and ``"not_applicable"`` where the question
allows it. They are not options, so ``choices`` in a template does not list them.

Reading and writing answers (the template, imports, the export, CSV, comparing two results) is
``_maturity_io``; its public names are importable from here as well, loaded on first use.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from importlib import import_module
from typing import TYPE_CHECKING, Any

from . import _coverage
from ._errors import InputError, message

if TYPE_CHECKING:  # re-exported from _maturity_io on first use (see __getattr__ below)
    from ._maturity_io import (
        EXPORT_FORMAT,
        answers_csv,
        answers_template,
        compare,
        map_answers,
        read_export,
    )

__all__ = [
    "DONT_KNOW",
    "EXPORT_FORMAT",
    "NOT_APPLICABLE",
    "SPECIAL_ANSWERS",
    "answers_csv",
    "answers_template",
    "assess",
    "check_rubric",
    "compare",
    "map_answers",
    "read_export",
]

NOT_APPLICABLE = "not_applicable"
DONT_KNOW = "dont_know"
SPECIAL_ANSWERS = (NOT_APPLICABLE, DONT_KNOW)
_EPS = 1e-9
# The names that moved to _maturity_io and are still importable from here.
_IO_NAMES = frozenset(
    {"EXPORT_FORMAT", "answers_csv", "answers_template", "compare", "map_answers", "read_export"}
)


def __getattr__(name: str) -> Any:
    if name not in _IO_NAMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__package__}._maturity_io"), name)


def _active(entries: Iterable[dict]) -> list[dict]:
    return [e for e in entries if not e.get("retired")]


def _label(rubric: dict, level: int | None) -> str | None:
    if level is None:
        return None
    return next(lv["label"] for lv in rubric["levels"] if lv["level"] == level)


def _top(rubric: dict) -> int:
    """The highest level of the rubric: its last level, else as many as it has thresholds."""
    if rubric.get("levels"):
        return rubric["levels"][-1]["level"]
    return len(rubric["scoring"]["dimension"]["thresholds"])


def _level_for(score: float, thresholds: list[float]) -> int:
    level = 1
    for index, start in enumerate(thresholds):
        if score + _EPS >= start:
            level = index + 1
    return level


# --- rubric rules that JSON Schema cannot state ---------------------------------------------


def check_rubric(rubric: dict) -> list[tuple[tuple, str]]:
    """Problems in a schema-valid maturity rubric, as (path, message) pairs.

    >>> check_rubric({"levels": [], "dimensions": [], "questions": [], "gates": [],
    ...     "scoring": {"dimension": {"thresholds": [1, 2, 2, 4, 5]}}})
    [(('scoring', 'dimension', 'thresholds', 2), 'thresholds must increase (2 follows 2)')]
    """
    problems: list[tuple[tuple, str]] = []
    count = len(rubric["levels"])
    for index, level in enumerate(rubric["levels"]):
        if level["level"] != index + 1:
            problems.append(
                (
                    ("levels", index, "level"),
                    f"levels must be 1 to {count} in order (got {level['level']} at position {index + 1})",
                )
            )
    thresholds = rubric["scoring"]["dimension"]["thresholds"]
    if thresholds and thresholds[0] != 1:
        problems.append(
            (
                ("scoring", "dimension", "thresholds", 0),
                f"the first threshold must be 1 (got {thresholds[0]})",
            )
        )
    for index in range(1, len(thresholds)):
        if thresholds[index] <= thresholds[index - 1]:
            problems.append(
                (
                    ("scoring", "dimension", "thresholds", index),
                    f"thresholds must increase ({thresholds[index]} follows {thresholds[index - 1]})",
                )
            )
    retired_dims = {d["id"] for d in rubric["dimensions"] if d.get("retired")}
    scored: set[str] = set()
    questions = {q["id"]: q for q in rubric["questions"]}
    for qi, question in enumerate(rubric["questions"]):
        if question.get("retired"):
            continue
        if question["dimension"] in retired_dims:
            problems.append(
                (
                    ("questions", qi, "dimension"),
                    f"dimension '{question['dimension']}' is retired; retire the question too or move it",
                )
            )
        if question.get("weight", 1) > 0:
            scored.add(question["dimension"])
        seen: dict[str, int] = {}
        previous = 0
        for oi, option in enumerate(question["options"]):
            path = ("questions", qi, "options", oi)
            if option["value"] in SPECIAL_ANSWERS:
                problems.append(
                    (
                        (*path, "value"),
                        f"'{option['value']}' is reserved for a special answer; choose another value",
                    )
                )
            if option["value"] in seen:
                problems.append(
                    (
                        (*path, "value"),
                        f"duplicate option value '{option['value']}' (first at option {seen[option['value']]})",
                    )
                )
            seen.setdefault(option["value"], oi)
            if option["level"] < previous:
                problems.append(
                    (
                        (*path, "level"),
                        f"option levels must not decrease, lowest maturity first (level {option['level']} follows {previous})",
                    )
                )
            previous = option["level"]
    for di, dimension in enumerate(rubric["dimensions"]):
        if not dimension.get("retired") and dimension["id"] not in scored:
            problems.append(
                (
                    ("dimensions", di, "id"),
                    f"dimension '{dimension['id']}' has no question with a weight above 0, so it can never get a level",
                )
            )
    problems += _check_evidence(rubric)
    for gi, gate in enumerate(rubric["gates"]):
        question = questions.get(gate["question"])
        if gate.get("retired") or question is None:
            continue
        top = max(o["level"] for o in question["options"])
        if gate["min_level"] > top:
            problems.append(
                (
                    ("gates", gi, "min_level"),
                    f"no option of '{gate['question']}' reaches level {gate['min_level']} (highest is {top}), so the gate can never pass",
                )
            )
    return problems


def _check_evidence(rubric: dict) -> list[tuple[tuple, str]]:
    """An evidence rule that marks no question, or a question's mark that can have no effect."""
    evidence = rubric["scoring"].get("evidence")
    problems: list[tuple[tuple, str]] = []
    for qi, question in enumerate(rubric["questions"]):
        if question.get("retired") or not question.get("evidence_required"):
            continue
        if not evidence:
            problems.append(
                (
                    ("questions", qi, "evidence_required"),
                    "evidence_required has no effect: the rubric sets no scoring.evidence",
                )
            )
        elif max(o["level"] for o in question["options"]) < evidence["required_from_level"]:
            problems.append(
                (
                    ("questions", qi, "evidence_required"),
                    f"no option of '{question['id']}' reaches level "
                    f"{evidence['required_from_level']}, so its evidence is never asked for",
                )
            )
    if evidence:
        from ._maturity_evidence import evidence_rule

        rule = evidence_rule(rubric)
        if rule is not None and not rule["questions"]:
            problems.append(
                (
                    ("scoring", "evidence"),
                    "scoring.evidence marks no question (applies_to "
                    f"'{evidence.get('applies_to', 'gates')}' and no evidence_required: true)",
                )
            )
    return problems


# --- answers: checked before scoring ------------------------------------------------------


def _allowed(question: dict) -> list[str]:
    values = [o["value"] for o in question["options"]] + [DONT_KNOW]
    return [*values, NOT_APPLICABLE] if question.get("allow_not_applicable") else values


def _checked_answers(rubric: dict, answers: Any) -> dict[str, str]:
    """The answers with every value checked; raises InputError naming every bad one at once."""
    if not isinstance(answers, Mapping):
        raise InputError(
            f"'answers' must be an object of question id -> value (got {type(answers).__name__})",
            field="answers",
            message_id="error.maturity.answers_object",
            values={"got": type(answers).__name__},
        )
    questions = {q["id"]: q for q in rubric["questions"]}
    out: dict[str, str] = {}
    problems = []
    for qid, value in answers.items():
        question = questions.get(qid)
        if question is None:
            problems.append(
                InputError(
                    f"unknown question id '{qid}' (not in rubric {rubric['id']} {rubric['version']})",
                    field=str(qid),
                    message_id="error.maturity.unknown_question",
                    values={
                        "question": str(qid),
                        "rubric": rubric["id"],
                        "version": rubric["version"],
                    },
                )
            )
        elif value is None or question.get("retired"):
            continue
        elif value not in _allowed(question):
            allowed = ", ".join(_allowed(question))
            problems.append(
                InputError(
                    f"'{qid}' cannot be {value!r} (allowed: {allowed}, or null)",
                    field=qid,
                    message_id="error.maturity.bad_answer",
                    values={"question": qid, "got": repr(value), "allowed": allowed},
                )
            )
        else:
            out[qid] = value
    if problems:
        raise InputError.collect(problems)
    return out


# --- scoring --------------------------------------------------------------------------------


def _answer_level(question: dict, value: str | None, dont_know: str) -> int | None:
    """The level an answer counts as, or None when it does not count."""
    if value is None or value == NOT_APPLICABLE:
        return None
    if value == DONT_KNOW:
        return min(o["level"] for o in question["options"]) if dont_know == "lowest" else None
    return next(o["level"] for o in question["options"] if o["value"] == value)


def _aggregate(entries: list[tuple[float, int]], how: str) -> float | None:
    weighted = [(w, lv) for w, lv in entries if w > 0]
    if not weighted:
        return None
    if how == "minimum":
        return float(min(lv for _, lv in weighted))
    return sum(w * lv for w, lv in weighted) / sum(w for w, _ in weighted)


def _dimension_level(
    rated: list[tuple[dict, int | None]], scoring: dict
) -> tuple[float | None, int | None, list[int]]:
    """A dimension's score and level from its questions and the levels their answers count as
    (``(question, level)`` each): ``(score, level, caps)``, ``caps`` the indices of the critical
    answers that hold the level down to one above theirs. The one place of this rule, for
    ``assess`` and for ``assess_levels``."""
    counted = [(q.get("weight", 1), lv) for q, lv in rated if lv is not None]
    score = _aggregate(counted, scoring["dimension"]["aggregate"])
    level = None if score is None else _level_for(score, scoring["dimension"]["thresholds"])
    caps = [
        i
        for i, (q, lv) in enumerate(rated)
        if q.get("critical") and lv is not None and level is not None and lv + 1 < level
    ]
    if caps:
        level = min(lv for i, (_, lv) in enumerate(rated) if i in caps and lv is not None) + 1
    return score, level, caps


def _score_dimension(rubric: dict, dimension: dict, answers: dict[str, str]) -> dict:
    scoring = rubric["scoring"]
    thresholds = scoring["dimension"]["thresholds"]
    how = scoring["dimension"]["aggregate"]
    dont_know = scoring.get("dont_know", "lowest")
    questions = [q for q in _active(rubric["questions"]) if q["dimension"] == dimension["id"]]
    rated = [(q, _answer_level(q, answers.get(q["id"]), dont_know)) for q in questions]
    score, level, cap_at = _dimension_level(rated, scoring)
    rows = []
    for q, q_level in rated:
        value = answers.get(q["id"])
        rows.append(
            {
                "question": q["id"],
                "text": q["text"],
                "answer": value,
                "answer_label": _option_label(q, value),
                "answer_said": _special_said(value),
                "level": q_level,
                "weight": q.get("weight", 1),
                "critical": bool(q.get("critical")),
            }
        )
    caps = [rows[i] for i in cap_at]
    answered = sum(1 for r in rows if r["answer"] is not None)
    result = {
        "id": dimension["id"],
        "title": dimension["title"],
        "short": dimension.get("short", dimension["title"]),
        "score": None if score is None else round(score, 4),
        "level": level,
        "label": _label(rubric, level),
        "answered": answered,
        "dont_know": sum(1 for r in rows if r["answer"] == DONT_KNOW),
        "total": len(rows),
        "descriptor": None if level is None else dimension["descriptors"][level - 1],
        "next_descriptor": None
        if level in (None, _top(rubric))
        else dimension["descriptors"][level],
        "capped_by": [r["question"] for r in caps],
    }
    result.update(_explain_dimension(rows, score, level, thresholds, how, caps, _top(rubric)))
    return result


def _special_said(value: str | None) -> dict | None:
    """A "Don't know" or "Not applicable" answer's label as a message, for a page in another
    language (the rubric's own option labels are translated with the rubric); else None."""
    if value == DONT_KNOW:
        return message("assessment.option.dont_know", "Don't know")
    if value == NOT_APPLICABLE:
        return message("assessment.option.not_applicable", "Not applicable")
    return None


def _option_label(question: dict, value: str | None) -> str | None:
    if value is None:
        return None
    if value in SPECIAL_ANSWERS:
        return {DONT_KNOW: "Don't know", NOT_APPLICABLE: "Not applicable"}[value]
    return next(o["label"] for o in question["options"] if o["value"] == value)


def _explain_dimension(rows, score, level, thresholds, how, caps, top) -> dict:
    """Which answers held the dimension back, and the fewest raises that lift it a level."""
    if level is None:
        said = message("maturity.why.no_scored", "No scored answer yet.")
        return {"why": said["message"], "why_message": said, "held_back_by": [], "lift": []}
    counted = [r for r in rows if r["level"] is not None and r["weight"] > 0]
    held = sorted(
        (r for r in counted if r["level"] <= level), key=lambda r: (r["level"], -r["weight"])
    )
    held_back = [
        {k: r[k] for k in ("question", "text", "answer_label", "answer_said", "level", "weight")}
        for r in held
    ]
    if level >= top:
        said = message("maturity.why.top", "At the top level.")
        return {"why": said["message"], "why_message": said, "held_back_by": [], "lift": []}
    target = level + 1
    lift = []
    if caps:
        lift = [
            {
                "question": r["question"],
                "text": r["text"],
                "from_level": r["level"],
                "to_level": target - 1,
            }
            for r in caps
        ]
        answers = "; ".join(f"{r['text']} ({r['answer_label']})" for r in caps)
        said = message(
            "maturity.why.capped", f"Capped by a critical answer: {answers}.", answers=answers
        )
        return {
            "why": said["message"],
            "why_message": said,
            "held_back_by": held_back,
            "lift": lift,
        }
    need = thresholds[target - 1]
    said = message(
        "maturity.why.score",
        f"Score {score:.2f}; L{target} starts at {need:.2f}.",
        score=round(score, 2),
        target=target,
        need=round(float(need), 2),
    )
    why = said["message"]
    if how == "minimum":
        lift = [
            {
                "question": r["question"],
                "text": r["text"],
                "from_level": r["level"],
                "to_level": target,
            }
            for r in counted
            if r["level"] < target
        ]
        return {"why": why, "why_message": said, "held_back_by": held_back, "lift": lift}
    # Only answers below the level the dimension lifts to are named (an answer already there is
    # not what holds it back): each is raised to that level, heaviest first, until the score
    # reaches the threshold; where a rubric's thresholds lie above whole levels and that is not
    # enough, the same answers are raised further, up to the top level.
    total = sum(r["weight"] for r in counted)
    gap = (need - score) * total
    below = sorted(
        (r for r in counted if r["level"] < target), key=lambda r: (-r["weight"], r["level"])
    )
    steps: dict[str, dict] = {}
    for ceiling in (target, top):
        for r in below:
            if gap <= _EPS:
                break
            step = steps.get(r["question"])
            start = r["level"] if step is None else step["to_level"]
            if start >= ceiling:
                continue
            if step is None:
                step = steps[r["question"]] = {
                    "question": r["question"],
                    "text": r["text"],
                    "from_level": r["level"],
                    "to_level": start,
                }
            step["to_level"] = ceiling
            gap -= r["weight"] * (ceiling - start)
    lift = list(steps.values())
    return {"why": why, "why_message": said, "held_back_by": held_back, "lift": lift}


def _rounds_by_thresholds(scoring: dict) -> bool:
    return scoring["overall"].get("rounding", "down") == "thresholds"


def _mean_start(target: int, scoring: dict) -> float:
    """The mean of the dimension levels at which the overall level ``target`` starts."""
    if _rounds_by_thresholds(scoring):
        return float(scoring["dimension"]["thresholds"][target - 1])
    return float(target)


def _mean_level(mean: float, scoring: dict) -> int:
    if _rounds_by_thresholds(scoring):
        return _level_for(mean, scoring["dimension"]["thresholds"])
    return math.floor(mean + _EPS)


def _floor_needed(target: int, rule: dict) -> int:
    """The level every dimension needs before the overall level can reach ``target``."""
    if rule["rule"] == "weakest_link":
        return target
    if rule["rule"] == "balanced":
        return target - rule.get("max_lead", 1)
    return 1


def _overall_level(levels: list[int], scoring: dict, failed_gates: Iterable[int] = ()) -> int:
    """The overall level from dimension levels by the rubric's rule, below every failed gate.

    ``failed_gates`` are the levels the failed gates guard.

    >>> scoring = {"dimension": {"thresholds": [1, 1.5, 2.5, 3.5, 4.5]},
    ...            "overall": {"rule": "balanced", "max_lead": 1, "rounding": "thresholds"}}
    >>> _overall_level([3, 3, 3, 3, 3, 3, 2], scoring), _overall_level([3, 3, 3], scoring, [3])
    (3, 2)
    """
    rule = scoring["overall"]
    if rule["rule"] == "weakest_link":
        raw = min(levels)
    else:
        raw = _mean_level(sum(levels) / len(levels), scoring)
        if rule["rule"] == "balanced":
            raw = min(raw, min(levels) + rule.get("max_lead", 1))
    return min([raw, *(level - 1 for level in failed_gates)])


def _rule_words(rubric: dict) -> str:
    """The overall rule in words: the rubric's own ``text``, or words made from the rule."""
    rule = rubric["scoring"]["overall"]
    if rule.get("text"):
        return rule["text"]
    rounding = (
        "rounded with the same thresholds as a dimension's score"
        if _rounds_by_thresholds(rubric["scoring"])
        else "rounded down"
    )
    lead = rule.get("max_lead", 1)
    words = {
        "weakest_link": "The overall level is the level of the weakest dimension.",
        "mean": f"The overall level is the mean of the dimension levels, {rounding}.",
        "balanced": f"The overall level is the mean of the dimension levels, {rounding}, but at most "
        f"{lead} level{'s' if lead != 1 else ''} above the weakest dimension.",
    }[rule["rule"]]
    if _active(rubric.get("gates", [])):
        words += " A gate that is not passed keeps the overall level below the level it guards."
    return words


def _overall_why(rubric: dict, scored: list[dict], raw: int, level: int, failed: list[dict]):
    """The arithmetic of this result, in words and as numbers."""
    scoring = rubric["scoring"]
    rule = scoring["overall"]
    levels = [d["level"] for d in scored]
    count, total = len(levels), sum(levels)
    mean = total / count
    weakest = min(levels)
    weak = ", ".join(d["title"] for d in scored if d["level"] == weakest)
    numbers: dict[str, Any] = {
        "rule": rule["rule"],
        "rounding": "thresholds" if _rounds_by_thresholds(scoring) else "down",
        "count": count,
        "sum": total,
        "mean": round(mean, 4),
        "weakest": weakest,
        "weakest_dimensions": [d["id"] for d in scored if d["level"] == weakest],
    }
    parts = []
    if rule["rule"] != "weakest_link":
        by_mean = _mean_level(mean, scoring)
        numbers["mean_level"] = by_mean
        said = f"The mean of {count} dimension levels is {total}/{count} = {mean:.2f}"
        values: dict[str, Any] = {"count": count, "sum": total, "mean": round(mean, 2)}
        values |= {"level": by_mean, "start": round(_mean_start(by_mean, scoring), 2)}
        if _rounds_by_thresholds(scoring):
            starts = f"L{by_mean} starts at {_mean_start(by_mean, scoring):.2f}"
            kind = "maturity.overall.mean_thresholds_top"
            if by_mean < _top(rubric):
                starts += f" and L{by_mean + 1} at {_mean_start(by_mean + 1, scoring):.2f}"
                kind = "maturity.overall.mean_thresholds"
                values |= {
                    "next": by_mean + 1,
                    "next_start": round(_mean_start(by_mean + 1, scoring), 2),
                }
            parts.append(
                message(
                    kind,
                    f"{said}; {starts} (the thresholds a dimension's score uses, so halves round "
                    f"up), so the mean gives L{by_mean}.",
                    **values,
                )
            )
        else:
            parts.append(
                message(
                    "maturity.overall.mean_down", f"{said}, rounded down to L{by_mean}.", **values
                )
            )
    if rule["rule"] == "balanced":
        # Never a level the rubric does not have ("allows at most L6" with every dimension at L5).
        cap = min(weakest + rule.get("max_lead", 1), _top(rubric))
        numbers["cap"] = cap
        capped = cap < numbers["mean_level"]
        parts.append(
            message(
                "maturity.overall.balanced_capped" if capped else "maturity.overall.balanced",
                f"The weakest dimension ({weak}, L{weakest}) allows at most L{cap}"
                + (f", so L{raw}." if capped else "."),
                dimensions=weak,
                weakest=weakest,
                cap=cap,
                level=raw,
            )
        )
    elif rule["rule"] == "weakest_link":
        parts.append(
            message(
                "maturity.overall.weakest_link",
                f"The weakest dimension ({weak}) is at L{weakest}, so L{weakest}.",
                dimensions=weak,
                weakest=weakest,
            )
        )
    if level < raw:
        binding = [g for g in failed if g["level"] - 1 == level]
        numbers["gate_cap"] = level
        gates = [
            message(
                "maturity.overall.gate_item",
                f"the gate for L{g['level']} ({g['title'].rstrip('.')})",
                level=g["level"],
                title=g["title"].rstrip("."),
            )
            for g in binding
        ]
        parts.append(
            message(
                "maturity.overall.gate",
                "Not passed: "
                + "; ".join(g["message"] for g in gates)
                + f", which keeps it at L{level}.",
                gates=gates,
                level=level,
            )
        )
    parts.append(message("maturity.overall.result", f"Overall: L{level}.", level=level))
    numbers["why_messages"] = parts
    return " ".join(p["message"] for p in parts), numbers


def _limited_by(rubric: dict, scored: list[dict], level: int, failed: list[dict]) -> list[dict]:
    """What keeps the overall level from the next one: dimensions, the mean, failed gates."""
    scoring = rubric["scoring"]
    rule = scoring["overall"]
    target = level + 1
    levels = [d["level"] for d in scored]
    weakest = min(levels)
    out = []
    need = _floor_needed(target, rule)
    low = [d for d in scored if d["level"] < need]
    if low:
        out.append(
            {
                "kind": "balance",
                "dimensions": [d["id"] for d in low],
                **_text(
                    "maturity.limit.balance",
                    f"Weakest dimension at L{weakest}: "
                    + ", ".join(d["title"] for d in low)
                    + f" (L{target} overall needs every dimension at L{need} or above)",
                    weakest=weakest,
                    dimensions=", ".join(d["title"] for d in low),
                    target=target,
                    need=need,
                ),
            }
        )
    mean = sum(levels) / len(levels)
    start = _mean_start(target, scoring)
    if rule["rule"] != "weakest_link" and mean + _EPS < start:
        below = [d for d in scored if d["level"] < target]
        out.append(
            {
                "kind": "mean",
                "dimensions": [d["id"] for d in below],
                **_text(
                    "maturity.limit.mean",
                    f"The mean of the dimension levels, {mean:.2f}, is below {start:.2f}, where "
                    f"L{target} starts; below L{target}: " + ", ".join(d["title"] for d in below),
                    mean=round(mean, 2),
                    start=round(start, 2),
                    target=target,
                    dimensions=", ".join(d["title"] for d in below),
                ),
            }
        )
    for gate in failed:
        if gate["level"] <= target:
            out.append(
                {
                    "kind": "gate",
                    "gate": gate["id"],
                    **_text(
                        "maturity.limit.gate",
                        f"Gate for L{gate['level']} not passed: {gate['title']}",
                        level=gate["level"],
                        title=gate["title"],
                    ),
                }
            )
    return out


def _text(message_id: str, text: str, **values) -> dict:
    """``text`` (English, as results always held it) with its message id and values beside."""
    return {"text": text, "message_id": message_id, "values": values}


def _overall_lift(rubric: dict, scored: list[dict], level: int, failed: list[dict]) -> list[dict]:
    """The smallest set of changes that lifts the overall level by one.

    Smallest in level steps: every dimension the rule's floor needs is raised to it, then the
    mean's shortfall is made up one level at a time from the lowest dimensions (rubric order
    among equals); every failed gate at or below the next level must pass.
    """
    scoring = rubric["scoring"]
    rule = scoring["overall"]
    top = _top(rubric)
    target = level + 1
    new = {d["id"]: max(d["level"], _floor_needed(target, rule)) for d in scored}
    if rule["rule"] != "weakest_link":
        deficit = math.ceil(_mean_start(target, scoring) * len(new) - _EPS) - sum(new.values())
        while deficit > 0:
            open_ = [i for i in new if new[i] < top]
            if not open_:
                break
            pick = min(open_, key=lambda i: new[i])
            new[pick] += 1
            deficit -= 1
    steps = [
        {
            "kind": "dimension",
            "dimension": d["id"],
            "title": d["title"],
            "from_level": d["level"],
            "to_level": new[d["id"]],
        }
        for d in scored
        if new[d["id"]] > d["level"]
    ]
    steps += [
        {
            "kind": "gate",
            "gate": g["id"],
            "title": g["title"],
            "question": g["question"],
            "level": g["level"],
        }
        for g in failed
        if g["level"] <= target
    ]
    return steps


def _gates(rubric: dict, answers: dict[str, str], *, labels: bool = True) -> list[dict]:
    """Each active gate, passed or not (with the answer's label unless ``labels`` is false)."""
    questions = {q["id"]: q for q in rubric["questions"]}
    dont_know = rubric["scoring"].get("dont_know", "lowest")
    out = []
    for gate in _active(rubric["gates"]):
        question = questions[gate["question"]]
        value = answers.get(gate["question"])
        level = _answer_level(question, value, dont_know)
        row = {
            "id": gate["id"],
            "title": gate["title"],
            "level": gate["level"],
            "question": gate["question"],
            "dimension": question["dimension"],
            "passed": level is not None and level >= gate["min_level"],
        }
        if labels:
            row["answer_label"] = _option_label(question, value)
            row["passed"] = row.pop("passed")  # the key order the results have always had
        out.append(row)
    return out


def _overall_core(rubric: dict, dims: list[dict], gates: list[dict]):
    """``(scored, failed, raw, level, lift)``: the dimensions with a level, the failed gates,
    the overall level before and after the gates, and the steps that lift it (``level`` None
    when no dimension has a level). Shared by ``assess`` and ``assess_levels``."""
    scoring = rubric["scoring"]
    scored = [d for d in dims if d["level"] is not None]
    if not scored:
        return scored, [], None, None, []
    levels = [d["level"] for d in scored]
    failed = [g for g in gates if not g["passed"]]
    raw = _overall_level(levels, scoring)
    level = _overall_level(levels, scoring, [g["level"] for g in failed])
    lift = _overall_lift(rubric, scored, level, failed) if level < _top(rubric) else []
    return scored, failed, raw, level, lift


def _overall(rubric: dict, dims: list[dict], gates: list[dict]) -> dict:
    scored, failed, raw, level, lift = _overall_core(rubric, dims, gates)
    words = _rule_words(rubric)
    if level is None:
        return {
            "level": None,
            "label": None,
            "uncapped_level": None,
            "limited_by": [],
            "why": "No answers yet.",
            "why_messages": [message("maturity.overall.no_answers", "No answers yet.")],
            "rule_text": words,
            "arithmetic": None,
            "lift": [],
        }
    why, numbers = _overall_why(rubric, scored, raw, level, failed)
    why_messages = numbers.pop("why_messages")
    return {
        "level": level,
        "label": _label(rubric, level),
        "uncapped_level": raw,
        "limited_by": _limited_by(rubric, scored, level, failed)
        if level < max(d["level"] for d in scored)
        else [],
        "why": why,
        # The same, sentence by sentence, each with its message id (rubrics/strings.yaml).
        "why_messages": why_messages,
        "rule_text": words,
        "arithmetic": numbers,
        "lift": lift,
    }


def _unmet(rubric: dict, answers: dict[str, str], conditions: list[dict]) -> list[dict]:
    """The ``done_when`` conditions the answers do not meet yet (all of them when none given)."""
    questions = {q["id"]: q for q in rubric["questions"]}
    dont_know = rubric["scoring"].get("dont_know", "lowest")
    unmet = []
    for condition in conditions:
        question = questions.get(condition["question"])
        level = (
            None
            if question is None
            else _answer_level(question, answers.get(condition["question"]), dont_know)
        )
        if level is None or level < condition["min_level"]:
            unmet.append(condition)
    return unmet


def _done(rubric: dict, answers: dict[str, str], entry: Mapping) -> list[str] | None:
    """The texts of the questions whose answers already do what ``entry`` asks, or None."""
    conditions = entry.get("done_when") or []
    if not conditions or _unmet(rubric, answers, conditions):
        return None
    questions = {q["id"]: q for q in rubric["questions"]}
    return [questions[c["question"]]["text"] for c in conditions]


def _actions(
    rubric: dict,
    dims: list[dict],
    gates: list[dict],
    overall: dict,
    answers: dict[str, str],
    *,
    lift_only: bool = False,
) -> tuple[list[dict], list[dict]]:
    """The rubric's recommendations for each dimension's level, most overall gain first.

    Also returns the recommendations left out because the answers already do what they ask.
    With ``lift_only``, only the recommendations that are steps of the overall lift (what the
    portfolio roll-up reads), in the same order.
    """
    lift = overall.get("lift") or []
    in_lift = {("dimension", s["dimension"]) for s in lift if s["kind"] == "dimension"}
    in_lift |= {("gate", s["gate"]) for s in lift if s["kind"] == "gate"}
    by_id = {d["id"]: d for d in _active(rubric["dimensions"])}
    levels = {d["id"]: d["level"] for d in dims if d["level"] is not None}
    actions, done = [], []
    failing = [g for g in gates if not g["passed"]]
    for gate in failing:
        if lift_only and ("gate", gate["id"]) not in in_lift:
            continue
        dim = by_id.get(gate["dimension"], {})
        # What passing this gate alone would gain: the overall level without its cap (the mean
        # or another failed gate may still hold the level where it is).
        others = [g["level"] for g in failing if g is not gate]
        gain = (
            _overall_level(list(levels.values()), rubric["scoring"], others) - overall["level"]
            if overall["level"] is not None and levels
            else 0
        )
        actions.append(
            {
                "kind": "gate",
                "id": gate["id"],
                "dimension": gate["dimension"],
                "text": f"Pass the L{gate['level']} gate: {gate['title']}",
                "text_said": message(
                    "maturity.action.gate",
                    f"Pass the L{gate['level']} gate: {gate['title']}",
                    level=gate["level"],
                    title=gate["title"],
                ),
                "link": dim.get("link"),
                "gain": gain,
            }
        )
    if levels:
        top = _top(rubric)
        caps = [g["level"] for g in failing]
        for order, dim in enumerate(d for d in dims if d["level"] is not None and d["level"] < top):
            if lift_only and ("dimension", dim["id"]) not in in_lift:
                continue
            trial = dict(levels)
            trial[dim["id"]] += 1
            gain = _overall_level(list(trial.values()), rubric["scoring"], caps) - overall["level"]
            for action in by_id[dim["id"]].get("actions", []):
                if action["at_level"] != dim["level"]:
                    continue
                satisfied = _done(rubric, answers, action)
                if satisfied:
                    done.append(
                        {"id": action["id"], "dimension": dim["id"], "satisfied_by": satisfied}
                    )
                    continue
                actions.append(
                    {
                        "kind": "dimension",
                        "id": action["id"],
                        "dimension": dim["id"],
                        "text": action["text"],
                        "link": action.get("link", by_id[dim["id"]].get("link")),
                        "gain": gain,
                        "_order": (dim["level"], order),
                    }
                )

    # Among equal gains, the steps of the overall lift come first (with dimensions tied at the
    # bottom no single raise moves the overall level, though raising them together does), then
    # gates, then the rest by level.
    def lifts(a: dict) -> bool:
        return (a["kind"], a["dimension"] if a["kind"] == "dimension" else a["id"]) in in_lift

    actions.sort(
        key=lambda a: (-a["gain"], not lifts(a), a["kind"] != "gate", a.get("_order", (0, 0)))
    )
    for action in actions:
        action.pop("_order", None)
    return actions, done


def _plan(
    sprint: Mapping | None,
    rubric: dict,
    dims: list[dict],
    gates: list[dict],
    answers: dict[str, str],
    weakest_count: int = 3,
) -> dict | None:
    """A 90-day plan: the sprint's activities that raise the weakest dimensions (the lowest
    levels, and at one level the lowest scores) or a failed gate.

    Activities the answers already satisfy (their ``done_when``) are left out, and so are the
    exit criteria that belong only to activities left out.
    """
    if not sprint:
        return None
    top = _top(rubric)
    # The weakest first; among dimensions at one level, the lower score first (it is further from
    # the next level), then the rubric's order: a tie is never broken silently by order alone.
    ranked = sorted(
        (d for d in dims if d["level"] is not None and d["level"] < top),
        key=lambda d: (d["level"], d["score"] if d.get("score") is not None else 0),
    )
    focus = [d["id"] for d in ranked[:weakest_count]]
    focus += [g["dimension"] for g in gates if not g["passed"] and g["dimension"] not in focus]
    phases, left_out = [], []
    for phase in _active(sprint.get("phases", [])):
        chosen = []
        for a in _active(phase.get("activities", [])):
            if not set(a.get("raises", [])) & set(focus):
                continue
            satisfied = _done(rubric, answers, a)
            if satisfied:
                left_out.append({"id": a["id"], "title": a["title"], "satisfied_by": satisfied})
                continue
            chosen.append(
                {
                    **{
                        k: a.get(k)
                        for k in ("id", "title", "detail", "owner", "deliverable", "weeks")
                    },
                    "raises": [r for r in a.get("raises", []) if r in focus],
                }
            )
        kept = {a["id"] for a in chosen}
        criteria = [
            c if isinstance(c, str) else c["text"]
            for c in phase.get("exit_criteria", [])
            if isinstance(c, str) or not c.get("activities") or kept & set(c["activities"])
        ]
        phases.append(
            {
                "id": phase["id"],
                "title": phase["title"],
                "weeks": phase.get("weeks"),
                "activities": chosen,
                "exit_criteria": criteria,
            }
        )
    return {"focus": focus, "phases": phases, "left_out": left_out}


def answer_table(rubric: dict) -> dict[str, dict[str, int | None] | None]:
    """For ``assess_levels`` scoring many answer sets of one rubric: question id -> {allowed
    value -> the level it counts as} (``None`` for a retired question), made once by the rules'
    own functions (``_allowed``, ``_answer_level``) so that each answer is one look-up.

    >>> opts = [{"value": "no", "label": "No", "level": 1}, {"value": "yes", "label": "Yes", "level": 4}]
    >>> answer_table({"scoring": {}, "questions": [{"id": "q", "options": opts}]})
    {'q': {'no': 1, 'yes': 4, 'dont_know': 1}}
    """
    dont_know = rubric["scoring"].get("dont_know", "lowest")
    return {
        q["id"]: None
        if q.get("retired")
        else {value: _answer_level(q, value, dont_know) for value in _allowed(q)}
        for q in rubric["questions"]
    }


def _table_levels(rubric: dict, answers: Any, table: dict) -> dict[str, int | None] | None:
    """Each active question's answer level by ``table``; None when an answer is not one the
    table knows (``_checked_answers`` then says why, as it always has)."""
    if not isinstance(answers, Mapping):
        return None
    try:
        for qid, value in answers.items():
            if qid not in table or (
                value is not None and table[qid] is not None and value not in table[qid]
            ):
                return None
    except TypeError:  # an id or a value that is not a string (a list, say)
        return None
    return {
        qid: None if (value := answers.get(qid)) is None else levels[value]
        for qid, levels in table.items()
        if levels is not None
    }


def assess_levels(rubric: dict, answers: Any, *, table: dict | None = None) -> dict:
    """What the portfolio roll-up reads of ``assess``, without its explanations, plan or text:
    ``overall`` (``level``, ``lift``), ``dimensions`` (``id``, ``level``), ``gates`` (``id``,
    ``level``, ``passed``) and ``actions``: those that are steps of the overall lift, as
    ``assess`` gives them. The same rules as ``assess`` (its functions), in a fraction of its
    time: the roll-up of 10,000 files scores each, with ``table`` (``answer_table(rubric)``,
    made once) to look each answer's level up.

    >>> opts = [{"value": f"l{i}", "label": f"L{i}", "level": i} for i in (1, 3, 5)]
    >>> r = {"id": "m", "version": "1.0.0", "gates": [],
    ...      "levels": [{"level": i, "label": f"L{i}"} for i in range(1, 6)],
    ...      "dimensions": [{"id": "d", "title": "D", "descriptors": list("abcde")}],
    ...      "questions": [{"id": f"q{n}", "dimension": "d", "text": "?", "options": opts}
    ...                    for n in (1, 2)],
    ...      "scoring": {"overall": {"rule": "weakest_link"},
    ...                  "dimension": {"aggregate": "minimum", "thresholds": [1, 2, 3, 4, 5]}}}
    >>> light = assess_levels(r, {"q1": "l5", "q2": "l3"})
    >>> light["overall"]["level"], light["dimensions"]
    (3, [{'id': 'd', 'level': 3}])
    >>> assess_levels(r, {"q1": "l5", "q2": "l3"}, table=answer_table(r)) == light
    True
    """
    return scored_levels(rubric, answers, table=table)[0]


def scored_levels(rubric: dict, answers: Any, *, table: dict | None = None) -> tuple[dict, dict]:
    """``assess_levels`` and, beside it, each active question's answer level (question id ->
    level, None when the answer does not count): the roll-up reads both, scoring once."""
    scoring = rubric["scoring"]
    dont_know = scoring.get("dont_know", "lowest")
    known = None if table is None else _table_levels(rubric, answers, table)
    if table is None or known is None:
        checked = _checked_answers(rubric, answers)
    else:  # the same answers _checked_answers keeps: those of active questions, not None
        checked = {q: v for q, v in answers.items() if v is not None and table[q] is not None}
    rated: dict[str, list] = {}
    answer_levels: dict[str, int | None] = {}
    for q in _active(rubric["questions"]):
        if known is None:
            level = _answer_level(q, checked.get(q["id"]), dont_know)
        else:
            level = known[q["id"]]
        answer_levels[q["id"]] = level
        rated.setdefault(q["dimension"], []).append((q, level))
    dims = [
        {
            "id": d["id"],
            "title": d["title"],
            "level": _dimension_level(rated.get(d["id"], []), scoring)[1],
        }
        for d in _active(rubric["dimensions"])
    ]
    gates = _gates(rubric, checked, labels=False)
    level, lift = _overall_core(rubric, dims, gates)[3:]
    overall = {"level": level, "lift": lift}
    result = {
        "overall": overall,
        "dimensions": [{"id": d["id"], "level": d["level"]} for d in dims],
        "gates": [{k: g[k] for k in ("id", "level", "passed")} for g in gates],
        # As ``assess``'s: a blank question is left out of its level, so the result may move.
        "provisional": any(checked.get(q) is None for q in answer_levels),
        "actions": []
        if level is None
        else _actions(rubric, dims, gates, overall, checked, lift_only=True)[0],
    }
    return result, answer_levels


def _blank_range(rubric: dict, checked: dict[str, str], result: dict) -> None:
    """Say how far the blank questions could move the levels: add ``range`` (``{"low", "high",
    "blank"}``) to ``result["overall"]`` and to each dimension with a blank question, ``low``
    the level with every blank answered at its lowest option, ``high`` at its highest, ``blank``
    how many are blank. With no blank question there is no ``range`` key at all. The levels
    themselves stay as they are (a blank is left out of its dimension's average); the range is
    what keeps a partial answer set from reading as a finished one. Scored by ``scored_levels``
    on the filled-in answers: no rule is written twice.

    >>> opts = [{"value": v, "label": v, "level": n} for v, n in (("no", 1), ("part", 3), ("yes", 5))]
    >>> qs = [{"id": q, "dimension": "d", "text": q, "options": opts} for q in ("a", "b", "c")]
    >>> r = {"id": "m", "version": "1", "gates": [], "questions": qs,
    ...      "levels": [{"level": n, "label": f"L{n}"} for n in range(1, 6)],
    ...      "dimensions": [{"id": "d", "title": "D", "descriptors": ["1", "2", "3", "4", "5"]}],
    ...      "scoring": {"dimension": {"aggregate": "weighted_mean", "thresholds": [1, 2, 3, 4, 5]},
    ...                  "overall": {"rule": "mean"}}}
    >>> partial = assess(r, {"a": "yes"})  # one of three, at the top: L5, or L2 at the worst
    >>> partial["overall"]["level"], partial["overall"]["range"]
    (5, {'low': 2, 'high': 5, 'blank': 2})
    >>> "range" in assess(r, {"a": "yes", "b": "no", "c": "dont_know"})["overall"]
    False
    """
    active = _active(rubric["questions"])
    blank = [q for q in active if q["id"] not in checked]
    if not blank:
        return
    ends = {}
    for end, pick in (("low", min), ("high", max)):
        filled = dict(checked)
        for q in blank:
            filled[q["id"]] = pick(q["options"], key=lambda o: o["level"])["value"]
        ends[end] = scored_levels(rubric, filled)[0]

    def span(level: int | None, low: int | None, high: int | None, count: int) -> dict:
        # The ends alone need not hold the level reported: a question whose best option is
        # below the dimension's level pulls it down even at its best (a minimum, a mean, a
        # critical cap), so leaving it out scores above its "highest" end; and one whose worst
        # option is above a low mean lifts it. Leaving a blank out is itself one of the ways it
        # could end (as "not applicable" does), so the range always holds the level reported.
        if level is not None:
            low = level if low is None else min(low, level)
            high = level if high is None else max(high, level)
        return {"low": low, "high": high, "blank": count}

    dim_blank: dict[str, int] = {}
    for q in blank:
        dim_blank[q["dimension"]] = dim_blank.get(q["dimension"], 0) + 1
    lows = {d["id"]: d["level"] for d in ends["low"]["dimensions"]}
    highs = {d["id"]: d["level"] for d in ends["high"]["dimensions"]}
    for dim in result["dimensions"]:
        if dim_blank.get(dim["id"]):
            dim["range"] = span(
                dim["level"], lows[dim["id"]], highs[dim["id"]], dim_blank[dim["id"]]
            )
    overall = result["overall"]
    low, high = ends["low"]["overall"]["level"], ends["high"]["overall"]["level"]
    overall["range"] = span(overall["level"], low, high, len(blank))


def assess(
    rubric: dict,
    answers: Any,
    *,
    sprint: Mapping | None = None,
    references: Mapping | None = None,
    targets: Any = None,
    evidence: Any = None,
    prepared_coverage: Mapping | None = None,
) -> dict:
    """Score answers against a maturity rubric: levels, explanations, next actions and a plan.

    With ``references`` (the rubrics the crosswalk names), also the crosswalk's coverage of the
    answers; ``prepared_coverage``: ``_coverage.prepare(references, rubric)``, made once by a
    caller that scores many answer sets against the same rubrics (the same result, faster).

    >>> r = {"id": "m", "version": "1.0.0",
    ...   "levels": [{"level": i, "label": f"L{i}"} for i in range(1, 6)],
    ...   "dimensions": [{"id": "d", "title": "D", "descriptors": list("abcde")}],
    ...   "questions": [{"id": "q", "dimension": "d", "text": "?",
    ...       "options": [{"value": "no", "label": "No", "level": 1},
    ...                   {"value": "yes", "label": "Yes", "level": 4}]}],
    ...   "scoring": {"dimension": {"aggregate": "weighted_mean", "thresholds": [1, 2, 3, 4, 5]},
    ...               "overall": {"rule": "balanced", "max_lead": 1}},
    ...   "gates": []}
    >>> result = assess(r, {"q": "yes"})
    >>> result["overall"]["level"], result["dimensions"][0]["level"], result["provisional"]
    (4, 4, False)
    """
    # Targets and evidence (``_maturity_targets``, ``_maturity_evidence``) only add keys: the
    # levels, gates' ``passed`` and the overall arithmetic are the answers' alone.
    from ._maturity_evidence import evidence_result, read_evidence
    from ._maturity_targets import dimension_target, read_targets

    checked = _checked_answers(rubric, answers)
    problems, chosen, given = [], {}, {}
    try:
        chosen = read_targets(rubric, targets)["targets"]
    except InputError as err:
        problems.append(err)
    try:
        given = read_evidence(rubric, evidence)["evidence"]
    except InputError as err:
        problems.append(err)
    if problems:
        raise InputError.collect(problems)
    dims = [_score_dimension(rubric, d, checked) for d in _active(rubric["dimensions"])]
    for dim in dims:
        dim.update(dimension_target(dim["level"], chosen.get(dim["id"]), _top(rubric)))
    gates = _gates(rubric, checked)
    proof = evidence_result(rubric, checked, given, gates)
    overall = _overall(rubric, dims, gates)
    overall["claimed_gates"] = [
        g["id"] for g in gates if g["claimed"] and (overall["level"] or 0) >= g["level"]
    ]
    overall["evidence_note"] = (
        "Passed on a claim, no evidence recorded: "
        + "; ".join(
            f"the gate for L{g['level']} ({g['title'].rstrip('.')})"
            for g in gates
            if g["id"] in overall["claimed_gates"]
        )
        + f". L{overall['level']} counts them as passed; add a note or a link to back them."
        if overall["claimed_gates"]
        else None
    )
    answered = sum(d["answered"] for d in dims)
    total = sum(d["total"] for d in dims)
    scored = overall["level"] is not None
    actions, satisfied = _actions(rubric, dims, gates, overall, checked) if scored else ([], [])
    result = {
        "rubric": {"id": rubric["id"], "version": rubric["version"]},
        # The rubric version that gave these levels (an import from another version says so
        # beside it: ``_maturity_io.read_export``'s ``made_with``).
        "scored_with": {"id": rubric["id"], "version": rubric["version"]},
        "overall": overall,
        "dimensions": dims,
        "gates": gates,
        # "Don't know" is an answer, scored as the rubric says (scoring.dont_know): counted
        # apart so that a page never presents unknowns as knowledge.
        "progress": {
            "answered": answered,
            "total": total,
            "dont_know": sum(d["dont_know"] for d in dims),
            "dont_know_scored_as": rubric["scoring"].get("dont_know", "lowest"),
        },
        "provisional": answered < total,
        "actions": actions,
        "actions_satisfied": satisfied,
        "plan": _plan(sprint, rubric, dims, gates, checked) if scored else None,
        "targets": chosen,
        "evidence": proof,
    }
    _blank_range(rubric, checked, result)
    if references is not None:  # the crosswalk's coverage of these answers (see _coverage)
        result["coverage"] = _coverage.coverage(
            references, rubric, checked, result, prepared=prepared_coverage
        )
    return result
