"""The pages' one number helper (tools.js ``numberFormatter`` and ``numberText``), run in Node:
each Intl format is made once per page language and options, and writes what Intl writes. The
portfolio page and the ROI formats kept formats of their own beside it."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

TOOLS = Path(__file__).resolve().parents[2] / "docs" / "assets" / "javascripts" / "tools.js"
# A page is its <html lang> to tools.js; Intl.NumberFormat is counted to see what is made.
SCRIPT = """
globalThis.document = { documentElement: { lang: "de" } };
const made = [];
const Real = Intl.NumberFormat;
Intl.NumberFormat = function (lang, options) { made.push([lang, options ?? {}]); return new Real(lang, options); };
const { numberFormatter, numberText, numberFormat, localized } = await import(TOOLS);
const four = { maximumFractionDigits: 4 };
const out = {
  plain: numberText(1234567.5),
  four: numberText(2.123456, four),
  again: numberText(2.5, { maximumFractionDigits: 4 }),
  localized: localized(1234.5),
  separators: numberFormat(),
  same: numberFormatter(four) === numberFormatter({ maximumFractionDigits: 4 }),
  other: numberFormatter(four) !== numberFormatter(),
};
document.documentElement.lang = "en";
out.english = numberText(1234567.5);
out.englishFour = numberText(2.123456, four);
out.made = made;
process.stdout.write(JSON.stringify(out));
"""


def run_tools() -> dict:
    node = shutil.which("node")
    if not node:
        pytest.fail("node is not on PATH: the Pyodide tests and these need Node 20")
    done = subprocess.run(
        [node, "--input-type=module", "-e", SCRIPT.replace("TOOLS", json.dumps(TOOLS.as_uri()))],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_numbers_are_written_in_the_pages_language():
    out = run_tools()
    assert out["plain"] == "1.234.567,5"
    assert out["four"] == "2,1235"
    assert out["again"] == "2,5"
    assert out["localized"] == "1.234,5"
    assert out["separators"] == {"decimal": ",", "group": "."}
    assert out["english"] == "1,234,567.5"
    assert out["englishFour"] == "2.1235"


def test_each_format_is_made_once_per_language_and_options():
    out = run_tools()
    assert out["same"] is True
    assert out["other"] is True
    made = [(lang, json.dumps(options, sort_keys=True)) for lang, options in out["made"]]
    assert sorted(made) == sorted(set(made)), made
    assert set(made) == {
        ("de", "{}"),
        ("de", '{"maximumFractionDigits": 4}'),
        ("en", "{}"),
        ("en", '{"maximumFractionDigits": 4}'),
    }
