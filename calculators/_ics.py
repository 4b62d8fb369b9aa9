"""The assessment's 90-day plan on the calendar: dates from a start day, and an iCalendar file.

Week 1 of the plan begins on the start date (by default the next Monday); an activity of weeks
``s``-``e`` runs from the first day of week ``s`` to the last day of week ``e``. The iCalendar text
follows RFC 5545: CRLF line endings, lines folded at 75 octets, text values escaped, one all-day
event (``DTSTART;VALUE=DATE``, ``DTEND`` the day after it ends) per activity, with the owner and
its phase's exit criteria in the description. Standard library only: the CLI and the browser
worker use the same code.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping

from ._errors import InputError, say

__all__ = ["dated_plan", "next_monday", "parse_start", "plan_calendar"]

PRODID = "-//AI Scale-Up Playbook//90-day plan//EN"
UID_DOMAIN = "ai-scale-up-playbook"


def next_monday(today: _dt.date) -> _dt.date:
    """The first Monday after ``today`` (a plan made on a Monday starts the week after).

    >>> next_monday(_dt.date(2026, 12, 1)), next_monday(_dt.date(2026, 12, 7))
    (datetime.date(2026, 12, 7), datetime.date(2026, 12, 14))
    """
    return today + _dt.timedelta(days=7 - today.weekday())


def parse_start(value: str | None, *, today: _dt.date | None = None) -> _dt.date:
    """The plan's start date from ``YYYY-MM-DD``; none given: the next Monday.

    >>> parse_start("2027-01-04")
    datetime.date(2027, 1, 4)
    >>> parse_start("2027-02-30")
    Traceback (most recent call last):
    ...
    calculators._errors.InputError: Start date: '2027-02-30' is not a date (expected YYYY-MM-DD, e.g. 2027-01-04)
    """
    if value is None or value == "":
        return next_monday(today or _dt.date.today())
    try:
        if not isinstance(value, str) or len(value) != 10:
            raise ValueError(value)
        return _dt.date.fromisoformat(value)
    except ValueError:
        raise InputError(
            f"Start date: {value!r} is not a date (expected YYYY-MM-DD, e.g. 2027-01-04)",
            field="start",
            label="Start date",
        ) from None


def _span(start: _dt.date, weeks: Mapping) -> tuple[_dt.date, _dt.date]:
    """First and last day (inclusive) of a week span."""
    first = start + _dt.timedelta(weeks=weeks["start"] - 1)
    last = start + _dt.timedelta(weeks=weeks["end"], days=-1)
    return first, last


MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec"


def day_label(d: _dt.date, words: Mapping[str, str] | None = None, *, year: bool = True) -> str:
    """A day in words, ``7 Dec 2026`` (or ``7 Dec`` without the year), in the language of
    ``words`` (the page's interface strings; English without them).

    >>> day_label(_dt.date(2027, 3, 1)), day_label(_dt.date(2027, 3, 1), year=False)
    ('1 Mar 2027', '1 Mar')
    >>> day_label(_dt.date(2027, 3, 1), {"dates.months": "Jan. Feb. März Apr. Mai Juni Juli Aug. Sept. Okt. Nov. Dez.", "dates.day": "{day}. {month} {year}"})
    '1. März 2027'
    """
    month = say(words, "dates.months", MONTHS).split()[d.month - 1]
    if year:
        return say(words, "dates.day", "{day} {month} {year}", day=d.day, month=month, year=d.year)
    return say(words, "dates.day_month", "{day} {month}", day=d.day, month=month)


def _label(first: _dt.date, last: _dt.date, words: Mapping[str, str] | None = None) -> str:
    """A date range in words, e.g. ``7 Dec 2026 – 3 Jan 2027``."""
    if first == last:
        return day_label(first, words)
    return say(
        words,
        "dates.span",
        "{first} – {last}",
        first=day_label(first, words),
        last=day_label(last, words),
    )


def dated_plan(plan: Mapping, start: _dt.date, words: Mapping[str, str] | None = None) -> dict:
    """The plan's phases and activities with their first and last days (ISO) and a label (in
    the language of ``words``, the page's interface strings; English without them).

    >>> plan = {"phases": [{"id": "p", "title": "P", "weeks": {"start": 1, "end": 4},
    ...   "activities": [{"id": "a", "title": "A", "weeks": {"start": 2, "end": 3}}]}]}
    >>> d = dated_plan(plan, _dt.date(2026, 12, 7))
    >>> d["end"], d["activities"]["a"]["start"], d["activities"]["a"]["end"]
    ('2027-01-03', '2026-12-14', '2026-12-27')
    """
    phases, activities = {}, {}
    last_day = start

    def dated(weeks: dict) -> dict:
        nonlocal last_day
        first, last = _span(start, weeks)
        last_day = max(last_day, last)
        return {
            "start": first.isoformat(),
            "end": last.isoformat(),
            "label": _label(first, last, words),
            "end_label": _label(last, last, words),  # the last day alone: a phase's exit milestone
        }

    for phase in plan.get("phases", []):
        if phase.get("weeks"):
            phases[phase["id"]] = dated(phase["weeks"])
        for a in phase.get("activities", []):
            activities[a["id"]] = dated(a["weeks"])
    return {
        "start": start.isoformat(),
        "end": last_day.isoformat(),
        "label": _label(start, last_day, words),
        "phases": phases,
        "activities": activities,
    }


def escape_text(value: str) -> str:
    r"""A TEXT value escaped as RFC 5545 (3.3.11) says: backslash, semicolon, comma, newline.

    >>> escape_text('a, b; c\\d\ne')
    'a\\, b\\; c\\\\d\\ne'
    """
    return (
        str(value)
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\n")
        .replace("\r", "\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """A content line folded at 75 octets (UTF-8), never inside a character; continuation lines
    start with a space (RFC 5545 3.1).

    >>> [len(part) for part in fold("X:" + "a" * 80).split("\\r\\n")]
    [75, 8]
    """
    out: list[str] = []
    current, size, limit = "", 0, 75
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > limit:
            out.append(current)
            current, size, limit = " ", 1, 75
        current += ch
        size += n
    out.append(current)
    return "\r\n".join(out)


def _description(
    activity: Mapping,
    phase: Mapping,
    roles: Mapping[str, str],
    dims: Mapping[str, str],
    start: _dt.date,
    words: Mapping[str, str] | None = None,
) -> str:
    owner = activity.get("owner") or ""
    lines = [say(words, "ics.phase", "Phase: {phase}", phase=phase["title"])]
    lines.append(say(words, "ics.owner", "Owner: {owner}", owner=roles.get(owner, owner)))
    if activity.get("deliverable"):
        lines.append(
            say(
                words,
                "ics.deliverable",
                "Deliverable: {deliverable}",
                deliverable=activity["deliverable"],
            )
        )
    if activity.get("raises"):
        raised = ", ".join(dims.get(r, r) for r in activity["raises"])
        lines.append(say(words, "ics.raises", "Raises: {dimensions}", dimensions=raised))
    if phase.get("exit_criteria"):
        weeks = phase.get("weeks") or {}
        end = weeks.get("end")
        day = f", {day_label(_span(start, weeks)[1], words)}" if weeks else ""
        lines.append(
            say(
                words,
                "ics.exit_criteria",
                "Exit criteria of the phase (end of week {week}{day}):",
                week=end,
                day=day,
            )
        )
        lines += [f"- {c}" for c in phase["exit_criteria"]]
    return "\n".join(lines)


def rubric_names(rubrics: Mapping) -> tuple[dict[str, str], dict[str, str]]:
    """The titles of the operating model's roles and of the maturity dimensions, by id: the
    names the calendar (and the page's timeline) give owners and the dimensions raised.

    >>> rubric_names({"maturity": {"dimensions": [{"id": "d", "title": "D"}]}})
    ({}, {'d': 'D'})
    """
    roles = {r["id"]: r["title"] for r in rubrics.get("operating_model", {}).get("roles", [])}
    dims = {d["id"]: d["title"] for d in rubrics["maturity"]["dimensions"]}
    return roles, dims


def plan_calendar(
    plan: Mapping,
    start: _dt.date,
    *,
    roles: Mapping[str, str] | None = None,
    dimensions: Mapping[str, str] | None = None,
    stamp: _dt.datetime | None = None,
    words: Mapping[str, str] | None = None,
) -> str:
    """The plan as an iCalendar file: one all-day event per activity.

    ``roles`` and ``dimensions`` map ids to titles for the descriptions; ``stamp`` (UTC) is the
    DTSTAMP, by default now. ``words``: the interface strings of the reader's language (``ics.*``,
    ``dates.*``) for the calendar's name and the descriptions; English without them. The
    summaries are the plan's own titles, in the language its rubric was loaded in.

    >>> plan = {"phases": [{"id": "p", "title": "Foundation", "weeks": {"start": 1, "end": 4},
    ...   "exit_criteria": ["KPIs agreed; baselines recorded"],
    ...   "activities": [{"id": "a", "title": "Set KPIs, baselines", "owner": "s",
    ...                   "weeks": {"start": 2, "end": 3}}]}]}
    >>> ics = plan_calendar(plan, _dt.date(2026, 12, 7), roles={"s": "Sponsor"},
    ...                     stamp=_dt.datetime(2026, 12, 1, 9, 30, tzinfo=_dt.UTC))
    >>> [line for line in ics.split("\\r\\n") if line.startswith(("DT", "SUMMARY", "UID"))]
    ['UID:a-20261207@ai-scale-up-playbook', 'DTSTAMP:20261201T093000Z', 'DTSTART;VALUE=DATE:20261214', 'DTEND;VALUE=DATE:20261228', 'SUMMARY:Set KPIs\\\\, baselines']
    """
    roles = roles or {}
    dimensions = dimensions or {}
    stamp = (stamp or _dt.datetime.now(_dt.UTC)).astimezone(_dt.UTC)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape_text(say(words, 'ics.calendar_name', 'Your 90-day plan'))}",
    ]
    for phase in plan.get("phases", []):
        for a in phase.get("activities", []):
            first, last = _span(start, a["weeks"])
            lines += [
                "BEGIN:VEVENT",
                f"UID:{a['id']}-{start:%Y%m%d}@{UID_DOMAIN}",
                f"DTSTAMP:{stamp:%Y%m%dT%H%M%SZ}",
                f"DTSTART;VALUE=DATE:{first:%Y%m%d}",
                f"DTEND;VALUE=DATE:{last + _dt.timedelta(days=1):%Y%m%d}",
                f"SUMMARY:{escape_text(a['title'])}",
                f"DESCRIPTION:{escape_text(_description(a, phase, roles, dimensions, start, words))}",
                f"CATEGORIES:{escape_text(phase['title'])}",
                "TRANSP:TRANSPARENT",
                "END:VEVENT",
            ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
