"""Stage gates under real Pyodide (Node) give what CPython gives, seeded simulation included."""

from __future__ import annotations

import json

import pytest

from calculators import _browser

from .test_roi_in_pyodide import assert_same, run_in_pyodide
from .test_wheel_in_pyodide import site_paths

pytestmark = pytest.mark.pyodide


@pytest.mark.parametrize("start", ["plain", "snapshot"])
def test_stage_gates_in_pyodide_equal_cpython(built_site, tmp_path, start):
    """Given gates and gates from a saved assessment, each with a seeded simulation; started
    either way (see test_roi_in_pyodide.py)."""
    _, rubrics_path = site_paths(built_site)
    bundle_text = (built_site / rubrics_path).read_text()
    bundle = json.loads(bundle_text)
    case = bundle["kpis"]["roi_defaults"]
    questions = [q for q in bundle["maturity"]["questions"] if not q.get("retired")]
    answers = {
        q["id"]: q["options"][i % len(q["options"])]["value"] for i, q in enumerate(questions)
    }
    export = {
        "format": "ai-scale-up-playbook/assessment",
        "rubric": {"id": "maturity", "version": bundle["maturity"]["version"]},
        "answers": answers,
    }
    gates = [
        {"id": "reach_production", "probability": 0.33},
        {"id": "reach_adoption", "probability": 0.7},
        {"id": "stay_in_production", "probability": 0.2, "years": 3},
    ]
    requests = [
        {"fn": "roi", "args": {"case": case, "runs": 2000, "seed": 7, "stage_gates": gates}},
        {"fn": "roi", "args": {"case": case, "runs": 2000, "seed": 7, "maturity": export}},
        {"fn": "roi", "args": {"case": case, "stage_gates": [{"id": "nope", "probability": 1}]}},
    ]
    replies = run_in_pyodide(built_site, requests, tmp_path, start)
    _browser.configure(bundle_text)
    expected = [json.loads(_browser.handle(json.dumps(r))) for r in requests]
    for request, got, want in zip(requests, replies, expected, strict=True):
        assert_same(got, want, request["fn"])
    gated = replies[0]["value"]
    assert gated["simulation"]["gated"] is True
    assert gated["simulation"]["seed"] == 7
    assert 0 < gated["stage_gates"]["p_success"] < 1
    assert replies[1]["value"]["stage_gates"]["maturity_worth"]["actions"]
    assert replies[2]["error"]["field"] == "stage_gates[0].id"
