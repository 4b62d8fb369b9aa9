"""The command line's ``roi`` with stage gates (``--maturity``) and several cases (a portfolio).

Kept out of ``_cli.py`` so that the command line's own module changes by an option and a call;
like it, never imported by the browser's engine.
"""

from __future__ import annotations

import argparse
from typing import Any

from . import _cli, _roi, _roi_report, _stage_gates, _use_cases
from ._errors import InputError


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
            raise InputError(f"{args.maturity}: {err}", field=err.field) from None
        raise _cli._roi_problems(err, name) from None


def run(args: argparse.Namespace) -> int:
    """``roi CASE... [--maturity FILE] [--budget AMOUNT]``; one case without either as before."""
    rubrics = _cli._rubrics(args.rubrics)
    maturity = None if args.maturity is None else _cli.read_data_file(args.maturity)
    if args.budget is not None and len(args.case) == 1:
        raise InputError("--budget ranks several cases: give two case files or more")
    results = [
        (name, _evaluate(name, _read_case(name), args, rubrics, maturity)) for name in args.case
    ]
    if len(results) == 1:
        result = results[0][1]
        text = _roi_report.format_roi_text(result).rstrip("\n") + "\n\n" + format_gates(result)
        _cli._emit(result, args.format, text.rstrip("\n"))
        return 0
    # The use-case portfolio page's engine: the same names and the same ranking.
    cases = _use_cases.name_cases([{"file": name, "result": result} for name, result in results])
    out = _stage_gates.portfolio(cases, args.budget)
    for row, entry in zip(out["cases"], cases, strict=True):
        row["file"] = entry["file"]
    _cli._emit(out, args.format, format_portfolio(out))
    return 0


def _money(value: float | None) -> str:
    return "n/a" if value is None else f"{value:,.0f}"


def format_gates(result: dict) -> str:
    """The stage gates as text: each gate, the chance of success, expected NPV and losses."""
    gates = result.get("stage_gates")
    if not gates:
        return ""
    lines = ["Stage gates:"]
    for g in gates["gates"]:
        basis = "judgment" if g["judgment"] else (g["source"] or "given")
        level = f", L{g['level']} {g['dimension']}" if g.get("level") else ""
        years = f" over {g['years']:g} years" if g.get("years") else ""
        lines.append(
            f"  {g['title']}: {g['probability']:.0%}{years}{level} ({basis});"
            f" loses {_money(g['value_lost'])} of expected NPV"
        )
    lines.append(f"  Chance of success: {gates['p_success']:.1%}")
    lines.append(
        f"  Expected NPV: {_money(gates['expected_npv'])} (NPV without the gates:"
        f" {_money(gates['npv'])})"
    )
    worth = gates.get("maturity_worth")
    for w in (worth or {}).get("weakest", []):
        lines.append(
            f"  If {w['title']} rose from L{w['from_level']} to L{w['to_level']}: expected NPV"
            f" {_money(w['expected_npv'])} ({w['change']:+,.0f})"
        )
    for a in (worth or {}).get("actions", []):
        lines.append(f"  Next action '{a['text']}': expected NPV {a['change']:+,.0f}")
    lines += [f"  Note: {n}" for n in gates["notes"] + (worth or {}).get("notes", [])]
    return "\n".join(lines)


def format_portfolio(out: dict) -> str:
    width = max(len(row["name"]) for row in out["cases"])
    lines = [
        f"{'case':<{width}} {'expected NPV':>14} {'success':>8} {'payback':>9} {'investment':>12}"
    ]
    for row in out["cases"]:
        payback = "n/a" if row["payback_months"] is None else f"{row['payback_months']:.1f} mo"
        lines.append(
            f"{row['name']:<{width}} {_money(row['expected_npv']):>14} {row['p_success']:>8.1%}"
            f" {payback:>9} {_money(row['investment']):>12}"
        )
    lines += [
        "",
        "Funding order: " + (", ".join(out["order"]) or "none has a positive expected NPV"),
    ]
    if out["funded"] is not None:
        lines.append(
            f"Funded within {_money(out['budget'])}: {', '.join(out['funded']) or 'none'}"
            f" ({_money(out['budget_left'])} left)"
        )
    lines.append(f"Rule: {out['rule']}")
    return "\n".join(lines)
