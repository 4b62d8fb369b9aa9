"""Portfolio roll-up: 1,000 generated exports in the portfolio page's browser worker (against
the same roll-up in CPython, in this process, in the same run), and the CLI on 100, 1,000 and
10,000 exports in one call each."""

from __future__ import annotations

import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

from figures import median, report
from paths import ROOT
from scoring import random_answers

from calculators._maturity_io import export_assessment

TEAMS = [f"Team {i}" for i in range(40)]


def exports(rubric: dict, count: int, rng: random.Random):
    """``count`` exports of random answers, each of one of 40 teams, as the page exports them."""
    for _ in range(count):
        yield export_assessment(
            rubric,
            random_answers(rubric, rng),
            about={"team": rng.choice(TEAMS)},
            exported_at="2026-03-31T12:00:00Z",
        )


def write_exports(folder: Path, rubric: dict, count: int, rng: random.Random) -> list[str]:
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for i, data in enumerate(exports(rubric, count, rng)):
        path = folder / f"export-{i:05}.json"
        path.write_text(json.dumps(data))
        names.append(str(path))
    return names


def bench_portfolio_browser(url: str, rubrics: dict, repeats: int, count: int = 1_000) -> None:
    """``count`` exports rolled up by the portfolio page's own engine (call to reply, the
    request's JSON included), against the same roll-up (``rollup``, as the worker calls it) in
    CPython in this process, alternating, each the median of ``repeats``."""
    from browser import ENGINE_CALL, READY_PROBE, chromium, wait_for
    from playwright.sync_api import sync_playwright

    from calculators._readiness_portfolio import rollup
    from tests.browser.conftest import CHROMIUM_ARGS

    print(f"portfolio roll-up of {count:,} exports (Chromium worker vs CPython)", flush=True)
    rng = random.Random(13)
    files = [
        {"file": f"export-{i:05}.json", "text": json.dumps(data)}
        for i, data in enumerate(exports(rubrics["maturity"], count, rng))
    ]
    worker, cpython, longest = [], [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context()
        context.add_init_script(READY_PROBE)
        page = context.new_page()
        page.goto(url + "calculators/portfolio/")
        wait_for(page, "window.__engineReadyAt !== null")
        request = {"files": files, "by": "team"}
        warm = {"files": files[:50], "by": "team"}
        page.evaluate(ENGINE_CALL, ["portfolio", warm, None])  # the first call compiles modules
        for _ in range(repeats):
            start = time.perf_counter()
            rollup(rubrics["maturity"], rubrics["root_causes"], files, by="team")
            cpython.append((time.perf_counter() - start) * 1000)
            done = page.evaluate(ENGINE_CALL, ["portfolio", request, "respondents"])
            if not done["ok"] or done["value"] != count:
                raise RuntimeError(f"the roll-up failed in the browser: {done['error']}")
            worker.append(done["ms"])
            longest.append(max((t["duration"] for t in done["longtasks"] or []), default=0.0))
        context.close()
        browser.close()
    report(
        f"portfolio of {count:,} exports, browser worker",
        median(worker),
        "ms",
        baseline=median(cpython),
        budget="< 2,000 ms",
        samples={"worker": worker, "cpython": cpython},
        note=f"median of {repeats}; call to reply, JSON both ways included; baseline the same "
        f"roll-up in CPython {sys.version.split()[0]}, this process",
    )
    report(
        f"longest main-thread task while {count:,} exports roll up",
        max(longest),
        "ms",
        budget="≤ 50 ms",
        samples=longest,
        note="0 = none over 50 ms; the request's JSON is made on the main thread",
    )


def bench_portfolio(tmp: Path, rubric: dict, sizes=(100, 1_000, 10_000)) -> None:
    """One CLI call per size (files given on the command line); the figure is the wall time and
    its growth against the smallest size (linear growth gives a ratio equal to the size ratio)."""
    print("portfolio roll-up with the CLI", flush=True)
    rng = random.Random(13)
    names = write_exports(tmp / "portfolio", rubric, max(sizes), rng)
    first = None
    for size in sizes:
        used = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "calculators",
                "portfolio",
                *names[:size],
                "--by",
                "team",
                "--format",
                "json",
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        elapsed = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - used.ru_utime) + (after.ru_stime - used.ru_stime)
        if done.returncode != 0:
            raise RuntimeError(f"the CLI failed: {done.stderr.strip()[:500]}")
        first = first or (size, elapsed)
        report(
            f"portfolio of {size:,} exports with the CLI (one call, --by team)",
            elapsed,
            "s",
            baseline=first[1],
            budget="10,000 files under 30 s" if size == 10_000 else "",
            note=f"{elapsed / size * 1000:.2f} ms per file; {cpu:.1f} s of CPU (a loaded "
            f"machine stretches the wall time, not this); {size / first[0]:.0f}x the files of "
            f"the smallest run",
        )
