// The ROI page's form binding: the case (a JSON object) and the inputs that show it. Every input
// carries data-path, the path in the case the engine names in its errors ("costs[2].amount").
// No calculations: values move between inputs and the case, scaled and written as the engine's
// vocabulary says (the build writes it into the page: data-vocabulary, from
// calculators._roi_input.field_vocabulary).

import { numberFormat } from "./tools.js";

/** @typedef {Record<string, any>} Case */

/**
 * The engine's vocabulary, as the build writes it into the page. A field's scale and suffix are
 * how the form shows its values (a case's 0.1 is "10" with "%" for a percentage).
 * @typedef {{scale: number, suffix: string}} Shown
 * @typedef {{
 *   fields: Record<string, {label: string, unit: string, default?: unknown} & Shown>,
 *   benefit_categories: Record<string, {label: string, drivers: string[]}>,
 *   units: Record<string, Shown>,
 *   timings: Record<string, string>,
 *   cost_categories: Record<string, string>,
 *   distributions: Record<string, string>,
 *   items: Record<string, string>,
 *   case_ranged: Record<string, string | null>,
 *   cost_ranged: string[],
 *   line_driver_label: string,
 *   relative_range: Shown,
 *   decimal: string,
 *   group: string,
 *   id_pattern: string,
 *   export_format: string,
 * }} Vocabulary
 */

/** @type {WeakMap<Element, Vocabulary>} */
const vocabularies = new WeakMap();

/** @param {Element} el an element of the ROI page @returns {Vocabulary} */
export function vocabularyOf(el) {
  const root = /** @type {HTMLElement} */ (el.closest("[data-vocabulary]"));
  if (!vocabularies.has(root)) vocabularies.set(root, JSON.parse(root.dataset.vocabulary));
  return vocabularies.get(root);
}

/** @template T @param {T} value @returns {T} */
export const clone = (value) => JSON.parse(JSON.stringify(value));

/** @param {string} path @returns {Array<string | number>} */
function pathParts(path) {
  return path.match(/[^.[\]]+/g).map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** @param {any} data @param {string} path */
export function getAt(data, path) {
  let node = data;
  for (const part of pathParts(path)) {
    if (node === null || typeof node !== "object") return undefined;
    node = node[part];
  }
  return node;
}

/** @param {any} data @param {string} path @param {unknown} value */
export function setAt(data, path, value) {
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
// A field of the case (data-path) or of the A/B panel (data-ab-path) on a page whose decimal
// separator is not "." sends text with a "." as text too: "1.234" is 1234 on a German page, and
// Python reads it in the page's format.
// An input with data-scale (from the engine's vocabulary: "100" for a percentage) shows the
// case's value times the scale: the reader types 10, the case holds 0.1.
/** @param {HTMLElement} input */
export const scaleOf = (input) => Number(input.dataset.scale || 1);

/** @param {any} input */
export function readInput(input) {
  if (input.dataset.type === "bool") return input.checked;
  const raw = input.value;
  if (input.dataset.type === "text") return raw;
  if (raw.trim() === "") return "default" in input.dataset ? undefined : raw;
  if ((input.dataset.path || input.dataset.abPath) && raw.includes(".") && numberFormat().decimal !== ".") return raw;
  const number = Number(raw);
  return Number.isFinite(number) ? number / scaleOf(input) : raw;
}

// Whether the reader changed this field from what the page was built with.
/** @param {any} input */
export function editedBeforeBinding(input) {
  if (input.type === "checkbox" || input.type === "radio") return input.checked !== input.defaultChecked;
  if (input.tagName === "SELECT") {
    const built = [...input.options].findIndex((option) => option.defaultSelected);
    return input.selectedIndex !== Math.max(built, 0);
  }
  return input.value !== input.defaultValue;
}

// The text an input shows for a case value (its data-scale and data-default apply), and a closed
// line's figure of it (data-figure: a field of the case, as data-path is): as the build wrote
// them (the vocabulary's shown, in Python), with the vocabulary's decimal separator.
/** @param {HTMLElement} el @param {unknown} value @returns {string} */
export function shownText(el, value) {
  const shown = value === undefined ? el.dataset.default : value;
  // A number in the page's decimal separator, without grouping, as readInput reads it back; a
  // closed line's figure (read, not edited) also grouped, as the build writes it (the
  // vocabulary's figure, in Python): "250,000".
  const written = (n) => {
    const [whole, fraction] = String(n).split(".");
    if (!el.dataset.path && !el.dataset.figure) return String(n);
    const vocab = vocabularyOf(el);
    const grouped = el.dataset.figure && !el.dataset.path ? whole.replace(/\B(?=(\d{3})+(?!\d))/g, vocab.group) : whole;
    return fraction === undefined ? grouped : `${grouped}${vocab.decimal}${fraction}`;
  };
  if (typeof shown === "number" && scaleOf(el) !== 1) return written(Number((shown * scaleOf(el)).toPrecision(12)));
  if (typeof shown === "number") return written(shown);
  return shown === undefined || shown === null ? "" : String(shown);
}

/** @param {any} input @param {unknown} value */
export function writeInput(input, value) {
  if (input.dataset.type !== "bool") input.value = shownText(input, value);
  else {
    const shown = value === undefined ? input.dataset.default : value;
    input.checked = shown === true || shown === "true";
  }
}

// The simulation's settings (runs, seed): not part of the case.
/** @param {HTMLElement} form */
export function readSettings(form) {
  const runsInput = /** @type {HTMLInputElement} */ (form.querySelector('[data-arg="runs"]'));
  const seedInput = /** @type {HTMLInputElement} */ (form.querySelector('[data-arg="seed"]'));
  const runs = readInput(runsInput);
  const seed = seedInput.value.trim() === "" ? null : readInput(seedInput);
  return { runs: runs === undefined ? 0 : runs, seed };
}

/** @param {HTMLElement} form @param {{runs?: unknown, seed?: unknown} | undefined} settings */
export function showSettings(form, settings) {
  if (!settings) return;
  if (settings.runs !== undefined) writeInput(form.querySelector('[data-arg="runs"]'), settings.runs);
  if (settings.seed !== undefined) writeInput(form.querySelector('[data-arg="seed"]'), settings.seed);
}
