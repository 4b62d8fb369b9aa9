"""The calculators' charts (charts.js, SVG): they draw what the engine computed, follow the theme
without a redraw, follow their box's size, and keep rubric text as text."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from calculators import evaluate_case

from .conftest import export_json
from .test_assessment_journey import answer_all, summary, wait_ready
from .test_roi_journey import money, open_roi

pytestmark = pytest.mark.browser
TORNADO_ROWS = 10  # roi.js shows the ten drivers that swing the NPV most

# Each bar of a chart: its class, its tooltip and its height (pixels).
BARS = """(role) => [...document.querySelectorAll(`[data-role="${role}"] svg rect[class^="pb-"]`)]
  .filter((r) => !r.closest(".pb-svg__legend"))
  .map((r) => ({ cls: r.getAttribute("class"), title: r.querySelector("title")?.textContent || "",
                 height: Number(r.getAttribute("height")), width: Number(r.getAttribute("width")) }))"""


def test_roi_charts_draw_the_engines_figures(page, site_url, defaults):
    """One bar per period, red where the net cash flow is negative; one tornado row per driver
    shown; one histogram bar per bin; each bar's tooltip holds the figure the tables show."""
    open_roi(page, site_url)
    want = evaluate_case(defaults, runs=2000, seed=7)
    years = want["years"]
    # Result cards below the form are laid out, and their charts drawn, as they come into view.
    page.locator('[data-role="chart-years"]').scroll_into_view_if_needed()
    expect(page.locator('[data-role="chart-years"] svg')).to_be_attached()
    bars = page.evaluate(BARS, "chart-years")
    assert len(bars) == len(years)
    for bar, year in zip(bars, years, strict=True):
        assert bar["cls"] == ("pb-tone-bad" if year["net"] < 0 else "pb-tone-good")
        assert money(bar["title"].split("Net cash flow")[1]) == pytest.approx(year["net"], abs=1)
    points = page.locator('[data-role="chart-years"] svg circle')
    assert points.count() == 2 * len(years)  # cumulative and discounted cumulative
    biggest = max(range(len(years)), key=lambda i: abs(years[i]["net"]))
    assert max(range(len(bars)), key=lambda i: bars[i]["height"]) == biggest

    drivers = want["sensitivity"]["drivers"][:TORNADO_ROWS]
    page.locator('[data-role="chart-tornado"]').scroll_into_view_if_needed()
    expect(page.locator('[data-role="chart-tornado"] svg')).to_be_attached()
    tornado = page.evaluate(BARS, "chart-tornado")
    assert len(tornado) == 2 * len(drivers)
    labels = page.locator('[data-role="chart-tornado"] svg > text').all_text_contents()
    assert [re.sub(r"[\s:]", "", t) for t in labels] == [
        re.sub(r"[\s:]", "", d["label"]) for d in drivers
    ]
    # Each bar runs from the base NPV to its NPV, on one scale for all of them.
    base = want["sensitivity"]["base_npv"]
    scale = [
        b["width"] / abs(money(b["title"].rsplit("NPV", 1)[1]) - base)
        for b in tornado
        if b["width"] > 20
    ]
    assert len(scale) > len(drivers)
    assert max(scale) / min(scale) < 1.05

    page.fill("#roi-runs", "2000")
    page.fill("#roi-seed", "7")
    page.click('[data-action="simulate"]')
    expect(page.locator('[data-role="simulation-state"]')).to_contain_text("seed 7", timeout=30_000)
    counts = want["simulation"]["histogram"]["counts"]
    page.locator('[data-role="chart-histogram"]').scroll_into_view_if_needed()
    expect(page.locator('[data-role="chart-histogram"] svg rect')).to_have_count(len(counts))
    histogram = page.evaluate(BARS, "chart-histogram")
    assert [
        int(b["title"].rsplit(": ", 1)[1].split()[0].replace(",", "")) for b in histogram
    ] == counts


def test_charts_not_yet_in_view_are_drawn_for_printing(page, site_url):
    """Cards below the form are laid out only near the screen; printing draws their charts."""
    open_roi(page, site_url)
    tornado = page.locator('[data-role="chart-tornado"] svg')
    expect(page.locator('[data-role="chart-tornado"]')).to_have_attribute(
        "aria-label", re.compile("base NPV")
    )
    assert tornado.count() == 0  # far below the fold: not drawn yet
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    expect(tornado).to_have_count(1)
    assert int(tornado.get_attribute("width")) > 300


def test_charts_follow_the_theme_without_a_redraw(page, site_url):
    """Switching to dark mode recolours the bars (CSS classes), and the chart stays the same node."""
    open_roi(page, site_url)
    page.locator('[data-role="chart-years"]').scroll_into_view_if_needed()
    bar = page.locator('[data-role="chart-years"] svg rect.pb-tone-good').first
    expect(bar).to_be_attached()
    page.evaluate("window.__svg = document.querySelector('[data-role=chart-years] svg')")
    light = bar.evaluate("(r) => getComputedStyle(r).fill")
    page.evaluate("document.body.setAttribute('data-md-color-scheme', 'slate')")
    dark = bar.evaluate("(r) => getComputedStyle(r).fill")
    assert light != dark
    assert page.evaluate("window.__svg === document.querySelector('[data-role=chart-years] svg')")


def test_charts_follow_their_box_size(page, site_url):
    """On a phone-sized window the chart is redrawn at the new width, labels still 12 px."""
    open_roi(page, site_url)
    page.locator('[data-role="chart-years"]').scroll_into_view_if_needed()
    svg = page.locator('[data-role="chart-years"] svg')
    expect(svg).to_be_attached()
    wide = int(svg.get_attribute("width"))
    page.set_viewport_size({"width": 360, "height": 800})
    expect(svg).not_to_have_attribute("width", str(wide))
    box = page.locator('[data-role="chart-years"]').evaluate("(b) => b.clientWidth")
    assert int(svg.get_attribute("width")) == box < wide
    assert svg.get_attribute("font-size") == "12"


def test_radar_shows_each_dimension_and_a_comparison(page, site_url, maturity, tmp_path):
    """A point per dimension at its level, named by the rubric's short titles; comparing with an
    earlier export adds a second shape and a legend."""
    page.goto(site_url + "calculators/assessment/")
    wait_ready(page)
    answer_all(page, maturity, lambda options: options[0])
    expect(summary(page)).to_contain_text("L1")
    radar = page.locator('[data-role="radar"]')
    # The current levels' shape, and (issue 13) the targets' outline beside it.
    expect(radar.locator("svg polygon.pb-svg__area.pb-series-accent")).to_have_count(1)
    expect(radar.locator("svg polygon.pb-svg__outline.pb-series-target")).to_have_count(1)
    dimensions = maturity["dimensions"]
    names = radar.locator("svg .pb-svg__axis > text:not(.pb-svg__tick)").all_text_contents()
    assert [re.sub(r"\s+", "", n) for n in names] == [
        re.sub(r"\s+", "", d["short"]) for d in dimensions
    ]
    titles = radar.locator("svg circle.pb-series-accent title").all_text_contents()
    assert len(titles) == len(dimensions)
    assert all(t.endswith("Now L1") for t in titles)
    targets = radar.locator("svg circle.pb-series-target title").all_text_contents()
    assert all(t.endswith("Target L2") for t in targets)
    before = tmp_path / "before.json"
    assert export_json(page, before)["answers"]
    answer_all(page, maturity, lambda options: options[-1])
    expect(summary(page)).to_contain_text("L5")
    page.set_input_files('input[data-action="compare"]', str(before))
    expect(radar.locator("svg polygon.pb-svg__area")).to_have_count(3)
    expect(radar.locator("svg .pb-svg__legend")).to_contain_text("Before")
    expect(radar.locator("svg .pb-svg__legend")).to_contain_text("Target")


# Each chart function fed the edge cases a calculator can send, drawn at 600 x 300 in a real page.
EDGE_CASES = """async (base) => {
  const charts = await import(new URL("assets/javascripts/charts.js", base).href);
  const hostile = '<img src=x onerror="window.__pwned = 1">';
  const tone = () => "pb-tone-good";
  const made = {
    empty: charts.barsAndLines({ categories: [], bars: { label: "Net", values: [], tone }, format: String }),
    zeros: charts.barsAndLines({
      categories: ["A", "B"], bars: { label: "Net", values: [0, 0], tone }, format: String,
      lines: [{ label: "Cumulative", values: [0, NaN], cls: "pb-series-primary" }] }),
    one_value: charts.histogram({ edges: [5, 5], counts: [1000], tone, format: String, xTitle: "NPV", yTitle: "Cases" }),
    flat_tornado: charts.tornado({
      rows: [{ label: hostile, values: [10, 10] }], base: 10, baseLabel: "Base", format: String,
      series: [{ label: "down", cls: "pb-series-down" }, { label: "up", cls: "pb-series-up" }] }),
    radar: charts.radar({ axes: [hostile, "B", "C"], max: 5, series: [{ label: "Now", values: [0, null, 7], cls: "pb-series-accent" }] }),
  };
  const geometry = ["x", "y", "x1", "x2", "y1", "y2", "width", "height", "cx", "cy", "r"];
  const out = {};
  for (const [name, chart] of Object.entries(made)) {
    const svg = chart(600, 300);
    document.body.append(svg);
    const numbers = [...svg.querySelectorAll("*")].flatMap((el) => [
      ...geometry.map((a) => el.getAttribute(a)).filter((v) => v !== null),
      ...(el.getAttribute("points") || "").split(/[ ,]/).filter(Boolean),
    ]);
    out[name] = {
      bad: numbers.filter((v) => !Number.isFinite(Number(v))),
      widths: [...svg.querySelectorAll("rect:not(.pb-svg__legend rect)")].map((r) => Number(r.getAttribute("width"))),
      text: svg.textContent,
      elements: svg.querySelectorAll("img, foreignObject, script").length,
    };
  }
  await new Promise((resolve) => setTimeout(resolve, 200));
  return { out, pwned: window.__pwned || 0 };
}"""


def test_charts_draw_edge_cases_with_finite_shapes_and_text_as_text(page, site_url):
    """No data, all zeros, a NaN, one simulated value, no swing, a level beyond the scale, and
    markup in a label: every coordinate is a number, and the label shows as text."""
    page.goto(site_url + "playbook/faq/")
    result = page.evaluate(EDGE_CASES, site_url)
    assert result["pwned"] == 0
    for name, drawn in result["out"].items():
        assert drawn["bad"] == [], name
        assert drawn["elements"] == 0, name
    assert result["out"]["one_value"]["widths"][0] > 100  # one bar you can see, not a sliver
    assert '<img src=x onerror="window.__pwned = 1">' in result["out"]["flat_tornado"]["text"]
    assert '<img src=x onerror="window.__pwned = 1">' in result["out"]["radar"]["text"]


def test_at_390px_tornado_labels_were_clipped_and_the_histogram_axis_showed_only_zero(
    page, site_url
):
    """Review finding (ROI page at 390 px): the tornado's driver labels ran off the chart's left
    edge, and the histogram's x axis had one tick, "$0". Each label now lies inside the chart and
    still ends with its field; the histogram has a labelled tick at each end of its scale."""
    page.set_viewport_size({"width": 390, "height": 844})
    open_roi(page, site_url)
    tornado = page.locator('[data-role="chart-tornado"]')
    tornado.scroll_into_view_if_needed()
    expect(tornado.locator("svg")).to_be_attached()
    boxes = page.evaluate(
        """() => [...document.querySelectorAll('[data-role="chart-tornado"] svg > text')]
          .map((t) => ({ x: t.getBBox().x, last: t.lastElementChild.textContent }))"""
    )
    assert boxes
    assert all(b["x"] >= 0 for b in boxes), boxes
    assert any(b["last"] == "Share redeployed" for b in boxes), boxes
    histogram = page.locator('[data-role="chart-histogram"]')
    histogram.scroll_into_view_if_needed()
    expect(histogram.locator("svg")).to_be_attached(timeout=30_000)
    ticks = page.evaluate(
        """() => [...document.querySelectorAll('[data-role="chart-histogram"] svg text')]
          .map((t) => t.textContent).filter((t) => /\\$/.test(t))"""
    )
    assert len(ticks) >= 2, ticks


def test_at_390px_the_scenarios_rows_were_a_screen_tall_and_empty(page, site_url):
    """Tried on a phone: the scenarios' Drivers column lay off to the right of the screen, and
    its lines made each row some 230 px tall and empty in view. On a narrow screen the drivers go
    under their row, across the table, which fits the screen; on a wide one they stay a column.
    The text is in the page once for each (a screen reader meets the one that is shown)."""
    page.set_viewport_size({"width": 390, "height": 844})
    open_roi(page, site_url)
    table = page.locator('[data-role="scenarios"]')
    table.scroll_into_view_if_needed()
    low = table.locator('tr[data-row="low"]')
    below = table.locator('tr[data-below="low"]')
    expect(below).to_be_visible()
    expect(below).to_contain_text("Drivers")
    expect(below).to_contain_text("Target adoption")
    expect(low.locator("td.pb-col-wide")).to_be_hidden()
    fits = page.evaluate(
        """() => { const t = document.querySelector('[data-role="scenarios"]');
          return [t.scrollWidth, t.parentElement.clientWidth, t.querySelector('tr[data-row="low"]').getBoundingClientRect().height] }"""
    )
    assert fits[0] <= fits[1] + 1, fits  # no sideways scroll to read a scenario
    assert fits[2] < 120, fits  # a row of figures, not a screen of blank

    page.set_viewport_size({"width": 1280, "height": 900})
    expect(low.locator("td.pb-col-wide")).to_be_visible()
    expect(low.locator("td.pb-col-wide")).to_contain_text("Target adoption")
    expect(below).to_be_hidden()
