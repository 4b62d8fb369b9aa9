"""The use-case portfolio page: several ROI cases side by side, the value-versus-feasibility
chart and the order to fund them under a budget.

The ranking is ``_stage_gates.portfolio``, the same engine as the command line's
``roi a.json b.json --budget N``; this module reads the page's files (ROI page exports or bare
cases), lays out the chart as shapes the page writes as SVG, and writes the CSV. Feasibility is
the probability of success from the case's own stage gates; a case without gates is taken as
sure to succeed, and the page says so beside it.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Mapping, Sequence
from typing import Any

from . import _roi, _roi_input, _stage_gates
from ._errors import InputError, message
from ._numbers import parse_number, typed_format

__all__ = ["chart", "name_cases", "use_cases", "use_cases_csv"]

MAX_CASES = 50
WIDTH, HEIGHT = 640, 380
LEFT, RIGHT, TOP, BOTTOM = 78, 30, 26, 58


def name_cases(entries: Sequence[Mapping]) -> list[dict]:
    """``{"name", "file", "result"}`` each, two cases of the same name told apart by their files.

    >>> [c["name"] for c in name_cases([{"file": "a.json", "result": {"name": "X"}},
    ...                                  {"file": "b.json", "result": {"name": "X"}}])]
    ['X (a.json)', 'X (b.json)']
    """
    names = [e["result"].get("name") or e["file"] for e in entries]
    return [
        {
            "name": shown if names.count(shown) == 1 else f"{shown} ({e['file']})",
            "file": e["file"],
            "result": e["result"],
        }
        for shown, e in zip(names, entries, strict=True)
    ]


def use_cases(files: Any, budget: float | str | None = None, *, budget_label: str = "") -> dict:
    """The portfolio of ``files`` (``[{"name": file name, "data": its JSON}]``): the rows and
    funding order of ``_stage_gates.portfolio``, each row with its currency and where its gates
    come from; ``refused``, the files that are not a valid case, each with the reason; ``chart``,
    the value-versus-feasibility drawing; ``notes``.

    A ``budget`` typed on the page is a string in the page's number format (``typed_numbers``;
    "1.500.000,5" on a German page), named by ``budget_label`` (the page's label) when it is not
    a number; a blank one is no budget.
    """
    if isinstance(budget, str):
        budget = _typed_budget(budget, budget_label or "Budget to fund")
    if not isinstance(files, list) or not all(
        isinstance(f, Mapping) and isinstance(f.get("name"), str) for f in files
    ):
        raise InputError("the cases must be a list of {name, data} objects", field="files")
    if len(files) > MAX_CASES:
        raise InputError(
            f"at most {MAX_CASES} cases at once (got {len(files)})", field="files", label="Cases"
        )
    entries, refused = [], []
    for f in files:
        try:
            found = _roi_input.read_export(f.get("data"))
            result = _roi.evaluate_case(found["case"])
        except InputError as err:
            # reason_said: the same with the id of its words, each bad field's too, for a page
            # in another language (a field's message without an id stays English there).
            said = {"message": str(err), "message_id": err.message_id, "values": err.values}
            refused.append(
                {
                    "name": f["name"],
                    "reason": str(err),
                    "reason_said": {**said, "errors": err.errors},
                }
            )
            continue
        entries.append({"file": f["name"], "result": result})
    cases = name_cases(entries)
    out = _stage_gates.portfolio(cases, budget)
    currencies = sorted({str(c["result"].get("currency") or "") for c in cases})
    notes = []  # each note in English, and (notes_said) with its message id and values
    if len(currencies) > 1:
        named = ", ".join(c or "none given" for c in currencies)
        notes.append(
            message(
                "use_cases.note.currencies",
                f"The cases are in different currencies ({named}): their figures are compared"
                " as if they were one. Convert them to one currency first.",
                currencies=named,
            )
        )
    ungated = [c["name"] for c in cases if "stage_gates" not in c["result"]]
    if ungated:
        notes.append(
            message(
                "use_cases.note.ungated",
                "Without stage gates, a case counts as sure to reach production and stay there"
                f" (probability of success 100 %): {', '.join(ungated)}. Give it the odds from"
                " your maturity on the ROI page, then export it again.",
                cases=", ".join(ungated),
            )
        )
    for row, entry in zip(out["cases"], cases, strict=True):
        gates = entry["result"].get("stage_gates") or {}
        source = gates.get("source") or {}
        assessment = source.get("assessment") or {}
        row["file"] = entry["file"]
        row["currency"] = entry["result"].get("currency")
        row["gates_from"] = source.get("label") or ("given" if gates else None)
        row["gates_from_said"] = (
            message(_GATES_FROM_IDS[source["from"]], source["label"])
            if source.get("from") in _GATES_FROM_IDS and source.get("label")
            else None
        )
        row["assessment_date"] = assessment.get("date")
        row["assessment_team"] = assessment.get("team")
        row["funded_now"] = out["funded"] is not None and row["name"] in out["funded"]
        row["rank"] = out["order"].index(row["name"]) + 1 if row["name"] in out["order"] else None
    out["currency"] = currencies[0] or None if len(currencies) == 1 else None
    out["refused"] = refused
    out["notes"] = [n["message"] for n in notes]
    out["notes_said"] = notes
    out["rule_said"] = message("use_cases.funding_rule", out["rule"])
    out["chart"] = chart(out)
    return out


def _typed_budget(text: str, label: str) -> float | None:
    """The budget the reader typed, read in the page's number format; None when blank.

    >>> from calculators._numbers import typed_numbers
    >>> with typed_numbers({"decimal": ",", "group": "."}):
    ...     _typed_budget("1.500.000,5", "Budget")
    1500000.5
    """
    if not text.strip():
        return None
    fmt = typed_format()
    if fmt is None:  # not typed on a page: a string is not a number
        raise InputError(
            f"{label}: {text!r} is not a number",
            field="budget",
            label=label,
            message_id="error.number.not_a_number",
            values={"label": label, "text": text},
        )
    return parse_number(text, fmt, label=label, field="budget")


# -- the chart --------------------------------------------------------------------------------


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Round tick values covering ``lo``..``hi`` (1, 2 or 5 times a power of ten apart).

    >>> nice_ticks(-120, 480)
    [-200.0, 0.0, 200.0, 400.0, 600.0]
    """
    if hi <= lo:
        hi = lo + 1.0
    raw = (hi - lo) / max(1, count - 1)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw)
    first = math.floor(lo / step) * step
    ticks, value = [], first
    while value < hi + step * 0.999:
        ticks.append(round(value, 10) + 0.0)
        value += step
    return ticks


def short_amount(value: float) -> str:
    """An axis label: 1.2M, -350k, 0.

    >>> short_amount(1_250_000), short_amount(-350_000), short_amount(0)
    ('1.25M', '-350k', '0')
    """
    for size, suffix in ((1e9, "bn"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= size:
            return f"{value / size:.3g}{suffix}"
    return f"{value:.3g}" if value else "0"


# The words of each size suffix of short_amount, by suffix (rubrics/strings.yaml).
_AMOUNT_IDS = {
    "bn": "use_cases.chart.amount_bn",
    "M": "use_cases.chart.amount_m",
    "k": "use_cases.chart.amount_k",
    "": "use_cases.chart.amount",
}
# Where a case's stage gates come from (its stage_gates.from), by the id of its words.
_GATES_FROM_IDS = {
    "typed": "use_cases.odds.typed",
    "assessment": "use_cases.odds.assessment",
    "assessment_export": "use_cases.odds.assessment_export",
}


def short_amount_said(value: float) -> dict:
    """``short_amount`` as a message: its number (``value``, for the page's locale to write)
    and the id of its size's words (``k``, ``M``, ``bn``: "Tsd.", "Mio.", "Mrd." in German).

    >>> m = short_amount_said(-350_000)
    >>> m["message"], m["message_id"], m["values"]
    ('-350k', 'use_cases.chart.amount_k', {'value': -350.0})
    """
    text = short_amount(value)
    for size, suffix in ((1e9, "bn"), (1e6, "M"), (1e3, "k")):
        if abs(value) >= size:
            return message(_AMOUNT_IDS[suffix], text, value=float(f"{value / size:.3g}"))
    return message(_AMOUNT_IDS[""], text, value=float(f"{value:.3g}") if value else 0)


def percent_said(share: float) -> dict:
    """A share as a whole percentage (``72%``), its number for the page's locale to write."""
    return message("use_cases.chart.percent", f"{share:.0%}", percent=round(share * 100))


def chart(out: Mapping) -> dict:
    """The value-versus-feasibility drawing: one dot per case at (probability of success,
    expected NPV), its area following its investment, numbered by its row in the table; funded
    cases filled, the others open. Shapes (``rect``, ``line``, ``circle``, ``text``) in a
    ``width`` x ``height`` box, with a title and a description; the table is its text."""
    rows = out["cases"]
    currency = out.get("currency")
    values = [r["expected_npv"] for r in rows] or [0.0]
    ticks = nice_ticks(min(0.0, *values), max(0.0, *values))
    lo, hi = ticks[0], ticks[-1]
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x_of(p: float) -> float:
        return round(LEFT + p * plot_w, 1)

    def y_of(v: float) -> float:
        return round(TOP + (hi - v) / (hi - lo) * plot_h, 1)

    shapes: list[dict] = [
        {"kind": "rect", "cls": "pb-uc-plot", "x": LEFT, "y": TOP, "w": plot_w, "h": plot_h}
    ]
    for t in ticks:
        shapes.append(
            _line("pb-uc-zero" if t == 0 else "pb-uc-grid", LEFT, y_of(t), LEFT + plot_w, y_of(t))
        )
        shapes.append(_text(LEFT - 6, y_of(t) + 4, short_amount_said(t), anchor="end"))
    for p in (0.0, 0.25, 0.5, 0.75, 1.0):
        shapes.append(_line("pb-uc-grid", x_of(p), TOP, x_of(p), TOP + plot_h))
        shapes.append(_text(x_of(p), TOP + plot_h + 16, percent_said(p)))
    axis = message(
        "use_cases.chart.axis_x", "Probability of success (feasibility, from the stage gates)"
    )
    shapes.append(_text(LEFT + plot_w / 2, HEIGHT - 12, axis, cls="pb-uc-axis"))
    title = (
        message("use_cases.chart.axis_y_currency", f"Expected NPV ({currency})", currency=currency)
        if currency
        else message("use_cases.chart.axis_y", "Expected NPV")
    )
    shapes.append(_text(14, TOP + plot_h / 2, title, cls="pb-uc-axis", rotate=-90))
    biggest = max((r["investment"] for r in rows), default=0.0) or 1.0
    for number, row in enumerate(rows, start=1):
        r = round(6 + 14 * math.sqrt(max(row["investment"], 0.0) / biggest), 1)
        kind = "funded" if row.get("funded_now") else "ranked"
        if row["expected_npv"] <= 0:
            kind = "negative"
        cx, cy = x_of(row["p_success"]), y_of(row["expected_npv"])
        cls = f"pb-uc-dot pb-uc-dot--{kind}"
        label = f"{number}. {row['name']}"
        shapes.append({"kind": "circle", "cls": cls, "cx": cx, "cy": cy, "r": r, "label": label})
        shapes.append(_text(cx, cy + 4, str(number), cls="pb-uc-label"))
    described = "; ".join(
        f"{n}. {r['name']}: probability of success {r['p_success']:.0%}, expected NPV"
        f" {short_amount(r['expected_npv'])}"
        for n, r in enumerate(rows, start=1)
    )
    title = message("use_cases.chart.svg_title", "Value versus feasibility of each use case")
    desc = (
        "Each case is a numbered dot: across, its probability of success; up, its expected"
        " NPV; its size, its investment; filled when funded within the budget. "
        + (described or "No case yet.")
        + " The table gives the same figures."
    )
    dots = [
        message(
            "use_cases.chart.dot",
            f"{n}. {r['name']}: probability of success {r['p_success']:.0%}, expected NPV"
            f" {short_amount(r['expected_npv'])}",
            number=n,
            name=r["name"],
            p_success=f"{r['p_success']:.0%}",
            npv=short_amount(r["expected_npv"]),
            success=percent_said(r["p_success"]),
            expected=short_amount_said(r["expected_npv"]),
        )
        for n, r in enumerate(rows, start=1)
    ]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "title": title["message"],
        "title_said": title,
        "desc": desc,
        # The description in the form a translation needs: its dots, each a message.
        "desc_said": message("use_cases.chart.svg_desc", desc, dots=dots),
        "shapes": shapes,
    }


def _line(cls: str, x1: float, y1: float, x2: float, y2: float) -> dict:
    return {"kind": "line", "cls": cls, "x1": x1, "y1": y1, "x2": x2, "y2": y2}


def _text(x: float, y: float, text: str | dict, *, cls: str = "pb-uc-tick",
          anchor: str = "middle", rotate: float | None = None) -> dict:  # fmt: skip
    """A text shape; ``text`` a plain string, or a message (its English is the shape's text and
    its id and values go with it, for a page in another language)."""
    said = {} if isinstance(text, str) else {"message_id": text["message_id"],
                                              "values": text["values"]}  # fmt: skip
    words = text if isinstance(text, str) else text["message"]
    return {"kind": "text", "cls": cls, "x": x, "y": y, "anchor": anchor, "text": words,
            "rotate": rotate, **said}  # fmt: skip


# -- the CSV ----------------------------------------------------------------------------------

_CSV_COLUMNS = (
    ("rank", "Funding order"),
    ("name", "Use case"),
    ("file", "File"),
    ("expected_npv", "Expected NPV"),
    ("npv", "NPV without the gates"),
    ("p_success", "Probability of success"),
    ("payback_months", "Payback (months)"),
    ("investment", "Investment (PV of costs)"),
    ("value_per_investment", "Expected NPV per unit invested"),
    ("funded_now", "Funded within the budget"),
    ("gates_from", "Stage gates from"),
    ("assessment_date", "Assessment date"),
    ("currency", "Currency"),
)


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


def use_cases_csv(result: Mapping) -> str:
    """The portfolio's rows as CSV, a case a line, in the table's order.

    >>> print(use_cases_csv({"cases": [{"name": "A", "expected_npv": 1.5}]}).splitlines()[1])
    ,A,,1.5,,,,,,,,,
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([label for _, label in _CSV_COLUMNS])
    for row in result.get("cases", []):
        writer.writerow([_cell(row.get(k)) for k, _ in _CSV_COLUMNS])
    return buffer.getvalue()
