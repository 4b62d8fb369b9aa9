"""Portfolio roll-up with the CLI: 100, 1,000 and 10,000 generated exports in one call."""

from __future__ import annotations

import random
import resource
import subprocess
import sys
import time
from pathlib import Path

from figures import report
from paths import ROOT
from scoring import random_answers

from calculators._maturity_io import export_assessment

TEAMS = [f"Team {i}" for i in range(40)]


def write_exports(folder: Path, rubric: dict, count: int, rng: random.Random) -> list[str]:
    import json

    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for i in range(count):
        path = folder / f"export-{i:05}.json"
        data = export_assessment(
            rubric,
            random_answers(rubric, rng),
            about={"team": rng.choice(TEAMS)},
            exported_at="2026-03-31T12:00:00Z",
        )
        path.write_text(json.dumps(data))
        names.append(str(path))
    return names


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
