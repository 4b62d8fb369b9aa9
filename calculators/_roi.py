"""The ROI of scaling one AI use case, Forrester TEI style: cash flows, risk, scenarios, simulation.

A case is a JSON-like dict; every number is a plain int or float, rates and shares are fractions
(0.1 is 10 %), money is in one currency, "per year" means at 100 % adoption unless said otherwise.

Top level:

- ``discount_rate`` (> -1, <= 1), ``horizon_years`` (integer 1..10).
- ``initial_period`` (bool, default true): a TEI "Initial" column at t = 0, before year 1 and
  undiscounted; one-time costs with ``year: 0`` and recurring costs with ``start_year: 0`` fall
  there. With false the case starts at year 1 and nothing may be placed at year 0.
- ``adoption``: ``{curve: linear | s_curve, target: share, by_year: 0..10}``. The share of
  eligible users who use the tool rises from 0 at t = 0 to ``target`` at ``by_year`` (0: at once)
  and stays there; ``s_curve`` is the smoothstep 3u^2 - 2u^3, slow start and slow finish. A year's
  figure uses the average share over that year.
- ``users`` (>= 0): eligible users; required when a cost line is ``per_user``.
- ``costs``: lines ``{id, label, category, amount, timing, ...}`` with ``category`` one of
  build, run_inference, run_platform, people, change_management, governance. ``timing: one_time``
  takes ``year``; ``timing: recurring`` pays ``amount`` every year from ``start_year`` (default
  1), growing by ``growth`` a year (default 0). ``per_user: true`` makes ``amount`` a cost per
  active user (``users`` x that year's adoption share), so it cannot sit at year 0.
  ``risk_adjustment`` (0..1, default 0) raises the cost by that share.
- ``benefits``: yearly lines ``{id, label, category, ...drivers}`` from ``start_year`` (default 1)
  with ``growth`` and ``risk_adjustment`` (reduces the benefit by that share). The drivers
  multiply into the value per year at full adoption:

  - ``revenue``: volume x conversion_uplift x deal_size x margin
  - ``cost``: volume x reduction (of cycle time or error rate) x unit_cost
  - ``productivity``: hours_saved x loaded_rate x redeployed (the share of the saved hours
    redirected to work whose value is captured; hours saved and not redeployed are no return)
  - ``risk``: incidents_avoided x expected_loss

  ``scales_with_adoption`` (default true) multiplies a benefit by the adoption share.
- ``flexibility``: optional ``{id, label, value, probability}``, the present value of options the
  investment opens; reported apart as ``flexibility_value``, never in the NPV.
- ``uncertainty``: optional ``{driver, distribution: triangular | pert, low, mode, high,
  relative}`` on named drivers: ``benefits.<id>.<driver field>``, ``costs.<id>.amount``,
  ``adoption.target``, ``users``. ``mode`` (most likely) may be left out: it is then the line's
  base value, so the range follows the value typed. ``relative: true`` (default false) gives
  low, mode and high as changes from the base value (``low: -0.3, high: 0.5`` is 30 % below to
  50 % above it; ``mode`` then defaults to 0). The ranges make the low and high scenarios (every
  ranged driver at its unfavorable or favorable end, around the base) and feed the Monte Carlo;
  a range whose own most likely value differs from the base, or that does not include the base,
  is named in ``notes`` and in its row of ``ranges``.
- ``sensitivity_range`` (0 < x <= 1, default 0.2): how far each driver moves, up and down, in the
  one-at-a-time sensitivity (tornado). Also optional: ``name``, ``currency`` (text only).
- ``stage_gates``: optional, the case's own odds of reaching and staying in production
  (``{from, gates, assessment}``: ``from`` is ``assessment`` (the one saved in the browser),
  ``assessment_export`` or ``typed``; ``gates`` as in ``_stage_gates.read_gates``;
  ``assessment`` the date, team and levels that gave them). The result then has
  ``stage_gates`` (with ``source``) and the simulation draws the gates, its ``ungated`` the same
  runs without them. They travel with the case in exports and share links.

Unknown keys are refused, so typos cannot pass silently. Bad input raises one ``InputError``
that lists every bad field at once (``errors``: ``{field, label, message}``), each named by its
label in the reader's words ("Cost line 1 (Build), Amount must be at least 0 (got -5,000)"),
with rates and shares said as percentages; another calculator's export is named as such.

The result (plain JSON): ``npv`` (risk-adjusted; ``npv_unadjusted`` without the adjustments),
``irr`` (``irr_candidates`` and ``irr_ambiguous`` when the net flow changes sign more than once),
``mirr`` (finance and reinvestment at the discount rate), ``payback_months`` and
``discounted_payback_months`` (from t = 0; None beyond the horizon), ``roi`` = NPV / PV of costs,
``pv_benefits``, ``pv_costs``; ``years`` and ``lines`` (costs and benefits as positive amounts);
``break_even_adoption`` (the lowest adoption target with NPV >= 0); ``cost_of_one_month_delay``
(NPV lost if adoption, and benefits that ignore it, start a month later while fixed costs stay);
``flexibility_value``; ``scenarios`` (low and high put every ranged driver at its unfavorable or
favorable end); ``sensitivity`` (one driver at a time, ranked by NPV swing); ``simulation`` (None
unless ``runs`` > 0; its ``seed`` is the one used, drawn fresh when none is given, and the same
seed gives the same P10/P50/P90); ``ranges`` (each range resolved against its base: ``low``,
``mode``, ``high``, ``base``, ``mode_is_base``, ``base_inside``, ``note``); ``notes``
(plain-language caveats).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from importlib import import_module
from typing import TypedDict

from . import _montecarlo
from ._errors import InputError, message
from ._roi_input import (  # noqa: F401 - the case vocabulary, importable from here as before
    BENEFIT_DRIVERS,
    COST_CATEGORIES,
    CURVES,
    EXPORT_FORMAT,
    FIELDS,
    SHARE_FIELDS,
    UNITS,
    _Case,
    _check_runs,
    _check_seed,
    _Driver,
    _Line,
    _Range,
    _read_case,
    field_said,
    field_vocabulary,
    form_vocabulary,
    period_label,
    period_said,
    read_export,
    said_value,
    show_number,
)
from .finance import (
    discounted_payback_period,
    irr,
    irr_candidates,
    mirr,
    npv,
    payback_period,
)

# ab_compare, format_roi_text and years_csv are served by __getattr__ below.
__all__ = ["ab_compare", "evaluate_case", "format_roi_text", "years_csv"]  # noqa: F822

ONE_MONTH = 1.0 / 12.0

# The public functions that live in the modules built on this one (the report reads a result,
# the A/B helper reads cohorts): found here on first use, so importing the model never imports
# them and the imports stay one-directional.
_ELSEWHERE = {"ab_compare": "_ab", "format_roi_text": "_roi_report", "years_csv": "_roi_report"}


# -- what the result's tables hold (plain JSON; the page reads them) ----------------------------


class YearRow(TypedDict):
    year: int  # 0 is the initial period
    period: str  # its words: "Initial", "Year 1" (the vocabulary's period_label)
    period_said: dict  # the same as a message, for a page in another language
    costs: float
    benefits: float
    net: float
    cumulative: float
    discounted_cumulative: float
    adoption: float  # the year's average adoption share


class LineRow(TypedDict):
    id: str
    kind: str  # "cost" or "benefit"
    category: str
    label: str
    values: list[float]  # per year, 0..horizon, as positive amounts
    total: float
    pv: float


class SensitivityRow(TypedDict):
    driver: str
    field: str
    label: str
    label_said: dict  # the label as a message, for a page in another language
    unit: str  # "percent": a fraction the page shows as a percentage
    base: float
    value_low: float
    value_high: float
    npv_at_low: float
    npv_at_high: float
    swing: float


class Sensitivity(TypedDict):
    range: float
    base_npv: float
    drivers: list[SensitivityRow]  # ranked by swing, largest first


class RangeRow(TypedDict):
    driver: str
    field: str
    label: str
    label_said: dict | str
    distribution: str
    relative: bool
    low: float
    mode: float
    high: float
    base: float
    mode_is_base: bool
    base_inside: bool
    note: str | None
    note_said: dict | None  # the note as a message, for a page in another language
    as_relative: dict[str, float] | None  # low, mode, high as changes from the base


def __getattr__(name: str) -> object:
    if name not in _ELSEWHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__package__}.{_ELSEWHERE[name]}"), name)


# -- the model ----------------------------------------------------------------------------------


def _ramp_integral(t: float, curve: str, by_year: float) -> float:
    """Integral from 0 to t of the adoption share, for a target of 1."""
    if t <= 0:
        return 0.0
    if t >= by_year:
        return by_year / 2 + (t - by_year)
    u = t / by_year
    return by_year * (u * u / 2 if curve == "linear" else u**3 - u**4 / 2)


def _ramp_average(year: int, curve: str, by_year: float, delay: float) -> float:
    """Average adoption share over year ``year`` (from t = year - 1 to year), target 1."""
    if year == 0:
        return 0.0
    return _ramp_integral(year - delay, curve, by_year) - _ramp_integral(
        year - 1 - delay, curve, by_year
    )


def _profile(case: _Case, line: _Line, by_year: float, delay: float, risk: bool) -> list[float]:
    """The line's cash flow per year (0..horizon) per unit of its amount, unsigned."""
    risk_factor = _risk_factor(line) if risk else 1.0
    out = [0.0] * (case.horizon + 1)
    years = [line.first_year] if line.one_time else range(line.first_year, case.horizon + 1)
    for year in years:
        factor = risk_factor * (1.0 + line.growth) ** (year - line.first_year)
        if line.follows_adoption:
            factor *= _ramp_average(year, case.curve, by_year, delay)
        elif line.kind == "benefit":
            factor *= min(1.0, max(0.0, year - line.first_year + 1 - delay))
        out[year] = factor
    return out


def _risk_factor(line: _Line) -> float:
    """TEI risk adjustment: costs raised, benefits reduced, by the line's share."""
    if line.kind == "cost":
        return 1.0 + line.risk_adjustment
    return 1.0 - line.risk_adjustment


def _amount(line: _Line, values: dict[str, float]) -> float:
    return math.prod(values[name] for name in line.drivers)


@dataclass(frozen=True)
class _Outcome:
    """Per-line and total cash flows of one evaluation (costs and benefits as positive amounts)."""

    rate: float
    lines: list[list[float]]
    costs: list[float]
    benefits: list[float]

    @property
    def net(self) -> list[float]:
        return [b - c for b, c in zip(self.benefits, self.costs, strict=True)]


def _outcome(
    case: _Case, values: dict[str, float], *, delay: float = 0.0, risk: bool = True
) -> _Outcome:
    by_year = values["adoption.by_year"]
    lines = [
        [_amount(line, values) * f for f in _profile(case, line, by_year, delay, risk)]
        for line in case.lines
    ]
    costs = _column_sums(case, lines, "cost")
    benefits = _column_sums(case, lines, "benefit")
    return _Outcome(values["discount_rate"], lines, costs, benefits)


def _column_sums(case: _Case, lines: list[list[float]], kind: str) -> list[float]:
    chosen = [flows for line, flows in zip(case.lines, lines, strict=True) if line.kind == kind]
    return [math.fsum(year) for year in zip(*chosen, strict=True)]


def _npv_of(case: _Case, values: dict[str, float], **kwargs) -> float:
    result = _outcome(case, values, **kwargs)
    return npv(result.rate, result.net)


def _headline(result: _Outcome) -> dict:
    net = result.net
    pv_costs = npv(result.rate, result.costs)
    value = npv(result.rate, net)
    payback = payback_period(net)
    discounted = discounted_payback_period(result.rate, net)
    candidates = irr_candidates(net)
    return {
        "npv": value,
        "irr": irr(net),
        "irr_candidates": candidates,
        "irr_ambiguous": len(candidates) > 1,
        "mirr": mirr(net, result.rate, result.rate),
        "payback_months": None if payback is None else payback * 12,
        "discounted_payback_months": None if discounted is None else discounted * 12,
        "roi": value / pv_costs if pv_costs > 0 else None,
        "pv_benefits": npv(result.rate, result.benefits),
        "pv_costs": pv_costs,
    }


# -- derived analyses -----------------------------------------------------------------------


def _years(case: _Case, result: _Outcome, values: dict[str, float]) -> list[YearRow]:
    rows: list[YearRow] = []
    cumulative = discounted = 0.0
    for year, (cost, benefit) in enumerate(zip(result.costs, result.benefits, strict=True)):
        net = benefit - cost
        cumulative += net
        discounted += net / (1.0 + result.rate) ** year
        share = values["adoption.target"] * _ramp_average(
            year, case.curve, values["adoption.by_year"], 0.0
        )
        if year > 0 or case.initial_period:
            rows.append(
                {
                    "year": year,
                    "period": period_label(year),
                    "period_said": period_said(year),
                    "costs": cost,
                    "benefits": benefit,
                    "net": net,
                    "cumulative": cumulative,
                    "discounted_cumulative": discounted,
                    "adoption": share,
                }
            )
    return rows


def _line_rows(case: _Case, result: _Outcome) -> list[LineRow]:
    return [
        {
            "id": line.id,
            "kind": line.kind,
            "category": line.category,
            "label": line.label or line.id,
            "values": flows,
            "total": math.fsum(flows),
            "pv": npv(result.rate, flows),
        }
        for line, flows in zip(case.lines, result.lines, strict=True)
    ]


def _break_even_adoption(case: _Case, values: dict[str, float]) -> float | None:
    """Lowest adoption target with NPV >= 0 (NPV is linear in it); None if 100 % is not enough."""
    at_zero = _npv_of(case, {**values, "adoption.target": 0.0})
    slope = _npv_of(case, {**values, "adoption.target": 1.0}) - at_zero
    if at_zero >= 0:
        return 0.0
    if slope <= 0 or -at_zero / slope > 1:
        return None
    return -at_zero / slope


def _scenarios(case: _Case, base: dict, values: dict[str, float]) -> dict:
    low, high = dict(values), dict(values)
    for r in case.ranges:
        at_low = _npv_of(case, {**values, r.driver: r.low})
        at_high = _npv_of(case, {**values, r.driver: r.high})
        worse, better = (r.low, r.high) if at_low <= at_high else (r.high, r.low)
        low[r.driver], high[r.driver] = worse, better
    return {
        "low": _scenario(case, low, values),
        "base": _scenario_row(base, {}),
        "high": _scenario(case, high, values),
    }


def _scenario(case: _Case, values: dict[str, float], base: dict[str, float]) -> dict:
    changed = {name: v for name, v in values.items() if v != base[name]}
    return _scenario_row(_headline(_outcome(case, values)), changed)


def _scenario_row(headline: dict, drivers: dict[str, float]) -> dict:
    keys = ("npv", "roi", "irr", "payback_months")
    return {**{k: headline[k] for k in keys}, "drivers": drivers}


def _sensitivity(case: _Case, values: dict[str, float], base_npv: float) -> Sensitivity:
    step = case.sensitivity_range
    rows: list[SensitivityRow] = []
    for driver in case.drivers.values():
        low = _clamp(driver.base * (1 - step), driver)
        high = _clamp(driver.base * (1 + step), driver)
        npv_low = _npv_of(case, {**values, driver.name: low})
        npv_high = _npv_of(case, {**values, driver.name: high})
        rows.append(
            {
                "driver": driver.name,
                "field": driver.field,
                "label": driver.label,
                "label_said": driver.label_said,
                "unit": driver.unit,  # "percent": a fraction the page shows as a percentage
                "base": driver.base,
                "value_low": low,
                "value_high": high,
                "npv_at_low": npv_low,
                "npv_at_high": npv_high,
                "swing": abs(npv_high - npv_low),
            }
        )
    rows.sort(key=lambda row: (-row["swing"], row["driver"]))
    return {"range": step, "base_npv": base_npv, "drivers": rows}


def _clamp(value: float, driver: _Driver) -> float:
    return min(driver.high, max(driver.low, value))


def _simulation(case: _Case, values: dict[str, float], runs: int, seed: int) -> dict:
    """Monte Carlo on the risk-adjusted case: NPV is linear in each line's drivers, so each line
    reduces to (present value, undiscounted total) per unit of its uncertain drivers."""
    uncertain = {r.driver for r in case.ranges}
    rate = values["discount_rate"]
    grouped: dict[tuple[str, ...], list[float]] = {}
    for line in case.lines:
        profile = _profile(case, line, values["adoption.by_year"], 0.0, True)
        fixed = line.sign * math.prod(values[d] for d in line.drivers if d not in uncertain)
        key = tuple(d for d in line.drivers if d in uncertain)
        sums = grouped.setdefault(key, [0.0, 0.0])
        sums[0] += fixed * npv(rate, profile)
        sums[1] += fixed * math.fsum(profile)
    fixed_npv, fixed_total = grouped.pop((), [0.0, 0.0])
    constant = _montecarlo.Term(fixed_npv, fixed_total, ())
    terms = [_montecarlo.Term(s[0], s[1], key) for key, s in grouped.items()]
    samplers = {
        r.driver: _montecarlo.SAMPLERS[r.distribution](r.low, r.mode, r.high) for r in case.ranges
    }
    return _montecarlo.simulate(constant, terms, samplers, runs, seed)


def _notes(case: _Case, headline: dict, runs: int) -> list[dict]:
    """The result's caveats, each as a message (``message``, its id and values)."""
    notes = []
    if headline["irr_ambiguous"]:
        rates = ", ".join(f"{r:.1%}" for r in headline["irr_candidates"])
        notes.append(
            message(
                "roi.note.irr_ambiguous",
                "The net cash flow changes sign more than once, so several rates give NPV = 0"
                f" ({rates}); the IRR shown is the smallest non-negative one. Judge the case by"
                " NPV and MIRR.",
                rates=[said_value(r, "percent") for r in headline["irr_candidates"]],
            )
        )
    if not case.ranges:
        notes.append(
            message(
                "roi.note.no_ranges",
                "No uncertainty ranges: the low and high scenarios equal the base case.",
            )
        )
        if runs:
            notes.append(
                message(
                    "roi.note.no_ranges_simulation",
                    "No uncertainty ranges: every simulation run equals the base case.",
                )
            )
    notes.extend(row["note_said"] for row in _range_rows(case) if row["note_said"])
    # A percentage under 1 % is most often a fraction typed into a percent field (0.8 for 80 %):
    # say so, since the figures are then far off and nothing else would show it.
    # Not for a field whose ordinary values are that small (FIELDS' "small": a conversion uplift).
    for name, driver in case.drivers.items():
        words = FIELDS.get(name.rpartition(".")[2])
        if words is not None and words.get("small"):
            continue
        if driver.unit == "percent" and 0 < abs(driver.base) < 0.01:
            typed = f"{driver.base * 100:g}"
            meant = f"{driver.base * 10_000:g}"
            label = driver.label[:1].upper() + driver.label[1:]
            notes.append(
                message(
                    "roi.note.fraction_typed",
                    f"{label} is {typed} %: if you meant {meant} %, type {meant}"
                    " (percent fields take percentages, not fractions).",
                    label=driver.label_said,
                    typed=float(typed),
                    meant=float(meant),
                )
            )
    for line in case.lines:
        if (
            line.category == "productivity"
            and case.drivers[f"benefits.{line.id}.redeployed"].value == 0
        ):
            notes.append(
                message(
                    "roi.note.not_redeployed",
                    f"'{line.id}': no saved hours are redeployed, so it adds no value: hours saved"
                    " are a return only when redirected to work whose value is captured.",
                    line=line.id,
                )
            )
    return notes


def _range_rows(case: _Case) -> list[RangeRow]:
    """Each range as the result reports it, with a note where it does not centre on the base."""
    return [
        {
            "driver": r.driver,
            "field": f"uncertainty[{r.index}]",
            "label": r.label,
            "label_said": r.label_said or r.label,
            "distribution": r.distribution,
            "relative": r.relative,
            "low": r.low,
            "mode": r.mode,
            "high": r.high,
            "base": r.base,
            "mode_is_base": r.mode == r.base,
            "base_inside": r.low <= r.base <= r.high,
            "note": None if (note := _range_note(r)) is None else note["message"],
            "note_said": note,
            "as_relative": _as_relative(r),
        }
        for r in case.ranges
    ]


def _as_relative(r: _Range) -> dict[str, float] | None:
    """The range as changes from its base value (what ``relative: true`` would take), so the
    page can switch a range to relative and keep the values typed; None for a base of 0."""
    if r.base == 0:
        return None
    return {
        key: value / r.base - 1
        for key, value in (("low", r.low), ("mode", r.mode), ("high", r.high))
    }


def _range_note(r: _Range) -> dict | None:
    def show(value: float) -> str:
        return show_number(value, r.unit)

    def said(value: float) -> dict | float:
        return said_value(value, r.unit)

    where = f"The range on '{r.label}'"
    label = r.label_said or r.label
    if not r.low <= r.base <= r.high:
        return message(
            "roi.note.range_outside",
            f"{where} ({show(r.low)} to {show(r.high)}) does not include its base value"
            f" ({show(r.base)}): the scenarios and the simulation do not surround the value"
            " typed. Widen the range, or give it relative to the base.",
            label=label,
            low=said(r.low),
            high=said(r.high),
            base=said(r.base),
        )
    if r.mode_given and r.mode != r.base:
        return message(
            "roi.note.range_own_mode",
            f"{where} has its own most likely value ({show(r.mode)}), not the base value"
            f" ({show(r.base)}): the simulation centers on {show(r.mode)}. Leave 'Most likely'"
            " blank to follow the base.",
            label=label,
            mode=said(r.mode),
            base=said(r.base),
            field=field_said("mode"),
        )
    return None


# -- public functions -------------------------------------------------------------------------


def evaluate_case(
    case: dict, *, runs: int = 0, seed: int | None = None, stage_gates: list | None = None
) -> dict:
    """Validate a case (see the module docstring) and compute its NPV, IRR, payback, ROI, yearly
    table, scenarios, sensitivity and, when ``runs`` > 0, a Monte Carlo simulation.

    >>> case = {
    ...     "discount_rate": 0.1, "horizon_years": 2,
    ...     "adoption": {"curve": "linear", "target": 1.0, "by_year": 0},
    ...     "costs": [{"id": "build", "category": "build", "amount": 100,
    ...                "timing": "one_time", "year": 0}],
    ...     "benefits": [{"id": "claims", "category": "cost", "volume": 1000,
    ...                   "reduction": 0.5, "unit_cost": 0.12}],
    ... }
    >>> result = evaluate_case(case)
    >>> round(result["npv"], 2), round(result["irr"], 4), result["payback_months"]
    (4.13, 0.1307, 20.0)

    ``stage_gates`` (a list of ``{"id", "probability", ...}``, see ``_stage_gates``) adds the
    result's ``stage_gates`` (expected NPV, chance of success, value each gate loses) and makes
    the simulation draw the gates too; without it the result is as before.
    """
    runs = _check_runs(runs)
    seed = _check_seed(seed, runs)
    own = case.get("stage_gates") if isinstance(case, dict) and stage_gates is None else None
    gates_module = (
        None
        if stage_gates is None and own is None
        else import_module(f"{__package__}._stage_gates")
    )
    problems, gates, source = [], None, None
    try:
        model = _read_case(case)
    except InputError as err:
        problems.append(err)
    try:
        if own is not None and gates_module:
            gates, source = gates_module.read_case_gates(own)
        elif gates_module:
            gates = gates_module.read_gates(stage_gates)
    except InputError as err:
        problems.append(err)
    if problems:
        raise InputError.collect(problems)
    values = model.base_values()
    base = _outcome(model, values)
    headline = _headline(base)
    simulation = _simulation(model, values, runs, seed) if runs else None
    if runs and gates_module:
        # The gated runs, and beside them the same runs without the gates (same seed, same
        # drivers), so a page can show both.
        simulation = {
            **gates_module.simulation(model, values, runs, seed, gates),
            "ungated": simulation,
        }
    result = {
        "name": model.name,
        "currency": model.currency,
        **headline,
        "npv_unadjusted": _npv_of(model, values, risk=False),
        "years": _years(model, base, values),
        "lines": _line_rows(model, base),
        "break_even_adoption": _break_even_adoption(model, values),
        "cost_of_one_month_delay": headline["npv"] - _npv_of(model, values, delay=ONE_MONTH),
        "flexibility_value": model.flexibility_value,
        "scenarios": _scenarios(model, headline, values),
        "sensitivity": _sensitivity(model, values, headline["npv"]),
        "simulation": simulation,
        "ranges": _range_rows(model),
        "notes_said": _notes(model, headline, runs)
        + _skew_notes(model, simulation, headline["npv"]),
    }
    result["notes"] = [note["message"] for note in result["notes_said"]]
    if gates_module:
        result["stage_gates"] = gates_module.summary(model, values, base, gates)
        if source is not None:
            result["stage_gates"]["source"] = source
    return result


def _skew_notes(case: _Case, simulation: dict | None, npv: float) -> list[dict]:
    """Why the simulation's median sits away from the base NPV, when it does noticeably.

    "Noticeably" (a tenth of the P10-P90 spread) and "lopsided" (one side of a range a fifth of
    its width longer than the other) are the playbook's judgments, not sourced thresholds.
    """
    if not simulation:
        return []
    spread = simulation["p90"] - simulation["p10"]
    gap = simulation["p50"] - npv
    if spread <= 0 or abs(gap) <= 0.1 * spread:
        return []
    lopsided = [
        r for r in case.ranges if abs((r.high - r.mode) - (r.mode - r.low)) > 0.2 * (r.high - r.low)
    ]
    side = (
        message("roi.note.skew_below", "below")
        if gap < 0
        else message("roi.note.skew_above", "above")
    )
    if lopsided:
        quoted = [
            message("roi.note.quoted", f"'{r.label or r.driver}'", label=r.label_said or r.label)
            for r in lopsided
        ]
        why = message(
            "roi.note.skew_lopsided",
            "the ranges on "
            + ", ".join(q["message"] for q in quoted)
            + " reach further on one side of their most likely value than on the other",
            labels=quoted,
        )
    else:
        why = message("roi.note.skew_uneven", "the ranges combine unevenly")
    return [
        message(
            "roi.note.skew",
            f"The simulation's median (P50) is {side['message']} the base NPV because"
            f" {why['message']}, so the simulated cases lean that way. The base NPV is the case"
            " at the values you typed; P10 to P90 is the spread around it.",
            side=side,
            why=why,
        )
    ]
