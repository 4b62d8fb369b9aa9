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
//
// A cost or benefit line shows a summary of its key figures and an Edit button; its editor (its
// fields) is in the page only while it is open: Chromium scans every form control a page holds
// (autofill), and the ~170 of every line's editor at once held a phone's main thread for a
// second. The case (page.state.current) holds every line's values, open or closed; a closed line's
// figures are written from it. Which lines are open is kept by line id, across re-renders.

import { setOptions } from "./dom.js";
import { notice, pageLanguage, t, undoNotice } from "./tools.js";
import { getAt, readInput, shownText, vocabularyOf, writeInput } from "./roi-case.js";

const LISTS = ["costs", "benefits", "flexibility", "uncertainty"];
const TIMING_KEYS = ["year", "start_year", "growth"];
const lineKey = (list, item) => (list === "uncertainty" ? item?.driver : item?.id);
/** @param {any} data @param {string} list @returns {any[]} */
export const itemsOf = (data, list) => (Array.isArray(data[list]) ? data[list] : []);

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

// -- open and closed lines --

/** @type {WeakMap<Element, Set<string>>} */
const openIds = new WeakMap();
/** @param {Element} form @returns {Set<string>} the ids of the open lines */
function openLines(form) {
  if (!openIds.has(form)) openIds.set(form, new Set());
  return openIds.get(form);
}
/** @param {Element} line @returns {HTMLElement | null} */
export const editorOf = (line) => line?.querySelector(':scope > [data-role="line-editor"]');
/** @param {Element} line @returns {HTMLElement | null} */
export const editButtonOf = (line) => line?.querySelector('[data-action="edit-line"]');
/** @param {Element} line */
export const isClosed = (line) => Boolean(editorOf(line)?.hidden);

/** @param {HTMLElement} line @param {boolean} open */
function markOpen(line, open) {
  const editor = editorOf(line);
  if (!editor) return;
  if (!open) editor.replaceChildren();
  editor.hidden = !open;
  line.classList.toggle("pb-line--open", open);
  editButtonOf(line)?.setAttribute("aria-expanded", String(open));
}

// Opens a closed line: its editor from its list's template, filled in from the case. False if it
// was open already (or has no editor).
/** @param {HTMLElement} form @param {any} data @param {HTMLElement} line */
export function openLine(form, data, line) {
  const editor = editorOf(line);
  if (!editor || !editor.hidden) return false;
  const { list } = line.dataset;
  const item = itemsOf(data, list)[Number(line.dataset.index)];
  const fresh = editorOf(instantiate(templateFor(form, list, item), line.id, line.dataset.linePath));
  editor.replaceChildren(...fresh.childNodes);
  markOpen(line, true);
  openLines(form).add(line.id);
  if (list === "uncertainty") syncRangeScale(form, data, line, item);
  for (const input of editor.querySelectorAll("[data-path]")) writeInput(input, getAt(data, /** @type {HTMLElement} */ (input).dataset.path));
  showCurrency(form, data, editor);
  syncLine(form, data, line);
  return true;
}

/** @param {HTMLElement} form @param {HTMLElement} line */
export function closeLine(form, line) {
  markOpen(line, false);
  openLines(form).delete(line.id);
}
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
  return names.map((name) => /** @type {[string, string]} */ ([name, driverLabel(form, data, name)]));
}

// Writes only what changes: the page binds over a form the build already filled in, and an
// unchanged write still makes the browser restyle (and lay out again) the whole long form.
function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}
function setHidden(el, hidden) {
  if (el.hidden !== hidden) el.hidden = hidden;
}

// What only the browser shows of a line: the legend, its figures, the fields of its timing, the
// help that goes with its timing, its buttons' names. All from the case, open or closed. Without
// `figures` the figures stay as they are (the build wrote them from the same case).
export function syncLine(form, data, line, { figures = true } = {}) {
  const list = line.dataset.list;
  const item = itemsOf(data, list)[Number(line.dataset.index)] || {};
  const label = list === "uncertainty" ? driverLabel(form, data, item.driver) : (item.label || item.id || "");
  setText(line.querySelector('[data-role="line-label"]'), label);
  for (const name of line.querySelectorAll('[data-role="remove-name"], [data-role="edit-name"], [data-role="done-name"]')) setText(name, label);
  if (list === "uncertainty") syncRangeScale(form, data, line, item); // the figures' scale first
  if (figures) for (const figure of line.querySelectorAll("[data-figure]")) setText(figure, shownText(figure, item[figure.dataset.figure] ?? undefined));
  const vocab = vocabularyOf(form);
  const words = (choices, value) => (typeof choices[value] === "string" ? choices[value] : String(value ?? ""));
  if (list === "uncertainty") {
    // A closed range: its distribution in words, a blank most likely value said as the line's
    // own, and whether its values are changes from it.
    const distribution = line.querySelector('[data-figure="distribution"]');
    if (distribution && figures) setText(distribution, words(vocab.distributions, item.distribution));
    for (const figure of line.querySelectorAll('[data-figure="low"], [data-figure="mode"], [data-figure="high"]')) {
      const unit = figure.parentElement?.querySelector('[data-role="figure-unit"]');
      if (unit && !shownText(figure, item[figure.dataset.figure] ?? undefined).match(/\d/)) setHidden(unit, true);
    }
    setText(line.querySelector('[data-role="line-kind"]'), `(${item.relative === true ? t("roi_form.range.kind_relative") : inSentence(words(vocab.items, "uncertainty"))})`);
    return;
  }
  if (list !== "costs") return;
  const timing = String(item.timing ?? "");
  const perUser = item.per_user === true;
  for (const wrap of line.querySelectorAll("[data-only]")) {
    const off = wrap.dataset.only !== timing;
    setHidden(wrap, off);
    for (const input of wrap.querySelectorAll("input, select")) if (input.disabled !== off) input.disabled = off;
  }
  for (const span of line.querySelectorAll("[data-when]")) setHidden(span, span.dataset.when !== (perUser ? "per_user" : timing));
  setText(line.querySelector('[data-role="line-kind"]'), t("roi.lines.kind", { timing: inSentence(words(vocab.timings, timing)), per_user: perUser ? t("roi.lines.per_user") : "", category: inSentence(words(vocab.cost_categories, item.category)) }));
}

// The vocabulary's field of a driver of the engine: a line's by its key ("benefits.upsell.margin"
// is a margin), the case's by its name ("adoption.target"); undefined for an unknown one.
function driverField(vocab, name) {
  const [list, , key] = String(name).split(".");
  return vocab.fields[list === "costs" || list === "benefits" ? key : String(name)];
}

// A range's low, most likely and high show the driver's own values, scaled and suffixed as the
// vocabulary shows its field (a closed line has no input to ask), or, relative, changes from its
// base value as the vocabulary shows those (its relative_range: in percent).
export function syncRangeScale(form, data, line, item) {
  const vocab = vocabularyOf(form);
  const shown = item?.relative === true ? vocab.relative_range : driverField(vocab, item?.driver);
  const scale = Number(shown?.scale || 1);
  const suffix = shown?.suffix || "";
  for (const key of ["low", "mode", "high"]) {
    // Its closed line's figure (always there) and its editor's input (while it is open).
    const figure = /** @type {HTMLElement | null} */ (line.querySelector(`[data-figure="${key}"]`));
    if (figure) {
      if (scale === 1) delete figure.dataset.scale;
      else figure.dataset.scale = String(scale);
      const unit = figure.parentElement?.querySelector('[data-role="figure-unit"]');
      if (unit) { setHidden(unit, !suffix); setText(unit, suffix); }
    }
    const input = fieldOf(line, key);
    if (!input) continue;
    if (scale === 1) delete input.dataset.scale;
    else input.dataset.scale = String(scale);
    const unit = input.closest(".pb-field")?.querySelector('[data-role="unit"]');
    if (unit) { setHidden(unit, !suffix); setText(unit, suffix ? `(${suffix})` : ""); }
  }
}

// Build every line group from the case, then fill every input from it.
export function showCase(form, data) {
  const open = openLines(form);
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
      markOpen(line, open.has(base));
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

/** @param {HTMLElement} form @param {any} data @param {ParentNode} [scope] */
export function showCurrency(form, data, scope = form) {
  const text = typeof data.currency === "string" && data.currency.trim() ? data.currency.trim() : t("roi.lines.money");
  for (const span of scope.querySelectorAll('[data-role="currency"]')) setText(span, text);
}

// The add-a-range select lists the drivers that have no range yet.
export function showRangeChoices(form, data) {
  const select = form.querySelector('[data-add="uncertainty"]').closest(".pb-add").querySelector("select");
  const ranged = new Set(itemsOf(data, "uncertainty").map((u) => u?.driver));
  const choices = driverChoices(form, data).filter(([name]) => !ranged.has(name));
  setOptions(select, choices.length ? choices : [["", t("roi.lines.every_driver_ranged")]]);
  if (select.disabled !== !choices.length) select.disabled = !choices.length;
}

/**
 * The edits of the lines: add, remove, change a benefit's category, a range's relative flag, a
 * cost's timing. `page` holds the case (`page.state.current`) and what to do after an edit.
 * @param {{
 *   root: HTMLElement, form: HTMLElement, state: {current: any},
 *   snapshot: () => any, loadCase: (data: any, settings?: any) => void,
 *   edited: () => void, rerender: () => void, lineErrors: (line: HTMLElement) => void,
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
  // Where the keyboard lands on a line: its first field if open, else its Edit button.
  const entryOf = (line) => (isClosed(line) ? editButtonOf(line) : firstField(line));
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
    focusOn(entryOf(lineByKey(list, key)));
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
    const line = lineAt(list, items.length - 1);
    openLine(form, state.current, line); // a new line opens, to be filled in
    page.edited();
    focusOn(firstField(line), { selectText: true });
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
    focusOn(next ? entryOf(next) : form.querySelector(`[data-add="${list}"]`));
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

  // Edit opens a line and moves the keyboard into it (to its first field the engine refused, if
  // any); pressed again, or Done, or Escape in the editor, closes it and goes back to Edit.
  const toggleLine = (button) => {
    const line = button.closest(".pb-line");
    if (!isClosed(line)) { closeToButton(line); return; }
    openLine(form, state.current, line);
    page.lineErrors(line);
    focusOn(line.querySelector('[aria-invalid="true"]') || firstField(line));
  };
  const closeToButton = (line) => {
    if (!line || isClosed(line) || !editorOf(line)) return;
    closeLine(form, line);
    syncLine(form, state.current, line); // its figures as the engine read them ("1.234,5" is 1234.5)
    page.lineErrors(line);
    editButtonOf(line).focus();
  };

  // The lines that hold one of these errors' fields, opened (the field shows its message);
  // errors of a line as a whole show on its summary, open or not. Returns the lines opened.
  const openForErrors = (errors) => errors.flatMap((error) => {
    const field = String(error?.field || "");
    const path = field.match(/^[a-z_]+\[\d+\]/)?.[0];
    const line = path && path !== field ? form.querySelector(`[data-lines] > [data-line-path="${CSS.escape(path)}"]`) : null;
    return line && openLine(form, state.current, /** @type {HTMLElement} */ (line)) ? [line] : [];
  });

  return { addLine, removeLine, changeBenefitCategory, changeRelative, changeTiming, toggleLine, closeLine: closeToButton, openForErrors };
}
