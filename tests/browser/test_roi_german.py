"""The ROI page of the German fork speaks German everywhere (issue 17): its inputs write decimal
commas as their help does, every bad field is named next to it by the label the form shows, the
result's periods, driver names and notes are German, the A/B panel reads and writes German
numbers, and an export, an import and an undo keep the values exactly. It once named fields by
their English labels ("Benefit line 1 (...), Volume"), wrote "Initial" and "Year 1", showed
"0.3" under a help that says "0,3", and read the A/B panel's "0,9" as no number."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.build.test_language import GERMAN

from .conftest import export_json
from .test_fork_journey import ENGINE_TIMEOUT
from .test_fork_language_journey import german, german_fork  # noqa: F401 (the fixture)
from .test_roi_journey import open_line

pytestmark = pytest.mark.browser
UPLIFT = "#roi-benefits-upsell-conversion_uplift"
VOLUME = "#roi-benefits-upsell-volume"
RATE = "#roi-discount_rate"
# Words of the English page that a German reader must not meet in the results.
ENGLISH_WORDS = re.compile(r"\b(Initial|Year \d|Amount|Volume|Target adoption|interval for)\b")


def open_roi(page, url: str):
    page.goto(url + "calculators/roi/")
    root = page.locator("[data-calculator=roi]")
    expect(root).to_have_attribute("data-engine", "ready", timeout=ENGINE_TIMEOUT)
    expect(page.locator('[data-value="npv"]')).to_have_text(
        re.compile(r"\d"), timeout=ENGINE_TIMEOUT
    )
    # The last table of a result comes in a task of its own.
    expect(page.locator('[data-role="sensitivity"] tbody tr').first).to_be_attached(
        timeout=ENGINE_TIMEOUT
    )
    return json.loads(root.get_attribute("data-defaults"))


def test_the_german_inputs_write_decimal_commas(page, german_fork):  # noqa: F811
    """Every number input, the A/B panel's too, shows the separator its help text uses."""
    url, _, _ = german_fork
    page.goto(url + "calculators/roi/")  # as built, before the engine
    expect(page.locator("#roi-adoption-by_year")).to_have_value("1,5")
    expect(page.locator("#roi-ab-confidence")).to_have_value("0,95")
    expect(page.locator("#roi-ab-treatment-mean")).to_have_value("10,5")
    kind = page.locator('[data-list="uncertainty"] [data-role="line-kind"]').first
    expect(kind).to_have_text(f"({GERMAN['roi_field.item.uncertainty']})")
    # A benefit line's fields are rendered when it is opened (the page's script fills them): the
    # Edit button works once the script has bound, which under load came after the click.
    expect(page.locator("[data-calculator=roi]")).to_have_attribute(
        "data-engine", "ready", timeout=ENGINE_TIMEOUT
    )
    open_line(page, "roi-benefits-upsell")
    expect(page.locator(UPLIFT)).to_have_value("0,3")
    assert "0,3" in page.locator(f"{UPLIFT}-help").text_content()
    numbers = page.eval_on_selector_all(
        'input[data-type="number"]', "els => els.map((e) => e.id + ' ' + e.value)"
    )
    assert [n for n in numbers if "." in n.split(" ")[1]] == []


def test_the_german_results_say_periods_drivers_and_notes_in_german(page, german_fork):  # noqa: F811
    url, _, _ = german_fork
    open_roi(page, url)
    years = page.locator('[data-role="years"] tbody th')
    expect(years).to_have_text([GERMAN["roi.period.initial"], "Jahr 1", "Jahr 2", "Jahr 3"])
    drivers = page.locator('[data-role="sensitivity"] tbody th')
    expect(drivers.first).to_have_text(GERMAN["roi_field.label.adoption_target"])
    for part in ("years", "scenarios", "sensitivity", "notes", "ab-result"):
        text = page.locator(f'[data-role="{part}"]').text_content()
        assert not ENGLISH_WORDS.search(text), (part, text)
    scenarios = page.locator('[data-role="scenarios"]').text_content().replace("\xa0", " ")
    assert f"{GERMAN['roi_field.label.adoption_target']}: 50 %" in scenarios
    gates = page.locator(".playbook-stage-gates")
    expect(gates.locator("caption")).to_have_text(GERMAN["stage_gates.table.caption"])
    expect(gates.locator("thead th").first).to_have_text(GERMAN["stage_gates.table.level"])
    chart = page.locator('[data-role="chart-years"]').get_attribute("aria-label")
    assert "Anfang: netto" in chart
    assert "Jahr 1: netto" in chart
    # A note in German, with the decimal comma: a share typed as a fraction (0,8 for 80 %).
    page.fill("#roi-adoption-target", "0,8")
    notes = page.locator('[data-role="notes"]')
    expect(notes).to_contain_text(
        f"{GERMAN['roi_field.label.adoption_target']} beträgt 0,8 %", timeout=ENGINE_TIMEOUT
    )
    assert not ENGLISH_WORDS.search(notes.text_content()), notes.text_content()

    # The A/B panel: "0,9" is 90 %, and its note is German.
    page.fill("#roi-ab-confidence", "0,9")
    result = page.locator('[data-role="ab-result"]')
    expect(result).to_contain_text("90 %-Intervall", timeout=ENGINE_TIMEOUT)
    expect(result).to_contain_text("90 %-Intervall für die Differenz der Raten")
    expect(page.locator("#roi-ab-confidence-error")).to_be_hidden()


def test_every_bad_field_is_named_in_german_next_to_it(page, german_fork):  # noqa: F811
    """A negative volume in a benefit line and a discount rate of -200 %: both at once, each
    next to its field by the label the form shows there."""
    url, _, _ = german_fork
    defaults = open_roi(page, url)
    upsell = next(b for b in defaults["benefits"] if b["id"] == "upsell")
    open_line(page, "roi-benefits-upsell")
    page.fill(VOLUME, "-5")
    page.fill(RATE, "-200")
    volume_label = page.locator(f'label[for="{VOLUME[1:]}"]').text_content().split(" (")[0]
    rate_label = page.locator(f'label[for="{RATE[1:]}"]').text_content().split(" (")[0]
    line = f"{GERMAN['roi_field.item.benefits']} 1 ({upsell['label']})"
    expect(page.locator(f"{VOLUME}-error")).to_have_text(
        f"{line}, {volume_label} muss mindestens 0 sein (erhalten: -5)", timeout=ENGINE_TIMEOUT
    )
    expect(page.locator(f"{RATE}-error")).to_have_text(
        f"{rate_label} muss größer als -100 % sein (erhalten: -200 %)"
    )
    summary = page.locator('[data-role="summary"]')
    expect(summary).to_contain_text(f"{rate_label}; {line}, {volume_label}")
    assert not re.search(r"\bVolume\b", summary.text_content())


def test_a_german_case_round_trips_through_export_import_and_undo(
    page,
    german_fork,  # noqa: F811
    tmp_path: Path,
):
    """Typed "0,35" % is kept as the number it is: exported, imported after a reset, and
    undone, the input shows "0,35" again and the case holds the same number."""
    url, _, _ = german_fork
    open_roi(page, url)
    open_line(page, "roi-benefits-upsell")
    page.fill(UPLIFT, "0,35")
    npv = page.locator('[data-value="npv"]')
    expect(page.locator(f"{UPLIFT}-error")).to_be_hidden()
    page.wait_for_function(
        "() => typeof JSON.parse(localStorage.getItem('playbook:roi:kpis')).case.benefits[0]"
        ".conversion_uplift === 'number'",
        timeout=ENGINE_TIMEOUT,
    )
    typed_npv = npv.text_content()
    exported = export_json(page, tmp_path / "case.json")
    uplift = exported["case"]["benefits"][0]["conversion_uplift"]
    assert uplift == pytest.approx(0.0035)

    page.once("dialog", lambda dialog: dialog.accept())
    page.click('button[data-action="reset"]')
    expect(page.locator(UPLIFT)).to_have_value("0,3")
    page.set_input_files('input[data-action="import"]', str(tmp_path / "case.json"))
    expect(page.locator(UPLIFT)).to_have_value("0,35", timeout=ENGINE_TIMEOUT)
    expect(npv).to_have_text(typed_npv, timeout=ENGINE_TIMEOUT)
    stored = page.evaluate("JSON.parse(localStorage.getItem('playbook:roi:kpis')).case")
    assert stored["benefits"][0]["conversion_uplift"] == uplift

    page.locator('[data-role="notice"]').get_by_role(
        "button", name=GERMAN["common.button.undo"]
    ).click()
    expect(page.locator(UPLIFT)).to_have_value("0,3")
    expect(page.locator("#roi-adoption-by_year")).to_have_value("1,5")
    assert german("roi.notice.loaded", source="x")  # the notice's words are German


def test_german_typed_odds_take_a_decimal_comma(page, german_fork):  # noqa: F811
    """A chance typed as a German reader writes it ("12,5" %) is used; a bad one is refused
    by the gate's German name."""
    url, _, _ = german_fork
    open_roi(page, url)
    page.locator('[data-action="type-gates"]').click()
    page.fill("#roi-gate-reach_production", "150")
    page.locator('[data-action="use-typed-gates"]').click()
    error = page.locator('[data-role="gates-error"]')
    gate = GERMAN["stage_gates.gate.reach_production"]
    expect(error).to_contain_text(
        f"Gate „{gate}“: Die Wahrscheinlichkeit muss zwischen 0 % und 100 % liegen"
        " (erhalten: 150 %)",
        timeout=ENGINE_TIMEOUT,
    )
    page.fill("#roi-gate-reach_production", "12,5")
    page.locator('[data-action="use-typed-gates"]').click()
    expect(page.locator('[data-role="gates-output"]')).to_be_visible(timeout=ENGINE_TIMEOUT)
    expect(error).to_be_hidden()
    expect(page.locator('[data-role="gates-table"] tbody th')).to_have_text([gate])
    page.wait_for_function(
        "() => JSON.parse(localStorage.getItem('playbook:roi:kpis')).case.stage_gates.gates[0]"
        ".probability === 0.125",
        timeout=ENGINE_TIMEOUT,
    )
    page.reload()
    page.locator('[data-action="type-gates"]').click()
    expect(page.locator("#roi-gate-reach_production")).to_have_value("12,5", timeout=ENGINE_TIMEOUT)
