// The ROI page's lines: costs, benefits, options and ranges, rendered from the page's <template>
// elements, and the edits that add, remove and re-shape them. The words (driver labels, which
// numbers a range may take, the id rule) come from the engine's vocabulary, which the build
// writes into the page (data-vocabulary, from calculators._roi_input.field_vocabulary).
//
// Costs, benefits, options and ranges are lists in the case; each item has a group in the form,
// cloned from the template of its list (benefits: of its category). A line's DOM ids start with
// "roi-<list>-<its id>" (ranges: the driver with "-" for "."), so they stay the same when lines
// before it come and go; its inputs' data-path follows its place in the list ("costs[2].amount"),
// the path the engine names in its errors.

import { h } from "./dom.js";
import { notice, pageLanguage, t, undoNotice } from "./tools.js";
import { getAt, readInput, writeInput, scaleOf } from "./roi-case.js";

/**
 * The engine's vocabulary, as the build writes it into the page.
 * @typedef {{
 *   fields: Record<string, {label: string, unit: string, default?: unknown}>,
 *   benefit_categories: Record<string, {label: string, drivers: string[]}>,
 *   case_ranged: Record<string, string | null>,
 *   cost_ranged: string[],
 *   line_driver_label: string,
 *   id_pattern: string,
 *   export_format: string,
 * }} Vocabulary
 */

const LISTS = ["costs", "benefits", "flexibility", "uncertainty"];
const TIMING_KEYS = ["year", "start_year", "growth"];
const lineKey = (list, item) => (list === "uncertainty" ? item?.driver : item?.id);
/** @param {any} data @param {string} list @returns {any[]} */
export const itemsOf = (data, list) => (Array.isArray(data[list]) ? data[list] : []);

/** @type {WeakMap<Element, Vocabulary>} */
const vocabularies = new WeakMap();

/** @param {Element} form @returns {Vocabulary} */
export function vocabularyOf(form) {
  const root = /** @type {HTMLElement} */ (form.closest("[data-vocabulary]"));
  if (!vocabularies.has(root)) vocabularies.set(root, JSON.parse(root.dataset.vocabulary));
  return vocabularies.get(root);
}

// A snake_case id the engine takes (its id pattern, from the vocabulary), not yet used in `taken`.
function uniqueId(form, text, taken) {
  let slug = String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
    .replace(/[^a-z0-9]+/g, "_").replace(/^_+|_+$/g, "");
  if (!new RegExp(vocabularyOf(form).id_pattern).test(slug)) slug = slug ? `line_${slug}` : "line";
  let id = slug;
  for (let n = 2; taken.has(id); n += 1) id = `${slug}_${n}`;
  return id;
}

/** @returns {HTMLTemplateElement} */
export function templateFor(form, list, item) {
  if (list !== "benefits") return form.querySelector(`template[data-template="${list}"]`);
  return form.querySelector(`template[data-template="benefits"][data-category="${CSS.escape(String(item?.category))}"]`)
    || form.querySelector('template[data-template="benefits"]');
}

/** @param {HTMLTemplateElement} template @returns {HTMLElement} */
function instantiate(template, base, path) {
  const line = /** @type {HTMLElement} */ (template.content.firstElementChild.cloneNode(true));
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
export function templateValues(template) {
  const values = {};
  for (const input of instantiate(template, "roi-probe", "probe").querySelectorAll("[data-key]")) {
    const value = /** @type {HTMLInputElement} */ (input).disabled ? undefined : readInput(input);
    if (value !== undefined) values[/** @type {HTMLElement} */ (input).dataset.key] = value;
  }
  return values;
}

/** @returns {any} */
export const fieldOf = (line, key) => line.querySelector(`[data-key="${key}"]`);
// An option's words inside a sentence: lower case in English ("one-time"), as written elsewhere.
const inSentence = (text) => (pageLanguage().startsWith("en") ? text.toLowerCase() : text);
const lineLabel = (line) => line?.querySelector('[data-role="line-label"]')?.textContent.trim() || "";

// The words for a driver of the engine ("benefits.upsell.margin"), as the engine labels it: the
// case's own by their field's label, a line's as the vocabulary's "{line}: {field}".
export function driverLabel(form, data, name) {
  const vocab = vocabularyOf(form);
  if (name in vocab.case_ranged) return vocab.fields[name]?.label || String(name);
  const [list, id, key] = String(name).split(".");
  const item = (list === "costs" || list === "benefits") ? itemsOf(data, list).find((i) => i?.id === id) : null;
  if (!item || !key || !vocab.fields[key]) return String(name);
  return vocab.line_driver_label.replace("{line}", item.label || item.id).replace("{field}", vocab.fields[key].label);
}

// Every number of the current lines that a range can be put on, with its words: the case's own
// (some only when a cost carries a flag, as users with a per-user cost), then each line's.
export function driverChoices(form, data) {
  const vocab = vocabularyOf(form);
  const names = Object.entries(vocab.case_ranged)
    .filter(([, flag]) => !flag || itemsOf(data, "costs").some((c) => c?.[flag] === true))
    .map(([name]) => name);
  for (const item of itemsOf(data, "costs")) if (item?.id) names.push(...vocab.cost_ranged.map((key) => `costs.${item.id}.${key}`));
  for (const item of itemsOf(data, "benefits")) {
    const drivers = vocab.benefit_categories[item?.category]?.drivers;
    if (item?.id && drivers) names.push(...drivers.map((key) => `benefits.${item.id}.${key}`));
  }
  return names.map((name) => [name, driverLabel(form, data, name)]);
}

// Writes only what changes: the page binds over a form the build already filled in, and an
// unchanged write still makes the browser restyle (and lay out again) the whole long form.
function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}
function setHidden(el, hidden) {
  if (el.hidden !== hidden) el.hidden = hidden;
}

// What only the browser shows of a line: the legend, the fields of its timing, the help that goes
// with its timing, the Remove button's name.
export function syncLine(form, data, line) {
  const list = line.dataset.list;
  const item = itemsOf(data, list)[Number(line.dataset.index)] || {};
  const label = list === "uncertainty" ? driverLabel(form, data, item.driver) : (item.label || item.id || "");
  setText(line.querySelector('[data-role="line-label"]'), label);
  const removeName = line.querySelector('[data-role="remove-name"]');
  if (removeName) setText(removeName, label);
  if (list === "uncertainty") syncRangeScale(form, data, line, item);
  if (list !== "costs") return;
  const timing = fieldOf(line, "timing").value;
  const perUser = fieldOf(line, "per_user").checked;
  for (const wrap of line.querySelectorAll("[data-only]")) {
    const off = wrap.dataset.only !== timing;
    setHidden(wrap, off);
    for (const input of wrap.querySelectorAll("input, select")) if (input.disabled !== off) input.disabled = off;
  }
  for (const span of line.querySelectorAll("[data-when]")) setHidden(span, span.dataset.when !== (perUser ? "per_user" : timing));
  const text = (key) => fieldOf(line, key).selectedOptions[0]?.textContent || "";
  setText(line.querySelector('[data-role="line-kind"]'), t("roi.lines.kind", { timing: inSentence(text("timing")), per_user: perUser ? t("roi.lines.per_user") : "", category: inSentence(text("category")) }));
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
export function syncRangeScale(form, data, line, item) {
  const scale = item?.relative === true ? Number(form.dataset.percentScale || 100) : scaleOf(driverInput(form, data, item?.driver) || line);
  for (const key of ["low", "mode", "high"]) {
    const input = fieldOf(line, key);
    if (!input) continue;
    if (scale === 1) delete input.dataset.scale;
    else input.dataset.scale = String(scale);
    const unit = input.closest(".pb-field")?.querySelector('[data-role="unit"]');
    if (unit) { setHidden(unit, scale === 1); setText(unit, scale === 1 ? "" : "(%)"); }
  }
}

// Build every line group from the case, then fill every input from it.
export function showCase(form, data) {
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

export function showCurrency(form, data) {
  const text = typeof data.currency === "string" && data.currency.trim() ? data.currency.trim() : t("roi.lines.money");
  for (const span of form.querySelectorAll('[data-role="currency"]')) span.textContent = text;
}

// The add-a-range select lists the drivers that have no range yet.
export function showRangeChoices(form, data) {
  const select = form.querySelector('[data-add="uncertainty"]').closest(".pb-add").querySelector("select");
  const ranged = new Set(itemsOf(data, "uncertainty").map((u) => u?.driver));
  const choices = driverChoices(form, data).filter(([name]) => !ranged.has(name));
  const chosen = select.value;
  select.replaceChildren(...(choices.length
    ? choices.map(([name, text]) => h("option", { value: name, text }))
    : [h("option", { value: "", text: t("roi.lines.every_driver_ranged") })]));
  if (choices.some(([name]) => name === chosen)) select.value = chosen;
  select.disabled = !choices.length;
}

/**
 * The edits of the lines: add, remove, change a benefit's category, a range's relative flag, a
 * cost's timing. `page` holds the case (`page.state.current`) and what to do after an edit.
 * @param {{
 *   root: HTMLElement, form: HTMLElement, state: {current: any},
 *   snapshot: () => any, loadCase: (data: any, settings?: any) => void,
 *   edited: () => void, rerender: () => void,
 *   ranges: () => Array<{driver: string, relative: boolean, low: number, high: number, as_relative: {low: number, high: number} | null}>,
 * }} page
 */
export function lineEditor(page) {
  const { root, form, state } = page;
  /** @returns {HTMLElement[]} */
  const linesOf = (list) => [.../** @type {NodeListOf<HTMLElement>} */ (form.querySelectorAll(`[data-lines="${list}"] > .pb-line`))];
  const lineAt = (list, index) => linesOf(list).find((line) => line.dataset.index === String(index));
  const lineByKey = (list, key) => linesOf(list).find((line) => line.dataset.id === key);
  const firstField = (line) => line?.querySelector("input:not(:disabled), select:not(:disabled)");
  const focusOn = (field, { selectText = false } = {}) => {
    if (!field) return;
    field.focus({ preventScroll: true });
    field.scrollIntoView({ block: "center" });
    if (selectText && field.type === "text") field.select();
  };
  const quoted = (texts) => texts.map((text) => t("roi.lines.quoted", { text })).join(", ");

  const restore = (previous, list, key) => () => {
    page.loadCase(previous.case, previous);
    page.edited();
    focusOn(firstField(lineByKey(list, key)));
  };

  // After a change, drop the ranges whose driver was there before and is not any more (its line
  // went, or its category no longer has that driver); returns their words, as they were.
  const dropRanges = (before, previousCase) => {
    const after = new Set(driverChoices(form, state.current).map(([name]) => name));
    const gone = itemsOf(state.current, "uncertainty").filter((u) => before.has(u?.driver) && !after.has(u.driver));
    if (gone.length) state.current.uncertainty = state.current.uncertainty.filter((u) => !gone.includes(u));
    return gone.map((u) => driverLabel(form, previousCase, u.driver));
  };
  const rangesNote = (names) => (names.length
    ? t(names.length > 1 ? "roi.lines.ranges_removed" : "roi.lines.range_removed", { names: quoted(names) })
    : "");
  const choiceNames = () => new Set(driverChoices(form, state.current).map(([name]) => name));

  // A range turned relative: the values typed and the changes they became, for the way back.
  /** @type {WeakMap<HTMLElement, {values: {low: number, high: number}, changes: {low: number, high: number}}>} */
  const toggled = new WeakMap();

  const driverValue = (name) => {
    const [list, id, key] = name.split(".");
    if (list === "costs" || list === "benefits") return itemsOf(state.current, list).find((item) => item?.id === id)?.[key];
    return getAt(state.current, name);
  };

  // A new line takes the values of its template's inputs, a fresh id and, for a range, the
  // driver's current value as its low and high (its most likely value is that value).
  const addLine = (button) => {
    const list = button.dataset.add;
    const choice = button.closest(".pb-add").querySelector("select")?.value;
    if (!Array.isArray(state.current[list])) state.current[list] = [];
    const items = state.current[list];
    /** @type {Record<string, unknown>} */
    let item;
    if (list === "uncertainty") {
      if (!choice) { notice(root, t("roi.lines.all_ranged"), "info"); return; }
      const value = driverValue(choice);
      item = { driver: choice, ...templateValues(templateFor(form, list, {})), low: value, high: value };
    } else {
      const values = templateValues(templateFor(form, list, { category: choice }));
      item = { id: uniqueId(form, list === "flexibility" ? "option" : choice, new Set(items.map((i) => i?.id))), ...values };
      if (list === "costs") item.category = choice;
    }
    items.push(item);
    page.rerender();
    page.edited();
    focusOn(firstField(lineAt(list, items.length - 1)), { selectText: true });
  };

  const removeLine = (button) => {
    const line = button.closest(".pb-line");
    const { list } = line.dataset;
    const index = Number(line.dataset.index);
    const items = itemsOf(state.current, list);
    if (!items[index]) return;
    const previous = page.snapshot();
    const label = lineLabel(line);
    const before = choiceNames();
    items.splice(index, 1);
    const gone = list === "uncertainty" ? [] : dropRanges(before, previous.case);
    page.rerender();
    page.edited();
    const next = lineAt(list, index) || lineAt(list, index - 1);
    focusOn(next ? firstField(next) : form.querySelector(`[data-add="${list}"]`));
    const what = t(list === "uncertainty" ? "roi.lines.the_range_on" : "roi.lines.quoted", { text: label });
    undoNotice(root, t("roi.lines.removed", { what, ranges: rangesNote(gone) }), restore(previous, list, line.dataset.id));
  };

  // A benefit of another category has other drivers: the line is rebuilt from that category's
  // template, keeping what both share (label, shared drivers, start year, growth, ...).
  const changeBenefitCategory = (line, select) => {
    const index = Number(line.dataset.index);
    const old = state.current.benefits?.[index];
    if (!old || typeof old !== "object") return;
    const previous = page.snapshot();
    const before = choiceNames();
    const template = templateFor(form, "benefits", { category: select.value });
    const fresh = templateValues(template);
    const item = { id: old.id };
    for (const input of template.content.querySelectorAll("[data-key]")) {
      const key = /** @type {HTMLElement} */ (input).dataset.key;
      if (key === "category") item.category = select.value;
      else if (key in old) item[key] = old[key];
      else if (/** @type {HTMLElement} */ (input).dataset.driver && key in fresh) item[key] = fresh[key];
    }
    state.current.benefits[index] = item;
    const gone = dropRanges(before, previous.case);
    page.rerender();
    page.edited();
    focusOn(fieldOf(lineAt("benefits", index), "category"));
    const kind = inSentence(select.selectedOptions[0]?.textContent || select.value);
    undoNotice(root, t("roi.lines.category_changed", { label: lineLabel(line), kind, ranges: rangesNote(gone) }), restore(previous, "benefits", line.dataset.id));
  };

  // A range turned relative keeps its low and high, as the engine says them as changes from the
  // base (its last result's as_relative); turned back, the engine's values for them. Without a
  // result for the range as typed (not yet computed, or a base of 0), it starts at ± the
  // sensitivity step around the base, or turned back, at the driver's value. Its most likely
  // value goes back to the base either way.
  const changeRelative = (line, box) => {
    const range = state.current.uncertainty?.[Number(line.dataset.index)];
    if (!range || typeof range !== "object") return;
    const step = typeof state.current.sensitivity_range === "number" ? state.current.sensitivity_range : Number(vocabularyOf(form).fields.sensitivity_range.default);
    const value = driverValue(range.driver);
    const same = (a, b) => typeof b === "number" && Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a));
    const row = page.ranges().find((r) => r.driver === range.driver && r.as_relative);
    // Turned back with the changes as they were turned into: the values typed, as they were.
    const kept = toggled.get(line);
    if (!box.checked && kept && same(kept.changes.low, range.low) && same(kept.changes.high, range.high)) {
      Object.assign(range, { relative: false, low: kept.values.low, high: kept.values.high });
    } else {
      const was = box.checked ? row && { low: row.low, high: row.high } : row?.as_relative;
      const typed = row && row.relative !== box.checked && same(was.low, range.low) && same(was.high, range.high);
      const values = { low: range.low, high: range.high };
      if (box.checked) Object.assign(range, typed ? { relative: true, low: row.as_relative.low, high: row.as_relative.high } : { relative: true, low: -step, high: step });
      else Object.assign(range, typed ? { relative: false, low: row.low, high: row.high } : { relative: false, low: value, high: value });
      if (box.checked && typed) toggled.set(line, { values, changes: { low: range.low, high: range.high } });
    }
    delete range.mode;
    syncRangeScale(form, state.current, line, range);
    for (const input of line.querySelectorAll("[data-path]")) writeInput(input, getAt(state.current, input.dataset.path));
    page.edited();
  };

  // One-time costs have a year; recurring ones a start year and growth: move the year across.
  const changeTiming = (line, select) => {
    const item = state.current.costs?.[Number(line.dataset.index)];
    if (!item || typeof item !== "object") return;
    const [from, to] = select.value === "one_time" ? ["start_year", "year"] : ["year", "start_year"];
    fieldOf(line, to).value = fieldOf(line, from).value;
    syncLine(form, state.current, line);
    for (const key of TIMING_KEYS) {
      const input = fieldOf(line, key);
      const value = input.disabled ? undefined : readInput(input);
      if (value === undefined) delete item[key];
      else item[key] = value;
    }
  };

  return { addLine, removeLine, changeBenefitCategory, changeRelative, changeTiming };
}
