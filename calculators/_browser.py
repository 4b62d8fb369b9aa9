"""The Web Worker's single entry point: a JSON request in, a JSON reply out.

The worker (``docs/assets/javascripts/engine-worker.js``) only moves strings: it calls
``configure`` once with the rubric bundle, then ``handle`` for every request. Bad input comes
back as ``{"ok": false, "error": {"message", "field"}}`` so the page can put the message next
to the field; anything else is a bug and says so.
"""

from __future__ import annotations

import json
import traceback
from collections.abc import Callable
from typing import Any

from . import _maturity, _readiness, _roi
from ._errors import InputError

__all__ = ["configure", "handle"]

_rubrics: dict[str, Any] = {}


def configure(bundle_json: str) -> str:
    """Keep the rubric bundle (rubric id -> data) for later requests; reply with their versions.

    >>> configure('{"maturity": {"id": "maturity", "version": "1.2.3"}}')
    '{"ok": true, "value": {"maturity": "1.2.3"}}'
    """
    _rubrics.clear()
    _rubrics.update(json.loads(bundle_json))
    return json.dumps({"ok": True, "value": {k: v.get("version") for k, v in _rubrics.items()}})


def _rubric(rubric_id: str) -> dict:
    if rubric_id not in _rubrics:
        raise InputError(f"the rubric '{rubric_id}' was not loaded (call configure first)")
    return _rubrics[rubric_id]


def _assess(answers):
    return _maturity.assess(_rubric("maturity"), answers, sprint=_rubrics.get("sprint"))


def _readiness_check(answers, pilot=""):
    return _readiness.readiness(_rubric("root_causes"), answers, pilot=pilot)


def _roi_case(case, runs=0, seed=None):
    return _roi.evaluate_case(case, runs=runs, seed=seed)


def _functions() -> dict[str, Callable[..., Any]]:
    """The functions a page may call, by name; each takes JSON-like keyword arguments."""
    return {
        "assess": _assess,
        "template": lambda: _maturity.answers_template(_rubric("maturity")),
        "map_answers": lambda answers: _maturity.map_answers(_rubric("maturity"), answers),
        "read_export": lambda data: _maturity.read_export(_rubric("maturity"), data),
        "answers_csv": lambda answers: _maturity.answers_csv(_rubric("maturity"), answers),
        "compare": _maturity.compare,
        "readiness": _readiness_check,
        "roi": _roi_case,
        "roi_template": lambda: _rubric("kpis")["roi_defaults"],
        "ab_compare": _roi.ab_compare,
        "roi_years_csv": lambda case: _roi.years_csv(_roi.evaluate_case(case)),
    }


def handle(request_json: str) -> str:
    """Run ``{"fn": name, "args": {...}}`` and reply ``{"ok": true, "value": ...}`` or an error.

    >>> handle('{"fn": "nope", "args": {}}')
    '{"ok": false, "error": {"message": "unknown function \\'nope\\'", "field": null}}'
    """
    try:
        request = json.loads(request_json)
        functions = _functions()
        if request.get("fn") not in functions:
            raise InputError(f"unknown function '{request.get('fn')}'")
        value = functions[request["fn"]](**request.get("args", {}))
        return json.dumps({"ok": True, "value": value}, allow_nan=False)
    except InputError as err:
        return json.dumps({"ok": False, "error": {"message": str(err), "field": err.field}})
    except Exception as err:
        detail = "".join(traceback.format_exception_only(err)).strip()
        return json.dumps(
            {
                "ok": False,
                "error": {"message": f"internal error: {detail}", "field": None, "internal": True},
            }
        )
