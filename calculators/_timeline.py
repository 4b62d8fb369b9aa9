"""The 90-day sprint as a timeline: shapes laid out for an SVG drawing, from plain data.

The build draws the playbook's sprint with it (``hooks/_diagrams.py``, written as inline SVG by
``overrides/hooks/_diagram.html``), and the browser worker draws the reader's own plan with it,
dated (``calculators/_browser.py``; ``assessment.js`` only turns the shapes into SVG elements).
So the arithmetic lives here once, in Python, standard library only.

A drawing comes as a pair, ``{"wide", "narrow"}``: the wide one for desktop and print, the
narrow one (a vertical arrangement) for phones, where a scaled-down wide drawing would be
illegible. A layout is ``{"title", "desc", "width", "height", "shapes"}``, and every shape is one
of ``rect``, ``text`` (already wrapped into ``lines``), ``line`` or ``diamond``, with a CSS class
for its colours (``docs/assets/stylesheets/diagrams.css``). Text is data: whoever writes the
shapes out escapes it (autoescaping in the template, ``textContent`` in the page).
"""

from __future__ import annotations

import datetime as _dt
import textwrap
from collections.abc import Mapping, Sequence
from typing import Any

from ._errors import say
from ._ics import day_label

Words = Mapping[str, str] | None

__all__ = ["timeline", "wrap"]

WIDE = 700
NARROW = 360
PAD = 8.0
# Average glyph width as a share of the font size for the system sans-serif stack (a little
# generous, so that wrapped lines never overflow their box).
GLYPH = 0.52
LEADING = 1.3


def wrap(text: str, width: float, size: float) -> list[str]:
    """``text`` broken into lines that fit ``width`` pixels at font ``size``.

    >>> wrap("Central AI CoE, clear roles", 80, 11)
    ['Central AI', 'CoE, clear', 'roles']
    """
    chars = max(6, int(width / (size * GLYPH)))
    return textwrap.wrap(str(text), chars, break_long_words=True) or [""]


def height(lines: list[str], size: float) -> float:
    """The height of ``lines`` of text at font ``size``."""
    return len(lines) * size * LEADING


def r(v: float) -> float:
    """A coordinate rounded to a tenth of a pixel."""
    return round(v, 1)


def rect(x, y, w, h, cls, rx=4) -> dict[str, Any]:
    return {"kind": "rect", "x": r(x), "y": r(y), "w": r(w), "h": r(h), "cls": cls, "rx": rx}


def text(x, y, lines, size, cls="dg-text", anchor="start") -> dict[str, Any]:
    """Text whose first line's top is at ``y`` (``y`` in the shape is the first baseline)."""
    return {
        "kind": "text",
        "x": r(x),
        "y": r(y + size),
        "lines": lines,
        "size": size,
        "lh": r(size * LEADING),
        "cls": cls,
        "anchor": anchor,
    }


def line(x1, y1, x2, y2, cls="dg-line", arrow=False) -> dict[str, Any]:
    return {
        "kind": "line",
        "x1": r(x1),
        "y1": r(y1),
        "x2": r(x2),
        "y2": r(y2),
        "cls": cls,
        "arrow": arrow,
    }


def diamond(cx, cy, radius, cls="dg-milestone") -> dict[str, Any]:
    points = (
        f"{r(cx)},{r(cy - radius)} {r(cx + radius)},{r(cy)} "
        f"{r(cx)},{r(cy + radius)} {r(cx - radius)},{r(cy)}"
    )
    return {"kind": "diamond", "points": points, "cls": cls}


def layout(title: str, desc: str, width: float, h: float, shapes: list) -> dict[str, Any]:
    return {"title": title, "desc": desc, "width": width, "height": r(h), "shapes": shapes}


def weeks_text(w: Mapping, words: Words = None) -> str:
    """``week 3`` or ``weeks 1–4`` (in the language of ``words``, the interface strings)."""
    if w["start"] == w["end"]:
        return say(words, "timeline.week_one", "week {week}", week=w["start"])
    return say(words, "timeline.weeks", "weeks {start}–{end}", start=w["start"], end=w["end"])


def _week_days(dates: Mapping, total: int, words: Words = None) -> list[str]:
    """The first day of each week of the plan, e.g. ``4 Jan``, from the dated plan's start."""
    start = _dt.date.fromisoformat(dates["start"])
    days = (start + _dt.timedelta(weeks=k) for k in range(total))
    return [day_label(d, words, year=False) for d in days]


def _describe(phases, roles, dates, words: Words = None) -> str:
    def when(item_dates, weeks) -> str:
        label = (item_dates or {}).get("label")
        text = weeks_text(weeks, words)
        return (
            say(words, "timeline.desc.when", "{weeks}, {dates}", weeks=text, dates=label)
            if label
            else text
        )

    parts = []
    for i, ph in enumerate(phases, 1):
        span = when(dates and dates["phases"].get(ph["id"]), ph["weeks"])
        items = "; ".join(
            say(
                words,
                "timeline.desc.activity",
                "{title}, {when}, owner {owner}",
                title=a["title"],
                when=when(dates and dates["activities"].get(a["id"]), a["weeks"]),
                owner=roles.get(a["owner"], a["owner"]),
            )
            for a in ph["activities"]
        )
        part = say(
            words,
            "timeline.desc.phase",
            "Phase {number}, {title} ({span}): {items}.",
            number=i,
            title=ph["title"],
            span=span,
            items=items or say(words, "timeline.desc.no_activity", "no activity"),
        )
        if ph["exit_criteria"] or not dates:
            part += say(
                words,
                "timeline.desc.exit",
                " Exit criteria: {criteria}",
                criteria=" ".join(ph["exit_criteria"]),
            )
        parts.append(part)
    return " ".join(parts)


def timeline(
    phases: Sequence[Mapping],
    roles: Mapping[str, str] | None = None,
    *,
    dates: Mapping | None = None,
    title: str | None = None,
    words: Words = None,
) -> dict[str, Any]:
    """The phases over the weeks, each activity a bar with its owner, the exit criteria at the
    end of each phase; with ``dates`` (``calculators._ics.dated_plan``), each activity and phase
    also carries its dates, and the week axis the first day of each week.

    ``phases``: ``{"id", "title", "weeks": {"start", "end"}, "activities": [{"id", "title",
    "owner", "weeks"}], "exit_criteria": [text]}``, in order; ``roles`` maps owner ids to titles.
    The drawing's own words are in the language of ``words`` (``rubrics/strings.yaml`` in the
    page's or the build's language, by id); English without them. They are laid out here, in
    the language they are shown in, so that each wraps to its box.

    >>> phases = [{"id": "p", "title": "Foundation", "weeks": {"start": 1, "end": 4},
    ...   "exit_criteria": ["KPIs agreed"], "activities": [
    ...     {"id": "a", "title": "Set KPIs", "owner": "s", "weeks": {"start": 2, "end": 3}}]}]
    >>> dates = {"start": "2027-01-04", "label": "4 Jan 2027 – 31 Jan 2027",
    ...   "phases": {"p": {"label": "4 Jan 2027 – 31 Jan 2027"}},
    ...   "activities": {"a": {"label": "11 Jan 2027 – 24 Jan 2027"}}}
    >>> pair = timeline(phases, {"s": "Sponsor"}, dates=dates)
    >>> [s["lines"] for s in pair["narrow"]["shapes"] if s["kind"] == "text"][3:5]
    [['Sponsor, weeks 2–3'], ['11 Jan 2027 – 24 Jan 2027']]
    >>> pair["wide"]["desc"]
    'Phase 1, Foundation (weeks 1–4, 4 Jan 2027 – 31 Jan 2027): Set KPIs, weeks 2–3, 11 Jan 2027 – 24 Jan 2027, owner Sponsor. Exit criteria: KPIs agreed'
    """
    roles = roles or {}
    total = max(ph["weeks"]["end"] for ph in phases)
    if title is None:
        title = say(words, "timeline.title", "The {weeks}-week sprint as a timeline", weeks=total)
    desc = _describe(phases, roles, dates, words)

    def dated(kind: str, item_id: str, which: str = "label") -> str | None:
        return ((dates or {}).get(kind) or {}).get(item_id, {}).get(which)

    def wide() -> dict:
        size = 11.5
        label_w = 230
        x0 = PAD + label_w + 8
        ww = (WIDE - PAD - x0) / total
        week_x = lambda w: x0 + (w - 1) * ww  # noqa: E731 - the left edge of week w
        shapes: list = []
        y = PAD
        for i, ph in enumerate(phases):
            x = week_x(ph["weeks"]["start"])
            w = (ph["weeks"]["end"] - ph["weeks"]["start"] + 1) * ww
            shapes.append(rect(x, y, w - 2, 22, f"dg-phase dg-phase-{i % 3}", 2))
            lines = wrap(f"{i + 1}. {ph['title']}", w - 10, 11)[:1]
            shapes.append(text(x + 5, y + 4, lines, 11, "dg-text dg-strong dg-on-phase"))
        head = say(words, "timeline.activity_owner", "Activity and owner")
        shapes.append(text(PAD, y + 4, [head], 11, "dg-text dg-muted"))
        y += 26
        for wk in range(1, total + 1):
            shapes.append(
                text(week_x(wk) + ww / 2, y, [str(wk)], 10, "dg-text dg-muted", anchor="middle")
            )
        shapes.append(text(PAD, y, [say(words, "timeline.week", "Week")], 10, "dg-text dg-muted"))
        y += 16
        if dates:
            for wk, day in enumerate(_week_days(dates, total, words), 1):
                shapes.append(
                    text(week_x(wk) + ww / 2, y - 3, [day], 9, "dg-text dg-muted", anchor="middle")
                )
            starts = say(words, "timeline.week_starts", "Week starts")
            shapes.append(text(PAD, y - 3, [starts], 10, "dg-text dg-muted"))
            y += 12
        rows_top = y
        for i, ph in enumerate(phases):
            for a in ph["activities"]:
                name = wrap(a["title"], label_w, size + 0.5)
                owner = wrap(roles.get(a["owner"], a["owner"]), label_w, size - 0.5)
                label = dated("activities", a["id"])
                when = wrap(label, label_w, size - 0.5) if label else []
                h = (
                    height(name, size + 0.5)
                    + height(owner, size - 0.5)
                    + height(when, size - 0.5)
                    + 8
                )
                shapes.append(line(PAD, y, WIDE - PAD, y, "dg-grid"))
                shapes.append(text(PAD, y + 3, name, size + 0.5, "dg-text"))
                shapes.append(
                    text(PAD, y + 3 + height(name, size + 0.5), owner, size - 0.5, "dg-muted")
                )
                if when:
                    below = y + 3 + height(name, size + 0.5) + height(owner, size - 0.5)
                    shapes.append(text(PAD, below, when, size - 0.5, "dg-text dg-date"))
                s, e = a["weeks"]["start"], a["weeks"]["end"]
                shapes.append(
                    rect(
                        week_x(s) + 1,
                        y + h / 2 - 7,
                        (e - s + 1) * ww - 3,
                        14,
                        f"dg-bar dg-phase-{i % 3}",
                        3,
                    )
                )
                y += h
        shapes.append(line(PAD, y, WIDE - PAD, y, "dg-grid"))
        for ph in phases:
            x = week_x(ph["weeks"]["end"] + 1) - 1
            shapes.append(line(x, rows_top - 2, x, y + 8, "dg-phase-end"))
            shapes.append(diamond(x, y + 8, 6))
        y += 20
        col_bottom = y
        for ph in phases:
            x = week_x(ph["weeks"]["start"])
            w = (ph["weeks"]["end"] - ph["weeks"]["start"] + 1) * ww - 8
            if ph is phases[0]:  # the first column may use the label column too
                x, w = PAD, week_x(ph["weeks"]["end"] + 1) - PAD - 8
            cy = y
            # The exit milestone says its own day (the phase's last); the phase's span below it
            # says it is the phase's, not the exit's.
            end_day = dated("phases", ph["id"], "end_label")
            exit_text = (
                say(words, "timeline.exit_dated", "Exit, end of week {week} ({day})",
                    week=ph["weeks"]["end"], day=end_day)
                if end_day
                else say(words, "timeline.exit", "Exit, end of week {week}", week=ph["weeks"]["end"])
            )  # fmt: skip
            shapes.append(text(x, cy, wrap(exit_text, w, 11.5), 11.5, "dg-text dg-strong"))
            cy += 18 * len(wrap(exit_text, w, 11.5))
            span = dated("phases", ph["id"])
            label = say(words, "timeline.phase_span", "Phase: {span}", span=span) if span else None
            if label:
                lines = wrap(label, w, 11)
                shapes.append(text(x, cy - 3, lines, 11, "dg-text dg-date"))
                cy += height(lines, 11) + 1
            for c in ph["exit_criteria"]:
                lines = wrap(f"◆ {c}", w, 11)
                shapes.append(text(x, cy, lines, 11, "dg-text"))
                cy += height(lines, 11) + 3
            col_bottom = max(col_bottom, cy)
        return layout(title, desc, WIDE, col_bottom + PAD, shapes)

    def narrow() -> dict:
        size = 12.5
        inner = NARROW - 2 * PAD
        ww = inner / total
        shapes: list = []
        y = PAD
        for i, ph in enumerate(phases):
            heading = f"{i + 1}. {ph['title']}, {weeks_text(ph['weeks'], words)}"
            head = wrap(heading, inner - 10, 12.5)
            label = dated("phases", ph["id"])
            when = wrap(label, inner - 10, 11.5) if label else []
            hh = height(head, 12.5) + height(when, 11.5) + 8
            shapes.append(rect(PAD, y, inner, hh, f"dg-phase dg-phase-{i % 3}", 2))
            shapes.append(text(PAD + 5, y + 3, head, 12.5, "dg-text dg-strong dg-on-phase"))
            if when:
                shapes.append(
                    text(PAD + 5, y + 3 + height(head, 12.5), when, 11.5, "dg-text dg-on-phase")
                )
            y += hh + 6
            if dates and not ph["activities"]:
                empty = say(
                    words, "timeline.no_activity", "No activity of this phase is in your plan."
                )
                none = wrap(empty, inner, size - 1)
                shapes.append(text(PAD, y, none, size - 1, "dg-muted"))
                y += height(none, size - 1) + 6
            for a in ph["activities"]:
                name = wrap(a["title"], inner, size)
                shapes.append(text(PAD, y, name, size, "dg-text dg-strong"))
                y += height(name, size)
                who = wrap(
                    f"{roles.get(a['owner'], a['owner'])}, {weeks_text(a['weeks'], words)}",
                    inner,
                    size - 1,
                )
                shapes.append(text(PAD, y, who, size - 1, "dg-muted"))
                label = dated("activities", a["id"])
                if label:
                    y += height(who, size - 1)
                    who = wrap(label, inner, size - 1)
                    shapes.append(text(PAD, y, who, size - 1, "dg-text dg-date"))
                y += height(who, size - 1) + 3
                shapes.append(rect(PAD, y, inner, 8, "dg-track", 2))
                s, e = a["weeks"]["start"], a["weeks"]["end"]
                shapes.append(
                    rect(PAD + (s - 1) * ww, y, (e - s + 1) * ww, 8, f"dg-bar dg-phase-{i % 3}", 2)
                )
                y += 16
            shapes.append(diamond(PAD + 6, y + 7, 6))
            shapes.append(
                text(
                    PAD + 18,
                    y,
                    [
                        say(
                            words,
                            "timeline.exit",
                            "Exit, end of week {week}",
                            week=ph["weeks"]["end"],
                        )
                    ],
                    size,
                    "dg-text dg-strong",
                )
            )
            y += 18
            for c in ph["exit_criteria"]:
                lines = wrap(c, inner - 18, size - 1)
                shapes.append(text(PAD + 18, y, lines, size - 1, "dg-text"))
                y += height(lines, size - 1) + 3
            y += 10
        return layout(title, desc, NARROW, y, shapes)

    return {"wide": wide(), "narrow": narrow()}
