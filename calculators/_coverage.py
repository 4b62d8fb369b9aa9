"""The crosswalk from the playbook's practices to NIST AI RMF, ISO/IEC 42001, the EU AI Act and
any internal framework: the checks the loader runs on it in both directions, the view the
regulation page renders, and the coverage of one assessment's answers.

Each function takes the rubrics as a mapping of rubric id to data (the loader's set, or the
browser's bundle): ``crosswalk``, ``references`` and the reference rubrics it names, and
``maturity`` for the answered practices. Standard library only.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from typing import Any

from ._errors import message

__all__ = ["KINDS", "check_crosswalk", "coverage", "coverage_csv", "crosswalk_view", "prepare"]

Problem = tuple[str, tuple, str]  # (rubric id, path in it, message)

# The practices a crosswalk maps, in page order: (key, rubric, path of its entries, what one is,
# whether an assessment's answers say if it is met).
KINDS: tuple[tuple[str, str, tuple[str, ...], str, bool], ...] = (
    ("questions", "maturity", ("questions",), "maturity question", True),
    ("dimensions", "maturity", ("dimensions",), "maturity dimension", True),
    ("gates", "maturity", ("gates",), "maturity gate", True),
    ("governance_layers", "governance", ("layers",), "governance layer", False),
    ("risk_classes", "governance", ("risk_classes",), "risk class", False),
    ("mlops_components", "mlops", ("components",), "MLOps component", False),
    ("sprint_activities", "sprint", ("phases", "*", "activities"), "sprint activity", False),
)
STATUSES = ("supported", "gaps", "not_assessed", "not_covered")


def _live(entries) -> list:
    return [e for e in entries or [] if isinstance(e, dict) and not e.get("retired")]


def _walk(node: Any, parts: list[str], path: tuple) -> Iterator[tuple[tuple, dict]]:
    """Each entry at an ``items_at``-style path, with its path in the rubric."""
    if not parts:
        for index, entry in enumerate(node if isinstance(node, list) else []):
            if isinstance(entry, dict):
                yield (*path, index), entry
        return
    head, rest = parts[0], parts[1:]
    if head == "*":
        for index, child in enumerate(node if isinstance(node, list) else []):
            yield from _walk(child, rest, (*path, index))
    elif isinstance(node, dict) and head in node:
        yield from _walk(node[head], rest, (*path, head))


def _frameworks(rubrics: Mapping) -> list[dict]:
    """The registry's frameworks, each with its live items as ``(rubric, path, item)``."""
    out = []
    for fi, framework in enumerate(_live(rubrics.get("references", {}).get("frameworks"))):
        if "items_at" in framework:
            rubric_id, *parts = framework["items_at"].split("/")
            found = [
                (rubric_id, path, item)
                for path, item in _walk(rubrics.get(rubric_id), parts, ())
                if not item.get("retired")
            ]
            source = rubrics.get(rubric_id, {})
        else:
            found = [
                ("references", ("frameworks", fi, "items", ii), item)
                for ii, item in enumerate(framework.get("items", []))
                if not item.get("retired")
            ]
            source = framework
        out.append({"framework": framework, "items": found, "source": source})
    return out


def _not_covered(source: Mapping, rubrics: Mapping | None = None) -> dict[str, str | dict]:
    """Items listed as not covered, with their reasons (the rubric's text); with ``rubrics``,
    also the items whose only mappings come from practices an overlay retired (a fork that
    stops doing a practice), their reason a message (its English, id and values)."""
    out: dict[str, str | dict] = {e["id"]: e["reason"] for e in _live(source.get("not_covered"))}
    if rubrics is not None:
        live = {ref["id"] for *_, ref in _mappings(rubrics)}
        for kind, _path, practice, ref in _mappings(rubrics, retired=True):
            if ref["id"] not in live and ref["id"] not in out:
                what = next(k[3] for k in KINDS if k[0] == kind)
                out[ref["id"]] = message(
                    "coverage.reason.retired",
                    f"Its only mapped practice, the {what} '{practice['id']}', is retired.",
                    what=message(_KIND_IDS[kind], what),
                    practice=practice["id"],
                )
    return out


def _text(reason: str | dict | None) -> str | None:
    """A reason ``_not_covered`` gives, as English text."""
    return reason["message"] if isinstance(reason, dict) else reason


# The words of each kind of practice (KINDS), by id (rubrics/strings.yaml).
_KIND_IDS = {
    "questions": "coverage.kind.questions",
    "dimensions": "coverage.kind.dimensions",
    "gates": "coverage.kind.gates",
    "governance_layers": "coverage.kind.governance_layers",
    "risk_classes": "coverage.kind.risk_classes",
    "mlops_components": "coverage.kind.mlops_components",
    "sprint_activities": "coverage.kind.sprint_activities",
}


def _practices(rubrics: Mapping) -> dict[tuple[str, str], dict]:
    """Every practice a crosswalk can name, retired ones included, by (kind, id)."""
    return {
        (kind, entry["id"]): entry
        for kind, rubric_id, parts, _what, _answered in KINDS
        for _path, entry in _walk(rubrics.get(rubric_id), list(parts), ())
        if "id" in entry
    }


def _mappings(
    rubrics: Mapping, *, retired: bool = False
) -> Iterator[tuple[str, tuple, dict, dict]]:
    """Each live mapping: ``(kind, path in the crosswalk, practice entry, reference entry)``; with
    ``retired``, only the mappings of practices that are retired (or unknown) instead."""
    crosswalk = rubrics.get("crosswalk", {})
    known = _practices(rubrics)
    for kind, *_ in KINDS:
        for pi, practice in enumerate(crosswalk.get(kind, [])):
            entry = known.get((kind, practice["id"]))
            if (entry is None or bool(entry.get("retired"))) != retired:
                continue
            for ri, ref in enumerate(practice.get("references", [])):
                if not ref.get("retired"):
                    yield kind, (kind, pi, "references", ri), practice, ref


def check_crosswalk(rubrics: Mapping) -> list[Problem]:
    """The crosswalk's rules in both directions: every item it names exists in exactly one
    framework, and a question's or dimension's level is one it can reach; every item of a shipped
    reference is either mapped or listed in its rubric's ``not_covered``, never both.

    >>> rubrics = {
    ...   "references": {"frameworks": [{"id": "x", "items_at": "x/items"}]},
    ...   "x": {"items": [{"id": "x_1"}, {"id": "x_2"}, {"id": "x_3"}],
    ...         "not_covered": [{"id": "x_3", "reason": "out of scope"}]},
    ...   "maturity": {"levels": [{"level": 1}, {"level": 2}], "dimensions": [], "questions": [
    ...     {"id": "q", "options": [{"value": "a", "level": 1}, {"value": "b", "level": 2}]}]},
    ...   "crosswalk": {"questions": [{"id": "q", "references": [
    ...     {"id": "x_1", "level": 3}, {"id": "x_9", "level": 2}, {"id": "x_3", "level": 2}]}]}}
    >>> for rubric, path, message in check_crosswalk(rubrics): print(rubric, path, message)
    crosswalk ('questions', 0, 'references', 0, 'level') level 3 is not a level of question 'q' (its options reach: 1, 2)
    crosswalk ('questions', 0, 'references', 1, 'id') 'x_9' is not an item of any framework (x: x_1, x_2, x_3)
    crosswalk ('questions', 0, 'references', 2, 'id') 'x_3' is mapped here but listed as not covered in x.yaml; remove one of the two
    x ('items', 1) 'x_2' is neither mapped in crosswalk.yaml nor listed in not_covered (map it, or say why the playbook does not cover it)
    """
    problems: list[Problem] = []
    frameworks = _frameworks(rubrics)
    owner: dict[str, str] = {}
    for entry in frameworks:
        fid = entry["framework"]["id"]
        for rubric_id, path, item in entry["items"]:
            if item["id"] in owner and owner[item["id"]] != fid:
                problems.append(
                    (
                        rubric_id,
                        (*path, "id"),
                        f"item id '{item['id']}' is also an item of '{owner[item['id']]}' "
                        "(the crosswalk names items by id alone)",
                    )
                )
            owner.setdefault(item["id"], fid)
    maturity = rubrics.get("maturity", {})
    reach = {
        q["id"]: sorted({o["level"] for o in q.get("options", [])})
        for q in maturity.get("questions", [])
    }
    top = [lv["level"] for lv in maturity.get("levels", [])]
    names = ", ".join(f"{e['framework']['id']}: {_ids(e)}" for e in frameworks) or "none"
    known = _practices(rubrics)
    for kind, *_rest in KINDS:
        for pi, practice in enumerate(rubrics.get("crosswalk", {}).get(kind, [])):
            if (kind, practice["id"]) not in known:
                what = next(k for k in KINDS if k[0] == kind)
                names = ", ".join(sorted(pid for k, pid in known if k == kind)) or "none"
                problems.append(
                    (
                        "crosswalk",
                        (kind, pi, "id"),
                        f"'{practice['id']}' is not a {what[3]} of {what[1]}.yaml (known: {names})",
                    )
                )
    mapped: set[str] = set()
    for kind, path, practice, ref in _mappings(rubrics):
        level = ref.get("level")
        if kind == "questions" and level is not None and level not in reach.get(practice["id"], []):
            levels = ", ".join(map(str, reach.get(practice["id"], []))) or "none"
            problems.append(
                (
                    "crosswalk",
                    (*path, "level"),
                    f"level {level} is not a level of question '{practice['id']}' "
                    f"(its options reach: {levels})",
                )
            )
        if kind == "dimensions" and level is not None and top and level not in top:
            problems.append(
                ("crosswalk", (*path, "level"), f"level {level} is not a level of the rubric")
            )
        if ref["id"] not in owner:
            problems.append(
                (
                    "crosswalk",
                    (*path, "id"),
                    f"'{ref['id']}' is not an item of any framework ({names})",
                )
            )
            continue
        mapped.add(ref["id"])
        source = next(e for e in frameworks if e["framework"]["id"] == owner[ref["id"]])
        if ref["id"] in _not_covered(source["source"]):
            where = source["framework"].get("items_at", "references").split("/")[0]
            problems.append(
                (
                    "crosswalk",
                    (*path, "id"),
                    f"'{ref['id']}' is mapped here but listed as not covered in {where}.yaml; "
                    "remove one of the two",
                )
            )
    for entry in frameworks:
        if "items_at" not in entry["framework"]:
            continue  # an internal framework may be mapped a little at a time
        left_out = _not_covered(entry["source"], rubrics)
        for rubric_id, path, item in entry["items"]:
            if item["id"] not in mapped and item["id"] not in left_out:
                problems.append(
                    (
                        rubric_id,
                        path,
                        f"'{item['id']}' is neither mapped in crosswalk.yaml nor listed in "
                        "not_covered (map it, or say why the playbook does not cover it)",
                    )
                )
    return problems


def _ids(entry: dict) -> str:
    ids = [item["id"] for _, _, item in entry["items"]]
    return ", ".join(ids[:3]) + (", ..." if len(ids) > 3 else "")


def _item_view(item: dict) -> dict:
    return {
        "id": item["id"],
        "ref": item.get("ref", item["id"]),
        "title": item.get("title") or item.get("text") or "",
    }


def _practice_titles(rubrics: Mapping) -> dict[tuple[str, str], dict]:
    """Each practice the crosswalk can name: its title and the page it is described on."""
    out: dict[tuple[str, str], dict] = {}
    for kind, rubric_id, parts, what, _answered in KINDS:
        for _path, entry in _walk(rubrics.get(rubric_id), list(parts), ()):
            title = entry.get("title") or entry.get("text") or entry["id"]
            out[(kind, entry["id"])] = {
                "kind": kind,
                "id": entry["id"],
                "what": what,
                "title": title,
            }
    return out


def crosswalk_view(rubrics: Mapping) -> list[dict]:
    """What the regulation page shows: per framework, each item with the practices that support
    it (relationship, level, rationale), and the items not covered with the reason.

    >>> rubrics = {"references": {"frameworks": [{"id": "x", "title": "X", "items_at": "x/items"}]},
    ...   "x": {"items": [{"id": "x_1", "ref": "X 1", "title": "One"}, {"id": "x_2", "ref": "X 2"}],
    ...         "not_covered": [{"id": "x_2", "reason": "out of scope"}]},
    ...   "maturity": {"questions": [{"id": "q", "text": "Q?"}]},
    ...   "crosswalk": {"questions": [{"id": "q", "references": [
    ...     {"id": "x_1", "level": 4, "relationship": "subset", "rationale": "Why."}]}]}}
    >>> view = crosswalk_view(rubrics)[0]
    >>> [(i["ref"], [p["title"] for p in i["practices"]], i["not_covered"]) for i in view["items"]]
    [('X 1', ['Q?'], None), ('X 2', [], 'out of scope')]
    """
    titles = _practice_titles(rubrics)
    by_item: dict[str, list[dict]] = {}
    for kind, _path, practice, ref in _mappings(rubrics):
        about = titles.get(
            (kind, practice["id"]),
            {"kind": kind, "id": practice["id"], "what": kind, "title": practice["id"]},
        )
        by_item.setdefault(ref["id"], []).append(
            {
                **about,
                "relationship": ref["relationship"],
                "level": ref.get("level"),
                "rationale": ref["rationale"],
            }
        )
    out = []
    for entry in _frameworks(rubrics):
        framework = entry["framework"]
        left_out = _not_covered(entry["source"], rubrics)
        items = []
        for _rubric, _path, item in entry["items"]:
            practices = by_item.get(item["id"], [])
            items.append(
                {
                    **_item_view(item),
                    "practices": practices,
                    "not_covered": None if practices else _text(left_out.get(item["id"])),
                }
            )
        out.append(
            {
                "id": framework["id"],
                "title": framework["title"],
                "kind": framework.get("kind"),
                "item_label": framework.get("item_label", "item"),
                # None when the framework does not say: the page then says "items".
                "item_label_plural": framework.get("item_label_plural"),
                "reference": entry["source"].get("reference", framework.get("reference")),
                "items": items,
            }
        )
    return out


def references_of(rubrics: Mapping, kind: str, practice_id: str) -> list[dict]:
    """The references of one practice, for the pages where it renders: each item's framework,
    id, ref and the relationship, level and rationale of the mapping."""
    items = {
        item["id"]: (entry["framework"], item)
        for entry in _frameworks(rubrics)
        for _r, _p, item in entry["items"]
    }
    out = []
    for k, _path, practice, ref in _mappings(rubrics):
        if k == kind and practice["id"] == practice_id and ref["id"] in items:
            framework, item = items[ref["id"]]
            out.append(
                {
                    "framework": framework["id"],
                    "framework_title": framework["title"],
                    **_item_view(item),
                    "relationship": ref["relationship"],
                    "level": ref.get("level"),
                    "rationale": ref["rationale"],
                }
            )
    return out


def _answer_levels(maturity: Mapping, answers: Mapping) -> dict[str, int | None]:
    """Each question's answered level; "Don't know", "Not applicable" and no answer are None
    (unknown is never a pass)."""
    out: dict[str, int | None] = {}
    for q in _live(maturity.get("questions")):
        value = answers.get(q["id"])
        out[q["id"]] = next((o["level"] for o in q["options"] if o["value"] == value), None)
    return out


def prepare(rubrics: Mapping, maturity: Mapping) -> dict:
    """What :func:`coverage` reads of the rubrics alone, made once for many answer sets scored
    against the same rubrics (the browser's worker scores one on every answer the reader
    changes): the questions and gates, the mappings of the practices an assessment answers, the
    items only described, and each framework's live items (with their view) and the items it
    leaves out. Two thirds of a coverage's time went into making these again each time.

    ``maturity`` is the rubric the answers are scored against (as for :func:`coverage`). The
    result holds the rubrics' own entries: it is only good while they are not changed."""
    rubrics = {**rubrics, "maturity": maturity}  # the rubric these answers are scored against
    answered_kinds = {kind for kind, *_rest, answered in KINDS if answered}
    mappings: list[tuple[str, str, dict]] = []
    described: set[str] = set()
    for kind, _path, practice, ref in _mappings(rubrics):
        if kind in answered_kinds:
            mappings.append((kind, practice["id"], ref))
        else:
            described.add(ref["id"])
    frameworks = [
        {
            "framework": entry["framework"],
            "left_out": _not_covered(entry["source"], rubrics),
            "items": [(item, _item_view(item)) for _rubric, _path, item in entry["items"]],
        }
        for entry in _frameworks(rubrics)
    ]
    return {
        "questions": {q["id"]: q for q in _live(maturity.get("questions"))},
        "gates": {g["id"]: g for g in _live(maturity.get("gates"))},
        "mappings": mappings,
        "described": described,
        "frameworks": frameworks,
    }


def coverage(
    rubrics: Mapping,
    maturity: Mapping,
    answers: Mapping,
    result: Mapping,
    *,
    prepared: Mapping | None = None,
) -> dict:
    """Per framework, which items these answers support, which are gaps (with the steps that
    would close each, any one of them), which the playbook describes but the assessment does not
    ask about, and which it does not cover.

    ``answers`` are the checked answers; ``result`` the maturity result (its dimension levels).
    A question supports an item when its answer is at or above the level the mapping names, a
    dimension when its level is, a gate when its question reaches the gate's level.
    ``prepared``: :func:`prepare` of the same ``rubrics`` and ``maturity``, made before (the
    same result, in a third of the time).

    >>> rubrics = {"references": {"frameworks": [{"id": "x", "title": "X", "items_at": "x/items"}]},
    ...   "x": {"items": [{"id": "x_1", "ref": "X 1"}, {"id": "x_2", "ref": "X 2"}],
    ...         "not_covered": [{"id": "x_2", "reason": "out of scope"}]},
    ...   "crosswalk": {"questions": [{"id": "q", "references": [
    ...     {"id": "x_1", "level": 4, "relationship": "subset", "rationale": "Why."}]}]}}
    >>> maturity = {"gates": [], "questions": [{"id": "q", "text": "Q?", "options": [
    ...   {"value": "no", "label": "No", "level": 1}, {"value": "yes", "label": "Yes", "level": 4}]}]}
    >>> low = coverage(rubrics, maturity, {"q": "no"}, {"dimensions": []})["x"]
    >>> low["supported"], low["gaps"], low["not_covered"], low["actions"][0]["steps"][0]["option"]
    ([], ['x_1'], ['x_2'], 'Yes')
    >>> coverage(rubrics, maturity, {"q": "yes"}, {"dimensions": []})["x"]["supported"]
    ['x_1']
    """
    prep = prepared if prepared is not None else prepare(rubrics, maturity)
    levels = _answer_levels(maturity, answers)
    questions, gates, described = prep["questions"], prep["gates"], prep["described"]
    dims = {d["id"]: d for d in result.get("dimensions", [])}
    tests: dict[str, list[tuple[bool, dict | None]]] = {}
    for kind, pid, ref in prep["mappings"]:
        tests.setdefault(ref["id"], []).append(
            _test(kind, pid, ref, levels, questions, gates, dims, answers)
        )
    out: dict[str, dict] = {}
    for entry in prep["frameworks"]:
        framework = entry["framework"]
        left_out = entry["left_out"]
        lists: dict[str, list[str]] = {status: [] for status in STATUSES}
        unknown: list[str] = []
        items, actions = [], []
        for item, item_view in entry["items"]:
            iid = item["id"]
            found = tests.get(iid, [])
            if any(met for met, _step in found):
                status = "supported"
            elif found:
                status = "gaps"
                steps = [step for _met, step in found if step is not None]
                if all(step.get("from_level") is None for step in steps):
                    unknown.append(iid)
                actions.append({**item_view, "steps": steps})
            elif iid in described:
                status = "not_assessed"
            else:
                status = "not_covered"
            lists[status].append(iid)
            view = {**item_view, "status": status}
            if status == "not_covered" and iid in left_out:
                view["reason"] = _text(left_out[iid])
                if isinstance(left_out[iid], dict):
                    view["reason_said"] = left_out[iid]
            items.append(view)
        out[framework["id"]] = {
            "title": framework["title"],
            "item_label": framework.get("item_label", "item"),
            **lists,
            "unknown": unknown,
            "actions": actions,
            "items": items,
        }
    return out


def _test(kind, pid, ref, levels, questions, gates, dims, answers) -> tuple[bool, dict | None]:
    """Whether one mapping is met by the answers, and the step that would meet it. A step on a
    question says its ``answer`` when that is "Don't know" or "Not applicable" (no level, but
    not unanswered either); otherwise ``answer`` is None."""
    if kind == "questions":
        question = questions.get(pid)
        if question is None:
            return False, None
        have, want = levels.get(pid), ref["level"]
        option = next((o for o in question["options"] if o["level"] == want), None)
        return (have is not None and have >= want), {
            "kind": "question",
            "question": pid,
            "text": question["text"],
            "from_level": have,
            "to_level": want,
            "option": option["label"] if option else None,
            "answer": _special(answers.get(pid)),
        }
    if kind == "dimensions":
        dim = dims.get(pid)
        if dim is None:
            return False, None
        have, want = dim.get("level"), ref["level"]
        return (have is not None and have >= want), {
            "kind": "dimension",
            "dimension": pid,
            "text": dim.get("title", pid),
            "from_level": have,
            "to_level": want,
            "option": dim.get("next_descriptor") if have is not None and have + 1 == want else None,
        }
    gate = gates.get(pid)
    if gate is None:
        return False, None
    have = levels.get(gate["question"])
    question = questions.get(gate["question"], {})
    option = next((o for o in question.get("options", []) if o["level"] == gate["min_level"]), None)
    return (have is not None and have >= gate["min_level"]), {
        "kind": "gate",
        "gate": pid,
        "question": gate["question"],
        "text": gate["title"],
        "from_level": have,
        "to_level": gate["min_level"],
        "option": option["label"] if option else None,
        "answer": _special(answers.get(gate["question"])),
    }


_SPECIAL_WORDS = {"dont_know": "Don't know", "not_applicable": "Not applicable"}


def _special(value) -> str | None:
    """A "Don't know" or "Not applicable" answer as given, else None."""
    return value if value in _SPECIAL_WORDS else None


def coverage_csv(result: Mapping) -> str:
    """The coverage of a maturity result as CSV, one row per reference item: its framework,
    id, ref, status, and for a gap the first step that would close it.

    >>> print(coverage_csv({"coverage": {"x": {"title": "X", "items": [
    ...   {"id": "x_1", "ref": "X 1", "title": "One", "status": "gaps"}],
    ...   "actions": [{"id": "x_1", "steps": [{"text": "Q?", "from_level": None, "to_level": 4,
    ...   "option": "Yes"}]}]}}}), end="")
    framework,item_id,ref,title,status,to_close
    X,x_1,X 1,One,gaps,"Q?: reach L4 (Yes), now unanswered"
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["framework", "item_id", "ref", "title", "status", "to_close"])
    for framework in (result.get("coverage") or {}).values():
        first = {a["id"]: a["steps"][0] for a in framework["actions"] if a["steps"]}
        for item in framework["items"]:
            step = first.get(item["id"])
            close = ""
            if step is not None:
                now = (
                    f"L{step['from_level']}"
                    if step["from_level"] is not None
                    else _SPECIAL_WORDS.get(step.get("answer") or "", "unanswered")
                )
                option = f" ({step['option']})" if step.get("option") else ""
                close = f"{step['text']}: reach L{step['to_level']}{option}, now {now}"
            elif item.get("reason"):
                close = item["reason"]
            writer.writerow(
                [framework["title"], item["id"], item["ref"], item["title"], item["status"], close]
            )
    return out.getvalue()
