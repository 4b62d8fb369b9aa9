"""The command line's ``roi`` with stage gates (``--maturity``) and several cases (a portfolio).

Kept out of ``_cli.py`` so that the command line's own module changes by an option and a call;
like it, never imported by the browser's engine.
"""

from __future__ import annotations

import argparse
from typing import Any

from . import _cli, _roi, _roi_report, _stage_gates, _use_cases
from ._errors import InputError
from ._words import ENGLISH, Words, localized


def _read_case(name: str) -> dict:
    try:
        data = _cli.read_data_file(name)
    except RecursionError:
        raise InputError(f"{name}: nested too deeply to be a case") from None
    return _cli._case_from(data, name)


def _evaluate(name: str, found: dict, args, rubrics: dict[str, Any], maturity: Any) -> dict:
    seed = args.seed if args.seed is not None else found["seed"]
    try:
        if maturity is None:
            return _roi.evaluate_case(found["case"], runs=args.runs, seed=seed)
        return _stage_gates.evaluate_with_maturity(
            found["case"],
            rubrics["kpis"],
            rubrics["maturity"],
            maturity,
            runs=args.runs,
            seed=seed,
        )
    except InputError as err:
        if err.field == "maturity":
            raise _cli._in_file(args.maturity, err) from None
        raise _cli._roi_problems(err, name, _cli._words_of(args)) from None


def run(args: argparse.Namespace) -> int:
    """``roi CASE... [--maturity FILE] [--budget AMOUNT]``; one case without either as before."""
    rubrics = _cli._rubrics(args.rubrics, _cli._language(args))
    w = _cli._words(args, rubrics)
    maturity = None if args.maturity is None else _cli.read_data_file(args.maturity)
    if args.budget is not None and len(args.case) == 1:
        raise InputError("--budget ranks several cases: give two case files or more")
    results = [
        (name, _evaluate(name, _read_case(name), args, rubrics, maturity)) for name in args.case
    ]
    if len(results) == 1:
        result = results[0][1]
        text = (
            _roi_report.format_roi_text(result, w).rstrip("\n") + "\n\n" + format_gates(result, w)
        )
        _cli._emit(localized(result, w), args.format, text.rstrip("\n"))
        return 0
    # The use-case portfolio page's engine: the same names and the same ranking.
    cases = _use_cases.name_cases([{"file": name, "result": result} for name, result in results])
    out = _stage_gates.portfolio(cases, args.budget)
    for row, entry in zip(out["cases"], cases, strict=True):
        row["file"] = entry["file"]
    _cli._emit(localized(out, w), args.format, format_portfolio(out, w))
    return 0


def _money(value: float | None, w: Words = ENGLISH) -> str:
    return w("cli.roi.not_available", "n/a") if value is None else w.number(value)


def _change(value: float, w: Words = ENGLISH) -> str:
    """A change of expected NPV with its sign (``+1,234``)."""
    return ("+" if value >= 0 else "-") + w.number(abs(value))


def format_gates(result: dict, w: Words = ENGLISH) -> str:
    """The stage gates as text: each gate, the chance of success, expected NPV and losses, in
    the language of ``w``."""
    gates = result.get("stage_gates")
    if not gates:
        return ""
    lines = [w("cli.gates.title", "Stage gates:")]
    for g in gates["gates"]:
        basis = (
            w("cli.gates.judgment", "judgment")
            if g["judgment"]
            else (g["source"] or w("cli.gates.given", "given"))
        )
        level = f", L{g['level']} {g['dimension']}" if g.get("level") else ""
        years = (
            w("cli.gates.years", " over {years} years", years=w.plain(g["years"]))
            if g.get("years")
            else ""
        )
        title = w.said(g["title_said"]) if w.table and g.get("title_said") else g["title"]
        lines.append(
            w(
                "cli.gates.gate",
                "  {title}: {probability}{years}{level} ({basis}); loses {lost} of expected NPV",
                title=title,
                probability=w.percent(g["probability"], 0),
                years=years,
                level=level,
                basis=basis,
                lost=_money(g["value_lost"], w),
            )
        )
    lines.append(
        w(
            "cli.gates.success",
            "  Chance of success: {chance}",
            chance=w.percent(gates["p_success"]),
        )
    )
    lines.append(
        w(
            "cli.gates.expected",
            "  Expected NPV: {expected} (NPV without the gates: {npv})",
            expected=_money(gates["expected_npv"], w),
            npv=_money(gates["npv"], w),
        )
    )
    worth = gates.get("maturity_worth")
    for x in (worth or {}).get("weakest", []):
        lines.append(
            w(
                "cli.gates.if_raised",
                "  If {title} rose from L{from_level} to L{to_level}: expected NPV {expected} "
                "({change})",
                title=x["title"],
                from_level=x["from_level"],
                to_level=x["to_level"],
                expected=_money(x["expected_npv"], w),
                change=_change(x["change"], w),
            )
        )
    for a in (worth or {}).get("actions", []):
        lines.append(
            w(
                "cli.gates.action",
                "  Next action '{text}': expected NPV {change}",
                text=w.said(a["text_said"]) if w.table and a.get("text_said") else a["text"],
                change=_change(a["change"], w),
            )
        )
    if w.table and "notes_said" in gates:
        notes = gates["notes_said"] + (worth or {}).get("notes_said", [])
    else:
        notes = gates["notes"] + (worth or {}).get("notes", [])
    lines += [w("cli.gates.note", "  Note: {note}", note=w.said(n)) for n in notes]
    return "\n".join(lines)


def format_portfolio(out: dict, w: Words = ENGLISH) -> str:
    """Several cases ranked and funded, as text in the language of ``w``."""
    width = max(len(row["name"]) for row in out["cases"])
    columns = (
        w("cli.portfolio.col.expected", "expected NPV"),
        w("cli.portfolio.col.success", "success"),
        w("cli.portfolio.col.payback", "payback"),
        w("cli.portfolio.col.investment", "investment"),
    )
    lines = [
        f"{w('cli.portfolio.col.case', 'case'):<{width}} {columns[0]:>14} {columns[1]:>8}"
        f" {columns[2]:>9} {columns[3]:>12}"
    ]
    for row in out["cases"]:
        payback = (
            w("cli.roi.not_available", "n/a")
            if row["payback_months"] is None
            else w(
                "cli.portfolio.months",
                "{months} mo",
                months=w.number(row["payback_months"], 1, group=False),
            )
        )
        lines.append(
            f"{row['name']:<{width}} {_money(row['expected_npv'], w):>14}"
            f" {w.percent(row['p_success']):>8} {payback:>9} {_money(row['investment'], w):>12}"
        )
    order = ", ".join(out["order"]) or w(
        "cli.portfolio.none_positive", "none has a positive expected NPV"
    )
    lines += ["", w("cli.portfolio.order", "Funding order: {order}", order=order)]
    if out["funded"] is not None:
        lines.append(
            w(
                "cli.portfolio.funded",
                "Funded within {budget}: {funded} ({left} left)",
                budget=_money(out["budget"], w),
                funded=", ".join(out["funded"]) or w("cli.portfolio.none", "none"),
                left=_money(out["budget_left"], w),
            )
        )
    rule = w("use_cases.funding_rule", out["rule"])  # the use-case page's words of the rule
    lines.append(w("cli.portfolio.rule", "Rule: {rule}", rule=rule))
    return "\n".join(lines)
