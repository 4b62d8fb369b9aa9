"""The reports of an ROI result (:func:`calculators._roi.evaluate_case`): the yearly table as
CSV and a plain-text report for the command line. They read the result only."""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["format_roi_text", "years_csv"]


def years_csv(result: dict) -> str:
    """The yearly table of :func:`evaluate_case`'s result as CSV, for spreadsheets.

    Money in the case's currency, rounded to cents; adoption as a fraction (0.5 is 50 %).

    >>> from calculators._roi import evaluate_case
    >>> case = {
    ...     "discount_rate": 0.1, "horizon_years": 1,
    ...     "adoption": {"curve": "linear", "target": 1.0, "by_year": 0},
    ...     "costs": [{"id": "build", "category": "build", "amount": 100,
    ...                "timing": "one_time", "year": 0}],
    ...     "benefits": [{"id": "claims", "category": "cost", "volume": 1000,
    ...                   "reduction": 0.5, "unit_cost": 0.3}],
    ... }
    >>> print(years_csv(evaluate_case(case)), end="")
    year,period,costs,benefits,net,cumulative,discounted_cumulative,adoption
    0,Initial,100.00,0.00,-100.00,-100.00,-100.00,0.0000
    1,Year 1,0.00,150.00,150.00,50.00,36.36,1.0000
    """
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    money = ("costs", "benefits", "net", "cumulative", "discounted_cumulative")
    writer.writerow(["year", "period", *money, "adoption"])
    for row in result["years"]:
        writer.writerow(
            [
                row["year"],
                row["period"],
                *(f"{row[k]:.2f}" for k in money),
                f"{row['adoption']:.4f}",
            ]
        )
    return out.getvalue()


def format_roi_text(result: dict) -> str:
    """A plain-text report of :func:`evaluate_case`'s result for the command line."""
    money = _money_formatter(result.get("currency") or "")
    sections = [
        _text_headline(result, money),
        _text_years(result, money),
        _text_scenarios(result, money),
        _text_sensitivity(result, money),
        _text_simulation(result.get("simulation"), money),
        "\n".join(f"Note: {note}" for note in result.get("notes", [])),
    ]
    return "\n\n".join(s for s in sections if s) + "\n"


def _money_formatter(currency: str) -> Callable[[float | None], str]:
    def money(value: float | None) -> str:
        if value is None:
            return "n/a"
        return f"{value:,.0f} {currency}".rstrip()

    return money


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"


def _months(value: float | None) -> str:
    return "beyond the horizon" if value is None else f"{value:.1f} months"


def _text_headline(r: dict, money: Callable) -> str:
    irr = _pct(r["irr"]) + (" (ambiguous: several rates)" if r["irr_ambiguous"] else "")
    rows = [
        ("NPV (risk-adjusted)", money(r["npv"])),
        ("NPV before risk adjustment", money(r["npv_unadjusted"])),
        ("ROI (NPV / PV of costs)", _pct(r["roi"])),
        ("IRR", irr),
        ("MIRR", _pct(r["mirr"])),
        ("Payback", _months(r["payback_months"])),
        ("Discounted payback", _months(r["discounted_payback_months"])),
        ("PV of benefits", money(r["pv_benefits"])),
        ("PV of costs", money(r["pv_costs"])),
        (
            "Break-even adoption",
            _pct(r["break_even_adoption"])
            if r["break_even_adoption"] is not None
            else "not reached",
        ),
        ("Cost of one month's delay", money(r["cost_of_one_month_delay"])),
        ("Flexibility value (not in NPV)", money(r["flexibility_value"])),
    ]
    title = f"ROI of {r['name']}" if r.get("name") else "ROI of the AI use case"
    width = max(len(label) for label, _ in rows)
    return "\n".join(
        [title, "=" * len(title), *(f"{label:<{width}}  {value}" for label, value in rows)]
    )


def _text_years(r: dict, money: Callable) -> str:
    header = f"{'Year':>4}  {'Costs':>14}  {'Benefits':>14}  {'Net':>14}  {'Cumulative':>14}  {'Adoption':>8}"
    lines = ["Cash flows by year", header]
    for row in r["years"]:
        lines.append(
            f"{'Init' if row['year'] == 0 else row['year']:>4}  {money(row['costs']):>14}  {money(row['benefits']):>14}"
            f"  {money(row['net']):>14}  {money(row['cumulative']):>14}  {_pct(row['adoption']):>8}"
        )
    return "\n".join(lines)


def _text_scenarios(r: dict, money: Callable) -> str:
    lines = ["Scenarios", f"{'':<5}  {'NPV':>14}  {'ROI':>8}  {'IRR':>8}  Payback"]
    for key in ("low", "base", "high"):
        s = r["scenarios"][key]
        lines.append(
            f"{key:<5}  {money(s['npv']):>14}  {_pct(s['roi']):>8}  {_pct(s['irr']):>8}  {_months(s['payback_months'])}"
        )
    return "\n".join(lines)


def _text_sensitivity(r: dict, money: Callable, top: int = 5) -> str:
    s = r["sensitivity"]
    lines = [f"Top drivers (each moved by +/-{s['range']:.0%}, NPV at low / at high)"]
    for row in s["drivers"][:top]:
        lines.append(f"  {row['label']}: {money(row['npv_at_low'])} / {money(row['npv_at_high'])}")
    return "\n".join(lines)


def _text_simulation(sim: dict | None, money: Callable) -> str:
    if not sim:
        return ""
    return "\n".join(
        [
            f"Monte Carlo ({sim['runs']:,} runs, seed {sim['seed']})",
            f"  NPV P10 / P50 / P90: {money(sim['p10'])} / {money(sim['p50'])} / {money(sim['p90'])}",
            f"  Mean NPV: {money(sim['mean'])}",
            f"  Chance NPV > 0: {_pct(sim['prob_npv_positive'])}",
            f"  Chance payback is beyond the horizon: {_pct(sim['prob_payback_beyond_horizon'])}",
        ]
    )
