"""A fork built in German (PLAYBOOK_LANGUAGE=de): the assessment answered in German words under
the fork's brand, an export from before the upstream release (with an answer to the question it
retired) imported with German notes, and a German decimal typed where the page takes a number.
Every German phrase asserted here comes from rubrics/locales/de/strings.yaml."""

from __future__ import annotations

import json
import re
import threading
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.build.test_language import GERMAN
from tests.conftest import build_site, serve
from tests.forking import FORK_WORDING, NEW_VERSION, RETIRED, REWORDED, make_fork

from .test_fork_journey import (
    ENGINE_TIMEOUT,
    answer_every_question_at_its_highest,
    import_an_upstream_export,
)

pytestmark = pytest.mark.browser


def german(key: str, **values) -> str:
    """The German string ``key`` with its placeholders filled in, as the page fills them."""
    return re.sub(r"\{(\w+)\}", lambda m: str(values[m.group(1)]), GERMAN[key])


@pytest.fixture(scope="module")
def german_fork(tmp_path_factory):
    """The fixed fork's site in German, served on loopback; with the maturity rubric it serves."""
    fork = make_fork(tmp_path_factory.mktemp("fork-de"))
    dest = tmp_path_factory.mktemp("fork-site-de")
    url, server = serve(dest, start=False)
    try:
        done = build_site(
            dest,
            rubrics=fork["fixed"],
            extra_env={"PLAYBOOK_SITE_URL": url, "PLAYBOOK_LANGUAGE": "de"},
        )
        assert done.returncode == 0, done.stderr[-3000:]
        threading.Thread(target=server.serve_forever, daemon=True).start()
        bundle = json.loads(next(dest.glob("assets/engine/rubrics-*.json")).read_text())
        yield url, bundle["maturity"], bundle["kpis"]["roi_defaults"]
        server.shutdown()
    finally:
        server.server_close()


def test_the_german_fork_is_answered_and_imports_an_old_export_in_german(
    page, german_fork, tmp_path: Path
):
    url, maturity, _ = german_fork
    page.goto(url + "calculators/assessment/")
    assert page.locator("html").get_attribute("lang") == "de"
    expect(page.locator(".md-header__topic").first).to_contain_text("Acme AI Playbook")
    expect(page.locator(f'[data-question="{REWORDED}"]')).to_contain_text(FORK_WORDING)
    expect(page.locator(f'[data-question="{RETIRED}"]')).to_have_count(0)
    expect(page.locator('button[data-action="export-json"]')).to_have_text(
        GERMAN["common.button.export_json"]
    )
    expect(page.locator("[data-calculator=assessment]")).to_have_attribute(
        "data-engine", "ready", timeout=ENGINE_TIMEOUT
    )

    answer_every_question_at_its_highest(page, maturity)
    summary = page.locator('[data-role="summary"]')
    expect(summary).to_have_text(re.compile(r"^Gesamtstufe: L5 "), timeout=ENGINE_TIMEOUT)

    import_an_upstream_export(page, tmp_path)
    expect(summary).to_have_text(re.compile(r"^Gesamtstufe: L1 "), timeout=ENGINE_TIMEOUT)
    expect(page.locator('[data-role="scored-with"]')).to_have_text(
        german(
            "import.scored_with", rubric="maturity", version=f"{NEW_VERSION}-acme.1", made="1.0.0"
        )
    )
    notice = page.locator('[data-role="notice"]')
    retired = german(
        "import.dropped_answer", question=RETIRED, reason=GERMAN["import.reason.retired"]
    )
    expect(notice).to_contain_text(
        german("import.note.answers_dropped.one", count=1, items=retired)
    )
    expect(notice).to_contain_text(
        german("import.note.version_assessment", version="1.0.0", current=f"{NEW_VERSION}-acme.1")
    )


def test_a_german_decimal_is_a_number_on_the_german_fork(page, german_fork, tmp_path: Path):
    """The use-case page's budget, typed as a German reader writes it, funds the cases; the same
    figure with the separators the wrong way round is refused in German, by its German label."""
    url, _, defaults = german_fork
    names = []
    for name, users in (("Schadensfälle", None), ("Suche", 300)):
        data = {**defaults, "name": name, **({"users": users} if users else {})}
        (tmp_path / f"{name}.json").write_text(json.dumps(data), encoding="utf-8")
        names.append(str(tmp_path / f"{name}.json"))
    page.goto(url + "calculators/use-cases/")
    expect(page.locator('label[for="uc-budget"]')).to_have_text(GERMAN["use_cases.label.budget"])
    expect(page.locator("[data-calculator=use-cases]")).to_have_attribute(
        "data-engine", "ready", timeout=ENGINE_TIMEOUT
    )
    page.set_input_files('input[data-action="add-files"]', names)
    expect(page.locator('[data-role="cases"] tbody tr')).to_have_count(2, timeout=60_000)
    funding = page.locator('[data-role="funding"]')
    expect(funding).to_have_text(GERMAN["use_cases.funding.set_budget"])

    page.fill("#uc-budget", "1.500.000,5")
    before, _, _ = GERMAN["use_cases.funding.within"].partition("{budget}")
    expect(funding).to_contain_text(before, timeout=60_000)
    expect(page.locator("#uc-budget-error")).to_be_hidden()

    page.fill("#uc-budget", "1,500.000")
    error = page.locator("#uc-budget-error")
    expect(error).to_be_visible(timeout=60_000)
    expect(error).to_contain_text(GERMAN["use_cases.label.budget"])
    expect(error).to_contain_text("ist keine Zahl")


def test_the_german_plan_portfolio_and_chart_say_nothing_in_english(page, german_fork, tmp_path):
    """Issue 17 (regression): on a German phone the plan's timeline said "Exit, end of week 4"
    and "1 Mar 2027", the answers holding a dimension back "(Don't know, L1)", the actions "Pass
    the L4 gate", the portfolio why a file was left out ("tampered: ...") and the use-case chart
    "25%" and "-400k"."""
    url, maturity, defaults = german_fork
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(url + "calculators/assessment/")
    expect(page.locator("[data-calculator=assessment]")).to_have_attribute(
        "data-engine", "ready", timeout=ENGINE_TIMEOUT
    )
    questions = [q for q in maturity["questions"] if not q.get("retired")]
    gated = {g["question"] for g in maturity["gates"]}
    for i, q in enumerate(questions):  # a mixed organization: some unknown, the rest low, one
        value = "dont_know" if i % 5 == 0 else q["options"][i % 2]["value"]  # gate claimed
        if q["id"] == sorted(gated)[0]:
            value = q["options"][-1]["value"]
        page.check(f'input[name="{q["id"]}"][value="{value}"]')
    start = page.locator('[data-role="plan-start"]')
    start.fill("2027-03-01")
    start.dispatch_event("change")
    narrow = page.locator('[data-role="plan-timeline"] .pb-diagram__svg--narrow')
    expect(narrow).to_contain_text(german("timeline.exit", week=4), timeout=ENGINE_TIMEOUT)
    expect(narrow).to_contain_text("1. März 2027 – 28. März 2027")
    expect(narrow).not_to_contain_text("Exit, end of week")
    expect(page.locator("[data-plan-activity]").first).to_contain_text("1. März 2027")
    details = page.locator('[data-role="details"]')
    expect(details).to_contain_text(f"({GERMAN['assessment.option.dont_know']}, L1)")
    expect(details).not_to_contain_text("Don't know")
    expect(details).not_to_contain_text("Pass the L")
    expect(page.locator('[data-role="evidence"]')).to_contain_text("brauchen einen Nachweis")
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0

    from calculators._maturity_io import export_assessment

    answers = {q["id"]: q["options"][2]["value"] for q in questions}
    lower = {q["id"]: q["options"][1]["value"] for q in questions}
    edited = export_assessment(maturity, answers, about={"team": "Schaden"})
    edited["result"]["overall"]["level"] = 5
    files = {
        "bearbeitet.json": json.dumps(edited),
        "leer.json": json.dumps(export_assessment(maturity, {}, about={"team": "Schaden"})),
        "gut.json": json.dumps(export_assessment(maturity, answers, about={"team": "Schaden"})),
        "zwei.json": json.dumps(export_assessment(maturity, lower, about={"team": "Schaden"})),
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    page.goto(url + "calculators/portfolio/")
    expect(page.locator("[data-calculator=portfolio]")).to_have_attribute(
        "data-engine", "ready", timeout=ENGINE_TIMEOUT
    )
    page.set_input_files('input[data-action="add-files"]', sorted(str(tmp_path / n) for n in files))
    skipped = page.locator('[data-role="skipped"] [data-file="bearbeitet.json"]')
    expect(skipped).to_contain_text("verändert: sie nennt Stufe 5", timeout=ENGINE_TIMEOUT)
    expect(page.locator('[data-role="notes"]')).to_contain_text(
        "leer.json: " + GERMAN["portfolio.note.no_level"]
    )
    # Two levels a step apart: the median between them, with the German decimal comma.
    overall = page.locator('table[data-role="stats"] tr[data-dimension="overall"]')
    expect(overall).to_contain_text(",5")
    expect(overall).not_to_contain_text(".5")

    for name in ("Schaden", "Suche"):
        (tmp_path / f"{name}.json").write_text(
            json.dumps({**defaults, "name": name}), encoding="utf-8"
        )
    page.goto(url + "calculators/use-cases/")
    expect(page.locator("[data-calculator=use-cases]")).to_have_attribute(
        "data-engine", "ready", timeout=ENGINE_TIMEOUT
    )
    page.set_input_files(
        'input[data-action="add-files"]',
        [str(tmp_path / f"{n}.json") for n in ("Schaden", "Suche")],
    )
    chart = page.locator('[data-role="chart"] svg')
    expect(chart).to_contain_text("100 %", timeout=60_000)
    expect(chart).to_contain_text("Tsd.")
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
