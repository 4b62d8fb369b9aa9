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
- ``uncertainty``: optional ``{driver, distribution: triangular | pert, low, mode, high}`` on named
  drivers: ``benefits.<id>.<driver field>``, ``costs.<id>.amount``, ``adoption.target``,
  ``users``. The ranges make the low and high scenarios and feed the Monte Carlo.
- ``sensitivity_range`` (0 < x <= 1, default 0.2): how far each driver moves, up and down, in the
  one-at-a-time sensitivity (tornado). Also optional: ``name``, ``currency`` (text only).

Unknown keys are refused, so typos cannot pass silently.

The result (plain JSON): ``npv`` (risk-adjusted; ``npv_unadjusted`` without the adjustments),
``irr`` (``irr_candidates`` and ``irr_ambiguous`` when the net flow changes sign more than once),
``mirr`` (finance and reinvestment at the discount rate), ``payback_months`` and
``discounted_payback_months`` (from t = 0; None beyond the horizon), ``roi`` = NPV / PV of costs,
``pv_benefits``, ``pv_costs``; ``years`` and ``lines`` (costs and benefits as positive amounts);
``break_even_adoption`` (the lowest adoption target with NPV >= 0); ``cost_of_one_month_delay``
(NPV lost if adoption, and benefits that ignore it, start a month later while fixed costs stay);
``flexibility_value``; ``scenarios`` (low and high put every ranged driver at its unfavourable or
favourable end); ``sensitivity`` (one driver at a time, ranked by NPV swing); ``simulation`` (None
unless ``runs`` > 0); ``notes`` (plain-language caveats).
"""

from __future__ import annotations

import math
import numbers
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from . import _montecarlo
from ._errors import InputError
from .finance import (
    discounted_payback_period,
    irr,
    irr_candidates,
    mirr,
    npv,
    payback_period,
)

__all__ = ["ab_compare", "evaluate_case", "format_roi_text", "years_csv"]

COST_CATEGORIES = (
    "build",
    "run_inference",
    "run_platform",
    "people",
    "change_management",
    "governance",
)
BENEFIT_DRIVERS = {
    "revenue": ("volume", "conversion_uplift", "deal_size", "margin"),
    "cost": ("volume", "reduction", "unit_cost"),
    "productivity": ("hours_saved", "loaded_rate", "redeployed"),
    "risk": ("incidents_avoided", "expected_loss"),
}
SHARE_FIELDS = frozenset({"conversion_uplift", "margin", "reduction", "redeployed"})
FIELD_LABELS = {
    "amount": "amount",
    "volume": "volume",
    "conversion_uplift": "conversion uplift",
    "deal_size": "deal size",
    "margin": "margin",
    "reduction": "reduction",
    "unit_cost": "unit cost",
    "hours_saved": "hours saved",
    "loaded_rate": "loaded rate",
    "redeployed": "share redeployed",
    "incidents_avoided": "incidents avoided",
    "expected_loss": "expected loss",
}
CURVES = ("linear", "s_curve")
MAX_AMOUNT = 1e12  # no single driver of one use case is larger; bigger is a typo
MAX_HORIZON = 10
MAX_LINES = 50
MAX_RUNS = 100_000
MAX_YEAR_SPAN = 10.0
ONE_MONTH = 1.0 / 12.0
DEFAULT_SENSITIVITY = 0.2
_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_MISSING = object()

_CASE_KEYS = (
    "name",
    "currency",
    "discount_rate",
    "horizon_years",
    "initial_period",
    "users",
    "adoption",
    "costs",
    "benefits",
    "flexibility",
    "uncertainty",
    "sensitivity_range",
)
_LINE_KEYS = ("id", "label", "category", "start_year", "growth", "risk_adjustment")
_COST_KEYS = (*_LINE_KEYS, "amount", "timing", "year", "per_user")
_BENEFIT_KEYS = (*_LINE_KEYS, "scales_with_adoption")


# -- the validated case -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Driver:
    """One number the results can be recomputed for: its name, input path, value and range."""

    name: str
    field: str
    label: str
    value: float
    low: float
    high: float
    linear: bool = True  # NPV is linear in it (it multiplies cash-flow lines)


@dataclass(frozen=True)
class _Line:
    kind: str  # "cost" or "benefit"
    id: str
    label: str
    category: str
    drivers: tuple[str, ...]  # the drivers whose product is the line's amount
    first_year: int
    one_time: bool
    growth: float
    risk_adjustment: float
    follows_adoption: bool

    @property
    def sign(self) -> float:
        return -1.0 if self.kind == "cost" else 1.0


@dataclass(frozen=True)
class _Range:
    driver: str
    distribution: str
    low: float
    mode: float
    high: float


@dataclass(frozen=True)
class _Case:
    name: str
    currency: str
    horizon: int
    initial_period: bool
    curve: str
    sensitivity_range: float
    lines: tuple[_Line, ...]
    drivers: dict[str, _Driver]
    flexibility_value: float
    ranges: tuple[_Range, ...]

    def base_values(self) -> dict[str, float]:
        return {name: d.value for name, d in self.drivers.items()}


# -- reading JSON-like input --------------------------------------------------------------------


class _Reader:
    """One JSON object: refuses unknown keys; every error names the path of the field."""

    def __init__(self, value: object, path: str, known: Iterable[str]) -> None:
        if not isinstance(value, dict):
            raise InputError(
                f"'{path or 'case'}' must be an object (got {value!r})", field=path or None
            )
        unknown = sorted(str(k) for k in value if k not in known)
        if unknown:
            raise InputError(
                f"'{self._join(path, unknown[0])}' is not a known field (known: {', '.join(known)})",
                field=self._join(path, unknown[0]),
            )
        self.data = value
        self.path = path

    @staticmethod
    def _join(path: str, key: str) -> str:
        return f"{path}.{key}" if path else key

    def field(self, key: str) -> str:
        return self._join(self.path, key)

    def raw(self, key: str, default: object = _MISSING) -> object:
        if key in self.data:
            return self.data[key]
        if default is _MISSING:
            raise InputError(f"'{self.field(key)}' is required", field=self.field(key))
        return default

    def number(self, key: str, *, low=None, high=None, above=None, default=_MISSING) -> float:
        return _check_number(
            self.raw(key, default), self.field(key), low=low, high=high, above=above
        )

    def integer(self, key: str, *, low: int, high: int, default=_MISSING) -> int:
        value = self.raw(key, default)
        path = self.field(key)
        number = _check_number(value, path, low=low, high=high)
        if not number.is_integer():
            raise InputError(f"'{path}' must be a whole number (got {value!r})", field=path)
        return int(number)

    def text(self, key: str, *, default=_MISSING, choices: tuple[str, ...] = ()) -> str:
        value = self.raw(key, default)
        path = self.field(key)
        if not isinstance(value, str):
            raise InputError(f"'{path}' must be a string (got {value!r})", field=path)
        if choices and value not in choices:
            raise InputError(
                f"'{path}' must be one of {', '.join(choices)} (got {value!r})", field=path
            )
        return value

    def flag(self, key: str, *, default: bool) -> bool:
        value = self.raw(key, default)
        if not isinstance(value, bool):
            raise InputError(
                f"'{self.field(key)}' must be true or false (got {value!r})", field=self.field(key)
            )
        return value

    def items(self, key: str, *, low: int, default=_MISSING) -> list:
        value = self.raw(key, default)
        path = self.field(key)
        if not isinstance(value, list):
            raise InputError(f"'{path}' must be a list (got {value!r})", field=path)
        if not low <= len(value) <= MAX_LINES:
            raise InputError(
                f"'{path}' must hold {low} to {MAX_LINES} entries (got {len(value)})", field=path
            )
        return value


def _check_number(value: object, path: str, *, low=None, high=None, above=None) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise InputError(f"'{path}' must be a number (got {value!r})", field=path)
    try:
        number = float(value)
    except OverflowError:  # an int too large for a float (JSON and YAML allow any length)
        number = math.inf
    if not math.isfinite(number):
        raise InputError(f"'{path}' must be a finite number (got {value!r})", field=path)
    for failed, rule in (
        (above is not None and not number > above, f"> {above:g}" if above is not None else ""),
        (low is not None and number < low, f">= {low:g}" if low is not None else ""),
        (high is not None and number > high, f"<= {high:g}" if high is not None else ""),
    ):
        if failed:
            raise InputError(f"'{path}' must be {rule} (got {value!r})", field=path)
    return number


# -- validation ---------------------------------------------------------------------------------


def _read_case(case: object) -> _Case:
    top = _Reader(case, "", _CASE_KEYS)
    horizon = top.integer("horizon_years", low=1, high=MAX_HORIZON)
    initial = top.flag("initial_period", default=True)
    drivers: dict[str, _Driver] = {}
    rate = top.number("discount_rate", above=-1, high=1)
    drivers["discount_rate"] = _Driver(
        "discount_rate", "discount_rate", "discount rate", rate, -0.99, 1.0, False
    )
    curve = _read_adoption(top, drivers)
    first_year = 0 if initial else 1
    costs = [
        _read_cost(item, f"costs[{i}]", horizon, first_year, drivers)
        for i, item in enumerate(top.items("costs", low=1))
    ]
    benefits = [
        _read_benefit(item, f"benefits[{i}]", horizon, drivers)
        for i, item in enumerate(top.items("benefits", low=1))
    ]
    _unique_ids(costs, "costs")
    _unique_ids(benefits, "benefits")
    _read_users(top, costs, drivers)
    return _Case(
        name=top.text("name", default=""),
        currency=top.text("currency", default=""),
        horizon=horizon,
        initial_period=initial,
        curve=curve,
        sensitivity_range=top.number(
            "sensitivity_range", above=0, high=1, default=DEFAULT_SENSITIVITY
        ),
        lines=(*costs, *benefits),
        drivers=drivers,
        flexibility_value=_read_flexibility(top),
        ranges=_read_ranges(top, drivers),
    )


def _read_adoption(top: _Reader, drivers: dict[str, _Driver]) -> str:
    adoption = _Reader(top.raw("adoption"), "adoption", ("curve", "target", "by_year"))
    curve = adoption.text("curve", choices=CURVES)
    target = adoption.number("target", low=0, high=1)
    by_year = adoption.number("by_year", low=0, high=MAX_YEAR_SPAN)
    drivers["adoption.target"] = _Driver(
        "adoption.target", "adoption.target", "adoption target", target, 0.0, 1.0
    )
    drivers["adoption.by_year"] = _Driver(
        "adoption.by_year",
        "adoption.by_year",
        "years to reach target adoption",
        by_year,
        0.0,
        MAX_YEAR_SPAN,
        False,
    )
    return curve


def _read_users(top: _Reader, costs: list[_Line], drivers: dict[str, _Driver]) -> None:
    per_user = [line for line in costs if "users" in line.drivers]
    if per_user and "users" not in top.data:
        raise InputError(
            f"'users' is required when a cost is per_user (as '{per_user[0].id}' is)", field="users"
        )
    users = top.number("users", low=0, high=MAX_AMOUNT, default=0.0)
    if per_user:
        drivers["users"] = _Driver("users", "users", "eligible users", users, 0.0, MAX_AMOUNT)


def _read_line_common(line: _Reader) -> dict:
    return {
        "id": _read_id(line),
        "label": line.text("label", default=""),
        "growth": line.number("growth", above=-1, high=MAX_YEAR_SPAN, default=0.0),
        "risk_adjustment": line.number("risk_adjustment", low=0, high=1, default=0.0),
    }


def _read_id(reader: _Reader) -> str:
    value = reader.text("id")
    if not _ID.match(value):
        raise InputError(
            f"'{reader.field('id')}' must be a snake_case id (lower-case letters, digits, _) (got {value!r})",
            field=reader.field("id"),
        )
    return value


def _read_cost(
    item: object, path: str, horizon: int, first: int, drivers: dict[str, _Driver]
) -> _Line:
    line = _Reader(item, path, _COST_KEYS)
    one_time = line.text("timing", choices=("one_time", "recurring")) == "one_time"
    _refuse(
        line,
        ("start_year", "growth") if one_time else ("year",),
        "one_time" if one_time else "recurring",
    )
    common = _read_line_common(line)
    category = line.text("category", choices=COST_CATEGORIES)
    year = line.integer(
        "year" if one_time else "start_year",
        low=first,
        high=horizon,
        default=_MISSING if one_time else 1,
    )
    per_user = line.flag("per_user", default=False)
    if per_user and year == 0:
        key = "year" if one_time else "start_year"
        raise InputError(
            f"'{line.field(key)}' must be >= 1 for a per_user cost: adoption is 0 in the initial period (got 0)",
            field=line.field(key),
        )
    name = f"costs.{common['id']}.amount"
    amount = line.number("amount", low=0, high=MAX_AMOUNT)
    drivers[name] = _Driver(
        name, line.field("amount"), _label(common, "amount"), amount, 0.0, MAX_AMOUNT
    )
    shared = ("users", "adoption.target") if per_user else ()
    return _Line(
        kind="cost",
        category=category,
        drivers=(name, *shared),
        first_year=year,
        one_time=one_time,
        follows_adoption=per_user,
        **common,
    )


def _refuse(line: _Reader, keys: tuple[str, ...], timing: str) -> None:
    for key in keys:
        if key in line.data:
            raise InputError(
                f"'{line.field(key)}' does not apply to a {timing} cost (got {line.data[key]!r})",
                field=line.field(key),
            )


def _read_benefit(item: object, path: str, horizon: int, drivers: dict[str, _Driver]) -> _Line:
    category = _Reader(item, path, (*_BENEFIT_KEYS, *_all_benefit_fields())).text(
        "category", choices=tuple(BENEFIT_DRIVERS)
    )
    line = _Reader(item, path, (*_BENEFIT_KEYS, *BENEFIT_DRIVERS[category]))
    common = _read_line_common(line)
    names = []
    for key in BENEFIT_DRIVERS[category]:
        high = 1.0 if key in SHARE_FIELDS else MAX_AMOUNT
        name = f"benefits.{common['id']}.{key}"
        value = line.number(key, low=0, high=high)
        drivers[name] = _Driver(name, line.field(key), _label(common, key), value, 0.0, high)
        names.append(name)
    scaled = line.flag("scales_with_adoption", default=True)
    return _Line(
        kind="benefit",
        category=category,
        drivers=(*names, "adoption.target") if scaled else tuple(names),
        first_year=line.integer("start_year", low=1, high=horizon, default=1),
        one_time=False,
        follows_adoption=scaled,
        **common,
    )


def _all_benefit_fields() -> tuple[str, ...]:
    return tuple(dict.fromkeys(f for fields in BENEFIT_DRIVERS.values() for f in fields))


def _label(common: dict, key: str) -> str:
    return f"{common['label'] or common['id']}: {FIELD_LABELS[key]}"


def _unique_ids(lines: list[_Line], path: str) -> None:
    seen: set[str] = set()
    for i, line in enumerate(lines):
        if line.id in seen:
            raise InputError(
                f"'{path}[{i}].id' must be unique (got {line.id!r} twice)", field=f"{path}[{i}].id"
            )
        seen.add(line.id)


def _read_flexibility(top: _Reader) -> float:
    total = 0.0
    seen: set[str] = set()
    for i, item in enumerate(top.items("flexibility", low=0, default=[])):
        option = _Reader(item, f"flexibility[{i}]", ("id", "label", "value", "probability"))
        option_id = _read_id(option)
        if option_id in seen:
            raise InputError(
                f"'{option.field('id')}' must be unique (got {option_id!r} twice)",
                field=option.field("id"),
            )
        seen.add(option_id)
        option.text("label", default="")
        total += option.number("value", low=0, high=MAX_AMOUNT) * option.number(
            "probability", low=0, high=1, default=1.0
        )
    return total


def _read_ranges(top: _Reader, drivers: dict[str, _Driver]) -> tuple[_Range, ...]:
    ranges: list[_Range] = []
    for i, item in enumerate(top.items("uncertainty", low=0, default=[])):
        spec = _Reader(item, f"uncertainty[{i}]", ("driver", "distribution", "low", "mode", "high"))
        name = spec.text("driver")
        driver = drivers.get(name)
        if driver is None or not driver.linear:
            known = ", ".join(n for n, d in drivers.items() if d.linear)
            raise InputError(
                f"'{spec.field('driver')}' must name an input driver ({known}) (got {name!r})",
                field=spec.field("driver"),
            )
        if any(r.driver == name for r in ranges):
            raise InputError(
                f"'{spec.field('driver')}' must not repeat a driver (got {name!r} twice)",
                field=spec.field("driver"),
            )
        bounds = {"low": driver.low, "high": driver.high}
        low = spec.number("low", **bounds)
        mode = spec.number("mode", low=low, high=driver.high)
        high = spec.number("high", low=mode, high=driver.high)
        ranges.append(
            _Range(
                name,
                spec.text("distribution", choices=tuple(_montecarlo.SAMPLERS)),
                low,
                mode,
                high,
            )
        )
    return tuple(ranges)


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


def _years(case: _Case, result: _Outcome, values: dict[str, float]) -> list[dict]:
    rows = []
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
                    "costs": cost,
                    "benefits": benefit,
                    "net": net,
                    "cumulative": cumulative,
                    "discounted_cumulative": discounted,
                    "adoption": share,
                }
            )
    return rows


def _line_rows(case: _Case, result: _Outcome) -> list[dict]:
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


def _sensitivity(case: _Case, values: dict[str, float], base_npv: float) -> dict:
    step = case.sensitivity_range
    rows = []
    for driver in case.drivers.values():
        low = _clamp(driver.value * (1 - step), driver)
        high = _clamp(driver.value * (1 + step), driver)
        npv_low = _npv_of(case, {**values, driver.name: low})
        npv_high = _npv_of(case, {**values, driver.name: high})
        rows.append(
            {
                "driver": driver.name,
                "field": driver.field,
                "label": driver.label,
                "base": driver.value,
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
    constant = _montecarlo.Term(*grouped.pop((), [0.0, 0.0]), ())
    terms = [_montecarlo.Term(s[0], s[1], key) for key, s in grouped.items()]
    samplers = {
        r.driver: _montecarlo.SAMPLERS[r.distribution](r.low, r.mode, r.high) for r in case.ranges
    }
    return _montecarlo.simulate(constant, terms, samplers, runs, seed)


def _notes(case: _Case, headline: dict, runs: int) -> list[str]:
    notes = []
    if headline["irr_ambiguous"]:
        rates = ", ".join(f"{r:.1%}" for r in headline["irr_candidates"])
        notes.append(
            f"The net cash flow changes sign more than once, so several rates give NPV = 0 ({rates});"
            " the IRR shown is the smallest non-negative one. Judge the case by NPV and MIRR."
        )
    if not case.ranges:
        notes.append("No uncertainty ranges: the low and high scenarios equal the base case.")
        if runs:
            notes.append("No uncertainty ranges: every simulation run equals the base case.")
    for line in case.lines:
        if (
            line.category == "productivity"
            and case.drivers[f"benefits.{line.id}.redeployed"].value == 0
        ):
            notes.append(
                f"'{line.id}': no saved hours are redeployed, so it adds no value: hours saved are a"
                " return only when redirected to work whose value is captured."
            )
    return notes


# -- public functions -------------------------------------------------------------------------


def evaluate_case(case: dict, *, runs: int = 0, seed: int | None = None) -> dict:
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
    """
    runs = _check_runs(runs)
    seed = _check_seed(seed, runs)
    model = _read_case(case)
    values = model.base_values()
    base = _outcome(model, values)
    headline = _headline(base)
    return {
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
        "simulation": _simulation(model, values, runs, seed) if runs else None,
        "notes": _notes(model, headline, runs),
    }


def _check_runs(runs: object) -> int:
    number = _check_number(runs, "runs", low=0, high=MAX_RUNS)
    if not number.is_integer():
        raise InputError(f"'runs' must be a whole number (got {runs!r})", field="runs")
    return int(number)


def _check_seed(seed: object, runs: int) -> int:
    if seed is None:
        return _montecarlo.new_seed() if runs else 0
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise InputError(f"'seed' must be a whole number >= 0 (got {seed!r})", field="seed")
    return seed


def years_csv(result: dict) -> str:
    """The yearly table of :func:`evaluate_case`'s result as CSV, for spreadsheets.

    Money in the case's currency, rounded to cents; adoption as a fraction (0.5 is 50 %).

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
        period = "Initial" if row["year"] == 0 else f"Year {row['year']}"
        writer.writerow(
            [row["year"], period, *(f"{row[k]:.2f}" for k in money), f"{row['adoption']:.4f}"]
        )
    return out.getvalue()


# -- A/B comparison -------------------------------------------------------------------------


def ab_compare(baseline: dict, treatment: dict, *, confidence: float = 0.95) -> dict:
    """Difference between an AI-assisted cohort and a baseline cohort, with a confidence interval.

    Cohorts are ``{"successes": k, "n": n}`` (difference in rates, unpooled Wald interval) or
    ``{"mean": m, "sd": s, "n": n}`` (difference in means, Welch's standard error); the interval
    uses the normal quantile. ``diff`` is treatment - baseline; ``low`` and ``high`` can serve as
    the low and high of an uncertainty range (for example a conversion uplift).

    >>> r = ab_compare({"successes": 100, "n": 1000}, {"successes": 130, "n": 1000})
    >>> round(r["diff"], 4), round(r["low"], 4), round(r["high"], 4)
    (0.03, 0.0021, 0.0579)
    """
    level = _check_number(confidence, "confidence", above=0)
    if level >= 1:
        raise InputError(f"'confidence' must be < 1 (got {confidence!r})", field="confidence")
    kind = _cohort_kind(baseline, treatment)
    reader = _rate_cohort if kind == "proportion" else _mean_cohort
    (value_a, var_a, n_a), (value_b, var_b, n_b) = (
        reader(baseline, "baseline"),
        reader(treatment, "treatment"),
    )
    diff = value_b - value_a
    se = math.sqrt(var_a / n_a + var_b / n_b)
    from statistics import NormalDist  # here, not above: importing it costs ~50 ms in Pyodide

    z = NormalDist().inv_cdf(0.5 + level / 2)
    low, high = diff - z * se, diff + z * se
    return {
        "kind": kind,
        "baseline": value_a,
        "treatment": value_b,
        "diff": diff,
        "relative_diff": diff / value_a if value_a else None,
        "se": se,
        "confidence": level,
        "low": low,
        "high": high,
        "significant": low > 0 or high < 0,
        "note": _ab_note(kind, level, (value_a, n_a), (value_b, n_b), (var_a, var_b)),
    }


def _cohort_kind(baseline: object, treatment: object) -> str:
    for cohort, path in ((baseline, "baseline"), (treatment, "treatment")):
        if not isinstance(cohort, dict):
            raise InputError(f"'{path}' must be an object (got {cohort!r})", field=path)
    if "successes" in baseline and "successes" in treatment:
        return "proportion"
    if "mean" in baseline and "mean" in treatment:
        return "mean"
    raise InputError(
        "'treatment' must describe the same kind of cohort as 'baseline': both {successes, n} or"
        f" both {{mean, sd, n}} (got {sorted(baseline)} and {sorted(treatment)})",
        field="treatment",
    )


def _cohort_size(cohort: _Reader) -> int:
    return cohort.integer("n", low=2, high=MAX_AMOUNT)


def _rate_cohort(value: dict, path: str) -> tuple[float, float, int]:
    cohort = _Reader(value, path, ("successes", "n"))
    n = _cohort_size(cohort)
    successes = cohort.integer("successes", low=0, high=n)
    p = successes / n
    return p, p * (1 - p), n


def _mean_cohort(value: dict, path: str) -> tuple[float, float, int]:
    cohort = _Reader(value, path, ("mean", "sd", "n"))
    n = _cohort_size(cohort)
    mean = cohort.number("mean")
    sd = cohort.number("sd", low=0)
    return mean, sd * sd, n


def _ab_note(
    kind: str,
    level: float,
    a: tuple[float, int],
    b: tuple[float, int],
    variances: tuple[float, float],
) -> str:
    what = "rates" if kind == "proportion" else "means"
    note = f"{level:.0%} interval for the difference in {what} (AI-assisted - baseline), normal approximation"
    if kind == "proportion":
        note += ", unpooled (Wald)."
        if any(min(p * n, (1 - p) * n) < 5 for p, n in (a, b)):
            note += " Fewer than 5 successes or failures in a cohort: the approximation is rough."
        return note
    note += " with Welch's standard error."
    df = _welch_df(variances, (a[1], b[1]))
    if df is not None and df < 30:
        note += f" Only about {df:.0f} degrees of freedom: a t interval would be wider."
    return note


def _welch_df(variances: tuple[float, float], sizes: tuple[int, int]) -> float | None:
    parts = [v / n for v, n in zip(variances, sizes, strict=True)]
    denominator = sum(p * p / (n - 1) for p, n in zip(parts, sizes, strict=True))
    return sum(parts) ** 2 / denominator if denominator else None


# -- text report ----------------------------------------------------------------------------


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
