"""The figures measured in Chromium: engine start-up (cold and repeat visits, loopback and an
emulated network) against bare ``loadPyodide()`` pages, long tasks and frames while pages load,
recompute latency, the Monte Carlo in the browser worker, and the bytes a visit moves.

The JavaScript the pages run for it is in ``probes/``; Chromium is the one the tests drive, with
the tests' own arguments."""

from __future__ import annotations

import re
import shutil
import tempfile
import time
from pathlib import Path

from figures import median, percentile, report
from paths import MC_RUNS

from tests.browser.conftest import CHROMIUM_ARGS, find_chromium

PROBES = Path(__file__).with_name("probes")


def probe(name: str) -> str:
    """The text of ``probes/NAME``."""
    return (PROBES / name).read_text(encoding="utf-8")


WAIT_MS = 180_000  # a bound on waiting in the browser, never a measurement
# Records when the calculator shows its engine's state, and the page's long tasks.
READY_PROBE = probe("ready.js")
# The bare loadPyodide() baseline: a page that only loads Pyodide, as the engine does.
BARE_SCRIPT = probe("bare-script.html")
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
WORKER_BARE_PAGE = probe("worker-bare.html")
WORKER_BARE_SCRIPT = probe("worker-bare.js")
CSP_META = re.compile(r'<meta http-equiv="Content-Security-Policy"[^>]*>')
# The engine's start-up marks (engine.js's ``timings``: the page's worker creation and the
# worker's own marks, in the page's time), with the navigation's own, in ms from navigation start.
ENGINE_TIMINGS = probe("engine-timings.js")
# 200 random answer changes on the assessment page: input event to the summary's change.
RECOMPUTE = probe("recompute.js")
# One call through the page's own engine (the Monte Carlo, the portfolio roll-up), with the long
# tasks meanwhile.
ENGINE_CALL = probe("engine-call.js")
# Long tasks while a page loads, and Long Animation Frames, each frame attributed to the script
# that ran longest in it: Material's bundle (the theme, on every page) or the playbook's own code.
# A frame's duration includes the style and layout its scripts caused.
LOAD_TASKS_PROBE = probe("load-tasks.js")


def chromium() -> str:
    path = find_chromium()
    if not path:
        raise SystemExit("error: the benchmark needs Chromium: run `make bench` (it installs it)")
    return path


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


# Where an engine start-up goes, in the order things happen: (timings key, label).
STAGES = (
    ("workerCreate", "page creates the worker"),
    ("domContentLoaded", "page's DOMContentLoaded"),
    ("scriptStart", "worker script runs"),
    ("init", "worker asks for its files"),
    ("pyodideImported", "pyodide.mjs imported"),
    ("numberFormats", "number formats built"),
    ("pyodideLoaded", "loadPyodide() resolved"),
    ("packageLoaded", "calculators wheel checked and on sys.path"),
    ("configured", "calculators imported, rubrics configured"),
    ("ready", "page receives ready"),
    ("dataReady", "calculator shows ready (data-engine)"),
)


# An emulated network for the start-up figures, besides loopback (latency, throughput).
NETWORK = {"latency_ms": 20, "mbit_s": 40}


VISITS = 3


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
        executable_path=chromium(),
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


def report_cold_visits(cold, bare_cold, themed, in_worker, repeats, where, suffix) -> None:
    """The cold visit against its budget's baseline (a bare ``loadPyodide()`` page) and the two
    that tell the theme's and the worker's shares apart."""
    bare_cold = [v["ready"] for v in bare_cold]
    themed_cold = [v["ready"] for v in themed]
    worker_cold = [v["ready"] for v in in_worker]
    # (name, baseline samples, budget, note): the budget's baseline, then the two that tell the
    # theme's and the worker's shares apart.
    against = (
        (
            "engine ready, cold visit (from navigation start)",
            bare_cold,
            "≤ 0.5x a bare loadPyodide() page",
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


def engine_start_up(
    playwright, url: str, calc: str, repeats: int, network: dict | None, baselines: bool = True
) -> None:
    """Engine ready on a cold visit of the assessment page (a fresh browser profile) and on
    repeat visits in the same profile (the HTTP cache as the site's ``_headers`` allow), vs a
    bare ``loadPyodide()`` page, also in a fresh profile; profiles alternate. With the start-up
    breakdown from the engine's own marks. Without ``baselines``: the visits alone (the repeat
    visits' budgets are against the cold visit and the same visit with service workers blocked,
    so they need no bare page)."""
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
        if not baselines:
            continue
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
    suffix = "" if not network else f" ({where})"
    if baselines:
        report_cold_visits(cold, bare[0], themed, in_worker, repeats, where, suffix)
    else:
        report(
            "engine ready, cold visit (from navigation start)" + suffix,
            median(cold),
            "ms",
            samples={"engine": cold},
            note=f"median of {repeats}; a fresh browser profile each; {where}; no bare baselines",
        )
    for n in range(1, VISITS):
        again = [v["ready"] for v in visits[n]]
        report(
            f"engine ready, repeat visit {n + 1}" + suffix,
            median(again),
            "ms",
            baseline=median(cold),
            budget="≤ 0.3x the cold visit",
            samples={"engine": again},
            note=f"visit {n + 1} in the same profile; bare page's repeat visit: "
            f"{median([v['ready'] for v in bare[1]]):.0f} ms"
            if n == 1 and bare[1]
            else f"visit {n + 1} in the same profile",
        )
    if no_sw:
        with_sw = [v["ready"] for v in visits[1]]
        blocked = [v["ready"] for v in no_sw]
        report(
            "engine ready, repeat visit 2, with the service worker" + suffix,
            median(with_sw),
            "ms",
            baseline=median(blocked),
            budget="≤ 1.0x the same visit with it blocked",
            samples={"with sw.js": with_sw, "blocked": blocked},
            note="baseline: the same repeat visit (second visit of a fresh profile) with service "
            "workers blocked, HTTP cache alone; ratio < 1: sw.js makes repeat visits faster",
        )
    for n, label in ((0, "cold"), (1, "repeat")):
        found = []
        for key, name in STAGES:
            values = [v["timings"].get(key) for v in visits[n] if v["timings"].get(key) is not None]
            if values:
                found.append((median(values), name))
        # In the order they happened (the worker may build its number formats before or after
        # it has imported pyodide.mjs).
        parts = [f"{name} {at:.0f}" for at, name in sorted(found, key=lambda f: f[0])]
        starts = sorted({str(v["timings"].get("start")) for v in visits[n]})
        bare_note = (
            "; bare page: pyodide.mjs imported "
            f"{median([v['imported'] for v in bare[n]]):.0f}, loadPyodide() resolved "
            f"{median([v['ready'] for v in bare[n]]):.0f}"
            if bare[n]
            else ""
        )
        report(
            f"engine start-up breakdown, {label} visit{suffix}",
            " → ".join(parts),
            "",
            note=f"started from: {' / '.join(starts)} (engine.start); "
            "medians, ms from navigation start" + bare_note,
        )


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


LOAD_PAGES = {
    "plain playbook page (Material alone)": ("playbook/faq/", False),
    "assessment page": ("calculators/assessment/", True),
    "ROI page, to its first results": ("calculators/roi/", True),
    "readiness page": ("calculators/readiness/", True),
    "portfolio page": ("calculators/portfolio/", True),
    "use-case portfolio page": ("calculators/use-cases/", True),
}


def page_load_tasks(browser, url: str, repeats: int, only=None) -> None:
    """The longest main-thread task while a page loads (to the engine's first results on
    calculator pages, plus a moment for charts), against a plain playbook page of the same theme
    loaded in the same run; and the longest frame that the playbook's own scripts led.
    ``only``: the calculator pages whose name or path contains one of these words (the plain
    page, the baseline, always loads)."""
    print("long tasks during page load (Chromium)", flush=True)
    pages = {
        name: page
        for name, page in LOAD_PAGES.items()
        if not only or not page[1] or any(w.lower() in (name + page[0]).lower() for w in only)
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


def bench_cold_start(site: Path, url: str, repeats: int) -> None:
    """``--only cold``: the cold visit under the emulated network alone, the narrowest look at the
    budget where downloads decide it: the assessment page's engine ready against the bare
    ``loadPyodide()`` page, each in a fresh profile, alternating (which goes first alternates
    too), with the bytes each visit moved as sent (gzip where the host compresses) and the
    engine's files among them."""
    from playwright.sync_api import sync_playwright

    write_bare_pages(site)
    where = f"emulated {NETWORK['latency_ms']} ms latency, {NETWORK['mbit_s']} Mbit/s"

    def visit(playwright, path: str, engine: bool) -> dict:
        context, close = fresh_profile(playwright)
        moved: list[tuple[str, int]] = []
        context.on(
            "requestfinished",
            lambda r: moved.append((r.url, (r.sizes() or {}).get("responseBodySize", 0))),
        )
        page = context.new_page()
        emulate(context, page, NETWORK)
        page.goto(url + path)
        if engine:
            wait_for(page, "window.__engineReadyAt !== null")
            state = page.evaluate("document.querySelector('[data-calculator]').dataset.engine")
            if state != "ready":
                raise RuntimeError(f"the engine did not start: {state}")
            timings = page.evaluate(ENGINE_TIMINGS)
            ready, start = timings["dataReady"], timings.get("start")
        else:
            wait_for(page, "!!(window.__bareReadyAt || window.__bareError)")
            if page.evaluate("window.__bareError || null"):
                raise RuntimeError(f"the bare page failed: {page.evaluate('window.__bareError')}")
            ready, start = page.evaluate("window.__bareReadyAt"), None
        page.wait_for_timeout(300)  # the last responses' sizes
        page.close()
        close()
        return {"ready": ready, "start": start, "moved": moved}

    print(f"engine ready, cold (Chromium, {where})", flush=True)
    engine: list[dict] = []
    bare: list[dict] = []
    with sync_playwright() as p:
        for n in range(repeats):
            pair = [("calculators/assessment/", True), ("bench-bare/", False)]
            for path, is_engine in pair if n % 2 == 0 else pair[::-1]:
                (engine if is_engine else bare).append(visit(p, path, is_engine))
    cold = [v["ready"] for v in engine]
    baseline = [v["ready"] for v in bare]

    def megabytes(visits: list[dict], only: str = "") -> float:
        return median([sum(b for u, b in v["moved"] if only in u) for v in visits]) / 1e6

    report(
        f"engine ready, cold visit ({where})",
        median(cold),
        "ms",
        baseline=median(baseline),
        budget="≤ 0.5x a bare loadPyodide() page",
        samples={"engine": cold, "baseline": baseline},
        note=f"median of {repeats}, alternating; a fresh browser profile each; started from: "
        f"{' / '.join(sorted({str(v['start']) for v in engine}))}; moved (MB, as sent): the "
        f"page {megabytes(engine):.2f} (its engine files {megabytes(engine, '/assets/engine/'):.2f}),"
        f" the bare page {megabytes(bare):.2f}",
    )


def bench_engine_start(site: Path, url: str, repeats: int, repeat_only: bool = False) -> None:
    """The engine start-up figures alone (part of ``bench_browser``): ``--only engine``; with
    ``repeat_only`` (``--only repeat``), the cold and repeat visits on loopback alone, with and
    without the service worker, without the bare pages or the emulated network."""
    from playwright.sync_api import sync_playwright

    write_bare_pages(site)
    with sync_playwright() as p:
        calc = url + "calculators/assessment/"
        engine_start_up(p, url, calc, repeats, None, baselines=not repeat_only)
        if not repeat_only:
            engine_start_up(p, url, calc, max(3, repeats - 2), NETWORK)


def recompute_latency(page, pages: int = 1) -> None:
    """Recompute latency on the assessment page (loaded, its engine ready): 200 random answer
    changes after 20 to warm up; with ``pages`` > 1, as many loads of the page, pooled."""
    times: list[float] = []
    for n in range(pages):
        if n:
            page.reload()
            wait_for(page, "window.__engineReadyAt !== null")
        page.evaluate(RECOMPUTE, [20, 7])  # warm-up (first renders)
        times += page.evaluate(RECOMPUTE, [200, 42 + n])
    changes = f"{len(times)} changes" + (f" over {pages} loads" if pages > 1 else "")
    report(
        "recompute after an answer changes, p50",
        percentile(times, 50),
        "ms",
        budget="",
        note=f"input event to the summary's text change, {changes}",
    )
    report(
        "recompute after an answer changes, p95",
        percentile(times, 95),
        "ms",
        budget="p95 < 50 ms",
        samples=[round(t, 2) for t in times],
        note=f"max {max(times):.1f} ms",
    )


def bench_page_tasks(url: str, repeats: int, only=None) -> None:
    """The page-load long tasks and frames of ``browser`` alone (``--only tasks``; ``--page``
    narrows the calculator pages)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS, headless=True)
        page_load_tasks(browser, url, repeats, only)
        browser.close()


def bench_recompute(url: str, repeats: int) -> None:
    """The recompute latency of ``browser`` alone (``--only recompute``), over ``repeats``
    loads of the assessment page."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context()
        context.add_init_script(READY_PROBE)
        page = context.new_page()
        page.goto(url + "calculators/assessment/")
        wait_for(page, "window.__engineReadyAt !== null")
        print("recompute latency (Chromium)", flush=True)
        recompute_latency(page, repeats)
        context.close()
        browser.close()


def bench_browser(site: Path, url: str, repeats: int, mc_case: dict) -> None:
    from playwright.sync_api import sync_playwright

    write_bare_pages(site)
    calc = url + "calculators/assessment/"

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium(), args=CHROMIUM_ARGS, headless=True)
        engine_start_up(p, url, calc, repeats, None)
        engine_start_up(p, url, calc, max(3, repeats - 2), NETWORK)
        page_load_tasks(browser, url, repeats)

        print("recompute latency and Monte Carlo (Chromium)", flush=True)
        context = browser.new_context()
        context.add_init_script(READY_PROBE)
        page = context.new_page()
        page.goto(calc)
        wait_for(page, "window.__engineReadyAt !== null")
        recompute_latency(page)
        request = {"case": mc_case, "runs": MC_RUNS, "seed": 1}
        mc = [page.evaluate(ENGINE_CALL, ["roi", request, None]) for _ in range(repeats)]
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
            raw = sum(file_size(site, url, u) for u, _ in transferred)
            report(
                f"bytes transferred, {label}",
                total,
                "B",
                budget="no Pyodide byte" if not wait_engine else "",
                note=f"{len(transferred)} requests, as served (gzip where static hosts compress: "
                f"text, scripts, JSON, WebAssembly); {raw:,} B uncompressed; fetched engine "
                "files: " + ("yes" if pyodide else "no"),
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


def file_size(site: Path, url: str, request_url: str) -> int:
    """The size of the site's file a request got, as it is on disk (uncompressed)."""
    path = site / request_url.removeprefix(url).split("?")[0].split("#")[0]
    if path.is_dir():
        path = path / "index.html"
    return path.stat().st_size if path.is_file() else 0


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
