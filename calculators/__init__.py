"""Calculators of the AI Scale-Up Playbook: maturity scoring and ROI, standard library only.

The same code runs in CPython (tests, command line) and in Pyodide (the site's Web Worker).
Functions take and return plain data (dicts, lists, numbers, strings) that maps 1:1 to JSON.
"""

from ._errors import InputError
from ._maturity import answers_template, assess, compare, map_answers, read_export
from ._readiness import readiness
from ._roi import ab_compare, evaluate_case, format_roi_text, years_csv

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
