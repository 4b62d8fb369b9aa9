"""Measure the performance budgets of docs DESIGN.md: figures, never pass/fail.

Each figure is measured in the same run as its baseline (the same pages built without our hooks,
a bare ``loadPyodide()`` page, CPython, the shipped rubric) and reported as a ratio beside its
budget. Machines here are noisy: every figure is a median of repeats, baselines and subjects
alternate. Writes ``bench/results/latest.json`` and ``latest.md`` and prints the table.

    .venv/bin/python scripts/bench.py [--quick]
"""

from __future__ import annotations

import argparse
import copy
import functools
import gzip
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "hooks"))

from calculators import _maturity, _roi  # noqa: E402 - after the path set-up above
from calculators._rubric_files import load_rubrics  # noqa: E402
from tests.browser.conftest import CHROMIUM_ARGS  # noqa: E402
from tests.conftest import serve  # noqa: E402

RESULTS = ROOT / "bench" / "results"
CHROMIUM = "/usr/bin/chromium"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
WAIT_MS = 180_000  # a bound on waiting in the browser, never a measurement
MC_RUNS = 10_000
MARKER = re.compile(r"^<!-- playbook:[a-z0-9-]+ -->", re.MULTILINE)

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


# ---------------------------------------------------------------------------------------------
# 1. mkdocs build, with and without our hooks


def mkdocs_build(config: Path, dest: Path, extra_env: dict | None = None) -> float:
    start = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "mkdocs",
            "build",
            "--strict",
            "-q",
            "-f",
            str(config),
            "-d",
            str(dest),
        ],
        cwd=config.parent,
        env={**ENV, **(extra_env or {})},
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"mkdocs build failed ({config}):\n{done.stderr[-3000:]}")
    return elapsed


def config_without_hooks(tmp: Path) -> Path:
    """The same pages built by Material with no hooks: a copy of docs/ and mkdocs.yml with no
    ``hooks:`` (markers stay HTML comments). ``validation`` is relaxed to info: some links point
    at anchors that only the generated content has."""
    shutil.copytree(ROOT / "docs", tmp / "docs")
    text = (ROOT / "mkdocs.yml").read_text()
    text = re.sub(r"^hooks:\n(?:  - .*\n)+", "", text, flags=re.MULTILINE)
    text = re.sub(r"^validation:\n(?:  .*\n)+", "", text, flags=re.MULTILINE)
    text = text.replace("custom_dir: overrides", f"custom_dir: {ROOT / 'overrides'}")
    text += "\nvalidation:\n  omitted_files: info\n  absolute_links: info\n  unrecognized_links: info\n  anchors: info\n"
    config = tmp / "mkdocs.yml"
    config.write_text(text)
    return config


def bench_build(tmp: Path, repeats: int) -> None:
    print("mkdocs build", flush=True)
    bare_config = config_without_hooks(tmp / "bare")
    ours = ROOT / "mkdocs.yml"
    mkdocs_build(ours, tmp / "warm-ours")  # warm the engine wheel cache and the OS file cache
    mkdocs_build(bare_config, tmp / "warm-bare")
    with_hooks, without = [], []
    for i in range(repeats):
        with_hooks.append(mkdocs_build(ours, tmp / f"ours-{i}"))
        without.append(mkdocs_build(bare_config, tmp / f"bare-{i}"))
    w, b = median(with_hooks), median(without)
    report(
        "mkdocs build, whole site, hooks on (warm wheel cache)",
        w,
        "s",
        baseline=b,
        budget="≤ 1.5x the same pages without hooks",
        samples={"with": with_hooks, "without": without},
        note=f"median of {repeats}, wall time of `mkdocs build --strict` incl. interpreter start",
    )
    report(
        "mkdocs build, hooks' added time",
        w - b,
        "s",
        samples=None,
        note="with minus without",
    )
    # Cold: the only cache is the engine wheel (.cache/engine); build one into a temp folder
    # instead of clearing the shared cache.
    import _engine

    start = time.perf_counter()
    _engine._build_into(tmp / "cold-engine", _engine.pyodide_version())
    cold_extra = time.perf_counter() - start
    report(
        "mkdocs build, cold: + wheel and lock file build",
        w + cold_extra,
        "s",
        baseline=b,
        budget="(cold, once per change of calculators/)",
        note=f"warm build + {cold_extra:.2f} s to build the wheel and run `pyodide lockfile add-wheels`",
    )


# ---------------------------------------------------------------------------------------------
# 2-5. In Chromium

READY_PROBE = """
window.__engineReadyAt = null;
window.__longtasks = [];
try {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longtasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: "longtask", buffered: true });
} catch (e) { window.__longtasks = null; }
new MutationObserver(() => {
  const root = document.querySelector("[data-calculator]");
  if (root && root.dataset.engine && window.__engineReadyAt === null) window.__engineReadyAt = performance.now();
}).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-engine"] });
"""

BARE_SCRIPT = """<script type="module">
try {
  const indexURL = new URL("ROOTassets/engine/pyodide-VERSION/", location.href).href;
  const { loadPyodide } = await import(indexURL + "pyodide.mjs");
  window.__bareImportedAt = performance.now();
  // The site ships no full Pyodide lock file, only the calculators' one: load that, as the engine does.
  await loadPyodide({ indexURL, lockFileURL: new URL("ROOTLOCK", location.href).href });
  window.__bareReadyAt = performance.now();
} catch (error) {
  window.__bareError = String(error);
}
</script>"""

BARE_PAGE = (
    """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>bare loadPyodide</title></head>
<body><p>Bare loadPyodide() baseline for the benchmark.</p>
"""
    + BARE_SCRIPT.replace("ROOT", "../")
    + "</body></html>\n"
)
# The second baseline: a plain playbook page (Material's theme, no calculator) that runs the same
# bare loadPyodide() on its main thread. It tells how much of a calculator page's start-up is the
# theme's own work competing for the CPU, and how much is the playbook's.
THEMED_BARE = "bench-bare/themed/"
# The third: the bare loadPyodide() in a module Web Worker (where the design puts the engine) of
# an otherwise empty page. It tells what the worker itself costs.
WORKER_BARE = "bench-bare/worker/"
WORKER_BARE_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>bare loadPyodide in a worker</title></head>
<body><p>Bare loadPyodide() in a module worker, a baseline for the benchmark.</p>
<script type="module">
const worker = new Worker("worker.js", { type: "module" });
worker.onmessage = (event) => {
  if (event.data.error) window.__bareError = event.data.error;
  else [window.__bareImportedAt, window.__bareReadyAt] = event.data.at.map((t) => t - performance.timeOrigin);
};
</script></body></html>
"""
WORKER_BARE_SCRIPT = """try {
  const indexURL = new URL("../../assets/engine/pyodide-VERSION/", location.href).href;
  const { loadPyodide } = await import(indexURL + "pyodide.mjs");
  const imported = performance.timeOrigin + performance.now();
  await loadPyodide({ indexURL, lockFileURL: new URL("../../LOCK", location.href).href });
  postMessage({ at: [imported, performance.timeOrigin + performance.now()] });
} catch (error) {
  postMessage({ error: String(error) });
}
"""
CSP_META = re.compile(r'<meta http-equiv="Content-Security-Policy"[^>]*>')


def write_bare_pages(site: Path) -> None:
    version = next(site.glob("assets/engine/pyodide-*")).name.removeprefix("pyodide-")
    lock = next(site.glob("assets/engine/calculators-*/pyodide-lock.json")).relative_to(site)
    script = BARE_SCRIPT.replace("VERSION", version).replace("LOCK", lock.as_posix())
    (site / "bench-bare").mkdir(exist_ok=True)
    (site / "bench-bare" / "index.html").write_text(
        BARE_PAGE.replace("VERSION", version).replace("LOCK", lock.as_posix())
    )
    (site / WORKER_BARE).mkdir(parents=True, exist_ok=True)
    (site / WORKER_BARE / "index.html").write_text(WORKER_BARE_PAGE)
    (site / WORKER_BARE / "worker.js").write_text(
        WORKER_BARE_SCRIPT.replace("VERSION", version).replace("LOCK", lock.as_posix())
    )
    # Same depth as playbook/faq/, so the page's relative links still resolve.
    themed = site / THEMED_BARE / "index.html"
    themed.parent.mkdir(parents=True, exist_ok=True)
    page = CSP_META.sub("", (site / "playbook" / "faq" / "index.html").read_text())
    themed.write_text(page.replace("</body>", script.replace("ROOT", "../../") + "</body>"))


# The engine's start-up marks (engine.js's ``timings``: the page's worker creation and the
# worker's own marks, in the page's time), with the navigation's own, in ms from navigation start.
ENGINE_TIMINGS = """async () => {
  const entry = document.querySelector('script[src*="javascripts/calculators.js"]').src;
  const { getEngine } = await import(new URL("engine.js", entry).href);
  const engine = getEngine(document.querySelector("[data-calculator]"));
  const timings = { ...(engine.timings || {}), start: engine.start };
  const nav = performance.getEntriesByType("navigation")[0];
  timings.domContentLoaded = nav.domContentLoadedEventStart;
  timings.dataReady = window.__engineReadyAt;
  return timings;
}"""

# Where an engine start-up goes, in the order things happen: (timings key, label).
STAGES = (
    ("workerCreate", "page creates the worker"),
    ("domContentLoaded", "page's DOMContentLoaded"),
    ("scriptStart", "worker script runs"),
    ("pyodideImported", "pyodide.mjs imported"),
    ("pyodideLoaded", "loadPyodide() resolved"),
    ("packageLoaded", "calculators wheel checked and on sys.path"),
    ("configured", "calculators imported, rubrics configured"),
    ("ready", "page receives ready"),
    ("dataReady", "calculator shows ready (data-engine)"),
)

RECOMPUTE = """async ([count, seed]) => {
  const root = document.querySelector("[data-calculator=assessment]");
  const summary = root.querySelector('[data-role="summary"]');
  const groups = [...root.querySelectorAll("[data-question]")];
  let state = seed;
  const rand = (n) => { state = (state * 1103515245 + 12345) % 2147483648; return state % n; };
  const times = [];
  for (let i = 0; i < count; i++) {
    const radios = [...groups[rand(groups.length)].querySelectorAll("input[type=radio]")].filter((r) => !r.checked);
    const radio = radios[rand(radios.length)];
    const took = await new Promise((resolve) => {
      let start = null;
      const observer = new MutationObserver(() => { observer.disconnect(); resolve(performance.now() - start); });
      observer.observe(summary, { childList: true, characterData: true, subtree: true });
      radio.addEventListener("input", (event) => { start = event.timeStamp; }, { once: true });
      radio.click();
    });
    times.push(took);
  }
  return times;
}"""

MONTE_CARLO = """async ([kase, runs]) => {
  // The module the page itself imported (same URL, so the same engine and worker).
  const entry = document.querySelector('script[src*="javascripts/calculators.js"]').src;
  const { getEngine } = await import(new URL("engine.js", entry).href);
  const root = document.querySelector("[data-calculator]");
  const engine = getEngine(root);
  await engine.ready;
  window.__longtasks = [];
  const start = performance.now();
  const reply = await engine.call("roi", { case: kase, runs, seed: 1 });
  const ms = performance.now() - start;
  await new Promise((r) => setTimeout(r, 200));
  return { ms, ok: reply.ok, error: reply.ok ? null : reply.error, longtasks: window.__longtasks };
}"""


# An emulated network for the start-up figures, besides loopback (latency, throughput).
NETWORK = {"latency_ms": 20, "mbit_s": 40}
VISITS = 3  # visits of the assessment page per browser context: cold, then repeats


def emulate(context, page, network: dict | None) -> None:
    if not network:
        return
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    rate = network["mbit_s"] * 1_000_000 / 8
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": network["latency_ms"],
            "downloadThroughput": rate,
            "uploadThroughput": rate,
        },
    )


def fresh_profile(playwright, service_workers: str = "allow"):
    """A browser with a new, empty profile on disk: a cold start, and a real disk cache for the
    repeat visits. (A ``new_context()`` is off the record: its in-memory HTTP cache drops the
    9.6 MB WebAssembly file, so a repeat visit there downloads and compiles it again, as no
    reader's browser does; Chromium's compiled-WebAssembly cache also needs a disk cache.)"""
    folder = tempfile.mkdtemp(prefix="playbook-bench-profile-")
    context = playwright.chromium.launch_persistent_context(
        folder,
        executable_path=CHROMIUM,
        args=CHROMIUM_ARGS,
        headless=True,
        service_workers=service_workers,
    )
    context.add_init_script(READY_PROBE)
    warm = context.pages[0] if context.pages else context.new_page()
    warm.goto("about:blank")  # the browser's own start-up is not the page's

    def close():
        context.close()
        shutil.rmtree(folder, ignore_errors=True)

    return context, close


def engine_start_up(playwright, url: str, calc: str, repeats: int, network: dict | None) -> None:
    """Engine ready on a cold visit of the assessment page (a fresh browser profile) and on
    repeat visits in the same profile (the HTTP cache as the site's ``_headers`` allow), vs a
    bare ``loadPyodide()`` page, also in a fresh profile; profiles alternate. With the start-up
    breakdown from the engine's own marks."""
    where = (
        f"emulated {network['latency_ms']} ms latency, {network['mbit_s']} Mbit/s"
        if network
        else "loopback"
    )

    def engine_visit(context) -> dict:
        page = context.new_page()
        emulate(context, page, network)
        page.goto(calc)
        wait_for(page, "window.__engineReadyAt !== null")
        state = page.evaluate("document.querySelector('[data-calculator]').dataset.engine")
        if state != "ready":
            raise RuntimeError(f"the engine did not start: {page.inner_text('[data-role=status]')}")
        timings = page.evaluate(ENGINE_TIMINGS)
        page.wait_for_timeout(1000)  # a reader stays a moment (Chromium caches compiled code after)
        page.close()
        return {"ready": timings["dataReady"], "timings": timings}

    def bare_visit(context, path: str = "bench-bare/") -> dict:
        page = context.new_page()
        emulate(context, page, network)
        page.goto(url + path)
        wait_for(page, "!!(window.__bareReadyAt || window.__bareError)")
        if page.evaluate("window.__bareError || null"):
            raise RuntimeError(f"the bare page failed: {page.evaluate('window.__bareError')}")
        ready = page.evaluate("[window.__bareImportedAt, window.__bareReadyAt]")
        page.close()
        return {"imported": ready[0], "ready": ready[1]}

    print(f"engine ready (Chromium, {where})", flush=True)
    visits: list[list[dict]] = [[] for _ in range(VISITS)]
    bare: list[list[dict]] = [[], []]
    themed: list[dict] = []
    in_worker: list[dict] = []
    no_sw: list[dict] = []  # repeat visits with service workers blocked (HTTP cache alone)
    for _ in range(repeats):
        context, close = fresh_profile(playwright)
        for n in range(VISITS):
            visits[n].append(engine_visit(context))
        close()
        if not network:
            context, close = fresh_profile(playwright, service_workers="block")
            engine_visit(context)
            no_sw.append(engine_visit(context))
            close()
        context, close = fresh_profile(playwright)
        bare[0].append(bare_visit(context))
        bare[1].append(bare_visit(context))
        close()
        context, close = fresh_profile(playwright)
        themed.append(bare_visit(context, THEMED_BARE))
        close()
        context, close = fresh_profile(playwright)
        in_worker.append(bare_visit(context, WORKER_BARE))
        close()
    cold = [v["ready"] for v in visits[0]]
    bare_cold = [v["ready"] for v in bare[0]]
    suffix = "" if not network else f" ({where})"
    themed_cold = [v["ready"] for v in themed]
    worker_cold = [v["ready"] for v in in_worker]
    # (name, baseline samples, budget, note): the budget's baseline, then the two that tell the
    # theme's and the worker's shares apart.
    against = (
        (
            "engine ready, cold visit (from navigation start)",
            bare_cold,
            "≤ 1.1x a bare loadPyodide() page",
            f"median of {repeats}; a fresh browser profile each; {where}",
        ),
        (
            "engine ready, cold visit, against a themed bare page",
            themed_cold,
            "(how much is the theme's)",
            "baseline: a plain playbook page (Material's CSS and bundle, no calculator) that "
            "also runs the bare loadPyodide() on its main thread; a fresh profile each",
        ),
        (
            "engine ready, cold visit, against a bare loadPyodide() in a worker",
            worker_cold,
            "(how much is the worker's)",
            "baseline: an empty page that runs the bare loadPyodide() in a module worker, as the "
            f"engine does ({median(worker_cold) / median(bare_cold):.2f}x the bare page on its "
            "main thread); a fresh profile each",
        ),
    )
    for name, baseline, budget, note in against:
        report(
            name + suffix,
            median(cold),
            "ms",
            baseline=median(baseline),
            budget=budget,
            samples={"engine": cold, "baseline": baseline},
            note=note,
        )
    for n in range(1, VISITS):
        again = [v["ready"] for v in visits[n]]
        report(
            f"engine ready, repeat visit {n + 1}" + suffix,
            median(again),
            "ms",
            baseline=median(cold),
            budget="< 1.0x the cold visit",
            samples={"engine": again},
            note=f"visit {n + 1} in the same profile; bare page's repeat visit: "
            f"{median([v['ready'] for v in bare[1]]):.0f} ms"
            if n == 1
            else f"visit {n + 1} in the same profile",
        )
    if no_sw:
        with_sw = [v["ready"] for v in visits[1]]
        report(
            "engine ready, repeat visit 2, service worker blocked" + suffix,
            median([v["ready"] for v in no_sw]),
            "ms",
            baseline=median(with_sw),
            budget="(does sw.js help?)",
            samples={"blocked": [v["ready"] for v in no_sw], "with sw.js": with_sw},
            note="baseline: the same repeat visit with the site's service worker (sw.js); "
            "ratio > 1: the service worker makes repeat visits faster",
        )
    for n, label in ((0, "cold"), (1, "repeat")):
        parts = []
        for key, name in STAGES:
            values = [v["timings"].get(key) for v in visits[n] if v["timings"].get(key) is not None]
            if values:
                parts.append(f"{name} {median(values):.0f}")
        starts = sorted({str(v["timings"].get("start")) for v in visits[n]})
        report(
            f"engine start-up breakdown, {label} visit{suffix}",
            " → ".join(parts),
            "",
            note=f"started from: {' / '.join(starts)} (engine.start); "
            "medians, ms from navigation start; bare page: pyodide.mjs imported "
            f"{median([v['imported'] for v in bare[n]]):.0f}, loadPyodide() resolved "
            f"{median([v['ready'] for v in bare[n]]):.0f}",
        )


# Long tasks while a page loads, and Long Animation Frames, each frame attributed to the script
# that ran longest in it: Material's bundle (the theme, on every page) or the playbook's own code.
# A frame's duration includes the style and layout its scripts caused.
LOAD_TASKS_PROBE = """
window.__tasks = [];
window.__frames = [];
try {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__tasks.push(e.duration);
  }).observe({ type: "longtask", buffered: true });
  new PerformanceObserver((list) => {
    for (const frame of list.getEntries()) {
      window.__frames.push({ duration: frame.duration, scripts: frame.scripts.map((s) => ({
        source: s.sourceURL, invoker: s.invoker, type: s.invokerType, duration: s.duration,
        layout: s.forcedStyleAndLayoutDuration })) });
    }
  }).observe({ type: "long-animation-frame", buffered: true });
} catch (e) { window.__tasks = null; }
"""
# The playbook's own scripts: docs/assets/javascripts/*.js. Not Material's hashed bundle, and not
# the page's inline scripts (Material's; the site has none of its own), whose source is the page.
OUR_SCRIPT = re.compile(r"/assets/javascripts/(?!bundle\.)[\w-]+\.js$")


def frame_led_by_ours(frame: dict) -> dict | None:
    """The script that ran longest in a frame, if it is the playbook's own (not Material's).

    Not a frame in which our module's top-level run was short (under 50 ms) and merely the
    longest script: that is the page's first parse and render, whose layout the HTML causes."""
    scripts = [s for s in frame["scripts"] if s["source"]]
    lead = max(scripts, key=lambda s: s["duration"], default=None)
    if not lead or not OUR_SCRIPT.search(lead["source"]):
        return None
    if lead.get("type") in ("classic-script", "module-script") and lead["duration"] < 50:
        return None
    return lead


def page_load_tasks(browser, url: str, repeats: int) -> None:
    """The longest main-thread task while a page loads (to the engine's first results on
    calculator pages, plus a moment for charts), against a plain playbook page of the same theme
    loaded in the same run; and the longest frame that the playbook's own scripts led."""
    print("long tasks during page load (Chromium)", flush=True)
    pages = {
        "plain playbook page (Material alone)": ("playbook/faq/", False),
        "assessment page": ("calculators/assessment/", True),
        "ROI page, to its first results": ("calculators/roi/", True),
    }
    longest: dict[str, list[float]] = {name: [] for name in pages}
    ours: dict[str, list[tuple[float, dict] | None]] = {name: [] for name in pages}
    for _ in range(repeats):
        for name, (path, calculator) in pages.items():
            context = browser.new_context()
            context.add_init_script(LOAD_TASKS_PROBE + READY_PROBE)
            page = context.new_page()
            page.goto(url + path)
            if calculator:
                wait_for(page, "window.__engineReadyAt !== null")
            page.wait_for_timeout(1500)
            tasks = page.evaluate("window.__tasks") or []
            frames = page.evaluate("window.__frames") or []
            longest[name].append(max(tasks, default=0.0))
            led = [(f["duration"], lead) for f in frames if (lead := frame_led_by_ours(f))]
            ours[name].append(max(led, key=lambda pair: pair[0], default=None))
            context.close()
    plain = median(longest["plain playbook page (Material alone)"])
    for name in pages:
        report(
            f"longest main-thread task, {name}",
            median(longest[name]),
            "ms",
            baseline=plain if "plain" not in name else None,
            budget="≤ 50 ms" if "plain" not in name else "(baseline)",
            samples=longest[name],
            note=f"median of {repeats} cold loads; Material's bundle runs in one task on every page "
            "(its script plus the page's first layout, which it forces)",
        )
    for name in pages:
        if "plain" in name:
            continue
        runs = ours[name]
        worst = max((r for r in runs if r), key=lambda pair: pair[0], default=None)
        report(
            f"longest frame led by the playbook's own scripts, {name}",
            median([r[0] if r else 0.0 for r in runs]),
            "ms",
            budget="≤ 50 ms",
            samples=[round(r[0], 1) if r else 0 for r in runs],
            note="median of the worst per load: a Long Animation Frame (script, then the style and "
            "layout it caused) whose longest script is ours; only frames over 50 ms are reported, "
            "so 0 = none"
            + (
                f"; worst: {worst[0]:.0f} ms, led by {worst[1]['source'].rsplit('/', 1)[-1]} via "
                f"{worst[1]['invoker']} ({worst[1]['duration']:.0f} ms of script)"
                if worst
                else ""
            ),
        )


def bench_browser(site: Path, url: str, repeats: int, mc_case: dict) -> None:
    from playwright.sync_api import sync_playwright

    write_bare_pages(site)
    calc = url + "calculators/assessment/"

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        engine_start_up(p, url, calc, repeats, None)
        engine_start_up(p, url, calc, max(3, repeats - 2), NETWORK)
        page_load_tasks(browser, url, repeats)

        print("recompute latency and Monte Carlo (Chromium)", flush=True)
        context = browser.new_context()
        context.add_init_script(READY_PROBE)
        page = context.new_page()
        page.goto(calc)
        wait_for(page, "window.__engineReadyAt !== null")
        page.evaluate(RECOMPUTE, [20, 7])  # warm-up (first renders)
        times = page.evaluate(RECOMPUTE, [200, 42])
        report(
            "recompute after an answer changes, p50",
            percentile(times, 50),
            "ms",
            budget="",
            note="input event to the summary's text change, 200 changes",
        )
        report(
            "recompute after an answer changes, p95",
            percentile(times, 95),
            "ms",
            budget="p95 < 50 ms",
            samples=[round(t, 2) for t in times],
            note=f"max {max(times):.1f} ms",
        )
        mc = [page.evaluate(MONTE_CARLO, [mc_case, MC_RUNS]) for _ in range(repeats)]
        if not all(m["ok"] for m in mc):
            raise RuntimeError(f"the Monte Carlo failed in the browser: {mc[0]['error']}")
        mc_ms = [m["ms"] for m in mc]
        report(
            f"Monte Carlo {MC_RUNS:,} runs, 5-year case, browser worker",
            median(mc_ms),
            "ms",
            budget="< 1,500 ms",
            samples=mc_ms,
            note=f"median of {repeats}; call to reply, JSON both ways included",
        )
        longest_mc = [max((t["duration"] for t in m["longtasks"] or []), default=0.0) for m in mc]
        report(
            "longest main-thread task while the Monte Carlo runs",
            max(longest_mc),
            "ms",
            budget="≤ 50 ms",
            samples=longest_mc,
            note="0 = none over 50 ms",
        )
        context.close()

        print("bytes transferred (Chromium)", flush=True)
        for label, path, wait_engine in (
            ("home page (no calculator)", "", False),
            ("assessment page, cold", "calculators/assessment/", True),
        ):
            transferred = bytes_of_visit(browser, url + path, wait_engine)
            total = sum(size for _, size in transferred)
            pyodide = [u for u, _ in transferred if "/assets/engine/" in u]
            gz = sum(gzip_size(site, url, u) for u, _ in transferred)
            report(
                f"bytes transferred, {label}",
                total,
                "B",
                budget="no Pyodide byte" if not wait_engine else "",
                note=f"{len(transferred)} requests; ≈ {gz:,} B if served gzip-compressed; fetched engine files: "
                + ("yes" if pyodide else "no"),
            )
            if not wait_engine:
                report(
                    "home page fetches a Pyodide byte",
                    bool(pyodide),
                    "",
                    budget="no",
                    note=", ".join(pyodide),
                )
        browser.close()


def wait_for(page, expression: str) -> None:
    """Poll ``expression`` (Playwright's wait_for_function evaluates a string, which the pages'
    Content Security Policy forbids; evaluate() does not)."""
    deadline = time.monotonic() + WAIT_MS / 1000
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise TimeoutError(f"{expression} still false after {WAIT_MS} ms")
        page.wait_for_timeout(50)


def gzip_size(site: Path, url: str, request_url: str) -> int:
    path = site / request_url.removeprefix(url).split("?")[0].split("#")[0]
    if path.is_dir():
        path = path / "index.html"
    return len(gzip.compress(path.read_bytes(), 6)) if path.is_file() else 0


def bytes_of_visit(browser, url: str, wait_engine: bool) -> list[tuple[str, int]]:
    # Service workers blocked: what the page fetches. (In this off-the-record context, whose
    # memory cache drops the 9.6 MB runtime, sw.js keeping the files for offline use would fetch
    # them again; in a reader's profile it reads them from the HTTP cache.)
    context = browser.new_context(service_workers="block")
    context.add_init_script(READY_PROBE)
    finished: list = []
    context.on("requestfinished", lambda request: finished.append(request))
    page = context.new_page()
    page.goto(url)
    if wait_engine:
        wait_for(page, "window.__engineReadyAt !== null")
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)
    out = []
    for request in finished:
        sizes = request.sizes()
        out.append((request.url, sizes["responseBodySize"] + sizes["responseHeadersSize"]))
    context.close()
    return out


# ---------------------------------------------------------------------------------------------
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


# ---------------------------------------------------------------------------------------------
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


def grown_rubric(dest: Path, questions: int) -> Path:
    """A copy of rubrics/ whose maturity model has ``questions`` questions, spread over the
    dimensions by cloning the shipped questions under new ids."""
    import yaml

    shutil.copytree(ROOT / "rubrics", dest)
    path = dest / "maturity.yaml"
    data = yaml.safe_load(path.read_text())
    shipped = [q for q in data["questions"] if not q.get("retired")]
    dims = [d["id"] for d in data["dimensions"] if not d.get("retired")]
    by_dim = {d: [q for q in shipped if q["dimension"] == d] for d in dims}
    extra = []
    for i in range(questions - len(data["questions"])):
        dim = dims[i % len(dims)]
        source = by_dim[dim][i // len(dims) % len(by_dim[dim])]
        clone = copy.deepcopy(source)
        clone["id"] = f"{source['id']}_x{i}"
        clone["text"] = f"{source['text']} (variant {i})"
        clone.pop("critical", None)
        extra.append(clone)
    data["questions"] += extra
    header = path.read_text().splitlines()[0]
    path.write_text(header + "\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    load_rubrics(dest, docs_dir=ROOT / "docs")  # it must validate, or the comparison is moot
    return dest


def bench_rubric_growth(tmp: Path, questions: int, repeats: int) -> None:
    print(f"build with a {questions}-question rubric", flush=True)
    grown = grown_rubric(tmp / "rubrics-grown", questions)
    shipped_count = len(
        load_rubrics(ROOT / "rubrics", docs_dir=ROOT / "docs").rubrics["maturity"]["questions"]
    )
    ours = ROOT / "mkdocs.yml"
    env = {"PLAYBOOK_RUBRICS": str(grown)}
    mkdocs_build(ours, tmp / "grown-warm", env)
    shipped, big = [], []
    for i in range(repeats):
        shipped.append(mkdocs_build(ours, tmp / f"shipped-{i}"))
        big.append(mkdocs_build(ours, tmp / f"grown-{i}", env))
    report(
        f"mkdocs build with a {questions}-question maturity rubric",
        median(big),
        "s",
        baseline=median(shipped),
        budget="(how cost grows)",
        samples={"grown": big, "shipped": shipped},
        note=f"baseline: the shipped {shipped_count} questions; ≈ "
        f"{(median(big) - median(shipped)) / (questions - shipped_count) * 1000:.1f} ms per added question",
    )


# ---------------------------------------------------------------------------------------------


def header_rules(site: Path) -> list[tuple[re.Pattern, list[tuple[str, str]]]]:
    """The rules of the site's ``_headers`` file, in the simple Netlify / Cloudflare Pages format:
    a path pattern on its own line (``*`` matches anything, ``:name`` one path segment), then
    indented ``Name: value`` lines; ``#`` starts a comment. Every matching rule applies."""
    rules: list[tuple[re.Pattern, list[tuple[str, str]]]] = []
    path = site / "_headers"
    for line in path.read_text().splitlines() if path.is_file() else []:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            pattern = re.escape(line.strip()).replace(r"\*", ".*")
            pattern = re.sub(r":[A-Za-z]\w*", "[^/]+", pattern)
            rules.append((re.compile(pattern + "$"), []))
        elif rules:
            name, _, value = line.strip().partition(":")
            rules[-1][1].append((name.strip(), value.strip()))
    return rules


def serve_site(site: Path, *, exempt: tuple[str, ...] = ("/bench-bare/",)):
    """Serve ``site`` on loopback as a static host would: each response gets the headers of the
    ``_headers`` rules matching its path (read after the build, once). The bench's own pages
    (``exempt``) are not part of the site and get none: the bare page's inline script would
    break the site's policy."""
    base, server = serve(site, start=False)
    handler = server.RequestHandlerClass
    cls = handler.func
    rules: list = []

    class Handler(cls):
        def end_headers(self):
            path = self.path.split("?")[0].split("#")[0]
            if not rules:
                rules.extend(header_rules(site) or [(re.compile("$^"), [])])
            if not path.startswith(exempt):
                for pattern, headers in rules:
                    if pattern.match(path):
                        for name, value in headers:
                            self.send_header(name, value)
            super().end_headers()

    server.RequestHandlerClass = functools.partial(Handler, *handler.args, **handler.keywords)
    return base, server


def build_served_site(tmp: Path):
    """The site built for the origin it is served from (instant navigation needs it), served
    with the headers its ``_headers`` file asks for (the cache rules, the policy)."""
    dest = tmp / "site"
    base, server = serve_site(dest)
    server.handle_error = lambda *_: None  # a page closed mid-download resets its connection
    mkdocs_build(ROOT / "mkdocs.yml", dest, {"PLAYBOOK_SITE_URL": base})
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return dest, base, server


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


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repeats (a smoke run)")
    parser.add_argument(
        "--only",
        choices=("build", "browser", "mc", "scoring", "growth"),
        action="append",
        help="run only these parts",
    )
    args = parser.parse_args(argv)
    repeats = 2 if args.quick else 5
    parts = set(args.only or ("build", "browser", "mc", "scoring", "growth"))
    started = time.time()
    rubrics = load_rubrics(ROOT / "rubrics", docs_dir=ROOT / "docs").rubrics
    case = {**rubrics["kpis"]["roi_defaults"], "horizon_years": 5}
    try:
        run_parts(parts, repeats, args.quick, case)
    finally:
        write_results(started)  # what was measured, even if a later part failed
    return 0


def run_parts(parts: set, repeats: int, quick: bool, case: dict) -> None:
    with tempfile.TemporaryDirectory(prefix="playbook-bench-") as name:
        tmp = Path(name)
        if "build" in parts:
            bench_build(tmp / "build", repeats)
        if parts & {"browser", "mc"}:
            site, base, server = build_served_site(tmp)
            try:
                if "browser" in parts:
                    bench_browser(site, base, repeats, case)
                if "mc" in parts:
                    bench_monte_carlo(site, tmp, case, 3 if not quick else 1)
            finally:
                server.shutdown()
                server.server_close()
        if "scoring" in parts:
            bench_scoring(tmp, 1_000 if quick else 10_000, repeats)
        if "growth" in parts:
            bench_rubric_growth(tmp / "growth", 500, 3 if not quick else 1)


if __name__ == "__main__":
    sys.exit(main())
