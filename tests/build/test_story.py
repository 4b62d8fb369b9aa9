"""The pages tell one story: the same calculators everywhere, figures that link their source,
a sprint whose order agrees with the readiness rule, and a repository link a fork sets once."""

from __future__ import annotations

import re
import sys
from html.parser import HTMLParser

from calculators._rubric_files import load_rubrics
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "hooks"))
from _site import translator
from pages import _environment

RUBRICS = load_rubrics(ROOT / "rubrics", docs_dir=ROOT / "docs").rubrics
FIGURE = re.compile(r"\d\s?%|\b\d+ of (every )?\d+\b")
# A figure and its citation belong to the same paragraph, list item or table row.
UNITS = {"p", "li", "tr", "dd", "h1", "h2", "h3", "h4"}


class _Units(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.units: list[tuple[str, list[str]]] = []
        self._open: list[tuple[str, list[str], list[str]]] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "nav"):
            self._skip += 1
        elif tag in UNITS:
            self._open.append((tag, [], []))
        elif tag == "a" and self._open:
            self._open[-1][2].append(dict(attrs).get("href") or "")

    def handle_endtag(self, tag):
        if tag in ("script", "style", "nav"):
            self._skip -= 1
        elif tag in UNITS and self._open and self._open[-1][0] == tag:
            _, text, links = self._open.pop()
            self.units.append((" ".join("".join(text).split()), links))
            if self._open:  # a row's cells belong to the row, a list item's text to its parent too
                self._open[-1][1].extend([" ", *text])
                self._open[-1][2].extend(links)

    def handle_data(self, data):
        if not self._skip and self._open:
            self._open[-1][1].append(data)


def units(html: str) -> list[tuple[str, list[str]]]:
    parser = _Units()
    parser.feed(html)
    return parser.units


def test_every_figure_on_the_playbook_pages_links_its_source(built_site):
    """A statistic on Home or a playbook page sits in a paragraph, list item or table row that
    links to its entry on the Sources page."""
    uncited = []
    for path in [built_site / "index.html", *sorted(built_site.glob("playbook/*/index.html"))]:
        for text, links in units(path.read_text(encoding="utf-8")):
            if FIGURE.search(text) and not any(
                re.search(r"sources/#[a-z0-9-]+$", h) for h in links
            ):
                uncited.append(f"{path.relative_to(built_site).as_posix()}: {text[:120]}")
    assert not uncited, "figures without a link to their source:\n" + "\n".join(uncited)


def test_home_and_about_name_every_calculator(built_site):
    """Home and About link each calculator page, so neither can say there are fewer."""
    calculators = sorted(p.stem for p in (ROOT / "docs" / "calculators").glob("*.md"))
    assert len(calculators) == 5  # issue 13 adds the portfolio roll-up, issue 15 the use cases
    for page in ("index.html", "about/index.html"):
        html = (built_site / page).read_text(encoding="utf-8")
        missing = [c for c in calculators if f'calculators/{c}/"' not in html]
        assert not missing, f"{page} does not link {missing}"
        assert not re.search(r"\btwo calculators\b", html)


def test_the_readiness_check_runs_after_owners_budgets_and_kpi_targets_exist():
    """The sprint asks the readiness check's ownership questions (a sponsor, a budget line, a KPI
    target: the verdict is stop when one fails) only after the activities that create those end,
    so a candidate is not stopped for a step the sprint has not reached."""
    foundation = RUBRICS["sprint"]["phases"][0]
    acts = {a["id"]: a for a in foundation["activities"]}
    check = acts["select_scale_candidates"]
    assert "ownership questions" in check["detail"]
    creates = [acts["name_owners_and_roles"], acts["set_kpi_baselines"]]
    assert check["weeks"]["end"] > max(a["weeks"]["end"] for a in creates)
    assert f"week {check['weeks']['end']}" in check["detail"]


def test_the_full_readiness_check_comes_before_rollout_not_before_the_fixes():
    """The full check (six causes; four or more flagged means stop) runs at the end of the phase
    that builds MLOps, data and controls, not in the first weeks, when every candidate the
    sprint is for would still fail those checks."""
    phases = RUBRICS["sprint"]["phases"]
    assert any("full readiness check" in c for c in criteria(phases[1]))
    assert not any("full readiness check" in c for c in criteria(phases[0]))


def criteria(phase: dict) -> list[str]:
    """A phase's exit criteria as text (a criterion is a string, or names the activities it
    checks)."""
    return [c if isinstance(c, str) else c["text"] for c in phase["exit_criteria"]]


def test_kpi_tracking_is_built_before_the_rollout_starts():
    """Workflow step 3 measures before rollout: the phase before the staged rollout builds usage
    and KPI tracking, and says so in its exit criteria."""
    phases = RUBRICS["sprint"]["phases"]
    rollout = next(
        i for i, p in enumerate(phases) for a in p["activities"] if a["id"] == "staged_rollout"
    )
    before = phases[rollout - 1]
    assert any("KPI" in c and "before the first rollout" in c for c in criteria(before))


class TestRepositoryLink:
    """The About page's repository link comes from repo_url in mkdocs.yml."""

    def render(self, **context) -> str:
        t = translator(RUBRICS["strings"]["strings"], AssertionError)
        return _environment().get_template("repo-link.html").render(t=t, **context)

    def test_links_the_configured_repository(self):
        html = self.render(repo_url="https://example.org/fork/playbook", repo_name="fork/playbook")
        assert '<a href="https://example.org/fork/playbook">fork/playbook</a>' in html

    def test_says_plainly_when_none_is_set(self):
        html = self.render(repo_url=None, repo_name=None)
        assert "<a " not in html
        assert "repo_url" in html

    def test_the_about_page_holds_it(self, built_site):
        html = (built_site / "about" / "index.html").read_text(encoding="utf-8")
        assert 'class="playbook-repo"' in html
