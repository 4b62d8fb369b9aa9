"""The ROI engine in the built wheel under real Pyodide (Node) gives what CPython gives.

The numbers are compared with a relative tolerance of 1e-9 rather than for equality: both
runtimes use IEEE 754 doubles and the same seeded ``random.Random`` (the simulation draws one
``random()`` per value and inverts the CDF in pure Python), but ``math.sqrt``, ``**`` and the
libm behind them come from the platform's C library in CPython and from Emscripten's musl in
Pyodide, which may round the last bit differently. In practice the replies are identical; the
tolerance keeps the test about the model, not about libm.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from calculators import _browser

from .test_wheel_in_pyodide import run_engine, site_paths, site_snapshot

pytestmark = pytest.mark.pyodide
RUNS, SEED = 2000, 7


def assert_same(got, want, where="result"):
    """Every number within rel 1e-9 (and abs 1e-6 near zero); everything else equal."""
    if isinstance(want, dict):
        assert isinstance(got, dict), where
        assert sorted(got) == sorted(want), where
        for key in want:
            assert_same(got[key], want[key], f"{where}.{key}")
    elif isinstance(want, list):
        assert isinstance(got, list), where
        assert len(got) == len(want), where
        for i, (g, w) in enumerate(zip(got, want, strict=True)):
            assert_same(g, w, f"{where}[{i}]")
    elif isinstance(want, float) and not isinstance(want, bool):
        assert isinstance(got, int | float), where
        assert math.isclose(got, want, rel_tol=1e-9, abs_tol=1e-6), (where, got, want)
    else:
        assert got == want, (where, got, want)


def run_in_pyodide(
    site: Path, requests: list[dict], tmp_path: Path, start: str = "plain"
) -> list[dict]:
    """The ROI page's engine answering ``requests``: started the plain way, or (``start``
    "snapshot") from the site's snapshot with its small standard library, as the worker does."""
    snapshot = site_snapshot(site) if start == "snapshot" else None
    done = run_engine(site, requests, tmp_path, calculators="roi", snapshot=snapshot)
    assert done.returncode == 0, done.stderr[-3000:]
    header, *replies = done.stdout.splitlines()
    assert json.loads(header)["python"].startswith("3.14"), header
    assert json.loads(header)["start"] == start, header
    return [json.loads(r) for r in replies]


@pytest.mark.parametrize("start", ["plain", "snapshot"])
def test_roi_in_pyodide_equals_cpython(built_site, tmp_path, start):
    """Default case with a seeded simulation, its CSV, the template, an A/B and bad input;
    started either way (from the snapshot, the A/B helper and ``statistics`` are first imported
    by these requests, from the wheel and the small standard library)."""
    _, rubrics_path = site_paths(built_site)
    bundle_text = (built_site / rubrics_path).read_text()
    case = json.loads(bundle_text)["kpis"]["roi_defaults"]
    bad = {**case, "discount_rate": -2}
    requests = [
        {"fn": "roi", "args": {"case": case, "runs": RUNS, "seed": SEED}},
        {"fn": "roi", "args": {"case": case}},
        {"fn": "roi_template", "args": {}},
        {"fn": "roi_years_csv", "args": {"case": case}},
        {
            "fn": "ab_compare",
            "args": {"baseline": {"successes": 100, "n": 1000}, "treatment": {"mean": 1, "n": 9}},
        },
        {
            "fn": "ab_compare",
            "args": {
                "baseline": {"mean": 12, "sd": 4, "n": 40},
                "treatment": {"mean": 10.5, "sd": 4, "n": 40},
            },
        },
        {"fn": "roi", "args": {"case": bad}},
        {"fn": "roi", "args": {"case": case, "runs": 10**9}},
        {
            "fn": "roi",
            "args": {
                "case": {
                    **case,
                    "discount_rate": "abc",
                    "costs": [{**case["costs"][0], "amount": -5000}, *case["costs"][1:]],
                }
            },
        },
        {"fn": "roi_import", "args": {"data": {"format": "ai-scale-up-playbook/assessment"}}},
        {
            "fn": "roi_import",
            "args": {"data": {"format": "ai-scale-up-playbook/roi-case", "case": case, "seed": 5}},
        },
    ]
    replies = run_in_pyodide(built_site, requests, tmp_path, start)
    _browser.configure(bundle_text)
    expected = [json.loads(_browser.handle(json.dumps(r))) for r in requests]
    assert len(replies) == len(expected)
    for request, got, want in zip(requests, replies, expected, strict=True):
        assert_same(got, want, request["fn"])

    simulated = replies[0]["value"]["simulation"]
    assert simulated["runs"] == RUNS
    assert simulated["seed"] == SEED
    assert simulated["p10"] < simulated["p50"] < simulated["p90"]
    assert replies[1]["value"]["simulation"] is None
    assert replies[2]["value"] == case
    assert replies[3]["value"].startswith("year,period,costs")
    assert replies[4]["error"]["field"] == "treatment"
    error = replies[6]["error"]
    assert replies[6]["ok"] is False
    assert (error["field"], error["label"]) == ("discount_rate", "Discount rate")
    assert error["message"] == "Discount rate must be more than -100% (got -200%)"
    # Each entry also carries a message id and its values (for a translated page), which may
    # be empty where the message has no id yet; the reader's words are these three.
    assert [{k: e[k] for k in ("field", "label", "message")} for e in error["errors"]] == [
        {"field": "discount_rate", "label": "Discount rate", "message": error["message"]}
    ]
    assert replies[7]["error"]["field"] == "runs"
    # Every bad field at once, and an assessment export named as one.
    assert [e["field"] for e in replies[8]["error"]["errors"]] == [
        "discount_rate",
        "costs[0].amount",
    ]
    assert "maturity assessment export" in replies[9]["error"]["message"]
    assert replies[10]["value"]["seed"] == 5
    assert replies[10]["value"]["result"]["npv"] == replies[1]["value"]["npv"]
