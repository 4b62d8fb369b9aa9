// The ROI page's formatting: numbers in the reader's language, the result's tables, figures and
// charts. It shows what the engine computed and computes nothing itself.

import { h, nextTask } from "./dom.js";
import { barsAndLines, histogram, show, tornado } from "./charts.js";
import { numberFormatter, pageLanguage, said, t } from "./tools.js";

export const TORNADO_ROWS = 10;


// One set of formatters per language and currency (tools.js keeps each Intl format, made once).
const formatterSets = new Map();
export function formatters(currency) {
  const key = `${pageLanguage()} ${currency}`;
  if (!formatterSets.has(key)) formatterSets.set(key, makeFormatters(currency));
  return formatterSets.get(key);
}

function makeFormatters(currency) {
  let money;
  try {
    money = numberFormatter({ style: "currency", currency: currency || "XXX", maximumFractionDigits: 0 });
    if (!currency) throw new RangeError("no currency");
  } catch {
    const plain = numberFormatter({ maximumFractionDigits: 0 });
    money = { format: (v) => `${plain.format(v)}${currency ? ` ${currency}` : ""}` };
  }
  // Chart axes: short amounts (€1.2M).
  let short;
  try {
    short = numberFormatter({ style: "currency", currency: currency || "XXX", notation: "compact", maximumFractionDigits: 1 });
    if (!currency) throw new RangeError("no currency");
  } catch {
    const plain = numberFormatter({ notation: "compact", maximumFractionDigits: 1 });
    short = { format: (v) => `${plain.format(v)}${currency ? ` ${currency}` : ""}` };
  }
  const pct = numberFormatter({ style: "percent", maximumFractionDigits: 1 });
  const num = numberFormatter({ maximumFractionDigits: 4 });
  const one = numberFormatter({ minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const whole = numberFormatter();
  const none = t("roi.format.none");
  return {
    money: (v) => (v === null || v === undefined ? none : money.format(v)),
    moneyShort: (v) => short.format(v),
    pct: (v) => (v === null || v === undefined ? none : pct.format(v)),
    num: (v) => (v === null || v === undefined ? none : num.format(v)),
    months: (v) => (v === null || v === undefined ? t("roi.format.beyond_horizon") : t("roi.format.months", { months: one.format(v) })),
    int: (v) => whole.format(v),
  };
}

// A year's words come with the result ("Initial", "Year 1"), and a driver's name, each said in
// the page's words.
const period = (y) => (y.period_said ? said(y.period_said) : y.period);
const driverName = (d) => (d.label_said ? said(d.label_said) : d.label);

// A table whose first column heads the rows; columns listed in `text` hold words, not numbers.
// `below`: the index of a long text column that a narrow screen shows under its row instead,
// across the table (the scenarios' drivers: as a column, on a phone, it made each row a
// screen tall and empty, its text off to the right). Both are in the page; the stylesheet shows
// one (roi.css), so a screen reader meets the text once.
export function table(el, headers, rows, { text = [], below = null } = {}) {
  const caption = el.querySelector("caption");
  const cls = (i) => `${i && !text.includes(i) ? "pb-num" : "pb-text-cell"}${i === below ? " pb-col-wide" : ""}`;
  el.replaceChildren(
    ...(caption ? [caption] : []),
    h("thead", {}, h("tr", {}, headers.map((text, i) => h("th", { scope: "col", class: cls(i), text })))),
    h("tbody", {}, rows.flatMap(({ key, cells }) => [
      h("tr", { "data-row": key }, cells.map((c, i) => (i === 0 ? h("th", { scope: "row", class: cls(i), text: c }) : h("td", { class: cls(i), text: c })))),
      below === null ? null : h("tr", { class: "pb-row-below", "data-below": key },
        h("td", { colspan: String(cells.length - 1), class: "pb-text-cell" },
          h("span", { class: "pb-below-label", text: headers[below] }), " ", cells[below])),
    ].filter(Boolean))),
  );
}

// A long chart label on two or more lines ("Line label: driver" splits at the colon).
function wrapLabel(label, width = 34) {
  const lines = [];
  for (const part of label.split(": ")) {
    let line = "";
    for (const word of part.split(" ")) {
      if (line && line.length + word.length + 1 > width) { lines.push(line); line = word; } else line = line ? `${line} ${word}` : word;
    }
    lines.push(line);
  }
  return lines;
}

export function figures(el, items) {
  el.replaceChildren(...items.filter(Boolean).flatMap(([key, label, value, note]) => [
    h("div", { class: "pb-figure", "data-figure": key },
      h("dt", { text: label }),
      h("dd", {}, h("span", { class: "pb-figure__value", "data-value": key, text: value }),
        note ? h("span", { class: "pb-figure__note", text: note }) : null)),
  ]));
}

// -- charts -------------------------------------------------------------------------------------

function yearsChart(result, f) {
  return barsAndLines({
    categories: result.years.map((y) => period(y)),
    bars: {
      label: t("roi.chart.net_cash_flow"),
      values: result.years.map((y) => y.net),
      tone: (i) => (result.years[i].net < 0 ? "pb-tone-bad" : "pb-tone-good"),
      legendClass: "pb-tone-good",
    },
    lines: [
      { label: t("roi.chart.cumulative"), values: result.years.map((y) => y.cumulative), cls: "pb-series-primary" },
      { label: t("roi.chart.discounted_cumulative"), values: result.years.map((y) => y.discounted_cumulative), cls: "pb-series-accent", dashed: true },
    ],
    format: f.money,
    axisFormat: f.moneyShort,
  });
}

function tornadoChart(result, f) {
  return tornado({
    rows: result.sensitivity.drivers.slice(0, TORNADO_ROWS).map((d) => ({ label: wrapLabel(driverName(d)), values: [d.npv_at_low, d.npv_at_high] })),
    series: [
      { label: t("roi.chart.driver_down"), cls: "pb-series-down" },
      { label: t("roi.chart.driver_up"), cls: "pb-series-up" },
    ],
    base: result.sensitivity.base_npv,
    baseLabel: t("roi.figure.base_npv"),
    format: (v) => t("roi.chart.npv_value", { value: f.money(v) }),
    axisFormat: f.moneyShort,
  });
}

function histogramChart(sim, f, baseNpv) {
  const { edges, counts } = sim.histogram;
  return histogram({
    edges,
    counts,
    markers: [
      { key: "zero", value: 0, label: t("roi.chart.npv_zero"), cls: "pb-marker-zero" },
      { key: "base", value: baseNpv, label: t("roi.figure.base_npv"), cls: "pb-marker-base" },
    ],
    tone: (i) => (edges[i + 1] <= 0 ? "pb-tone-bad" : edges[i] >= 0 ? "pb-tone-good" : "pb-tone-neutral"),
    format: f.money,
    axisFormat: f.moneyShort,
    xTitle: t("roi.chart.npv"),
    yTitle: t("roi.chart.cases"),
  });
}

// The result's headline figures: [key, label, value, note?] each.
function resultFigures(result, f) {
  const irrNote = result.irr_ambiguous ? t("roi.figure.irr_ambiguous", { rates: result.irr_candidates.map(f.pct).join(", ") }) : null;
  return [
    ["npv", t("roi.figure.npv"), f.money(result.npv)],
    ["npv_unadjusted", t("roi.figure.npv_unadjusted"), f.money(result.npv_unadjusted)],
    ["roi", t("roi.figure.roi"), f.pct(result.roi)],
    ["irr", t("roi.figure.irr"), f.pct(result.irr), irrNote || (result.irr === null ? t("roi.figure.irr_none") : null)],
    ["mirr", t("roi.figure.mirr"), f.pct(result.mirr), t("roi.figure.mirr_note")],
    ["payback_months", t("roi.figure.payback"), f.months(result.payback_months)],
    ["discounted_payback_months", t("roi.figure.discounted_payback"), f.months(result.discounted_payback_months)],
    ["pv_benefits", t("roi.figure.pv_benefits"), f.money(result.pv_benefits)],
    ["pv_costs", t("roi.figure.pv_costs"), f.money(result.pv_costs)],
    ["break_even_adoption", t("roi.figure.break_even"), result.break_even_adoption === null ? t("roi.figure.not_reached") : f.pct(result.break_even_adoption), t("roi.figure.break_even_note")],
    ["cost_of_one_month_delay", t("roi.figure.delay"), f.money(result.cost_of_one_month_delay), t("roi.figure.delay_note")],
    ["flexibility_value", t("roi.figure.flexibility"), f.money(result.flexibility_value), t("roi.figure.flexibility_note")],
  ];
}

// The result each page root is rendering: a newer result stops an older one's remaining parts.
const rendering = new WeakMap();

// The result of a case: headline figures, notes, the range notes beside their ranges, the tables
// and the charts. The summary and the figures show at once; the notes, the charts and each table
// follow in a task of their own, so that a result never holds the page for long (on a slow phone
// the whole render was one task of a few hundred milliseconds; Lighthouse counted each part over
// 12 ms on this machine as blocking time). Resolves once all of it is shown (or a newer result
// took over).
export async function renderResult(root, form, result) {
  const el = (role) => root.querySelector(`[data-role="${role}"]`);
  const f = formatters(result.currency);
  const token = {};
  rendering.set(root, token);
  el("empty").hidden = true;
  el("details").hidden = false;
  el("summary").textContent = t("roi.summary.result", {
    npv: f.money(result.npv), roi: f.pct(result.roi), irr: f.pct(result.irr),
    ambiguous: result.irr_ambiguous ? t("roi.summary.ambiguous") : "", payback: f.months(result.payback_months),
  });
  figures(el("figures"), resultFigures(result, f));
  setStale(root, false);
  const labels = Object.fromEntries(result.sensitivity.drivers.map((d) => [d.driver, driverName(d)]));
  // A driver's value in its unit: rates and shares as percentages, as the form shows them.
  const units = Object.fromEntries(result.sensitivity.drivers.map((d) => [d.driver, d.unit]));
  const value = (name, v) => (units[name] === "percent" ? f.pct(v) : f.num(v));
  const changed = (drivers) => Object.entries(drivers).map(([name, v]) => `${labels[name] || name}: ${value(name, v)}`).join("\n") || t("roi.scenario.as_entered");
  const parts = [
    () => {
      el("notes").replaceChildren(...(result.notes_said || result.notes).map((n) => h("li", { text: typeof n === "string" ? n : said(n) })));
      // The engine's word on each range (its own most likely value, a base outside it) beside
      // it; a slot whose words stay is not written to (the form's style is not redone).
      const words = new Map();
      for (const row of result.ranges || []) {
        const slot = form.querySelector(`[data-line-path="${CSS.escape(row.field)}"] [data-role="range-note"]`);
        if (slot && row.note) words.set(slot, row.note_said ? said(row.note_said) : row.note);
      }
      for (const slot of /** @type {NodeListOf<HTMLElement>} */ (form.querySelectorAll('[data-role="range-note"]'))) {
        const text = words.get(slot) || "";
        if (slot.textContent !== text) slot.textContent = text;
        if (slot.hidden !== !text) slot.hidden = !text;
      }
    },
    () => {
      // A chart draws once its card has been in view (charts.js): these only hand it the figures.
      el("chart-years").setAttribute("aria-label", t("roi.chart.years_label", { years: result.years.map((y) => t("roi.chart.years_item", { period: period(y), net: f.money(y.net), cumulative: f.money(y.cumulative) })).join("; ") }));
      show(el("chart-years"), yearsChart(result, f));
      const swings = result.sensitivity.drivers.slice(0, TORNADO_ROWS).map((d) => t("roi.chart.tornado_item", { driver: driverName(d), low: f.money(d.npv_at_low), high: f.money(d.npv_at_high) }));
      el("chart-tornado").setAttribute("aria-label", t("roi.chart.tornado_label", { base: f.money(result.sensitivity.base_npv), drivers: swings.join("; ") }));
      show(el("chart-tornado"), tornadoChart(result, f));
    },
    () => table(el("years"), ["roi.col.period", "roi.col.costs", "roi.col.benefits", "roi.col.net", "roi.col.cumulative", "roi.col.discounted_cumulative", "roi.col.adoption"].map((id) => t(id)),
      result.years.map((y) => ({ key: String(y.year), cells: [period(y), f.money(y.costs), f.money(y.benefits), f.money(y.net), f.money(y.cumulative), f.money(y.discounted_cumulative), f.pct(y.adoption)] }))),
    () => table(el("scenarios"), ["roi.col.scenario", "roi.col.npv", "roi.col.roi", "roi.col.irr", "roi.col.payback", "roi.col.drivers"].map((id) => t(id)),
      [["low", "roi.scenario.low"], ["base", "roi.scenario.base"], ["high", "roi.scenario.high"]].map(([key, id]) => {
        const s = result.scenarios[key];
        return { key, cells: [t(id), f.money(s.npv), f.pct(s.roi), f.pct(s.irr), f.months(s.payback_months), changed(s.drivers)] };
      }), { text: [5], below: 5 }),
    () => {
      el("sensitivity-help").textContent = t("roi.sensitivity.help", { step: f.pct(result.sensitivity.range), top: Math.min(TORNADO_ROWS, result.sensitivity.drivers.length) });
      table(el("sensitivity"), ["roi.col.driver", "roi.col.base_value", "roi.col.moved_down", "roi.col.npv", "roi.col.moved_up", "roi.col.npv", "roi.col.swing"].map((id) => t(id)),
        result.sensitivity.drivers.map((d) => ({ key: d.driver, cells: [driverName(d), value(d.driver, d.base), value(d.driver, d.value_low), f.money(d.npv_at_low), value(d.driver, d.value_high), f.money(d.npv_at_high), f.money(d.swing)] })));
    },
  ];
  for (const part of parts) {
    await nextTask();
    if (rendering.get(root) !== token || !root.isConnected) return;
    part();
  }
}

export function setStale(root, stale) {
  root.querySelector('[data-role="stale"]').hidden = !stale;
  root.querySelector('[data-role="details"]').dataset.stale = String(stale);
}

// A simulation's figures, histogram and state line; `currency` is the result's, `baseNpv` the
// base NPV of the case it ran on.
export function renderSimulation(root, sim, { currency = undefined, baseNpv = null, stale = false, busy = false } = {}) {
  const el = (role) => root.querySelector(`[data-role="${role}"]`);
  const simulatedNpv = baseNpv;
  const section = el("simulation");
  section.setAttribute("aria-busy", String(busy));
  section.dataset.stale = String(stale);
  const f = formatters(currency);
  const state = el("simulation-state");
  if (busy) state.textContent = t("roi.sim.busy");
  else if (!sim) state.textContent = t("roi.sim.off");
  else if (stale) state.textContent = t("roi.sim.stale", { runs: f.int(sim.runs), seed: String(sim.seed) });
  else state.textContent = t("roi.sim.done", { runs: f.int(sim.runs), seed: String(sim.seed) });
  if (!sim) {
    el("simulation-figures").replaceChildren();
    return;
  }
  figures(el("simulation-figures"), [
    ["p10", t("roi.sim.p10"), f.money(sim.p10), t("roi.sim.p10_note")],
    ["p50", t("roi.sim.p50"), f.money(sim.p50)],
    ["p90", t("roi.sim.p90"), f.money(sim.p90), t("roi.sim.p90_note")],
    ["mean", t("roi.sim.mean"), f.money(sim.mean)],
    ["base_npv", t("roi.figure.base_npv"), f.money(simulatedNpv), t("roi.sim.base_note")],
    ["prob_npv_positive", t("roi.sim.prob_npv_positive"), f.pct(sim.prob_npv_positive)],
    ["prob_payback_beyond_horizon", t("roi.sim.prob_payback_beyond"), f.pct(sim.prob_payback_beyond_horizon)],
  ]);
  const { edges, counts } = sim.histogram;
  table(el("histogram"), ["roi.col.npv_from", "roi.col.npv_to", "roi.chart.cases"].map((id) => t(id)), counts.map((count, i) => ({ key: String(i), cells: [f.money(edges[i]), f.money(edges[i + 1]), f.int(count)] })));
  el("chart-histogram").setAttribute("aria-label", t("roi.chart.histogram_label", {
    runs: f.int(sim.runs), min: f.money(sim.min), max: f.money(sim.max), p10: f.money(sim.p10), p50: f.money(sim.p50),
    p90: f.money(sim.p90), positive: f.pct(sim.prob_npv_positive), base: f.money(simulatedNpv),
  }));
  show(el("chart-histogram"), histogramChart(sim, f, simulatedNpv));
}
