"""The assessment on a phone and on paper: no sideways scroll, tables in their own box, print
with every explanation, the answers, the date and the rubric version; the overall rule and its
lift on the page; the small things (progress at 0, plan wording, skip link)."""

from __future__ import annotations

import re
import struct
import zlib

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import guarded_context, watched_page
from tests.browser.test_accessibility import page_urls

pytestmark = pytest.mark.browser
ENGINE_TIMEOUT = 90_000  # ms; a bound on waiting, never a measurement
PHONE = {"width": 390, "height": 844}


def mixed_answers(maturity) -> dict:
    """A mixed organization: strong platform, weak ownership, some don't-knows, one approved policy."""
    plan = {
        "business_ownership": 1,
        "workflow_adoption": 3,
        "data_integration": 4,
        "mlops": 5,
        "governance_risk": 3,
        "change_people": 2,
        "value_measurement": 3,
    }
    special = {"ai_policy": "approved_policy", "adoption_owner": "dont_know"}
    answers = {}
    for q in maturity["questions"]:
        if q.get("retired"):
            continue
        value = special.get(q["id"])
        if value is None:
            want = plan[q["dimension"]]
            value = min(q["options"], key=lambda o: (abs(o["level"] - want), -o["level"]))["value"]
        answers[q["id"]] = value
    return answers


def answer(page, answers: dict, skip: tuple = ()) -> None:
    for qid, value in answers.items():
        if qid not in skip:
            page.check(f'input[name="{qid}"][value="{value}"]')


@pytest.fixture
def phone(browser):
    with (
        guarded_context(browser, service_workers="block", viewport=PHONE) as ctx,
        watched_page(ctx) as page,
    ):
        yield page


def open_assessment(page, site_url):
    page.goto(site_url + "calculators/assessment/")
    expect(page.locator("[data-calculator=assessment]")).to_have_attribute(
        "data-engine", "ready", timeout=ENGINE_TIMEOUT
    )


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_no_page_scrolls_sideways_on_a_phone(phone, site_url, built_site):
    """Every page is at most 390 px wide at 390 px (the assessment was 1,858 px)."""
    wide = []
    for path in page_urls(built_site):
        if path.startswith(("assets/", "search/")) or path == "404.html":
            continue
        phone.goto(site_url + path)
        phone.wait_for_load_state("load")
        if page_width(phone) > PHONE["width"]:
            wide.append(f"{path or '/'}: {page_width(phone)} px")
    assert wide == []


def test_assessment_result_fits_a_phone_and_its_tables_scroll_in_a_box(phone, site_url, maturity):
    """With every result shown the page stays 390 px; the table scrolls inside its own box with
    its first column kept in view."""
    open_assessment(phone, site_url)
    answer(phone, mixed_answers(maturity))
    expect(phone.locator('[data-role="overall"]')).to_be_visible()
    assert page_width(phone) <= PHONE["width"]
    box = phone.locator(".pb-scroll").first
    assert box.evaluate("b => getComputedStyle(b).overflowX") == "auto"
    first = box.locator("tbody th").first
    assert first.evaluate("c => getComputedStyle(c).position") == "sticky"
    box.evaluate("b => { b.scrollLeft = b.scrollWidth; }")
    assert first.bounding_box()["x"] >= box.bounding_box()["x"] - 1  # still in view


def test_overall_states_the_rule_its_arithmetic_and_lift(page, site_url, maturity):
    """The page says the rubric's rule; the result gives this result's numbers and what lifts it."""
    open_assessment(page, site_url)
    rule = maturity["scoring"]["overall"]["text"]
    expect(page.locator('[data-role="rule-text"]')).to_contain_text(rule)
    answer(page, mixed_answers(maturity))
    overall = page.locator('[data-role="overall"]')
    expect(overall.locator('[data-role="rule"]')).to_contain_text(rule)
    expect(overall.locator('[data-role="why"]')).to_contain_text(re.compile(r"\d+/7 = \d\.\d\d"))
    expect(overall.locator('[data-role="overall-lift"] li').first).to_contain_text("Raise ")
    expect(overall).not_to_contain_text("Balanced rule over")


def test_plan_reads_as_a_plan(page, site_url, maturity):
    """No 'weeks 12-12', no '.;' and no action to approve a policy that is approved."""
    open_assessment(page, site_url)
    answer(page, mixed_answers(maturity))
    plan = page.locator('[data-phase="scale"]')
    expect(plan).to_be_visible()
    text = page.locator('[data-role="details"]').inner_text()
    assert not re.search(r"weeks (\d+)-\1\b", text)
    assert ".;" not in text
    assert "approved at board level" not in text
    expect(page.locator('[data-role="exit-criteria"] li').first).to_be_visible()


def test_print_shows_every_explanation_the_answers_date_and_version(page, site_url, maturity):
    """On paper: each details expanded, the date and rubric version, each answer or 'Not answered'."""
    open_assessment(page, site_url)
    answers = mixed_answers(maturity)
    skipped = next(iter(answers))
    answer(page, answers, skip=(skipped,))
    expect(page.locator('[data-role="summary"]')).to_contain_text("provisional")
    page.emulate_media(media="print")
    for detail in page.locator("details.pb-dimension-detail").all():
        summary = detail.locator("summary").bounding_box()["height"]
        assert detail.bounding_box()["height"] > summary * 2, "a closed explanation is not printed"
    header = page.locator('[data-role="print-header"]')
    expect(header).to_be_visible()
    expect(header).to_contain_text(re.compile(r"\d{4}-\d{2}-\d{2}"))
    expect(header).to_contain_text(f"{maturity['id']} {maturity['version']}")
    expect(page.locator(".pb-form")).to_be_visible()
    policy = page.locator('[data-question="ai_policy"]')
    expect(policy.locator(".pb-option:has(input:checked)")).to_be_visible()
    unchecked = policy.locator(".pb-option:not(:has(input:checked))").first
    expect(unchecked).to_be_hidden()
    empty = page.locator(f'[data-question="{skipped}"] .pb-options')
    after = empty.evaluate("o => getComputedStyle(o, '::after').content")
    assert "Not answered" in after


def test_faq_prints_its_answers(page, site_url):
    """The FAQ's collapsed answers are printed."""
    page.goto(site_url + "playbook/faq/")
    page.emulate_media(media="print")
    details = page.locator("details").all()
    assert details
    for detail in details:
        summary = detail.locator("summary").bounding_box()["height"]
        assert detail.bounding_box()["height"] > summary * 1.8


def _pixels(png: bytes) -> tuple[int, int, list[list[tuple]]]:
    """Decode a non-interlaced 8-bit RGB(A) PNG (what Chromium's screenshots are)."""
    width, height, _, colour = struct.unpack(">IIBB", png[16:26])
    channels = {2: 3, 6: 4}[colour]
    data, at = b"", 8
    while at < len(png):
        size, kind = struct.unpack(">I4s", png[at : at + 8])
        if kind == b"IDAT":
            data += png[at + 8 : at + 8 + size]
        at += 12 + size
    raw = zlib.decompress(data)
    stride = width * channels
    rows, prev = [], bytearray(stride)
    for y in range(height):
        f, line = (
            raw[y * (stride + 1)],
            bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)]),
        )
        for i in range(stride):
            a = line[i - channels] if i >= channels else 0
            b, c = prev[i], prev[i - channels] if i >= channels else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append([tuple(line[x * channels : x * channels + 3]) for x in range(width)])
        prev = line
    return width, height, rows


def test_progress_bar_at_zero_looks_empty(page, site_url, maturity):
    """At 0 of 33 the bar's right end looks like its left end, and unlike a full bar's."""
    open_assessment(page, site_url)
    bar = page.locator('[data-role="progress-bar"]')
    w, h, empty = _pixels(bar.screenshot())
    left, right = empty[h // 2][2], empty[h // 2][w - 3]
    assert left == right, f"an empty bar is not one colour ({left} vs {right})"
    answer(page, mixed_answers(maturity))
    expect(page.locator('[data-role="progress-text"]')).to_contain_text("33 of 33")
    w, h, full = _pixels(bar.screenshot())
    assert full[h // 2][w - 3] != right, "a full bar looks like an empty one"


def test_skip_link_reaches_the_first_question(page, site_url, maturity):
    """A keyboard reader reaches the skip link in the content and lands on the first question."""
    open_assessment(page, site_url)
    skip = page.locator(".pb-skip")
    skip.focus()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    first = maturity["questions"][0]["id"]
    assert page.evaluate("document.activeElement.name") == first
    stops = 0
    # Where Material's own "Skip to content" link leaves the reader: the page's heading.
    page.evaluate("document.querySelector('.md-content h1').setAttribute('tabindex', '-1')")
    page.locator(".md-content h1").focus()
    while stops < 10:
        page.keyboard.press("Tab")
        stops += 1
        if page.evaluate("document.activeElement.classList.contains('pb-skip')"):
            break
    assert stops < 10, "the skip link is not among the first Tab stops of the content"


# The smallest radio or check box of the calculators' answer lists, in CSS pixels.
SMALLEST_TARGET = """() => {
  const boxes = [...document.querySelectorAll('.pb-option input:is([type="radio"], [type="checkbox"])')]
    .map((input) => input.getBoundingClientRect());
  return {count: boxes.length, width: Math.min(...boxes.map((b) => b.width)), height: Math.min(...boxes.map((b) => b.height))};
}"""


@pytest.mark.parametrize("calculator", ["assessment", "readiness"])
def test_answers_are_targets_a_finger_can_hit(phone, site_url, built_site, calculator):
    """Each answer's radio is at least 24 by 24 CSS px on a phone (WCAG 2.2, 2.5.8); the
    browser's own were 13 px, one under the other."""
    phone.goto(site_url + f"calculators/{calculator}/")
    smallest = phone.evaluate(SMALLEST_TARGET)
    assert smallest["count"] > 0
    assert smallest["width"] >= 24, smallest
    assert smallest["height"] >= 24, smallest
