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
    assert "calculators._maturity_io" in modules  # ready means ready to import and export
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
    # The A/B helper's home is calculators._ab since the ROI module was split (it was _roi).
    assert "calculators._ab" in imported_after(code)


def test_an_ab_request_imports_the_ab_helper_without_the_roi_model():
    """The A/B helper reads cohorts only: answering it compiles no cash-flow model."""
    request = {
        "fn": "ab_compare",
        "args": {
            "baseline": {"mean": 10, "sd": 2, "n": 50},
            "treatment": {"mean": 11, "sd": 2, "n": 50},
        },
    }
    code = (
        "from calculators import _browser\n"
        f"_browser.configure({BUNDLE!r})\n"
        f"reply = _browser.handle({json.dumps(request)!r})\n"
        "assert reply.startswith('{\"ok\": true'), reply"
    )
    modules = imported_after(code)
    assert {"calculators._ab", "calculators._roi_input"} <= modules
    assert not {"calculators._roi", "calculators.finance", "calculators._roi_report"} & modules


def test_the_roi_page_imports_its_split_modules_but_not_the_ab_helper_at_configure():
    """The ROI page's start-up compiles the input, model and report modules it answers with;
    the A/B helper waits for the reader to fill in its cohorts."""
    modules = imported_after(
        f"from calculators import _browser\n_browser.configure({BUNDLE!r}, ['roi'])"
    )
    assert {"calculators._roi_input", "calculators._roi", "calculators._roi_report"} <= modules
    assert "calculators._ab" not in modules
    assert "statistics" not in modules


def test_the_roi_module_still_serves_the_names_that_moved():
    """calculators._roi keeps every name it had: the report's and the A/B helper's functions
    are found there on first use, without importing them with the model."""
    modules = imported_after("import calculators._roi")
    assert not {"calculators._ab", "calculators._roi_report"} & modules
    code = (
        "from calculators import _roi, _ab, _roi_report\n"
        "assert _roi.ab_compare is _ab.ab_compare\n"
        "assert _roi.years_csv is _roi_report.years_csv\n"
        "assert _roi.format_roi_text is _roi_report.format_roi_text\n"
        "from calculators._roi import form_vocabulary, read_export, EXPORT_FORMAT"
    )
    imported_after(code)
    from calculators import _roi

    with pytest.raises(AttributeError, match="has no attribute 'nope'"):
        _roi.nope  # noqa: B018 - the lookup is the test


def test_bundle_returns_named_parts_and_refuses_unknown_ones():
    _browser.configure(json.dumps({"maturity": {"id": "maturity"}, "links": {"a": "x/#y"}}))
    reply = json.loads(_browser.handle(json.dumps({"fn": "bundle", "args": {"keys": ["links"]}})))
    assert reply == {"ok": True, "value": {"links": {"a": "x/#y"}}}
    reply = json.loads(_browser.handle(json.dumps({"fn": "bundle", "args": {"keys": ["nope"]}})))
    assert reply["ok"] is False
    assert "the bundle has no 'nope'" in reply["error"]["message"]
    reply = json.loads(_browser.handle(json.dumps({"fn": "bundle", "args": {"keys": "links"}})))
    assert reply["error"]["field"] == "keys"
