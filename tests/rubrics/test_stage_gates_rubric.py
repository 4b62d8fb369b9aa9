"""The KPI rubric's stage_gates table: each rule refuses bad input with `file:line: message`."""

from __future__ import annotations

import pytest

from calculators._rubric_files import load_rubrics
from tests.rubrics.test_validation import ROOT, assert_reported, mutate

KPIS = "kpis.yaml"
FIRST_ROW = """        - level: 1
          probability: 0.12
          source: sources.md#four-of-33
"""

CASES = {
    # name: (old, new, line offset of the reported node from the start of `new`, pattern)
    "levels out of order": (
        FIRST_ROW,
        FIRST_ROW.replace("level: 1", "level: 2"),
        -1,
        r"levels must be 1 to 5, each once and in order \(got \[2, 2, 3, 4, 5\]\)",
    ),
    "a higher level with a lower probability": (
        "        - level: 2\n          probability: 0.33\n",
        "        - level: 2\n          probability: 0.1\n",
        1,
        r"levels\[1\]\.probability: a higher level must never have a lower probability "
        r"\(L2 has 10 %, below L1 with 12 %\)",
    ),
    "neither source nor judgment": (
        FIRST_ROW,
        FIRST_ROW.replace("          source: sources.md#four-of-33\n", ""),
        0,
        r"give the figure's source .* or mark it judgment: true, one of the two \(it has neither\)",
    ),
    "both source and judgment": (
        FIRST_ROW,
        FIRST_ROW + "          judgment: true\n",
        0,
        r"one of the two \(it has both\)",
    ),
    "years on another gate": (
        "      dimension: mlops\n",
        "      dimension: mlops\n      years: 3\n",
        1,
        r"gates\[0\]\.years: years applies to stay_in_production only",
    ),
    "unknown dimension": (
        "      dimension: mlops\n",
        "      dimension: mlopz\n",
        0,
        r"'mlopz' is not a known dimensions entry of maturity/dimensions",
    ),
    "source that is not on the sources page": (
        "          source: sources.md#four-of-33\n",
        "          source: sources.md#five-of-33\n",
        0,
        r"links to '#five-of-33', which is not a heading of sources.md",
    ),
    "source that is not a sources.md link": (
        "          source: sources.md#four-of-33\n",
        "          source: Gartner 2024\n",
        0,
        r"'Gartner 2024' does not match",
    ),
    "unknown gate": (
        "    - id: reach_adoption\n",
        "    - id: reach_adoptoin\n",
        0,
        r"'reach_adoptoin' is not one of \['reach_production', 'reach_adoption', 'stay_in_production'\]",
    ),
    "probability above 1": (
        "          probability: 0.12\n",
        "          probability: 12\n",
        0,
        r"probability: 12 is greater than the maximum of 1",
    ),
    "the same gate twice": (
        "    - id: reach_adoption\n",
        "    - id: reach_production\n",
        0,
        r"duplicate id 'reach_production'",
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_bad_stage_gates_table_is_refused_with_file_and_line(rubric_copy, name):
    old, new, offset, pattern = CASES[name]
    line = mutate(rubric_copy / KPIS, old, new)
    assert_reported(rubric_copy, KPIS, line + offset, pattern)


def test_shipped_table_is_valid():
    table = load_rubrics(ROOT / "rubrics", docs_dir=ROOT / "docs")["kpis"]["stage_gates"]
    assert [g["id"] for g in table["gates"]] == [
        "reach_production",
        "reach_adoption",
        "stay_in_production",
    ]
