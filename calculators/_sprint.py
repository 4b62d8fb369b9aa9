"""Rules of the 90-day sprint rubric that JSON Schema cannot state."""

from __future__ import annotations

__all__ = ["check_sprint_rubric"]


def check_sprint_rubric(rubric: dict) -> list[tuple[tuple, str]]:
    """Activity ids unique across phases, weeks inside their phase, phases in order.

    >>> check_sprint_rubric({"phases": [
    ...   {"id": "a", "weeks": {"start": 1, "end": 4}, "activities": [{"id": "x", "weeks": {"start": 3, "end": 6}}]},
    ...   {"id": "b", "weeks": {"start": 3, "end": 8}, "activities": [{"id": "x", "weeks": {"start": 5, "end": 5}}]}]})
    ... # doctest: +NORMALIZE_WHITESPACE
    [(('phases', 0, 'activities', 0, 'weeks'), 'weeks 3-6 fall outside the phase (weeks 1-4)'),
     (('phases', 1, 'weeks', 'start'), 'phase starts in week 3, before the previous phase ends (week 4)'),
     (('phases', 1, 'activities', 0, 'id'), "duplicate activity id 'x' (also in phase 'a')")]
    """
    problems: list[tuple[tuple, str]] = []
    seen: dict[str, str] = {}
    previous_end = 0
    for pi, phase in enumerate(rubric.get("phases", [])):
        weeks = phase["weeks"]
        if weeks["start"] > weeks["end"]:
            problems.append(
                (
                    ("phases", pi, "weeks"),
                    f"starts after it ends (weeks {weeks['start']}-{weeks['end']})",
                )
            )
        if not phase.get("retired") and weeks["start"] <= previous_end:
            problems.append(
                (
                    ("phases", pi, "weeks", "start"),
                    f"phase starts in week {weeks['start']}, before the previous phase ends (week {previous_end})",
                )
            )
        previous_end = max(previous_end, weeks["end"]) if not phase.get("retired") else previous_end
        for ai, activity in enumerate(phase.get("activities", [])):
            span = activity.get("weeks")
            if span and (
                span["start"] < weeks["start"]
                or span["end"] > weeks["end"]
                or span["start"] > span["end"]
            ):
                problems.append(
                    (
                        ("phases", pi, "activities", ai, "weeks"),
                        f"weeks {span['start']}-{span['end']} fall outside the phase (weeks {weeks['start']}-{weeks['end']})",
                    )
                )
            if activity["id"] in seen:
                problems.append(
                    (
                        ("phases", pi, "activities", ai, "id"),
                        f"duplicate activity id '{activity['id']}' (also in phase '{seen[activity['id']]}')",
                    )
                )
            seen.setdefault(activity["id"], phase["id"])
        own = {a["id"] for a in phase.get("activities", [])}
        for ci, criterion in enumerate(phase.get("exit_criteria", [])):
            for ai, aid in enumerate(
                criterion.get("activities", []) if isinstance(criterion, dict) else []
            ):
                if aid not in own:
                    problems.append(
                        (
                            ("phases", pi, "exit_criteria", ci, "activities", ai),
                            f"exit criterion names activity '{aid}', which is not in phase '{phase['id']}'",
                        )
                    )
    return problems
