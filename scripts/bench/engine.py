"""The Monte Carlo in Pyodide under Node (``scripts/bench-engine.mjs``) against CPython."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
import time
from pathlib import Path

from figures import median, report
from paths import MC_RUNS, ROOT

from calculators import _roi


# 6. Monte Carlo: Pyodide in Node vs CPython
def bench_monte_carlo(site: Path, tmp: Path, case: dict, repeats: int) -> None:
    print("Monte Carlo (Node Pyodide vs CPython)", flush=True)
    cpython = []
    for _ in range(repeats):
        start = time.perf_counter()
        _roi.evaluate_case(copy.deepcopy(case), runs=MC_RUNS, seed=1)
        cpython.append((time.perf_counter() - start) * 1000)
    request = tmp / "mc-request.json"
    request.write_text(
        json.dumps({"fn": "roi", "args": {"case": case, "runs": MC_RUNS, "seed": 1}})
    )
    lock = next(site.glob("assets/engine/calculators-*/pyodide-lock.json")).relative_to(site)
    rubrics = next(site.glob("assets/engine/rubrics-*.json")).relative_to(site)
    done = subprocess.run(
        [
            "node",
            str(ROOT / "scripts" / "bench-engine.mjs"),
            str(site),
            str(lock),
            str(rubrics),
            str(request),
            str(repeats),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    node = json.loads(done.stdout.strip().splitlines()[-1])
    if not node["ok"]:
        raise RuntimeError("the Monte Carlo failed in Pyodide")
    report(
        f"Monte Carlo {MC_RUNS:,} runs, 5-year case, Pyodide in Node",
        median(node["ms"]),
        "ms",
        baseline=median(cpython),
        budget="(browser budget < 1,500 ms)",
        samples={"pyodide": node["ms"], "cpython": cpython},
        note=f"median of {repeats}; baseline CPython {sys.version.split()[0]}; Pyodide start-up {node['startup_ms']:.0f} ms",
    )
