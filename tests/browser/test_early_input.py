"""What a reader does before a calculator's own script has loaded is not lost (calculators.js):
a click on one of its buttons is given again once the script has bound, and a value typed or an
answer chosen meanwhile wins over the one saved in this browser, which the binding writes into
the form. Before, such a click did nothing at all, and an early answer was silently replaced by
the saved one. A script that never arrives is said in words on the status line."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect

from .conftest import export_json
from .test_fork_journey import ENGINE_TIMEOUT

pytestmark = pytest.mark.browser
USERS = "#roi-users"
LINE = "roi-benefits-handle_time"
ROI_KEY = "Object.keys(localStorage).find((k) => k.startsWith('playbook:roi:'))"


def hold_script(page, name: str) -> list:
    """Hold the calculator module ``name`` (e.g. "roi") on its way: the requests held, to be
    let go with ``route.fallback()`` (the context's loopback guard then serves them)."""
    held: list = []
    page.route(
        re.compile(rf".*/javascripts/{re.escape(name)}\.js$"), lambda route: held.append(route)
    )
    return held


def wait_held(page, held: list) -> None:
    for _ in range(300):  # the calculator asks for its module once the page is parsed
        if held:
            return
        page.wait_for_timeout(100)
    raise AssertionError("the calculator's module was never requested")


def saved_roi(page) -> dict:
    return page.evaluate(f"JSON.parse(localStorage.getItem({ROI_KEY}))")


def wait_roi_ready(page) -> None:
    root = page.locator("[data-calculator=roi]")
    expect(root).to_have_attribute("data-engine", "ready", timeout=ENGINE_TIMEOUT)
    expect(page.locator('[data-value="npv"]')).to_have_text(
        re.compile(r"\d"), timeout=ENGINE_TIMEOUT
    )


def test_a_click_on_edit_before_the_script_binds_opens_the_line(page, site_url):
    held = hold_script(page, "roi")
    page.goto(site_url + "calculators/roi/", wait_until="domcontentloaded")
    wait_held(page, held)
    root = page.locator("[data-calculator=roi]")
    expect(root).to_have_attribute("data-script", "loading")
    button = page.locator(f"#{LINE} [data-action='edit-line']")
    button.click()
    page.wait_for_timeout(300)
    expect(button).to_have_attribute("aria-expanded", "false")  # nothing can open it yet
    for route in held:
        route.fallback()
    expect(root).to_have_attribute("data-script", "bound")
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(page.locator(f"#{LINE}-editor")).to_be_visible()
    wait_roi_ready(page)
    expect(button).to_have_attribute("aria-expanded", "true")  # and the first result keeps it


def test_an_early_value_and_click_win_over_the_saved_case(page, site_url):
    """With a case saved in this browser, the binding writes it into the form and draws its
    lines afresh: the value typed before is put back on top, and the line clicked is found again
    and opened."""
    page.goto(site_url + "calculators/roi/")
    wait_roi_ready(page)
    page.fill(USERS, "180")
    for _ in range(100):
        if saved_roi(page)["case"]["users"] == 180:
            break
        page.wait_for_timeout(100)
    assert saved_roi(page)["case"]["users"] == 180

    held = hold_script(page, "roi")
    # A new visit (a reload, or the same address again, would put the form's last values back
    # itself).
    page.goto("about:blank")
    page.goto(site_url + "calculators/roi/", wait_until="domcontentloaded")
    wait_held(page, held)
    assert page.input_value(USERS) != "180"  # the build's default, before the binding
    page.fill(USERS, "300")
    page.locator(f"#{LINE} [data-action='edit-line']").click()
    for route in held:
        route.fallback()
    root = page.locator("[data-calculator=roi]")
    expect(root).to_have_attribute("data-script", "bound")
    expect(page.locator(USERS)).to_have_value("300")
    button = page.locator(f"#{LINE} [data-action='edit-line']")
    expect(button).to_have_attribute("aria-expanded", "true")
    wait_roi_ready(page)
    expect(page.locator(USERS)).to_have_value("300")
    assert saved_roi(page)["case"]["users"] == 300


def test_an_early_answer_wins_over_the_saved_one(page, site_url, maturity):
    question = maturity["questions"][0]
    first, second = (o["value"] for o in question["options"][:2])
    radio = lambda value: page.locator(f'input[name="{question["id"]}"][value="{value}"]')  # noqa: E731
    page.goto(site_url + "calculators/assessment/")
    root = page.locator("[data-calculator=assessment]")
    expect(root).to_have_attribute("data-script", "bound")
    radio(first).check()
    key = f"playbook:assessment:{maturity['id']}"

    def saved_answer():
        stored = page.evaluate(f"localStorage.getItem({json.dumps(key)})")
        return json.loads(stored)["answers"].get(question["id"]) if stored else None

    assert saved_answer() == first

    held = hold_script(page, "assessment")
    page.goto("about:blank")
    page.goto(site_url + "calculators/assessment/", wait_until="domcontentloaded")
    wait_held(page, held)
    assert not radio(first).is_checked()  # the build's form, before the binding
    radio(second).check()
    for route in held:
        route.fallback()
    expect(root).to_have_attribute("data-script", "bound")
    expect(radio(second)).to_be_checked()
    expect(root).to_have_attribute("data-engine", "ready", timeout=ENGINE_TIMEOUT)
    expect(radio(second)).to_be_checked()
    assert saved_answer() == second


def test_a_script_that_does_not_load_is_said_in_words(page, site_url):
    page.route(re.compile(r".*/javascripts/roi\.js$"), lambda route: route.abort())
    page.goto(site_url + "calculators/roi/")
    root = page.locator("[data-calculator=roi]")
    expect(root).to_have_attribute("data-script", "failed")
    status = page.locator('[data-role="status"]')
    expect(status).to_contain_text("script did not start")
    expect(status).to_contain_text("reload the page")
    expect(status).to_have_attribute("data-kind", "error")


def test_a_file_imported_before_the_script_binds_is_read(page, site_url, maturity, tmp_path):
    """The file chooser keeps the file chosen while the script was on its way: its answers are
    loaded once the script has bound (and the engine is ready)."""
    question = maturity["questions"][2]
    last = question["options"][-1]["value"]
    page.goto(site_url + "calculators/assessment/")
    root = page.locator("[data-calculator=assessment]")
    expect(root).to_have_attribute("data-engine", "ready", timeout=ENGINE_TIMEOUT)
    page.check(f'input[name="{question["id"]}"][value="{last}"]')
    exported = tmp_path / "export.json"
    assert export_json(page, exported)["answers"][question["id"]] == last
    page.evaluate("localStorage.clear()")

    held = hold_script(page, "assessment")
    page.goto("about:blank")
    page.goto(site_url + "calculators/assessment/", wait_until="domcontentloaded")
    wait_held(page, held)
    radio = page.locator(f'input[name="{question["id"]}"][value="{last}"]')
    expect(radio).not_to_be_checked()
    page.set_input_files('input[data-action="import"]', str(exported))
    for route in held:
        route.fallback()
    expect(root).to_have_attribute("data-script", "bound")
    expect(radio).to_be_checked(timeout=ENGINE_TIMEOUT)
    expect(page.locator('[data-role="notice"]')).to_contain_text("Loaded 1 answer")


def test_a_replayed_edit_leaves_the_keyboard_where_the_reader_went(page, site_url):
    """Edit clicked early, then the reader went on to type in another field: the line opens
    when the script binds, but the keyboard stays in the field being typed in (a replayed Edit
    moves it into the line only if the reader is still on that button)."""
    held = hold_script(page, "roi")
    page.goto(site_url + "calculators/roi/", wait_until="domcontentloaded")
    wait_held(page, held)
    button = page.locator(f"#{LINE} [data-action='edit-line']")
    button.click()
    page.click(USERS)
    page.keyboard.press("Control+A")
    page.keyboard.type("3")
    for route in held:
        route.fallback()
    expect(page.locator("[data-calculator=roi]")).to_have_attribute("data-script", "bound")
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(page.locator(USERS)).to_be_focused()
    page.keyboard.type("20")
    expect(page.locator(USERS)).to_have_value("320")
