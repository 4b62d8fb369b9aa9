"""Portfolio roll-up: 100 and 1,000 generated exports on the portfolio page (its browser worker,
and its whole path from handing them over to showing the roll-up), against the same roll-up in
CPython, in this process, in the same run; and the CLI on 100, 1,000 and 10,000 exports in one
call each."""

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


def bench_portfolio_browser(
    url: str, rubrics: dict, repeats: int, counts: tuple[int, ...] = (100, 1_000)
) -> None:
    """For each count, generated exports rolled up on the portfolio page, alternating with the
    same roll-up (``rollup``, as the worker calls it) in CPython in this process, each the
    median of ``repeats``: through the page's own engine (call to reply, the request's JSON
    included), and through the page's own path (its file input; from the page handing the
    files to the worker until the frame that shows the roll-up)."""
    from browser import ENGINE_CALL, READY_PROBE, chromium, probe, wait_for
    from playwright.sync_api import sync_playwright

    from calculators._readiness_portfolio import rollup
    from tests.browser.conftest import CHROMIUM_ARGS

    shown_probe = probe("portfolio-shown.js")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS, headless=True)
        for count in counts:
            print(f"portfolio roll-up of {count:,} exports (Chromium vs CPython)", flush=True)
            rng = random.Random(13)
            files = [
                {"file": f"export-{i:05}.json", "text": json.dumps(data)}
                for i, data in enumerate(exports(rubrics["maturity"], count, rng))
            ]
            context = browser.new_context()
            context.add_init_script(READY_PROBE)
            page = context.new_page()
            page.goto(url + "calculators/portfolio/")
            wait_for(page, "window.__engineReadyAt !== null")
            request = {"files": files, "by": "team"}
            warm = {"files": files[:50], "by": "team"}
            page.evaluate(ENGINE_CALL, ["portfolio", warm, None])  # the first call compiles
            page.evaluate(shown_probe, [files[:50]])  # and the first render
            worker, cpython, longest, shown, parts, shown_longest = [], [], [], [], [], []
            for _ in range(repeats):
                start = time.perf_counter()
                rollup(rubrics["maturity"], rubrics["root_causes"], files, by="team")
                cpython.append((time.perf_counter() - start) * 1000)
                done = page.evaluate(ENGINE_CALL, ["portfolio", request, "respondents"])
                if not done["ok"] or done["value"] != count:
                    raise RuntimeError(f"the roll-up failed in the browser: {done['error']}")
                worker.append(done["ms"])
                longest.append(_longest(done["longtasks"]))
                seen = page.evaluate(shown_probe, [files])
                # The page writes the count with its thousands separator ("1,000 respondents").
                if not seen["summary"].startswith(f"{count:,} respondents"):
                    raise RuntimeError(f"the page did not show the roll-up: {seen['summary']}")
                shown.append(seen["ms"])
                parts.append({k: seen[k] for k in ("reply", "render", "paint")})
                shown_longest.append(_longest(seen["longtasks"]))
            context.close()
            budget = "< 2,000 ms" if count == 1_000 else ""
            baseline = median(cpython)
            report(
                f"portfolio of {count:,} exports on the page, handed to the worker until shown",
                median(shown),
                "ms",
                baseline=baseline,
                budget=budget,
                samples={"shown": shown, "parts": parts, "cpython": cpython},
                note=f"median of {repeats}; the page's file input, from its call to the engine "
                f"to the frame that shows the roll-up: reply "
                f"{median([x['reply'] for x in parts]):,.0f} ms, render "
                f"{median([x['render'] for x in parts]):,.0f} ms, to the frame "
                f"{median([x['paint'] for x in parts]):,.0f} ms; baseline the same roll-up in "
                f"CPython {sys.version.split()[0]}, this process",
            )
            report(
                f"portfolio of {count:,} exports, browser worker",
                median(worker),
                "ms",
                baseline=baseline,
                budget=budget,
                samples={"worker": worker, "cpython": cpython},
                note=f"median of {repeats}; call to reply, JSON both ways included; baseline the "
                f"same roll-up in CPython {sys.version.split()[0]}, this process",
            )
            report(
                f"longest main-thread task while {count:,} exports roll up and show",
                max(shown_longest),
                "ms",
                budget="≤ 50 ms",
                samples={"call to reply": longest, "call to shown": shown_longest},
                note=f"0 = none over 50 ms; call to reply alone: {max(longest):,.0f} ms; the "
                "request's JSON is made on the main thread",
            )
        browser.close()


def _longest(tasks) -> float:
    return max((t["duration"] for t in tasks or []), default=0.0)


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
