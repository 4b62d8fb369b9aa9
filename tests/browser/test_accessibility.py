"""axe-core (pinned in package.json) on every page of the built site, in light mode, and on a
calculator page in dark mode with its results shown: no serious or critical violation."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import OffsiteGuard
from tests.conftest import ROOT

pytestmark = pytest.mark.browser
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")
ENGINE_TIMEOUT = 90_000  # ms; a bound on waiting, never a measurement
RUN_AXE = r"""async () => {
  const result = await axe.run(document, { resultTypes: ["violations"] });
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, url: v.helpUrl,
    targets: v.nodes.map((n) => n.target.join(" ")),
    summary: (v.nodes[0] && v.nodes[0].failureSummary || "").split("\n").slice(1).join(" "),
  }));
}"""


@pytest.fixture
def axe_context(browser, request):
    """A context that may inject axe despite the pages' Content Security Policy <meta>."""
    guard = OffsiteGuard()
    scheme = getattr(request, "param", "light")
    ctx = browser.new_context(bypass_csp=True, color_scheme=scheme)
    ctx.route("**/*", guard.route)
    yield ctx
    ctx.close()
    assert guard.offsite == [], f"requests left loopback: {guard.offsite}"


def page_urls(site) -> list[str]:
    """Every HTML page of the site, as a path from its root."""
    out = []
    for path in sorted(site.rglob("*.html")):
        rel = path.relative_to(site).as_posix()
        out.append(rel.removesuffix("index.html"))
    return out


def violations(page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    return [v for v in page.evaluate(RUN_AXE) if v["impact"] in BLOCKING]


def describe(where: str, found: list[dict]) -> list[str]:
    return [
        f"{where}: [{v['impact']}] {v['id']}: {v['help']} ({v['url']})\n    {v['summary']}\n    "
        + "\n    ".join(v["targets"][:10])
        for v in found
    ]


def test_every_page_in_light_mode(axe_context, site_url, built_site):
    """No page has a serious or critical axe violation."""
    page = axe_context.new_page()
    problems: list[str] = []
    urls = page_urls(built_site)
    assert len(urls) > 10
    for rel in urls:
        page.goto(site_url + rel)
        page.wait_for_load_state("load")
        problems += describe(rel or "/", violations(page))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("axe_context", ["dark"], indirect=True)
def test_assessment_results_in_dark_mode(axe_context, site_url, built_site):
    """The assessment page in dark mode, every question answered and every result shown."""
    bundle = next(built_site.glob("assets/engine/rubrics-*.json"))
    maturity = json.loads(bundle.read_text())["maturity"]
    page = axe_context.new_page()
    page.goto(site_url + "calculators/assessment/")
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", "slate")
    expect(page.locator("[data-calculator=assessment]")).to_have_attribute(
        "data-engine", "ready", timeout=ENGINE_TIMEOUT
    )
    questions = [q for q in maturity["questions"] if not q.get("retired")]
    for i, q in enumerate(questions):
        page.check(
            f'input[name="{q["id"]}"][value="{q["options"][i % len(q["options"])]["value"]}"]'
        )
    expect(page.locator('[data-role="summary"]')).to_contain_text("Overall level: L")
    expect(page.locator("[data-role=details] section").first).to_be_visible()
    for detail in page.locator("details.pb-dimension-detail").all():
        detail.locator("summary").click()
    problems = describe("calculators/assessment/ (dark, results shown)", violations(page))
    assert not problems, "\n".join(problems)
