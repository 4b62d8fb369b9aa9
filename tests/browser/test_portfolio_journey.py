"""A transformation office rolls up many teams' exports on the portfolio page (issue 13)."""

from __future__ import annotations

import copy
import json
import re

import pytest
from playwright.sync_api import expect

from calculators._maturity_io import export_assessment
from tests.browser.test_accessibility import axe_context  # noqa: F401 - a fixture

pytestmark = pytest.mark.browser
ENGINE_TIMEOUT = 90_000  # ms
PAGE = "calculators/portfolio/"


def at_level(rubric: dict, level: int) -> dict:
    return {
        q["id"]: min(q["options"], key=lambda o: (abs(o["level"] - level), o["level"]))["value"]
        for q in rubric["questions"]
        if not q.get("retired")
    }


def write_exports(maturity: dict, folder) -> list[str]:
    folder.mkdir()
    made = {
        "claims-ana.json": export_assessment(
            maturity, at_level(maturity, 1), about={"team": "Claims", "respondent": "Ana"}
        ),
        "claims-2.json": export_assessment(
            maturity, at_level(maturity, 4), about={"team": "Claims"}
        ),
        "payments.json": export_assessment(
            maturity, at_level(maturity, 3), about={"team": "Payments"}
        ),
    }
    tampered = copy.deepcopy(made["payments.json"])
    tampered["result"]["overall"]["level"] = 5  # someone edited the level by hand
    made["payments-edited.json"] = tampered
    for name, data in made.items():
        (folder / name).write_text(json.dumps(data))
    (folder / "notes.json").write_text("{ not json")
    return sorted(str(p) for p in folder.iterdir())


def wait_ready(page):
    expect(page.locator("[data-calculator=portfolio]")).to_have_attribute(
        "data-engine", "ready", timeout=ENGINE_TIMEOUT
    )


def test_choose_files_see_the_heatmap_and_a_tampered_file_refused(
    page, site_url, maturity, tmp_path
):
    """Five files chosen: three used (two teams), the tampered and the broken one left out with
    their reasons; the heatmap is a table with the levels as text."""
    files = write_exports(maturity, tmp_path / "exports")
    page.goto(site_url + PAGE)
    wait_ready(page)
    page.set_input_files('input[data-action="add-files"]', files)
    summary = page.locator('[data-role="summary"]')
    expect(summary).to_have_text("3 respondents in 2 teams; 2 left out (see why below).")
    skipped = page.locator('[data-role="skipped"]')
    expect(skipped.locator('[data-file="payments-edited.json"]')).to_contain_text(
        "tampered: it states level 5 for overall, but its answers give 3"
    )
    expect(skipped.locator('[data-file="notes.json"]')).to_contain_text("not valid JSON")
    heatmap = page.locator('table[data-role="heatmap"]')
    expect(heatmap.locator("tbody tr")).to_have_count(2)
    claims = heatmap.locator('tr[data-team="Claims"]')
    expect(claims.locator("th")).to_have_text("Claims")
    first_dim = claims.locator("td.pb-heat").nth(1)  # after Overall
    expect(first_dim).to_contain_text("(L1–L4)")  # the spread, in text
    payments = heatmap.locator('tr[data-team="Payments"] td.pb-heat').nth(1)
    expect(payments).to_have_text("L3")
    expect(payments).to_have_attribute("data-level", "3")  # the shading only repeats it
    stats = page.locator('table[data-role="stats"] tr[data-dimension="overall"] td')
    expect(stats.first).to_have_text("3")  # respondents
    flags = page.locator('[data-role="disagreements"] details[data-team="Claims"]')
    expect(flags).to_have_count(1)
    flags.locator("summary").click()
    first_question = next(q for q in maturity["questions"] if not q.get("retired"))
    expect(flags.locator(f'li[data-question="{first_question["id"]}"]')).to_contain_text("Ana L1")
    expect(page.locator('[data-role="disagreements"] details[data-team="Payments"]')).to_have_count(
        0
    )
    expect(page.locator('[data-role="actions"] li').first).to_contain_text("team")


def test_the_respondents_and_the_files_are_made_when_opened_and_for_print(
    page, site_url, maturity, tmp_path
):
    """Issue 13 (scale budget): for 1,000 files, making every disagreement's respondents and the
    table of the files at once was most of the time the roll-up took to show. They are made when
    their <details> first opens: still there on opening, still open (and filled) after the files
    change, and made for print, which expands every <details>."""
    files = write_exports(maturity, tmp_path / "exports")
    page.goto(site_url + PAGE)
    wait_ready(page)
    page.set_input_files('input[data-action="add-files"]', files)
    expect(page.locator('[data-role="summary"]')).to_contain_text("3 respondents in 2 teams")
    claims = page.locator('[data-role="disagreements"] details[data-team="Claims"]')
    expect(claims.locator("summary")).to_contain_text("two or more levels apart")
    expect(claims.locator("li")).to_have_count(0)  # closed: not made yet
    expect(page.locator('table[data-role="files"]')).to_have_count(0)
    claims.locator("summary").click()
    first_question = next(q for q in maturity["questions"] if not q.get("retired"))
    expect(claims.locator(f'li[data-question="{first_question["id"]}"]')).to_contain_text("Ana L1")
    expect(claims.locator(f'li[data-question="{first_question["id"]}"]')).to_contain_text(
        "claims-2.json L4"
    )
    page.locator('details[data-detail="files"] summary').click()
    expect(page.locator('table[data-role="files"] tbody tr')).to_have_count(3)
    # The files change: the roll-up is made again, and what the reader had open stays open.
    later = export_assessment(maturity, at_level(maturity, 2), about={"team": "Payments"})
    (tmp_path / "later.json").write_text(json.dumps(later))
    page.set_input_files('input[data-action="add-files"]', str(tmp_path / "later.json"))
    expect(page.locator('[data-role="summary"]')).to_contain_text("4 respondents in 2 teams")
    expect(claims).to_have_attribute("open", "")
    expect(claims.locator(f'li[data-question="{first_question["id"]}"]')).to_contain_text("Ana L1")
    expect(page.locator('table[data-role="files"] tbody tr')).to_have_count(4)
    # Print: every closed <details> is expanded on paper, so its content is made first.
    page.reload()
    wait_ready(page)
    page.set_input_files('input[data-action="add-files"]', files)
    expect(claims.locator("summary")).to_be_attached()
    expect(claims.locator("li")).to_have_count(0)
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    expect(claims.locator(f'li[data-question="{first_question["id"]}"]')).to_contain_text("Ana L1")
    expect(claims).not_to_have_attribute("open", "")  # made, not opened
    expect(page.locator('table[data-role="files"] tbody tr')).to_have_count(3)


# Records, for each reply the engine's worker sends, whether it came as JSON text.
RECORD_REPLIES = """
(() => {
  const Native = window.Worker;
  window.__replies = [];
  window.Worker = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (event) => {
        if (event.data && event.data.type === "reply") window.__replies.push(typeof event.data.json);
      });
    }
  };
})();
"""


def test_the_roll_up_reaches_the_page_as_json_text(page, site_url, maturity, tmp_path):
    """Issue 13 (scale budget): the worker parsed Python's reply and the page took it in as a
    cloned object, 70-290 ms of the page's thread for the 3 MB roll-up of 1,000 files; as the
    JSON text Python made, the page parses it in a fraction of that. The roll-up is the same."""
    page.add_init_script(RECORD_REPLIES)
    files = write_exports(maturity, tmp_path / "exports")
    page.goto(site_url + PAGE)
    wait_ready(page)
    page.set_input_files('input[data-action="add-files"]', files)
    expect(page.locator('[data-role="summary"]')).to_have_text(
        "3 respondents in 2 teams; 2 left out (see why below)."
    )
    replies = page.evaluate("window.__replies")
    assert replies, "no reply recorded"
    assert set(replies) == {"string"}, replies


# What the roll-up's render adds to the page, batch by batch: a MutationObserver's callback gets
# every change made since the last one, so a render made in one go arrives as one batch.
RECORD_RENDER_BATCHES = """() => {
  window.__batches = [];
  new MutationObserver((records) => {
    const added = records.flatMap((r) => [...r.addedNodes]).filter((n) => n.nodeType === 1);
    if (added.length) window.__batches.push(added.map((n) => n.getAttribute("aria-labelledby") || n.dataset.detail || n.dataset.role || n.tagName));
  }).observe(document.querySelector('[data-role="details"]'), { childList: true });
}"""


def test_the_roll_up_is_shown_in_steps_not_in_one_long_task(page, site_url, maturity, tmp_path):
    """Issue 16 (speed budget): the whole roll-up was made in the task that took in the reply,
    one long task for 1,000 files; now the summary tables come first and the trend, progress,
    disagreements, actions and files in later steps, each in order and all of them shown."""
    files = write_exports(maturity, tmp_path / "exports")
    page.goto(site_url + PAGE)
    wait_ready(page)
    page.evaluate(RECORD_RENDER_BATCHES)
    page.set_input_files('input[data-action="add-files"]', files)
    expect(page.locator('[data-detail="files"]')).to_be_attached()
    batches = page.evaluate("window.__batches")
    assert len(batches) > 1, batches
    assert "pb-stats-title" in batches[0], batches
    assert "pb-heatmap-title" in batches[0], batches
    assert "files" not in batches[0], batches
    shown = [part for batch in batches for part in batch]
    assert shown.index("pb-stats-title") < shown.index("pb-disagree-title") < shown.index("files")


def test_the_roll_up_cards_are_laid_out_as_they_come_near_the_screen_and_all_printed(
    page, site_url, maturity, tmp_path
):
    """Issue 16 (speed budget): laying out every card of a 1,000-file roll-up at once was the
    longest frame after the reply; on screen the cards skip layout until they come near (their
    content stays in the accessibility tree), and print lays every one out."""
    files = write_exports(maturity, tmp_path / "exports")
    page.goto(site_url + PAGE)
    wait_ready(page)
    page.set_input_files('input[data-action="add-files"]', files)
    expect(page.locator('[data-detail="files"]')).to_be_attached()
    shown = (
        "() => [...document.querySelectorAll('.pb-result .pb-card:not([data-role=trend-section])')]"
        ".map((c) => getComputedStyle(c).contentVisibility)"
    )
    on_screen = page.evaluate(shown)
    assert len(on_screen) >= 4, on_screen
    assert set(on_screen) == {"auto"}, on_screen
    page.emulate_media(media="print")
    assert set(page.evaluate(shown)) == {"visible"}


def test_the_roll_up_exports_as_json_and_csv_and_clears(page, site_url, maturity, tmp_path):
    files = write_exports(maturity, tmp_path / "exports")
    page.goto(site_url + PAGE)
    wait_ready(page)
    page.set_input_files('input[data-action="add-files"]', files[:2])
    expect(page.locator('[data-role="summary"]')).to_contain_text("2 respondents in 1 team")
    with page.expect_download() as download:
        page.click('button[data-action="export-json"]')
    download.value.save_as(tmp_path / "roll-up.json")
    data = json.loads((tmp_path / "roll-up.json").read_text())
    assert data["respondents"] == 2
    assert {"skipped", "overall", "dimensions", "disagreements"} <= set(data)
    with page.expect_download() as download:
        page.click('button[data-action="export-csv"]')
    download.value.save_as(tmp_path / "roll-up.csv")
    assert (tmp_path / "roll-up.csv").read_text().startswith("team,scope,id,title,respondents")
    expect(page.locator('table[data-role="trend"]')).to_have_count(0)  # one date per team
    later = export_assessment(
        maturity, at_level(maturity, 2), about={"team": "Claims", "date": "2099-01-01"}
    )
    (tmp_path / "later.json").write_text(json.dumps(later))
    page.set_input_files('input[data-action="add-files"]', str(tmp_path / "later.json"))
    trend = page.locator('table[data-role="trend"] tbody tr')
    expect(trend).to_have_count(2)
    expect(trend.last).to_have_attribute("data-date", "2099-01-01")
    page.click('button[data-action="clear"]')
    expect(page.locator('[data-role="summary"]')).to_contain_text("No files yet")
    expect(page.locator('table[data-role="heatmap"]')).to_have_count(0)


@pytest.mark.parametrize("axe_context", ["dark"], indirect=True)
def test_the_roll_up_has_no_serious_axe_violation_in_dark_mode(
    axe_context,  # noqa: F811 - the fixture imported above
    site_url,
    maturity,
    tmp_path,
):
    """The heatmap's fixed colours and every result section pass axe in dark mode."""
    from tests.browser.test_accessibility import describe, violations

    files = write_exports(maturity, tmp_path / "exports")
    page = axe_context.new_page()
    page.goto(site_url + PAGE)
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    wait_ready(page)
    page.set_input_files('input[data-action="add-files"]', files)
    expect(page.locator('table[data-role="heatmap"]')).to_be_visible()
    for detail in page.locator("[data-role=details] details").all():
        detail.evaluate("d => { d.open = true; }")
    problems = describe("calculators/portfolio/ (dark, roll-up shown)", violations(page))
    assert not problems, "\n".join(problems)


def test_a_file_with_no_level_yet_is_named_in_the_notes(page, site_url, maturity, tmp_path):
    """Two respondents, one with no answers yet: the page said "2 respondents" above statistics
    of one and never said why; now a note names the file."""
    folder = tmp_path / "exports"
    folder.mkdir()
    (folder / "full.json").write_text(
        json.dumps(export_assessment(maturity, at_level(maturity, 3), about={"team": "Claims"}))
    )
    (folder / "blank.json").write_text(
        json.dumps(export_assessment(maturity, {}, about={"team": "Claims"}))
    )
    page.goto(site_url + PAGE)
    wait_ready(page)
    page.set_input_files('input[data-action="add-files"]', sorted(str(p) for p in folder.iterdir()))
    expect(page.locator('[data-role="summary"]')).to_have_text("2 respondents in 1 team.")
    expect(page.locator('[data-role="notes"]')).to_contain_text("blank.json: no overall level yet")
    stats = page.locator('table[data-role="stats"] tr[data-dimension="overall"] td')
    expect(stats.first).to_have_text("1")  # respondents with a level


def test_with_one_respondent_per_team_no_agreement_is_claimed(page, site_url, maturity, tmp_path):
    """Regression (journey review): with one respondent in each team the page said "No team's
    respondents are two or more levels apart", as if they had been compared and agreed."""
    folder = tmp_path / "exports"
    folder.mkdir()
    for team, level in (("Claims", 2), ("Payments", 4)):
        (folder / f"{team}.json").write_text(
            json.dumps(export_assessment(maturity, at_level(maturity, level), about={"team": team}))
        )
    page.goto(site_url + PAGE)
    wait_ready(page)
    page.set_input_files('input[data-action="add-files"]', sorted(str(p) for p in folder.iterdir()))
    section = page.locator('[data-role="disagreements"]')
    expect(section).to_contain_text("Every team has one respondent", timeout=ENGINE_TIMEOUT)
    expect(section).not_to_contain_text("two or more levels apart")


# --- issue 13, second part: links, folders, the trend chart, progress, pilots -------------------


def readiness_export(rubric_bundle, pilots: list[dict]) -> dict:
    rc = rubric_bundle["root_causes"]
    return {
        "format": "ai-scale-up-playbook/readiness",
        "rubric": {"id": rc["id"], "version": rc["version"]},
        "pilots": pilots,
    }


def all_checks(rubric_bundle, value="yes") -> dict:
    rc = rubric_bundle["root_causes"]
    return {k["id"]: value for c in rc["causes"] for k in c["checks"] if not k.get("retired")}


def test_share_links_from_both_pages_are_rolled_up_when_pasted(page, site_url, maturity, context):
    """The assessment's and the readiness check's own share links, pasted here, are read by
    Python as the pages encode them; a link of another site is left out with the reason."""
    from tests.browser.test_assessment_journey import answer_all

    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(site_url + "calculators/assessment/")
    expect(page.locator("[data-calculator=assessment]")).to_have_attribute(
        "data-engine", "ready", timeout=ENGINE_TIMEOUT
    )
    page.fill('[data-about="team"]', "Linked team")
    answer_all(page, maturity, lambda options: options[-1])
    page.click('button[data-action="share"]')
    assessment_link = page.locator('[data-role="share-link"]').input_value()
    page.goto(site_url + "calculators/readiness/")
    expect(page.locator("[data-calculator=readiness]")).to_have_attribute(
        "data-engine", "ready", timeout=ENGINE_TIMEOUT
    )
    page.fill("#pb-pilot-name", "Claims bot")
    page.check('input[name="named_pl_sponsor"][value="no"]')
    page.click('button[data-action="share"]')
    pilot_link = page.locator('[data-role="share-link"]').input_value()

    page.goto(site_url + PAGE)
    wait_ready(page)
    page.locator('[data-role="links"] summary').click()
    field = page.get_by_label("Share links from the assessment or the readiness check, one a line")
    field.fill(f"{assessment_link}\n{pilot_link}\nhttps://example.org/page#top")
    page.click('button[data-action="add-links"]')
    expect(page.locator('[data-role="summary"]')).to_have_text(
        "1 respondent in 1 team; 1 pilot; 1 left out (see why below)."
    )
    expect(page.locator('table[data-role="heatmap"] tr[data-team="Linked team"]')).to_contain_text(
        "L5"
    )
    row = page.locator('table[data-role="pilot-table"] tbody tr')
    expect(row).to_have_attribute("data-verdict", "stop")
    expect(row.locator("th")).to_have_text("Claims bot")
    expect(page.locator('[data-role="skipped"] [data-file="share link 3"]')).to_contain_text(
        "not a share link of this site"
    )


def test_a_dropped_folder_is_read_whole_and_its_other_files_listed(
    page, site_url, maturity, tmp_path
):
    """A folder dropped on the page (DataTransferItem.webkitGetAsEntry, its entries read in
    batches, a subfolder too) and a folder chosen (webkitdirectory): the .json files are used,
    the others named among the files left out, with the reason."""
    page.goto(site_url + PAGE)
    wait_ready(page)
    one = export_assessment(maturity, at_level(maturity, 2), about={"team": "Claims"})
    two = export_assessment(maturity, at_level(maturity, 3), about={"team": "Payments"})
    page.evaluate(
        """([one, two]) => {
          const fileEntry = (path, text) => ({
            isFile: true, isDirectory: false, name: path.split("/").pop(), fullPath: "/" + path,
            file: (ok) => ok(new File([text], path.split("/").pop())),
          });
          const dir = (path, batches) => ({
            isFile: false, isDirectory: true, name: path, fullPath: "/" + path,
            createReader: () => { let i = 0; return { readEntries: (ok) => ok(batches[i++] || []) }; },
          });
          const sub = dir("q1/more", [[fileEntry("q1/more/b.json", two)]]);
          const top = dir("q1", [[fileEntry("q1/a.json", one), fileEntry("q1/photo.png", "PNG")], [sub]]);
          const event = new Event("drop", { bubbles: true, cancelable: true });
          Object.defineProperty(event, "dataTransfer", { value: {
            items: [{ kind: "file", webkitGetAsEntry: () => top }], files: [] } });
          document.querySelector('[data-role="drop"]').dispatchEvent(event);
        }""",
        [json.dumps(one), json.dumps(two)],
    )
    expect(page.locator('[data-role="summary"]')).to_have_text(
        "2 respondents in 2 teams; 1 left out (see why below)."
    )
    expect(page.locator('[data-role="skipped"] [data-file="q1/photo.png"]')).to_contain_text(
        "not a JSON file (only files ending in .json are read); not read"
    )
    # The table of the files is made when its <details> opens (issue 13, scale budget).
    page.locator('details[data-detail="files"] summary').click()
    expect(page.locator('table[data-role="files"] tbody th')).to_have_text(
        ["q1/a.json", "q1/more/b.json"]
    )
    folder = tmp_path / "chosen"
    folder.mkdir()
    (folder / "c.json").write_text(json.dumps(one))
    (folder / "notes.txt").write_text("hello")
    page.set_input_files('input[data-action="add-folder"]', str(folder))
    expect(page.locator('[data-role="summary"]')).to_have_text(
        "3 respondents in 2 teams; 2 left out (see why below)."
    )
    expect(page.locator('[data-role="skipped"] [data-file="chosen/notes.txt"]')).to_contain_text(
        "not a JSON file"
    )


def write_dated(maturity, rubric_bundle, folder) -> list[str]:
    """Claims on three dates (L1, L2, L3), the latest with targets; a readiness export."""
    folder.mkdir()
    dims = [d["id"] for d in maturity["dimensions"] if not d.get("retired")]
    for level, date in ((1, "2026-01-15"), (2, "2026-04-15"), (3, "2026-07-15")):
        data = export_assessment(
            maturity, at_level(maturity, level), about={"team": "Claims", "date": date}
        )
        if level == 3:
            data["targets"] = {dims[0]: 4}
        (folder / f"claims-{level}.json").write_text(json.dumps(data))
    stop = {**all_checks(rubric_bundle), "named_pl_sponsor": "no"}
    pilots = [
        {"pilot": "Invoice triage", "answers": all_checks(rubric_bundle)},
        {"pilot": "Claims bot", "answers": stop},
    ]
    (folder / "pilots.json").write_text(json.dumps(readiness_export(rubric_bundle, pilots)))
    return sorted(str(p) for p in folder.iterdir())


def test_trend_chart_progress_to_target_and_pilots_in_order(
    page, site_url, maturity, rubric_bundle, tmp_path
):
    """Several dates: a chart (role="img", titled, labelled with its numbers) from Python's
    trend series, the trend table kept as its text; progress to the target; the pilots of a
    readiness export, the stopped one first."""
    dims = [d for d in maturity["dimensions"] if not d.get("retired")]
    page.goto(site_url + PAGE)
    wait_ready(page)
    page.set_input_files(
        'input[data-action="add-files"]', write_dated(maturity, rubric_bundle, tmp_path / "x")
    )
    expect(page.locator('[data-role="summary"]')).to_have_text("3 respondents in 1 team; 2 pilots.")
    chart = page.locator('[data-role="trend-chart"]')
    expect(chart).to_have_attribute("role", "img")
    expect(chart).to_have_attribute(
        "aria-label",
        re.compile(
            r"^Claims: Overall, median level by date: 2026-01-15 L1, 2026-04-15 L2, 2026-07-15 L3"
        ),
    )
    expect(page.locator('[data-role="trend-title"]')).to_have_text(
        "Claims: Overall, median level by date"
    )
    expect(chart.locator("svg circle")).to_have_count(3)
    expect(page.locator('table[data-role="trend"] tbody tr')).to_have_count(3)  # the text
    page.get_by_label("Dimension", exact=True).select_option(dims[0]["id"])
    expect(chart).to_have_attribute("aria-label", re.compile("; target L4\\."))
    expect(page.get_by_label("Dimension", exact=True)).to_be_focused()
    expect(chart.locator('svg line[stroke-dasharray="6 4"]')).to_have_count(2)  # legend + line
    progress = page.locator(f'table[data-role="progress"] tr[data-dimension="{dims[0]["id"]}"]')
    expect(progress.locator('[data-role="progress-value"]')).to_have_text("67 %")
    rows = page.locator('table[data-role="pilot-table"] tbody tr')
    expect(rows.locator("th")).to_have_text(["Claims bot", "Invoice triage"])
    expect(rows.first).to_have_attribute("data-verdict", "stop")
    with page.expect_download() as download:
        page.click('button[data-action="export-pilots-csv"]')
    download.value.save_as(tmp_path / "pilots.csv")
    lines = (tmp_path / "pilots.csv").read_text().splitlines()
    assert lines[0].startswith("file,pilot,verdict")
    assert lines[1].split(",")[1:3] == ["Claims bot", "stop"]


def test_trend_progress_and_pilots_pass_axe(
    axe_context,  # noqa: F811 - the fixture imported above
    site_url,
    maturity,
    rubric_bundle,
    tmp_path,
):
    from tests.browser.test_accessibility import describe, violations

    page = axe_context.new_page()
    page.goto(site_url + PAGE)
    wait_ready(page)
    page.set_input_files(
        'input[data-action="add-files"]', write_dated(maturity, rubric_bundle, tmp_path / "x")
    )
    expect(page.locator('[data-role="trend-chart"] svg')).to_have_count(1)
    page.locator('[data-role="links"] summary').click()
    problems = describe("calculators/portfolio/ (trend, progress, pilots)", violations(page))
    assert not problems, "\n".join(problems)
