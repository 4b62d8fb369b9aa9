// The ROI calculator page: keeps the case (a JSON object) in step with the form, asks the engine
// (Python in a worker) to evaluate it and shows the result. Every figure, scenario, sensitivity,
// simulation, A/B interval and CSV comes from Python; this file only moves data. Its parts:
// roi-case.js (the form binding), roi-lines.js (the lines and their edits), roi-ab.js (the A/B
// panel), roi-format.js (tables, figures, charts); tools.js holds what every calculator page shares.

import { getEngine, whenIdle } from "./engine.js";
import { status } from "./dom.js";
import { applyShareFragment, download, engineFailed, engineLost, latestOnly, notice, offerShareLink, onJsonImport, clearErrors, showError, showErrors, storage, undoNotice } from "./tools.js";
import { clone, editedBeforeBinding, readInput, readSettings, setAt, showSettings } from "./roi-case.js";
import { lineEditor, showCase, showCurrency, showRangeChoices, syncLine, vocabularyOf } from "./roi-lines.js";
import { abPanel } from "./roi-ab.js";
import { formatters, renderResult, renderSimulation, setStale } from "./roi-format.js";
import { bindStageGates } from "./roi-gates.js";

const SHARE_KEY = "case";
const DEBOUNCE_MS = 150;
const SIMULATION_DELAY_MS = 500;

/** @param {HTMLElement} root */
export function bind(root) {
  const form = /** @type {HTMLElement} */ (root.querySelector('[data-role="form"]'));
  const abForm = /** @type {HTMLElement} */ (root.querySelector('[data-role="ab-form"]'));
  const defaults = JSON.parse(root.dataset.defaults);
  const exportFormat = vocabularyOf(form).export_format;
  const store = storage(`playbook:roi:${root.dataset.rubricId}`);
  const engine = getEngine(root);
  const formError = /** @type {HTMLElement} */ (form.querySelector('[data-role="form-error"]'));
  // What the page's parts share: the case as it is now, and whether the engine is ready.
  const state = { current: clone(defaults), ready: false };
  const caseTicket = latestOnly();
  const simTicket = latestOnly();
  let timer = null;
  let simTimer = null;
  let lastResult = null;
  let lastSimulation = null;
  let lastValid = null; // the last case the engine accepted, kept with the saved case
  let simulatedNpv = null; // the base NPV of the case the last simulation ran on
  const lost = engineLost(root, "your case is kept");

  const el = (role) => root.querySelector(`[data-role="${role}"]`);
  // The stage gates live in the case (state.current.stage_gates): roi-gates.js sets or drops them.
  const stageGates = bindStageGates(root, engine, formatters, {
    current: () => state.current,
    setGates: (gates) => {
      if (gates) state.current.stage_gates = gates;
      else delete state.current.stage_gates;
      persist();
      return recompute();
    },
  });

  const loadCase = (data, settings) => {
    state.current = clone(data);
    showCase(form, state.current);
    showRangeChoices(form, state.current);
    ab.updateDriverChoices();
    showSettings(form, settings);
  };

  const snapshot = () => ({ case: clone(state.current), ...readSettings(form) });

  const persist = () => {
    if (!store.save({ format: exportFormat, ...snapshot(), valid_case: lastValid, saved_at: new Date().toISOString() })) {
      status(root, "This browser does not allow saving: export your case before you leave the page.", "warning");
    }
  };

  const showResult = (result) => {
    lastResult = result;
    renderResult(root, form, result);
  };
  // A case with stage gates simulates both: the figures without them, and beside them with.
  const showSimulation = (sim, options = {}) => {
    renderSimulation(root, sim?.ungated || sim, { currency: lastResult?.currency, baseNpv: simulatedNpv, ...options });
    stageGates.showSimulation(sim, lastResult?.currency);
  };

  // -- talking to the engine --

  const recompute = async () => {
    clearTimeout(timer);
    if (!state.ready) return;
    const current = caseTicket();
    const latest = () => current() && root.isConnected; // else a newer change is on its way
    try {
      const reply = await engine.call("roi", { case: state.current, runs: 0 });
      if (!latest()) return;
      clearErrors(form, "[data-path], [data-line-path]");
      formError.hidden = true;
      if (reply.ok) {
        lastValid = clone(state.current);
        showResult(reply.value);
        persist();
        stageGates.refresh(lastValid, reply.value);
        scheduleSimulation(SIMULATION_DELAY_MS);
      } else {
        // Every bad field at once ({field, label, message} each), or the one error.
        const listed = /** @type {Array<{field: string | null, label?: string | null, message: string}> | undefined} */ (reply.error.errors);
        const errors = listed?.length ? listed : [reply.error];
        showErrors(form, reply.error, "data-path", formError);
        // A reload with a bad value saved: show the last valid case's results, marked as such.
        if (!lastResult && lastValid) {
          const previous = await engine.call("roi", { case: lastValid, runs: 0 });
          if (!latest()) return;
          if (previous.ok) {
            showResult(previous.value);
            // Its simulation too, marked as for earlier inputs (with the settings as typed).
            const { runs, seed } = readSettings(form);
            const sim = runs ? await engine.call("roi", { case: lastValid, runs, seed }) : null;
            if (!latest()) return;
            if (sim?.ok) {
              lastSimulation = sim.value.simulation;
              simulatedNpv = sim.value.npv;
              showSimulation(lastSimulation, { stale: true });
            }
          }
        }
        const what = errors.length > 1 ? `${errors.length} fields need correcting` : "Input error";
        // One error: its message; several: the labels of the marked fields (each says why).
        const text = errors.length > 1
          ? `${what}, each marked: ${errors.map((e) => e.label || e.message).join("; ")}.`
          : `${what}: ${errors[0].message}.`;
        if (lastResult) {
          setStale(root, true);
          el("summary").textContent = `${text} The results below are for the last valid inputs.`;
        } else {
          el("empty").textContent = "No result yet: correct the marked fields to see one.";
          el("summary").textContent = text;
        }
      }
    } catch (error) {
      lost(error);
    }
  };

  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(recompute, DEBOUNCE_MS);
  };

  const simulate = async () => {
    clearTimeout(simTimer);
    if (!state.ready || !root.isConnected) return;
    const current = simTicket();
    const { runs, seed } = readSettings(form);
    clearErrors(form, "[data-arg]");
    if (runs === 0) {
      lastSimulation = null;
      showSimulation(null);
      return;
    }
    showSimulation(lastSimulation, { busy: true, stale: Boolean(lastSimulation) });
    try {
      const reply = await engine.call("roi", { case: state.current, runs, seed });
      if (!current() || !root.isConnected) return;
      if (reply.ok) {
        lastSimulation = reply.value.simulation;
        simulatedNpv = reply.value.npv;
        showSimulation(lastSimulation);
      } else {
        showSimulation(lastSimulation, { stale: Boolean(lastSimulation) });
        if (!showError(form, reply.error, reply.error.field === "runs" || reply.error.field === "seed" ? "data-arg" : "data-path", null)) {
          el("simulation-state").textContent = reply.error.message;
        }
      }
    } catch (error) {
      lost(error);
    }
  };

  const scheduleSimulation = (delay) => {
    clearTimeout(simTimer);
    simTimer = setTimeout(simulate, delay);
  };

  const undoTo = (previous) => () => { loadCase(previous.case, previous); persist(); recompute(); };

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
    undoNotice(root, `Loaded the case from ${source}.`, undoTo(previous));
    return true;
  };

  // -- the parts: the A/B panel and the line edits --

  const ab = abPanel({ root, form, abForm, engine, state, snapshot, loadCase, persist, recompute });

  const edited = () => {
    persist();
    if (lastSimulation) showSimulation(lastSimulation, { stale: true });
    schedule();
  };

  const rerender = () => {
    showCase(form, state.current);
    showRangeChoices(form, state.current);
    ab.updateDriverChoices();
  };

  // The engine's last word on each range (its values and its changes from the base).
  const ranges = () => lastResult?.ranges || [];
  const lines = lineEditor({ root, form, state, snapshot, loadCase, edited, rerender, ranges });

  // -- toolbar --

  // An export or share link carries the seed: the one typed, or else the last run's, so that a
  // colleague who opens it sees the same P10/P50/P90.
  const shared = () => {
    const data = snapshot();
    if (data.seed === null && lastSimulation) data.seed = lastSimulation.seed;
    return data;
  };
  const exportData = () => ({ format: exportFormat, exported_at: new Date().toISOString(), ...shared() });
  const fileName = (ext) => `ai-roi-case-${new Date().toISOString().slice(0, 10)}.${ext}`;

  const actions = {
    "export-json": () => download(fileName("json"), JSON.stringify(exportData(), null, 2)),
    "export-csv": async () => {
      if (!state.ready) { notice(root, "The calculator engine is still loading: try again in a moment.", "warning"); return; }
      const reply = await engine.call("roi_years_csv", { case: state.current });
      if (reply.ok) download(fileName("csv"), reply.value, "text/csv");
      else notice(root, `No CSV: ${reply.error.message}`, "error");
    },
    share: () => offerShareLink(root, SHARE_KEY, { format: exportFormat, ...shared() }, "the case travels"),
    print: () => window.print(),
    reset: () => {
      if (!window.confirm("Put every input back to the example case? Export first if you want to keep yours.")) return;
      const previous = snapshot();
      loadCase(defaults, defaultSettings);
      persist();
      recompute();
      undoNotice(root, "Inputs reset to the example case.", undoTo(previous));
    },
    simulate: () => simulate(),
    "ab-apply": ab.apply,
    "add-line": lines.addLine,
    "remove-line": lines.removeLine,
  };

  root.addEventListener("click", (event) => {
    const button = /** @type {HTMLElement | null} */ (/** @type {HTMLElement} */ (event.target).closest("button[data-action]"));
    if (button && actions[button.dataset.action]) actions[button.dataset.action](button);
  });

  form.addEventListener("submit", (event) => event.preventDefault());

  form.addEventListener("input", (event) => {
    const input = /** @type {HTMLInputElement} */ (event.target);
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
      edited();
    } else if (input.dataset.arg) {
      persist();
      scheduleSimulation(SIMULATION_DELAY_MS);
    }
  });

  onJsonImport(root, loadExternal, "Your current inputs are unchanged.", () => {
    if (!state.ready) throw new Error("the calculator engine is still loading; try again in a moment");
  });

  // First paint: the saved case, if any, fills the form before the engine is ready.
  const defaultSettings = readSettings(form);
  const saved = store.load();
  if (saved && saved.case && typeof saved.case === "object") {
    if (saved.valid_case && typeof saved.valid_case === "object") lastValid = saved.valid_case;
    loadCase(saved.case, saved);
  } else {
    // The build-time form already shows the defaults.
    for (const line of form.querySelectorAll("[data-lines] > .pb-line")) syncLine(form, state.current, line);
    showRangeChoices(form, state.current);
    ab.updateDriverChoices();
    // The form works at first paint: a value typed before this script bound goes through the
    // same handler as any later edit, so it reaches the case, is saved and is computed.
    for (const input of form.querySelectorAll("[data-path], [data-arg]")) {
      if (editedBeforeBinding(input)) input.dispatchEvent(new Event("input", { bubbles: true }));
    }
  }
  ab.showKind();
  // A page's first number format loads the browser's locale data (40-70 ms on a slow 2-core
  // machine): pay that while the engine starts, not in the frame that shows the first results.
  whenIdle(() => formatters(state.current.currency), 2000);

  engine.ready.then(
    async () => {
      if (!root.isConnected) return;
      state.ready = true;
      root.dataset.engine = "ready";
      status(root, saved ? "Calculator ready. Your saved case was restored." : "Calculator ready.", "ready");
      if (await applyShareFragment(root, SHARE_KEY, loadExternal, "inputs")) { ab.compare(); return; }
      await recompute();
      ab.compare();
    },
    engineFailed(root, "your case is kept in this browser"),
  );
}
