"""Calculators of the AI Scale-Up Playbook: maturity scoring and ROI, standard library only.

The same code runs in CPython (tests, command line) and in Pyodide (the site's Web Worker).
Functions take and return plain data (dicts, lists, numbers, strings) that maps 1:1 to JSON.

The public functions are imported on first use (PEP 562): the browser's worker compiles only the
modules its page needs, which shortens the engine's start-up on every calculator page.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

from ._errors import InputError

if TYPE_CHECKING:  # what the names below are, for type checkers and editors
    from ._ab import ab_compare
    from ._maturity import assess
    from ._maturity_io import answers_template, compare, map_answers, read_export
    from ._readiness import readiness
    from ._roi import evaluate_case
    from ._roi_report import format_roi_text, years_csv

# Each public function, by the module it lives in.
_HOMES = {
    "answers_template": "_maturity_io",
    "assess": "_maturity",
    "compare": "_maturity_io",
    "map_answers": "_maturity_io",
    "read_export": "_maturity_io",
    "readiness": "_readiness",
    "ab_compare": "_ab",
    "evaluate_case": "_roi",
    "format_roi_text": "_roi_report",
    "years_csv": "_roi_report",
}

__all__ = [
    "InputError",
    "ab_compare",
    "answers_template",
    "assess",
    "compare",
    "evaluate_case",
    "format_roi_text",
    "map_answers",
    "read_export",
    "readiness",
    "years_csv",
]
__version__ = "0.1.0"


def __getattr__(name: str):
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{_HOMES[name]}"), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOMES})
