"""The snapshot start's small standard library (hooks/_stdlib.py) holds what the calculators can
still import: restored from the snapshot with it (as the worker starts), every module that the
calculators import, anywhere in calculators/, imports, and every calculator page answers as
CPython does. A zip without one of those modules fails here."""

from __future__ import annotations

import ast
import json
import zipfile
from pathlib import Path

import pytest

from calculators import _browser
from tests.calculators.test_use_cases import FILES as USE_CASE_FILES

from .test_roi_in_pyodide import assert_same
from .test_wheel_in_pyodide import (
    ROOT,
    run_engine,
    site_paths,
    site_snapshot,
    snapshot_stdlib,
)

pytestmark = pytest.mark.pyodide
FULL_STDLIB = ROOT / "node_modules" / "pyodide" / "python_stdlib.zip"


def stdlib_modules() -> set[str]:
    """The modules of Pyodide's whole standard library (its zip's ``.py`` members)."""
    names = zipfile.ZipFile(FULL_STDLIB).namelist()
    return {
        n.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
        for n in names
        if n.endswith(".py")
    }


def calculators_imports() -> tuple[list[str], list[str]]:
    """Every calculators module (but ``__main__``), and every module of Pyodide's standard
    library that one of them imports anywhere (at its top or in a function, ``__main__`` too),
    read here with CPython's ``ast``."""
    known = stdlib_modules()
    ours, theirs = [], set()
    for path in sorted((ROOT / "calculators").glob("*.py")):
        if path.stem != "__main__":  # importing it runs the command line
            ours.append("calculators" if path.stem == "__init__" else f"calculators.{path.stem}")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
            else:
                continue
            parents = {
                ".".join(n.split(".")[:i]) for n in names for i in range(1, n.count(".") + 2)
            }
            theirs.update(n for n in parents if n in known)
    return ours, sorted(theirs)


IMPORT_ALL = """
import importlib, json
missing = {}
for name in NAMES:
    try:
        importlib.import_module(name)
    except Exception as err:
        missing[name] = repr(err)
json.dumps(missing)
"""


def imports_from_snapshot(site: Path, tmp_path: Path, stdlib: Path) -> dict:
    ours, theirs = calculators_imports()
    code = IMPORT_ALL.replace("NAMES", json.dumps(theirs + ours))
    done = run_engine(
        site, [{"python": code}], tmp_path, "roi", snapshot=site_snapshot(site), stdlib=stdlib
    )
    assert done.returncode == 0, done.stderr[-3000:]
    header, reply = done.stdout.splitlines()
    assert json.loads(header)["start"] == "snapshot", header
    return json.loads(json.loads(reply)["value"])


def test_every_module_the_calculators_import_imports_from_the_snapshot(built_site, tmp_path):
    """Restored from the snapshot with its small standard library, Python imports every
    calculators module and every standard module they name (the A/B helper's ``statistics``,
    the command line's ``argparse``...), whether the snapshot holds it or the zip has it."""
    _, theirs = calculators_imports()
    assert {"statistics", "json", "random", "csv"} <= set(theirs)  # the walk found the imports
    small = snapshot_stdlib(site_snapshot(built_site))
    assert small.stat().st_size < FULL_STDLIB.stat().st_size / 4
    assert imports_from_snapshot(built_site, tmp_path, small) == {}


def test_a_small_standard_library_without_a_module_the_calculators_import_fails(
    built_site, tmp_path
):
    """The check above can fail: the same zip less ``statistics.py`` (which only the ROI page's
    A/B helper imports, on first use: the snapshot does not hold it) leaves it unimportable."""
    small = snapshot_stdlib(site_snapshot(built_site))
    assert "statistics.py" in zipfile.ZipFile(small).namelist()
    lacking = tmp_path / "lacking.zip"
    with zipfile.ZipFile(small) as source, zipfile.ZipFile(lacking, "w") as out:
        for info in source.infolist():
            if info.filename != "statistics.py":
                out.writestr(info, source.read(info))
    missing = imports_from_snapshot(built_site, tmp_path, lacking)
    assert list(missing) == ["statistics"], missing
    assert "No module named 'statistics'" in missing["statistics"]


def page_requests(bundle: dict) -> dict[str, list[dict]]:
    """Each calculator page's requests (``_browser`` functions, with arguments as the page
    sends them), built on CPython's own answers where one needs another's result."""
    _browser.configure(json.dumps(bundle))

    def value(fn: str, **args):
        reply = json.loads(_browser.handle(json.dumps({"fn": fn, "args": args})))
        assert reply["ok"], reply
        return reply["value"]

    questions = [q for q in bundle["maturity"]["questions"] if not q.get("retired")]
    answers = {
        q["id"]: q["options"][i % len(q["options"])]["value"] for i, q in enumerate(questions)
    }
    export = value("export", answers=answers, exported_at="2026-12-01T09:00:00Z")
    before = value("assess", answers=dict(list(answers.items())[: len(answers) // 2]))
    after = value("assess", answers=answers)
    checks = [k["id"] for c in bundle["root_causes"]["causes"] for k in c["checks"]]
    ready = {c: ("no" if i % 4 == 0 else "yes") for i, c in enumerate(checks)}
    tier = bundle["eu_ai_act"]["risk_tiers"][0]["id"]
    rollup = value("portfolio", files=[{"name": "a.json", "data": export}], by="team")
    cases = value("use_cases", files=USE_CASE_FILES, budget=3_000_000)
    return {
        "assessment": [
            {"fn": "assess", "args": {"answers": answers}},
            {"fn": "export", "args": {"answers": answers, "exported_at": "2026-12-01T09:00:00Z"}},
            {"fn": "read_export", "args": {"data": export}},
            {"fn": "answers_csv", "args": {"answers": answers}},
            {"fn": "compare", "args": {"before": before, "after": after}},
            {"fn": "coverage_csv", "args": {"answers": answers}},
            {
                "fn": "plan_calendar",
                "args": {"answers": answers, "start": "2026-12-07", "today": "2026-12-01"},
            },
            {"fn": "bundle", "args": {"keys": ["links", "operating_model"]}},
        ],
        "readiness": [
            {"fn": "readiness", "args": {"answers": ready, "pilot": "Claims triage"}},
            {"fn": "readiness", "args": {"answers": {"nope": "yes"}}},
            {"fn": "eu_tier", "args": {"tier": tier, "on": "2026-12-01"}},
        ],
        "portfolio": [
            {
                "fn": "portfolio",
                "args": {"files": [{"name": "a.json", "data": export}], "by": "team"},
            },
            {"fn": "portfolio_csv", "args": {"result": rollup}},
            {"fn": "readiness_portfolio_csv", "args": {"result": rollup["readiness"]}},
        ],
        "use-cases": [
            {"fn": "use_cases", "args": {"files": USE_CASE_FILES, "budget": 3_000_000}},
            {"fn": "use_cases_csv", "args": {"result": cases}},
        ],
    }


def without_clock(reply: dict) -> dict:
    """The reply without the calendar file's DTSTAMP lines (the time it was written)."""
    value = reply.get("value")
    if isinstance(value, dict) and isinstance(value.get("ics"), str):
        lines = value["ics"].split("\r\n")
        value["ics"] = "\r\n".join(line for line in lines if not line.startswith("DTSTAMP:"))
    return reply


@pytest.mark.parametrize("calculator", ["assessment", "readiness", "portfolio", "use-cases"])
def test_each_page_answers_from_the_snapshot_with_the_small_standard_library(
    built_site, tmp_path, calculator
):
    """Restored from the snapshot with its small standard library and configured as the page
    configures it, the engine answers the page's requests as CPython does (the ROI page: see
    test_roi_in_pyodide.py, which runs from the snapshot too)."""
    bundle_text = (built_site / site_paths(built_site)[1]).read_text()
    reqs = page_requests(json.loads(bundle_text))[calculator]
    done = run_engine(built_site, reqs, tmp_path, calculator, snapshot=site_snapshot(built_site))
    assert done.returncode == 0, done.stderr[-3000:]
    header, *replies = done.stdout.splitlines()
    assert json.loads(header)["start"] == "snapshot", header
    _browser.configure(bundle_text, [calculator])
    for request, got in zip(reqs, replies, strict=True):
        want = without_clock(json.loads(_browser.handle(json.dumps(request))))
        assert_same(without_clock(json.loads(got)), want, request["fn"])
        assert "internal" not in json.loads(got).get("error", {}), got
