// The ROI page's stage gates: on one click, takes the reader's saved maturity assessment (this
// site's localStorage, where the assessment page keeps it) and shows what Python returns for the
// case with it: the chance of success, the expected NPV and what each gate loses. It computes
// nothing; the engine's "roi" function with `maturity` does (calculators/_stage_gates.py).

import { h } from "./dom.js";
import { storage } from "./tools.js";

/**
 * @param {HTMLElement} root the calculator's root element
 * @param {{call: (fn: string, args: object) => Promise<any>}} engine
 * @param {(currency: string | undefined) => any} formatters the page's number formats
 * @returns {{refresh: (caseData: object) => void}}
 */
export function bindStageGates(root, engine, formatters) {
  const section = /** @type {HTMLElement | null} */ (root.querySelector('[data-role="stage-gates"]'));
  if (!section) return { refresh() {} };
  const saved = storage(section.dataset.maturityKey || "playbook:assessment:maturity");
  const part = (role) => /** @type {HTMLElement} */ (section.querySelector(`[data-role="${role}"]`));
  const useButton = /** @type {HTMLButtonElement} */ (section.querySelector('[data-action="use-assessment"]'));
  const dropButton = /** @type {HTMLButtonElement} */ (section.querySelector('[data-action="drop-assessment"]'));
  let using = false;
  let lastCase = null;
  let latest = 0;

  const savedOn = (assessment) => {
    const when = assessment?.saved_at ? new Date(assessment.saved_at) : null;
    if (!when || Number.isNaN(when.getTime())) return "date not recorded";
    return `saved on ${when.toLocaleDateString(document.documentElement.lang || "en", { dateStyle: "long" })}`;
  };

  const clear = () => {
    part("gates-figures").replaceChildren();
    part("gates-table").replaceChildren(...[part("gates-table").querySelector("caption")].filter(Boolean));
    part("gates-worth").replaceChildren();
    part("gates-output").hidden = true;
  };

  const offer = () => {
    const assessment = saved.load();
    using = using && Boolean(assessment);
    useButton.hidden = using || !assessment;
    dropButton.hidden = !using;
    if (!assessment) {
      part("gates-state").replaceChildren(
        "No saved assessment in this browser yet. ",
        h("a", { href: section.dataset.assessmentUrl || "../assessment/", text: "Take the maturity assessment" }),
        " on this site, then come back: its levels give the odds that this case reaches production and stays there.",
      );
    } else if (!using) {
      useButton.textContent = `Use my saved assessment (${savedOn(assessment)})`;
      part("gates-state").textContent = "Your maturity assessment is saved in this browser. Use it to see the odds that this case passes each stage gate, and its expected NPV.";
    }
    if (!using) clear();
    return assessment;
  };

  const sourceLink = (source) => {
    const [, anchor] = String(source).split("#");
    const base = section.dataset.sourcesUrl || "../../sources/";
    return h("a", { href: anchor ? `${base}#${anchor}` : base, text: "source" });
  };

  const render = (result, assessment) => {
    const f = formatters(result.currency);
    const sg = result.stage_gates;
    part("gates-state").textContent = `With your assessment (${savedOn(assessment)}): the odds from your maturity levels, each with its source or marked as a judgment.`;
    const figures = [
      ["p_success", "Chance of success", f.pct(sg.p_success), "reaches production and its adoption target, still in production at the end"],
      ["expected_npv", "Expected NPV", f.money(sg.expected_npv), "each year weighted by the chance the case still runs"],
      ["npv", "NPV without the gates", f.money(sg.npv)],
      ["value_lost", "Expected value the gates take", f.money(sg.value_lost)],
    ];
    part("gates-figures").replaceChildren(...figures.map(([key, label, value, note]) =>
      h("div", { class: "pb-figure", "data-figure": key },
        h("dt", { text: label }),
        h("dd", {}, h("span", { class: "pb-figure__value", "data-value": key, text: value }),
          note ? h("span", { class: "pb-figure__note", text: note }) : null))));
    const tableEl = part("gates-table");
    const caption = tableEl.querySelector("caption");
    const headers = ["Gate", "Chance", "From", "Where the figure comes from", "Expected NPV lost"];
    tableEl.replaceChildren(
      ...(caption ? [caption] : []),
      h("thead", {}, h("tr", {}, headers.map((t, i) => h("th", { scope: "col", class: i === 1 || i === 4 ? "pb-num" : "pb-text-cell", text: t })))),
      h("tbody", {}, sg.gates.map((g) => h("tr", { "data-row": g.id },
        h("th", { scope: "row", class: "pb-text-cell", text: g.title }),
        h("td", { class: "pb-num", text: g.years ? `${f.pct(g.probability)} over ${g.years} years` : f.pct(g.probability) }),
        h("td", { class: "pb-text-cell", text: g.level ? `L${g.level} ${g.dimension_title || g.dimension}` : `${g.dimension_title || g.dimension}: not scored (lowest level used)` }),
        h("td", { class: "pb-text-cell" }, g.judgment ? h("em", { text: "judgment" }) : sourceLink(g.source), g.reason ? ` ${g.reason}` : ""),
        h("td", { class: "pb-num", text: f.money(g.value_lost) })))),
    );
    const worth = sg.maturity_worth || { weakest: [], actions: [], notes: [] };
    const change = (v) => `${v >= 0 ? "+" : "−"}${f.money(Math.abs(v))}`;
    part("gates-worth").replaceChildren(
      ...worth.weakest.map((w) => h("li", { text: `If ${w.title} rose from L${w.from_level} to L${w.to_level}: expected NPV ${f.money(w.expected_npv)} (${change(w.change)}).` })),
      ...worth.actions.map((a) => h("li", { text: `${a.text.replace(/\.$/, "")}: expected NPV ${f.money(a.expected_npv)} (${change(a.change)}).` })),
      ...[...sg.notes, ...worth.notes].map((n) => h("li", { class: "pb-note", text: n })),
    );
    part("gates-output").hidden = false;
  };

  const refresh = async (caseData) => {
    lastCase = caseData;
    const assessment = offer();
    if (!using || !assessment) return;
    const ticket = ++latest;
    section.setAttribute("aria-busy", "true");
    try {
      const reply = await engine.call("roi", { case: caseData, runs: 0, maturity: assessment });
      if (ticket !== latest || !root.isConnected) return;
      if (reply.ok) render(reply.value, assessment);
      else {
        clear();
        part("gates-state").textContent = `Your saved assessment could not be used: ${reply.error.message}`;
      }
    } finally {
      if (ticket === latest) section.setAttribute("aria-busy", "false");
    }
  };

  useButton.addEventListener("click", () => {
    using = true;
    if (lastCase) refresh(lastCase);
    dropButton.focus();
  });
  dropButton.addEventListener("click", () => {
    using = false;
    offer();
    if (!useButton.hidden) useButton.focus();
  });
  offer();
  return { refresh };
}
