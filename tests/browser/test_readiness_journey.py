"""A pilot owner checks pilots on the readiness page; the verdicts come from Pyodide."""

from __future__ import annotations

import base64
import json
import re

import pytest
from playwright.sync_api import expect

from . import test_accessibility as a11y
from .conftest import export_json, guarded_context, watched_page
from .test_assessment_journey import ENGINE_TIMEOUT, summary, wait_ready

axe_context = a11y.axe_context  # the fixture that may inject axe, shared

pytestmark = pytest.mark.browser
PAGE = "calculators/readiness/"
# The reviewer's pilot: sponsor, KPI, registry, monitoring, risk class and five more in place.
TEN_YES = {
    "named_pl_sponsor",
    "target_kpi_signed_off",
    "model_in_registry",
    "drift_monitored",
    "risk_class_agreed",
    "workflow_redesigned",
    "adoption_tracked",
    "production_data_feed",
    "change_owner_named",
    "audit_question_24h",
}


@pytest.fixture(scope="module")
def root_causes(rubric_bundle) -> dict:
    return rubric_bundle["root_causes"]


def check_ids(root_causes) -> list[str]:
    return [
        k["id"]
        for c in root_causes["causes"]
        if not c.get("retired")
        for k in c["checks"]
        if not k.get("retired")
    ]


def remedy(root_causes, check_id) -> str:
    return next(
        k["remedy"] for c in root_causes["causes"] for k in c["checks"] if k["id"] == check_id
    )


def answer(page, answers: dict) -> None:
    for check, value in answers.items():
        page.check(f'input[name="{check}"][value="{value}"]')


def verdict(page):
    return summary(page)


def open_page(page, site_url):
    page.goto(site_url + PAGE)
    wait_ready(page)


def pilots_listed(page) -> list[str]:
    return page.eval_on_selector_all(
        '[data-role="pilot-select"] option', "os => os.map(o => o.textContent)"
    )


def test_one_answer_is_incomplete_and_lists_what_is_missing(page, site_url, root_causes):
    """One answer of 16 gave "Ready to scale"; now the verdict is incomplete, says what it
    waits on, and nothing reads "null"."""
    open_page(page, site_url)
    page.fill("#pb-pilot-name", "Invoice triage")
    answer(page, {"adoption_tracked": "yes"})
    expect(verdict(page)).to_have_attribute("data-verdict", "incomplete")
    expect(verdict(page)).to_contain_text("“Invoice triage”: Incomplete.")
    expect(verdict(page)).to_contain_text("15 of 16 checks")
    missing = page.locator('[data-role="missing"] a[data-check]')
    expect(missing).to_have_count(len(check_ids(root_causes)) - 1)
    expect(page.locator('[data-role="details"]')).not_to_contain_text("null")
    expect(page.locator('[data-role="progress-text"]')).to_have_text("1 of 16 checks answered")
    missing.first.press("Enter")  # the keyboard lands on the check itself
    assert page.evaluate("document.activeElement.name") == "named_pl_sponsor"


def test_mixed_pilot_names_the_rule_in_words_and_remedies_follow_the_checks(
    page, site_url, root_causes
):
    """10 of 16 yes with the sponsor named: the stop names the count rule, never an id, and
    nobody is told to name a sponsor."""
    open_page(page, site_url)
    answer(page, {k: "yes" if k in TEN_YES else "no" for k in check_ids(root_causes)})
    expect(verdict(page)).to_have_attribute("data-verdict", "stop")
    expect(verdict(page)).to_contain_text(
        "6 of 6 causes are flagged: 4 or more flagged causes mean stop"
    )
    result = page.locator('[data-role="result"]')
    expect(result).not_to_contain_text("no_hard_business_owner")
    expect(result).not_to_contain_text(remedy(root_causes, "named_pl_sponsor"))
    owner = page.locator('[data-cause="no_hard_business_owner"]')
    expect(owner).to_contain_text(remedy(root_causes, "business_budget_line"))
    expect(owner.locator("[data-failed]")).to_have_count(1)


def test_all_yes_then_dont_know(page, site_url, root_causes):
    """All yes scales now with nothing below; "Don't know" flags its cause with its remedy."""
    open_page(page, site_url)
    answer(page, dict.fromkeys(check_ids(root_causes), "yes"))
    expect(verdict(page)).to_have_attribute("data-verdict", "scale_now")
    expect(verdict(page)).to_contain_text("All 16 checks are in place")
    expect(page.locator("[data-cause]")).to_have_count(0)
    answer(page, {"drift_monitored": "dont_know"})
    expect(verdict(page)).to_have_attribute("data-verdict", "fix_first")
    flagged = page.locator('[data-cause="missing_mlops"] [data-failed="drift_monitored"]')
    expect(flagged).to_contain_text("Don't know:")
    expect(flagged).to_contain_text(remedy(root_causes, "drift_monitored"))
    # "Don't know" on the sponsor stops the pilot, but is not reported as a missing sponsor.
    answer(page, {"named_pl_sponsor": "dont_know"})
    expect(verdict(page)).to_have_attribute("data-verdict", "stop")
    expect(verdict(page)).to_contain_text("Stopped because nobody could confirm")


def test_two_pilots_export_and_import_elsewhere(page, site_url, root_causes, browser, tmp_path):
    """Two pilots are kept apart, exported together, and imported in a fresh browser; a
    tampered file is refused with its reason and the pilots there stay."""
    open_page(page, site_url)
    page.fill("#pb-pilot-name", "Invoice triage")
    answer(page, dict.fromkeys(check_ids(root_causes), "yes"))
    expect(verdict(page)).to_have_attribute("data-verdict", "scale_now")
    page.click('button[data-action="new-pilot"]')
    expect(page.locator("#pb-pilot-name")).to_be_focused()
    page.keyboard.type("Claims bot")
    answer(page, {"named_pl_sponsor": "no"})
    expect(verdict(page)).to_have_attribute("data-verdict", "stop")
    assert pilots_listed(page) == ["Invoice triage", "Claims bot"]
    page.select_option('[data-role="pilot-select"]', label="Invoice triage")
    expect(verdict(page)).to_have_attribute("data-verdict", "scale_now")
    exported = export_json(page, tmp_path / "pilots.json")
    assert exported["format"] == "ai-scale-up-playbook/readiness"
    assert [(p["pilot"], p["result"]["verdict"]["id"]) for p in exported["pilots"]] == [
        ("Invoice triage", "scale_now"),
        ("Claims bot", "stop"),
    ]
    page.reload()  # both pilots survive a reload
    wait_ready(page)
    assert pilots_listed(page) == ["Invoice triage", "Claims bot"]

    with guarded_context(browser, service_workers="block") as fresh, watched_page(fresh) as other:
        open_page(other, site_url)
        other.fill("#pb-pilot-name", "Their own pilot")
        answer(other, {"drift_monitored": "no"})
        expect(verdict(other)).to_contain_text("Their own pilot")
        notice = other.locator('[data-role="notice"]')
        bad = {
            "unknown.json": (
                {"drift": "yes"},
                "pilot 'Invoice triage': unknown readiness check 'drift'",
            ),
            "value.json": (
                {"drift_monitored": "maybe"},
                "pilot 'Invoice triage': 'drift_monitored' must be 'yes', 'no', 'dont_know' or"
                " null (got 'maybe')",
            ),
        }
        for name, (answers, reason) in bad.items():
            data = json.loads(json.dumps(exported))
            data["pilots"][0]["answers"] = answers
            (tmp_path / name).write_text(json.dumps(data))
            other.set_input_files('input[data-action="import"]', str(tmp_path / name))
            expect(notice).to_contain_text(f"The file {name} was refused: {reason}")
            expect(notice).to_contain_text("Your pilots are unchanged")
        wrong = {**exported, "rubric": {"id": "maturity", "version": "1.0.0"}}
        (tmp_path / "wrong.json").write_text(json.dumps(wrong))
        other.set_input_files('input[data-action="import"]', str(tmp_path / "wrong.json"))
        expect(notice).to_contain_text("answers for the rubric 'maturity', not 'root_causes'")
        (tmp_path / "broken.json").write_text('{"pilots": [')
        other.set_input_files('input[data-action="import"]', str(tmp_path / "broken.json"))
        expect(notice).to_contain_text("not valid JSON")
        assert pilots_listed(other) == ["Their own pilot"]

        other.set_input_files('input[data-action="import"]', str(tmp_path / "pilots.json"))
        expect(notice).to_contain_text("Added 2 of 2 pilots from the file pilots.json")
        assert pilots_listed(other) == ["Their own pilot", "Invoice triage", "Claims bot"]
        expect(verdict(other)).to_contain_text("“Invoice triage”: Ready to scale.")
        other.set_input_files('input[data-action="import"]', str(tmp_path / "pilots.json"))
        expect(notice).to_contain_text("Added 0 of 2 pilots")  # nothing kept twice
        assert len(pilots_listed(other)) == 3


def test_share_link_opens_the_pilot_in_a_fresh_browser(
    page, site_url, root_causes, context, browser
):
    """A share link carries one pilot; opened in a fresh browser it is added and checked; a
    broken or tampered link is refused in words."""
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    open_page(page, site_url)
    page.fill("#pb-pilot-name", "Claims bot")
    answer(page, {"named_pl_sponsor": "no"})
    expect(verdict(page)).to_have_attribute("data-verdict", "stop")
    page.click('button[data-action="share"]')
    link = page.locator('[data-role="share-link"]').input_value()
    assert link.startswith(site_url + PAGE + "#pilot=")
    with guarded_context(browser, service_workers="block") as fresh, watched_page(fresh) as other:
        other.goto(link)
        wait_ready(other)
        expect(verdict(other)).to_contain_text("“Claims bot”: Stop or re-scope.")
        expect(other.locator('input[name="named_pl_sponsor"][value="no"]')).to_be_checked()
        assert "#pilot" not in other.url
        tampered = base64.urlsafe_b64encode(
            json.dumps({"pilot": "X", "answers": {"named_pl_sponsor": "sure"}}).encode()
        ).decode()
        other.goto("about:blank")  # a new load, not a jump within the page
        other.goto(site_url + PAGE + "#pilot=" + tampered.rstrip("="))
        notice = other.locator('[data-role="notice"]')
        expect(notice).to_contain_text("The share link was refused:", timeout=ENGINE_TIMEOUT)
        expect(notice).to_contain_text("(got 'sure')")
        other.goto("about:blank")
        other.goto(site_url + PAGE + "#pilot=%%%broken")
        expect(notice).to_contain_text("share link is broken", timeout=ENGINE_TIMEOUT)
        assert pilots_listed(other) == ["Claims bot"]


def test_a_pilot_saved_before_several_pilots_is_restored(page, site_url, root_causes):
    """The old store held one {pilot, answers}: it comes back as the first pilot."""
    page.goto(site_url + PAGE)
    page.evaluate(
        "([key, value]) => localStorage.setItem(key, JSON.stringify(value))",
        [
            f"playbook:readiness:{root_causes['id']}",
            {"pilot": "Old pilot", "answers": dict.fromkeys(check_ids(root_causes), "yes")},
        ],
    )
    page.reload()
    wait_ready(page)
    assert pilots_listed(page) == ["Old pilot"]
    expect(verdict(page)).to_have_attribute("data-verdict", "scale_now")


@pytest.mark.parametrize("axe_context", ["dark"], indirect=True)
def test_readiness_results_in_dark_mode_pass_axe(axe_context, site_url, root_causes):
    """The page in dark mode with an incomplete verdict and flagged causes shown."""
    page = axe_context.new_page()
    open_page(page, site_url)
    ids = check_ids(root_causes)
    answer(page, {k: ("no" if i % 3 else "yes") for i, k in enumerate(ids[:8])})
    expect(page.locator("[data-cause]").first).to_be_visible()
    problems = a11y.describe(f"{PAGE} (dark, results shown)", a11y.violations(page))
    assert not problems, "\n".join(problems)


def test_without_the_engine_answers_stay_and_export_still_works(page, site_url, context, tmp_path):
    """With the Pyodide runtime blocked, the page says so, keeps the answers, and exports them."""
    context.route(re.compile(r".*/pyodide\.asm\.wasm$"), lambda route: route.abort())
    page.goto(site_url + PAGE)
    page.fill("#pb-pilot-name", "Offline pilot")
    answer(page, {"named_pl_sponsor": "no"})
    expect(page.locator('[data-role="status"]')).to_contain_text(
        "answers are kept", timeout=ENGINE_TIMEOUT
    )
    data = export_json(page, tmp_path / "offline.json")
    assert data["pilots"] == [
        {"pilot": "Offline pilot", "answers": data["pilots"][0]["answers"], "result": None}
    ]
    assert data["pilots"][0]["answers"]["named_pl_sponsor"] == "no"


def test_delete_and_reset_ask_first_and_can_be_undone(page, site_url):
    """Deleting a pilot or clearing its answers asks first; Undo brings it back."""
    open_page(page, site_url)
    page.fill("#pb-pilot-name", "First")
    answer(page, {"named_pl_sponsor": "no"})
    page.click('button[data-action="new-pilot"]')
    page.fill("#pb-pilot-name", "Second")
    page.once("dialog", lambda dialog: dialog.dismiss())
    page.click('button[data-action="delete-pilot"]')
    assert pilots_listed(page) == ["First", "Second"]
    page.once("dialog", lambda dialog: dialog.accept())
    page.click('button[data-action="delete-pilot"]')
    expect(page.locator("#pb-pilot-name")).to_have_value("First")
    assert pilots_listed(page) == ["First"]
    page.click('[data-role="notice"] button:has-text("Undo")')
    assert pilots_listed(page) == ["First", "Second"]
    page.select_option('[data-role="pilot-select"]', label="First")
    expect(verdict(page)).to_have_attribute("data-verdict", "stop")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click('button[data-action="reset"]')
    expect(verdict(page)).to_have_attribute("data-verdict", "incomplete")
    assert pilots_listed(page) == ["Unnamed pilot 1", "Second"]
    page.click('[data-role="notice"] button:has-text("Undo")')
    expect(verdict(page)).to_have_attribute("data-verdict", "stop")
    assert pilots_listed(page) == ["First", "Second"]
