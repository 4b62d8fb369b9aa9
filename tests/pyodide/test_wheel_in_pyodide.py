"""The built wheel under the real Pyodide (npm package) in Node gives what CPython gives."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from calculators import _browser

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


def test_wheel_gives_the_same_results_in_pyodide_as_in_cpython(built_site, tmp_path):
    """Every request answered by the wheel in Pyodide equals CPython's answer, byte for byte."""
    node = shutil.which("node")
    assert node, "Node.js is needed for the Pyodide tests"
    lock_path, rubrics_path = site_paths(built_site)
    bundle_text = (built_site / rubrics_path).read_text()
    reqs = requests(json.loads(bundle_text))
    request_file = tmp_path / "requests.jsonl"
    request_file.write_text("\n".join(json.dumps(r) for r in reqs) + "\n")
    done = subprocess.run(
        [
            node,
            str(Path(__file__).with_name("run_engine.mjs")),
            str(built_site),
            lock_path,
            rubrics_path,
            str(request_file),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
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


def test_tampered_wheel_is_refused_by_pyodide(built_site, tmp_path):
    """Pyodide's loader checks the lock file's sha256: a changed wheel does not install."""
    node = shutil.which("node")
    copy = tmp_path / "site"
    shutil.copytree(built_site / "assets" / "engine", copy / "assets" / "engine")
    lock_path, rubrics_path = site_paths(copy)
    wheel = next((copy / lock_path).parent.glob("*.whl"))
    data = bytearray(wheel.read_bytes())
    data[-10] ^= 0xFF
    wheel.write_bytes(bytes(data))
    request_file = tmp_path / "requests.jsonl"
    request_file.write_text(json.dumps({"fn": "template", "args": {}}) + "\n")
    done = subprocess.run(
        [
            node,
            str(Path(__file__).with_name("run_engine.mjs")),
            str(copy),
            lock_path,
            rubrics_path,
            str(request_file),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode != 0 or "template" not in done.stdout
    assert (
        "sha" in (done.stderr + done.stdout).lower()
        or "integrity" in (done.stderr + done.stdout).lower()
    ), done.stderr[-2000:]
