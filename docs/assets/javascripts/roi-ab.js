// The ROI page's A/B panel: two cohorts in, the engine's difference and interval out, which the
// reader can put on a range of the case. The interval and its words come from Python (calculators._ab).

import { h, setOptions } from "./dom.js";
import { latestOnly, notice, numberFormat, readRadio, said, showError, clearErrors, t, undoNotice } from "./tools.js";
import { readInput, setAt } from "./roi-case.js";
import { driverLabel, itemsOf, showCase } from "./roi-lines.js";
import { formatters } from "./roi-format.js";

/**
 * @param {{
 *   root: HTMLElement, form: HTMLElement, abForm: HTMLElement, engine: EngineHandle,
 *   state: {current: any, ready: boolean},
 *   snapshot: () => any, loadCase: (data: any, settings?: any) => void,
 *   persist: () => void, recompute: () => Promise<void>,
 * }} page
 */
export function abPanel(page) {
  const { root, form, abForm, engine, state } = page;
  const el = (role) => root.querySelector(`[data-role="${role}"]`);
  /** @type {any} */
  let lastAb = null;
  const isLatest = latestOnly();

  const abKind = () => readRadio(abForm, "roi-ab-kind");

  const showKind = () => {
    const kind = abKind();
    for (const field of abForm.querySelectorAll("[data-ab-kind]")) /** @type {HTMLElement} */ (field).hidden = /** @type {HTMLElement} */ (field).dataset.abKind !== kind;
  };

  const abArgs = () => {
    const kind = abKind();
    const args = { baseline: {}, treatment: {} };
    for (const input of abForm.querySelectorAll("[data-ab-path]")) {
      const only = /** @type {HTMLElement} */ (input.closest("[data-ab-kind]"))?.dataset.abKind;
      if (!only || only === kind) setAt(args, /** @type {HTMLElement} */ (input).dataset.abPath, readInput(input));
    }
    return args;
  };

  const compare = async () => {
    if (!state.ready) return;
    const current = isLatest();
    // Typed numbers are read in the page language's format ("0,95" on a German page), in Python.
    const reply = await engine.call("ab_compare", { ...abArgs(), number_format: numberFormat() });
    if (!current() || !root.isConnected) return;
    clearErrors(abForm, "[data-ab-path]");
    const cohortBoxes = ["baseline", "treatment"].map((c) => /** @type {HTMLElement} */ (abForm.querySelector(`[data-error-for="roi-ab-${c}"]`)));
    for (const box of cohortBoxes) box.hidden = true;
    const out = el("ab-result");
    if (!reply.ok) {
      lastAb = null;
      const cohort = ["baseline", "treatment"].indexOf(reply.error.field);
      let shown = null;
      if (cohort >= 0) {
        shown = cohortBoxes[cohort];
        shown.textContent = said(reply.error);
        shown.hidden = false;
      } else {
        shown = showError(abForm, reply.error, "data-ab-path", null);
      }
      out.replaceChildren(h("p", { class: "pb-field-error", text: shown ? t("roi.ab.correct_marked") : said(reply.error) }));
      return;
    }
    lastAb = reply.value;
    const r = reply.value;
    const f = formatters("");
    const pctOrNum = r.kind === "proportion" ? f.pct : f.num;
    const relative = r.relative_diff === null ? "" : t("roi.ab.relative", { relative: f.pct(r.relative_diff) });
    out.replaceChildren(
      h("p", { class: "pb-ab-headline", "data-ab": "diff" },
        t("roi.ab.headline", { diff: pctOrNum(r.diff), confidence: f.pct(r.confidence), low: pctOrNum(r.low), high: pctOrNum(r.high), relative })),
      h("p", { text: t(r.significant ? "roi.ab.significant" : "roi.ab.not_significant") }),
      h("p", { class: "pb-help", text: t("roi.ab.cohorts", { baseline: pctOrNum(r.baseline), treatment: pctOrNum(r.treatment), note: r.note_said ? r.note_said.map(said).join(" ") : r.note }) }),
    );
  };

  // The A/B panel can set the range of any driver that has one.
  const updateDriverChoices = () => {
    const select = /** @type {HTMLSelectElement} */ (el("ab-driver"));
    const ranges = itemsOf(state.current, "uncertainty").filter((u) => typeof u?.driver === "string");
    setOptions(select, ranges.length
      ? ranges.map((u) => /** @type {[string, string]} */ ([u.driver, driverLabel(form, state.current, u.driver)]))
      : [["", t("roi.ab.no_range")]]);
  };

  const apply = () => {
    if (!lastAb) {
      notice(root, t("roi.ab.compare_first"), "warning");
      return;
    }
    const driver = /** @type {HTMLSelectElement} */ (el("ab-driver")).value;
    const index = itemsOf(state.current, "uncertainty").findIndex((u) => u?.driver === driver);
    if (index < 0) {
      notice(root, t("roi.ab.add_range_first"), "warning");
      return;
    }
    const previous = page.snapshot();
    const range = state.current.uncertainty[index];
    delete range.relative;
    range.low = lastAb.low;
    range.mode = lastAb.diff;
    range.high = lastAb.high;
    showCase(form, state.current);
    page.persist();
    page.recompute();
    const label = driverLabel(form, state.current, driver);
    const f = formatters("");
    undoNotice(root, t("roi.ab.applied", { label, low: f.num(lastAb.low), high: f.num(lastAb.high), mode: f.num(lastAb.diff) }), () => { page.loadCase(previous.case, previous); page.persist(); page.recompute(); });
    form.querySelector(`[data-path="uncertainty[${index}].low"]`)?.scrollIntoView({ block: "center" });
  };

  abForm.addEventListener("submit", (event) => event.preventDefault());
  abForm.addEventListener("input", (event) => {
    if (/** @type {HTMLInputElement} */ (event.target).name === "roi-ab-kind") showKind();
    compare();
  });

  return { showKind, compare, updateDriverChoices, apply };
}
