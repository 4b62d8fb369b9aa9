// The ROI page's stage gates. The odds come from the reader's saved maturity assessment (this
// site's localStorage, where the assessment page keeps it), from an imported assessment export, or
// are typed in; Python turns an assessment into gates (the engine's "roi_gates_from") and the case
// keeps them (`case.stage_gates`, with where they come from), so the case's export and share link
// carry them. This file shows what Python returns for the case: the chance of success, the
// expected NPV, what each gate loses, and the simulation with and without the gates. It computes
// nothing (calculators/_stage_gates.py does).

import { h } from "./dom.js";
import { numberFormat, onJsonImport, pageLanguage, said, storage, t } from "./tools.js";

// The assessment page links here with ?odds=saved-assessment to say "use my saved assessment".
const FROM_ASSESSMENT = "saved-assessment";

/**
 * A gate's chance as the reader typed it; a chance of staying in production typed over other
 * years than the case spans also says what it comes to over the case (the figure the odds use).
 * @param {any} f @param {any} g
 */
function chanceText(f, g) {
  if (!g.years) return f.pct(g.probability);
  const typed = t("roi.gates.over_years", { chance: f.pct(g.probability), years: g.years });
  if (!g.years_in_production || g.years_in_production === g.years) return typed;
  return t("roi.gates.over_years_span", { typed, chance: f.pct(g.probability_over_horizon), years: g.years_in_production });
}

/**
 * A note of the engine's in the page's language, its amounts in the page's money format.
 * @param {any} f @param {any} note a message ({message, message_id, values}) or older English text
 */
function noteText(f, note) {
  if (typeof note === "string") return note;
  const values = Object.fromEntries(Object.entries(note.values || {}).map(([k, v]) => [k, typeof v === "number" ? f.money(v) : v]));
  return said({ ...note, values });
}

// Words for a date the assessment carries ("2026-10-02" or a timestamp), in the page language.
function longDate(text) {
  const when = text ? new Date(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00` : text) : null;
  if (!when || Number.isNaN(when.getTime())) return null;
  return when.toLocaleDateString(pageLanguage(), { dateStyle: "long" });
}

function savedOn(assessment) {
  const day = longDate(assessment?.saved_at);
  return day ? t("roi.gates.saved_on", { date: day }) : t("roi.gates.date_not_recorded");
}

// Where the case's odds come from, in words: which assessment, with its date and team.
// `source` is the case's stage_gates (or the result's source): {from, assessment}.
function sourceWords(source) {
  if (!source) return t("roi.gates.source.given");
  if (source.from === "typed") return t("roi.gates.source.typed");
  const a = source.assessment;
  if (!a) return t("roi.gates.source.given");
  const day = longDate(a.date);
  const team = a.team ? t("roi.gates.source.team", { team: a.team }) : "";
  const dated = (day ? t("roi.gates.source.dated", { date: day }) : t("roi.gates.source.undated")) + provisionalWords(a.completeness);
  return t(source.from === "assessment" ? "roi.gates.source.saved" : "roi.gates.source.export", { team, dated });
}

// An assessment with blank questions is provisional: the odds say so, and how far its level
// could move (Python's completeness of the assessment; an unanswered question is never a pass).
function provisionalWords(done) {
  if (!done || done.answered == null || done.answered >= done.total) return "";
  const values = { answered: done.answered, total: done.total, low: done.low, high: done.high };
  return t(done.low != null && done.high != null && done.low !== done.high ? "roi.gates.source.provisional_range" : "roi.gates.source.provisional", values);
}

// Which maturity level a gate's odds come from.
function from(g) {
  if (!g.dimension) return t("roi.gates.from.typed");
  const title = g.dimension_title || g.dimension;
  return g.level ? t("roi.gates.from.level", { level: g.level, title }) : t("roi.gates.from.not_scored", { title });
}

// What a gate's figure rests on: its source (a link), a judgment, or the reader's own odds.
/** @param {Gates} view */
function basis(view, g, typedIn) {
  if (g.judgment) return [h("em", { text: t("roi.gates.basis.judgment") })];
  if (g.source) {
    const [, anchor] = String(g.source).split("#");
    const base = view.section.dataset.sourcesUrl || "../../sources/";
    return [h("a", { href: anchor ? `${base}#${anchor}` : base, text: t("roi.gates.source_link") })];
  }
  return [h("em", { text: t(typedIn ? "roi.gates.basis.typed" : "roi.gates.basis.given") })];
}

// The result's stage gates: its figures, the table of gates and what maturity would be worth.
/** @param {Gates} view */
function renderGates(view, result) {
  const f = view.formatters(result.currency);
  const sg = result.stage_gates;
  const typedIn = sg.source?.from === "typed";
  view.part("gates-state").textContent = t("roi.gates.state", { source: sourceWords(sg.source) });
  const figures = [
    ["p_success", t("roi.gates.figure.p_success"), f.pct(sg.p_success), t("roi.gates.figure.p_success_note")],
    ["expected_npv", t("roi.gates.figure.expected_npv"), f.money(sg.expected_npv), t("roi.gates.figure.expected_npv_note")],
    ["npv", t("roi.gates.figure.npv"), f.money(sg.npv)],
    ["value_lost", t("roi.gates.figure.value_lost"), f.money(sg.value_lost)],
  ];
  view.part("gates-figures").replaceChildren(...figures.map(([key, label, value, note]) =>
    h("div", { class: "pb-figure", "data-figure": key },
      h("dt", { text: label }),
      h("dd", {}, h("span", { class: "pb-figure__value", "data-value": key, text: value }),
        note ? h("span", { class: "pb-figure__note", text: note }) : null))));
  const tableEl = view.part("gates-table");
  const caption = tableEl.querySelector("caption");
  const headers = ["roi.gates.col.gate", "roi.gates.col.chance", "roi.gates.col.from", "roi.gates.col.basis", "roi.gates.col.lost"].map((id) => t(id));
  tableEl.replaceChildren(
    ...(caption ? [caption] : []),
    h("thead", {}, h("tr", {}, headers.map((text, i) => h("th", { scope: "col", class: i === 1 || i === 4 ? "pb-num" : "pb-text-cell", text })))),
    h("tbody", {}, sg.gates.map((g) => h("tr", { "data-row": g.id },
      h("th", { scope: "row", class: "pb-text-cell", text: g.title_said ? said(g.title_said) : g.title }),
      h("td", { class: "pb-num", text: chanceText(f, g) }),
      h("td", { class: "pb-text-cell", text: from(g) }),
      h("td", { class: "pb-text-cell" }, ...basis(view, g, typedIn), g.reason ? ` ${g.reason}` : ""),
      h("td", { class: "pb-num", text: f.money(g.value_lost) })))),
  );
  const worth = sg.maturity_worth || { weakest: [], actions: [], notes: [] };
  const change = (v) => `${v >= 0 ? "+" : "−"}${f.money(Math.abs(v))}`;
  view.part("gates-worth").replaceChildren(
    ...worth.weakest.map((w) => h("li", { text: t("roi.gates.worth.level", { title: w.title, from: w.from_level, to: w.to_level, npv: f.money(w.expected_npv), change: change(w.change) }) })),
    ...worth.actions.map((a) => h("li", { text: t("roi.gates.worth.action", { action: a.text.replace(/\.$/, ""), npv: f.money(a.expected_npv), change: change(a.change) }) })),
    ...[...(sg.notes_said || sg.notes), ...(worth.notes_said || worth.notes)].map((n) => h("li", { class: "pb-note", text: noteText(f, n) })),
  );
  /** @type {HTMLElement} */ (view.part("gates-worth").previousElementSibling).hidden = !worth.weakest.length && !worth.actions.length;
  view.part("gates-output").hidden = false;
}

// The simulation with and without the gates, beside each other (the same runs and seed).
/** @param {Gates} view */
function renderGatedSimulation(view, sim, currency) {
  const box = view.part("simulation-gated");
  if (!box) return;
  const gated = Boolean(sim?.gated && sim.ungated);
  view.part("simulation-ungated-note").hidden = !gated;
  if (!gated) { box.hidden = true; return; }
  const f = view.formatters(currency);
  const plain = sim.ungated;
  const source = view.page.current()?.stage_gates;
  view.part("simulation-gated-help").textContent = t("roi.gates.sim.help", { runs: f.int(sim.runs), seed: String(sim.seed), source: sourceWords(source) });
  const rows = [
    ["p10", t("roi.sim.p10"), f.money(plain.p10), f.money(sim.p10)],
    ["p50", t("roi.sim.p50"), f.money(plain.p50), f.money(sim.p50)],
    ["p90", t("roi.sim.p90"), f.money(plain.p90), f.money(sim.p90)],
    ["mean", t("roi.sim.mean"), f.money(plain.mean), f.money(sim.mean)],
    ["prob_npv_positive", t("roi.sim.prob_npv_positive"), f.pct(plain.prob_npv_positive), f.pct(sim.prob_npv_positive)],
    ["prob_never_in_production", t("roi.gates.sim.never_in_production"), f.pct(0), f.pct(sim.prob_never_in_production)],
    ["p_success", t("roi.gates.sim.p_success"), f.pct(1), f.pct(sim.p_success)],
  ];
  const tableEl = view.part("simulation-compare");
  const caption = tableEl.querySelector("caption");
  tableEl.replaceChildren(
    ...(caption ? [caption] : []),
    h("thead", {}, h("tr", {}, ["roi.gates.sim.col.figure", "roi.gates.sim.col.without", "roi.gates.sim.col.with"].map((id, i) => h("th", { scope: "col", class: i ? "pb-num" : "pb-text-cell", text: t(id) })))),
    h("tbody", {}, rows.map(([key, label, without, withGates]) => h("tr", { "data-row": key },
      h("th", { scope: "row", class: "pb-text-cell", text: label }),
      h("td", { class: "pb-num", "data-value": "ungated", text: without }),
      h("td", { class: "pb-num", "data-value": "gated", text: withGates })))),
  );
  box.hidden = false;
}

// The typed odds' fields show the case's gates, whatever they come from, to adjust.
/** @param {HTMLElement} typed @returns {HTMLInputElement[]} */
const typedInputs = (typed) => [...typed.querySelectorAll("input[data-gate]")].map((i) => /** @type {HTMLInputElement} */ (i));

/** @param {HTMLElement} typed */
function showTyped(typed, gates) {
  const byId = Object.fromEntries((gates || []).map((g) => [g.id, g]));
  for (const input of typedInputs(typed)) {
    const g = byId[input.dataset.gate];
    input.value = g ? String(Number((g.probability * 100).toPrecision(10))).replace(".", numberFormat().decimal) : "";
  }
}

/** @param {HTMLElement} typed */
function readTyped(typed) {
  return typedInputs(typed).filter((i) => i.value.trim() !== "").map((input) => {
    // Text in the page's format ("12,5"; "1.5" on a German page) goes as it is: Python reads it.
    const number = input.value.includes(".") && numberFormat().decimal !== "." ? NaN : Number(input.value);
    const gate = { id: input.dataset.gate, probability: Number.isFinite(number) ? number / 100 : input.value };
    if (input.dataset.years) gate.years = Number(input.dataset.years);
    return gate;
  });
}

/**
 * What the stage gates' parts share: the section and its parts, the engine, the saved assessment,
 * the page's case, and whether the address asked for the saved assessment's odds.
 * @typedef {{
 *   root: HTMLElement, section: HTMLElement, part: (role: string) => HTMLElement,
 *   engine: {call: (fn: string, args: object) => Promise<any>},
 *   formatters: (currency: string | undefined) => any,
 *   page: {current: () => any, setGates: (gates: object | null) => void | Promise<void>},
 *   saved: ReturnType<typeof storage>, button: (action: string) => HTMLButtonElement,
 *   typed: HTMLElement, fromLink: boolean,
 * }} Gates
 */

const unchanged = () => t("roi.gates.unchanged");

/** @param {Gates} view @param {string | null} text */
function problem(view, text) {
  const el = view.part("gates-error");
  el.textContent = text || "";
  el.hidden = !text;
}

/** @param {Gates} view */
function clear(view) {
  const { part } = view;
  part("gates-figures").replaceChildren();
  part("gates-table").replaceChildren(...[part("gates-table").querySelector("caption")].filter(Boolean));
  part("gates-worth").replaceChildren();
  part("gates-output").hidden = true;
}

// The choices the section offers: the saved assessment (with its date), dropping the case's odds.
/** @param {Gates} view @param {boolean} hasGates */
function offer(view, hasGates) {
  const { part, button } = view;
  const assessment = view.saved.load();
  button("use-assessment").hidden = !assessment;
  button("drop-assessment").hidden = !hasGates;
  if (assessment) button("use-assessment").textContent = t("roi.gates.use_saved", { saved: savedOn(assessment) });
  if (hasGates) return;
  clear(view);
  if (!assessment) {
    part("gates-state").replaceChildren(
      t("roi.gates.none_before"),
      h("a", { href: view.section.dataset.assessmentUrl || "../assessment/", text: t("roi.gates.none_link") }),
      t("roi.gates.none_after"),
    );
  } else {
    part("gates-state").textContent = t("roi.gates.saved_here");
  }
}

// Store gates in the case only once Python accepts them with it; else say why, keep the case.
/** @param {Gates} view @param {string} what */
async function tryGates(view, gates, what) {
  const reply = await view.engine.call("roi", { case: { ...view.page.current(), stage_gates: gates }, runs: 0, number_format: numberFormat() });
  if (!reply.ok) {
    problem(view, t("roi.gates.refused", { what, error: said(reply.error).replace(/\.?$/, "."), unchanged: unchanged() }));
    return false;
  }
  problem(view, null);
  await view.page.setGates(gates);
  return true;
}

// An assessment (saved here, or an export) turned into gates by Python, then tried with the case.
/** @param {Gates} view @param {string} origin @param {string} what */
async function fromAssessment(view, data, origin, what) {
  const { section, part } = view;
  section.setAttribute("aria-busy", "true");
  const before = [...part("gates-state").childNodes];
  part("gates-state").textContent = t("roi.gates.reading");
  const reply = await view.engine.call("roi_gates_from", { maturity: data, origin }).finally(() => section.setAttribute("aria-busy", "false"));
  if (!reply.ok) {
    part("gates-state").replaceChildren(...before);
    problem(view, t("roi.gates.refused", { what, error: said(reply.error).replace(/\.?$/, "."), unchanged: unchanged() }));
    return false;
  }
  return tryGates(view, reply.value, what);
}

/** @param {Gates} view */
function useSaved(view) {
  const assessment = view.saved.load();
  return assessment ? fromAssessment(view, assessment, "assessment", t("roi.gates.what.saved")) : false;
}

// After every valid recompute: the result's gates, if the case has any.
/** @param {Gates} view */
async function refresh(view, result) {
  if (view.fromLink) {
    view.fromLink = false;
    history.replaceState(history.state, "", location.pathname + location.hash);
    if (view.saved.load()) { await useSaved(view); return; }
    problem(view, t("roi.gates.link_without_saved"));
  }
  const hasGates = Boolean(result?.stage_gates);
  offer(view, hasGates);
  if (hasGates) renderGates(view, result);
}

// The section's buttons, and its import of an assessment export for the odds.
/** @param {Gates} view */
function listen(view) {
  const { button, typed, page } = view;
  const [useButton, dropButton, typeButton] = ["use-assessment", "drop-assessment", "type-gates"].map(button);
  useButton.addEventListener("click", async () => {
    if (await useSaved(view)) dropButton.focus();
  });
  dropButton.addEventListener("click", async () => {
    problem(view, null);
    await page.setGates(null);
    (useButton.hidden ? typeButton : useButton).focus();
  });
  typeButton.addEventListener("click", () => {
    typed.hidden = !typed.hidden;
    typeButton.setAttribute("aria-expanded", String(!typed.hidden));
    if (!typed.hidden) {
      showTyped(typed, page.current()?.stage_gates?.gates);
      /** @type {HTMLInputElement | null} */ (typed.querySelector("input"))?.focus();
    }
  });
  button("use-typed-gates").addEventListener("click", async () => {
    const odds = readTyped(typed);
    if (!odds.length) { problem(view, t("roi.gates.type_one")); return; }
    await tryGates(view, { from: "typed", gates: odds }, t("roi.gates.what.typed"));
  });
  // An assessment export for the odds: read as the toolbar's import reads a case.
  onJsonImport(view.section, (data, source) => fromAssessment(view, data, "assessment_export", source), unchanged(), {
    action: "import-assessment",
    refuse: (name, error) => problem(view, t("roi.gates.file_refused", { name, error, unchanged: unchanged() })),
  });
}

/**
 * @param {HTMLElement} root the calculator's root element
 * @param {{call: (fn: string, args: object) => Promise<any>}} engine
 * @param {(currency: string | undefined) => any} formatters the page's number formats
 * @param {{current: () => any, setGates: (gates: object | null) => void | Promise<void>}} page
 *   the case as it is now, and how to store (or, with null, drop) its gates
 */
export function bindStageGates(root, engine, formatters, page) {
  const section = /** @type {HTMLElement | null} */ (root.querySelector('[data-role="stage-gates"]'));
  if (!section) return { refresh() {}, showSimulation() {} };
  const part = (role) => /** @type {HTMLElement} */ (root.querySelector(`[data-role="${role}"]`));
  /** @type {Gates} */
  const view = {
    root, section, part, engine, formatters, page,
    saved: storage(section.dataset.maturityKey || "playbook:assessment:maturity"),
    button: (action) => /** @type {HTMLButtonElement} */ (section.querySelector(`[data-action="${action}"]`)),
    typed: part("gates-typed"),
    fromLink: new URLSearchParams(location.search).get("odds") === FROM_ASSESSMENT,
  };
  listen(view);
  offer(view, false);
  return {
    refresh: (_caseData, result) => refresh(view, result),
    // The simulation with and without the gates, beside each other (the same runs and seed).
    showSimulation: (sim, currency) => renderGatedSimulation(view, sim, currency),
  };
}
