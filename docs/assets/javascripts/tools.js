// Moving data in and out of a calculator page: files, share links, notices, field errors, and
// what the three calculator pages share in talking to the engine. No calculations.

import { h, status } from "./dom.js";

const MAX_IMPORT_BYTES = 1_000_000;

// -- the interface's words --------------------------------------------------------------------

// rubrics/strings.yaml in the site's language, as the page carries it (JSON data, never run).
/** @type {Record<string, string> | null} */
let table = null;
/** @returns {Record<string, string>} */
function strings() {
  if (table) return table;
  const el = document.getElementById("pb-strings");
  if (!el) return {};
  try {
    table = JSON.parse(el.textContent || "{}");
  } catch {
    table = {};
  }
  return table;
}

// The page's language (Material sets <html lang> from theme.language).
export const pageLanguage = () => document.documentElement.lang || "en";

// The page language's decimal and group separators, as the engine reads typed numbers with them
// (calculators/_numbers.py): {decimal: ",", group: "."} on a German page.
/** @type {{decimal: string, group: string} | null} */
let separators = null;
/** @returns {{decimal: string, group: string}} */
export function numberFormat() {
  if (separators) return separators;
  const parts = numberFormatter().formatToParts(12345.6);
  const part = (type) => parts.find((p) => p.type === type)?.value;
  separators = { decimal: part("decimal") || ".", group: part("group") ?? "" };
  return separators;
}

// The page language's number formats (`options` as Intl.NumberFormat takes them), each made once
// and kept: making one costs far more than using it, and a render of 1,000 files writes
// thousands of numbers. Options a language cannot take throw, as Intl.NumberFormat does. A caller
// that writes many numbers passes the same options object each time: its format is kept with it.
/** @type {Map<string, Intl.NumberFormat>} */
const formats = new Map();
/** @type {WeakMap<Intl.NumberFormatOptions, [string, Intl.NumberFormat]>} */
const lastFormat = new WeakMap();
const NO_OPTIONS = Object.freeze({});
/** @param {Intl.NumberFormatOptions} [options] @returns {Intl.NumberFormat} */
export function numberFormatter(options = NO_OPTIONS) {
  const lang = pageLanguage();
  const last = lastFormat.get(options);
  if (last && last[0] === lang) return last[1];
  const key = `${lang} ${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) formats.set(key, (format = new Intl.NumberFormat(lang, options)));
  lastFormat.set(options, [lang, format]);
  return format;
}

// Run `work`, which writes numbers, once the engine's worker has built the page language's number
// formats: at once if it has (or has failed), else when it has. The page's first number format
// would otherwise load the browser's locale data on the main thread, 20-140 ms of one task on a
// loaded 2-core machine (engine-worker.js buildNumberFormats); after the worker's, 0.2 ms.
/** @param {EngineHandle} engine @param {() => void} work */
export function afterFormats(engine, work) {
  if (engine.formatsReady) work();
  else engine.formats.then(work);
}

// A number as the page's language writes it: grouped, with its decimal separator.
/** @param {number} value @param {Intl.NumberFormatOptions} [options] @returns {string} */
export const numberText = (value, options) => numberFormatter(options).format(value);

// A value as the reader's locale writes it: numbers with its separators, Python's messages (a
// label, a percentage, a list of them) each in the page's words, the rest as text.
/** @param {unknown} value @returns {string} */
export function localized(value) {
  if (typeof value === "number") return numberText(value);
  if (Array.isArray(value)) return value.map((v) => (v && typeof v === "object" ? said(v) : localized(v))).join("; ");
  if (value && typeof value === "object" && ("message" in value || "text" in value)) return said(value);
  return String(value);
}

// The interface string `id` with its {name} placeholders filled in from `values` ({Name}: the
// value with a capital first letter). An id the page does not know shows as itself.
/** @param {string} id @param {Record<string, unknown>} [values] @returns {string} */
export function t(id, values = {}) {
  const text = strings()[id];
  if (text === undefined) return id;
  return text.replace(/\{([A-Za-z_]\w*)\}/g, (whole, name) => {
    if (name in values) return localized(values[name]);
    const lower = name[0].toLowerCase() + name.slice(1);
    if (lower === name || !(lower in values)) return whole;
    const value = localized(values[lower]);
    return value.charAt(0).toUpperCase() + value.slice(1);
  });
}

// The page's strings whose ids start with one of `prefixes`, as they stand (placeholders not
// filled in): for words Python lays out itself in the page's language (a drawing's text).
/** @param {...string} prefixes @returns {Record<string, string>} */
export function wordsFor(...prefixes) {
  return Object.fromEntries(Object.entries(strings()).filter(([id]) => prefixes.some((p) => id.startsWith(p))));
}

// What Python said ({message or text, message_id?, values?}), in the page's words: on a page in
// another language, the string of its message id when the page knows it; else Python's English
// as it is. A message about several fields says each of them.
/** @param {any} item @returns {string} */
export function said(item) {
  if (!item) return "";
  const english = item.message ?? item.text ?? "";
  if (!item.message_id || !(item.message_id in strings()) || pageLanguage().startsWith("en")) return english;
  const values = { ...(item.values || {}) };
  if (Array.isArray(item.errors) && item.errors.length > 1) values.messages = item.errors.map(said).join("; ");
  return t(item.message_id, values);
}

export function download(filename, text, type = "application/json") {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
  const link = h("a", { href: url, download: filename, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export async function readJsonFile(file) {
  if (!file) throw new Error(t("common.error.no_file"));
  if (file.size > MAX_IMPORT_BYTES) throw new Error(t("common.error.file_too_large", { size: file.size, max: MAX_IMPORT_BYTES }));
  const text = await file.text();
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new Error(t("common.error.not_json", { detail: error.message }));
  }
}

function toBase64Url(bytes) {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(text) {
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

// A share link carries its data in the URL fragment, which browsers never send to a server.
function shareLink(key, data) {
  const encoded = toBase64Url(new TextEncoder().encode(JSON.stringify(data)));
  return `${location.origin}${location.pathname}#${key}=${encoded}`;
}

function readShareFragment(key) {
  const prefix = `#${key}=`;
  if (!location.hash.startsWith(prefix)) return null;
  const raw = location.hash.slice(prefix.length);
  try {
    return { data: JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(fromBase64Url(raw))) };
  } catch {
    return { error: t("common.notice.share_broken") };
  }
}

function clearFragment() {
  history.replaceState(history.state, "", location.pathname + location.search);
}

// The toolbar's "Copy share link": `data` travels in the link's fragment (never sent to a
// server). Copied when the browser allows it; shown, selected, in the notice either way.
// `what` says what travels ("answers travel", "the case travels").
export async function offerShareLink(root, key, data, what) {
  const url = shareLink(key, data);
  let copied = false;
  try {
    await navigator.clipboard.writeText(url);
    copied = true;
  } catch {
    /* clipboard not allowed: the link is shown below */
  }
  notice(root, t(copied ? "common.notice.share_copied" : "common.notice.share_shown", { what }), "info");
  const field = h("input", { type: "text", readonly: true, value: url, class: "pb-share", "aria-label": t("common.label.share_link"), "data-role": "share-link" });
  root.querySelector('[data-role="notice"]').append(field);
  field.select();
}

// Once the engine is ready: load a share link's fragment, if the page was opened with one, and
// drop it from the address bar. `load(data, source)` checks and applies it (true when done);
// a broken link is refused in the notice and nothing changes. `what`: "answers", "inputs".
export async function applyShareFragment(root, key, load, what) {
  const shared = readShareFragment(key);
  if (!shared) return false;
  clearFragment();
  if (shared.error) {
    notice(root, t("common.notice.share_unchanged", { error: shared.error, what }), "error");
    return false;
  }
  return Boolean(await load(shared.data, t("common.source.share_link")));
}

/**
 * @param {HTMLElement} root
 * @param {string} text
 * @param {string} [kind]
 * @param {Array<{label: string, onClick: () => void}>} [actions]
 */
export function notice(root, text, kind = "info", actions = []) {
  const el = /** @type {HTMLElement | null} */ (root.querySelector('[data-role="notice"]'));
  if (!el) return;
  el.dataset.kind = kind;
  el.replaceChildren(
    h("span", { text }),
    ...actions.map(({ label, onClick }) =>
      h("button", { type: "button", class: "md-button pb-notice__action", onclick: () => { onClick(); el.hidden = true; } }, label)),
    h("button", { type: "button", class: "pb-notice__close", "aria-label": t("common.button.dismiss"), onclick: () => { el.hidden = true; } }, "×"),
  );
  el.hidden = false;
}

export function storage(key) {
  return {
    load() {
      try {
        return JSON.parse(localStorage.getItem(key) || "null");
      } catch {
        return null;
      }
    },
    save(value) {
      try {
        localStorage.setItem(key, JSON.stringify(value));
        return true;
      } catch {
        return false; // storage disabled or full: the page still works, it cannot resume
      }
    },
    clear() {
      try {
        localStorage.removeItem(key);
      } catch {
        /* nothing to clear */
      }
    },
  };
}

export function siteBase() {
  try {
    const config = JSON.parse(document.getElementById("__config").textContent);
    return new URL(`${config.base}/`, location.href);
  } catch {
    return new URL("/", location.href);
  }
}

// A notice whose one action undoes what was just done.
/** @param {HTMLElement} root @param {string} text @param {() => void} undo */
export function undoNotice(root, text, undo, kind = "info") {
  notice(root, text, kind, [{ label: t("common.button.undo"), onClick: undo }]);
}

// Latest-only requests: each change takes a ticket; a reply whose ticket is no longer the latest
// is dropped (a newer change is on its way).
/** @returns {() => () => boolean} */
export function latestOnly() {
  let latest = 0;
  return () => {
    const mine = ++latest;
    return () => mine === latest;
  };
}

// The engine did not start: the page says so, and that the form still works. `kept` says what
// stays ("your answers are kept").
/** @param {HTMLElement} root @param {string} kept @returns {(error: Error) => void} */
export function engineFailed(root, kept) {
  return (error) => {
    root.dataset.engine = "failed";
    status(root, t("common.status.engine_failed", { error: said(error), kept }), "error");
  };
}

// The engine failed a request (it stopped, or a bug): the page says so; `kept` as above.
/** @param {HTMLElement} root @param {string} kept @returns {(error: Error) => void} */
export function engineLost(root, kept) {
  return (error) => status(root, t("common.status.engine_lost", { error: said(error), kept }), "error");
}

// The radio buttons of a form: the checked value of the group `name`, or null.
/** @param {ParentNode} scope @param {string} name @returns {string | null} */
export function readRadio(scope, name) {
  const checked = /** @type {HTMLInputElement | null} */ (scope.querySelector(`input[type=radio][name="${CSS.escape(name)}"]:checked`));
  return checked ? checked.value : null;
}

// The answers of a question form: each [data-question] group's checked radio, or null.
/** @param {ParentNode} form @returns {Record<string, string | null>} */
export function readAnswers(form) {
  /** @type {Record<string, string | null>} */
  const answers = {};
  for (const fieldset of /** @type {NodeListOf<HTMLElement>} */ (form.querySelectorAll("[data-question]"))) {
    const checked = /** @type {HTMLInputElement | null} */ (fieldset.querySelector("input[type=radio]:checked"));
    answers[fieldset.dataset.question] = checked ? checked.value : null;
  }
  return answers;
}

/** @param {ParentNode} form @param {Record<string, unknown> | null | undefined} answers */
export function writeAnswers(form, answers) {
  for (const fieldset of /** @type {NodeListOf<HTMLElement>} */ (form.querySelectorAll("[data-question]"))) {
    const value = (answers || {})[fieldset.dataset.question] ?? null;
    for (const input of /** @type {NodeListOf<HTMLInputElement>} */ (fieldset.querySelectorAll("input[type=radio]"))) input.checked = input.value === value;
  }
}

// -- errors next to their field --------------------------------------------------------------

// A question page: the engine names a question; its slot ([data-error-for=<id>]) shows the
// message. Every other slot is cleared. Returns whether a slot showed it.
/** @param {ParentNode} form @param {{field?: string | null, message: string} | null} error */
export function showAnswerError(form, error) {
  for (const el of /** @type {NodeListOf<HTMLElement>} */ (form.querySelectorAll("[data-error-for]"))) {
    el.hidden = true;
    el.textContent = "";
    el.closest("[data-question]")?.querySelector("legend")?.removeAttribute("aria-invalid");
  }
  if (!error?.field) return false;
  const el = /** @type {HTMLElement | null} */ (form.querySelector(`[data-error-for="${CSS.escape(error.field)}"]`));
  if (!el) return false;
  el.textContent = said(error);
  el.hidden = false;
  return true;
}

/** @param {ParentNode} scope @param {string} which */
// One pass over the error slots (a search of the whole form per field cost the ROI page 5 ms a
// recompute), and only what shows an error is written to: an untouched node costs no style.
export function clearErrors(scope, which) {
  /** @type {Map<string, HTMLElement>} */
  const slots = new Map();
  for (const el of /** @type {NodeListOf<HTMLElement>} */ (scope.querySelectorAll("[data-error-for]"))) {
    if (!slots.has(el.dataset.errorFor)) slots.set(el.dataset.errorFor, el);
  }
  for (const input of /** @type {NodeListOf<HTMLElement>} */ (scope.querySelectorAll(which))) {
    if (input.hasAttribute("aria-invalid")) input.removeAttribute("aria-invalid");
    const el = slots.get(input.id);
    if (el && (!el.hidden || el.firstChild)) { el.hidden = true; el.textContent = ""; }
  }
}

// A form of inputs: the engine names a path ("costs[2].amount"); the input with that path (in
// `attribute`) shows the message. A path with no input of its own goes to its line's slot
// ("costs[2]", "uncertainty[0].driver"), its list's ("costs") or, last, `fallback`. Returns the
// element that shows it.
/**
 * @param {ParentNode} scope
 * @param {{field?: string | null, message: string}} error
 * @param {string} attribute
 * @param {HTMLElement | null} fallback
 * @returns {HTMLElement | null}
 */
export function showError(scope, error, attribute, fallback) {
  let path = error.field || "";
  while (path) {
    const input = /** @type {HTMLInputElement | null} */ (scope.querySelector(`[${attribute}="${CSS.escape(path)}"]`));
    const target = input && !input.disabled ? input
      : attribute === "data-path" ? /** @type {HTMLElement | null} */ (scope.querySelector(`[data-line-path="${CSS.escape(path)}"]`)) : null;
    if (target) {
      const el = scope.querySelector(`[data-error-for="${CSS.escape(target.id)}"]`);
      if (target === input) target.setAttribute("aria-invalid", "true");
      el.textContent = said(error);
      /** @type {HTMLElement} */ (el).hidden = false;
      return target;
    }
    path = path.replace(/(\.[^.[\]]+|\[\d+\])$/, "");
  }
  if (fallback) {
    fallback.textContent = fallback.hidden || !fallback.textContent ? said(error) : `${fallback.textContent} ${said(error)}`;
    fallback.hidden = false;
  }
  return fallback;
}

// Every problem the engine found, each next to its field (the engine lists them all at once).
/** @param {ParentNode} scope @param {any} error @param {string} attribute @param {HTMLElement | null} fallback */
export function showErrors(scope, error, attribute, fallback) {
  const errors = Array.isArray(error.errors) && error.errors.length ? error.errors : [error];
  return errors.map((each) => showError(scope, each, attribute, fallback));
}

// A file input's JSON import (by default the toolbar's "Import JSON", data-action="import"): the
// file read as JSON, then `load(data, source)`; a file that cannot be read (or that `load` throws
// on) is refused by `refuse(file name, error text)`, by default in the notice, where `unchanged`
// says what stays ("Your pilots are unchanged."). `check()` may throw before anything is read.
/**
 * @typedef {object} JsonImportOptions
 * @property {() => void} [check]
 * @property {string} [action] the file input's data-action
 * @property {(name: string, error: string) => void} [refuse]
 */
/**
 * @param {HTMLElement} root
 * @param {(data: unknown, source: string) => Promise<unknown>} load
 * @param {string} unchanged
 * @param {JsonImportOptions} [options]
 */
export function onJsonImport(root, load, unchanged, options = {}) {
  const {
    check = () => {},
    action = "import",
    refuse = (name, error) => notice(root, t("common.notice.file_refused", { name, error, unchanged }), "error"),
  } = options;
  root.addEventListener("change", async (event) => {
    const input = /** @type {HTMLInputElement} */ (event.target);
    if (!input.matches(`input[type=file][data-action="${action}"]`)) return;
    const file = input.files[0];
    input.value = "";
    try {
      check();
      await load(await readJsonFile(file), t("common.source.file", { name: file.name }));
    } catch (error) {
      refuse(file?.name || "", error.message.replace(/\.?$/, "."));
    }
  });
}
