"""Monte Carlo over a linear model, standard library only.

The ROI model hands over, for each group of cash-flow lines, a coefficient (its present value at
the base value of every driver that does not vary) and the names of the uncertain drivers it is
multiplied by. A run is then a few multiplications: NPV = constant + sum(coef * product of the
sampled drivers). Every draw takes exactly one ``random()`` from a ``random.Random(seed)`` and
goes through a closed-form (triangular) or tabulated (PERT) inverse CDF, so the same seed gives the
same numbers in CPython and Pyodide.
"""

from __future__ import annotations

import math
import random
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import pairwise
from operator import add, mul

Sampler = Callable[[float], float]  # inverse CDF: uniform u in [0, 1) -> a value of the driver

PERT_SHAPE = 4.0  # the classic PERT weight of the mode (mean = (low + 4 mode + high) / 6)
_PERT_CELLS = 2048
HISTOGRAM_BINS = 30


@dataclass(frozen=True)
class Term:
    """Part of the NPV and of the undiscounted total, times the product of some drivers."""

    npv: float
    total: float
    drivers: tuple[str, ...]


def triangular(low: float, mode: float, high: float) -> Sampler:
    """Inverse CDF of the triangular distribution (the one ``random.triangular`` draws from).

    >>> inverse = triangular(0.0, 1.0, 2.0)
    >>> inverse(0.0), inverse(0.5), round(inverse(0.875), 12)
    (0.0, 1.0, 1.5)
    """
    width = high - low
    if width == 0:
        return lambda u: low
    split = (mode - low) / width

    def inverse(u: float) -> float:
        if u < split:
            return low + math.sqrt(u * width * (mode - low))
        return high - math.sqrt((1.0 - u) * width * (high - mode))

    return inverse


def pert(low: float, mode: float, high: float) -> Sampler:
    """Inverse CDF of the PERT distribution: a beta on [low, high] with its mode at ``mode``.

    The beta CDF is integrated once (Simpson's rule on a fine grid) and inverted by linear
    interpolation, so a draw costs one bisection.

    >>> inverse = pert(0.0, 0.5, 1.0)
    >>> inverse(0.0), round(inverse(0.5), 6), inverse(1.0)
    (0.0, 0.5, 1.0)
    """
    width = high - low
    if width == 0:
        return lambda u: low
    alpha = 1.0 + PERT_SHAPE * (mode - low) / width
    beta = 1.0 + PERT_SHAPE * (high - mode) / width
    grid, cdf = _beta_cdf_table(alpha, beta, _PERT_CELLS)

    def inverse(u: float) -> float:
        i = min(bisect_right(cdf, u), len(cdf) - 1)
        c0, c1 = cdf[i - 1], cdf[i]
        x = grid[i - 1] + (grid[i] - grid[i - 1]) * ((u - c0) / (c1 - c0) if c1 > c0 else 0.0)
        return low + width * x

    return inverse


def _beta_cdf_table(alpha: float, beta: float, cells: int) -> tuple[list[float], list[float]]:
    def density(x: float) -> float:
        return x ** (alpha - 1.0) * (1.0 - x) ** (beta - 1.0)

    grid = [i / cells for i in range(cells + 1)]
    cdf = [0.0]
    for a, b in pairwise(grid):
        cdf.append(cdf[-1] + (b - a) / 6.0 * (density(a) + 4.0 * density((a + b) / 2) + density(b)))
    total = cdf[-1]
    return grid, [c / total for c in cdf]


SAMPLERS: dict[str, Callable[[float, float, float], Sampler]] = {
    "triangular": triangular,
    "pert": pert,
}


def new_seed() -> int:
    """A fresh seed from the operating system, reported so that a run can be repeated."""
    return random.Random().randrange(2**32)


def simulate(
    constant: Term,
    terms: Sequence[Term],
    samplers: dict[str, Sampler],
    runs: int,
    seed: int,
    gated: Callable[[dict[str, list[float]], random.Random], dict] | None = None,
) -> dict:
    """Run the model ``runs`` times; summarise the NPV and the chance it never pays back.

    ``samplers`` draws in its own order (driver by driver, all runs of one driver at a time).
    The payback is beyond the horizon exactly when the undiscounted total ends below zero.
    With ``gated`` (the stage gates, ``_stage_gates.simulation``), the draws and the generator
    go to it, which draws the gates after the drivers and summarises the runs itself.
    """
    rng = random.Random(seed)
    draws = {
        name: [inverse(rng.random()) for _ in range(runs)] for name, inverse in samplers.items()
    }
    if gated is not None:
        return gated(draws, rng)
    npvs = [constant.npv] * runs
    totals = [constant.total] * runs
    for term in terms:
        factor = _product([draws[name] for name in term.drivers], runs)
        npvs = list(map(add, npvs, [term.npv * f for f in factor]))
        totals = list(map(add, totals, [term.total * f for f in factor]))
    return summarise(npvs, totals, seed)


def _product(columns: list[list[float]], runs: int) -> list[float]:
    if not columns:
        return [1.0] * runs
    out = columns[0]
    for column in columns[1:]:
        out = list(map(mul, out, column))
    return out


def summarise(npvs: list[float], totals: list[float], seed: int) -> dict:
    """Percentiles, mean, probabilities and a histogram of the simulated NPVs."""
    runs = len(npvs)
    ordered = sorted(npvs)
    return {
        "runs": runs,
        "seed": seed,
        "p10": quantile(ordered, 0.10),
        "p50": quantile(ordered, 0.50),
        "p90": quantile(ordered, 0.90),
        "mean": math.fsum(ordered) / runs,
        "min": ordered[0],
        "max": ordered[-1],
        "prob_npv_positive": sum(1 for v in npvs if v > 0) / runs,
        "prob_payback_beyond_horizon": sum(1 for t in totals if t < 0) / runs,
        "histogram": histogram(ordered, HISTOGRAM_BINS),
    }


def quantile(ordered: Sequence[float], p: float) -> float:
    """Linear interpolation between order statistics (numpy's default method).

    >>> quantile([1.0, 2.0, 3.0, 4.0], 0.5)
    2.5
    """
    position = p * (len(ordered) - 1)
    below = math.floor(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


def histogram(ordered: Sequence[float], bins: int) -> dict:
    """Equal-width bins from the smallest to the largest value: ``edges`` and ``counts``.

    >>> histogram([0.0, 1.0, 1.0, 4.0], 4)
    {'edges': [0.0, 1.0, 2.0, 3.0, 4.0], 'counts': [1, 2, 0, 1]}
    """
    low, high = ordered[0], ordered[-1]
    if high == low:
        return {"edges": [low, high], "counts": [len(ordered)]}
    width = (high - low) / bins
    counts = [0] * bins
    for v in ordered:
        counts[min(int((v - low) / width), bins - 1)] += 1
    edges = [low + width * i for i in range(bins)] + [high]
    return {"edges": edges, "counts": counts}
