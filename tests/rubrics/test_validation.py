"""Every validation rule refuses bad input with `file:line: message` (loader, CLI and build)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from calculators._rubric_files import RubricError, load_rubrics
from tests.conftest import run_cli

ROOT = Path(__file__).resolve().parents[2]


def mutate(file: Path, old: str, new: str) -> int:
    """Replace the first ``old`` with ``new`` in ``file``; return the line where ``new`` starts."""
    text = file.read_text()
    assert old in text, f"fixture text not found: {old!r}"
    start = text.index(old)
    file.write_text(text.replace(old, new, 1))
    return text.count("\n", 0, start) + 1 + (len(new) - len(new.lstrip("\n")))


def problems(rubrics: Path) -> list[str]:
    with pytest.raises(RubricError) as err:
        load_rubrics(rubrics, docs_dir=ROOT / "docs")
    return err.value.problems


def assert_reported(rubrics: Path, file: str, line: int, pattern: str) -> None:
    found = problems(rubrics)
    wanted = re.compile(
        rf"{re.escape(str(rubrics / file))}:{line}: .*{pattern}|{re.escape(file)}:{line}: .*{pattern}"
    )
    assert any(wanted.search(p) for p in found), "\n".join(found)


MATURITY = "maturity.yaml"

CASES = {
    # name: (old, new, line offset of the reported node from the start of `new`, pattern)
    "unknown key (typo)": (
        "  - id: model_registry\n    dimension: mlops\n",
        "  - id: model_registry\n    dimensoin: mlops\n",
        1,
        r"unknown key 'dimensoin' \(allowed here: .*dimension",
    ),
    "missing required field": (
        "  - id: model_registry\n    dimension: mlops\n",
        "  - id: model_registry\n",
        0,
        r"'dimension' is a required property",
    ),
    "wrong type": (
        "    question: model_registry\n    min_level: 4\n",
        "    question: model_registry\n    min_level: four\n",
        1,
        r"gates\[0\]\.min_level: 'four' is not of type 'integer'",
    ),
    "question names an unknown dimension": (
        "  - id: model_registry\n    dimension: mlops\n",
        "  - id: model_registry\n    dimension: mlopz\n",
        1,
        r"'mlopz' is not a known dimensions entry of maturity/dimensions \(known: .*mlops",
    ),
    "gate names an unknown question": (
        "    question: model_registry\n    min_level: 4\n",
        "    question: model_registy\n    min_level: 4\n",
        0,
        r"gates\[0\]\.question: 'model_registy' is not a known questions entry",
    ),
    "negative weight": (
        "    weight: 2\n",
        "    weight: -2\n",
        0,
        r"weight: -2 is less than the minimum of 0",
    ),
    "level out of range": (
        "    question: model_registry\n    min_level: 4\n",
        "    question: model_registry\n    min_level: 7\n",
        1,
        r"min_level: 7 is greater than the maximum of 5",
    ),
    "duplicate id": (
        "  - id: gate_adoption_reviewed\n",
        "  - id: gate_model_registry\n",
        0,
        r"duplicate id 'gate_model_registry'",
    ),
    "duplicate YAML key": (
        "  - id: model_registry\n    dimension: mlops\n",
        "  - id: model_registry\n    dimension: mlops\n    dimension: mlops\n",
        2,
        r"duplicate key 'dimension' \(first at line",
    ),
    "thresholds must increase": (
        "thresholds: [1.0, 1.5, 2.5, 3.5, 4.5]",
        "thresholds: [1.0, 1.5, 1.5, 3.5, 4.5]",
        0,
        r"thresholds must increase \(1\.5 follows 1\.5\)",
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_maturity_rubric_is_refused_with_file_and_line(rubric_copy, name):
    """Each broken rubric is refused, naming the file, the line and what is wrong."""
    old, new, offset, pattern = CASES[name]
    line = mutate(rubric_copy / MATURITY, old, new)
    assert_reported(rubric_copy, MATURITY, line + offset, pattern)


def test_yaml_syntax_error(rubric_copy):
    """A YAML syntax error names the line of the problem."""
    line = mutate(rubric_copy / MATURITY, "  - id: model_registry\n", "  - id: [model_registry\n")
    found = problems(rubric_copy)
    assert len(found) == 1
    assert re.search(rf"maturity\.yaml:{line + 1}: YAML syntax error", found[0]) or re.search(
        r"maturity\.yaml:\d+: YAML syntax error", found[0]
    ), found


def test_empty_file(rubric_copy):
    """An empty rubric file is refused as empty."""
    (rubric_copy / MATURITY).write_text("# nothing here\n")
    assert any(re.search(r"maturity\.yaml:1: the file is empty", p) for p in problems(rubric_copy))


def test_top_level_must_be_a_mapping(rubric_copy):
    """A list at the top level is refused."""
    (rubric_copy / MATURITY).write_text("- a\n- b\n")
    assert any("expected a mapping at the top level (got list)" in p for p in problems(rubric_copy))


def test_id_must_match_file_name(rubric_copy):
    """The id must be the file stem."""
    line = mutate(rubric_copy / MATURITY, "id: maturity\n", "id: maturity_model\n")
    assert_reported(
        rubric_copy, MATURITY, line, r"id 'maturity_model' must equal the file name 'maturity'"
    )


def test_missing_schema(rubric_copy):
    """A rubric without a schema is refused."""
    (rubric_copy / "extra.yaml").write_text("id: extra\nversion: '1.0.0'\n")
    assert any("no schema for rubric 'extra'" in p for p in problems(rubric_copy))


def test_link_to_missing_page(rubric_copy):
    """A link to a page that does not exist in docs/ is refused."""
    text = (rubric_copy / MATURITY).read_text()
    old = re.search(r"\n    link: (playbook/[a-z-]+\.md)\n", text).group(0)
    line = mutate(rubric_copy / MATURITY, old, old.replace(".md", "-gone.md"))
    assert_reported(
        rubric_copy, MATURITY, line, r"links to a missing page 'playbook/[a-z-]+-gone\.md'"
    )


def test_option_levels_must_not_decrease(rubric_copy):
    """Options are lowest maturity first; a decreasing level is refused."""
    text = (rubric_copy / MATURITY).read_text()
    start = text.index("  - id: model_registry\n")
    first_level = re.compile(r"level: (\d)\n").search(text, start)
    line = text.count("\n", 0, first_level.start()) + 1
    (rubric_copy / MATURITY).write_text(
        text[: first_level.start()] + "level: 5\n" + text[first_level.end() :]
    )
    found = problems(rubric_copy)
    assert any(
        re.search(r"maturity\.yaml:\d+: .*option levels must not decrease", p) for p in found
    ), found
    assert any(f"maturity.yaml:{line + 0}" in p or "option levels" in p for p in found)


def test_gate_that_can_never_pass(rubric_copy):
    """A gate asking for more than any option gives is refused."""
    text = (rubric_copy / MATURITY).read_text()
    # lower every option of model_registry to at most level 3
    start = text.index("  - id: model_registry\n")
    end = text.index("\n  - id: ", start + 10)
    block = re.sub(r"level: [4-5]$", "level: 3", text[start:end], flags=re.MULTILINE)
    (rubric_copy / MATURITY).write_text(text[:start] + block + text[end:])
    assert any("so the gate can never pass" in p for p in problems(rubric_copy))


def test_reserved_option_value(rubric_copy):
    """'dont_know' and 'not_applicable' cannot be option values."""
    text = (rubric_copy / MATURITY).read_text()
    start = text.index("  - id: model_registry\n")
    value = re.compile(r"value: ([a-z_]+)\n").search(text, start)
    (rubric_copy / MATURITY).write_text(
        text[: value.start()] + "value: dont_know\n" + text[value.end() :]
    )
    assert any("'dont_know' is reserved for a special answer" in p for p in problems(rubric_copy))


def test_all_problems_are_reported_at_once(rubric_copy):
    """Two independent errors are both reported in one run."""
    mutate(rubric_copy / MATURITY, "    dimension: mlops\n", "    dimension: mlopz\n")
    mutate(rubric_copy / MATURITY, "    min_level: 4\n", "    min_level: 9\n")
    found = problems(rubric_copy)
    assert any("mlopz" in p for p in found)
    assert any("9 is greater than the maximum" in p for p in found)


def test_cli_validate_exits_1_without_traceback(rubric_copy):
    """`python -m calculators validate` prints the same file:line messages and exits 1."""
    mutate(rubric_copy / MATURITY, "    dimension: mlops\n", "    dimension: mlopz\n")
    done = run_cli("validate", "--rubrics", str(rubric_copy))
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    assert re.search(
        r"maturity\.yaml:\d+: questions\[\d+\]\.dimension: 'mlopz' is not a known", done.stderr
    ), done.stderr


def test_cli_validate_accepts_the_shipped_rubrics():
    """The shipped rubrics are valid."""
    done = run_cli("validate")
    assert done.returncode == 0, done.stderr
    assert "valid" in done.stdout


def test_sprint_activity_outside_its_phase(rubric_copy):
    """An activity scheduled outside its phase's weeks is refused at its line."""
    text = (rubric_copy / "sprint.yaml").read_text()
    activity_weeks = re.compile(r"^        weeks: \{start: (\d+), end: (\d+)\}$", re.M).search(text)
    line = text.count("\n", 0, activity_weeks.start()) + 1
    (rubric_copy / "sprint.yaml").write_text(
        text[: activity_weeks.start()]
        + "        weeks: {start: 1, end: 12}"
        + text[activity_weeks.end() :]
    )
    assert_reported(rubric_copy, "sprint.yaml", line, r"weeks 1-12 fall outside the phase")


def test_sprint_owner_must_be_a_role(rubric_copy):
    """An activity owner that is not a role of the operating model is refused."""
    text = (rubric_copy / "sprint.yaml").read_text()
    owner = re.compile(r"^        owner: ([a-z_]+)$", re.M).search(text)
    line = text.count("\n", 0, owner.start()) + 1
    (rubric_copy / "sprint.yaml").write_text(
        text[: owner.start()] + "        owner: chief_wizard" + text[owner.end() :]
    )
    assert_reported(
        rubric_copy,
        "sprint.yaml",
        line,
        r"'chief_wizard' is not a known roles entry of operating_model/roles",
    )


def test_readiness_threshold_above_the_number_of_causes(rubric_copy):
    """stop_if_flags_at_least larger than the number of causes can never apply."""
    line = mutate(
        rubric_copy / "root_causes.yaml",
        "  stop_if_flags_at_least: 4\n",
        "  stop_if_flags_at_least: 9\n",
    )
    assert_reported(rubric_copy, "root_causes.yaml", line, r"is 9 but there are only 6 causes")


def test_overlay_must_extend_a_known_rubric(rubric_copy):
    """An overlay naming an unknown rubric is refused at its 'extends' line."""
    (rubric_copy / "local").mkdir()
    (rubric_copy / "local" / "x.yaml").write_text("# mine\nextends: maturty\n")
    found = problems(rubric_copy)
    assert any(
        re.search(
            r"local/x\.yaml:2: 'extends' must name a rubric to change \(got 'maturty'; known: .*maturity",
            p,
        )
        for p in found
    ), found


def test_link_to_missing_anchor(rubric_copy):
    """A link to a heading that the page does not have is refused."""
    text = (rubric_copy / MATURITY).read_text()
    old = re.search(r"\n +link: (playbook/[a-z-]+\.md)#([a-z-]+)\n", text).group(0)
    line = mutate(rubric_copy / MATURITY, old, re.sub(r"#[a-z-]+", "#no-such-section", old))
    assert_reported(
        rubric_copy,
        MATURITY,
        line,
        r"links to '#no-such-section', which is not a heading of playbook/",
    )


# Each kind of cross reference the framework rubrics make, broken once: the loader (not a copy
# of its logic) refuses it at the line of the broken value and lists what is known.
BROKEN_REFERENCES = {
    # name: (file, old, new, line offset of the reported node from the start of `new`, pattern)
    "cause names an unknown dimension": (
        "root_causes.yaml",
        "    dimension: business_ownership\n",
        "    dimension: business_owner\n",
        0,
        r"'business_owner' is not a known dimensions entry of maturity/dimensions \(known: .*mlops",
    ),
    "stop rule names an unknown check": (
        "root_causes.yaml",
        "    - check: named_pl_sponsor\n",
        "    - check: named_sponsor\n",
        0,
        r"'named_sponsor' is not a known checks entry of root_causes/causes/\*/checks",
    ),
    "role names an unknown dimension": (
        "operating_model.yaml",
        "    dimension: business_ownership\n",
        "    dimension: ownership\n",
        0,
        r"'ownership' is not a known dimensions entry",
    ),
    "governance layer owner is not a role": (
        "governance.yaml",
        "    owner: risk_compliance\n",
        "    owner: compliance_office\n",
        0,
        r"'compliance_office' is not a known roles entry of operating_model/roles",
    ),
    "sprint activity raises an unknown dimension": (
        "sprint.yaml",
        "        raises: [business_ownership]\n",
        "        raises: [business_ownershp]\n",
        0,
        r"'business_ownershp' is not a known dimensions entry",
    ),
    "sprint aims at a level the model does not have": (
        "sprint.yaml",
        "  to_level: 4\n",
        "  to_level: 6\n",
        0,
        r"'6' is not a known level entry of maturity/levels#level \(known: 1, 2, 3, 4, 5\)",
    ),
    "cause links a missing page": (
        "root_causes.yaml",
        "    link: playbook/mlops.md\n",
        "    link: playbook/ml-ops.md\n",
        0,
        r"links to a missing page 'playbook/ml-ops.md'",
    ),
}


@pytest.mark.parametrize("name", list(BROKEN_REFERENCES))
def test_broken_cross_reference_is_refused_with_file_and_line(rubric_copy, name):
    """A reference to an entry that no rubric has stops the loader at the reference's line."""
    file, old, new, offset, pattern = BROKEN_REFERENCES[name]
    line = mutate(rubric_copy / file, old, new) + offset
    assert_reported(rubric_copy, file, line, pattern)


def test_reference_to_a_retired_entry_is_refused(rubric_copy):
    """A retired dimension is no longer a target: a cause that still names it is refused."""
    mutate(
        rubric_copy / MATURITY,
        "  - id: business_ownership\n",
        "  - id: business_ownership\n    retired: true\n",
    )
    found = problems(rubric_copy)
    assert any(
        re.search(r"root_causes\.yaml:21: .*'business_ownership' is not a known dimensions", p)
        for p in found
    ), "\n".join(found)
