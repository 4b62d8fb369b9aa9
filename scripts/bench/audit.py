"""An independent audit: Lighthouse (the pinned npm devDependency, mobile, its default simulated
throttling) on the home page, one playbook page, each calculator page and a plain Material page
of the same build, with Debian's Chromium and the tests' own flags. Scores for performance,
accessibility, best practices and SEO, total blocking time; the calculator pages' performance
against the plain playbook page's, measured in the same run."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import tempfile
from pathlib import Path

from figures import median, report
from paths import ROOT

from tests.browser.conftest import CHROMIUM_ARGS, find_chromium

CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# The plain Material page: the playbook page below with the playbook's own styles and scripts
# taken out (the theme's alone); the bench serves it without the site's headers.
PLAIN_SOURCE = "playbook/faq/"
PLAIN = "bench-bare/plain/"
OURS = re.compile(
    r'<link rel="stylesheet" href="[./]*assets/stylesheets/(?!main\.|palette\.)[^"]+">\n?'
    r'|<script src="[./]*assets/javascripts/(?!bundle\.)[^"]+"[^>]*></script>\n?'
)


def lighthouse() -> str:
    """The pinned Lighthouse (``LIGHTHOUSE`` overrides it, e.g. a scratch install)."""
    path = os.environ.get("LIGHTHOUSE") or str(ROOT / "node_modules" / ".bin" / "lighthouse")
    if not Path(path).exists():
        raise SystemExit(f"error: no Lighthouse at {path}: run `npm ci` (package.json pins it)")
    return path


def write_plain_page(site: Path) -> None:
    page = (site / PLAIN_SOURCE / "index.html").read_text()
    (site / PLAIN).mkdir(parents=True, exist_ok=True)
    (site / PLAIN / "index.html").write_text(OURS.sub("", page))


def pages(site: Path) -> dict[str, str]:
    out = {"home page": "", "playbook page (FAQ)": PLAIN_SOURCE}
    for index in sorted(site.glob("calculators/*/index.html")):
        if "data-calculator=" in index.read_text():
            out[f"calculator: {index.parent.name}"] = f"calculators/{index.parent.name}/"
    out["plain Material page (FAQ without the playbook's CSS and JS)"] = PLAIN
    return out


def audit(url: str, out: Path) -> dict:
    flags = ["--headless=new", *CHROMIUM_ARGS]
    cmd = [
        lighthouse(),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={shlex.join(flags)}",
        "--disable-full-page-screenshot",
        "--max-wait-for-load=120000",
    ]
    env = {**os.environ, "CHROME_PATH": find_chromium() or "/usr/bin/chromium"}
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600, check=False)
    if done.returncode != 0 or not out.is_file():
        raise RuntimeError(f"lighthouse failed on {url}: {done.stderr.strip()[-2000:]}")
    data = json.loads(out.read_text())
    scores = {c: round(100 * (data["categories"][c]["score"] or 0)) for c in CATEGORIES}
    audits = data["audits"]
    scores["tbt_ms"] = audits["total-blocking-time"]["numericValue"]
    scores["lcp_ms"] = audits["largest-contentful-paint"]["numericValue"]
    return scores


def load_average() -> float | None:
    """The machine's 1-minute load average (the machine may be shared: say how busy it was)."""
    try:
        return round(os.getloadavg()[0], 1)
    except OSError:
        return None


def bench_lighthouse(site: Path, url: str, repeats: int, only=None) -> None:
    """Each page ``repeats`` times, the pages alternating within each round; ``only``: the pages
    whose name contains one of these words (any case), with the playbook page (the baseline)."""
    print(f"Lighthouse ({repeats} run(s) a page, mobile)", flush=True)
    write_plain_page(site)
    found = pages(site)
    if only:
        words = [w.lower() for w in only]
        found = {
            n: p
            for n, p in found.items()
            if n == "playbook page (FAQ)" or any(w in n.lower() for w in words)
        }
    runs: dict[str, list[dict]] = {name: [] for name in found}
    with tempfile.TemporaryDirectory(prefix="playbook-lighthouse-") as tmp:
        for i in range(repeats):  # pages alternate within each round
            for name, path in found.items():
                result = audit(url + path, Path(tmp) / f"{i}-{len(runs[name])}.json")
                result["load"] = load_average()
                runs[name].append(result)
                print(
                    f"    {name}: performance {result['performance']}, TBT"
                    f" {result['tbt_ms']:.0f} ms (load {result['load']})",
                    flush=True,
                )
    plain = median([r["performance"] for r in runs["playbook page (FAQ)"]])
    for name, results in runs.items():
        score = {k: median([r[k] for r in results]) for k in (*CATEGORIES, "tbt_ms", "lcp_ms")}
        calculator = name.startswith("calculator")
        report(
            f"Lighthouse, {name}",
            " / ".join(f"{score[c]:.0f}" for c in CATEGORIES)
            + f"; TBT {score['tbt_ms']:.0f} ms; LCP {score['lcp_ms'] / 1000:.1f} s"
            + f"; load {'/'.join(str(r['load']) for r in results)}",
            "",
            budget="performance ≥ the playbook page's - 5" if calculator else "",
            samples=results,
            note=f"performance / accessibility / best practices / SEO, median of {repeats}"
            + (
                f"; performance {score['performance'] - plain:+.0f} points against the playbook "
                "page in this run"
                if calculator
                else ""
            ),
        )
        if name == "calculator: roi":
            report(
                "Lighthouse total blocking time, ROI page",
                score["tbt_ms"],
                "ms",
                budget="< 200 ms",
                samples=[r["tbt_ms"] for r in results],
                note="Lighthouse's simulated mobile throttling (4x CPU slowdown)",
            )
