"""A reader answers the assessment in the browser and reads the result computed by Pyodide."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from calculators._maturity import assess

from .conftest import export_json

pytestmark = pytest.mark.browser
ENGINE_TIMEOUT = 90_000  # ms: a cold Pyodide start is a few seconds here; generous for slow CI


def answer_all(page, rubric, pick):
    for q in rubric["questions"]:
        if not q.get("retired"):
            page.check(f'input[name="{q["id"]}"][value="{pick(q["options"])["value"]}"]')


def partial_blank(result: dict, dimension: str) -> int:
    return next(d["range"]["blank"] for d in result["dimensions"] if d["id"] == dimension)


def test_form_is_usable_before_the_engine_and_answers_give_a_level(page, site_url, maturity):
    """The form works at first paint; once the engine is ready the result appears in aria-live."""
    page.goto(site_url + "calculators/assessment/")
    first = maturity["questions"][0]
    page.check(
        f'input[name="{first["id"]}"][value="{first["options"][0]["value"]}"]'
    )  # before the engine
    root = page.locator("[data-calculator=assessment]")
    expect(root).to_have_attribute("data-engine", "ready", timeout=ENGINE_TIMEOUT)
    expect(page.locator('[data-role="notice"]')).to_be_hidden()  # nothing to say yet
    summary = page.locator('[data-role="summary"]')
    expect(summary).to_have_attribute("aria-live", "polite")
    expect(summary).to_contain_text("provisional")
    # One answer of 33: the summary says how far the blank ones could move the level, and the
    # dimension's row its own span (overall.range, dimension.range); was "(provisional)" alone.
    partial = assess(maturity, {first["id"]: first["options"][0]["value"]})
    span = partial["overall"]["range"]
    expect(summary).to_contain_text(
        f"the blank ones could put it anywhere from L{span['low']} to L{span['high']}"
    )
    row = page.locator(f'[data-dimension="{first["dimension"]}"]').first
    expect(row).to_contain_text(f"{partial_blank(partial, first['dimension'])} blank, could be L")
    answer_all(page, maturity, lambda options: options[-1])
    expect(summary).to_have_text(re.compile(r"Overall level: L5 AI-Native Operations\."))
    expect(page.locator('[data-dimension="mlops"] [data-level]')).to_have_attribute(
        "data-level", "5"
    )


def test_answers_survive_a_reload(page, site_url, maturity):
    """Answers are saved in localStorage and restored on return."""
    page.goto(site_url + "calculators/assessment/")
    answer_all(page, maturity, lambda options: options[0])
    expect(page.locator('[data-role="summary"]')).to_have_text(
        re.compile(r"Overall level: L1 "), timeout=ENGINE_TIMEOUT
    )
    page.reload()
    q = maturity["questions"][3]
    expect(
        page.locator(f'input[name="{q["id"]}"][value="{q["options"][0]["value"]}"]')
    ).to_be_checked()
    expect(page.locator('[data-role="summary"]')).to_have_text(
        re.compile(r"Overall level: L1 "), timeout=ENGINE_TIMEOUT
    )


def test_engine_that_cannot_load_is_said_in_words_and_answers_stay(
    page, site_url, maturity, context
):
    """With the Pyodide runtime blocked, the page says so and keeps the answers."""
    context.route(re.compile(r".*/pyodide\.asm\.wasm$"), lambda route: route.abort())
    page.goto(site_url + "calculators/assessment/")
    q = maturity["questions"][1]
    radio = page.locator(f'input[name="{q["id"]}"][value="{q["options"][1]["value"]}"]')
    radio.check()
    status = page.locator('[data-role="status"]')
    expect(status).to_contain_text("could not", timeout=ENGINE_TIMEOUT)
    expect(status).to_contain_text("answers are kept")
    expect(radio).to_be_checked()


def wait_ready(page):
    expect(page.locator("[data-calculator]")).to_have_attribute(
        "data-engine", "ready", timeout=ENGINE_TIMEOUT
    )


def summary(page):
    return page.locator('[data-role="summary"]')


def test_export_then_import_round_trip(page, site_url, maturity, tmp_path):
    """Exported JSON, imported after a reset, gives back the same answers and level."""
    page.goto(site_url + "calculators/assessment/")
    wait_ready(page)
    answer_all(page, maturity, lambda options: options[len(options) // 2])
    expect(summary(page)).not_to_contain_text("provisional")
    level_text = summary(page).text_content()
    exported = tmp_path / "export.json"
    data = export_json(page, exported)
    assert data["format"] == "ai-scale-up-playbook/assessment"
    assert data["rubric"]["id"] == "maturity"
    page.once("dialog", lambda dialog: dialog.accept())
    page.click('button[data-action="reset"]')
    expect(summary(page)).to_contain_text("not yet scored")
    page.set_input_files('input[data-action="import"]', str(exported))
    expect(summary(page)).to_have_text(level_text)
    expect(page.locator('[data-role="notice"]')).to_contain_text(
        f"Loaded {len(maturity['questions'])} answers"
    )


def test_export_carries_team_respondent_and_date_and_import_restores_them(
    page, site_url, maturity, tmp_path
):
    """The "About this assessment" fields travel in the export (blank respondent: anonymous)."""
    page.goto(site_url + "calculators/assessment/")
    wait_ready(page)
    answer_all(page, maturity, lambda options: options[0])
    page.fill('[data-about="team"]', "Payments")
    page.fill('[data-about="date"]', "2026-03-31")
    data = export_json(page, tmp_path / "about.json")
    assert data["about"] == {"team": "Payments", "respondent": None, "date": "2026-03-31"}
    assert data["rubric"] == {"id": "maturity", "version": maturity["version"]}
    assert data["result"]["overall"]["level"] == 1
    page.fill('[data-about="team"]', "")
    page.set_input_files('input[data-action="import"]', str(tmp_path / "about.json"))
    expect(page.locator('[data-about="team"]')).to_have_value("Payments")
    expect(page.locator('[data-about="respondent"]')).to_have_value("")


def test_tampered_import_is_refused_and_answers_stay(page, site_url, maturity, tmp_path):
    """A file for another rubric, or not JSON, is refused with a reason; answers are unchanged."""
    page.goto(site_url + "calculators/assessment/")
    wait_ready(page)
    q = maturity["questions"][0]
    radio = page.locator(f'input[name="{q["id"]}"][value="{q["options"][-1]["value"]}"]')
    radio.check()
    bad = tmp_path / "other.json"
    bad.write_text(json.dumps({"rubric": {"id": "roi", "version": "1"}, "answers": {}}))
    page.set_input_files('input[data-action="import"]', str(bad))
    notice = page.locator('[data-role="notice"]')
    expect(notice).to_contain_text(
        "refused: this file holds answers for the rubric 'roi', not 'maturity'"
    )
    expect(radio).to_be_checked()
    broken = tmp_path / "broken.json"
    broken.write_text('{"rubric": {"id": "maturity"}, "answers": ')
    page.set_input_files('input[data-action="import"]', str(broken))
    expect(notice).to_contain_text("not valid JSON")
    expect(radio).to_be_checked()


def open_shared(context, site_url, link, expected):
    """A new page with nothing saved opens ``link``; returned once its summary says ``expected``."""
    other = context.new_page()
    other.goto(site_url + "calculators/assessment/")
    other.evaluate("localStorage.clear()")
    other.goto("about:blank")
    other.goto(link)
    expect(other.locator('[data-role="summary"]')).to_contain_text(expected, timeout=ENGINE_TIMEOUT)
    return other


def test_share_link_round_trip_and_broken_link(page, site_url, maturity, context):
    """A share link opened elsewhere loads the answers; a broken one is refused in words."""
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(site_url + "calculators/assessment/")
    wait_ready(page)
    answer_all(page, maturity, lambda options: options[-1])
    expect(summary(page)).to_contain_text("L5")
    page.click('button[data-action="share"]')
    link = page.locator('[data-role="share-link"]').input_value()
    assert "#answers=" in link
    assert link.startswith(site_url)
    other = open_shared(context, site_url, link, "Overall level: L5")
    assert "#answers" not in other.url  # the fragment is cleared once read
    other.goto(site_url + "calculators/assessment/#answers=%%%broken")
    expect(other.locator('[data-role="notice"]')).to_contain_text(
        "share link is broken", timeout=ENGINE_TIMEOUT
    )
    expect(other.locator('[data-role="summary"]')).to_contain_text("Overall level: L5")
    other.close()


def test_compare_with_an_earlier_export(page, site_url, maturity, tmp_path):
    """Comparing with last quarter's export shows per-dimension and overall changes."""
    page.goto(site_url + "calculators/assessment/")
    wait_ready(page)
    answer_all(page, maturity, lambda options: options[0])
    expect(summary(page)).to_contain_text("L1")
    before = tmp_path / "q3.json"
    export_json(page, before)
    answer_all(page, maturity, lambda options: options[-1])
    expect(summary(page)).to_contain_text("L5")
    page.set_input_files('input[data-action="compare"]', str(before))
    row = page.locator('[data-compare="overall"]')
    expect(row).to_contain_text("L1")
    expect(row).to_contain_text("+4")


def test_reset_asks_first_and_can_be_undone(page, site_url, maturity):
    """Reset needs confirmation; a dismissed dialog keeps everything; undo restores."""
    page.goto(site_url + "calculators/assessment/")
    wait_ready(page)
    answer_all(page, maturity, lambda options: options[-1])
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.click('button[data-action="reset"]')
    expect(summary(page)).to_contain_text("L5")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click('button[data-action="reset"]')
    expect(summary(page)).to_contain_text("not yet scored")
    page.click('[data-role="notice"] button:has-text("Undo")')
    expect(summary(page)).to_contain_text("L5")


def test_instant_navigation_rebinds_and_keeps_one_worker(page, site_url, maturity):
    """Moving between calculator pages with instant navigation rebinds them on one worker."""
    workers = []
    page.on("worker", lambda worker: workers.append(worker.url))
    page.goto(site_url)
    page.wait_for_function(
        "typeof window.document$ !== 'undefined' && typeof window.location$ !== 'undefined'"
    )
    page.evaluate("window.__sameDocument = true")
    page.click('a[href$="calculators/assessment/"]')
    wait_ready(page)
    page.click('a[href$="calculators/readiness/"]')
    expect(page.locator('[data-calculator="readiness"]')).to_have_attribute(
        "data-engine", "ready", timeout=ENGINE_TIMEOUT
    )
    assert page.evaluate("window.__sameDocument === true"), (
        "instant navigation did not keep the document"
    )
    engine_workers = [url for url in workers if "engine-worker" in url]
    assert len(engine_workers) == 1, workers


def test_readiness_check_gives_a_verdict(page, site_url, built_site):
    """All yes but the sponsor: stop; all yes: ready to scale."""
    bundle = json.loads(next(built_site.glob("assets/engine/rubrics-*.json")).read_text())
    causes = bundle["root_causes"]["causes"]
    page.goto(site_url + "calculators/readiness/")
    expect(page.locator('[data-calculator="readiness"]')).to_have_attribute(
        "data-engine", "ready", timeout=ENGINE_TIMEOUT
    )
    page.fill("#pb-pilot-name", "Invoice triage")
    for cause in causes:
        for check in cause["checks"]:
            page.check(f'input[name="{check["id"]}"][value="yes"]')
    verdict = page.locator('[data-role="summary"]')
    expect(verdict).to_have_attribute("data-verdict", "scale_now")
    expect(verdict).to_contain_text("Invoice triage")
    first_check = bundle["root_causes"]["readiness"]["stop_if_not_in_place"][0]["check"]
    stopper = next(c for c in causes if first_check in [k["id"] for k in c["checks"]])["id"]
    page.check(f'input[name="{first_check}"][value="no"]')
    expect(verdict).to_have_attribute("data-verdict", "stop")
    expect(page.locator(f'[data-cause="{stopper}"]')).to_contain_text("Remedy")
