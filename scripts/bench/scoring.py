"""Scoring throughput: answer sets in-process, and one file through the command line."""

from __future__ import annotations

import json
import random
import subprocess
import sys
import time
from pathlib import Path

from figures import median, report
from paths import ROOT

from calculators import _maturity
from calculators._rubric_files import load_rubrics


# 7. Scoring throughput and rubric growth
def random_answers(rubric: dict, rng: random.Random) -> dict:
    out = {}
    for q in rubric["questions"]:
        if q.get("retired"):
            continue
        values = [o["value"] for o in q["options"]] + ["dont_know"]
        out[q["id"]] = rng.choice([*values, None])
    return out


def bench_scoring(tmp: Path, sets: int, repeats: int) -> None:
    print("scoring throughput", flush=True)
    rubrics = load_rubrics(ROOT / "rubrics", docs_dir=ROOT / "docs").rubrics
    rng = random.Random(1)
    answers = [random_answers(rubrics["maturity"], rng) for _ in range(sets)]
    start = time.perf_counter()
    for a in answers:
        _maturity.assess(rubrics["maturity"], a, sprint=rubrics.get("sprint"))
    elapsed = time.perf_counter() - start
    report(
        f"scoring {sets:,} answer sets in-process (assess)",
        sets / elapsed,
        "sets/s",
        note=f"{elapsed:.2f} s in all; {elapsed / sets * 1000:.3f} ms per set",
    )
    per_set_ms = elapsed / sets * 1000
    calls = []
    for i in range(repeats):
        path = tmp / f"answers-{i}.json"
        meta = {"id": rubrics["maturity"]["id"], "version": rubrics["maturity"]["version"]}
        path.write_text(json.dumps({"rubric": meta, "answers": answers[i]}))
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-m", "calculators", "maturity", str(path), "--format", "json"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        calls.append((time.perf_counter() - start) * 1000)
        if done.returncode != 0:
            raise RuntimeError(f"the CLI failed: {done.stderr.strip()}")
    report(
        "scoring one answers file with the CLI (subprocess)",
        median(calls),
        "ms",
        baseline=per_set_ms,
        samples=calls,
        note=f"median of {repeats}; per-call overhead ≈ {median(calls) - per_set_ms:.0f} ms "
        f"(interpreter, imports, rubric loading); 10,000 files one call each ≈ "
        f"{median(calls) * sets / 1000 / 60:.1f} min",
    )
