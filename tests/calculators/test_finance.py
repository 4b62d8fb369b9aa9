"""calculators.finance against numpy-financial 1.1.0, spreadsheet values and identities."""

from __future__ import annotations

import math
import sys
import warnings
from datetime import date, datetime, timedelta

import numpy as np
import numpy_financial as npf
import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from calculators import InputError, finance
from calculators.finance import (
    discounted_payback_period,
    irr,
    irr_candidates,
    mirr,
    npv,
    payback_period,
    xirr,
    xirr_candidates,
    xnpv,
)
from tests.conftest import examples

# The classic example of Excel's XIRR and XNPV documentation.
EXCEL_FLOWS = [-10_000, 2_750, 4_250, 3_250, 2_750]
EXCEL_DATES = [
    date(2008, 1, 1),
    date(2008, 3, 1),
    date(2008, 10, 30),
    date(2009, 2, 15),
    date(2009, 4, 1),
]

amounts = st.one_of(
    st.integers(-10_000, 10_000),
    st.floats(-10_000, 10_000, allow_nan=False).map(lambda x: round(x, 2)),
    st.just(0),
)
cashflows = st.lists(amounts, min_size=1, max_size=12)
rates = st.floats(-0.9, 1.5, allow_nan=False)
conventional = st.tuples(
    st.floats(1, 1e6), st.lists(st.floats(0, 1e6), min_size=1, max_size=10)
).map(lambda t: [-t[0], *t[1]])


def scale(rate: float, flows: list[float]) -> float:
    """The size of the discounted terms, for tolerances of sums that cancel."""
    return sum(abs(v) / (1 + rate) ** t for t, v in enumerate(flows)) + 1.0


def quiet(fn, *args):
    """Call numpy-financial with its warnings silenced (pytest turns warnings into errors)."""
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return fn(*args)


def numpy_irr(flows: list[float]) -> float | None:
    """numpy-financial's IRR, None for nan and for -1 (the root g = 0 that trailing zeros add)."""
    value = float(quiet(npf.irr, flows))
    return None if math.isnan(value) or value == -1 else value


def well_conditioned(flows: list[float]) -> bool:
    """No near-double root for np.roots to split into a complex pair, or to merge."""
    if not any(flows):
        return True
    roots = quiet(np.roots, flows)
    roots = roots[np.abs(roots) > 1e-9]
    for i, g in enumerate(roots):
        size = max(1.0, abs(g))
        if 0 < abs(g.imag) < 1e-5 * size:
            return False
        if any(abs(g - h) < 1e-5 * size for h in roots[i + 1 :]):
            return False
    return True


def numpy_real_rates(flows: list[float]) -> list[float]:
    roots = quiet(np.roots, flows)
    real = np.real(roots[np.isreal(roots)]) - 1
    return sorted(float(r) for r in real if r > -1)


class TestPublicApi:
    def test_all_is_pinned(self):
        """The public names are exactly these, so an addition is a decision."""
        assert sorted(finance.__all__) == [
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


class TestNpv:
    @given(rates, cashflows)
    def test_matches_numpy_financial(self, rate, flows):
        """NPV equals numpy-financial's npv on any flows and rate."""
        expected = float(npf.npv(rate, flows))
        assert npv(rate, flows) == pytest.approx(expected, rel=1e-9, abs=1e-9 * scale(rate, flows))

    def test_first_flow_is_not_discounted(self):
        """The first flow is at t = 0: a single flow is its own NPV."""
        assert npv(0.5, [-123.0]) == -123.0

    def test_hand_computed(self):
        """-100 + 60/1.1 + 60/1.21, worked by hand."""
        assert npv(0.1, [-100, 60, 60]) == pytest.approx(4.132231405, abs=1e-9)

    def test_returns_plain_float(self):
        """Integers in, a plain float out."""
        assert type(npv(0, [1, 2])) is float

    @given(conventional, rates, rates)
    def test_higher_rate_never_raises_conventional_npv(self, flows, r1, r2):
        """For an outlay followed by inflows, NPV falls as the rate rises."""
        low, high = sorted((r1, r2))
        assert npv(high, flows) <= npv(low, flows) + 1e-9 * scale(low, flows)

    @pytest.mark.parametrize(
        ("rate", "message"),
        [
            (-1, "'rate' must be > -1 (got -1)"),
            (-1.5, "'rate' must be > -1 (got -1.5)"),
            (math.nan, "'rate' must be a finite number (got nan)"),
            (math.inf, "'rate' must be a finite number (got inf)"),
            ("0.1", "'rate' must be a number (got '0.1')"),
            (True, "'rate' must be a number (got True)"),
            (None, "'rate' must be a number (got None)"),
        ],
    )
    def test_refuses_bad_rate(self, rate, message):
        """A rate that is not a finite number above -1 is refused, naming 'rate'."""
        with pytest.raises(InputError) as err:
            npv(rate, [1, 2])
        assert str(err.value) == message
        assert err.value.field == "rate"

    @pytest.mark.parametrize(
        ("flows", "field", "fragment"),
        [
            ([], "cashflows", "at least one number"),
            ("1,2", "cashflows", "must be a list of numbers"),
            (None, "cashflows", "must be a list of numbers"),
            ({"a": 1}, "cashflows", "must be a list of numbers"),
            ([1, math.nan], "cashflows[1]", "'cashflows[1]' must be a finite number (got nan)"),
            ([1, 2, -math.inf], "cashflows[2]", "finite number"),
            ([1, "2"], "cashflows[1]", "'cashflows[1]' must be a number (got '2')"),
            ([False, 2], "cashflows[0]", "must be a number (got False)"),
        ],
    )
    def test_refuses_bad_cashflows(self, flows, field, fragment):
        """Empty, non-list or non-finite flows are refused, naming the flow."""
        with pytest.raises(InputError) as err:
            npv(0.1, flows)
        assert fragment in str(err.value)
        assert err.value.field == field


class TestIrr:
    @settings(max_examples=examples(400))
    @given(cashflows)
    @example([-100, 230, -132])  # two roots, 10 % and 20 %
    @example([-100, 100, 0, -7])  # numpy-financial's own multi-root examples
    @example([-5, 10.5, 1, -8, 1])
    @example([0, -5, 3])  # a leading zero
    @example([-100, 110, 0, 0])  # trailing zeros add roots at r = -1 for numpy
    def test_matches_numpy_financial(self, flows):
        """IRR equals numpy-financial's, including its choice among several roots."""
        assume(well_conditioned(flows))
        got, expected = irr(flows), numpy_irr(flows)
        if expected is None:
            assert got is None
        else:
            assert got == pytest.approx(expected, rel=1e-7, abs=1e-9)

    def test_documented_examples(self):
        """numpy-financial's documented answers."""
        assert round(irr([-100, 39, 59, 55, 20]), 5) == 0.28095
        assert round(irr([-100, 0, 0, 74]), 5) == -0.0955
        assert round(irr([-100, 100, 0, -7]), 5) == -0.0833
        assert round(irr([-100, 100, 0, 7]), 5) == 0.06206
        assert round(irr([-5, 10.5, 1, -8, 1]), 5) == 0.0886

    def test_picks_smallest_non_negative_root(self):
        """Of the roots 10 % and 20 %, the smaller one."""
        assert irr([-100, 230, -132]) == pytest.approx(0.1, abs=1e-12)

    def test_picks_negative_root_closest_to_zero(self):
        """When every root is negative, the one closest to zero: (1+r) in {0.5, 0.8}."""
        # 1/g^2 terms: -1 + 1.3 / g - 0.4 / g^2 = 0 for g = 0.5 and g = 0.8
        assert irr([-1, 1.3, -0.4]) == pytest.approx(-0.2, abs=1e-12)

    @pytest.mark.parametrize("flows", [[100, 50], [-100, -50], [0, 0, 0], [5], [-100, 0, 0]])
    def test_none_without_a_root(self, flows):
        """One sign only, or all zeros, has no IRR."""
        assert irr(flows) is None

    def test_rate_minus_one_is_not_an_irr(self):
        """Trailing zeros put a root at r = -1 for numpy; NPV is undefined there, so None."""
        assert numpy_irr([-100, 0]) is None  # numpy-financial says -1.0
        assert irr([-100, 0]) is None

    @given(cashflows)
    def test_npv_at_irr_is_zero(self, flows):
        """npv(irr(c), c) == 0, relative to the size of the discounted flows."""
        rate = irr(flows)
        assume(rate is not None)
        assert abs(npv(rate, flows)) <= 1e-8 * scale(rate, flows)

    def test_long_monthly_flows(self):
        """360 monthly flows solve fast and agree with numpy-financial."""
        flows = [-1000.0] + [12.0] * 359
        assert irr(flows) == pytest.approx(numpy_irr(flows), rel=1e-9)

    def test_refuses_bad_cashflows(self):
        """Bad flows are refused as for npv."""
        with pytest.raises(InputError) as err:
            irr([1, math.nan])
        assert err.value.field == "cashflows[1]"


class TestIrrCandidates:
    @settings(max_examples=examples(300))
    @given(cashflows)
    def test_match_numpy_real_roots(self, flows):
        """Every real root of numpy's polynomial above -1, none missed, none extra."""
        assume(well_conditioned(flows))
        got = irr_candidates(flows)
        expected = numpy_real_rates(flows) if any(flows) else []
        assert got == pytest.approx(expected, rel=1e-7, abs=1e-9)

    def test_two_roots(self):
        """-100, +230, -132 has IRRs of exactly 10 % and 20 %."""
        assert irr_candidates([-100, 230, -132]) == pytest.approx([0.1, 0.2], abs=1e-12)

    def test_ascending_and_above_minus_one(self):
        """Candidates are sorted and all above -1."""
        got = irr_candidates([-1, 1.3, -0.4])
        assert got == sorted(got)
        assert all(r > -1 for r in got)

    def test_close_pair_is_resolved(self):
        """Roots 1e-6 apart (a near-tangent NPV curve) are both found."""
        a, b = 1.1, 1.1 + 1e-6  # (g - a)(g - b) = g^2 - (a+b) g + ab
        got = irr_candidates([1.0, -(a + b), a * b])
        assert got == pytest.approx([a - 1, b - 1], abs=1e-9)

    def test_huge_rate(self):
        """A rate of 10^6 needs no overflow-prone evaluation."""
        assert irr_candidates([-1, 1_000_001]) == pytest.approx([1e6], rel=1e-12)

    def test_subnormal_flow_near_its_root(self):
        """A subnormal outlay: near the root every value of NPV is a subnormal that rounds to
        the same tiny number on both sides of the bracket (found by Hypothesis through the ROI
        model: a ZeroDivisionError in the secant step). The rate is (v3 / -v0)**(1/3) - 1."""
        outlay, income = 2.2250738585e-313, 0.81640625
        rate = math.exp((math.log(income) - math.log(outlay)) / 3) - 1
        assert irr_candidates([-outlay, 0, 0, income]) == pytest.approx([rate], rel=1e-9)
        assert irr([-outlay, 0, 0, income]) == pytest.approx(rate, rel=1e-9)

    @given(st.floats(5e-324, 1e-300), st.floats(1e-3, 1e3), st.integers(1, 6))
    def test_tiny_outlays_never_break_the_solver(self, outlay, income, years):
        """No error, one rate at most. Accurate while the discount factors near the root are
        normal doubles; once they are subnormal (few bits or none left), only its sign is."""
        got = irr_candidates([-outlay, *[0.0] * (years - 1), income])
        log_growth = (math.log(income) - math.log(outlay)) / years  # log(1 + rate), exactly
        if log_growth > math.log(sys.float_info.max):
            assert got == []  # a rate no double can hold
            return
        assert len(got) <= 1
        if outlay / income >= sys.float_info.min:
            assert len(got) == 1
            assert math.log1p(got[0]) == pytest.approx(log_growth, rel=1e-6)
        else:
            assert all(rate > 0 for rate in got)


class TestMirr:
    @given(
        cashflows.filter(lambda c: len(c) >= 2),
        st.floats(-0.5, 1, allow_nan=False),
        st.floats(-0.5, 1, allow_nan=False),
    )
    def test_matches_numpy_financial(self, flows, finance_rate, reinvest_rate):
        """MIRR equals numpy-financial's; None where it gives nan."""
        expected = float(quiet(npf.mirr, flows, finance_rate, reinvest_rate))
        got = mirr(flows, finance_rate, reinvest_rate)
        if math.isnan(expected):
            assert got is None
        else:
            assert got == pytest.approx(expected, rel=1e-9, abs=1e-12)

    def test_documented_example(self):
        """numpy-financial's documented answer."""
        assert mirr([-100, 50, -60, 70], 0.10, 0.12) == pytest.approx(
            -0.03909366594356467, rel=1e-12
        )

    def test_equals_irr_when_rates_equal_irr(self):
        """A conventional project's MIRR at rates equal to its IRR is the IRR."""
        flows = [-100, 39, 59, 55, 20]
        rate = irr(flows)
        assert mirr(flows, rate, rate) == pytest.approx(rate, rel=1e-9)

    def test_none_with_one_sign(self):
        """Without both signs there is no MIRR."""
        assert mirr([100, 50, 60], 0.1, 0.1) is None

    @pytest.mark.parametrize("name", ["finance_rate", "reinvest_rate"])
    def test_refuses_rate_at_or_below_minus_one(self, name):
        """Either rate at -1 is refused, naming it."""
        kwargs = {"finance_rate": 0.1, "reinvest_rate": 0.1, name: -1}
        with pytest.raises(InputError) as err:
            mirr([-100, 110], **kwargs)
        assert str(err.value) == f"'{name}' must be > -1 (got -1)"
        assert err.value.field == name


class TestXnpv:
    def test_excel_example(self):
        """Excel's documented XNPV at 9 %: 2086.647602."""
        assert xnpv(0.09, EXCEL_FLOWS, EXCEL_DATES) == pytest.approx(2086.647602, abs=1e-6)

    def test_accepts_iso_strings_and_datetimes(self):
        """ISO strings and datetimes mean the same days as dates."""
        strings = [d.isoformat() for d in EXCEL_DATES]
        stamps = [datetime(d.year, d.month, d.day, 12) for d in EXCEL_DATES]
        expected = xnpv(0.09, EXCEL_FLOWS, EXCEL_DATES)
        assert xnpv(0.09, EXCEL_FLOWS, strings) == expected
        assert xnpv(0.09, EXCEL_FLOWS, stamps) == expected

    @given(rates, cashflows)
    def test_equals_npv_on_365_day_years(self, rate, flows):
        """Dates 365 days apart make XNPV the NPV."""
        dates = [date(2001, 1, 1) + timedelta(days=365 * t) for t in range(len(flows))]
        assert xnpv(rate, flows, dates) == pytest.approx(
            npv(rate, flows), rel=1e-9, abs=1e-9 * scale(rate, flows)
        )

    def test_same_day_flows_add_up(self):
        """Two flows on the first day are both undiscounted."""
        assert xnpv(
            0.1, [-50, -50, 110], ["2020-01-01", "2020-01-01", "2020-12-31"]
        ) == pytest.approx(0.0, abs=1e-9)

    @pytest.mark.parametrize(
        ("dates", "field", "fragment"),
        [
            (["2020-01-01"], "dates", "one date per cash flow (2) (got 1)"),
            (
                ["2020-01-01", "2020-01-02", "2020-01-03"],
                "dates",
                "one date per cash flow (2) (got 3)",
            ),
            (
                ["2020-02-01", "2020-01-01"],
                "dates[1]",
                "must not be earlier than 'dates[0]' (2020-02-01) (got 2020-01-01)",
            ),
            (
                ["2020-01-01", "01/02/2020"],
                "dates[1]",
                "must be a date or an ISO date string (got '01/02/2020')",
            ),
            (["2020-01-01", 20200102], "dates[1]", "must be a date"),
            ("2020-01-01", "dates", "must be a list of dates"),
            (None, "dates", "must be a list of dates"),
        ],
    )
    def test_refuses_bad_dates(self, dates, field, fragment):
        """Dates of another count, out of order or not dates are refused, naming the date."""
        with pytest.raises(InputError) as err:
            xnpv(0.1, [-100, 110], dates)
        assert fragment in str(err.value)
        assert err.value.field == field

    def test_refuses_bad_rate(self):
        """A rate at -1 is refused."""
        with pytest.raises(InputError) as err:
            xnpv(-1, [-100, 110], ["2020-01-01", "2021-01-01"])
        assert err.value.field == "rate"


class TestXirr:
    def test_excel_example(self):
        """Excel's documented XIRR: 0.373362535 (Excel stops at about 1e-8)."""
        assert xirr(EXCEL_FLOWS, EXCEL_DATES) == pytest.approx(0.373362535, abs=1e-8)

    def test_xnpv_at_xirr_is_zero(self):
        """xnpv(xirr(c, d), c, d) == 0."""
        rate = xirr(EXCEL_FLOWS, EXCEL_DATES)
        assert abs(xnpv(rate, EXCEL_FLOWS, EXCEL_DATES)) < 1e-8

    @given(cashflows)
    def test_equals_irr_on_365_day_years(self, flows):
        """Dates 365 days apart make XIRR the IRR, with the same choice among roots."""
        dates = [date(2001, 1, 1) + timedelta(days=365 * t) for t in range(len(flows))]
        got, expected = xirr(flows, dates), irr(flows)
        if expected is None:
            assert got is None
        else:
            assert got == pytest.approx(expected, rel=1e-9, abs=1e-12)

    def test_none_with_one_sign(self):
        """Only inflows: no rate."""
        assert xirr([10, 20], ["2020-01-01", "2020-06-01"]) is None

    def test_fractional_years(self):
        """-100 then +121 after 730 days is 10 % a year."""
        assert xirr(
            [-100, 121], [date(2020, 1, 1), date(2020, 1, 1) + timedelta(days=730)]
        ) == pytest.approx(0.1)

    def test_refuses_dates_out_of_order(self):
        """Out-of-order dates are refused, naming the date."""
        with pytest.raises(InputError) as err:
            xirr([-100, 110], ["2021-01-01", "2020-01-01"])
        assert err.value.field == "dates[1]"


class TestXirrCandidates:
    def test_two_roots_on_yearly_dates(self):
        """The two-root flows give both rates on 365-day years."""
        dates = ["2001-01-01", "2002-01-01", "2003-01-01"]  # 365 days apart each
        assert xirr_candidates([-100, 230, -132], dates) == pytest.approx([0.1, 0.2], abs=1e-12)

    def test_same_day_flows_are_netted(self):
        """Flows on the same day that cancel leave the rate of the others."""
        dates = ["2020-01-01", "2020-01-01", "2020-06-01", "2021-06-01"]  # 365 days apart
        assert xirr_candidates([50, -50, -100, 110], dates) == pytest.approx([0.1], abs=1e-12)

    def test_refuses_length_mismatch(self):
        """One date per flow."""
        with pytest.raises(InputError) as err:
            xirr_candidates([-100, 110], ["2001-01-01"])
        assert err.value.field == "dates"


def cumulative(flows: list[float]) -> list[float]:
    out, total = [], 0.0
    for v in flows:
        total += v
        out.append(total)
    return out


class TestPaybackPeriod:
    def test_hand_computed(self):
        """Cumulative -100, -61, -2, 53: paid back 2/55 into period 3."""
        assert payback_period([-100, 39, 59, 55, 20]) == pytest.approx(2 + 2 / 55)

    def test_exact_period(self):
        """Reaching exactly zero at the end of a period pays back then."""
        assert payback_period([-100, 50, 50, 10]) == 2.0

    def test_never(self):
        """Ending below zero never pays back."""
        assert payback_period([-100, 30, 30]) is None

    def test_already_paid_back(self):
        """Never negative: paid back at t = 0."""
        assert payback_period([0, 10, 10]) == 0.0

    def test_later_dip_moves_payback(self):
        """A later dip below zero moves payback to the final recovery."""
        assert payback_period([-100, 150, -100, 100]) == pytest.approx(2.5)

    @given(cashflows)
    def test_agrees_with_cumulative_cash_flow(self, flows):
        """Cumulative is >= 0 from the payback on, and crosses zero inside the payback period."""
        period = payback_period(flows)
        totals = cumulative(flows)
        tol = 1e-9 * (sum(abs(v) for v in flows) + 1)
        if period is None:
            assert totals[-1] < 0
            return
        start = math.ceil(period)
        assert all(c >= -tol for c in totals[start:])
        if period > 0:
            t = math.floor(period) if period != start else start - 1
            assert totals[t] < 0
            assert totals[t] + (period - t) * flows[t + 1] == pytest.approx(0, abs=tol)

    def test_refuses_empty_flows(self):
        """No flows, no answer."""
        with pytest.raises(InputError) as err:
            payback_period([])
        assert err.value.field == "cashflows"


class TestDiscountedPaybackPeriod:
    def test_hand_computed(self):
        """-100, 54.55, 49.59 cumulates to -45.45 then +4.13: 1 + 45.45/49.59 periods."""
        assert discounted_payback_period(0.1, [-100, 60, 60]) == pytest.approx(
            1 + (100 - 60 / 1.1) / (60 / 1.21)
        )

    def test_never(self):
        """At 50 % the same flows never pay back."""
        assert discounted_payback_period(0.5, [-100, 60, 60]) is None

    @given(conventional, st.floats(0, 1))
    def test_never_before_simple_payback(self, flows, rate):
        """Discounting can only delay payback for a conventional project."""
        simple = payback_period(flows)
        discounted = discounted_payback_period(rate, flows)
        if discounted is not None:
            assert simple is not None
            assert discounted >= simple - 1e-9

    def test_refuses_bad_rate(self):
        """A rate at -1 is refused, naming 'rate'."""
        with pytest.raises(InputError) as err:
            discounted_payback_period(-1, [-100, 60])
        assert err.value.field == "rate"
