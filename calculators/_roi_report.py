"""The reports of an ROI result (:func:`calculators._roi.evaluate_case`): the yearly table as
CSV and a plain-text report for the command line. They read the result only."""

from __future__ import annotations

from collections.abc import Callable

from ._words import ENGLISH, Words

__all__ = ["format_roi_text", "years_csv"]


def years_csv(result: dict, w: Words = ENGLISH) -> str:
    """The yearly table of :func:`evaluate_case`'s result as CSV, for spreadsheets.

    Money in the case's currency, rounded to cents; adoption as a fraction (0.5 is 50 %). The
    column headers and the numbers are machine keys and stay as they are in every language;
    only the ``period`` words are the reader's (in the language of ``w``).

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
    >>> de = Words({"roi.period.initial": "Anfang", "roi.period.year": "Jahr {year}"}, "de")
    >>> print(years_csv(evaluate_case(case), de).splitlines()[2])
    1,Jahr 1,0.00,150.00,150.00,50.00,36.36,1.0000
    """
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    money = ("costs", "benefits", "net", "cumulative", "discounted_cumulative")
    # The header row: machine keys for spreadsheets and scripts, English in every language.
    writer.writerow(["year", "period", *money, "adoption"])
    for row in result["years"]:
        writer.writerow(
            [
                row["year"],
                w.said(row["period_said"]) if w.table and row.get("period_said") else row["period"],
                *(f"{row[k]:.2f}" for k in money),
                f"{row['adoption']:.4f}",
            ]
        )
    return out.getvalue()


def format_roi_text(result: dict, w: Words = ENGLISH) -> str:
    """A plain-text report of :func:`evaluate_case`'s result for the command line, in the
    language of ``w`` (numbers with its separators)."""
    money = _money_formatter(result.get("currency") or "", w)
    notes = (w.table and result.get("notes_said")) or result.get("notes", [])
    sections = [
        _text_headline(result, money, w),
        _text_years(result, money, w),
        _text_scenarios(result, money, w),
        _text_sensitivity(result, money, w),
        _text_simulation(result.get("simulation"), money, w),
        "\n".join(w("cli.roi.note", "Note: {note}", note=w.said(note)) for note in notes),
    ]
    return "\n\n".join(s for s in sections if s) + "\n"


def _money_formatter(currency: str, w: Words = ENGLISH) -> Callable[[float | None], str]:
    def money(value: float | None) -> str:
        if value is None:
            return w("cli.roi.not_available", "n/a")
        return f"{w.number(value)} {currency}".rstrip()

    return money


def _pct(value: float | None, w: Words = ENGLISH) -> str:
    return w("cli.roi.not_available", "n/a") if value is None else w.percent(value)


def _months(value: float | None, w: Words = ENGLISH) -> str:
    if value is None:
        return w("cli.roi.beyond_horizon", "beyond the horizon")
    return w("cli.roi.months", "{months} months", months=w.number(value, 1, group=False))


def _text_headline(r: dict, money: Callable, w: Words) -> str:
    irr = _pct(r["irr"], w) + (
        w("cli.roi.irr_ambiguous", " (ambiguous: several rates)") if r["irr_ambiguous"] else ""
    )
    rows = [
        (w("cli.roi.npv", "NPV (risk-adjusted)"), money(r["npv"])),
        (w("cli.roi.npv_unadjusted", "NPV before risk adjustment"), money(r["npv_unadjusted"])),
        (w("cli.roi.roi", "ROI (NPV / PV of costs)"), _pct(r["roi"], w)),
        (w("cli.roi.irr", "IRR"), irr),
        (w("cli.roi.mirr", "MIRR"), _pct(r["mirr"], w)),
        (w("cli.roi.payback", "Payback"), _months(r["payback_months"], w)),
        (
            w("cli.roi.discounted_payback", "Discounted payback"),
            _months(r["discounted_payback_months"], w),
        ),
        (w("cli.roi.pv_benefits", "PV of benefits"), money(r["pv_benefits"])),
        (w("cli.roi.pv_costs", "PV of costs"), money(r["pv_costs"])),
        (
            w("cli.roi.break_even", "Break-even adoption"),
            _pct(r["break_even_adoption"], w)
            if r["break_even_adoption"] is not None
            else w("cli.roi.not_reached", "not reached"),
        ),
        (w("cli.roi.delay", "Cost of one month's delay"), money(r["cost_of_one_month_delay"])),
        (w("cli.roi.flexibility", "Flexibility value (not in NPV)"), money(r["flexibility_value"])),
    ]
    title = (
        w("cli.roi.title_named", "ROI of {name}", name=r["name"])
        if r.get("name")
        else w("cli.roi.title", "ROI of the AI use case")
    )
    width = max(len(label) for label, _ in rows)
    return "\n".join(
        [title, "=" * len(title), *(f"{label:<{width}}  {value}" for label, value in rows)]
    )


def _text_years(r: dict, money: Callable, w: Words) -> str:
    year, initial = w("cli.roi.col.year", "Year"), w("cli.roi.col.initial", "Init")
    columns = (
        w("cli.roi.col.costs", "Costs"),
        w("cli.roi.col.benefits", "Benefits"),
        w("cli.roi.col.net", "Net"),
        w("cli.roi.col.cumulative", "Cumulative"),
    )
    adoption = w("cli.roi.col.adoption", "Adoption")
    first = max(4, len(year), len(initial))
    header = f"{year:>{first}}  " + "  ".join(f"{c:>14}" for c in columns) + f"  {adoption:>8}"
    lines = [w("cli.roi.years", "Cash flows by year"), header]
    for row in r["years"]:
        lines.append(
            f"{initial if row['year'] == 0 else row['year']:>{first}}  {money(row['costs']):>14}  {money(row['benefits']):>14}"
            f"  {money(row['net']):>14}  {money(row['cumulative']):>14}  {_pct(row['adoption'], w):>8}"
        )
    return "\n".join(lines)


def _text_scenarios(r: dict, money: Callable, w: Words) -> str:
    names = {
        "low": w("cli.roi.scenario.low", "low"),
        "base": w("cli.roi.scenario.base", "base"),
        "high": w("cli.roi.scenario.high", "high"),
    }
    first = max(5, *(len(n) for n in names.values()))
    payback = w("cli.roi.payback", "Payback")
    lines = [
        w("cli.roi.scenarios", "Scenarios"),
        f"{'':<{first}}  {w('cli.roi.col.npv', 'NPV'):>14}  {w('cli.roi.col.roi', 'ROI'):>8}"
        f"  {w('cli.roi.irr', 'IRR'):>8}  {payback}",
    ]
    for key in ("low", "base", "high"):
        s = r["scenarios"][key]
        lines.append(
            f"{names[key]:<{first}}  {money(s['npv']):>14}  {_pct(s['roi'], w):>8}  {_pct(s['irr'], w):>8}  {_months(s['payback_months'], w)}"
        )
    return "\n".join(lines)


def _text_sensitivity(r: dict, money: Callable, w: Words, top: int = 5) -> str:
    s = r["sensitivity"]
    lines = [
        w(
            "cli.roi.drivers",
            "Top drivers (each moved by +/-{range}, NPV at low / at high)",
            range=w.percent(s["range"], 0),
        )
    ]
    for row in s["drivers"][:top]:
        label = w.said(row["label_said"]) if w.table and row.get("label_said") else row["label"]
        lines.append(f"  {label}: {money(row['npv_at_low'])} / {money(row['npv_at_high'])}")
    return "\n".join(lines)


def _text_simulation(sim: dict | None, money: Callable, w: Words) -> str:
    if not sim:
        return ""
    return "\n".join(
        [
            w(
                "cli.roi.simulation",
                "Monte Carlo ({runs} runs, seed {seed})",
                runs=w.number(sim["runs"]),
                seed=sim["seed"],
            ),
            w(
                "cli.roi.percentiles",
                "  NPV P10 / P50 / P90: {p10} / {p50} / {p90}",
                p10=money(sim["p10"]),
                p50=money(sim["p50"]),
                p90=money(sim["p90"]),
            ),
            w("cli.roi.mean", "  Mean NPV: {mean}", mean=money(sim["mean"])),
            w(
                "cli.roi.chance_positive",
                "  Chance NPV > 0: {chance}",
                chance=_pct(sim["prob_npv_positive"], w),
            ),
            w(
                "cli.roi.chance_beyond",
                "  Chance payback is beyond the horizon: {chance}",
                chance=_pct(sim["prob_payback_beyond_horizon"], w),
            ),
        ]
    )
