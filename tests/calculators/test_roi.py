"""The ROI model: hand-computed cases, properties, the simulation, the A/B helper, bad input."""

from __future__ import annotations

import copy
import json
import math
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from calculators import InputError, _montecarlo, _roi
from calculators._roi import ab_compare, evaluate_case, format_roi_text
from tests.conftest import DELETE, examples, put

V1 = 1 / 1.1  # discount factors at 10 %
V2 = 1 / 1.21


def simple_case(**top) -> dict:
    """100 spent at t = 0; 60 a year of benefit in years 1 and 2 (1000 x 0.5 x 0.12); 10 %."""
    case = {
        "discount_rate": 0.1,
        "horizon_years": 2,
        "adoption": {"curve": "linear", "target": 1.0, "by_year": 0},
        "costs": [
            {"id": "build", "category": "build", "amount": 100, "timing": "one_time", "year": 0}
        ],
        "benefits": [
            {
                "id": "claims",
                "category": "cost",
                "volume": 1000,
                "reduction": 0.5,
                "unit_cost": 0.12,
            }
        ],
    }
    case.update(top)
    return case


def full_case() -> dict:
    """Every kind of field, valid: the base for the bad-input tests."""
    return {
        "name": "Test case",
        "currency": "EUR",
        "discount_rate": 0.1,
        "horizon_years": 2,
        "initial_period": True,
        "users": 100,
        "sensitivity_range": 0.2,
        "adoption": {"curve": "s_curve", "target": 0.8, "by_year": 1},
        "costs": [
            {
                "id": "build",
                "label": "Build",
                "category": "build",
                "amount": 100,
                "timing": "one_time",
                "year": 0,
            },
            {
                "id": "seats",
                "category": "run_inference",
                "amount": 1,
                "timing": "recurring",
                "start_year": 1,
                "growth": 0.05,
                "per_user": True,
                "risk_adjustment": 0.1,
            },
        ],
        "benefits": [
            {
                "id": "claims",
                "category": "cost",
                "volume": 1000,
                "reduction": 0.5,
                "unit_cost": 0.12,
            },
            {
                "id": "upsell",
                "category": "revenue",
                "volume": 100,
                "conversion_uplift": 0.1,
                "deal_size": 10,
                "margin": 0.5,
                "start_year": 1,
                "growth": 0.1,
                "risk_adjustment": 0.2,
                "scales_with_adoption": True,
            },
        ],
        "flexibility": [{"id": "reuse", "label": "Reuse", "value": 50, "probability": 0.5}],
        "uncertainty": [
            {
                "driver": "benefits.claims.volume",
                "distribution": "pert",
                "low": 500,
                "mode": 1000,
                "high": 1500,
            },
            {
                "driver": "costs.build.amount",
                "distribution": "triangular",
                "low": 80,
                "mode": 100,
                "high": 150,
            },
        ],
    }


def line(result: dict, line_id: str) -> dict:
    return next(row for row in result["lines"] if row["id"] == line_id)


class TestPublicApi:
    def test_all_is_pinned(self):
        """The public names are exactly these."""
        assert sorted(_roi.__all__) == [
            "ab_compare",
            "evaluate_case",
            "format_roi_text",
            "years_csv",
        ]


class TestEvaluateCase:
    def test_headline_by_hand(self):
        """NPV, IRR, MIRR, paybacks, ROI and present values of the simple case, worked by hand."""
        r = evaluate_case(simple_case())
        npv = -100 + 60 * V1 + 60 * V2
        assert r["npv"] == pytest.approx(npv)
        assert r["pv_costs"] == pytest.approx(100)
        assert r["pv_benefits"] == pytest.approx(60 * V1 + 60 * V2)
        assert r["roi"] == pytest.approx(npv / 100)
        assert r["irr"] == pytest.approx((60 + math.sqrt(60**2 + 4 * 100 * 60)) / 200 - 1)
        assert r["irr_ambiguous"] is False
        assert r["mirr"] == pytest.approx(math.sqrt((60 * 1.1 + 60) / 100) - 1)
        assert r["payback_months"] == pytest.approx(12 * (1 + 40 / 60))
        assert r["discounted_payback_months"] == pytest.approx(
            12 * (1 + (100 - 60 * V1) / (60 * V2))
        )

    def test_years_table(self):
        """One row per year from the initial period, costs and benefits as positive amounts."""
        rows = evaluate_case(simple_case())["years"]
        assert [row["year"] for row in rows] == [0, 1, 2]
        assert [row["costs"] for row in rows] == pytest.approx([100, 0, 0])
        assert [row["benefits"] for row in rows] == pytest.approx([0, 60, 60])
        assert [row["net"] for row in rows] == pytest.approx([-100, 60, 60])
        assert [row["cumulative"] for row in rows] == pytest.approx([-100, -40, 20])
        assert [row["discounted_cumulative"] for row in rows] == pytest.approx(
            [-100, -100 + 60 * V1, -100 + 60 * V1 + 60 * V2]
        )
        assert [row["adoption"] for row in rows] == [0.0, 1.0, 1.0]

    def test_without_initial_period(self):
        """Without an initial period the table starts at year 1 and year 1 is discounted."""
        case = simple_case(initial_period=False)
        case["costs"][0]["year"] = 1
        r = evaluate_case(case)
        assert [row["year"] for row in r["years"]] == [1, 2]
        assert r["npv"] == pytest.approx(-40 * V1 + 60 * V2)

    @pytest.mark.parametrize(
        ("curve", "by_year", "shares"),
        [
            ("linear", 2, [0.25, 0.75, 1.0]),  # average of t/2 over each year
            ("s_curve", 2, [0.1875, 0.8125, 1.0]),  # integral of 3u^2 - 2u^3
            ("s_curve", 1, [0.5, 1.0, 1.0]),
            ("linear", 0, [1.0, 1.0, 1.0]),
        ],
    )
    def test_adoption_ramp(self, curve, by_year, shares):
        """A year's adoption is the average share of the ramp over that year, times the target."""
        case = simple_case(
            horizon_years=3, adoption={"curve": curve, "target": 0.5, "by_year": by_year}
        )
        r = evaluate_case(case)
        assert [row["adoption"] for row in r["years"]] == pytest.approx(
            [0.0] + [0.5 * s for s in shares]
        )
        assert line(r, "claims")["values"] == pytest.approx([0.0] + [30 * s for s in shares])

    @pytest.mark.parametrize(
        ("benefit", "value"),
        [
            (
                {
                    "category": "revenue",
                    "volume": 1000,
                    "conversion_uplift": 0.02,
                    "deal_size": 500,
                    "margin": 0.5,
                },
                5000,
            ),
            ({"category": "cost", "volume": 2000, "reduction": 0.25, "unit_cost": 8}, 4000),
            (
                {
                    "category": "productivity",
                    "hours_saved": 1000,
                    "loaded_rate": 50,
                    "redeployed": 0.4,
                },
                20000,
            ),
            ({"category": "risk", "incidents_avoided": 2, "expected_loss": 10000}, 20000),
        ],
    )
    def test_benefit_formulas(self, benefit, value):
        """Each category multiplies its drivers into a yearly value."""
        r = evaluate_case(simple_case(benefits=[{"id": "b", **benefit}]))
        assert line(r, "b")["values"] == pytest.approx([0, value, value])

    def test_unredeployed_hours_are_no_return(self):
        """Hours saved with nothing redeployed add nothing, and a note says why."""
        benefit = {
            "id": "hours",
            "category": "productivity",
            "hours_saved": 1000,
            "loaded_rate": 50,
            "redeployed": 0,
        }
        r = evaluate_case(simple_case(benefits=[benefit]))
        assert r["pv_benefits"] == 0
        assert any("'hours'" in note and "redirected" in note for note in r["notes"])

    def test_recurring_cost_with_growth(self):
        """A recurring cost grows from its start year."""
        cost = {
            "id": "ops",
            "category": "people",
            "amount": 100,
            "timing": "recurring",
            "growth": 0.1,
        }
        r = evaluate_case(simple_case(horizon_years=3, costs=[cost]))
        assert line(r, "ops")["values"] == pytest.approx([0, 100, 110, 121])
        late = evaluate_case(simple_case(horizon_years=3, costs=[{**cost, "start_year": 2}]))
        assert line(late, "ops")["values"] == pytest.approx([0, 0, 100, 110])

    def test_recurring_cost_from_initial_period(self):
        """A recurring cost can start in the initial period."""
        cost = {
            "id": "ops",
            "category": "run_platform",
            "amount": 10,
            "timing": "recurring",
            "start_year": 0,
        }
        assert line(evaluate_case(simple_case(costs=[cost])), "ops")["values"] == [10, 10, 10]

    def test_per_user_cost_follows_adoption(self):
        """A per-user cost is amount x users x adoption share of the year."""
        cost = {
            "id": "seats",
            "category": "run_inference",
            "amount": 10,
            "timing": "recurring",
            "per_user": True,
        }
        case = simple_case(
            users=100, costs=[cost], adoption={"curve": "linear", "target": 0.5, "by_year": 2}
        )
        assert line(evaluate_case(case), "seats")["values"] == pytest.approx([0, 125, 375])

    def test_benefit_can_ignore_adoption(self):
        """scales_with_adoption false keeps the full value whatever the ramp."""
        case = simple_case(adoption={"curve": "linear", "target": 0.5, "by_year": 2})
        case["benefits"][0]["scales_with_adoption"] = False
        assert line(evaluate_case(case), "claims")["values"] == pytest.approx([0, 60, 60])

    def test_benefit_start_year(self):
        """A benefit starting in year 2 is zero in year 1."""
        case = simple_case()
        case["benefits"][0]["start_year"] = 2
        assert line(evaluate_case(case), "claims")["values"] == pytest.approx([0, 0, 60])

    def test_risk_adjustments(self):
        """Benefits are cut and costs raised by their risk adjustment; the unadjusted NPV is kept."""
        case = simple_case()
        case["benefits"][0]["risk_adjustment"] = 0.2
        case["costs"][0]["risk_adjustment"] = 0.1
        r = evaluate_case(case)
        assert r["npv"] == pytest.approx(-110 + 48 * V1 + 48 * V2)
        assert r["npv_unadjusted"] == pytest.approx(-100 + 60 * V1 + 60 * V2)

    def test_break_even_adoption(self):
        """At 0 %, NPV(target) = -100 + 120 x target, so it breaks even at 5/6."""
        r = evaluate_case(simple_case(discount_rate=0))
        assert r["break_even_adoption"] == pytest.approx(5 / 6)

    def test_break_even_adoption_out_of_reach(self):
        """When full adoption does not pay back the outlay, there is no break-even share."""
        case = simple_case()
        case["costs"][0]["amount"] = 200
        assert evaluate_case(case)["break_even_adoption"] is None

    def test_break_even_adoption_without_fixed_costs(self):
        """With only per-user costs below the benefit, any adoption breaks even: 0."""
        cost = {
            "id": "seats",
            "category": "run_inference",
            "amount": 0.1,
            "timing": "recurring",
            "per_user": True,
        }
        assert evaluate_case(simple_case(users=10, costs=[cost]))["break_even_adoption"] == 0.0

    def test_cost_of_one_month_delay(self):
        """Adopting a month later loses a twelfth of a year of benefit at full adoption."""
        r = evaluate_case(simple_case(discount_rate=0, horizon_years=1))
        assert r["cost_of_one_month_delay"] == pytest.approx(60 / 12)

    def test_cost_of_delay_on_a_ramp(self):
        """On a linear ramp over one year, a month's delay loses the area between the ramps."""
        r = evaluate_case(
            simple_case(
                discount_rate=0,
                horizon_years=1,
                adoption={"curve": "linear", "target": 1, "by_year": 1},
            )
        )
        # average share over year 1: 1/2 without delay, (11/12)^2 / 2 with it
        assert r["cost_of_one_month_delay"] == pytest.approx(60 * (0.5 - (11 / 12) ** 2 / 2))

    def test_flexibility_apart_from_npv(self):
        """Flexibility is value x probability, reported apart and not in the NPV."""
        options = [
            {"id": "reuse", "value": 200, "probability": 0.3},
            {"id": "resell", "value": 100},
        ]
        r = evaluate_case(simple_case(flexibility=options))
        assert r["flexibility_value"] == pytest.approx(160)
        assert r["npv"] == pytest.approx(evaluate_case(simple_case())["npv"])

    def test_ambiguous_irr(self):
        """Flows -100, +230, -132 have IRRs of 10 % and 20 %: the result says it is ambiguous."""
        case = simple_case()
        case["benefits"][0]["volume"] = 230 / 0.06
        case["costs"].append(
            {"id": "exit", "category": "build", "amount": 362, "timing": "one_time", "year": 2}
        )
        r = evaluate_case(case)
        assert r["irr"] == pytest.approx(0.1)
        assert r["irr_candidates"] == pytest.approx([0.1, 0.2])
        assert r["irr_ambiguous"] is True
        assert any("several rates" in note for note in r["notes"])

    def test_scenarios_take_unfavourable_and_favourable_ends(self):
        """Low takes low benefits and high costs, high the reverse; base is the case."""
        case = simple_case(
            uncertainty=[
                {
                    "driver": "benefits.claims.volume",
                    "distribution": "pert",
                    "low": 500,
                    "mode": 1000,
                    "high": 1500,
                },
                {
                    "driver": "costs.build.amount",
                    "distribution": "triangular",
                    "low": 80,
                    "mode": 100,
                    "high": 150,
                },
            ]
        )
        s = evaluate_case(case)["scenarios"]
        assert s["low"]["npv"] == pytest.approx(-150 + 30 * V1 + 30 * V2)
        assert s["high"]["npv"] == pytest.approx(-80 + 90 * V1 + 90 * V2)
        assert s["base"]["npv"] == pytest.approx(-100 + 60 * V1 + 60 * V2)
        assert s["low"]["drivers"] == {"benefits.claims.volume": 500, "costs.build.amount": 150}
        assert s["high"]["roi"] == pytest.approx(s["high"]["npv"] / 80)
        assert s["low"]["payback_months"] is None

    def test_scenarios_without_ranges(self):
        """Without ranges the scenarios are the base case, and a note says so."""
        r = evaluate_case(simple_case())
        assert (
            r["scenarios"]["low"]["npv"] == r["scenarios"]["high"]["npv"] == pytest.approx(r["npv"])
        )
        assert any("No uncertainty ranges" in note for note in r["notes"])

    def test_sensitivity_by_hand(self):
        """Volume -20 % / +20 % moves the NPV by the benefit's PV x 0.2, and ranks first."""
        s = evaluate_case(simple_case())["sensitivity"]
        assert s["range"] == 0.2
        volume = next(row for row in s["drivers"] if row["driver"] == "benefits.claims.volume")
        assert volume["field"] == "benefits[0].volume"
        assert (volume["value_low"], volume["value_high"]) == pytest.approx((800, 1200))
        assert volume["npv_at_low"] == pytest.approx(-100 + 48 * (V1 + V2))
        assert volume["npv_at_high"] == pytest.approx(-100 + 72 * (V1 + V2))
        swings = [row["swing"] for row in s["drivers"]]
        assert swings == sorted(swings, reverse=True)
        assert s["drivers"][0]["swing"] == pytest.approx(24 * (V1 + V2))

    def test_sensitivity_clips_shares_and_uses_case_range(self):
        """A share is never moved above 1; the range comes from the case."""
        benefit = {
            "id": "up",
            "category": "revenue",
            "volume": 100,
            "conversion_uplift": 0.1,
            "deal_size": 10,
            "margin": 0.9,
        }
        s = evaluate_case(simple_case(benefits=[benefit], sensitivity_range=0.5))["sensitivity"]
        margin = next(row for row in s["drivers"] if row["driver"] == "benefits.up.margin")
        assert s["range"] == 0.5
        assert (margin["value_low"], margin["value_high"]) == pytest.approx((0.45, 1.0))

    def test_result_is_json(self):
        """The result of a full case, simulation included, is strict JSON."""
        text = json.dumps(evaluate_case(full_case(), runs=200, seed=3), allow_nan=False)
        assert json.loads(text)["simulation"]["runs"] == 200

    def test_does_not_change_the_case(self):
        """The case dict is read, never written."""
        case = full_case()
        before = copy.deepcopy(case)
        evaluate_case(case, runs=10, seed=1)
        assert case == before


class TestSimulation:
    def test_same_seed_same_numbers(self):
        """The same seed gives an identical simulation."""
        a = evaluate_case(full_case(), runs=500, seed=42)["simulation"]
        b = evaluate_case(full_case(), runs=500, seed=42)["simulation"]
        assert a == b

    def test_other_seed_other_numbers(self):
        """Another seed draws other numbers."""
        a = evaluate_case(full_case(), runs=500, seed=1)["simulation"]
        b = evaluate_case(full_case(), runs=500, seed=2)["simulation"]
        assert a["p50"] != b["p50"]

    def test_seed_is_reported_when_not_given(self):
        """Without a seed one is drawn and reported, and it repeats the run."""
        sim = evaluate_case(full_case(), runs=100)["simulation"]
        assert isinstance(sim["seed"], int)
        assert evaluate_case(full_case(), runs=100, seed=sim["seed"])["simulation"] == sim

    def test_no_runs_no_simulation(self):
        """runs = 0 skips the simulation."""
        assert evaluate_case(full_case())["simulation"] is None

    def test_shape(self):
        """Percentiles in order within the range; histogram counts add up to the runs."""
        sim = evaluate_case(full_case(), runs=1000, seed=7)["simulation"]
        assert sim["min"] <= sim["p10"] <= sim["p50"] <= sim["p90"] <= sim["max"]
        hist = sim["histogram"]
        assert sum(hist["counts"]) == 1000
        assert len(hist["edges"]) == len(hist["counts"]) + 1
        assert hist["edges"][0] == sim["min"]
        assert hist["edges"][-1] == sim["max"]

    def test_fixed_ranges_reproduce_the_base_case(self):
        """Ranges collapsed on the base values make every run the base NPV."""
        case = full_case()
        case["uncertainty"] = [
            {
                "driver": "benefits.claims.volume",
                "distribution": "pert",
                "low": 1000,
                "mode": 1000,
                "high": 1000,
            },
            {
                "driver": "adoption.target",
                "distribution": "triangular",
                "low": 0.8,
                "mode": 0.8,
                "high": 0.8,
            },
            {"driver": "users", "distribution": "pert", "low": 100, "mode": 100, "high": 100},
        ]
        r = evaluate_case(case, runs=50, seed=1)
        sim = r["simulation"]
        assert sim["min"] == pytest.approx(r["npv"], rel=1e-12)
        assert sim["max"] == pytest.approx(r["npv"], rel=1e-12)
        assert sim["histogram"]["counts"] == [50]

    @pytest.mark.parametrize(
        ("distribution", "mean"),
        [("triangular", (0 + 500 + 2500) / 3), ("pert", (0 + 4 * 500 + 2500) / 6)],
    )
    def test_mean_matches_the_distribution(self, distribution, mean):
        """NPV is linear in volume, so the mean NPV is the NPV at the distribution's mean."""
        spec = {
            "driver": "benefits.claims.volume",
            "distribution": distribution,
            "low": 0,
            "mode": 500,
            "high": 2500,
        }
        sim = evaluate_case(simple_case(uncertainty=[spec]), runs=20_000, seed=11)["simulation"]
        per_unit = 0.06 * (V1 + V2)
        expected = -100 + mean * per_unit
        sd_volume = 2500 / math.sqrt(18)  # triangular's sd bounds PERT's
        assert sim["mean"] == pytest.approx(
            expected, abs=4 * sd_volume * per_unit / math.sqrt(20_000)
        )

    def test_probabilities_match_the_triangular_cdf(self):
        """P(NPV > 0) and P(never paid back) are triangular tail areas at the break-even volumes."""
        spec = {
            "driver": "benefits.claims.volume",
            "distribution": "triangular",
            "low": 0,
            "mode": 500,
            "high": 2500,
        }
        sim = evaluate_case(simple_case(uncertainty=[spec]), runs=20_000, seed=5)["simulation"]

        def above(x):  # P(volume > x) for x above the mode
            return (2500 - x) ** 2 / (2500 * 2000)

        npv_break_even = 100 / (0.06 * (V1 + V2))
        payback_break_even = 100 / 0.12
        tolerance = 4 * math.sqrt(0.25 / 20_000)
        assert sim["prob_npv_positive"] == pytest.approx(above(npv_break_even), abs=tolerance)
        assert sim["prob_payback_beyond_horizon"] == pytest.approx(
            1 - above(payback_break_even), abs=tolerance
        )

    def test_pert_median_of_a_symmetric_range(self):
        """A symmetric PERT range has its median at the mode."""
        spec = {
            "driver": "benefits.claims.volume",
            "distribution": "pert",
            "low": 0,
            "mode": 1000,
            "high": 2000,
        }
        r = evaluate_case(simple_case(uncertainty=[spec]), runs=20_000, seed=9)
        assert r["simulation"]["p50"] == pytest.approx(r["npv"], abs=0.06 * (V1 + V2) * 20)


class TestSamplers:
    """The private samplers of calculators._montecarlo, which the simulation relies on."""

    def test_triangular_is_the_stdlib_distribution(self):
        """The inverse CDF turns the same uniforms into random.triangular's values."""
        inverse = _montecarlo.triangular(2.0, 3.0, 7.0)
        ours, stdlib = random.Random(4), random.Random(4)
        for _ in range(1000):
            assert inverse(ours.random()) == pytest.approx(
                stdlib.triangular(2.0, 7.0, 3.0), rel=1e-12
            )

    @pytest.mark.parametrize(
        ("mode", "a", "b"),
        [(0.5, 3, 3), (0.25, 2, 4), (0.0, 1, 5), (1.0, 5, 1)],
    )
    def test_pert_inverts_the_beta_cdf(self, mode, a, b):
        """PERT(0, mode, 1) is Beta(1 + 4 mode, 1 + 4 (1 - mode)): its inverse CDF undoes the
        exact CDF (a binomial sum for whole a and b) to within 1e-4."""
        inverse = _montecarlo.pert(0.0, mode, 1.0)
        n = a + b - 1
        for x in [i / 20 for i in range(1, 20)]:
            cdf = sum(math.comb(n, j) * x**j * (1 - x) ** (n - j) for j in range(a, n + 1))
            assert inverse(cdf) == pytest.approx(x, abs=1e-4)

    def test_pert_scales_to_its_range(self):
        """Ends map to low and high; the inverse is monotonic."""
        inverse = _montecarlo.pert(10.0, 12.0, 20.0)
        values = [inverse(i / 100) for i in range(101)]
        assert values[0] == 10.0
        assert values[-1] == pytest.approx(20.0)
        assert values == sorted(values)

    def test_degenerate_range(self):
        """low == high always gives that value."""
        assert _montecarlo.pert(5.0, 5.0, 5.0)(0.3) == 5.0
        assert _montecarlo.triangular(5.0, 5.0, 5.0)(0.3) == 5.0


# -- properties ---------------------------------------------------------------------------------

money = st.floats(0, 1e6, allow_nan=False)
shares = st.floats(0, 1, allow_nan=False)


@st.composite
def cases(draw, *, conventional: bool = False):
    """Random valid cases; conventional ones spend only at t = 0."""
    horizon = draw(st.integers(1, 5))
    costs = [
        {"id": "build", "category": "build", "amount": draw(money), "timing": "one_time", "year": 0}
    ]
    if not conventional:
        for i in range(draw(st.integers(0, 3))):
            costs.append(
                {
                    "id": f"run_{i}",
                    "category": draw(st.sampled_from(_roi.COST_CATEGORIES)),
                    "amount": draw(st.floats(0, 1e4)),
                    "timing": "recurring",
                    "growth": draw(st.floats(-0.5, 0.5)),
                    "per_user": draw(st.booleans()),
                    "risk_adjustment": draw(shares),
                }
            )
    benefits = []
    for i, (category, fields) in enumerate(_roi.BENEFIT_DRIVERS.items()):
        values = {f: draw(shares if f in _roi.SHARE_FIELDS else st.floats(0, 1e4)) for f in fields}
        benefits.append(
            {
                "id": f"b_{i}",
                "category": category,
                **values,
                "start_year": draw(st.integers(1, horizon)),
                "growth": draw(st.floats(-0.5, 0.5)),
                "risk_adjustment": draw(shares),
                "scales_with_adoption": draw(st.booleans()),
            }
        )
    return {
        "discount_rate": draw(st.floats(0, 0.5)),
        "horizon_years": horizon,
        "users": draw(st.floats(0, 1e4)),
        "adoption": {
            "curve": draw(st.sampled_from(_roi.CURVES)),
            "target": draw(shares),
            "by_year": draw(st.floats(0, 5)),
        },
        "costs": costs,
        "benefits": benefits,
    }


def tolerance(result: dict) -> float:
    return 1e-9 * (result["pv_costs"] + result["pv_benefits"] + 1)


class TestProperties:
    @given(cases(), st.integers(0, 3), st.floats(1, 3))
    def test_raising_a_benefit_never_lowers_npv(self, case, index, factor):
        """Scaling up any benefit driver (shares capped at 1) never lowers the NPV."""
        benefit = case["benefits"][index]
        field = _roi.BENEFIT_DRIVERS[benefit["category"]][0 if factor < 2 else -1]
        cap = 1.0 if field in _roi.SHARE_FIELDS else 1e12
        before = evaluate_case(case)
        after = evaluate_case(
            put(case, f"benefits[{index}].{field}", min(cap, benefit[field] * factor))
        )
        assert after["npv"] >= before["npv"] - tolerance(before)

    @given(cases(conventional=True), st.floats(0, 0.5))
    def test_higher_discount_rate_never_raises_conventional_npv(self, case, extra):
        """With all spending at t = 0, a higher discount rate never raises the NPV."""
        before = evaluate_case(case)
        after = evaluate_case(put(case, "discount_rate", min(1.0, case["discount_rate"] + extra)))
        assert after["npv"] <= before["npv"] + tolerance(before)

    @given(cases(), st.integers(0, 3), shares)
    def test_risk_adjustment_never_raises_npv(self, case, index, adjustment):
        """Raising a benefit's risk adjustment never raises the NPV, nor does the cost's."""
        before = evaluate_case(case)
        riskier = put(
            case,
            f"benefits[{index}].risk_adjustment",
            max(adjustment, case["benefits"][index]["risk_adjustment"]),
        )
        riskier = put(riskier, "costs[0].risk_adjustment", adjustment)
        assert evaluate_case(riskier)["npv"] <= before["npv"] + tolerance(before)

    @given(cases())
    def test_unadjusted_npv_is_at_least_adjusted(self, case):
        """Risk adjustment only ever lowers the NPV."""
        r = evaluate_case(case)
        assert r["npv_unadjusted"] >= r["npv"] - tolerance(r)

    @settings(max_examples=examples(30))
    @given(cases(), st.integers(0, 2**32), st.floats(0.1, 1), st.floats(1, 2))
    def test_simulation_percentiles_ordered(self, case, seed, low, high):
        """P10 <= P50 <= P90 whatever the ranges and the seed."""
        b0 = case["benefits"][0]
        case["uncertainty"] = [
            {
                "driver": "benefits.b_0.volume",
                "distribution": "pert",
                "low": b0["volume"] * low,
                "mode": b0["volume"],
                "high": b0["volume"] * high,
            },
            {
                "driver": "costs.build.amount",
                "distribution": "triangular",
                "low": 0,
                "mode": 0,
                "high": case["costs"][0]["amount"],
            },
        ]
        sim = evaluate_case(case, runs=200, seed=seed)["simulation"]
        assert sim["p10"] <= sim["p50"] <= sim["p90"]
        assert 0 <= sim["prob_npv_positive"] <= 1


# -- bad input ---------------------------------------------------------------------------------

BAD_CASES = [
    # (path, value, field, fragment of the message: the field's label, the rule, the value)
    ("discount_rate", -1, "discount_rate", "Discount rate must be more than -100% (got -100%)"),
    ("discount_rate", 1.5, "discount_rate", "Discount rate must be at most 100% (got 150%)"),
    ("discount_rate", "0.1", "discount_rate", "Discount rate: '0.1' is not a number"),
    ("discount_rate", math.nan, "discount_rate", "Discount rate must be a finite number (got nan)"),
    ("discount_rate", DELETE, "discount_rate", "Discount rate is required"),
    ("horizon_years", 0, "horizon_years", "Horizon must be at least 1 (got 0)"),
    ("horizon_years", 11, "horizon_years", "Horizon must be at most 10 (got 11)"),
    ("horizon_years", 2.5, "horizon_years", "Horizon must be a whole number (got 2.5)"),
    ("horizon_years", True, "horizon_years", "Horizon must be a number (got True)"),
    ("initial_period", "yes", "initial_period", "Initial period must be true or false (got 'yes')"),
    ("discount_rte", 0.1, "discount_rte", "The case: 'discount_rte' is not a known field"),
    ("name", 5, "name", "Case name must be text (got 5)"),
    ("currency", None, "currency", "Currency must be text (got None)"),
    ("users", -1, "users", "Eligible users must be at least 0 (got -1)"),
    (
        "users",
        DELETE,
        "users",
        "Eligible users is required when a cost is per active user (as 'seats' is)",
    ),
    ("sensitivity_range", 0, "sensitivity_range", "Sensitivity step must be more than 0% (got 0%)"),
    (
        "sensitivity_range",
        1.5,
        "sensitivity_range",
        "Sensitivity step must be at most 100% (got 150%)",
    ),
    ("adoption", 3, "adoption", "Adoption must be an object (got 3)"),
    ("adoption", DELETE, "adoption", "Adoption is required"),
    (
        "adoption.curve",
        "exponential",
        "adoption.curve",
        "Ramp shape must be one of linear, s_curve (got 'exponential')",
    ),
    ("adoption.target", 1.2, "adoption.target", "Target adoption must be at most 100% (got 120%)"),
    ("adoption.target", -0.1, "adoption.target", "Target adoption must be at least 0% (got -10%)"),
    (
        "adoption.by_year",
        -1,
        "adoption.by_year",
        "Years to reach the target must be at least 0 (got -1)",
    ),
    (
        "adoption.by_year",
        11,
        "adoption.by_year",
        "Years to reach the target must be at most 10 (got 11)",
    ),
    ("adoption.speed", 1, "adoption.speed", "Adoption: 'speed' is not a known field"),
    ("costs", [], "costs", "Costs must hold 1 to 50 entries (got 0)"),
    ("costs", "build", "costs", "Costs must be a list (got 'build')"),
    ("costs[0]", 5, "costs[0]", "Cost line 1 must be an object (got 5)"),
    (
        "costs[0].id",
        "Build",
        "costs[0].id",
        "Cost line 1 (Build), Id must be a snake_case id (lower-case letters, digits, _) (got 'Build')",
    ),
    ("costs[0].id", DELETE, "costs[0].id", "Cost line 1 (Build), Id is required"),
    (
        "costs[1].id",
        "build",
        "costs[1].id",
        "Cost line 2 (build), Id must be unique (got 'build' twice)",
    ),
    ("costs[0].label", 7, "costs[0].label", "Cost line 1 (build), Label must be text (got 7)"),
    (
        "costs[0].category",
        "rent",
        "costs[0].category",
        "Cost line 1 (Build), Category must be one of build, run_inference, run_platform, people, change_management, go",
    ),
    (
        "costs[0].amount",
        -5,
        "costs[0].amount",
        "Cost line 1 (Build), Amount must be at least 0 (got -5)",
    ),
    (
        "costs[0].amount",
        2000000000000.0,
        "costs[0].amount",
        "Cost line 1 (Build), Amount must be at most 1,000,000,000,000 (got 2,000,000,000,000)",
    ),
    (
        "costs[0].amount",
        math.inf,
        "costs[0].amount",
        "Cost line 1 (Build), Amount must be a finite number (got inf)",
    ),
    (
        "costs[0].timing",
        "sometimes",
        "costs[0].timing",
        "Cost line 1 (Build), Timing must be one of one_time, recurring (got 'sometimes')",
    ),
    ("costs[0].year", DELETE, "costs[0].year", "Cost line 1 (Build), Year is required"),
    ("costs[0].year", 3, "costs[0].year", "Cost line 1 (Build), Year must be at most 2 (got 3)"),
    ("costs[0].year", -1, "costs[0].year", "Cost line 1 (Build), Year must be at least 0 (got -1)"),
    (
        "costs[0].start_year",
        1,
        "costs[0].start_year",
        "Cost line 1 (Build), Start year does not apply to a one-time cost (got 1)",
    ),
    (
        "costs[0].growth",
        0.1,
        "costs[0].growth",
        "Cost line 1 (Build), Growth does not apply to a one-time cost (got 0.1)",
    ),
    (
        "costs[0].colour",
        "red",
        "costs[0].colour",
        "Cost line 1 (Build): 'colour' is not a known field",
    ),
    (
        "costs[1].year",
        1,
        "costs[1].year",
        "Cost line 2 (seats), Year does not apply to a recurring cost (got 1)",
    ),
    (
        "costs[1].start_year",
        0,
        "costs[1].start_year",
        "Cost line 2 (seats), Start year must be at least 1 for a cost per active user: adoption is 0 in the initial pe",
    ),
    (
        "costs[1].start_year",
        3,
        "costs[1].start_year",
        "Cost line 2 (seats), Start year must be at most 2 (got 3)",
    ),
    (
        "costs[1].growth",
        -1,
        "costs[1].growth",
        "Cost line 2 (seats), Growth must be more than -100% (got -100%)",
    ),
    (
        "costs[1].growth",
        11,
        "costs[1].growth",
        "Cost line 2 (seats), Growth must be at most 1,000% (got 1,100%)",
    ),
    (
        "costs[1].per_user",
        "no",
        "costs[1].per_user",
        "Cost line 2 (seats), Per active user must be true or false (got 'no')",
    ),
    (
        "costs[1].risk_adjustment",
        1.5,
        "costs[1].risk_adjustment",
        "Cost line 2 (seats), Risk adjustment must be at most 100% (got 150%)",
    ),
    (
        "costs[1].risk_adjustment",
        -0.1,
        "costs[1].risk_adjustment",
        "Cost line 2 (seats), Risk adjustment must be at least 0% (got -10%)",
    ),
    ("benefits", [], "benefits", "Benefits must hold 1 to 50 entries (got 0)"),
    (
        "benefits[0].category",
        "joy",
        "benefits[0].category",
        "Benefit line 1 (claims), Category must be one of revenue, cost, productivity, risk (got 'joy')",
    ),
    (
        "benefits[0].category",
        DELETE,
        "benefits[0].category",
        "Benefit line 1 (claims), Category is required",
    ),
    (
        "benefits[0].volume",
        DELETE,
        "benefits[0].volume",
        "Benefit line 1 (claims), Volume is required",
    ),
    (
        "benefits[0].volume",
        -1,
        "benefits[0].volume",
        "Benefit line 1 (claims), Volume must be at least 0 (got -1)",
    ),
    (
        "benefits[0].reduction",
        1.1,
        "benefits[0].reduction",
        "Benefit line 1 (claims), Reduction must be at most 100% (got 110%)",
    ),
    (
        "benefits[0].unit_cost",
        "5",
        "benefits[0].unit_cost",
        "Benefit line 1 (claims), Unit cost: '5' is not a number",
    ),
    (
        "benefits[0].conversion_uplift",
        0.1,
        "benefits[0].conversion_uplift",
        "Benefit line 1 (claims): 'conversion_uplift' is not a known field",
    ),
    (
        "benefits[0].mood",
        1,
        "benefits[0].mood",
        "Benefit line 1 (claims): 'mood' is not a known field",
    ),
    (
        "benefits[0].id",
        "claims-2",
        "benefits[0].id",
        "Benefit line 1 (claims-2), Id must be a snake_case id (lower-case letters, digits, _) (got 'claims-2')",
    ),
    (
        "benefits[1].id",
        "claims",
        "benefits[1].id",
        "Benefit line 2 (claims), Id must be unique (got 'claims' twice)",
    ),
    (
        "benefits[0].start_year",
        0,
        "benefits[0].start_year",
        "Benefit line 1 (claims), Start year must be at least 1 (got 0)",
    ),
    (
        "benefits[0].start_year",
        3,
        "benefits[0].start_year",
        "Benefit line 1 (claims), Start year must be at most 2 (got 3)",
    ),
    (
        "benefits[0].scales_with_adoption",
        1,
        "benefits[0].scales_with_adoption",
        "Benefit line 1 (claims), Grows with adoption must be true or false (got 1)",
    ),
    (
        "benefits[0].risk_adjustment",
        -0.1,
        "benefits[0].risk_adjustment",
        "Benefit line 1 (claims), Risk adjustment must be at least 0% (got -10%)",
    ),
    (
        "benefits[1].margin",
        1.5,
        "benefits[1].margin",
        "Benefit line 2 (upsell), Margin must be at most 100% (got 150%)",
    ),
    (
        "benefits[1].conversion_uplift",
        -0.1,
        "benefits[1].conversion_uplift",
        "Benefit line 2 (upsell), Conversion uplift must be at least 0% (got -10%)",
    ),
    (
        "benefits[1].growth",
        -2,
        "benefits[1].growth",
        "Benefit line 2 (upsell), Growth must be more than -100% (got -200%)",
    ),
    ("flexibility", {}, "flexibility", "Flexibility must be a list (got {})"),
    (
        "flexibility[0].value",
        -1,
        "flexibility[0].value",
        "Flexibility option 1 (Reuse), Value must be at least 0 (got -1)",
    ),
    (
        "flexibility[0].value",
        DELETE,
        "flexibility[0].value",
        "Flexibility option 1 (Reuse), Value is required",
    ),
    (
        "flexibility[0].probability",
        2,
        "flexibility[0].probability",
        "Flexibility option 1 (Reuse), Probability must be at most 100% (got 200%)",
    ),
    (
        "flexibility[0].id",
        "x y",
        "flexibility[0].id",
        "Flexibility option 1 (Reuse), Id must be a snake_case id (lower-case letters, digits, _) (got 'x y')",
    ),
    (
        "flexibility[0].odds",
        1,
        "flexibility[0].odds",
        "Flexibility option 1 (Reuse): 'odds' is not a known field",
    ),
    ("uncertainty", "x", "uncertainty", "Uncertainty must be a list (got 'x')"),
    (
        "uncertainty[0].driver",
        "benefits.nope.volume",
        "uncertainty[0].driver",
        "Range 1, Driver must name an input driver",
    ),
    (
        "uncertainty[0].driver",
        "discount_rate",
        "uncertainty[0].driver",
        "Range 1, Driver must name an input driver",
    ),
    (
        "uncertainty[1].driver",
        "benefits.claims.volume",
        "uncertainty[1].driver",
        "Range 2 (claims: Volume), Driver must not repeat a driver (got 'benefits.claims.volume' twice)",
    ),
    (
        "uncertainty[0].distribution",
        "normal",
        "uncertainty[0].distribution",
        "Range 1 (claims: Volume), Distribution must be one of triangular, pert (got 'normal')",
    ),
    (
        "uncertainty[0].low",
        -1,
        "uncertainty[0].low",
        "Range 1 (claims: Volume), Low must be at least 0 (got -1)",
    ),
    (
        "uncertainty[0].mode",
        400,
        "uncertainty[0].mode",
        "Range 1 (claims: Volume), Most likely must be at least 500 (got 400)",
    ),
    (
        "uncertainty[0].high",
        900,
        "uncertainty[0].high",
        "Range 1 (claims: Volume), High must be at least 1,000 (got 900)",
    ),
    (
        "uncertainty[0].high",
        DELETE,
        "uncertainty[0].high",
        "Range 1 (claims: Volume), High is required",
    ),
    ("uncertainty[0].sd", 1, "uncertainty[0].sd", "Range 1: 'sd' is not a known field"),
]


class TestBadInput:
    @pytest.mark.parametrize(
        ("path", "value", "field", "fragment"),
        BAD_CASES,
        ids=[f"{c[0]}={c[1]!r}" for c in BAD_CASES],
    )
    def test_refused_with_field(self, path, value, field, fragment):
        """Every validation rule refuses with a message naming the field and its path."""
        with pytest.raises(InputError) as err:
            evaluate_case(put(full_case(), path, value))
        assert fragment in str(err.value)
        assert err.value.field == field

    def test_share_range_on_a_share_driver(self):
        """A range on a share cannot exceed 1."""
        case = full_case()
        case["uncertainty"] = [
            {
                "driver": "adoption.target",
                "distribution": "pert",
                "low": 0.5,
                "mode": 0.8,
                "high": 1.5,
            }
        ]
        with pytest.raises(InputError) as err:
            evaluate_case(case)
        assert err.value.field == "uncertainty[0].high"
        assert "High must be at most 100% (got 150%)" in str(err.value)

    def test_year_zero_without_initial_period(self):
        """Without an initial period nothing may sit at year 0."""
        with pytest.raises(InputError) as err:
            evaluate_case(put(full_case(), "initial_period", False))
        assert err.value.field == "costs[0].year"
        assert "Cost line 1 (Build), Year must be at least 1 (got 0)" in str(err.value)

    def test_too_many_lines(self):
        """More than 50 lines is refused."""
        case = full_case()
        case["costs"] = [{**case["costs"][0], "id": f"c{i}"} for i in range(51)]
        with pytest.raises(InputError) as err:
            evaluate_case(case)
        assert err.value.field == "costs"
        assert "(got 51)" in str(err.value)

    def test_case_not_an_object(self):
        """A case that is not a dict is refused as a whole."""
        with pytest.raises(InputError) as err:
            evaluate_case([])
        assert str(err.value) == "The case must be an object (got [])"
        assert err.value.field is None

    @pytest.mark.parametrize(
        ("runs", "fragment"),
        [
            (-1, "Runs must be at least 0 (got -1)"),
            (100_001, "Runs must be at most 100,000 (got 100,001)"),
            (2.5, "Runs must be a whole number (got 2.5)"),
            ("10", "Runs: '10' is not a number"),
        ],
    )
    def test_bad_runs(self, runs, fragment):
        """Run counts outside 0..100000 are refused."""
        with pytest.raises(InputError) as err:
            evaluate_case(full_case(), runs=runs)
        assert fragment in str(err.value)
        assert err.value.field == "runs"

    @pytest.mark.parametrize("seed", [-1, 1.5, "x", True])
    def test_bad_seed(self, seed):
        """A seed must be a whole number >= 0."""
        with pytest.raises(InputError) as err:
            evaluate_case(full_case(), runs=10, seed=seed)
        assert "Seed must be a whole number of at least 0" in str(err.value)
        assert err.value.field == "seed"


# -- A/B comparison ---------------------------------------------------------------------------

Z95 = 1.959963984540054


class TestAbCompare:
    def test_proportions_by_hand(self):
        """10 % vs 13 % of 1000: diff 3 points, unpooled se sqrt(.1 x .9/1000 + .13 x .87/1000)."""
        r = ab_compare({"successes": 100, "n": 1000}, {"successes": 130, "n": 1000})
        se = math.sqrt(0.1 * 0.9 / 1000 + 0.13 * 0.87 / 1000)
        assert r["kind"] == "proportion"
        assert r["diff"] == pytest.approx(0.03)
        assert r["se"] == pytest.approx(se)
        assert (r["low"], r["high"]) == pytest.approx((0.03 - Z95 * se, 0.03 + Z95 * se))
        assert (r["low"], r["high"]) == pytest.approx((0.002068, 0.057932), abs=1e-6)
        assert r["relative_diff"] == pytest.approx(0.3)
        assert r["significant"] is True

    def test_means_by_hand(self):
        """Welch: se = sqrt(4/50 + 9/60) = sqrt(0.23); 90 % uses z = 1.644854."""
        r = ab_compare(
            {"mean": 10, "sd": 2, "n": 50}, {"mean": 11, "sd": 3, "n": 60}, confidence=0.9
        )
        se = math.sqrt(0.23)
        assert r["kind"] == "mean"
        assert r["diff"] == pytest.approx(1.0)
        assert (r["low"], r["high"]) == pytest.approx(
            (1 - 1.6448536269514722 * se, 1 + 1.6448536269514722 * se)
        )
        assert "Welch" in r["note"]

    def test_not_significant(self):
        """An interval that straddles zero is not significant."""
        r = ab_compare({"successes": 10, "n": 100}, {"successes": 12, "n": 100})
        assert r["low"] < 0 < r["high"]
        assert r["significant"] is False

    def test_small_samples_are_flagged(self):
        """Few successes, or few degrees of freedom, are said to make the approximation rough."""
        assert "rough" in ab_compare({"successes": 1, "n": 20}, {"successes": 3, "n": 20})["note"]
        assert (
            "degrees of freedom"
            in ab_compare({"mean": 1, "sd": 1, "n": 5}, {"mean": 2, "sd": 1, "n": 5})["note"]
        )

    def test_usable_as_an_uncertainty_range(self):
        """The interval and estimate plug into a case as low, mode and high of a driver."""
        r = ab_compare({"successes": 100, "n": 1000}, {"successes": 130, "n": 1000})
        benefit = {
            "id": "up",
            "category": "revenue",
            "volume": 1000,
            "conversion_uplift": r["diff"],
            "deal_size": 100,
            "margin": 1,
        }
        spec = {
            "driver": "benefits.up.conversion_uplift",
            "distribution": "pert",
            "low": r["low"],
            "mode": r["diff"],
            "high": r["high"],
        }
        s = evaluate_case(simple_case(benefits=[benefit], uncertainty=[spec]))["scenarios"]
        assert s["low"]["drivers"] == {"benefits.up.conversion_uplift": r["low"]}

    @pytest.mark.parametrize(
        ("baseline", "treatment", "kwargs", "field", "fragment"),
        [
            (
                {"successes": 1, "n": 1},
                {"successes": 1, "n": 10},
                {},
                "baseline.n",
                "Baseline cohort, Cohort size must be at least 2 (got 1)",
            ),
            (
                {"successes": 11, "n": 10},
                {"successes": 1, "n": 10},
                {},
                "baseline.successes",
                "Baseline cohort, Successes must be at most 10 (got 11)",
            ),
            (
                {"successes": 1, "n": 10},
                {"successes": -1, "n": 10},
                {},
                "treatment.successes",
                "AI-assisted cohort, Successes must be at least 0 (got -1)",
            ),
            (
                {"successes": 1.5, "n": 10},
                {"successes": 1, "n": 10},
                {},
                "baseline.successes",
                "must be a whole number (got 1.5)",
            ),
            (
                {"mean": 1, "sd": -1, "n": 10},
                {"mean": 1, "sd": 1, "n": 10},
                {},
                "baseline.sd",
                "Baseline cohort, Standard deviation must be at least 0 (got -1)",
            ),
            (
                {"mean": math.nan, "sd": 1, "n": 10},
                {"mean": 1, "sd": 1, "n": 10},
                {},
                "baseline.mean",
                "must be a finite number",
            ),
            (
                {"mean": 1, "sd": 1, "n": 10},
                {"mean": 1, "sd": 1},
                {},
                "treatment.n",
                "AI-assisted cohort, Cohort size is required",
            ),
            (
                {"mean": 1, "sd": 1, "n": 10},
                {"successes": 1, "n": 10},
                {},
                "treatment",
                "same kind of cohort",
            ),
            (
                {"successes": 1, "n": 10, "p": 1},
                {"successes": 1, "n": 10},
                {},
                "baseline.p",
                "is not a known field",
            ),
            (
                [1, 10],
                {"successes": 1, "n": 10},
                {},
                "baseline",
                "Baseline cohort must be an object",
            ),
            (
                {"successes": 1, "n": 10},
                {"successes": 1, "n": 10},
                {"confidence": 0},
                "confidence",
                "Confidence level must be more than 0 (got 0)",
            ),
            (
                {"successes": 1, "n": 10},
                {"successes": 1, "n": 10},
                {"confidence": 1},
                "confidence",
                "Confidence level must be less than 1 (got 1)",
            ),
            (
                {"successes": 1, "n": 10},
                {"successes": 1, "n": 10},
                {"confidence": math.nan},
                "confidence",
                "finite number",
            ),
        ],
    )
    def test_bad_input(self, baseline, treatment, kwargs, field, fragment):
        """Cohorts and confidence are validated, naming the field."""
        with pytest.raises(InputError) as err:
            ab_compare(baseline, treatment, **kwargs)
        assert fragment in str(err.value)
        assert err.value.field == field

    def test_regression_errors_name_the_fields_by_their_labels_not_json_paths(self):
        """Review finding: the A/B panel said "'baseline.n' must be >= 2"; it names the field as
        the form labels it, with the path kept for the page to put the message beside it."""
        with pytest.raises(InputError) as err:
            ab_compare({"mean": 1, "sd": 1, "n": 1}, {"mean": 1, "sd": 1, "n": 10})
        message = str(err.value)
        assert "'" not in message
        assert "baseline." not in message
        assert message.startswith("Baseline cohort, Cohort size")
        assert (err.value.field, err.value.label) == ("baseline.n", "Baseline cohort, Cohort size")


class TestFormatRoiText:
    def test_report_sections(self):
        """Headline, yearly table, scenarios, drivers and simulation all appear."""
        text = format_roi_text(evaluate_case(full_case(), runs=100, seed=1))
        for heading in (
            "ROI of Test case",
            "NPV (risk-adjusted)",
            "Cash flows by year",
            "Scenarios",
            "Top drivers",
            "Monte Carlo (100 runs, seed 1)",
        ):
            assert heading in text
        assert "EUR" in text
        assert text.endswith("\n")

    def test_figures_match_the_result(self):
        """The NPV and the payback in the text are the result's."""
        r = evaluate_case(simple_case(currency="USD"))
        text = format_roi_text(r)
        assert f"{r['npv']:,.0f} USD" in text
        assert "20.0 months" in text
        assert "Monte Carlo" not in text

    def test_missing_values_read_as_words(self):
        """No IRR and no payback are written out, not printed as None."""
        case = simple_case()
        case["benefits"][0]["volume"] = 0
        text = format_roi_text(evaluate_case(case))
        assert "None" not in text
        assert "beyond the horizon" in text
        assert "n/a" in text


# -- regressions: "Trustworthy answers" ------------------------------------------------------


def copilot_case() -> dict:
    """The issue's case: the example, 200 agents, handling-time reduction 0.10, 40 % of the saved
    time redeployed, inference 300 a user; the ranges as the example gives them."""
    import pathlib

    import yaml

    rubric = pathlib.Path(__file__).parents[2] / "rubrics" / "kpis.yaml"
    case = yaml.safe_load(rubric.read_text(encoding="utf-8"))["roi_defaults"]
    case["users"] = 200
    benefits = {b["id"]: b for b in case["benefits"]}
    benefits["handle_time"]["reduction"] = 0.10
    benefits["research_time"]["redeployed"] = 0.4
    next(c for c in case["costs"] if c["id"] == "inference")["amount"] = 300
    return case


def with_modes(case: dict, modes: dict) -> dict:
    out = copy.deepcopy(case)
    for r in out["uncertainty"]:
        if r["driver"] in modes:
            r["mode"] = modes[r["driver"]]
    return out


class TestRangesFollowTheBase:
    def test_range_kept_its_own_most_likely_after_a_new_base(self):
        """A range without a most likely value centres on the base typed: P50 near the base NPV."""
        result = evaluate_case(copilot_case(), runs=4000, seed=3)
        sim = result["simulation"]
        spread = sim["p90"] - sim["p10"]
        assert abs(sim["p50"] - result["npv"]) < 0.1 * spread
        rows = {r["driver"]: r for r in result["ranges"]}
        assert rows["benefits.handle_time.reduction"]["mode"] == 0.10
        assert rows["benefits.handle_time.reduction"]["mode_is_base"] is True
        assert not any("most likely" in n for n in result["notes"])

    def test_range_own_most_likely_is_said_naming_the_driver(self):
        """A range whose own most likely value differs from the base says so, by the driver's label."""
        case = with_modes(copilot_case(), {"benefits.handle_time.reduction": 0.15})
        result = evaluate_case(case, runs=0)
        row = next(r for r in result["ranges"] if r["driver"] == "benefits.handle_time.reduction")
        assert row["mode_is_base"] is False
        assert row["field"] == "uncertainty[2]"
        assert "Shorter handling time per contact: Reduction" in row["note"]
        assert "15%" in row["note"]
        assert "10%" in row["note"]
        assert row["note"] in result["notes"]

    def test_each_range_says_itself_as_changes_from_the_base(self):
        """as_relative is what relative: true takes for the same range, so the page can switch a
        range to relative without losing the values typed (review finding: it reset them)."""
        result = evaluate_case(copilot_case(), runs=0)
        row = next(r for r in result["ranges"] if r["driver"] == "benefits.handle_time.reduction")
        changes = row["as_relative"]
        assert changes["low"] == pytest.approx(row["low"] / row["base"] - 1)
        case = copilot_case()
        spec = case["uncertainty"][2]
        spec.update(relative=True, low=changes["low"], high=changes["high"])
        again = evaluate_case(case, runs=0)["ranges"][2]
        assert (again["low"], again["high"]) == pytest.approx((row["low"], row["high"]))

    def test_a_range_on_a_base_of_zero_has_no_relative_form(self):
        case = copilot_case()
        case["adoption"]["target"] = 0
        row = next(r for r in evaluate_case(case)["ranges"] if r["driver"] == "adoption.target")
        assert row["as_relative"] is None

    def test_base_outside_its_range_is_said(self):
        """A base value outside its range is named: the scenarios no longer surround it."""
        case = copilot_case()
        next(b for b in case["benefits"] if b["id"] == "handle_time")["reduction"] = 0.05
        result = evaluate_case(case)
        row = next(r for r in result["ranges"] if r["driver"] == "benefits.handle_time.reduction")
        assert row["base_inside"] is False
        assert "does not include its base value (5%)" in row["note"]
        assert row["mode"] == 0.08  # kept inside the range

    def test_relative_range_follows_the_base(self):
        """A range given as -25 % / +100 % of the base moves with the base."""
        result = evaluate_case(copilot_case())
        row = next(r for r in result["ranges"] if r["driver"] == "costs.inference.amount")
        assert row["relative"] is True
        assert (row["low"], row["mode"], row["high"]) == (225.0, 300.0, 600.0)

    def test_scenarios_follow_a_relative_range(self):
        """The low and high scenarios move the driver to the ends of its range around the base."""
        result = evaluate_case(copilot_case())
        assert result["scenarios"]["low"]["drivers"]["costs.inference.amount"] == 600.0
        assert result["scenarios"]["high"]["drivers"]["costs.inference.amount"] == 225.0

    def test_mode_may_be_left_out_of_a_file(self):
        """A range without ``mode`` is accepted; a relative one without it centres on 0 %."""
        case = simple_case(
            uncertainty=[
                {
                    "driver": "benefits.claims.volume",
                    "distribution": "pert",
                    "low": 800,
                    "high": 1500,
                },
                {
                    "driver": "costs.build.amount",
                    "distribution": "triangular",
                    "relative": True,
                    "low": -0.3,
                    "high": 0.5,
                },
            ]
        )
        rows = evaluate_case(case)["ranges"]
        assert rows[0]["mode"] == 1000
        assert rows[1]["mode"] == 100
        assert rows[1]["low"] == pytest.approx(70)
        assert rows[1]["high"] == pytest.approx(150)

    def test_relative_range_beyond_a_share_is_refused(self):
        """+50 % of a 80 % adoption target would pass 100 %: refused, naming the range."""
        case = simple_case(
            uncertainty=[
                {
                    "driver": "adoption.target",
                    "distribution": "pert",
                    "relative": True,
                    "low": -0.3,
                    "high": 0.5,
                }
            ]
        )
        case["adoption"]["target"] = 0.8
        with pytest.raises(InputError) as err:
            evaluate_case(case)
        assert err.value.field == "uncertainty[0].high"
        assert "Range 1 (Target adoption), High (+50%" not in str(err.value)  # no double sign
        assert "gives 120%, more than the most it can be (100%)" in str(err.value)


class TestErrorsInTheReadersWords:
    def test_error_named_the_path_not_the_label(self):
        """A bad amount is named by its line and label, not costs[0].amount."""
        case = put(full_case(), "costs[0].amount", -5000)
        with pytest.raises(InputError) as err:
            evaluate_case(case)
        assert str(err.value) == "Cost line 1 (Build), Amount must be at least 0 (got -5,000)"
        assert err.value.label == "Cost line 1 (Build), Amount"

    def test_bound_read_as_an_exponent(self):
        """'must be <= 1e+12' reads as a plain number."""
        with pytest.raises(InputError) as err:
            evaluate_case(put(full_case(), "costs[0].amount", 2e12))
        assert "at most 1,000,000,000,000" in str(err.value)
        assert "e+" not in str(err.value)

    def test_text_was_reported_as_empty(self):
        """'abc' is named as not a number; an empty field is named as empty."""
        with pytest.raises(InputError) as err:
            evaluate_case(put(full_case(), "discount_rate", "abc"))
        assert str(err.value) == "Discount rate: 'abc' is not a number"
        with pytest.raises(InputError) as err:
            evaluate_case(put(full_case(), "discount_rate", ""))
        assert str(err.value) == "Discount rate is empty: enter a number"

    def test_rates_read_as_percentages(self):
        """A rate out of bounds is said in percent, as the page shows it."""
        with pytest.raises(InputError) as err:
            evaluate_case(put(full_case(), "discount_rate", 10))
        assert str(err.value) == "Discount rate must be at most 100% (got 1,000%)"

    def test_only_the_first_bad_field_was_reported(self):
        """Every bad field comes back at once, each with its field, label and message."""
        case = put(full_case(), "costs[0].amount", -5000)
        case = put(case, "discount_rate", "abc")
        case = put(case, "benefits[1].margin", 1.5)
        with pytest.raises(InputError) as err:
            evaluate_case(case)
        fields = [e["field"] for e in err.value.errors]
        assert fields == ["discount_rate", "costs[0].amount", "benefits[1].margin"]
        assert all(e["label"] and e["message"].startswith(e["label"]) for e in err.value.errors)
        assert str(err.value).startswith("3 fields need correcting: ")

    def test_a_broken_line_does_not_blame_its_ranges(self):
        """A range on a line that has its own problem adds no second message."""
        with pytest.raises(InputError) as err:
            evaluate_case(put(full_case(), "benefits[0].category", "joy"))
        assert [e["field"] for e in err.value.errors] == ["benefits[0].category"]

    def test_assessment_export_named_as_an_unknown_field(self):
        """An assessment export is named as one, not as "'answers' is not a known field"."""
        export = {"format": "ai-scale-up-playbook/assessment", "answers": {"q1": "l2"}}
        for data in (export, {"answers": {}}):
            with pytest.raises(InputError) as err:
                evaluate_case(data)
            assert "maturity assessment export" in str(err.value)
            assert "not a known field" not in str(err.value)
        with pytest.raises(InputError, match="maturity assessment export"):
            _roi.read_export(export)


class TestSeedTravels:
    def test_reported_seed_reproduces_the_run(self):
        """A run without a seed reports the one it used, and that seed repeats it exactly."""
        first = evaluate_case(full_case(), runs=300)["simulation"]
        again = evaluate_case(full_case(), runs=300, seed=first["seed"])["simulation"]
        assert [again[k] for k in ("p10", "p50", "p90")] == [
            first[k] for k in ("p10", "p50", "p90")
        ]

    def test_export_keeps_runs_and_seed(self):
        """An ROI export's runs and seed come back with its case."""
        data = {"format": _roi.EXPORT_FORMAT, "case": full_case(), "runs": 500, "seed": 42}
        assert _roi.read_export(data) == {"case": full_case(), "runs": 500, "seed": 42}


class TestFractionTypedAsPercent:
    """Regression (journey review): 0.8 typed in Target adoption (a percent field) was read as
    0.8 % without a word, and the NPV went deep negative."""

    def test_a_percentage_under_one_percent_is_named(self):
        result = evaluate_case(put(full_case(), "adoption.target", 0.008), runs=0)
        assert any(
            "target adoption is 0.8 %: if you meant 80 %, type 80" in n.lower()
            for n in result["notes"]
        ), result["notes"]

    def test_ordinary_percentages_say_nothing(self):
        result = evaluate_case(full_case(), runs=0)
        assert not any("if you meant" in n for n in result["notes"])

    def test_a_field_whose_ordinary_values_are_small_is_not_questioned(self):
        """A conversion uplift of 0.3 points is ordinary (the playbook's own example has it,
        and the field's help says 0.3 = 0.3 %): no "did you mean 30 %" note for it, on the
        example case or any other; a share typed as a fraction elsewhere is still named."""
        import pathlib

        import yaml

        rubric = pathlib.Path(__file__).parents[2] / "rubrics" / "kpis.yaml"
        example = yaml.safe_load(rubric.read_text(encoding="utf-8"))["roi_defaults"]
        assert any(
            b.get("conversion_uplift", 1) < 0.01 for b in example["benefits"]
        )  # the example has one
        notes = evaluate_case(example, runs=0)["notes"]
        assert not any("if you meant" in n for n in notes), notes
        case = put(put(example, "adoption.target", 0.008), "benefits[0].conversion_uplift", 0.004)
        notes = evaluate_case(case, runs=0)["notes"]
        assert [n for n in notes if "if you meant" in n] == [
            n for n in notes if n.lower().startswith("target adoption is 0.8 %")
        ]


class TestMedianAwayFromTheBase:
    """Regression (journey review): the example case's P50 sat far below its base NPV (about a
    fifth of the P10-P90 spread) and nothing on the page said why."""

    def example(self) -> dict:
        import pathlib

        import yaml

        rubric = pathlib.Path(__file__).parents[2] / "rubrics" / "kpis.yaml"
        return yaml.safe_load(rubric.read_text(encoding="utf-8"))["roi_defaults"]

    def test_lopsided_ranges_are_named_when_the_median_leans(self):
        result = evaluate_case(self.example(), runs=4000, seed=1)
        sim = result["simulation"]
        assert sim["p50"] < result["npv"] - 0.1 * (sim["p90"] - sim["p10"])
        notes = [n for n in result["notes"] if "median (P50) is below the base NPV" in n]
        assert len(notes) == 1
        assert "Target adoption" in notes[0]

    def test_no_note_when_the_median_is_near_the_base(self):
        case = self.example()
        for r in case["uncertainty"]:
            r["relative"], r["low"], r["high"] = True, -0.2, 0.2
            r.pop("mode", None)
        result = evaluate_case(case, runs=4000, seed=1)
        assert not any("median (P50)" in n for n in result["notes"]), result["notes"]

    def test_no_note_without_a_simulation(self):
        assert not any("median" in n for n in evaluate_case(self.example(), runs=0)["notes"])
