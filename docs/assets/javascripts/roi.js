// The ROI calculator page: keeps the case (a JSON object) in step with the form, asks the engine
// (Python in a worker) to evaluate it and shows the result. Every figure, scenario, sensitivity,
// simulation, A/B interval and CSV comes from Python; this file only moves and formats data.

import { getEngine, whenIdle } from "./engine.js";
import { h, status } from "./dom.js";
import { barsAndLines, histogram, show, tornado } from "./charts.js";
import { applyShareFragment, download, notice, offerShareLink, readJsonFile, storage } from "./tools.js";
import { bindStageGates } from "./roi-gates.js";

const EXPORT_FORMAT = "ai-scale-up-playbook/roi-case";
const SHARE_KEY = "case";
const DEBOUNCE_MS = 150;
const SIMULATION_DELAY_MS = 500;
const TORNADO_ROWS = 10;

// -- the case object and the form ------------------------------------------------------------

const clone = (value) => JSON.parse(JSON.stringify(value));

function pathParts(path) {
  return path.match(/[^.[\]]+/g).map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

function getAt(data, path) {
  let node = data;
  for (const part of pathParts(path)) {
    if (node === null || typeof node !== "object") return undefined;
    node = node[part];
  }
  return node;
}

function setAt(data, path, value) {
  const parts = pathParts(path);
  let node = data;
  for (const part of parts.slice(0, -1)) {
    if (node === null || typeof node !== "object" || !(part in node)) return false;
    node = node[part];
  }
  const last = parts[parts.length - 1];
  if (value === undefined) delete node[last];
  else node[last] = value;
  return true;
}

// What an input holds, as the engine should see it. Not-a-number text goes through as text so
// that Python names the field and the rule; a blank optional field falls back to its default.
// An input with data-scale (from the engine's vocabulary: "100" for a percentage) shows the
// case's value times the scale: the reader types 10, the case holds 0.1.
const scaleOf = (input) => Number(input.dataset.scale || 1);

function readInput(input) {
  if (input.dataset.type === "bool") return input.checked;
  const raw = input.value;
  if (input.dataset.type === "text") return raw;
  if (raw.trim() === "") return "default" in input.dataset ? undefined : raw;
  const number = Number(raw);
  return Number.isFinite(number) ? number / scaleOf(input) : raw;
}

// Whether the reader changed this field from what the page was built with.
function editedBeforeBinding(input) {
  if (input.type === "checkbox" || input.type === "radio") return input.checked !== input.defaultChecked;
  if (input.tagName === "SELECT") {
    const built = [...input.options].findIndex((option) => option.defaultSelected);
    return input.selectedIndex !== Math.max(built, 0);
  }
  return input.value !== input.defaultValue;
}

function writeInput(input, value) {
  const shown = value === undefined ? input.dataset.default : value;
  if (input.dataset.type === "bool") input.checked = shown === true || shown === "true";
  else if (typeof shown === "number" && scaleOf(input) !== 1) input.value = String(Number((shown * scaleOf(input)).toPrecision(12)));
  else input.value = shown === undefined || shown === null ? "" : String(shown);
}

// -- the lines: rendered from the page's <template> elements ------------------------------------
//
// Costs, benefits, options and ranges are lists in the case; each item has a group in the form,
// cloned from the template of its list (benefits: of its category). A line's DOM ids start with
// "roi-<list>-<its id>" (ranges: the driver with "-" for "."), so they stay the same when lines
// before it come and go; its inputs' data-path follows its place in the list ("costs[2].amount"),
// the path the engine names in its errors.

const LISTS = ["costs", "benefits", "flexibility", "uncertainty"];
const TIMING_KEYS = ["year", "start_year", "growth"];
const lineKey = (list, item) => (list === "uncertainty" ? item?.driver : item?.id);
const itemsOf = (data, list) => (Array.isArray(data[list]) ? data[list] : []);

// A snake_case id the engine takes (^[a-z][a-z0-9_]*$), not yet used in `taken`.
function uniqueId(text, taken) {
  let slug = String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    .replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "");
  if (!/^[a-z]/.test(slug)) slug = slug ? `line_${slug}` : "line";
  let id = slug;
  for (let n = 2; taken.has(id); n += 1) id = `${slug}_${n}`;
  return id;
}

function templateFor(form, list, item) {
  if (list !== "benefits") return form.querySelector(`template[data-template="${list}"]`);
  return form.querySelector(`template[data-template="benefits"][data-category="${CSS.escape(String(item?.category))}"]`)
    || form.querySelector('template[data-template="benefits"]');
}

function instantiate(template, base, path) {
  const line = template.content.firstElementChild.cloneNode(true);
  for (const node of [line, ...line.querySelectorAll("*")]) {
    for (const { name, value } of [...node.attributes]) {
      if (value.includes("__base__") || value.includes("__path__")) {
        node.setAttribute(name, value.replaceAll("__base__", base).replaceAll("__path__", path));
      }
    }
  }
  return line;
}

// The values a fresh line starts with: those its template's enabled inputs hold.
function templateValues(template) {
  const values = {};
  for (const input of instantiate(template, "roi-probe", "probe").querySelectorAll("[data-key]")) {
    const value = input.disabled ? undefined : readInput(input);
    if (value !== undefined) values[input.dataset.key] = value;
  }
  return values;
}

const fieldOf = (line, key) => line.querySelector(`[data-key="${key}"]`);
const lineLabel = (line) => line?.querySelector('[data-role="line-label"]')?.textContent.trim() || "";

// The words for a driver of the engine ("benefits.upsell.margin"), from the current lines.
function driverLabel(form, data, name) {
  const [list, id, key] = String(name).split(".");
  if (name === "adoption.target") return "Adoption target";
  if (name === "users") return "Eligible users";
  const item = (list === "costs" || list === "benefits") ? itemsOf(data, list).find((i) => i?.id === id) : null;
  if (!item || !key) return String(name);
  const input = templateFor(form, list, item)?.content.querySelector(`[data-key="${CSS.escape(key)}"][data-driver]`);
  return `${item.label || item.id}: ${input ? input.dataset.driver : key.replaceAll("_", " ")}`;
}

// Every number of the current lines that a range can be put on, with its words.
function driverChoices(form, data) {
  const names = ["adoption.target"];
  if (itemsOf(data, "costs").some((c) => c?.per_user === true)) names.push("users");
  for (const list of ["costs", "benefits"]) {
    for (const item of itemsOf(data, list)) {
      const template = templateFor(form, list, item);
      if (!item?.id || !template) continue;
      for (const input of template.content.querySelectorAll("[data-driver]")) names.push(`${list}.${item.id}.${input.dataset.key}`);
    }
  }
  return names.map((name) => [name, driverLabel(form, data, name)]);
}

// What only the browser shows of a line: the legend, the fields of its timing, the help that goes
// with its timing, the Remove button's name.
function syncLine(form, data, line) {
  const list = line.dataset.list;
  const item = itemsOf(data, list)[Number(line.dataset.index)] || {};
  const label = list === "uncertainty" ? driverLabel(form, data, item.driver) : (item.label || item.id || "");
  line.querySelector('[data-role="line-label"]').textContent = label;
  const removeName = line.querySelector('[data-role="remove-name"]');
  if (removeName) removeName.textContent = label;
  if (list === "uncertainty") syncRangeScale(form, data, line, item);
  if (list !== "costs") return;
  const timing = fieldOf(line, "timing").value;
  const perUser = fieldOf(line, "per_user").checked;
  for (const wrap of line.querySelectorAll("[data-only]")) {
    const off = wrap.dataset.only !== timing;
    wrap.hidden = off;
    for (const input of wrap.querySelectorAll("input, select")) input.disabled = off;
  }
  for (const span of line.querySelectorAll("[data-when]")) span.hidden = span.dataset.when !== (perUser ? "per_user" : timing);
  const text = (key) => fieldOf(line, key).selectedOptions[0]?.textContent || "";
  line.querySelector('[data-role="line-kind"]').textContent = `(${`${text("timing")}${perUser ? ", per active user" : ""}; ${text("category")}`.toLowerCase()})`;
}

// The input a driver of the engine names ("benefits.upsell.margin", "adoption.target").
function driverInput(form, data, name) {
  const [list, id, key] = String(name).split(".");
  if (list !== "costs" && list !== "benefits") return form.querySelector(`[data-path="${CSS.escape(String(name))}"]`);
  const index = itemsOf(data, list).findIndex((item) => item?.id === id);
  return index < 0 ? null : form.querySelector(`[data-path="${CSS.escape(`${list}[${index}].${key}`)}"]`);
}

// A range's low, most likely and high show the driver's own values (scaled as its input is) or,
// relative, changes from its base value in percent (the form's data-percent-scale).
function syncRangeScale(form, data, line, item) {
  const scale = item?.relative === true ? Number(form.dataset.percentScale || 100) : scaleOf(driverInput(form, data, item?.driver) || line);
  for (const key of ["low", "mode", "high"]) {
    const input = fieldOf(line, key);
    if (!input) continue;
    if (scale === 1) delete input.dataset.scale;
    else input.dataset.scale = String(scale);
    const unit = input.closest(".pb-field")?.querySelector('[data-role="unit"]');
    if (unit) { unit.hidden = scale === 1; unit.textContent = scale === 1 ? "" : "(%)"; }
  }
}

// Build every line group from the case, then fill every input from it.
function showCase(form, data) {
  for (const list of LISTS) {
    const box = form.querySelector(`[data-lines="${list}"]`);
    const used = new Set();
    box.replaceChildren(...itemsOf(data, list).map((item, i) => {
      const key = String(lineKey(list, item) ?? "");
      let base = `roi-${list}-${key.replace(/[^A-Za-z0-9_]+/g, "-")}`;
      if (!key || used.has(base)) base = `roi-${list}-line${i}-`; // only a hand-edited saved case gets here
      used.add(base);
      const line = instantiate(templateFor(form, list, item), base, `${list}[${i}]`);
      line.dataset.id = key;
      line.dataset.index = String(i);
      return line;
    }));
  }
  for (const line of form.querySelectorAll('[data-lines="uncertainty"] > .pb-line')) {
    syncRangeScale(form, data, line, itemsOf(data, "uncertainty")[Number(line.dataset.index)]);
  }
  for (const input of form.querySelectorAll("[data-path]")) writeInput(input, getAt(data, input.dataset.path));
  for (const line of form.querySelectorAll("[data-lines] > .pb-line")) syncLine(form, data, line);
  showCurrency(form, data);
}

function showCurrency(form, data) {
  const text = typeof data.currency === "string" && data.currency.trim() ? data.currency.trim() : "money";
  for (const span of form.querySelectorAll('[data-role="currency"]')) span.textContent = text;
}

// The add-a-range select lists the drivers that have no range yet.
function showRangeChoices(form, data) {
  const select = form.querySelector('[data-add="uncertainty"]').closest(".pb-add").querySelector("select");
  const ranged = new Set(itemsOf(data, "uncertainty").map((u) => u?.driver));
  const choices = driverChoices(form, data).filter(([name]) => !ranged.has(name));
  const chosen = select.value;
  select.replaceChildren(...(choices.length
    ? choices.map(([name, text]) => h("option", { value: name, text }))
    : [h("option", { value: "", text: "Every driver has a range" })]));
  if (choices.some(([name]) => name === chosen)) select.value = chosen;
  select.disabled = !choices.length;
}

function readSettings(form) {
  const runsInput = form.querySelector('[data-arg="runs"]');
  const seedInput = form.querySelector('[data-arg="seed"]');
  const runs = readInput(runsInput);
  const seed = seedInput.value.trim() === "" ? null : readInput(seedInput);
  return { runs: runs === undefined ? 0 : runs, seed };
}

function showSettings(form, settings) {
  if (!settings) return;
  if (settings.runs !== undefined) writeInput(form.querySelector('[data-arg="runs"]'), settings.runs);
  if (settings.seed !== undefined) writeInput(form.querySelector('[data-arg="seed"]'), settings.seed);
}

// -- errors next to their field --------------------------------------------------------------

function clearErrors(scope, which) {
  for (const input of scope.querySelectorAll(which)) {
    input.removeAttribute("aria-invalid");
    const el = scope.querySelector(`[data-error-for="${CSS.escape(input.id)}"]`);
    if (el) { el.hidden = true; el.textContent = ""; }
  }
}

// The engine names a path ("costs[2].amount"); the input with that path shows the message. A
// path with no input of its own goes to its line's slot ("costs[2]", "uncertainty[0].driver"),
// its list's ("costs") or, last, the form's box. Returns the element that shows it.
function showError(scope, error, attribute, fallback) {
  let path = error.field || "";
  while (path) {
    const input = scope.querySelector(`[${attribute}="${CSS.escape(path)}"]`);
    const target = input && !input.disabled ? input
      : attribute === "data-path" ? scope.querySelector(`[data-line-path="${CSS.escape(path)}"]`) : null;
    if (target) {
      const el = scope.querySelector(`[data-error-for="${CSS.escape(target.id)}"]`);
      if (target === input) target.setAttribute("aria-invalid", "true");
      el.textContent = error.message;
      el.hidden = false;
      return target;
    }
    path = path.replace(/(\.[^.[\]]+|\[\d+\])$/, "");
  }
  if (fallback) {
    fallback.textContent = fallback.hidden || !fallback.textContent ? error.message : `${fallback.textContent} ${error.message}`;
    fallback.hidden = false;
  }
  return fallback;
}

// Every problem the engine found, each next to its field (the engine lists them all at once).
function showErrors(scope, error, attribute, fallback) {
  const errors = Array.isArray(error.errors) && error.errors.length ? error.errors : [error];
  return errors.map((each) => showError(scope, each, attribute, fallback));
}

// -- formatting for display (no arithmetic) ----------------------------------------------------

// Building Intl formats is slow (about 10 ms a set here): one set per language and currency.
const formatterSets = new Map();
function formatters(currency) {
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

const period = (year) => (year === 0 ? "Initial" : `Year ${year}`);

// A table whose first column heads the rows; columns listed in `text` hold words, not numbers.
function table(el, headers, rows, { text = [] } = {}) {
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

function figures(el, items) {
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
    categories: result.years.map((y) => period(y.year)),
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

// -- the page -------------------------------------------------------------------------------------

export function bind(root) {
  const form = root.querySelector('[data-role="form"]');
  const abForm = root.querySelector('[data-role="ab-form"]');
  const defaults = JSON.parse(root.dataset.defaults);
  const store = storage(`playbook:roi:${root.dataset.rubricId}`);
  const engine = getEngine(root);
  const formError = form.querySelector('[data-role="form-error"]');
  let current = clone(defaults);
  let latest = 0;
  let simLatest = 0;
  let timer = null;
  let simTimer = null;
  let lastResult = null;
  let lastSimulation = null;
  let lastAb = null;
  let lastValid = null; // the last case the engine accepted, kept with the saved case
  let simulatedNpv = null; // the base NPV of the case the last simulation ran on
  let ready = false;

  const el = (role) => root.querySelector(`[data-role="${role}"]`);
  const stageGates = bindStageGates(root, engine, formatters);

  const loadCase = (data, settings) => {
    current = clone(data);
    showCase(form, current);
    showRangeChoices(form, current);
    updateDriverChoices();
    showSettings(form, settings);
  };

  const snapshot = () => ({ case: clone(current), ...readSettings(form) });

  const persist = () => {
    if (!store.save({ format: EXPORT_FORMAT, ...snapshot(), valid_case: lastValid, saved_at: new Date().toISOString() })) {
      status(root, "This browser does not allow saving: export your case before you leave the page.", "warning");
    }
  };

  // -- results --

  const renderResult = (result) => {
    lastResult = result;
    const f = formatters(result.currency);
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
    table(el("years"), ["Period", "Costs", "Benefits", "Net", "Cumulative", "Discounted cumulative", "Adoption"],
      result.years.map((y) => ({ key: String(y.year), cells: [period(y.year), f.money(y.costs), f.money(y.benefits), f.money(y.net), f.money(y.cumulative), f.money(y.discounted_cumulative), f.pct(y.adoption)] })));
    const labels = Object.fromEntries(result.sensitivity.drivers.map((d) => [d.driver, d.label]));
    // A driver's value in its unit: rates and shares as percentages, as the form shows them.
    const units = Object.fromEntries(result.sensitivity.drivers.map((d) => [d.driver, d.unit]));
    const value = (name, v) => (units[name] === "percent" ? f.pct(v) : f.num(v));
    const changed = (drivers) => Object.entries(drivers).map(([name, v]) => `${labels[name] || name}: ${value(name, v)}`).join("\n") || "as entered";
    table(el("scenarios"), ["Scenario", "NPV", "ROI", "IRR", "Payback", "Drivers"],
      ["low", "base", "high"].map((key) => {
        const s = result.scenarios[key];
        return { key, cells: [key[0].toUpperCase() + key.slice(1), f.money(s.npv), f.pct(s.roi), f.pct(s.irr), f.months(s.payback_months), changed(s.drivers)] };
      }), { text: [5] });
    el("sensitivity-help").textContent = `Each driver moved ${f.pct(result.sensitivity.range)} down and up on its own, the others at their base values; ranked by how much NPV swings. The chart shows the top ${Math.min(TORNADO_ROWS, result.sensitivity.drivers.length)}.`;
    table(el("sensitivity"), ["Driver", "Base value", "Moved down", "NPV", "Moved up", "NPV", "Swing"],
      result.sensitivity.drivers.map((d) => ({ key: d.driver, cells: [d.label, value(d.driver, d.base), value(d.driver, d.value_low), f.money(d.npv_at_low), value(d.driver, d.value_high), f.money(d.npv_at_high), f.money(d.swing)] })));
    el("chart-years").setAttribute("aria-label", `Cash flow by year, risk-adjusted. ${result.years.map((y) => `${period(y.year)}: net ${f.money(y.net)}, cumulative ${f.money(y.cumulative)}`).join("; ")}.`);
    el("chart-tornado").setAttribute("aria-label", `Tornado chart of NPV sensitivity, base NPV ${f.money(result.sensitivity.base_npv)}. ${result.sensitivity.drivers.slice(0, TORNADO_ROWS).map((d) => `${d.label}: ${f.money(d.npv_at_low)} to ${f.money(d.npv_at_high)}`).join("; ")}.`);
    show(el("chart-years"), yearsChart(result, f));
    show(el("chart-tornado"), tornadoChart(result, f));
    setStale(false);
  };

  const setStale = (stale) => {
    el("stale").hidden = !stale;
    el("details").dataset.stale = String(stale);
  };

  const renderSimulation = (sim, { stale = false, busy = false } = {}) => {
    const section = el("simulation");
    section.setAttribute("aria-busy", String(busy));
    section.dataset.stale = String(stale);
    const f = formatters(lastResult?.currency);
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
  };

  // -- talking to the engine --

  const recompute = async () => {
    clearTimeout(timer);
    if (!ready) return;
    const ticket = ++latest;
    try {
      const reply = await engine.call("roi", { case: current, runs: 0 });
      if (ticket !== latest || !root.isConnected) return; // a newer change is on its way
      clearErrors(form, "[data-path], [data-line-path]");
      formError.hidden = true;
      if (reply.ok) {
        lastValid = clone(current);
        renderResult(reply.value);
        persist();
        stageGates.refresh(lastValid);
        scheduleSimulation(SIMULATION_DELAY_MS);
      } else {
        // Every bad field at once ({field, label, message} each), or the one error.
        const listed = /** @type {Array<{field: string | null, label?: string | null, message: string}> | undefined} */ (reply.error.errors);
        const errors = listed?.length ? listed : [reply.error];
        showErrors(form, reply.error, "data-path", formError);
        // A reload with a bad value saved: show the last valid case's results, marked as such.
        if (!lastResult && lastValid) {
          const previous = await engine.call("roi", { case: lastValid, runs: 0 });
          if (ticket !== latest || !root.isConnected) return;
          if (previous.ok) {
            renderResult(previous.value);
            // Its simulation too, marked as for earlier inputs (with the settings as typed).
            const { runs, seed } = readSettings(form);
            const sim = runs ? await engine.call("roi", { case: lastValid, runs, seed }) : null;
            if (ticket !== latest || !root.isConnected) return;
            if (sim?.ok) {
              lastSimulation = sim.value.simulation;
              simulatedNpv = sim.value.npv;
              renderSimulation(lastSimulation, { stale: true });
            }
          }
        }
        const what = errors.length > 1 ? `${errors.length} fields need correcting` : "Input error";
        // One error: its message; several: the labels of the marked fields (each says why).
        const text = errors.length > 1
          ? `${what}, each marked: ${errors.map((e) => e.label || e.message).join("; ")}.`
          : `${what}: ${errors[0].message}.`;
        if (lastResult) {
          setStale(true);
          el("summary").textContent = `${text} The results below are for the last valid inputs.`;
        } else {
          el("empty").textContent = "No result yet: correct the marked fields to see one.";
          el("summary").textContent = text;
        }
      }
    } catch (error) {
      status(root, `${error.message}. Your case is kept; reload the page to try again.`, "error");
    }
  };

  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(recompute, DEBOUNCE_MS);
  };

  const simulate = async () => {
    clearTimeout(simTimer);
    if (!ready || !root.isConnected) return;
    const ticket = ++simLatest;
    const { runs, seed } = readSettings(form);
    clearErrors(form, "[data-arg]");
    if (runs === 0) {
      lastSimulation = null;
      renderSimulation(null);
      return;
    }
    renderSimulation(lastSimulation, { busy: true, stale: Boolean(lastSimulation) });
    try {
      const reply = await engine.call("roi", { case: current, runs, seed });
      if (ticket !== simLatest || !root.isConnected) return;
      if (reply.ok) {
        lastSimulation = reply.value.simulation;
        simulatedNpv = reply.value.npv;
        renderSimulation(lastSimulation);
      } else {
        renderSimulation(lastSimulation, { stale: Boolean(lastSimulation) });
        if (!showError(form, reply.error, reply.error.field === "runs" || reply.error.field === "seed" ? "data-arg" : "data-path", null)) {
          el("simulation-state").textContent = reply.error.message;
        }
      }
    } catch (error) {
      status(root, `${error.message}. Your case is kept; reload the page to try again.`, "error");
    }
  };

  const scheduleSimulation = (delay) => {
    clearTimeout(simTimer);
    simTimer = setTimeout(simulate, delay);
  };

  // Load a case from outside (import, share link): the engine checks it first; a refused case
  // leaves the current inputs as they are.
  const loadExternal = async (data, source) => {
    const reply = await engine.call("roi_import", { data });
    if (!reply.ok) {
      const why = reply.error.message.replace(/\.?$/, ".");
      notice(root, `${source[0].toUpperCase()}${source.slice(1)} was refused: ${why} Your current inputs are unchanged.`, "error");
      return false;
    }
    const incoming = reply.value;
    const previous = snapshot();
    loadCase(incoming.case, { runs: incoming.runs ?? undefined, seed: incoming.seed ?? undefined });
    persist();
    await recompute();
    notice(root, `Loaded the case from ${source}.`, "info", [
      { label: "Undo", onClick: () => { loadCase(previous.case, previous); persist(); recompute(); } },
    ]);
    return true;
  };

  // -- A/B helper --

  const abKind = () => abForm.querySelector('input[name="roi-ab-kind"]:checked').value;

  const showAbKind = () => {
    const kind = abKind();
    for (const field of abForm.querySelectorAll("[data-ab-kind]")) field.hidden = field.dataset.abKind !== kind;
  };

  const abArgs = () => {
    const kind = abKind();
    const args = { baseline: {}, treatment: {} };
    for (const input of abForm.querySelectorAll("[data-ab-path]")) {
      const only = input.closest("[data-ab-kind]")?.dataset.abKind;
      if (!only || only === kind) setAt(args, input.dataset.abPath, readInput(input));
    }
    return args;
  };

  let abLatest = 0;
  const abCompare = async () => {
    if (!ready) return;
    const ticket = ++abLatest;
    const reply = await engine.call("ab_compare", abArgs());
    if (ticket !== abLatest || !root.isConnected) return;
    clearErrors(abForm, "[data-ab-path]");
    const cohortBoxes = ["baseline", "treatment"].map((c) => abForm.querySelector(`[data-error-for="roi-ab-${c}"]`));
    for (const box of cohortBoxes) box.hidden = true;
    const out = el("ab-result");
    if (!reply.ok) {
      lastAb = null;
      const cohort = ["baseline", "treatment"].indexOf(reply.error.field);
      let shown = null;
      if (cohort >= 0) {
        shown = cohortBoxes[cohort];
        shown.textContent = reply.error.message;
        shown.hidden = false;
      } else {
        shown = showError(abForm, reply.error, "data-ab-path", null);
      }
      out.replaceChildren(h("p", { class: "pb-field-error", text: shown ? "Correct the marked field to see the comparison." : reply.error.message }));
      return;
    }
    lastAb = reply.value;
    const r = reply.value;
    const pctOrNum = r.kind === "proportion" ? (v) => formatters("").pct(v) : (v) => formatters("").num(v);
    out.replaceChildren(
      h("p", { class: "pb-ab-headline", "data-ab": "diff" },
        `Difference (AI-assisted − baseline): ${pctOrNum(r.diff)}, ${formatters("").pct(r.confidence)} interval ${pctOrNum(r.low)} to ${pctOrNum(r.high)}`,
        r.relative_diff === null ? "" : ` (${formatters("").pct(r.relative_diff)} relative to the baseline)`, "."),
      h("p", { text: r.significant ? "The interval excludes zero: the difference is unlikely to be chance alone." : "The interval includes zero: the data do not show a difference at this confidence level." }),
      h("p", { class: "pb-help", text: `Baseline ${pctOrNum(r.baseline)}, AI-assisted ${pctOrNum(r.treatment)}. ${r.note}` }),
    );
  };

  // The A/B panel can set the range of any driver that has one.
  const updateDriverChoices = () => {
    const select = el("ab-driver");
    const chosen = select.value;
    const ranges = itemsOf(current, "uncertainty").filter((u) => typeof u?.driver === "string");
    select.replaceChildren(...(ranges.length
      ? ranges.map((u) => h("option", { value: u.driver, text: driverLabel(form, current, u.driver) }))
      : [h("option", { value: "", text: "No range yet: add one under Uncertainty" })]));
    if (ranges.some((u) => u.driver === chosen)) select.value = chosen;
  };

  const abApply = () => {
    if (!lastAb) {
      notice(root, "Compare two cohorts first: the interval comes from the comparison.", "warning");
      return;
    }
    const driver = el("ab-driver").value;
    const index = itemsOf(current, "uncertainty").findIndex((u) => u?.driver === driver);
    if (index < 0) {
      notice(root, "Add a range under Uncertainty first: the interval becomes its low and high.", "warning");
      return;
    }
    const previous = snapshot();
    const range = current.uncertainty[index];
    delete range.relative;
    range.low = lastAb.low;
    range.mode = lastAb.diff;
    range.high = lastAb.high;
    showCase(form, current);
    persist();
    recompute();
    const label = driverLabel(form, current, driver);
    notice(root, `The range of “${label}” is now ${lastAb.low} to ${lastAb.high} (most likely ${lastAb.diff}).`, "info", [
      { label: "Undo", onClick: () => { loadCase(previous.case, previous); persist(); recompute(); } },
    ]);
    form.querySelector(`[data-path="uncertainty[${index}].low"]`)?.scrollIntoView({ block: "center" });
  };

  // -- adding, removing and re-shaping lines --

  const edited = () => {
    persist();
    if (lastSimulation) renderSimulation(lastSimulation, { stale: true });
    schedule();
  };

  const rerender = () => {
    showCase(form, current);
    showRangeChoices(form, current);
    updateDriverChoices();
  };

  const linesOf = (list) => [...form.querySelectorAll(`[data-lines="${list}"] > .pb-line`)];
  const lineAt = (list, index) => linesOf(list).find((line) => line.dataset.index === String(index));
  const lineByKey = (list, key) => linesOf(list).find((line) => line.dataset.id === key);
  const firstField = (line) => line?.querySelector("input:not(:disabled), select:not(:disabled)");
  const focusOn = (field, { selectText = false } = {}) => {
    if (!field) return;
    field.focus({ preventScroll: true });
    field.scrollIntoView({ block: "center" });
    if (selectText && field.type === "text") field.select();
  };
  const quoted = (texts) => texts.map((t) => `“${t}”`).join(", ");

  const restore = (previous, list, key) => ({
    label: "Undo",
    onClick: () => {
      loadCase(previous.case, previous);
      edited();
      focusOn(firstField(lineByKey(list, key)));
    },
  });

  // After a change, drop the ranges whose driver was there before and is not any more (its line
  // went, or its category no longer has that driver); returns their words, as they were.
  const dropRanges = (before, previousCase) => {
    const after = new Set(driverChoices(form, current).map(([name]) => name));
    const gone = itemsOf(current, "uncertainty").filter((u) => before.has(u?.driver) && !after.has(u.driver));
    if (gone.length) current.uncertainty = current.uncertainty.filter((u) => !gone.includes(u));
    return gone.map((u) => driverLabel(form, previousCase, u.driver));
  };
  const rangesNote = (names) => (names.length
    ? ` ${names.length > 1 ? "Its uncertainty ranges" : "Its uncertainty range"} on ${quoted(names)} ${names.length > 1 ? "were" : "was"} removed with it.`
    : "");
  const choiceNames = () => new Set(driverChoices(form, current).map(([name]) => name));

  const driverValue = (name) => {
    const [list, id, key] = name.split(".");
    if (list === "costs" || list === "benefits") return itemsOf(current, list).find((item) => item?.id === id)?.[key];
    return getAt(current, name);
  };

  // A new line takes the values of its template's inputs, a fresh id and, for a range, the
  // driver's current value as its low and high (its most likely value is that value).
  const addLine = (button) => {
    const list = button.dataset.add;
    const choice = button.closest(".pb-add").querySelector("select")?.value;
    if (!Array.isArray(current[list])) current[list] = [];
    const items = current[list];
    /** @type {Record<string, unknown>} */
    let item;
    if (list === "uncertainty") {
      if (!choice) { notice(root, "Every number of the current lines has a range already.", "info"); return; }
      const value = driverValue(choice);
      item = { driver: choice, ...templateValues(templateFor(form, list, {})), low: value, high: value };
    } else {
      const values = templateValues(templateFor(form, list, { category: choice }));
      item = { id: uniqueId(list === "flexibility" ? "option" : choice, new Set(items.map((i) => i?.id))), ...values };
      if (list === "costs") item.category = choice;
    }
    items.push(item);
    rerender();
    edited();
    focusOn(firstField(lineAt(list, items.length - 1)), { selectText: true });
  };

  const removeLine = (button) => {
    const line = button.closest(".pb-line");
    const { list } = line.dataset;
    const index = Number(line.dataset.index);
    const items = itemsOf(current, list);
    if (!items[index]) return;
    const previous = snapshot();
    const label = lineLabel(line);
    const before = choiceNames();
    items.splice(index, 1);
    const gone = list === "uncertainty" ? [] : dropRanges(before, previous.case);
    rerender();
    edited();
    const next = lineAt(list, index) || lineAt(list, index - 1);
    focusOn(next ? firstField(next) : form.querySelector(`[data-add="${list}"]`));
    const what = list === "uncertainty" ? `the range on “${label}”` : `“${label}”`;
    notice(root, `Removed ${what}.${rangesNote(gone)}`, "info", [restore(previous, list, line.dataset.id)]);
  };

  // A benefit of another category has other drivers: the line is rebuilt from that category's
  // template, keeping what both share (label, shared drivers, start year, growth, ...).
  const changeBenefitCategory = (line, select) => {
    const index = Number(line.dataset.index);
    const old = current.benefits?.[index];
    if (!old || typeof old !== "object") return;
    const previous = snapshot();
    const before = choiceNames();
    const template = templateFor(form, "benefits", { category: select.value });
    const fresh = templateValues(template);
    const item = { id: old.id };
    for (const input of template.content.querySelectorAll("[data-key]")) {
      const key = input.dataset.key;
      if (key === "category") item.category = select.value;
      else if (key in old) item[key] = old[key];
      else if (input.dataset.driver && key in fresh) item[key] = fresh[key];
    }
    current.benefits[index] = item;
    const gone = dropRanges(before, previous.case);
    rerender();
    edited();
    focusOn(fieldOf(lineAt("benefits", index), "category"));
    const kind = select.selectedOptions[0]?.textContent.toLowerCase() || select.value;
    notice(root, `“${lineLabel(line)}” is now a ${kind} benefit: fill in its drivers.${rangesNote(gone)}`, "info", [restore(previous, "benefits", line.dataset.id)]);
  };

  // A range turned relative starts at ± the sensitivity step around the base; turned back, at
  // the driver's value. Its most likely value goes back to the base either way.
  const changeRelative = (line, box) => {
    const range = current.uncertainty?.[Number(line.dataset.index)];
    if (!range || typeof range !== "object") return;
    const step = typeof current.sensitivity_range === "number" ? current.sensitivity_range : 0.2;
    const value = driverValue(range.driver);
    if (box.checked) Object.assign(range, { relative: true, low: -step, high: step });
    else Object.assign(range, { relative: false, low: value, high: value });
    delete range.mode;
    syncRangeScale(form, current, line, range);
    for (const input of line.querySelectorAll("[data-path]")) writeInput(input, getAt(current, input.dataset.path));
    edited();
  };

  // One-time costs have a year; recurring ones a start year and growth: move the year across.
  const changeTiming = (line, select) => {
    const item = current.costs?.[Number(line.dataset.index)];
    if (!item || typeof item !== "object") return;
    const [from, to] = select.value === "one_time" ? ["start_year", "year"] : ["year", "start_year"];
    fieldOf(line, to).value = fieldOf(line, from).value;
    syncLine(form, current, line);
    for (const key of TIMING_KEYS) {
      const input = fieldOf(line, key);
      const value = input.disabled ? undefined : readInput(input);
      if (value === undefined) delete item[key];
      else item[key] = value;
    }
  };

  // -- toolbar --

  // An export or share link carries the seed: the one typed, or else the last run's, so that a
  // colleague who opens it sees the same P10/P50/P90.
  const shared = () => {
    const data = snapshot();
    if (data.seed === null && lastSimulation) data.seed = lastSimulation.seed;
    return data;
  };
  const exportData = () => ({ format: EXPORT_FORMAT, exported_at: new Date().toISOString(), ...shared() });
  const fileName = (ext) => `ai-roi-case-${new Date().toISOString().slice(0, 10)}.${ext}`;

  const actions = {
    "export-json": () => download(fileName("json"), JSON.stringify(exportData(), null, 2)),
    "export-csv": async () => {
      if (!ready) { notice(root, "The calculator engine is still loading: try again in a moment.", "warning"); return; }
      const reply = await engine.call("roi_years_csv", { case: current });
      if (reply.ok) download(fileName("csv"), reply.value, "text/csv");
      else notice(root, `No CSV: ${reply.error.message}`, "error");
    },
    share: () => offerShareLink(root, SHARE_KEY, { format: EXPORT_FORMAT, ...shared() }, "the case travels"),
    print: () => window.print(),
    reset: () => {
      if (!window.confirm("Put every input back to the example case? Export first if you want to keep yours.")) return;
      const previous = snapshot();
      loadCase(defaults, defaultSettings);
      persist();
      recompute();
      notice(root, "Inputs reset to the example case.", "info", [
        { label: "Undo", onClick: () => { loadCase(previous.case, previous); persist(); recompute(); } },
      ]);
    },
    simulate: () => simulate(),
    "ab-apply": abApply,
    "add-line": addLine,
    "remove-line": removeLine,
  };

  root.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-action]");
    if (button && actions[button.dataset.action]) actions[button.dataset.action](button);
  });

  form.addEventListener("submit", (event) => event.preventDefault());
  abForm.addEventListener("submit", (event) => event.preventDefault());

  form.addEventListener("input", (event) => {
    const input = event.target;
    if (input.dataset.path) {
      const line = input.closest("[data-lines] > .pb-line");
      if (line?.dataset.list === "benefits" && input.dataset.key === "category") {
        changeBenefitCategory(line, input);
        return;
      }
      setAt(current, input.dataset.path, readInput(input));
      if (line?.dataset.list === "uncertainty" && input.dataset.key === "relative") {
        changeRelative(line, input);
        return;
      }
      if (line) {
        if (line.dataset.list === "costs" && input.dataset.key === "timing") changeTiming(line, input);
        for (const each of form.querySelectorAll("[data-lines] > .pb-line")) syncLine(form, current, each);
        showRangeChoices(form, current);
        updateDriverChoices();
      } else if (input.dataset.path === "currency") {
        showCurrency(form, current);
      }
      edited();
    } else if (input.dataset.arg) {
      persist();
      scheduleSimulation(SIMULATION_DELAY_MS);
    }
  });

  abForm.addEventListener("input", (event) => {
    if (event.target.name === "roi-ab-kind") showAbKind();
    abCompare();
  });

  root.addEventListener("change", async (event) => {
    const input = event.target;
    if (!input.matches('input[type=file][data-action="import"]')) return;
    const file = input.files[0];
    input.value = "";
    try {
      if (!ready) throw new Error("the calculator engine is still loading; try again in a moment");
      await loadExternal(await readJsonFile(file), `the file ${file.name}`);
    } catch (error) {
      notice(root, `The file ${file?.name || ""} was refused: ${error.message.replace(/\.?$/, ".")} Your current inputs are unchanged.`, "error");
    }
  });

  // First paint: the saved case, if any, fills the form before the engine is ready.
  const defaultSettings = readSettings(form);
  const saved = store.load();
  if (saved && saved.case && typeof saved.case === "object") {
    if (saved.valid_case && typeof saved.valid_case === "object") lastValid = saved.valid_case;
    loadCase(saved.case, saved);
  } else {
    // The build-time form already shows the defaults.
    for (const line of form.querySelectorAll("[data-lines] > .pb-line")) syncLine(form, current, line);
    showRangeChoices(form, current);
    updateDriverChoices();
    // The form works at first paint: a value typed before this script bound goes through the
    // same handler as any later edit, so it reaches the case, is saved and is computed.
    for (const input of form.querySelectorAll("[data-path], [data-arg]")) {
      if (editedBeforeBinding(input)) input.dispatchEvent(new Event("input", { bubbles: true }));
    }
  }
  showAbKind();
  // A page's first number format loads the browser's locale data (40-70 ms on a slow 2-core
  // machine): pay that while the engine starts, not in the frame that shows the first results.
  whenIdle(() => formatters(current.currency), 2000);

  engine.ready.then(
    async () => {
      if (!root.isConnected) return;
      ready = true;
      root.dataset.engine = "ready";
      status(root, saved ? "Calculator ready. Your saved case was restored." : "Calculator ready.", "ready");
      if (await applyShareFragment(root, SHARE_KEY, loadExternal, "inputs")) { abCompare(); return; }
      await recompute();
      abCompare();
    },
    (error) => {
      root.dataset.engine = "failed";
      status(root, `${error.message}. The form still works and your case is kept in this browser; reload the page to try again.`, "error");
    },
  );
}
