"""Target levels per dimension, and progress toward them from a baseline.

A dimension's target is the level its team aims for. The reader may set one per dimension;
where they have not, it is the next level above the current one (capped at the rubric's top
level), and an unscored dimension has none. Progress to target compares three levels of one
dimension: the baseline (an earlier export the reader loads for comparison), the current level
and the target::

    progress = (current - baseline) / (target - baseline)

It is undefined when the target is not above the baseline (nothing is left to progress
toward, and dividing by zero or a negative gap would say something false), and when any of
the three levels is missing; the result then says why in words instead of giving a number.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ._errors import InputError, message

__all__ = ["LABEL", "dimension_target", "progress_to_target", "read_targets"]

LABEL = "Target level"


def _levels(rubric: dict) -> list[int]:
    return [lv["level"] for lv in rubric["levels"]]


def read_targets(rubric: dict, targets: Any, *, drop_unknown: bool = False) -> dict:
    """The reader's targets, checked: ``{dimension id: level}``; ``None`` values mean "the
    default" and are left out. Every bad target is named at once, by its dimension's title.

    With ``drop_unknown`` (imports from another rubric version), a dimension this rubric does
    not assess is left out and named in ``dropped`` instead of refused.

    >>> r = {"levels": [{"level": i} for i in range(1, 6)],
    ...      "dimensions": [{"id": "data", "title": "Data foundations"}]}
    >>> read_targets(r, {"data": 4})
    {'targets': {'data': 4}, 'dropped': []}
    >>> read_targets(r, {"data": 7})
    Traceback (most recent call last):
    ...
    calculators._errors.InputError: Target level for Data foundations must be a level from 1 to 5 (got 7)
    """
    if targets is None:
        return {"targets": {}, "dropped": []}
    if not isinstance(targets, Mapping):
        raise InputError(
            f"'targets' must be an object of dimension id -> level (got {type(targets).__name__})",
            field="targets",
            label=LABEL,
        )
    levels = _levels(rubric)
    dims = {d["id"]: d for d in rubric["dimensions"] if not d.get("retired")}
    out: dict[str, int] = {}
    dropped, problems = [], []
    for did, value in targets.items():
        dim = dims.get(did)
        if dim is None:
            if drop_unknown:
                dropped.append({"dimension": str(did), "value": value})
                continue
            problems.append(
                InputError(
                    f"{LABEL}: no dimension '{did}' is assessed by this rubric "
                    f"(known: {', '.join(dims)})",
                    field=f"targets.{did}",
                    label=LABEL,
                )
            )
            continue
        if value is None:
            continue
        label = f"{LABEL} for {dim['title']}"
        if isinstance(value, bool) or not isinstance(value, int) or value not in levels:
            problems.append(
                InputError(
                    f"{label} must be a level from {levels[0]} to {levels[-1]} (got {value!r})",
                    field=f"targets.{did}",
                    label=label,
                )
            )
            continue
        out[did] = value
    if problems:
        raise InputError.collect(problems)
    return {"targets": out, "dropped": dropped}


def dimension_target(level: int | None, chosen: int | None, top: int) -> dict:
    """A dimension's target: the reader's, else the next level above ``level`` (at most ``top``).

    >>> dimension_target(2, None, 5)
    {'target': 3, 'target_set_by': 'default', 'target_gap': 1, 'target_reached': False}
    >>> dimension_target(5, None, 5)["target"], dimension_target(3, 2, 5)["target_reached"]
    (5, True)
    >>> dimension_target(None, None, 5)
    {'target': None, 'target_set_by': None, 'target_gap': None, 'target_reached': None}
    """
    if chosen is not None:
        target, by = chosen, "reader"
    elif level is not None:
        target, by = min(level + 1, top), "default"
    else:
        target, by = None, None
    if target is None or level is None:
        return {"target": target, "target_set_by": by, "target_gap": None, "target_reached": None}
    return {
        "target": target,
        "target_set_by": by,
        "target_gap": max(0, target - level),
        "target_reached": level >= target,
    }


def progress_to_target(baseline: int | None, current: int | None, target: int | None) -> dict:
    """How far a dimension has come from its baseline toward its target, as a fraction, or
    ``None`` with the reason when it is undefined: ``progress_text`` in English, and
    ``progress_said`` the same as a message (its id and values) for a page in another language.

    >>> p = progress_to_target(2, 3, 4)
    >>> p["progress"], p["progress_text"]
    (0.5, '50% of the way from L2 (baseline) to L4 (target); now L3.')
    >>> p["progress_said"]["message_id"], p["progress_said"]["values"]
    ('maturity.progress.share', {'percent': 50, 'baseline': 2, 'target': 4, 'current': 3})
    >>> progress_to_target(4, 4, 3)["progress"] is None
    True
    >>> progress_to_target(4, 4, 3)["progress_text"]
    'Undefined: the target (L3) is not above the baseline (L4), so there is no gap to make progress on.'
    """

    def said(progress: float | None, message_id: str, text: str, **values: Any) -> dict:
        return {
            "progress": progress,
            "progress_text": text,
            "progress_said": message(message_id, text, **values),
        }

    if target is None:
        return said(
            None, "maturity.progress.no_target", "No target: the dimension is not scored yet."
        )
    if baseline is None:
        return said(
            None,
            "maturity.progress.no_baseline",
            "No baseline level: the earlier export did not score this dimension.",
        )
    if current is None:
        return said(None, "maturity.progress.not_scored", "Not scored now.")
    if target <= baseline:
        return said(
            None,
            "maturity.progress.no_gap",
            f"Undefined: the target (L{target}) is not above the baseline "
            f"(L{baseline}), so there is no gap to make progress on.",
            target=target,
            baseline=baseline,
        )
    share = (current - baseline) / (target - baseline)
    values = {"percent": round(share * 100), "baseline": baseline, "target": target}
    text = (
        f"{round(share * 100)}% of the way from L{baseline} (baseline) to L{target} (target); "
        f"now L{current}"
    )
    if share > 1:
        return said(
            round(share, 4),
            "maturity.progress.past",
            f"{text} (past the target).",
            **values,
            current=current,
        )
    if share < 0:
        return said(
            round(share, 4),
            "maturity.progress.below",
            f"{text} (below the baseline).",
            **values,
            current=current,
        )
    return said(round(share, 4), "maturity.progress.share", f"{text}.", **values, current=current)
