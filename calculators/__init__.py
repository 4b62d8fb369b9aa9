"""Calculators of the AI Scale-Up Playbook: maturity scoring and ROI, standard library only.

The same code runs in CPython (tests, command line) and in Pyodide (the site's Web Worker).
Functions take and return plain data (dicts, lists, numbers, strings) that maps 1:1 to JSON.
"""

from ._errors import InputError

__all__ = ["InputError"]
__version__ = "0.1.0"
