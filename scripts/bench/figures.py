"""The figures of one benchmark run: recorded as they are measured, printed at once, and written
to ``bench/results/latest.json`` (every sample) and ``latest.md`` (the table)."""

from __future__ import annotations

import json
import os
import statistics
import sys
import time

from paths import ROOT

RESULTS = ROOT / "bench" / "results"

rows: list[dict] = []


def report(
    name: str,
    value,
    unit: str,
    *,
    baseline=None,
    budget: str = "",
    samples=None,
    note: str = "",
    ratio=None,
):
    """Record one figure (and print it at once, so a long run shows progress)."""
    if ratio is None and isinstance(value, int | float) and isinstance(baseline, int | float):
        ratio = value / baseline if baseline else None
    row = {
        "name": name,
        "value": value,
        "unit": unit,
        "baseline": baseline,
        "ratio": ratio,
        "budget": budget,
        "note": note,
        "samples": samples,
    }
    rows.append(row)
    print(f"  {name}: {fmt(value, unit)}" + (f" (ratio {ratio:.2f})" if ratio else ""), flush=True)


def fmt(value, unit: str = "") -> str:
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        text = (
            f"{value:,.0f}"
            if abs(value) >= 100
            else f"{value:,.2f}"
            if abs(value) < 10
            else f"{value:,.1f}"
        )
    else:
        text = f"{value:,}" if isinstance(value, int) else str(value)
    return f"{text} {unit}".strip()


def median(values):
    return statistics.median(values) if values else None


def percentile(values, p):
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def write_results(started: float) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    meta = {
        "when": time.strftime("%Y-%m-%d %H:%M:%S %z"),
        "python": sys.version.split()[0],
        "cpus": os.cpu_count(),
        "duration_s": round(time.time() - started, 1),
    }
    (RESULTS / "latest.json").write_text(
        json.dumps({"meta": meta, "figures": rows}, indent=2) + "\n"
    )
    lines = [
        f"# Benchmarks ({meta['when']}, {meta['cpus']} CPUs, Python {meta['python']}, {meta['duration_s']} s)",
        "",
        "Figures, not pass/fail; medians of repeats; ratio = figure / baseline.",
        "",
        "| measure | figure | baseline | ratio | budget | notes |",
        "|---|---|---|---|---|---|",
    ]
    for r in rows:
        ratio = f"{r['ratio']:.2f}x" if r["ratio"] else "–"
        lines.append(
            f"| {r['name']} | {fmt(r['value'], r['unit'])} | {fmt(r['baseline'], r['unit'])} | {ratio} "
            f"| {r['budget'] or '–'} | {r['note'] or ''} |"
        )
    text = "\n".join(lines) + "\n"
    (RESULTS / "latest.md").write_text(text)
    print("\n" + text)
