"""Measure the performance budgets of the design: figures, never pass/fail.

Each figure is measured in the same run as its baseline (the same pages built without our hooks,
a bare ``loadPyodide()`` page, CPython, the shipped rubric) and reported as a ratio beside its
budget. Machines here are noisy: every figure is a median of repeats, baselines and subjects
alternate. Writes ``bench/results/latest.json`` and ``latest.md`` and prints the table.

    .venv/bin/python scripts/bench [--quick] [--only PART] [--page NAME]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import figures
from paths import ROOT

from calculators._rubric_files import load_rubrics

PARTS = (
    "build",
    "browser",
    "tasks",
    "recompute",
    "engine",
    "cold",
    "repeat",
    "lighthouse",
    "mc",
    "scoring",
    "growth",
    "portfolio",
    "wasm-cache",
)
# The parts that need the built site served on loopback.
SERVED = set(PARTS) - {"build", "scoring", "growth"}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats (a smoke run)")
    parser.add_argument(
        "--only",
        choices=PARTS,
        action="append",
        help="run only these parts",
    )
    parser.add_argument(
        "--page",
        action="append",
        metavar="NAME",
        help="Lighthouse and tasks: only the pages whose name contains NAME (e.g. --page roi"
        " --page FAQ); the playbook page (FAQ), the baseline, is always measured",
    )
    args = parser.parse_args(argv)
    repeats = 2 if args.quick else 5
    # "engine" (start-up figures) is part of "browser"; alone, it is a quicker look at them;
    # "repeat" is quicker still: the cold and repeat visits on loopback, no bare baselines;
    # "tasks" and "recompute" are the page-load long tasks and the recompute latency alone.
    parts = set(
        args.only or ("build", "browser", "lighthouse", "mc", "scoring", "growth", "portfolio")
    )
    started = time.time()
    rubrics = load_rubrics(ROOT / "rubrics", docs_dir=ROOT / "docs").rubrics
    case = {**rubrics["kpis"]["roi_defaults"], "horizon_years": 5}
    try:
        run_parts(parts, repeats, args.quick, case, rubrics, args.page)
    finally:
        figures.write_results(started)  # what was measured, even if a later part failed
    return 0


def run_parts(parts: set, repeats: int, quick: bool, case: dict, rubrics: dict, pages=None) -> None:
    import browser
    import build
    import engine
    import portfolio
    import scoring
    import wasm_cache
    from site_server import build_served_site

    with tempfile.TemporaryDirectory(prefix="playbook-bench-") as name:
        tmp = Path(name)
        if "build" in parts:
            build.bench_build(tmp / "build", repeats)
        if parts & SERVED:
            site, base, server = build_served_site(tmp)
            try:
                if "browser" in parts:
                    browser.bench_browser(site, base, repeats, case)
                else:
                    if parts & {"engine", "repeat"}:
                        browser.bench_engine_start(site, base, repeats, "engine" not in parts)
                    if "tasks" in parts:
                        browser.bench_page_tasks(base, repeats, pages)
                    if "recompute" in parts:
                        browser.bench_recompute(base, repeats)
                    if "cold" in parts:
                        browser.bench_cold_start(site, base, repeats + 2)
                if "lighthouse" in parts:
                    import audit

                    audit.bench_lighthouse(site, base, 1 if quick else 3, pages)
                if "mc" in parts:
                    engine.bench_monte_carlo(site, tmp, case, 3 if not quick else 1)
                if "portfolio" in parts:
                    portfolio.bench_portfolio_browser(base, rubrics, 2 if quick else 5)
                if "wasm-cache" in parts:
                    wasm_cache.bench_wasm_cache(base)
            finally:
                server.shutdown()
                server.server_close()
        if "scoring" in parts:
            scoring.bench_scoring(tmp, 1_000 if quick else 10_000, repeats)
        if "portfolio" in parts:
            sizes = (100, 1_000) if quick else (100, 1_000, 10_000)
            portfolio.bench_portfolio(tmp, rubrics["maturity"], sizes)
        if "growth" in parts:
            build.bench_rubric_growth(tmp / "growth", 500, 3 if not quick else 1)


if __name__ == "__main__":
    sys.exit(main())
