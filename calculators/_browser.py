"""The Web Worker's single entry point: a JSON request in, a JSON reply out.

The worker (``docs/assets/javascripts/engine-worker.js``) only moves strings: it calls
``configure`` once with the rubric bundle, then ``handle`` for every request. Bad input comes
back as ``{"ok": false, "error": {"message", "field", "label", "errors", "message_id",
"values"}}`` (``errors``: every bad field at once, each ``{"field", "label", "message",
"message_id", "values"}``) so the page can put each message next to its field, in its own
language where the message has an id; anything else is a bug and says so.
"""

from __future__ import annotations

import json
import random
import traceback
from collections.abc import Callable
from importlib import import_module
from types import ModuleType
from typing import Any

from ._errors import InputError, say

__all__ = ["CALCULATORS", "configure", "handle"]

_rubrics: dict[str, Any] = {}
# What the worker makes of the configured rubrics alone, once, for every request that needs it
# (the coverage's index: every answer the reader changes is scored with it). ``configure``
# empties it with the rubrics it replaces; nothing else changes the rubrics.
_made: dict[str, Any] = {}


# The modules each calculator page needs. The worker imports (compiles) a module only when a
# request needs it, except the ones its page names in ``configure``, which it imports at start-up
# so that "ready" means ready to answer. The ROI page's A/B helper (``_ab``) is not among them:
# it answers only when the reader fills in its cohorts, so it loads with its first request.
_NEEDS = {
    "assessment": (
        "_maturity",
        "_maturity_targets",
        "_maturity_evidence",
        "_maturity_io",
        "_coverage",
        "_ics",
        "_timeline",
    ),
    "portfolio": (
        "_maturity",
        "_maturity_targets",
        "_maturity_evidence",
        "_maturity_io",
        "_portfolio",
        "_readiness",
        "_readiness_portfolio",
    ),
    "readiness": ("_readiness", "_references"),
    "roi": ("_roi_vocabulary", "_roi_input", "_roi", "_roi_report", "_stage_gates"),
    "use-cases": ("_roi_vocabulary", "_roi_input", "_roi", "_stage_gates", "_use_cases"),
}


# The calculators a page may name (a page's ``*-form`` markers; the build checks them).
CALCULATORS = tuple(_NEEDS)


def _module(name: str) -> ModuleType:
    return import_module(f"{__package__}.{name}")


def configure(bundle_json: str, calculators: list[str] | tuple[str, ...] = ()) -> str:
    """Keep the rubric bundle (rubric id -> data) for later requests, import what the page's
    ``calculators`` need, and reply with the rubrics' versions.

    >>> configure('{"maturity": {"id": "maturity", "version": "1.2.3"}}', ["assessment"])
    '{"ok": true, "value": {"maturity": "1.2.3"}}'
    """
    unknown = [name for name in calculators if name not in _NEEDS]
    if unknown:
        raise ValueError(f"unknown calculator {unknown[0]!r} (known: {', '.join(_NEEDS)})")
    # The worker may have started Python from a memory snapshot made at build time, whose
    # module-level ``random`` state every reader would share: draw a fresh one from the OS.
    # (Monte Carlo seeds its own generators; this keeps any other use of ``random`` honest.)
    random.seed()
    for name in calculators:
        for module in _NEEDS[name]:
            _module(module)
    _rubrics.clear()
    _made.clear()
    _rubrics.update(json.loads(bundle_json))
    return json.dumps({"ok": True, "value": {k: v.get("version") for k, v in _rubrics.items()}})


def _rubric(rubric_id: str) -> dict:
    if rubric_id not in _rubrics:
        raise InputError(f"the rubric '{rubric_id}' was not loaded (call configure first)")
    return _rubrics[rubric_id]


def _bundle_part(keys):
    """The named top-level entries of the bundle (rubrics, or the build's "links" map), so a page
    reads what the worker already holds instead of fetching the bundle again."""
    if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
        raise InputError("'keys' must be a list of names", field="keys")
    missing = [k for k in keys if k not in _rubrics]
    if missing:
        raise InputError(
            f"the bundle has no '{missing[0]}' (it has: {', '.join(sorted(_rubrics))})"
        )
    return {k: _rubrics[k] for k in keys}


def _assess(answers, targets=None, evidence=None):
    maturity = _rubric("maturity")
    references = _rubrics if "crosswalk" in _rubrics else None  # coverage, when the bundle maps
    if references is not None and "coverage" not in _made:
        _made["coverage"] = _module("_coverage").prepare(references, maturity)
    return _module("_maturity").assess(
        maturity,
        answers,
        sprint=_rubrics.get("sprint"),
        references=references,
        targets=targets,
        evidence=evidence,
        prepared_coverage=_made.get("coverage"),
    )


def _plan_calendar(answers, start=None, today=None, words=None):
    """The assessed 90-day plan dated from ``start`` (default: the Monday after ``today``, the
    reader's own date), as an iCalendar file to download, and as the sprint's timeline with its
    dates (``timeline``: the wide and narrow drawings' shapes, laid out as the build lays out
    the playbook's sprint). ``words``: the page's interface strings for the timeline and the
    dates (``timeline.*``, ``dates.*``), so that the drawing is laid out in the page's language,
    and ``ics.*`` for the calendar file's own words."""
    ics = _module("_ics")
    maturity = _rubric("maturity")
    result = _module("_maturity").assess(maturity, answers, sprint=_rubrics.get("sprint"))
    plan = result["plan"]
    if not plan:
        raise InputError("the 90-day plan needs at least one answer")
    first = ics.parse_start(start, today=ics.parse_start(today) if today else None)
    roles, dims = ics.rubric_names(_rubrics)
    dates = ics.dated_plan(plan, first, words)
    title = say(
        words, "timeline.plan_title", "Your 90-day plan as a timeline: {span}", span=dates["label"]
    )
    return {
        "dates": dates,
        "ics": ics.plan_calendar(plan, first, roles=roles, dimensions=dims, words=words),
        "filename": f"ai-90-day-plan-{first.isoformat()}.ics",
        "timeline": _module("_timeline").timeline(
            plan["phases"], roles, dates=dates, title=title, words=words
        ),
    }


def _readiness_check(answers, pilot=""):
    return _module("_readiness").readiness(_rubric("root_causes"), answers, pilot=pilot)


def _use_cases(files, budget=None, budget_label="", number_format=None):
    """The use-case portfolio; a typed ``budget`` is read in ``number_format``, the page's."""
    with _module("_numbers").typed_numbers(number_format):
        return _module("_use_cases").use_cases(files, budget, budget_label=budget_label)


def _roi_case(case, runs=0, seed=None, maturity=None, stage_gates=None, number_format=None):
    """The ROI result; with ``maturity`` (a saved assessment or export), stage gates from it.
    ``number_format`` (``{"decimal", "group"}``, the page's locale): typed strings in the case
    are numbers in that format (calculators._numbers), and ``typed_numbers`` in the result
    gives the number each was read as, by its path, for the page to keep in its case."""
    with _module("_numbers").typed_numbers(number_format) as read:
        if maturity is not None:
            result = _module("_stage_gates").evaluate_with_maturity(
                case, _rubric("kpis"), _rubric("maturity"), maturity, runs=runs, seed=seed
            )
            return {**result, "typed_numbers": read} if read else result
        result = _module("_roi").evaluate_case(case, runs=runs, seed=seed, stage_gates=stage_gates)
    if read:
        result["typed_numbers"] = read
    if stage_gates is None and "stage_gates" in result:  # the case's own, maybe from an assessment
        _module("_stage_gates").with_stored_worth(
            result, case, _rubric("kpis"), _rubric("maturity")
        )
    return result


def _roi_years_csv(case, number_format=None, words=None):
    """The yearly table as CSV; typed strings in the case read as in :func:`_roi_case`.
    ``words``: the page's interface strings (``roi.period.*``), for the period column's words."""
    report = _module("_roi_report")
    with _module("_numbers").typed_numbers(number_format):
        result = _module("_roi").evaluate_case(case)
    return report.years_csv(result, _module("_words").Words(words) if words else report.ENGLISH)


def _roi_gates_from(maturity, origin="assessment_export"):
    """The stage gates a case stores from an assessment (saved in this browser, or an export)."""
    return _module("_stage_gates").case_gates(
        _rubric("kpis"), _rubric("maturity"), maturity, origin
    )


def _roi_import(data):
    """An imported file or share link: ``{"case", "runs", "seed", "result"}``, the case checked."""
    found = _module("_roi_input").read_export(data)
    return {**found, "result": _module("_roi").evaluate_case(found["case"])}


def _portfolio(files, by=None):
    """The roll-up of the page's files: assessments, and (with the readiness rubric in the
    bundle) the pilots of readiness files, under ``readiness``."""
    if "root_causes" not in _rubrics:
        return _module("_portfolio").portfolio(_rubric("maturity"), files, by=by)
    return _module("_readiness_portfolio").rollup(
        _rubric("maturity"),
        _rubric("root_causes"),
        files,
        by=by,
        eu_ai_act=_rubrics.get("eu_ai_act"),
    )


def _functions() -> dict[str, Callable[..., Any]]:
    """The functions a page may call, by name; each takes JSON-like keyword arguments."""
    maturity = lambda: _module("_maturity_io")  # noqa: E731 - a name for a lazy import
    ready = lambda: _module("_readiness")  # noqa: E731
    return {
        "assess": _assess,
        "template": lambda: maturity().answers_template(_rubric("maturity")),
        "map_answers": lambda answers: maturity().map_answers(_rubric("maturity"), answers),
        "read_export": lambda data: maturity().read_export(_rubric("maturity"), data),
        "answers_csv": lambda answers: maturity().answers_csv(_rubric("maturity"), answers),
        "export": lambda answers, about=None, exported_at=None, targets=None, evidence=None: (
            maturity().export_assessment(
                _rubric("maturity"),
                answers,
                about=about,
                exported_at=exported_at,
                targets=targets,
                evidence=evidence,
            )
        ),
        "compare": lambda **args: maturity().compare(**args),
        "plan_calendar": _plan_calendar,
        "portfolio": _portfolio,
        "portfolio_csv": lambda result: _module("_portfolio").portfolio_csv(result),
        "readiness_portfolio_csv": lambda result: _module(
            "_readiness_portfolio"
        ).readiness_portfolio_csv(result),
        "readiness": _readiness_check,
        "read_pilots": lambda data: ready().read_pilots(
            _rubric("root_causes"), data, eu_ai_act=_rubrics.get("eu_ai_act")
        ),
        "roi": _roi_case,
        "roi_template": lambda: _rubric("kpis")["roi_defaults"],
        "roi_import": _roi_import,
        "roi_gates_from": _roi_gates_from,
        "use_cases": _use_cases,
        "use_cases_csv": lambda result: _module("_use_cases").use_cases_csv(result),
        "bundle": _bundle_part,
        "ab_compare": lambda **args: _module("_ab").ab_compare(**args),
        "roi_years_csv": _roi_years_csv,
        "coverage_csv": lambda answers: _module("_coverage").coverage_csv(_assess(answers)),
        "eu_tier": lambda tier, on=None, words=None: _module("_references").tier_obligations(
            _rubric("eu_ai_act"), tier, on=on, words=words
        ),
    }


def handle(request_json: str) -> str:
    """Run ``{"fn": name, "args": {...}}`` and reply ``{"ok": true, "value": ...}`` or an error.

    >>> reply = json.loads(handle('{"fn": "nope", "args": {}}'))
    >>> reply["ok"], reply["error"]["message"], reply["error"]["field"]
    (False, "unknown function 'nope'", None)
    """
    try:
        request = json.loads(request_json)
        functions = _functions()
        if request.get("fn") not in functions:
            raise InputError(f"unknown function '{request.get('fn')}'")
        value = functions[request["fn"]](**request.get("args", {}))
        return json.dumps({"ok": True, "value": value}, allow_nan=False)
    except InputError as err:
        error = {
            "message": str(err),
            "field": err.field,
            "label": err.label,
            "errors": err.errors,
            # For a page in another language: the message's id and values (rubrics/strings.yaml).
            "message_id": err.message_id,
            "values": err.values,
        }
        return json.dumps({"ok": False, "error": error})
    except Exception as err:
        detail = "".join(traceback.format_exception_only(err)).strip()
        return json.dumps(
            {
                "ok": False,
                "error": {"message": f"internal error: {detail}", "field": None, "internal": True},
            }
        )
