"""A fork's site in Chromium: the fork's brand and wording, the assessment answered, and an
export made before the upstream release imported, saying which version scored it."""

from __future__ import annotations

import json
import re
import threading
from pathlib import Path

import pytest
from playwright.sync_api import expect

from calculators._maturity_io import export_assessment
from calculators._rubric_files import load_rubrics
from tests.conftest import ROOT, build_site, serve
from tests.forking import FORK_WORDING, NEW_VERSION, RETIRED, REWORDED, make_fork

pytestmark = pytest.mark.browser
ENGINE_TIMEOUT = 90_000  # ms, generous for a loaded machine; never a timing assertion


@pytest.fixture(scope="module")
def fork_site(tmp_path_factory):
    """The fixed fork's site, built from its rubric folder and served on loopback; with the
    fork's maturity rubric as the site serves it."""
    fork = make_fork(tmp_path_factory.mktemp("fork"))
    dest = tmp_path_factory.mktemp("fork-site")
    url, server = serve(dest, start=False)
    try:
        done = build_site(dest, rubrics=fork["fixed"], extra_env={"PLAYBOOK_SITE_URL": url})
        assert done.returncode == 0, done.stderr[-3000:]
        threading.Thread(target=server.serve_forever, daemon=True).start()
        bundle = json.loads(next(dest.glob("assets/engine/rubrics-*.json")).read_text())
        yield url, bundle["maturity"]
        server.shutdown()
    finally:
        server.server_close()


def answer_every_question_at_its_highest(page, maturity: dict) -> None:
    for q in maturity["questions"]:
        if not q.get("retired"):
            page.check(f'input[name="{q["id"]}"][value="{q["options"][-1]["value"]}"]')


def import_an_upstream_export(page, tmp_path: Path) -> None:
    """An export made with upstream's 1.0.0 before the release, every answer at its lowest (and
    one to the question the release retires), imported on the page."""
    upstream = load_rubrics(ROOT / "rubrics", docs_dir=ROOT / "docs").rubrics["maturity"]
    lowest = {q["id"]: q["options"][0]["value"] for q in upstream["questions"]}
    old = tmp_path / "export-1.0.0.json"
    old.write_text(json.dumps(export_assessment(upstream, lowest)))
    page.set_input_files('input[data-action="import"]', str(old))


def test_the_fork_is_answered_in_its_own_words_and_scores_an_old_export(
    page, fork_site, tmp_path: Path
):
    url, maturity = fork_site
    page.goto(url + "calculators/assessment/")
    expect(page.locator(".md-header__topic").first).to_contain_text("Acme AI Playbook")
    expect(page.locator(f'[data-question="{REWORDED}"]')).to_contain_text(FORK_WORDING)
    expect(page.locator(f'[data-question="{RETIRED}"]')).to_have_count(0)
    expect(page.locator("[data-calculator=assessment]")).to_have_attribute(
        "data-engine", "ready", timeout=ENGINE_TIMEOUT
    )

    answer_every_question_at_its_highest(page, maturity)
    summary = page.locator('[data-role="summary"]')
    expect(summary).to_have_text(re.compile(r"Overall level: L5 "), timeout=ENGINE_TIMEOUT)
    expect(page.locator('[data-role="scored-with"]')).to_have_count(0)  # nothing imported

    import_an_upstream_export(page, tmp_path)
    expect(summary).to_have_text(re.compile(r"Overall level: L1 "), timeout=ENGINE_TIMEOUT)
    expect(page.locator('[data-role="scored-with"]')).to_have_text(
        f"Scored with maturity {NEW_VERSION}-acme.1; the export was made with 1.0.0."
    )
    notice = page.locator('[data-role="notice"]')
    expect(notice).to_contain_text(f"{RETIRED} (the question is retired)")
