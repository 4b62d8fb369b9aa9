"""calculators._browser, the worker's entry point: lazy imports, configure, handle."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from calculators import _browser

ROOT = Path(__file__).resolve().parents[2]


def imported_after(code: str) -> set[str]:
    """The modules a fresh interpreter holds after running ``code`` (a clean sys.modules)."""
    probe = code + "\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return set(json.loads(done.stdout.splitlines()[-1]))


BUNDLE = '{"maturity": {"id": "maturity", "version": "1"}}'


def test_the_assessment_page_compiles_no_roi_module():
    """The worker of a page imports only what its calculators need (start-up time in Pyodide)."""
    modules = imported_after(
        f"from calculators import _browser\n_browser.configure({BUNDLE!r}, ['assessment'])"
    )
    assert "calculators._maturity" in modules
    assert not {"calculators._roi", "calculators._montecarlo", "calculators.finance"} & modules
    assert "statistics" not in modules


def test_the_roi_page_imports_its_modules_at_configure():
    modules = imported_after(
        f"from calculators import _browser\n_browser.configure({BUNDLE!r}, ['roi'])"
    )
    assert {"calculators._roi", "calculators._montecarlo", "calculators.finance"} <= modules
    assert "calculators._maturity" not in modules


def test_public_names_load_on_first_use():
    modules = imported_after("import calculators")
    assert "calculators._maturity" not in modules
    modules = imported_after("from calculators import evaluate_case")
    assert "calculators._roi" in modules


def test_an_unknown_public_name_is_an_attribute_error():
    import calculators

    with pytest.raises(AttributeError, match="has no attribute 'nope'"):
        calculators.nope  # noqa: B018 - the lookup is the test
    assert {"assess", "evaluate_case", "InputError"} <= set(dir(calculators))


def test_configure_refuses_an_unknown_calculator():
    with pytest.raises(ValueError, match="unknown calculator 'nope'"):
        _browser.configure(BUNDLE, ["nope"])


def test_requests_import_their_module_on_demand():
    """A page that named no calculator still gets answers: the module loads with the request."""
    request = {
        "fn": "ab_compare",
        "args": {"baseline": {"successes": 10, "n": 100}, "treatment": {"successes": 20, "n": 100}},
    }
    code = (
        "from calculators import _browser\n"
        f"_browser.configure({BUNDLE!r})\n"
        f"reply = _browser.handle({json.dumps(request)!r})\n"
        "assert reply.startswith('{\"ok\": true'), reply"
    )
    assert "calculators._roi" in imported_after(code)


def test_bundle_returns_named_parts_and_refuses_unknown_ones():
    _browser.configure(json.dumps({"maturity": {"id": "maturity"}, "links": {"a": "x/#y"}}))
    reply = json.loads(_browser.handle(json.dumps({"fn": "bundle", "args": {"keys": ["links"]}})))
    assert reply == {"ok": True, "value": {"links": {"a": "x/#y"}}}
    reply = json.loads(_browser.handle(json.dumps({"fn": "bundle", "args": {"keys": ["nope"]}})))
    assert reply["ok"] is False
    assert "the bundle has no 'nope'" in reply["error"]["message"]
    reply = json.loads(_browser.handle(json.dumps({"fn": "bundle", "args": {"keys": "links"}})))
    assert reply["error"]["field"] == "keys"
