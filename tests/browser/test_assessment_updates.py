"""A changed answer rebuilds only what it changed (assessment.js keeps the other cards and
rows), and what the page then shows is what a fresh load of the same answers shows. The
coverage lists are built when wanted: opened, or printed."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from tests.browser.test_assessment_layout import answer, mixed_answers, open_assessment

pytestmark = pytest.mark.browser
ENGINE_TIMEOUT = 90_000  # ms; a bound on waiting, never a measurement

# The parts compared between the updated page and a fresh load (the plan's dates come later,
# from the worker, and the print header carries the time: both are left out).
SHOWN = """() => {
  const d = document.querySelector('[data-role="details"]');
  const text = (sel) => [...d.querySelectorAll(sel)].map((n) => n.textContent.trim());
  return {
    summary: document.querySelector('[data-role="summary"]').textContent.trim(),
    rows: text('[data-dimension]'),
    why: text('.pb-dimension-detail > summary'),
    radar: d.querySelector('[data-role="radar"]').getAttribute('aria-label'),
    frameworks: text('.pb-coverage__framework > summary'),
    // A phase's title and weeks, without its dates (the span the worker's reply fills).
    phases: [...d.querySelectorAll('.pb-plan-phase h3')].map((n) => n.firstChild.textContent.trim()),
  };
}"""


def wait_all_scored(page, count: int) -> None:
    """Until the page shows the result of all ``count`` answers (results come in order: an
    earlier answer's result is never shown after a later one's)."""
    page.wait_for_function(
        """(count) => {
          const header = document.querySelector('[data-role="details"] [data-role="print-header"]');
          return Boolean(header) && header.textContent.includes(`${count} of ${count} questions answered`);
        }""",
        arg=count,
        timeout=ENGINE_TIMEOUT,
    )


def test_a_changed_answer_keeps_what_it_did_not_change(page, site_url, maturity):
    open_assessment(page, site_url)
    answers = mixed_answers(maturity)
    answer(page, answers)
    wait_all_scored(page, len(answers))
    # Mark every row and card now on the page.
    page.evaluate(
        """() => { for (const n of document.querySelectorAll(
             '[data-role="details"] [data-dimension], [data-role="details"] > *')) n.__kept = true; }"""
    )
    before = page.evaluate(SHOWN)
    # Lift business ownership (answered at level 1) to its top on one question.
    question = next(
        q
        for q in maturity["questions"]
        if q["dimension"] == "business_ownership" and not q.get("retired")
    )
    top = max(question["options"], key=lambda o: o["level"])["value"]
    assert answers[question["id"]] != top
    page.check(f'input[name="{question["id"]}"][value="{top}"]')
    page.wait_for_function(
        """(before) => JSON.stringify([...document.querySelectorAll('[data-role="details"] [data-dimension]')]
             .map((n) => n.textContent.trim())) !== before""",
        arg=json.dumps(before["rows"]),
        timeout=ENGINE_TIMEOUT,
    )
    kept = page.evaluate(
        """() => [...document.querySelectorAll('[data-role="details"] [data-dimension]')]
             .map((n) => [n.dataset.dimension, n.textContent.trim(), Boolean(n.__kept)])"""
    )
    rows_before = dict(zip([k[0] for k in kept], before["rows"], strict=True))
    for dim, text, was_kept in kept:
        # A row that shows the same words is the same row; a changed one is new.
        assert was_kept == (text == rows_before[dim]), (dim, text, rows_before[dim])
    assert sum(1 for k in kept if k[2]) >= len(kept) - 2, kept
    assert page.evaluate("() => Boolean(document.querySelector('[data-role=\"plan\"]').__kept)")
    after = page.evaluate(SHOWN)
    assert after != before
    # The same answers, loaded afresh (they are kept in the browser), show the same.
    page.reload()
    open_assessment(page, site_url)
    wait_all_scored(page, len(answers))
    assert page.evaluate(SHOWN) == after


def test_coverage_lists_are_built_when_opened_or_printed(page, site_url, maturity):
    open_assessment(page, site_url)
    answer(page, mixed_answers(maturity))
    frameworks = page.locator(".pb-coverage__framework")
    expect(frameworks.first).to_be_attached(timeout=ENGINE_TIMEOUT)
    count = frameworks.count()
    assert count >= 3
    first = frameworks.first
    first.locator("summary").click()
    expect(first.locator("li").first).to_be_visible(timeout=ENGINE_TIMEOUT)
    # Printing shows every framework's lists, opened or not.
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    for n in range(count):
        assert frameworks.nth(n).locator("li").count() > 0, n
