"""Targets per dimension and evidence per answer on the assessment page (issue 13): set in the
form, checked by Python, shown in the result and the radar, carried by exports and share links."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from .conftest import export_json
from .test_assessment_journey import ENGINE_TIMEOUT, answer_all, open_shared, summary, wait_ready

pytestmark = pytest.mark.browser

HOSTILE = '<img src=x onerror="window.__pwned=1"> registry page'


def question_text(maturity, qid):
    return next(q["text"] for q in maturity["questions"] if q["id"] == qid)


def test_target_shows_in_the_result_and_radar_and_progress_after_a_compare(
    page, site_url, maturity, tmp_path
):
    """A target chosen per dimension is in the table and as the radar's outline; comparing
    with an earlier export gives progress to target, and says when it is undefined."""
    page.goto(site_url + "calculators/assessment/")
    wait_ready(page)
    answer_all(page, maturity, lambda options: options[0])
    expect(summary(page)).to_contain_text("L1")
    baseline = tmp_path / "baseline.json"
    export_json(page, baseline)
    answer_all(page, maturity, lambda options: options[2])
    dims = [d for d in maturity["dimensions"] if not d.get("retired")]
    expect(page.locator(f'[data-dimension="{dims[0]["id"]}"] [data-level]')).not_to_have_attribute(
        "data-level", "1"
    )
    first, second = dims[0], dims[1]
    page.get_by_label(f"Target level for {first['title']}").select_option("5")
    page.get_by_label(f"Target level for {second['title']}").select_option("1")
    expect(page.locator(f'[data-dimension="{first["id"]}"] [data-role="target"]')).to_have_text(
        "L5 (your target)"
    )
    third = page.locator(f'[data-dimension="{dims[2]["id"]}"] [data-role="target"]')
    expect(third).to_contain_text("(next level up)")
    # The radar: a target outline with one point per dimension, named in the chart's label.
    radar = page.locator('[data-role="radar"]')
    expect(radar.locator("polygon.pb-series-target")).to_have_count(1)
    expect(radar.locator("circle.pb-series-target")).to_have_count(len(dims))
    expect(radar).to_have_attribute("aria-label", re.compile(r"target L5"))
    page.set_input_files('input[data-action="compare"]', str(baseline))
    row = page.locator(f'[data-compare="{first["id"]}"] [data-role="progress"]')
    expect(row).to_contain_text("of the way from L1 (baseline) to L5 (target)")
    undefined = page.locator(f'[data-compare="{second["id"]}"] [data-role="progress"]')
    expect(undefined).to_contain_text("Undefined: the target (L1) is not above the baseline")
    data = export_json(page, tmp_path / "now.json")
    assert data["targets"] == {first["id"]: 5, second["id"]: 1}
    shipped = {d["id"]: d for d in data["result"]["dimensions"]}
    assert shipped[first["id"]]["target_set_by"] == "reader"
    assert shipped[dims[2]["id"]]["target_set_by"] == "default"


def test_evidence_is_checked_beside_its_field_shown_as_text_and_marks_claims(
    page, site_url, maturity, tmp_path
):
    """A bad link is refused beside its field (every answer kept); a good one is shown as a link;
    reader text stays text; gate answers without evidence are marked claimed."""
    page.goto(site_url + "calculators/assessment/")
    wait_ready(page)
    answer_all(page, maturity, lambda options: options[-1])
    expect(summary(page)).to_contain_text("L5")
    # Every gate's answer is claimed until evidence is recorded.
    gates = [g for g in maturity["gates"] if not g.get("retired")]
    for gate in gates:
        flag = page.locator(f'[data-evidence-flag="{gate["question"]}"]')
        expect(flag).to_contain_text("Claimed, no evidence")
        described = page.locator(f'[data-question="{gate["question"]}"]')
        expect(described).to_have_attribute("aria-describedby", re.compile(flag_id(gate)))
    expect(page.locator('[data-role="gate-claimed"]')).to_have_count(len(gates))
    # A link that is not http(s): named beside its field, in the reader's words.
    box = page.locator('[data-evidence-for="model_registry"]')
    box.locator("summary").click()
    expect(page.locator("#ev-model_registry-note")).to_have_accessible_name(
        "Note (what shows it, at most 500 characters)"
    )
    page.fill("#ev-model_registry-note", HOSTILE)
    page.fill("#ev-model_registry-link", "javascript:alert(1)")
    page.locator("#ev-model_registry-link").blur()
    error = page.locator('[data-error-for="evidence.model_registry.link"]')
    expect(error).to_contain_text(
        f"Evidence link for “{question_text(maturity, 'model_registry')}” must be a web address"
    )
    expect(page.locator("#ev-model_registry-link")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#ev-model_registry-link")).to_have_attribute(
        "aria-describedby", "ev-model_registry-link-error"
    )
    expect(summary(page)).to_contain_text("L5")  # the last result and every answer stay
    page.fill("#ev-model_registry-link", "https://wiki.example/registry")
    page.locator("#ev-model_registry-link").blur()
    expect(error).to_be_hidden()
    expect(page.locator('[data-evidence-flag="model_registry"]')).to_have_text("Evidence recorded.")
    expect(page.locator('[data-role="gate-claimed"]')).to_have_count(len(gates) - 1)
    row = page.locator('[data-evidence-row="model_registry"]')
    expect(row.locator('[data-role="evidence-note"]')).to_have_text(HOSTILE)
    expect(row.locator("a")).to_have_attribute("href", "https://wiki.example/registry")
    assert page.locator("[data-role=evidence] img, form img").count() == 0
    assert page.evaluate("window.__pwned") is None
    data = export_json(page, tmp_path / "evidence.json")
    assert data["evidence"]["model_registry"]["link"] == "https://wiki.example/registry"
    assert data["evidence"]["model_registry"]["note"] == HOSTILE
    assert "model_registry" not in data["result"]["claimed_without_evidence"]
    # An import with a bad target is refused with a reason; the page keeps what it had.
    dim = next(d for d in maturity["dimensions"] if not d.get("retired"))
    bad = {**data, "targets": {dim["id"]: 9}}
    (tmp_path / "bad.json").write_text(json.dumps(bad))
    page.set_input_files('input[data-action="import"]', str(tmp_path / "bad.json"))
    expect(page.locator('[data-role="notice"]')).to_contain_text(
        f"Target level for {dim['title']} must be a level from 1 to 5 (got 9)"
    )
    expect(page.locator("#ev-model_registry-note")).to_have_value(HOSTILE)


def flag_id(gate) -> str:
    return f"q-{gate['question']}-flag"


def test_share_link_carries_targets_and_evidence(page, site_url, maturity, context):
    """Targets and evidence travel in the share link's fragment and are restored from it."""
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(site_url + "calculators/assessment/")
    wait_ready(page)
    answer_all(page, maturity, lambda options: options[-1])
    dim = next(d for d in maturity["dimensions"] if not d.get("retired"))
    page.get_by_label(f"Target level for {dim['title']}").select_option("4")
    page.locator('[data-evidence-for="audit_answer_24h"] summary').click()
    page.fill("#ev-audit_answer_24h-owner", "Head of risk")
    page.fill("#ev-audit_answer_24h-note", "Audit log export, tested in March")
    page.locator("#ev-audit_answer_24h-note").blur()
    expect(page.locator('[data-evidence-flag="audit_answer_24h"]')).to_have_text(
        "Evidence recorded.", timeout=ENGINE_TIMEOUT
    )
    page.click('button[data-action="share"]')
    link = page.locator('[data-role="share-link"]').input_value()
    other = open_shared(context, site_url, link, "Overall level: L5")
    expect(other.get_by_label(f"Target level for {dim['title']}")).to_have_value("4")
    expect(other.locator("#ev-audit_answer_24h-owner")).to_have_value("Head of risk")
    expect(other.locator('[data-evidence-flag="audit_answer_24h"]')).to_have_text(
        "Evidence recorded."
    )
    other.close()
