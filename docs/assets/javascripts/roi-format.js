// The ROI page's formatting: numbers in the reader's language, the result's tables, figures and
// charts. It shows what the engine computed and computes nothing itself.

import { h } from "./dom.js";
import { barsAndLines, histogram, show, tornado } from "./charts.js";

export const TORNADO_ROWS = 10;


// Building Intl formats is slow (about 10 ms a set here): one set per language and currency.
const formatterSets = new Map();
export function formatters(currency) {
  const lang = document.documentElement.lang || "en";
  const key = `${lang} ${currency}`;
  if (!formatterSets.has(key)) formatterSets.set(key, makeFormatters(lang, currency));
  return formatterSets.get(key);
}

function makeFormatters(lang, currency) {
  let money;
  try {
    money = new Intl.NumberFormat(lang, { style: "currency", currency: currency || "XXX", maximumFractionDigits: 0 });
    if (!currency) throw new RangeError("no currency");
  } catch {
    const plain = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
    money = { format: (v) => `${plain.format(v)}${currency ? ` ${currency}` : ""}` };
  }
  // Chart axes: short amounts (€1.2M).
  let short;
  try {
    short = new Intl.NumberFormat(lang, { style: "currency", currency: currency || "XXX", notation: "compact", maximumFractionDigits: 1 });
    if (!currency) throw new RangeError("no currency");
  } catch {
    const plain = new Intl.NumberFormat(lang, { notation: "compact", maximumFractionDigits: 1 });
    short = { format: (v) => `${plain.format(v)}${currency ? ` ${currency}` : ""}` };
  }
  const pct = new Intl.NumberFormat(lang, { style: "percent", maximumFractionDigits: 1 });
  const num = new Intl.NumberFormat(lang, { maximumFractionDigits: 4 });
  const one = new Intl.NumberFormat(lang, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const whole = new Intl.NumberFormat(lang);
  return {
    money: (v) => (v === null || v === undefined ? "n/a" : money.format(v)),
    moneyShort: (v) => short.format(v),
    pct: (v) => (v === null || v === undefined ? "n/a" : pct.format(v)),
    num: (v) => (v === null || v === undefined ? "n/a" : num.format(v)),
    months: (v) => (v === null || v === undefined ? "beyond the horizon" : `${one.format(v)} months`),
    int: (v) => whole.format(v),
  };
}

// A year's words come with the result ("Initial", "Year 1").
const period = (y) => y.period;

// A table whose first column heads the rows; columns listed in `text` hold words, not numbers.
export function table(el, headers, rows, { text = [] } = {}) {
  const caption = el.querySelector("caption");
  const cls = (i) => (i && !text.includes(i) ? "pb-num" : "pb-text-cell");
  el.replaceChildren(
    ...(caption ? [caption] : []),
    h("thead", {}, h("tr", {}, headers.map((t, i) => h("th", { scope: "col", class: cls(i), text: t })))),
    h("tbody", {}, rows.map(({ key, cells }) =>
      h("tr", { "data-row": key }, cells.map((c, i) => (i === 0 ? h("th", { scope: "row", class: cls(i), text: c }) : h("td", { class: cls(i), text: c })))))),
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
      label: "Net cash flow",
      values: result.years.map((y) => y.net),
      tone: (i) => (result.years[i].net < 0 ? "pb-tone-bad" : "pb-tone-good"),
      legendClass: "pb-tone-good",
    },
    lines: [
      { label: "Cumulative", values: result.years.map((y) => y.cumulative), cls: "pb-series-primary" },
      { label: "Discounted cumulative", values: result.years.map((y) => y.discounted_cumulative), cls: "pb-series-accent", dashed: true },
    ],
    format: f.money,
    axisFormat: f.moneyShort,
  });
}

function tornadoChart(result, f) {
  return tornado({
    rows: result.sensitivity.drivers.slice(0, TORNADO_ROWS).map((d) => ({ label: wrapLabel(d.label), values: [d.npv_at_low, d.npv_at_high] })),
    series: [
      { label: "Driver moved down", cls: "pb-series-down" },
      { label: "Driver moved up", cls: "pb-series-up" },
    ],
    base: result.sensitivity.base_npv,
    baseLabel: "Base NPV",
    format: (v) => `NPV ${f.money(v)}`,
    axisFormat: f.moneyShort,
  });
}

function histogramChart(sim, f, baseNpv) {
  const { edges, counts } = sim.histogram;
  return histogram({
    edges,
    counts,
    markers: [
      { key: "zero", value: 0, label: "NPV 0", cls: "pb-marker-zero" },
      { key: "base", value: baseNpv, label: "Base NPV", cls: "pb-marker-base" },
    ],
    tone: (i) => (edges[i + 1] <= 0 ? "pb-tone-bad" : edges[i] >= 0 ? "pb-tone-good" : "pb-tone-neutral"),
    format: f.money,
    axisFormat: f.moneyShort,
    xTitle: "NPV",
    yTitle: "Cases",
  });
}

// The next task: the browser may paint and handle input in between (scheduler.yield where the
// browser has it, so the rest of a render goes before other queued work).
const nextTask = () => {
  const scheduler = /** @type {any} */ (globalThis).scheduler;
  return scheduler && typeof scheduler.yield === "function" ? scheduler.yield() : new Promise((resolve) => setTimeout(resolve, 0));
};
// The result each page root is rendering: a newer result stops an older one's remaining parts.
const rendering = new WeakMap();

// The result of a case: headline figures, notes, the range notes beside their ranges, the tables
// and the charts. The figures, notes and charts show at once; each table follows in a task of its
// own, so that a result never holds the page for long (on a slow phone the whole render was one
// task of a few hundred milliseconds). Resolves once all of it is shown (or a newer result took
// over).
export async function renderResult(root, form, result) {
  const el = (role) => root.querySelector(`[data-role="${role}"]`);
  const f = formatters(result.currency);
  const token = {};
  rendering.set(root, token);
  el("empty").hidden = true;
  el("details").hidden = false;
  const irrNote = result.irr_ambiguous ? `ambiguous: several rates give NPV = 0 (${result.irr_candidates.map(f.pct).join(", ")})` : null;
  el("summary").textContent = `NPV (risk-adjusted) ${f.money(result.npv)}; ROI ${f.pct(result.roi)}; IRR ${f.pct(result.irr)}${result.irr_ambiguous ? " (ambiguous)" : ""}; payback ${f.months(result.payback_months)}.`;
  figures(el("figures"), [
    ["npv", "NPV (risk-adjusted)", f.money(result.npv)],
    ["npv_unadjusted", "NPV before risk adjustment", f.money(result.npv_unadjusted)],
    ["roi", "ROI (NPV / PV of costs)", f.pct(result.roi)],
    ["irr", "IRR", f.pct(result.irr), irrNote || (result.irr === null ? "no rate gives NPV = 0" : null)],
    ["mirr", "MIRR", f.pct(result.mirr), "financing and reinvestment at the discount rate"],
    ["payback_months", "Payback", f.months(result.payback_months)],
    ["discounted_payback_months", "Discounted payback", f.months(result.discounted_payback_months)],
    ["pv_benefits", "PV of benefits", f.money(result.pv_benefits)],
    ["pv_costs", "PV of costs", f.money(result.pv_costs)],
    ["break_even_adoption", "Break-even adoption", result.break_even_adoption === null ? "not reached" : f.pct(result.break_even_adoption), "lowest adoption target with NPV ≥ 0"],
    ["cost_of_one_month_delay", "Cost of one month's delay", f.money(result.cost_of_one_month_delay), "NPV lost if adoption starts a month later"],
    ["flexibility_value", "Flexibility value", f.money(result.flexibility_value), "not in the NPV"],
  ]);
  el("notes").replaceChildren(...result.notes.map((n) => h("li", { text: n })));
  // The engine's word on each range (its own most likely value, a base outside it) beside it.
  for (const slot of form.querySelectorAll('[data-role="range-note"]')) { slot.hidden = true; slot.textContent = ""; }
  for (const row of result.ranges || []) {
    const slot = form.querySelector(`[data-line-path="${CSS.escape(row.field)}"] [data-role="range-note"]`);
    if (slot && row.note) { slot.textContent = row.note; slot.hidden = false; }
  }
  // A chart draws once its card has been in view (charts.js): these only hand it the figures.
  el("chart-years").setAttribute("aria-label", `Cash flow by year, risk-adjusted. ${result.years.map((y) => `${period(y)}: net ${f.money(y.net)}, cumulative ${f.money(y.cumulative)}`).join("; ")}.`);
  show(el("chart-years"), yearsChart(result, f));
  el("chart-tornado").setAttribute("aria-label", `Tornado chart of NPV sensitivity, base NPV ${f.money(result.sensitivity.base_npv)}. ${result.sensitivity.drivers.slice(0, TORNADO_ROWS).map((d) => `${d.label}: ${f.money(d.npv_at_low)} to ${f.money(d.npv_at_high)}`).join("; ")}.`);
  show(el("chart-tornado"), tornadoChart(result, f));
  setStale(root, false);
  const labels = Object.fromEntries(result.sensitivity.drivers.map((d) => [d.driver, d.label]));
  // A driver's value in its unit: rates and shares as percentages, as the form shows them.
  const units = Object.fromEntries(result.sensitivity.drivers.map((d) => [d.driver, d.unit]));
  const value = (name, v) => (units[name] === "percent" ? f.pct(v) : f.num(v));
  const changed = (drivers) => Object.entries(drivers).map(([name, v]) => `${labels[name] || name}: ${value(name, v)}`).join("\n") || "as entered";
  const parts = [
    () => table(el("years"), ["Period", "Costs", "Benefits", "Net", "Cumulative", "Discounted cumulative", "Adoption"],
      result.years.map((y) => ({ key: String(y.year), cells: [period(y), f.money(y.costs), f.money(y.benefits), f.money(y.net), f.money(y.cumulative), f.money(y.discounted_cumulative), f.pct(y.adoption)] }))),
    () => table(el("scenarios"), ["Scenario", "NPV", "ROI", "IRR", "Payback", "Drivers"],
      ["low", "base", "high"].map((key) => {
        const s = result.scenarios[key];
        return { key, cells: [key[0].toUpperCase() + key.slice(1), f.money(s.npv), f.pct(s.roi), f.pct(s.irr), f.months(s.payback_months), changed(s.drivers)] };
      }), { text: [5] }),
    () => {
      el("sensitivity-help").textContent = `Each driver moved ${f.pct(result.sensitivity.range)} down and up on its own, the others at their base values; ranked by how much NPV swings. The chart shows the top ${Math.min(TORNADO_ROWS, result.sensitivity.drivers.length)}.`;
      table(el("sensitivity"), ["Driver", "Base value", "Moved down", "NPV", "Moved up", "NPV", "Swing"],
        result.sensitivity.drivers.map((d) => ({ key: d.driver, cells: [d.label, value(d.driver, d.base), value(d.driver, d.value_low), f.money(d.npv_at_low), value(d.driver, d.value_high), f.money(d.npv_at_high), f.money(d.swing)] })));
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
  if (busy) state.textContent = "Running the simulation in the background…";
  else if (!sim) state.textContent = "Simulation off: set the runs above 0 to run one.";
  else if (stale) state.textContent = `These figures are for earlier inputs (${f.int(sim.runs)} runs, seed ${sim.seed}): the simulation re-runs shortly, or press “Run simulation”.`;
  else state.textContent = `${f.int(sim.runs)} runs, seed ${sim.seed} (enter this seed to repeat the run exactly).`;
  if (!sim) {
    el("simulation-figures").replaceChildren();
    return;
  }
  figures(el("simulation-figures"), [
    ["p10", "P10 NPV", f.money(sim.p10), "9 cases in 10 do better"],
    ["p50", "P50 NPV (median)", f.money(sim.p50)],
    ["p90", "P90 NPV", f.money(sim.p90), "1 case in 10 does better"],
    ["mean", "Mean NPV", f.money(sim.mean)],
    ["base_npv", "Base NPV", f.money(simulatedNpv), "every driver at its typed value"],
    ["prob_npv_positive", "Chance NPV > 0", f.pct(sim.prob_npv_positive)],
    ["prob_payback_beyond_horizon", "Chance payback is beyond the horizon", f.pct(sim.prob_payback_beyond_horizon)],
  ]);
  const { edges, counts } = sim.histogram;
  table(el("histogram"), ["NPV from", "NPV to", "Cases"], counts.map((count, i) => ({ key: String(i), cells: [f.money(edges[i]), f.money(edges[i + 1]), f.int(count)] })));
  el("chart-histogram").setAttribute("aria-label", `Histogram of ${f.int(sim.runs)} simulated NPVs from ${f.money(sim.min)} to ${f.money(sim.max)}: P10 ${f.money(sim.p10)}, P50 ${f.money(sim.p50)}, P90 ${f.money(sim.p90)}, chance NPV > 0 ${f.pct(sim.prob_npv_positive)}; marked: NPV 0 and the base NPV ${f.money(simulatedNpv)}.`);
  show(el("chart-histogram"), histogramChart(sim, f, simulatedNpv));
}
