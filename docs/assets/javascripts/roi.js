// The ROI calculator page: keeps the case (a JSON object) in step with the form, asks the engine
// (Python in a worker) to evaluate it and shows the result. Every figure, scenario, sensitivity,
// simulation, A/B interval and CSV comes from Python; this file only moves data. Its parts:
// roi-case.js (the form binding), roi-lines.js (the lines and their edits), roi-ab.js (the A/B
// panel), roi-format.js (tables, figures, charts); tools.js holds what every calculator page shares.

import { getEngine } from "./engine.js";
import { status, whenIdle } from "./dom.js";
import { applyShareFragment, download, engineFailed, engineLost, latestOnly, notice, numberFormat, offerShareLink, onJsonImport, clearErrors, said, showError, showErrors, storage, t, undoNotice, wordsFor } from "./tools.js";
import { clone, editedBeforeBinding, getAt, readInput, readSettings, setAt, showSettings, vocabularyOf } from "./roi-case.js";
import { editorOf, isClosed, lineEditor, showCase, showCurrency, showRangeChoices, syncLine } from "./roi-lines.js";
import { abPanel } from "./roi-ab.js";
import { formatters, renderResult, renderSimulation, setStale } from "./roi-format.js";
import { bindStageGates } from "./roi-gates.js";

const SHARE_KEY = "case";
const DEBOUNCE_MS = 150;
const SIMULATION_DELAY_MS = 500;

// The page's shared parts: its elements, the case as it is now, and the engine's last answers
// (the functions below read and write them; `stageGates`, `ab` and `lines` are set once bound).
/** @param {HTMLElement} root */
function pageOf(root) {
  const form = /** @type {HTMLElement} */ (root.querySelector('[data-role="form"]'));
  const abForm = /** @type {HTMLElement} */ (root.querySelector('[data-role="ab-form"]'));
  const defaults = JSON.parse(root.dataset.defaults);
  const exportFormat = vocabularyOf(form).export_format;
  const store = storage(`playbook:roi:${root.dataset.rubricId}`);
  const engine = getEngine(root);
  return {
    root,
    form,
    abForm,
    defaults,
    exportFormat,
    store,
    engine,
    formError: /** @type {HTMLElement} */ (form.querySelector('[data-role="form-error"]')),
    // What the page's parts share: the case as it is now, and whether the engine is ready.
    state: { current: clone(defaults), ready: false },
    caseTicket: latestOnly(),
    simTicket: latestOnly(),
    timer: null,
    simTimer: null,
    lastResult: null,
    lastSimulation: null,
    lastValid: null, // the last case the engine accepted, kept with the saved case
    /** @type {any[]} */
    refused: [], // the engine's errors on the case as it is now (none once it accepts it)
    simulatedNpv: null, // the base NPV of the case the last simulation ran on
    defaultSettings: null, // the settings the page was built with (read before a saved case)
    lost: engineLost(root, t("roi.kept")),
    el: (role) => root.querySelector(`[data-role="${role}"]`),
    /** @type {ReturnType<typeof bindStageGates>} */
    stageGates: null,
    /** @type {ReturnType<typeof abPanel>} */
    ab: null,
    /** @type {ReturnType<typeof lineEditor>} */
    lines: null,
  };
}

/** @typedef {ReturnType<typeof pageOf>} RoiPage */

/** @param {HTMLElement} root */
export function bind(root) {
  const page = pageOf(root);
  const { form, engine, state } = page;
  const snapshot = () => snapshotOf(page);
  const loadCase = (data, settings) => loadCaseInto(page, data, settings);
  const persist = () => persistCase(page);
  const recompute = () => recomputeCase(page);
  // The stage gates live in the case (state.current.stage_gates): roi-gates.js sets or drops them.
  page.stageGates = bindStageGates(root, engine, formatters, {
    current: () => state.current,
    setGates: (gates) => setGates(page, gates),
  });
  page.ab = abPanel({ root, form, abForm: page.abForm, engine, state, snapshot, loadCase, persist, recompute });
  // The engine's last word on each range (its values and its changes from the base).
  const ranges = () => page.lastResult?.ranges || [];
  const edited = () => editedCase(page);
  const rerender = () => rerenderCase(page);
  const lineErrors = (line) => showLineErrors(page, line);
  page.lines = lineEditor({ root, form, state, snapshot, loadCase, edited, rerender, ranges, lineErrors });

  const actions = toolbarActions(page);
  root.addEventListener("click", (event) => {
    const button = /** @type {HTMLElement | null} */ (/** @type {HTMLElement} */ (event.target).closest("button[data-action]"));
    if (button && actions[button.dataset.action]) actions[button.dataset.action](button);
  });
  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("keydown", (event) => {
    const target = /** @type {HTMLElement} */ (event.target);
    if (event.key === "Escape" && target.closest('[data-role="line-editor"]')) page.lines.closeLine(/** @type {HTMLElement} */ (target.closest(".pb-line")));
  });
  form.addEventListener("input", (event) => onFormInput(page, /** @type {HTMLInputElement} */ (event.target)));
  onJsonImport(root, (data, source) => loadExternal(page, data, source), t("roi.unchanged"), {
    check: () => {
      if (!state.ready) throw new Error(t("roi.error.engine_loading"));
    },
  });

  const saved = restoreSaved(page);
  page.ab.showKind();
  // A page's first number format loads the browser's locale data (40-70 ms on a slow 2-core
  // machine): pay that while the engine starts, not in the frame that shows the first results;
  // in two idle tasks, not one (each is a long task on a slow phone).
  whenIdle(() => numberFormat(), 2000);
  whenIdle(() => formatters(state.current.currency), 2000);
  engine.ready.then(() => startWhenReady(page, saved), engineFailed(root, t("roi.kept_here")));
}

// -- the case in the form, in storage, and in the results --

/** @param {RoiPage} page */
function loadCaseInto(page, data, settings) {
  page.state.current = clone(data);
  showCase(page.form, page.state.current);
  showRangeChoices(page.form, page.state.current);
  page.ab.updateDriverChoices();
  showSettings(page.form, settings);
}

/** @param {RoiPage} page */
function snapshotOf(page) {
  return { case: clone(page.state.current), ...readSettings(page.form) };
}

/** @param {RoiPage} page */
function persistCase(page) {
  if (!page.store.save({ format: page.exportFormat, ...snapshotOf(page), valid_case: page.lastValid, saved_at: new Date().toISOString() })) {
    status(page.root, t("roi.status.no_storage"), "warning");
  }
}

// The case's stage gates (or, with null, none); saved, then the case is computed again.
/** @param {RoiPage} page @param {object | null} gates */
function setGates(page, gates) {
  if (gates) page.state.current.stage_gates = gates;
  else delete page.state.current.stage_gates;
  persistCase(page);
  return recomputeCase(page);
}

/** @param {RoiPage} page */
function showResult(page, result) {
  page.lastResult = result;
  renderResult(page.root, page.form, result);
}

// A case with stage gates simulates both: the figures without them, and beside them with.
/** @param {RoiPage} page */
function showSimulation(page, sim, options = {}) {
  const currency = page.lastResult?.currency;
  renderSimulation(page.root, sim?.ungated || sim, { currency, baseNpv: page.simulatedNpv, ...options });
  page.stageGates.showSimulation(sim, currency);
}

// An edit of the case: saved, the simulation marked as for earlier inputs, a recompute soon.
/** @param {RoiPage} page */
function editedCase(page) {
  persistCase(page);
  if (page.lastSimulation) showSimulation(page, page.lastSimulation, { stale: true });
  schedule(page);
}

/** @param {RoiPage} page */
function rerenderCase(page) {
  showCase(page.form, page.state.current);
  showRangeChoices(page.form, page.state.current);
  page.ab.updateDriverChoices();
}

// -- talking to the engine --

// The engine's ROI result for `data`: text typed in a number field is read in the page
// language's format ("1.234,5" on a German page), in Python.
/** @param {RoiPage} page @param {object} data @param {{runs: number, seed?: unknown}} [settings] */
function evaluate(page, data, settings = { runs: 0 }) {
  return page.engine.call("roi", { case: data, ...settings, number_format: numberFormat() });
}

// The numbers the engine read from typed text replace that text in the case and in `sent` (the
// copy it evaluated), so that storage, exports and share links carry numbers; a field typed
// again meanwhile keeps its newer text.
/** @param {RoiPage} page @param {any} sent @param {Record<string, number> | undefined} read */
function keepTypedNumbers(page, sent, read) {
  for (const [path, value] of Object.entries(read || {})) {
    if (getAt(page.state.current, path) === getAt(sent, path)) setAt(page.state.current, path, value);
    setAt(sent, path, value);
  }
}

/** @param {RoiPage} page */
async function recomputeCase(page) {
  clearTimeout(page.timer);
  if (!page.state.ready) return;
  const { root, form, state } = page;
  const current = page.caseTicket();
  const latest = () => current() && root.isConnected; // else a newer change is on its way
  try {
    const sent = clone(state.current);
    const reply = await evaluate(page, sent);
    if (!latest()) return;
    clearErrors(form, "[data-path], [data-line-path]");
    page.formError.hidden = true;
    if (reply.ok) {
      page.refused = [];
      keepTypedNumbers(page, sent, reply.value.typed_numbers);
      page.lastValid = sent;
      showResult(page, reply.value);
      persistCase(page);
      page.stageGates.refresh(page.lastValid, reply.value);
      scheduleSimulation(page, SIMULATION_DELAY_MS);
    } else {
      await showRefusal(page, reply, latest);
    }
  } catch (error) {
    page.lost(error);
  }
}

// The engine refused the case: every bad field marked at once, and the summary says so; the
// results shown stay those of the last valid inputs (after a reload, computed again for them).
/** @param {RoiPage} page @param {() => boolean} latest */
async function showRefusal(page, reply, latest) {
  const { root, form } = page;
  // Every bad field at once ({field, label, message} each), or the one error.
  const listed = /** @type {Array<{field: string | null, label?: string | null, message: string}> | undefined} */ (reply.error.errors);
  const errors = listed?.length ? listed : [reply.error];
  // A bad field of a closed line: the line opens, so that the field shows why (once per error:
  // a line the reader closes again shows its errors on its summary).
  const before = new Set(page.refused.map(errorKey));
  page.refused = errors;
  page.lines.openForErrors(errors.filter((e) => !before.has(errorKey(e))));
  showErrors(form, reply.error, "data-path", page.formError);
  for (const line of form.querySelectorAll("[data-lines] > .pb-line")) if (isClosed(line)) showLineErrors(page, /** @type {HTMLElement} */ (line));
  // A reload with a bad value saved: show the last valid case's results, marked as such.
  if (!page.lastResult && page.lastValid && !(await showLastValid(page, latest))) return;
  // One error: its message; several: the labels of the marked fields (each says why).
  // A field's label as its form shows it (the engine says it as a message), else its message.
  const labelOf = (e) => (e.values?.label && typeof e.values.label === "object" ? said(e.values.label) : e.label) || said(e);
  const text = errors.length > 1
    ? t("roi.summary.fields_marked", { count: errors.length, labels: errors.map(labelOf).join("; ") })
    : t("roi.summary.input_error", { message: said(errors[0]) });
  if (page.lastResult) {
    setStale(root, true);
    page.el("summary").textContent = t("roi.summary.last_valid", { text });
  } else {
    page.el("empty").textContent = t("roi.result.empty_invalid");
    page.el("summary").textContent = text;
  }
}

const errorKey = (error) => `${error?.field}\u0000${said(error)}`;

// A line's share of the engine's errors: each next to its field while the line is open; closed,
// all of them on its summary (each names its field by its label), where Edit opens the line and
// goes to the first of them.
/** @param {RoiPage} page @param {HTMLElement} line */
function showLineErrors(page, line) {
  const path = line.dataset.linePath;
  const mine = page.refused.filter((e) => {
    const field = String(e?.field || "");
    return field === path || field.startsWith(`${path}.`) || field.startsWith(`${path}[`);
  });
  clearErrors(line, "[data-path]");
  const slot = /** @type {HTMLElement} */ (line.querySelector(`[data-error-for="${CSS.escape(line.id)}"]`));
  slot.hidden = true;
  slot.textContent = "";
  if (!editorOf(line) || !isClosed(line)) {
    for (const error of mine) showError(page.form, error, "data-path", null);
  } else if (mine.length) {
    slot.textContent = mine.map(said).join(" ");
    slot.hidden = false;
  }
}

// The last valid case's results, and its simulation marked as for earlier inputs (with the
// settings as typed). False if a newer change came meanwhile (then nothing more is shown).
/** @param {RoiPage} page @param {() => boolean} latest */
async function showLastValid(page, latest) {
  const { form } = page;
  const previous = await evaluate(page, page.lastValid);
  if (!latest()) return false;
  if (previous.ok) {
    showResult(page, previous.value);
    const { runs, seed } = readSettings(form);
    const sim = runs ? await evaluate(page, page.lastValid, { runs, seed }) : null;
    if (!latest()) return false;
    if (sim?.ok) {
      page.lastSimulation = sim.value.simulation;
      page.simulatedNpv = sim.value.npv;
      showSimulation(page, page.lastSimulation, { stale: true });
    }
  }
  return true;
}

/** @param {RoiPage} page */
function schedule(page) {
  clearTimeout(page.timer);
  page.timer = setTimeout(() => recomputeCase(page), DEBOUNCE_MS);
}

/** @param {RoiPage} page */
async function simulate(page) {
  clearTimeout(page.simTimer);
  const { root, form, state } = page;
  if (!state.ready || !root.isConnected) return;
  const current = page.simTicket();
  const { runs, seed } = readSettings(form);
  clearErrors(form, "[data-arg]");
  if (runs === 0) {
    page.lastSimulation = null;
    showSimulation(page, null);
    return;
  }
  showSimulation(page, page.lastSimulation, { busy: true, stale: Boolean(page.lastSimulation) });
  try {
    const reply = await evaluate(page, state.current, { runs, seed });
    if (!current() || !root.isConnected) return;
    if (reply.ok) {
      page.lastSimulation = reply.value.simulation;
      page.simulatedNpv = reply.value.npv;
      showSimulation(page, page.lastSimulation);
    } else {
      showSimulation(page, page.lastSimulation, { stale: Boolean(page.lastSimulation) });
      // Each problem at its own field, as the recompute marks them: the top error of several
      // says them all and belongs at no one field (it once landed on the first bad one).
      const settings = reply.error.field === "runs" || reply.error.field === "seed";
      if (!showErrors(form, reply.error, settings ? "data-arg" : "data-path", null).some(Boolean)) {
        page.el("simulation-state").textContent = said(reply.error);
      }
    }
  } catch (error) {
    page.lost(error);
  }
}

/** @param {RoiPage} page @param {number} delay */
function scheduleSimulation(page, delay) {
  clearTimeout(page.simTimer);
  page.simTimer = setTimeout(() => simulate(page), delay);
}

/** @param {RoiPage} page */
const undoTo = (page, previous) => () => { loadCaseInto(page, previous.case, previous); persistCase(page); recomputeCase(page); };

// Load a case from outside (import, share link): the engine checks it first; a refused case
// leaves the current inputs as they are.
/** @param {RoiPage} page */
async function loadExternal(page, data, source) {
  const reply = await page.engine.call("roi_import", { data });
  if (!reply.ok) {
    notice(page.root, t("roi.notice.refused", { source, error: said(reply.error).replace(/\.?$/, "."), unchanged: t("roi.unchanged") }), "error");
    return false;
  }
  const incoming = reply.value;
  const previous = snapshotOf(page);
  loadCaseInto(page, incoming.case, { runs: incoming.runs ?? undefined, seed: incoming.seed ?? undefined });
  persistCase(page);
  await recomputeCase(page);
  undoNotice(page.root, t("roi.notice.loaded", { source }), undoTo(page, previous));
  return true;
}

// -- the toolbar and the form --

// An export or share link carries the seed: the one typed, or else the last run's, so that a
// colleague who opens it sees the same P10/P50/P90.
/** @param {RoiPage} page */
function shared(page) {
  const data = snapshotOf(page);
  if (data.seed === null && page.lastSimulation) data.seed = page.lastSimulation.seed;
  return data;
}

// The toolbar's buttons (and the A/B panel's and the lines'), by their data-action.
/** @param {RoiPage} page */
function toolbarActions(page) {
  const { root, engine, state, exportFormat } = page;
  const exportData = () => ({ format: exportFormat, exported_at: new Date().toISOString(), ...shared(page) });
  const fileName = (ext) => `ai-roi-case-${new Date().toISOString().slice(0, 10)}.${ext}`;
  return {
    "export-json": () => download(fileName("json"), JSON.stringify(exportData(), null, 2)),
    "export-csv": async () => {
      if (!state.ready) { notice(root, t("roi.notice.engine_loading"), "warning"); return; }
      const reply = await engine.call("roi_years_csv", { case: state.current, number_format: numberFormat(), words: wordsFor("roi.period.") });
      if (reply.ok) download(fileName("csv"), reply.value, "text/csv");
      else notice(root, t("roi.notice.no_csv", { error: said(reply.error) }), "error");
    },
    share: () => offerShareLink(root, SHARE_KEY, { format: exportFormat, ...shared(page) }, t("roi.what.case_travels")),
    print: () => window.print(),
    reset: () => {
      if (!window.confirm(t("roi.confirm.reset"))) return;
      const previous = snapshotOf(page);
      loadCaseInto(page, page.defaults, page.defaultSettings);
      persistCase(page);
      recomputeCase(page);
      undoNotice(root, t("roi.notice.reset"), undoTo(page, previous));
    },
    simulate: () => simulate(page),
    "ab-apply": page.ab.apply,
    "add-line": page.lines.addLine,
    "remove-line": page.lines.removeLine,
    "edit-line": page.lines.toggleLine,
    "close-line": (button) => page.lines.closeLine(/** @type {HTMLElement} */ (button.closest(".pb-line"))),
  };
}

// An input of the form: a field of the case (the case follows it, then the lines and choices
// that depend on it), or a simulation setting (saved, and the simulation runs again soon).
/** @param {RoiPage} page @param {HTMLInputElement} input */
function onFormInput(page, input) {
  const { form, state, lines, ab } = page;
  if (input.dataset.path) {
    const line = /** @type {HTMLElement | null} */ (input.closest("[data-lines] > .pb-line"));
    if (line?.dataset.list === "benefits" && input.dataset.key === "category") {
      lines.changeBenefitCategory(line, input);
      return;
    }
    setAt(state.current, input.dataset.path, readInput(input));
    if (line?.dataset.list === "uncertainty" && input.dataset.key === "relative") {
      lines.changeRelative(line, input);
      return;
    }
    if (line) {
      if (line.dataset.list === "costs" && input.dataset.key === "timing") lines.changeTiming(line, input);
      for (const each of form.querySelectorAll("[data-lines] > .pb-line")) syncLine(form, state.current, each);
      showRangeChoices(form, state.current);
      ab.updateDriverChoices();
    } else if (input.dataset.path === "currency") {
      showCurrency(form, state.current);
    }
    editedCase(page);
  } else if (input.dataset.arg) {
    persistCase(page);
    scheduleSimulation(page, SIMULATION_DELAY_MS);
  }
}

// -- first paint, then the engine --

// First paint: the saved case, if any, fills the form before the engine is ready. Returns it.
/** @param {RoiPage} page */
function restoreSaved(page) {
  const { form, state } = page;
  page.defaultSettings = readSettings(form);
  const saved = page.store.load();
  if (saved && saved.case && typeof saved.case === "object") {
    if (saved.valid_case && typeof saved.valid_case === "object") page.lastValid = saved.valid_case;
    loadCaseInto(page, saved.case, saved);
  } else {
    // The build-time form already shows the defaults (and the lines' figures of them).
    for (const line of form.querySelectorAll("[data-lines] > .pb-line")) syncLine(form, state.current, line, { figures: false });
    showRangeChoices(form, state.current);
    page.ab.updateDriverChoices();
    // The form works at first paint: a value typed before this script bound goes through the
    // same handler as any later edit, so it reaches the case, is saved and is computed.
    for (const input of form.querySelectorAll("[data-path], [data-arg]")) {
      if (editedBeforeBinding(input)) input.dispatchEvent(new Event("input", { bubbles: true }));
    }
  }
  return saved;
}

// The engine is ready: a share link's case if the address holds one, else the case as it is.
/** @param {RoiPage} page */
async function startWhenReady(page, saved) {
  const { root } = page;
  if (!root.isConnected) return;
  page.state.ready = true;
  root.dataset.engine = "ready";
  status(root, t(saved ? "roi.status.restored" : "roi.status.ready"), "ready");
  if (await applyShareFragment(root, SHARE_KEY, (data, source) => loadExternal(page, data, source), t("roi.what.inputs"))) { page.ab.compare(); return; }
  await recomputeCase(page);
  page.ab.compare();
}
