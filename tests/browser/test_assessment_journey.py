"""A reader answers the assessment in the browser and reads the result computed by Pyodide."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
ENGINE_TIMEOUT = 90_000  # ms: a cold Pyodide start is a few seconds here; generous for slow CI


def answer_all(page, rubric, pick):
    for q in rubric["questions"]:
        if not q.get("retired"):
            page.check(f'input[name="{q["id"]}"][value="{pick(q["options"])["value"]}"]')


@pytest.fixture(scope="module")
def maturity(built_site):
    bundle = next(built_site.glob("assets/engine/rubrics-*.json"))
    return json.loads(bundle.read_text())["maturity"]


def test_form_is_usable_before_the_engine_and_answers_give_a_level(page, site_url, maturity):
    """The form works at first paint; once the engine is ready the result appears in aria-live."""
    page.goto(site_url + "calculators/assessment/")
    first = maturity["questions"][0]
    page.check(
        f'input[name="{first["id"]}"][value="{first["options"][0]["value"]}"]'
    )  # before the engine
    root = page.locator("[data-calculator=assessment]")
    expect(root).to_have_attribute("data-engine", "ready", timeout=ENGINE_TIMEOUT)
    summary = page.locator('[data-role="summary"]')
    expect(summary).to_have_attribute("aria-live", "polite")
    expect(summary).to_contain_text("provisional")
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
