"""The charts' axis ticks (charts.js ``ticks``), run in Node: round steps that cover the data,
and something sensible for every degenerate input a calculator can send."""

from __future__ import annotations

import itertools
import json
import math
import random
import shutil
import subprocess
from pathlib import Path

import pytest

CHARTS = Path(__file__).resolve().parents[2] / "docs" / "assets" / "javascripts" / "charts.js"
NICE = (1.0, 2.0, 2.5, 5.0, 10.0)
# Reads the cases from stdin (NaN and infinities travel as strings: JSON has no such numbers).
SCRIPT = """
import { ticks } from CHARTS;
const num = (v) => (typeof v === "string" ? Number(v) : v);
const cases = JSON.parse(await new Response(process.stdin).text());
process.stdout.write(JSON.stringify(cases.map(([lo, hi, n]) => ticks(num(lo), num(hi), n))));
"""


def wire(value: float) -> float | str:
    if math.isfinite(value):
        return value
    return "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity")


def ticks_in_node(cases: list[tuple[float, float, int]]) -> list[list[float]]:
    """charts.js's ticks(lo, hi, count) for each case, in one Node process."""
    node = shutil.which("node")
    if not node:
        pytest.fail("node is not on PATH: the Pyodide tests and these need Node 20")
    done = subprocess.run(
        [node, "--input-type=module", "-e", SCRIPT.replace("CHARTS", json.dumps(CHARTS.as_uri()))],
        input=json.dumps([[wire(lo), wire(hi), n] for lo, hi, n in cases]),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def spread(rng: random.Random) -> tuple[float, float, int]:
    scale = 10 ** rng.uniform(-3, 12)
    lo = rng.uniform(-1, 1) * scale
    return lo, lo + rng.uniform(0, 2) * scale, rng.randint(2, 12)


def test_ticks_are_round_steps_that_cover_the_data():
    rng = random.Random(20261125)
    cases = [spread(rng) for _ in range(400)] + [
        (-287500, 329208, 5),  # an ROI case's net cash flows
        (0, 4412, 6),  # a histogram's counts
        (-1e-300, 1e-300, 5),
    ]
    for (lo, hi, count), got in zip(cases, ticks_in_node(cases), strict=True):
        case = (lo, hi, count, got)
        assert got == sorted(set(got)), case
        assert len(got) > 1, case
        assert got[0] <= lo, case
        assert got[-1] >= hi, case
        assert len(got) <= 2 * count + 3, case
        step = got[1] - got[0]
        assert all(math.isclose(b - a, step, rel_tol=1e-6) for a, b in itertools.pairwise(got))
        mantissa = step / 10 ** math.floor(math.log10(step))
        assert any(math.isclose(mantissa, m, rel_tol=1e-6) for m in NICE), case


@pytest.mark.parametrize(
    ("lo", "hi"),
    [
        (0.0, 0.0),  # every value zero: a scale around it
        (5.0, 5.0),
        (-3.0, -3.0),
        (7.0, 2.0),  # reversed
        (1e15, 1e15 + 1),  # round steps would be beyond a double's precision
        (math.nan, 1.0),
        (0.0, math.inf),
        (-math.inf, math.inf),
        (5e-324, 1e-323),  # a subnormal span
        (-1.7e308, 1.7e308),  # a span that overflows
    ],
)
def test_degenerate_ranges_still_give_two_or_more_finite_ticks(lo, hi):
    (got,) = ticks_in_node([(lo, hi, 5)])
    assert len(got) >= 2
    assert all(math.isfinite(v) for v in got)
    assert got == sorted(set(got))
    if math.isfinite(lo) and math.isfinite(hi):
        assert got[0] <= min(lo, hi)
        assert got[-1] >= max(lo, hi)
