"""Reading and writing maturity answers: the blank template, imports from other rubric
versions, the page's export and share link, CSV for spreadsheets, and comparing two results.

Scoring is ``_maturity``; this module only moves answers in and out of it. Its public names stay
importable from ``calculators._maturity`` too (they lived there first).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from typing import Any

from ._errors import InputError, message
from ._export_files import check_object, file_rubric, version_messages
from ._maturity import _active, _allowed, _answer_level, _checked_answers, _option_label, assess
from ._maturity_evidence import is_iso_date, read_evidence
from ._maturity_targets import progress_to_target, read_targets

__all__ = [
    "ABOUT_LABELS",
    "EXPORT_FORMAT",
    "answers_csv",
    "answers_template",
    "compare",
    "export_assessment",
    "map_answers",
    "read_about",
    "read_export",
    "scored_with_text",
]

EXPORT_FORMAT = "ai-scale-up-playbook/assessment"
# Who and what an export describes, by key, in the reader's words. All optional: a blank
# respondent keeps the answers anonymous; exports made before these existed have none.
ABOUT_LABELS = {"team": "Team or scope", "respondent": "Respondent", "date": "Date assessed"}
MAX_ABOUT_TEXT = 200


def read_about(data: Any) -> dict:
    """An export's ``about`` (team or scope, respondent, date), checked: each text or None.

    Blank text is None (a blank respondent is anonymous); every bad field is named at once.

    >>> read_about({"team": " Payments ", "respondent": "", "date": "2026-03-31"})
    {'team': 'Payments', 'respondent': None, 'date': '2026-03-31'}
    >>> read_about(None)
    {'team': None, 'respondent': None, 'date': None}
    >>> read_about({"date": "31/03/2026"})
    Traceback (most recent call last):
    ...
    calculators._errors.InputError: Date assessed must be a date as YYYY-MM-DD (got '31/03/2026')
    """
    out: dict[str, str | None] = dict.fromkeys(ABOUT_LABELS)
    if data is None:
        return out
    if not isinstance(data, Mapping):
        raise InputError(
            f"'about' must be an object with {', '.join(ABOUT_LABELS)} (got {type(data).__name__})",
            field="about",
        )
    problems = []
    for key, label in ABOUT_LABELS.items():
        value = data.get(key)
        field = f"about.{key}"
        if value is None:
            continue
        if not isinstance(value, str):
            problems.append(
                InputError(
                    f"{label} must be text (got {type(value).__name__})", field=field, label=label
                )
            )
            continue
        value = value.strip()
        if len(value) > MAX_ABOUT_TEXT:
            problems.append(
                InputError(
                    f"{label} is {len(value)} characters long; at most {MAX_ABOUT_TEXT}",
                    field=field,
                    label=label,
                )
            )
            continue
        if key == "date" and value and not is_iso_date(value):
            problems.append(
                InputError(
                    f"{label} must be a date as YYYY-MM-DD (got {value!r})",
                    field=field,
                    label=label,
                )
            )
            continue
        out[key] = value or None
    if problems:
        raise InputError.collect(problems)
    return out


def export_assessment(
    rubric: dict,
    answers: Any,
    *,
    about: Any = None,
    exported_at: str | None = None,
    targets: Any = None,
    evidence: Any = None,
) -> dict:
    """What the page's "Export JSON" saves: the answers, who and what they describe, the rubric
    and the levels they give (``read_export`` reads it back; the portfolio checks the levels),
    the reader's target levels (``targets``: only those the reader set, dimension id -> level)
    and the evidence per answer (``evidence``: question id -> note, link, owner, date).

    ``about.date`` left blank is the day of ``exported_at`` (now, in UTC, when not given).
    Each dimension of ``result`` also carries its effective ``target`` (the reader's, or the
    next level up) and ``target_set_by``; ``result.claimed_without_evidence`` lists the answers
    that need evidence and have none, ``result.claimed_gates`` the gates passed on a claim.

    >>> r = {"id": "m", "version": "1", "levels": [{"level": i, "label": f"L{i}"} for i in range(1, 6)],
    ...      "dimensions": [{"id": "d", "title": "D", "descriptors": list("abcde")}], "gates": [],
    ...      "scoring": {"dimension": {"aggregate": "weighted_mean", "thresholds": [1, 2, 3, 4, 5]},
    ...                  "overall": {"rule": "balanced", "max_lead": 1}},
    ...      "questions": [{"id": "q", "dimension": "d", "text": "Q?",
    ...                     "options": [{"value": "no", "label": "No", "level": 1}]}]}
    >>> out = export_assessment(r, {"q": "no"}, about={"team": "Ops"}, exported_at="2026-04-01T09:00:00Z")
    >>> out["about"], out["result"]["overall"]
    ({'team': 'Ops', 'respondent': None, 'date': '2026-04-01'}, {'level': 1, 'label': 'L1'})
    """
    checked = _checked_answers(rubric, answers)
    info = read_about(about)
    when = exported_at or _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds")
    if info["date"] is None:
        info["date"] = str(when)[:10]
    given = read_evidence(rubric, evidence)["evidence"]
    result = assess(rubric, checked, targets=targets, evidence=given)
    keys = ("id", "title", "level", "label", "score", "target", "target_set_by")
    return {
        "format": EXPORT_FORMAT,
        "rubric": {"id": rubric["id"], "version": rubric["version"]},
        "about": info,
        "exported_at": when,
        "answers": {q["id"]: checked.get(q["id"]) for q in _active(rubric["questions"])},
        "targets": result["targets"],
        "evidence": given,
        "result": {
            "overall": {"level": result["overall"]["level"], "label": result["overall"]["label"]},
            "dimensions": [{k: d[k] for k in keys} for d in result["dimensions"]],
            "claimed_without_evidence": result["evidence"]["claimed_without_evidence"],
            "claimed_gates": result["evidence"]["claimed_gates"],
        },
    }


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


# Why an imported answer is dropped, by the message id of its words.
DROP_REASONS = {
    "import.reason.no_such_question": "no such question in this rubric version",
    "import.reason.retired": "the question is retired",
    "import.reason.not_allowed": "not an allowed answer to this question",
}
_REASON_IDS = {text: message_id for message_id, text in DROP_REASONS.items()}


def map_answers(rubric: dict, answers: Any, *, check_values: bool = True) -> dict:
    """Keep the answers this rubric accepts and say what was dropped and why (for imports).

    An answer to a question the rubric does not have (or has retired) is dropped; so is an
    answer that is not allowed, unless ``check_values`` is false: then it is kept, for a caller
    that refuses the whole file when ``assess`` names it (the portfolio's roll-up).

    >>> r = {"id": "m", "version": "2.0.0", "questions": [
    ...     {"id": "q1", "options": [{"value": "no"}, {"value": "yes"}]}]}
    >>> map_answers(r, {"q1": "yes", "old": "no"})
    {'answers': {'q1': 'yes'}, 'dropped': [{'question': 'old', 'value': 'no', 'reason': 'no such question in this rubric version'}]}
    >>> map_answers(r, {"q1": "maybe"}, check_values=False)["answers"]
    {'q1': 'maybe'}
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
            reason = DROP_REASONS["import.reason.no_such_question"]
        elif question.get("retired"):
            reason = DROP_REASONS["import.reason.retired"]
        elif check_values and value not in _allowed(question):
            reason = DROP_REASONS["import.reason.not_allowed"]
        else:
            kept[qid] = value
            continue
        dropped.append({"question": str(qid), "value": value, "reason": reason})
    return {"answers": kept, "dropped": dropped}


def compare(before: Mapping, after: Mapping) -> dict:
    """Per-dimension and overall level changes between two results (e.g. last quarter and now),
    and each dimension's progress from ``before`` (the baseline) toward its target in ``after``
    (``progress``, a fraction, or None with ``progress_text`` saying why; see
    ``_maturity_targets``).

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
        target = new.get(did, {}).get("target")
        rows.append(
            {
                "id": did,
                "title": (new.get(did) or old.get(did) or {}).get("title", did),
                "before": b,
                "after": a,
                "delta": delta(b, a),
                "target": target,
                **progress_to_target(b, a, target),
            }
        )
    ob, oa = before.get("overall", {}).get("level"), after.get("overall", {}).get("level")
    return {"overall": {"before": ob, "after": oa, "delta": delta(ob, oa)}, "dimensions": rows}


def read_export(rubric: dict, data: Any) -> dict:
    """Check an exported or shared assessment and map its answers onto this rubric.

    Accepts what the page exports (``format``, ``rubric``, ``answers``, optionally ``about``,
    ``targets`` and ``evidence``, each checked: a bad target or evidence refuses the file) and
    the command line's answers file (``rubric``, ``answers``); ``about`` comes back checked (all
    None for a file without one). Refuses, with a reason, anything else: another
    rubric, a malformed object, answers that are not an object. Answers from another version
    of the same rubric are mapped by id, and what cannot be kept is listed in ``dropped``.

    >>> r = {"id": "maturity", "version": "2.0.0", "questions": [
    ...     {"id": "q1", "options": [{"value": "no"}, {"value": "yes"}]}]}
    >>> out = read_export(r, {"rubric": {"id": "maturity", "version": "1.0.0"}, "answers": {"q1": "yes"}})
    >>> out["answers"], out["notes"]
    ({'q1': 'yes'}, ['Exported from version 1.0.0 of the rubric; this is version 2.0.0. Answers were matched by question id.'])
    >>> out["version_line"]
    'Scored with maturity 2.0.0; the export was made with 1.0.0.'
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
    about = read_about(data.get("about"))
    mapped = map_answers(rubric, data["answers"])
    problems: list[InputError] = []
    targets: dict = {"targets": {}, "dropped": []}
    evidence: dict = {"evidence": {}, "dropped": []}
    try:
        targets = read_targets(rubric, data.get("targets"), drop_unknown=True)
    except InputError as err:
        problems.append(err)
    try:
        evidence = read_evidence(rubric, data.get("evidence"), drop_unknown=True)
    except InputError as err:
        problems.append(err)
    if problems:
        raise InputError.collect(problems)
    version = meta["version"]
    said = _import_messages(rubric, version, mapped, targets, evidence)
    scored_with = {"id": rubric["id"], "version": rubric["version"]}
    line = scored_with_text(scored_with, meta)
    return {
        **mapped,
        "notes": [n["message"] for n in said],
        # The same notes and version line with the id of their words, for a page in another
        # language (rubrics/strings.yaml: import.*).
        "notes_said": said,
        "version_line_said": message(
            "import.scored_with",
            line,
            rubric=rubric["id"],
            version=rubric["version"],
            made=str(meta["version"]),
        )
        if line
        else None,
        "rubric": meta,
        "about": about,
        "targets": targets["targets"],
        "evidence": evidence["evidence"],
        "made_with": meta,
        "scored_with": scored_with,
        "version_line": line,
    }


def _counted(one: str, other: str, count: int, text: str, **values) -> dict:
    """A message about ``count`` things, by the id of its one or its other form."""
    return message(one if count == 1 else other, text, count=count, **values)


def _import_messages(rubric, version, mapped, targets, evidence) -> list[dict]:
    """What ``read_export`` notes about a file, each note a message."""
    notes = version_messages(version, rubric, kind="assessment")
    if dropped := mapped["dropped"]:
        items = [
            message(
                "import.dropped_answer",
                f"{d['question']} ({d['reason']})",
                question=d["question"],
                reason=[message(_REASON_IDS[d["reason"]], d["reason"])],
            )
            for d in dropped
        ]
        text = "; ".join(i["message"] for i in items)
        notes.append(
            _counted(
                "import.note.answers_dropped.one",
                "import.note.answers_dropped.other",
                len(dropped),
                f"{len(dropped)} answer(s) could not be kept: {text}",
                items=items,
            )
        )
    for dropped, key, ids, text in (
        (
            targets["dropped"],
            "dimension",
            ("import.note.targets_dropped.one", "import.note.targets_dropped.other"),
            "{n} target(s) could not be kept (no such dimension in this rubric version): {names}",
        ),
        (
            evidence["dropped"],
            "question",
            ("import.note.evidence_dropped.one", "import.note.evidence_dropped.other"),
            "Evidence for {n} question(s) could not be kept (no such question in this rubric"
            " version): {names}",
        ),
    ):
        if dropped:
            names = ", ".join(d[key] for d in dropped)
            text = text.format(n=len(dropped), names=names)
            notes.append(_counted(*ids, len(dropped), text, names=names))
    return notes


def scored_with_text(scored_with: Mapping, made_with: Mapping | None) -> str | None:
    """Which rubric version scores answers that were exported with another one, or None when
    it is the same version (or the file does not say).

    >>> scored_with_text({"id": "maturity", "version": "1.3.0"}, {"id": "maturity", "version": "1.1.0"})
    'Scored with maturity 1.3.0; the export was made with 1.1.0.'
    >>> scored_with_text({"id": "maturity", "version": "1.3.0"}, {"id": "maturity", "version": "1.3.0"})
    """
    if not made_with or made_with.get("version") in (None, scored_with["version"]):
        return None
    return (
        f"Scored with {scored_with['id']} {scored_with['version']}; "
        f"the export was made with {made_with['version']}."
    )


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
