"""The built wheel under the real Pyodide (npm package) in Node gives what CPython gives."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from calculators import _browser
from tests.conftest import relock_wheel, site_with_changed_wheel

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.pyodide


def site_paths(site: Path) -> tuple[str, str]:
    lock = next(site.glob("assets/engine/calculators-*/pyodide-lock.json"))
    rubrics = next(site.glob("assets/engine/rubrics-*.json"))
    return str(lock.relative_to(site)), str(rubrics.relative_to(site))


def requests(bundle: dict) -> list[dict]:
    """A spread of real requests: blank, partial, full top and bottom, bad input."""
    questions = [q for q in bundle["maturity"]["questions"] if not q.get("retired")]
    top = {q["id"]: q["options"][-1]["value"] for q in questions}
    low = {q["id"]: q["options"][0]["value"] for q in questions}
    mixed = {q["id"]: q["options"][i % len(q["options"])]["value"] for i, q in enumerate(questions)}
    partial = dict(list(mixed.items())[: len(mixed) // 2])
    return [
        {"fn": "assess", "args": {"answers": {}}},
        {"fn": "assess", "args": {"answers": partial}},
        {"fn": "assess", "args": {"answers": mixed}},
        {"fn": "assess", "args": {"answers": top}},
        {"fn": "assess", "args": {"answers": low}},
        {"fn": "assess", "args": {"answers": {"nope": "x"}}},
        {"fn": "template", "args": {}},
        {"fn": "map_answers", "args": {"answers": {**partial, "gone": "x"}}},
    ]


def run_engine(
    site: Path,
    reqs: list[dict],
    tmp_path: Path,
    calculators: str = "assessment",
    snapshot: Path | None = None,
    stdlib: Path | None = None,
) -> subprocess.CompletedProcess:
    """Answer ``reqs`` with the site's wheel under Pyodide in Node (see run_engine.mjs), as a
    page with ``calculators`` (comma-separated) would; started from the site's ``snapshot`` if
    given, as the browser worker starts: with the small standard library the build made for it
    (``stdlib``: that one by default; a path: another)."""
    if snapshot and stdlib is None:
        stdlib = snapshot_stdlib(snapshot)
    node = shutil.which("node")
    assert node, "Node.js is needed for the Pyodide tests"
    lock_path, rubrics_path = site_paths(site)
    request_file = tmp_path / "requests.jsonl"
    request_file.write_text("".join(json.dumps(r) + "\n" for r in reqs))
    script = str(Path(__file__).with_name("run_engine.mjs"))
    return subprocess.run(
        [
            node,
            script,
            str(site),
            lock_path,
            rubrics_path,
            str(request_file),
            calculators,
            str(snapshot.relative_to(site)) if snapshot else "",
            str(stdlib.resolve()) if snapshot and stdlib else "",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_wheel_gives_the_same_results_in_pyodide_as_in_cpython(built_site, tmp_path):
    """Every request answered by the wheel in Pyodide equals CPython's answer, byte for byte."""
    bundle_text = (built_site / site_paths(built_site)[1]).read_text()
    reqs = requests(json.loads(bundle_text))
    done = run_engine(built_site, reqs, tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    header, *replies = done.stdout.splitlines()
    assert json.loads(header)["python"].startswith("3.14"), header
    _browser.configure(bundle_text)
    expected = [_browser.handle(json.dumps(r)) for r in reqs]
    assert len(replies) == len(expected)
    for request, got, want in zip(reqs, replies, expected, strict=True):
        assert json.loads(got) == json.loads(want), request["fn"]
    assert json.loads(replies[5])["error"]["field"] == "nope"
    assert json.loads(replies[3])["value"]["overall"]["level"] == 5


def site_snapshot(site: Path) -> Path:
    (snapshot,) = site.glob("assets/engine/pyodide-*/snapshot-*.bin.gz")
    return snapshot


def snapshot_stdlib(snapshot: Path) -> Path:
    """The small standard library the build made beside ``snapshot`` (its name: the same hash)."""
    key = snapshot.name.removeprefix("snapshot-").removesuffix(".bin.gz")
    return snapshot.with_name(f"python_stdlib-{key}.zip")


@pytest.mark.parametrize("start", ["plain", "snapshot"])
def test_a_changed_wheel_never_runs(built_site, tmp_path, start):
    """One changed byte in the wheel: the shipped installer (engine-wheel.js) refuses it, in
    words, before Python imports anything from it; and so it does when Pyodide started from the
    snapshot, which holds the calculators already imported (nothing answers). Browsers get the
    same check (see tests/browser/test_integrity.py); this one runs where no browser checks
    hashes for us."""
    site = site_with_changed_wheel(
        built_site,
        tmp_path / "site",
        "calculators/_browser.py",
        lambda data: data.replace(b'"ok": True', b'"ok": "tampered"'),
    )
    snapshot = site_snapshot(site) if start == "snapshot" else None
    done = run_engine(site, [{"fn": "template", "args": {}}], tmp_path, snapshot=snapshot)
    assert done.returncode != 0
    assert "does not match the sha256 in its lock file" in done.stderr
    assert "tampered" not in done.stdout
    assert '"ok"' not in done.stdout  # no request was answered


def test_a_snapshot_of_another_wheel_is_not_used(built_site, tmp_path):
    """A site whose wheel was rebuilt (its lock file names the new one) but whose snapshot holds
    the old calculators: the worker does not use the snapshot, says why, starts the plain way
    and runs the new wheel, never the snapshot's modules."""
    site = site_with_changed_wheel(
        built_site,
        tmp_path / "site",
        "calculators/_browser.py",
        lambda data: data.replace(b"unknown function '", b"no such function '"),
    )
    relock_wheel(site)
    done = run_engine(site, [{"fn": "nope", "args": {}}], tmp_path, snapshot=site_snapshot(site))
    assert done.returncode == 0, done.stderr[-3000:]
    header, reply = done.stdout.splitlines()
    start = json.loads(header)["start"]
    assert start.startswith("plain (snapshot not used: it holds another calculators wheel"), start
    assert json.loads(reply)["error"]["message"] == "no such function 'nope'"


def test_started_from_the_snapshot_the_calculators_are_already_loaded_and_a_later_module_imports(
    built_site, tmp_path
):
    """The snapshot holds every module a calculator page needs (calculators._browser._NEEDS,
    whatever it lists), imported before the wheel is written back; a module first used later (the
    A/B helper) still imports, from the wheel the worker wrote back into Python's files (the
    snapshot holds none)."""
    reqs = [
        {
            "fn": "ab_compare",
            "args": {
                "baseline": {"successes": 100, "n": 1000},
                "treatment": {"successes": 130, "n": 1000},
            },
        }
    ]
    done = run_engine(built_site, reqs, tmp_path, "roi", snapshot=site_snapshot(built_site))
    assert done.returncode == 0, done.stderr[-3000:]
    header, reply = done.stdout.splitlines()
    header = json.loads(header)
    assert header["start"] == "snapshot", header
    needed = {f"calculators.{m}" for modules in _browser._NEEDS.values() for m in modules}
    assert needed <= set(header["preloaded"]), header["preloaded"]
    assert "calculators._ab" not in header["preloaded"]
    assert round(json.loads(reply)["value"]["diff"], 4) == 0.03


def test_two_visits_from_the_one_snapshot_do_not_repeat_the_monte_carlo(built_site, tmp_path):
    """Two engines restored from the same snapshot, each asked for a Monte Carlo without a seed:
    each draws its own seed, so the runs differ (the snapshot froze one start's randomness)."""
    bundle = json.loads((built_site / site_paths(built_site)[1]).read_text())
    case = {**bundle["kpis"]["roi_defaults"], "horizon_years": 3}
    reqs = [{"fn": "roi", "args": {"case": case, "runs": 200}}]
    results = []
    for _ in range(2):
        done = run_engine(built_site, reqs, tmp_path, "roi", snapshot=site_snapshot(built_site))
        assert done.returncode == 0, done.stderr[-3000:]
        header, reply = done.stdout.splitlines()
        assert json.loads(header)["start"] == "snapshot"
        results.append(json.loads(reply)["value"])
    seeds = [r["simulation"]["seed"] for r in results]
    assert seeds[0] != seeds[1], seeds
    assert results[0]["simulation"] != results[1]["simulation"]


def test_the_lock_file_must_name_the_wheel(built_site, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    lock = next(site.glob("assets/engine/calculators-*/pyodide-lock.json"))
    data = json.loads(lock.read_text())
    for entry in data["packages"].values():
        del entry["sha256"]
    lock.write_text(json.dumps(data))
    done = run_engine(site, [{"fn": "template", "args": {}}], tmp_path)
    assert done.returncode != 0
    assert "the lock file names no wheel for the package" in done.stderr


def test_started_from_the_snapshot_the_wheel_answers_alike_with_its_own_randomness(
    built_site, tmp_path
):
    """Pyodide restored from the site's memory snapshot (engine-wheel.js's startPyodide, as the
    browser worker starts) answers every request as a plain start does; Pyodide does not keep
    the snapshot's 31 MB afterwards; and two starts from the one snapshot do not share the
    module-level ``random`` state frozen in it (configure reseeds it)."""
    snapshots = list(built_site.glob("assets/engine/pyodide-*/snapshot-*.bin.gz"))
    assert len(snapshots) == 1, snapshots
    bundle = json.loads((built_site / site_paths(built_site)[1]).read_text())
    reqs = requests(bundle)
    plain = run_engine(built_site, reqs, tmp_path)
    assert plain.returncode == 0, plain.stderr[-3000:]
    plain_header, *plain_replies = plain.stdout.splitlines()
    assert json.loads(plain_header)["start"] == "plain"
    headers = []
    for _ in range(2):
        done = run_engine(built_site, reqs, tmp_path, snapshot=snapshots[0])
        assert done.returncode == 0, done.stderr[-3000:]
        header, *replies = done.stdout.splitlines()
        headers.append(json.loads(header))
        assert [json.loads(r) for r in replies] == [json.loads(r) for r in plain_replies]
    assert [h["start"] for h in headers] == ["snapshot", "snapshot"], headers
    assert [h["snapshotKept"] for h in headers] == [False, False], headers
    assert headers[0]["python"] == json.loads(plain_header)["python"]
    assert headers[0]["random"] != headers[1]["random"], headers


def test_a_damaged_snapshot_falls_back_to_the_plain_start(built_site, tmp_path):
    """A snapshot that is not the build's file (here: the right size of zeros) is refused;
    startPyodide says why and starts the plain way, and the answers are the same."""
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    (snapshot,) = site.glob("assets/engine/pyodide-*/snapshot-*.bin.gz")
    snapshot.write_bytes(gzip.compress(bytes(len(gzip.decompress(snapshot.read_bytes())))))
    reqs = [{"fn": "template", "args": {}}, {"fn": "assess", "args": {"answers": {}}}]
    done = run_engine(site, reqs, tmp_path, snapshot=snapshot)
    assert done.returncode == 0, done.stderr[-3000:]
    header, *replies = done.stdout.splitlines()
    start = json.loads(header)["start"]
    assert start.startswith("plain (snapshot not used: "), start
    assert "it is not this site's snapshot file" in start, start
    assert all(json.loads(r)["ok"] for r in replies), replies


def damaged(snapshot: Path, change) -> None:
    """Rewrite the gzipped ``snapshot`` with ``change`` (a function of its unzipped bytes)."""
    raw = bytearray(gzip.decompress(snapshot.read_bytes()))
    snapshot.write_bytes(gzip.compress(bytes(change(raw))))


def flip_in_span(raw: bytearray) -> bytearray:
    """One byte changed in the span that the restore XORs with a just-made module's memory: the
    XOR gives a static memory whose checksum is not the one the build recorded."""
    start = int.from_bytes(raw[4:8], "little")
    heap = start + int.from_bytes(raw[start + 4 : start + 8], "little")
    raw[heap + 2_000_000] ^= 0x5A
    return raw


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (flip_in_span, "it was made for another Pyodide"),
        (lambda raw: raw[: len(raw) // 2], "the snapshot file is cut short"),
    ],
    ids=["static memory not the build's", "cut short"],
)
def test_a_snapshot_whose_memory_would_not_be_restored_whole_is_refused(
    built_site, tmp_path, change, words
):
    """Restored, Python would run on a memory not the build's: a span that does not check out
    after the XOR (a Pyodide module whose static memory differs from the one the build saw), or
    a file that ends before its header says. startPyodide refuses it and starts the plain way."""
    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    snapshot = site_snapshot(site)
    damaged(snapshot, change)
    done = run_engine(site, [{"fn": "template", "args": {}}], tmp_path, snapshot=snapshot)
    assert done.returncode == 0, done.stderr[-3000:]
    header, reply = done.stdout.splitlines()
    start = json.loads(header)["start"]
    assert start.startswith("plain (snapshot not used: "), start
    assert words in start, start
    assert json.loads(reply)["ok"]
