"""A German reader checks a pilot on the German build (PLAYBOOK_LANGUAGE=de): the page's own
words, notices and progress are German, from rubrics/locales/de/strings.yaml."""

from __future__ import annotations

import json
import re
import threading

import pytest
from playwright.sync_api import expect

from calculators import evaluate_case
from tests.build.test_language import GERMAN, build_german
from tests.conftest import put, serve

from .test_assessment_journey import ENGINE_TIMEOUT, summary, wait_ready

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def german_url(tmp_path_factory):
    """The German site, served on 127.0.0.1 (built with its own origin, for instant navigation)."""
    dest = tmp_path_factory.mktemp("site-de")
    url, server = serve(dest, start=False)
    try:
        build_german(dest, PLAYBOOK_SITE_URL=url)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        yield url
        server.shutdown()
    finally:
        server.server_close()


def test_german_readiness_journey(page, german_url, tmp_path):
    """Form, progress, status, result line, notices and an import refusal all speak German."""
    page.goto(german_url + "calculators/readiness/")
    assert page.locator("html").get_attribute("lang") == "de"
    expect(page.locator('button[data-action="new-pilot"]')).to_have_text("Neuer Pilot")
    wait_ready(page)
    expect(page.locator('[data-role="status"]')).to_have_text("Bereit.")
    progress = page.locator('[data-role="progress-text"]')
    expect(progress).to_have_text("0 von 16 Prüfungen beantwortet")

    page.check('input[name="named_pl_sponsor"][value="yes"]')
    expect(progress).to_have_text("1 von 16 Prüfungen beantwortet", timeout=ENGINE_TIMEOUT)
    expect(summary(page)).to_contain_text("Dieser Pilot: ", timeout=ENGINE_TIMEOUT)

    page.click('button[data-action="new-pilot"]')
    notice = page.locator('[data-role="notice"]')
    expect(notice).to_contain_text(
        "Neuer Pilot hinzugefügt; 2 Piloten sind in diesem Browser aufbewahrt."
    )
    expect(page.locator('[data-role="pilot-select"] option').nth(1)).to_have_text(
        "Unbenannter Pilot 2"
    )
    expect(notice.locator(".pb-notice__close")).to_have_attribute(
        "aria-label", GERMAN["common.button.dismiss"]
    )

    page.once("dialog", lambda dialog: dialog.accept())
    page.click('button[data-action="delete-pilot"]')
    expect(notice).to_contain_text("Pilot Unbenannter Pilot 2 gelöscht.")
    expect(notice.locator(".pb-notice__action")).to_have_text("Rückgängig")

    bad = tmp_path / "kaputt.json"
    bad.write_text("{nicht json", encoding="utf-8")
    page.set_input_files('input[type=file][data-action="import"]', str(bad))
    expect(notice).to_contain_text(
        "Die Datei kaputt.json wurde abgelehnt: die Datei ist kein gültiges JSON"
    )
    expect(notice).to_contain_text("Ihre Piloten bleiben unverändert.")


def test_german_roi_reads_numbers_as_german_writes_them(page, german_url):
    """A German reader types decimal commas ("12,5" %) and a grouped amount ("1.234,5"): Python
    reads them in the page's format, the result is the case's with 12.5 % and 1234.5, and the
    saved case holds those numbers, not the text; the page's own words are German."""
    page.goto(german_url + "calculators/roi/")
    root = page.locator("[data-calculator=roi]")
    expect(root).to_have_attribute("data-engine", "ready", timeout=ENGINE_TIMEOUT)
    npv = page.locator('[data-value="npv"]')
    expect(npv).to_have_text(re.compile(r"\d"), timeout=ENGINE_TIMEOUT)
    expect(page.locator('[data-role="status"]')).to_have_text(GERMAN["roi.status.ready"])
    defaults = json.loads(root.get_attribute("data-defaults"))

    page.fill("#roi-discount_rate", "12,5")
    line = page.locator('[data-line-path="costs[0]"]')
    line.locator("[data-action='edit-line']").click()  # a line's fields show once it is opened
    page.fill('[data-path="costs[0].amount"]', "1.234,5")
    case = put(put(defaults, "discount_rate", 0.125), "costs[0].amount", 1234.5)
    expected = evaluate_case(case)["npv"]
    # The figure as German writes it: 369.793 $ (grouped with ".").
    grouped = f"{round(abs(expected)):,}".replace(",", ".")
    expect(npv).to_have_text(re.compile(rf"^\D*{re.escape(grouped)}\D*$"), timeout=ENGINE_TIMEOUT)
    assert page.locator('[aria-invalid="true"]').count() == 0
    stored = page.evaluate("JSON.parse(localStorage.getItem('playbook:roi:kpis')).case")
    assert stored["discount_rate"] == pytest.approx(0.125)
    assert stored["costs"][0]["amount"] == pytest.approx(1234.5)
    expect(page.locator('[data-role="summary"]')).to_contain_text("Kapitalwert (risikoadjustiert)")
    line.locator("[data-action='close-line']").click()  # closed, its figure as the page writes it
    expect(line.locator("[data-figure='amount']")).to_have_text("1.234,5")  # grouped, to be read

    # A range the page adds is named by the script from the page's vocabulary: German words.
    cost = defaults["costs"][0]
    page.select_option("#roi-add-uncertainty-choice", f"costs.{cost['id']}.amount")
    page.click("#roi-add-uncertainty-button")
    legend = page.locator(f'#roi-uncertainty-costs-{cost["id"]}-amount [data-role="line-label"]')
    expect(legend).to_have_text(f"{cost['label']}: {GERMAN['roi_field.label.amount']}")


def test_german_portfolio_writes_its_dates_the_german_way(page, german_url, tmp_path):
    """The roll-up's dates read as German writes them (15.01.2026), in the trend table, the
    chart's label and the progress to target; the <time> element keeps the ISO date."""
    from calculators._maturity_io import export_assessment
    from calculators._rubric_files import load_rubrics
    from tests.conftest import ROOT

    from .test_portfolio_journey import at_level
    from .test_portfolio_journey import wait_ready as portfolio_ready

    maturity = load_rubrics(ROOT / "rubrics", docs_dir=ROOT / "docs", language="de").rubrics[
        "maturity"
    ]
    dims = [d["id"] for d in maturity["dimensions"] if not d.get("retired")]
    files = []
    for level, day in ((1, "2026-01-15"), (3, "2026-07-15")):
        data = export_assessment(
            maturity, at_level(maturity, level), about={"team": "Claims", "date": day}
        )
        if level == 3:
            data["targets"] = {dims[0]: 4}
        path = tmp_path / f"claims-{level}.json"
        path.write_text(json.dumps(data))
        files.append(str(path))
    page.goto(german_url + "calculators/portfolio/")
    portfolio_ready(page)
    page.set_input_files('input[data-action="add-files"]', files)
    first = page.locator('table[data-role="trend"] tbody tr').first
    expect(first).to_have_attribute("data-date", "2026-01-15", timeout=ENGINE_TIMEOUT)
    stamp = first.locator("time")
    expect(stamp).to_have_text("15.01.2026")
    expect(stamp).to_have_attribute("datetime", "2026-01-15")
    chart = page.locator('[data-role="trend-chart"]')
    expect(chart).to_have_attribute("aria-label", re.compile(r"15\.01\.2026 L1, 15\.07\.2026 L3"))
    assert "2026-01-15" not in chart.get_attribute("aria-label")
    progress = page.locator(f'table[data-role="progress"] tr[data-dimension="{dims[0]}"]')
    expect(progress).to_contain_text("(15.01.2026)")
    expect(progress.locator("time").first).to_have_attribute("datetime", "2026-01-15")


def test_german_eu_tier_cites_the_regulation_in_german(page, german_url):
    """The engine says the picked tier's citations in the page's words (cite.*): Anhang III,
    Art. 6 Abs. 2; the date's source as the German rubric gives it."""
    page.goto(german_url + "calculators/readiness/")
    wait_ready(page)
    page.check('input[name="eu_tier"][value="high_risk_annex_iii"]')
    result = page.locator('[data-role="eu-tier-result"]')
    art_9 = result.locator('li[data-obligation="art_9_risk_management"]')
    expect(art_9).to_contain_text("Art. 113 Abs. 2", timeout=ENGINE_TIMEOUT)
    expect(result.locator("p").first).to_contain_text("(Art. 6 Abs. 2, Art. 6 Abs. 3, Anhang III)")
    assert "Annex" not in result.inner_text()
