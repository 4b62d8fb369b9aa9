"""Discounted cash-flow functions with spreadsheet names, standard library only.

Conventions are numpy-financial's: ``cashflows[0]`` happens at t = 0 and is not discounted,
``cashflows[t]`` at the end of period t; rates are fractions per period (0.1 is 10 %). Inputs and
outputs are plain floats. Bad arguments raise :class:`~calculators.InputError` naming the argument
and the value; an answer that does not exist (no IRR, never paid back) is ``None``.

IRR is a root of the NPV polynomial. A cash flow whose sign changes more than once can have
several; :func:`irr_candidates` lists them all and :func:`irr` picks the one numpy-financial 1.1.0
picks: the smallest rate >= 0 if there is one, else the negative rate closest to zero. The roots
are found without numpy: Descartes' rule of signs bounds their number, Rolle's theorem isolates
them between the roots of the derivative (found the same way), and a bracketing solver polishes
each. Rates >= 0 are searched as discount factors x = 1/(1+r) in (0, 1], rates in (-1, 0) as
growth factors g = 1+r in (0, 1), so nothing overflows however large the rate.
"""

from __future__ import annotations

import math
import numbers
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from itertools import pairwise

from ._errors import InputError

__all__ = [
    "discounted_payback_period",
    "irr",
    "irr_candidates",
    "mirr",
    "npv",
    "payback_period",
    "xirr",
    "xirr_candidates",
    "xnpv",
]

DAYS_PER_YEAR = 365.0
_REL_TOL = 4 * sys.float_info.epsilon
_MAX_SOLVER_STEPS = 4000  # bisection alone needs < 1100 steps to reach any double in (0, 1]

Terms = list[tuple[float, float]]  # (coefficient, exponent) pairs of a generalised polynomial


# -- public functions -----------------------------------------------------------------------


def npv(rate: float, cashflows: Sequence[float]) -> float:
    """Net present value at ``rate`` per period, the first flow at t = 0 (numpy-financial's npv).

    >>> round(npv(0.08, [-40_000, 5_000, 8_000, 12_000, 30_000]), 2)
    3065.22
    >>> npv(0.0, [-100, 60, 60])
    20.0
    """
    r = _rate(rate, "rate")
    flows = _cashflows(cashflows)
    return _npv(r, flows)


def irr(cashflows: Sequence[float]) -> float | None:
    """Internal rate of return per period: the rate where NPV is 0; ``None`` when none exists.

    When several rates qualify, the one numpy-financial 1.1.0 picks: the smallest rate >= 0, or,
    if all are negative, the one closest to zero (see :func:`irr_candidates`).

    >>> round(irr([-100, 39, 59, 55, 20]), 5)
    0.28095
    >>> round(irr([-100, 0, 0, 74]), 5)
    -0.0955
    >>> round(irr([-5, 10.5, 1, -8, 1]), 5)
    0.0886
    >>> irr([-100, -50]) is None
    True
    """
    return _pick_irr(irr_candidates(cashflows))


def irr_candidates(cashflows: Sequence[float]) -> list[float]:
    """Every rate > -1 where NPV is 0, ascending; more than one means the IRR is ambiguous.

    >>> [round(r, 4) for r in irr_candidates([-100, 230, -132])]
    [0.1, 0.2]
    >>> [round(r, 12) for r in irr_candidates([-100, 110])]
    [0.1]
    >>> irr_candidates([100, 50])
    []
    """
    flows = _cashflows(cashflows)
    return _rates_from_terms([(v, float(t)) for t, v in enumerate(flows)])


def mirr(cashflows: Sequence[float], finance_rate: float, reinvest_rate: float) -> float | None:
    """Modified IRR: negative flows financed at ``finance_rate``, positive ones reinvested at
    ``reinvest_rate``; ``None`` unless the flows hold both signs (numpy-financial's mirr).

    >>> round(mirr([-100, 50, -60, 70], 0.10, 0.12), 8)
    -0.03909367
    >>> mirr([-100, -50], 0.1, 0.1) is None
    True
    """
    flows = _cashflows(cashflows)
    fr = _rate(finance_rate, "finance_rate")
    rr = _rate(reinvest_rate, "reinvest_rate")
    positive = [max(v, 0.0) for v in flows]
    negative = [min(v, 0.0) for v in flows]
    if not any(positive) or not any(negative):
        return None
    gains = abs(_npv(rr, positive))
    outlay = abs(_npv(fr, negative))
    return (gains / outlay) ** (1.0 / (len(flows) - 1)) * (1.0 + rr) - 1.0


def xnpv(rate: float, cashflows: Sequence[float], dates: Sequence[date | str]) -> float:
    """NPV of flows on calendar dates, discounted to the first date over 365-day years (XNPV).

    ``dates`` are ``datetime.date`` objects or ISO strings, as many as the flows, in order.

    >>> flows = [-10_000, 2_750, 4_250, 3_250, 2_750]
    >>> days = ["2008-01-01", "2008-03-01", "2008-10-30", "2009-02-15", "2009-04-01"]
    >>> round(xnpv(0.09, flows, days), 6)
    2086.647602
    """
    r = _rate(rate, "rate")
    flows = _cashflows(cashflows)
    times = _year_fractions(dates, len(flows))
    return math.fsum(v / (1.0 + r) ** t for v, t in zip(flows, times, strict=True))


def xirr(cashflows: Sequence[float], dates: Sequence[date | str]) -> float | None:
    """Rate where :func:`xnpv` is 0 (spreadsheets' XIRR); ``None`` when none exists.

    When several rates qualify, the same rule as :func:`irr` picks one.

    >>> flows = [-10_000, 2_750, 4_250, 3_250, 2_750]
    >>> days = ["2008-01-01", "2008-03-01", "2008-10-30", "2009-02-15", "2009-04-01"]
    >>> round(xirr(flows, days), 6)
    0.373363
    """
    return _pick_irr(xirr_candidates(cashflows, dates))


def xirr_candidates(cashflows: Sequence[float], dates: Sequence[date | str]) -> list[float]:
    """Every rate > -1 where :func:`xnpv` is 0, ascending.

    >>> [round(r, 12) for r in xirr_candidates([-100, 110], ["2023-01-01", "2024-01-01"])]
    [0.1]
    """
    flows = _cashflows(cashflows)
    times = _year_fractions(dates, len(flows))
    return _rates_from_terms(list(zip(flows, times, strict=True)))


def payback_period(cashflows: Sequence[float]) -> float | None:
    """Periods until the cumulative cash flow turns non-negative for good, linear within the
    period; ``None`` when it ends negative.

    A later dip below zero (say a decommissioning cost) moves payback to the last recovery.

    >>> round(payback_period([-100, 39, 59, 55, 20]), 4)
    2.0364
    >>> payback_period([-100, 30, 30]) is None
    True
    """
    return _payback(_cashflows(cashflows))


def discounted_payback_period(rate: float, cashflows: Sequence[float]) -> float | None:
    """:func:`payback_period` of the flows discounted at ``rate`` per period.

    >>> round(discounted_payback_period(0.1, [-100, 60, 60]), 4)
    1.9167
    >>> discounted_payback_period(0.5, [-100, 60, 60]) is None
    True
    """
    r = _rate(rate, "rate")
    flows = _cashflows(cashflows)
    return _payback([v / (1.0 + r) ** t for t, v in enumerate(flows)])


# -- shared arithmetic ----------------------------------------------------------------------


def _npv(rate: float, flows: Sequence[float]) -> float:
    factor = 1.0 / (1.0 + rate)
    return math.fsum(v * factor**t for t, v in enumerate(flows))


def _payback(flows: Sequence[float]) -> float | None:
    cumulative = 0.0
    last_negative: tuple[int, float] | None = None  # (period, cumulative) of the last deficit
    for t, v in enumerate(flows):
        cumulative += v
        if cumulative < 0:
            last_negative = (t, cumulative)
    if last_negative is None:
        return 0.0
    t, deficit = last_negative
    if t == len(flows) - 1:
        return None
    return t + min(1.0, -deficit / flows[t + 1])


def _pick_irr(candidates: list[float]) -> float | None:
    """numpy-financial 1.1.0's ``_irr_default_selection`` on sorted candidates."""
    non_negative = [r for r in candidates if r >= 0]
    if non_negative:
        return non_negative[0]
    return candidates[-1] if candidates else None


# -- roots of generalised polynomials ---------------------------------------------------------


def _rates_from_terms(flows_at: Terms) -> list[float]:
    """Rates r > -1 with sum(v / (1+r)**t) == 0, from (v, t) pairs."""
    horizon = max((t for _, t in flows_at), default=0.0)
    # In x = 1/(1+r), r >= 0 is x in (0, 1]; in g = 1+r (times g**horizon), r < 0 is g in (0, 1).
    # A root x near 0 is a rate no float can hold (flows like -5e-324, 2): it is left out.
    inverses = [1.0 / x - 1.0 for x in _unit_roots(flows_at) if x > 0]
    at_or_above_zero = [r for r in inverses if math.isfinite(r)]
    below_zero = [g - 1.0 for g in _unit_roots([(v, horizon - t) for v, t in flows_at]) if g < 1]
    return sorted(below_zero + at_or_above_zero)


def _unit_roots(terms: Terms) -> list[float]:
    """Ascending roots in (0, 1] of f(y) = sum(c * y**e), found by Rolle on its derivative."""
    terms = _normalised(terms)
    changes = _sign_changes(terms)
    if changes == 0:
        return []  # Descartes: no positive root at all
    points = [0.0, 1.0] if changes == 1 else [0.0, *_unit_roots(_derivative(terms)), 1.0]
    f = _evaluator(terms)
    values = [f(p) for p in points]
    roots = [p for p, fp in zip(points, values, strict=True) if fp == 0 and p > 0]
    for (a, fa), (b, fb) in pairwise(zip(points, values, strict=True)):
        if (fa < 0 < fb) or (fb < 0 < fa):
            roots.append(_solve(f, a, fa, b, fb))
    return sorted(roots)


def _normalised(terms: Iterable[tuple[float, float]]) -> Terms:
    """Terms of equal exponent merged, zeros dropped, by ascending exponent, divided by
    y**(lowest exponent) so that f(0) != 0 and the signs follow Descartes' rule."""
    merged: dict[float, list[float]] = {}
    for c, e in terms:
        merged.setdefault(e, []).append(c)
    kept = [(math.fsum(cs), e) for e, cs in sorted(merged.items())]
    kept = [(c, e) for c, e in kept if c != 0]
    if not kept:
        return []
    lowest = kept[0][1]
    return [(c, e - lowest) for c, e in kept]


def _sign_changes(terms: Terms) -> int:
    signs = [c > 0 for c, _ in terms]
    return sum(1 for a, b in pairwise(signs) if a != b)


def _derivative(terms: Terms) -> Terms:
    return [(c * e, e - 1.0) for c, e in terms if e > 0]


def _evaluator(terms: Terms) -> Callable[[float], float]:
    def f(y: float) -> float:
        return math.fsum(c * y**e for c, e in terms)

    return f


def _halved(value: float) -> float:
    """Illinois' halving of a bracket value, which must keep its sign: a subnormal value too
    small to halve stays as it is."""
    half = value / 2
    return half if half != 0 else value


def _solve(f: Callable[[float], float], a: float, fa: float, b: float, fb: float) -> float:
    """The root of ``f`` in (a, b), f(a) and f(b) of opposite signs: Illinois steps, and a
    bisection whenever two steps in a row failed to halve the bracket."""
    slow_steps = 0
    side = 0
    for _ in range(_MAX_SOLVER_STEPS):
        width = b - a
        if width <= _REL_TOL * b:
            break
        x = a + width / 2
        # The secant needs f(a) and f(b) of opposite signs; near a root whose values are
        # subnormal they can round to the same tiny number: bisect then.
        if slow_steps < 2 and ((fa < 0 < fb) or (fb < 0 < fa)):
            secant = (a * fb - b * fa) / (fb - fa)
            if a < secant < b:
                x = secant
        if not a < x < b:
            break  # no double between a and b
        fx = f(x)
        if fx == 0:
            return x
        if (fx > 0) == (fb > 0):
            b, fb = x, fx
            fa = _halved(fa) if side == -1 else fa
            side = -1
        else:
            a, fa = x, fx
            fb = _halved(fb) if side == 1 else fb
            side = 1
        slow_steps = slow_steps + 1 if b - a > width / 2 else 0
    return a + (b - a) / 2


# -- argument checks ------------------------------------------------------------------------


def _number(value: object, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise InputError(f"'{name}' must be a number (got {value!r})", field=name)
    number = float(value)
    if not math.isfinite(number):
        raise InputError(f"'{name}' must be a finite number (got {value!r})", field=name)
    return number


def _rate(value: object, name: str) -> float:
    rate = _number(value, name)
    if rate <= -1:
        raise InputError(f"'{name}' must be > -1 (got {value!r})", field=name)
    return rate


def _cashflows(cashflows: object) -> list[float]:
    if isinstance(cashflows, str | bytes | dict) or not isinstance(cashflows, Iterable):
        raise InputError(
            f"'cashflows' must be a list of numbers (got {cashflows!r})", field="cashflows"
        )
    flows = [_number(v, f"cashflows[{i}]") for i, v in enumerate(cashflows)]
    if not flows:
        raise InputError("'cashflows' must hold at least one number (got [])", field="cashflows")
    return flows


def _year_fractions(dates: object, count: int) -> list[float]:
    """(date - first date).days / 365 for each date; dates in order, one per flow."""
    if isinstance(dates, str | bytes | dict) or not isinstance(dates, Iterable):
        raise InputError(f"'dates' must be a list of dates (got {dates!r})", field="dates")
    days = [_date(d, f"dates[{i}]") for i, d in enumerate(dates)]
    if len(days) != count:
        raise InputError(
            f"'dates' must hold one date per cash flow ({count}) (got {len(days)})", field="dates"
        )
    for i, (before, after) in enumerate(pairwise(days), start=1):
        if after < before:
            raise InputError(
                f"'dates[{i}]' must not be earlier than 'dates[{i - 1}]' ({before.isoformat()})"
                f" (got {after.isoformat()})",
                field=f"dates[{i}]",
            )
    return [(d - days[0]).days / DAYS_PER_YEAR for d in days]


def _date(value: object, name: str) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise InputError(f"'{name}' must be a date or an ISO date string (got {value!r})", field=name)
