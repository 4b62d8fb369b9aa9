"""Reading and writing maturity answers: the blank template, imports from other rubric
versions, the page's export and share link, CSV for spreadsheets, and comparing two results.

Scoring is ``_maturity``; this module only moves answers in and out of it. Its public names stay
importable from ``calculators._maturity`` too (they lived there first).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._errors import InputError
from ._export_files import check_object, file_rubric, version_notes
from ._maturity import _active, _allowed, _answer_level, _checked_answers, _option_label, assess

__all__ = [
    "EXPORT_FORMAT",
    "answers_csv",
    "answers_template",
    "compare",
    "map_answers",
    "read_export",
]

EXPORT_FORMAT = "ai-scale-up-playbook/assessment"


def answers_template(rubric: dict) -> dict:
    """A blank answers object: every active question id with ``None`` and its allowed values.

    >>> r = {"id": "m", "version": "1.0.0", "questions": [
    ...     {"id": "q1", "options": [{"value": "no"}, {"value": "yes"}]}]}
    >>> answers_template(r)
    {'rubric': {'id': 'm', 'version': '1.0.0'}, 'answers': {'q1': None}, 'choices': {'q1': ['no', 'yes']}}
    """
    questions = _active(rubric["questions"])
    return {
        "rubric": {"id": rubric["id"], "version": rubric["version"]},
        "answers": {q["id"]: None for q in questions},
        "choices": {q["id"]: [o["value"] for o in q["options"]] for q in questions},
    }


def map_answers(rubric: dict, answers: Any) -> dict:
    """Keep the answers this rubric accepts and say what was dropped and why (for imports).

    >>> r = {"id": "m", "version": "2.0.0", "questions": [
    ...     {"id": "q1", "options": [{"value": "no"}, {"value": "yes"}]}]}
    >>> map_answers(r, {"q1": "yes", "old": "no"})
    {'answers': {'q1': 'yes'}, 'dropped': [{'question': 'old', 'value': 'no', 'reason': 'no such question in this rubric version'}]}
    """
    if not isinstance(answers, Mapping):
        raise InputError("'answers' must be an object of question id -> value", field="answers")
    questions = {q["id"]: q for q in rubric["questions"]}
    kept, dropped = {}, []
    for qid, value in answers.items():
        question = questions.get(qid)
        if value is None:
            continue
        if question is None:
            reason = "no such question in this rubric version"
        elif question.get("retired"):
            reason = "the question is retired"
        elif value not in _allowed(question):
            reason = "not an allowed answer to this question"
        else:
            kept[qid] = value
            continue
        dropped.append({"question": str(qid), "value": value, "reason": reason})
    return {"answers": kept, "dropped": dropped}


def compare(before: Mapping, after: Mapping) -> dict:
    """Per-dimension and overall level changes between two results (e.g. last quarter and now).

    >>> a = {"overall": {"level": 2}, "dimensions": [{"id": "d", "title": "D", "level": 2}]}
    >>> b = {"overall": {"level": 3}, "dimensions": [{"id": "d", "title": "D", "level": 4}]}
    >>> compare(a, b)["dimensions"][0]["delta"], compare(a, b)["overall"]["delta"]
    (2, 1)
    """

    def delta(x, y):
        return None if x is None or y is None else y - x

    old = {d["id"]: d for d in before.get("dimensions", [])}
    new = {d["id"]: d for d in after.get("dimensions", [])}
    rows = []
    for did in list(new) + [d for d in old if d not in new]:
        b, a = old.get(did, {}).get("level"), new.get(did, {}).get("level")
        rows.append(
            {
                "id": did,
                "title": (new.get(did) or old.get(did) or {}).get("title", did),
                "before": b,
                "after": a,
                "delta": delta(b, a),
            }
        )
    ob, oa = before.get("overall", {}).get("level"), after.get("overall", {}).get("level")
    return {"overall": {"before": ob, "after": oa, "delta": delta(ob, oa)}, "dimensions": rows}


def read_export(rubric: dict, data: Any) -> dict:
    """Check an exported or shared assessment and map its answers onto this rubric.

    Accepts what the page exports (``format``, ``rubric``, ``answers``) and the command line's
    answers file (``rubric``, ``answers``). Refuses, with a reason, anything else: another
    rubric, a malformed object, answers that are not an object. Answers from another version
    of the same rubric are mapped by id, and what cannot be kept is listed in ``dropped``.

    >>> r = {"id": "maturity", "version": "2.0.0", "questions": [
    ...     {"id": "q1", "options": [{"value": "no"}, {"value": "yes"}]}]}
    >>> out = read_export(r, {"rubric": {"id": "maturity", "version": "1.0.0"}, "answers": {"q1": "yes"}})
    >>> out["answers"], out["notes"]
    ({'q1': 'yes'}, ['Exported from version 1.0.0 of the rubric; this is version 2.0.0. Answers were matched by question id.'])
    """
    check_object(
        data, kind="assessment", export_format=EXPORT_FORMAT, expected="'rubric' and 'answers'"
    )
    meta = file_rubric(data, rubric, kind="assessment")
    assert meta is not None  # required
    if not isinstance(data.get("answers"), Mapping):
        raise InputError(
            "not an assessment file: 'answers' must be an object of question id -> answer",
            field="file",
        )
    mapped = map_answers(rubric, data["answers"])
    version = meta["version"]
    notes = version_notes(version, rubric, made="Exported from", matched_by="question id")
    if mapped["dropped"]:
        notes.append(
            f"{len(mapped['dropped'])} answer(s) could not be kept: "
            + "; ".join(f"{d['question']} ({d['reason']})" for d in mapped["dropped"])
        )
    return {**mapped, "notes": notes, "rubric": meta}


def answers_csv(rubric: dict, answers: Any) -> str:
    """The answers as CSV, one row per active question, then the level of each dimension and
    the overall level (``question_id`` empty, ``question`` says which level), for spreadsheets.

    >>> r = {"id": "m", "version": "1", "levels": [{"level": i, "label": f"L{i}"} for i in range(1, 6)],
    ...      "dimensions": [{"id": "d", "title": "D", "descriptors": list("abcde")}], "gates": [],
    ...      "scoring": {"dimension": {"aggregate": "weighted_mean", "thresholds": [1, 1.5, 2.5, 3.5, 4.5]},
    ...                  "overall": {"rule": "balanced", "max_lead": 1}},
    ...      "questions": [{"id": "q", "dimension": "d", "text": "Q?",
    ...                     "options": [{"value": "no", "label": "No", "level": 1}]}]}
    >>> print(answers_csv(r, {"q": "no"}), end="")
    dimension,question_id,question,answer,answer_label,level
    D,q,Q?,no,No,1
    D,,Dimension level,,L1,1
    Overall,,Overall level,,L1,1
    """
    import csv
    import io

    checked = _checked_answers(rubric, answers)
    titles = {d["id"]: d["title"] for d in rubric["dimensions"]}
    dont_know = rubric["scoring"].get("dont_know", "lowest")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["dimension", "question_id", "question", "answer", "answer_label", "level"])
    for q in _active(rubric["questions"]):
        value = checked.get(q["id"])
        level = _answer_level(q, value, dont_know)
        writer.writerow(
            [
                titles[q["dimension"]],
                q["id"],
                q["text"],
                value or "",
                _option_label(q, value) or "",
                "" if level is None else level,
            ]
        )
    result = assess(rubric, checked)
    for d in result["dimensions"]:
        writer.writerow([d["title"], "", "Dimension level", "", d["label"] or "", d["level"] or ""])
    overall = result["overall"]
    writer.writerow(
        ["Overall", "", "Overall level", "", overall["label"] or "", overall["level"] or ""]
    )
    return out.getvalue()
