// The use-case portfolio page: keeps the reader's cases (ROI page exports, or the case saved on
// the ROI page) in this browser, asks the engine to rank them under the budget and shows what it
// returns: the table, the value-versus-feasibility chart (shapes laid out by Python, written here
// as SVG) and the funding order. It computes nothing (calculators/_use_cases.py does).

import { getEngine } from "./engine.js";
import { h, status, svgNode } from "./dom.js";
import { clearErrors, download, engineFailed, notice, numberFormat, readJsonFile, said, showError, storage, t } from "./tools.js";
import { tn } from "./plural.js";
import { formatters } from "./roi-format.js";

// Python's drawing as SVG: rect, line, circle (titled with its case) and text shapes.
function drawing(d) {
  const svg = svgNode("svg", {
    class: "pb-uc-svg", role: "img", "aria-labelledby": "uc-chart-svg-title uc-chart-svg-desc",
    viewBox: `0 0 ${d.width} ${d.height}`, width: "100%", preserveAspectRatio: "xMidYMin meet",
  });
  svg.append(svgNode("title", { id: "uc-chart-svg-title" }, said(d.title_said) || d.title), svgNode("desc", { id: "uc-chart-svg-desc" }, said(d.desc_said) || d.desc));
  for (const s of d.shapes) {
    if (s.kind === "rect") svg.append(svgNode("rect", { class: s.cls, x: s.x, y: s.y, width: s.w, height: s.h }));
    else if (s.kind === "line") svg.append(svgNode("line", { class: s.cls, x1: s.x1, y1: s.y1, x2: s.x2, y2: s.y2 }));
    else if (s.kind === "circle") {
      const dot = svgNode("circle", { class: s.cls, cx: s.cx, cy: s.cy, r: s.r });
      dot.append(svgNode("title", {}, s.label));
      svg.append(dot);
    } else if (s.kind === "text") {
      svg.append(svgNode("text", {
        class: s.cls, x: s.x, y: s.y, "text-anchor": s.anchor,
        transform: s.rotate ? `rotate(${s.rotate} ${s.x} ${s.y})` : null,
      }, s.message_id ? said(s) : s.text));
    }
  }
  return svg;
}


/** @param {HTMLElement} root */
export function bind(root) {
  const engine = getEngine(root);
  const store = storage(`playbook:use-cases:${root.dataset.rubricId}`);
  const roiStore = storage(root.dataset.roiKey || "playbook:roi:kpis");
  const form = /** @type {HTMLElement} */ (root.querySelector('[data-role="form"]'));
  const budgetInput = /** @type {HTMLInputElement} */ (form.querySelector('[data-arg="budget"]'));
  const el = (role) => /** @type {HTMLElement} */ (root.querySelector(`[data-role="${role}"]`));
  const kept = store.load();
  /** @type {Array<{name: string, data: any}>} */
  let cases = Array.isArray(kept?.cases) ? kept.cases : [];
  if (kept && typeof kept.budget === "string") budgetInput.value = kept.budget;
  let ready = false;
  let latest = 0;
  let lastResult = null;

  const save = () => {
    if (!store.save({ cases, budget: budgetInput.value })) status(root, t("use_cases.status.no_storage"), "warning");
  };

  // The budget as typed: Python reads it in the page's number format (numberFormat()).
  const budget = () => (budgetInput.value.trim() === "" ? null : budgetInput.value);
  const budgetLabel = form.querySelector('label[for="uc-budget"]')?.textContent || "";

  const render = (result) => {
    lastResult = result;
    const f = formatters(result.currency || undefined);
    const rows = result.cases;
    const funded = result.funded ? t("use_cases.summary.funded", { count: result.funded.length, budget: f.money(result.budget), left: f.money(result.budget_left) }) : "";
    el("summary").textContent = rows.length
      ? t("use_cases.summary", { cases: tn("use_cases.summary.cases", rows.length), worth: tn("use_cases.summary.worth", result.order.length), funded })
      : cases.length ? t("use_cases.summary.none_read") : t("use_cases.result.empty");
    const notes = result.notes_said || result.notes;
    el("notes").replaceChildren(...notes.map((n) => h("li", { text: typeof n === "string" ? n : said(n) })));
    el("refused").replaceChildren(...result.refused.map((r) => h("li", { class: "pb-note", text: t("use_cases.refused", { name: r.name, reason: r.reason_said ? said(r.reason_said) : r.reason }) })));
    el("details").hidden = !rows.length;
    if (!rows.length) return;
    const tableEl = el("cases");
    const caption = tableEl.querySelector("caption");
    const headers = ["use_cases.col.case", "use_cases.col.expected_npv", "use_cases.col.p_success", "use_cases.col.payback", "use_cases.col.investment", "use_cases.col.funding"].map((id) => t(id)).concat("");
    const num = new Set([1, 2, 3, 4]);
    const funding = (row) => {
      if (row.expected_npv <= 0) return t("use_cases.funding.not_worth");
      if (result.funded === null) return t("use_cases.funding.order", { rank: row.rank });
      return t(row.funded_now ? "use_cases.funding.funded" : "use_cases.funding.does_not_fit", { rank: row.rank });
    };
    const oddsFrom = (row) => {
      if (!row.gates_from) return t("use_cases.odds.none");
      const from = row.gates_from === "given" ? t("use_cases.odds.given") : row.gates_from_said ? said(row.gates_from_said) : row.gates_from;
      const who = [row.assessment_team, row.assessment_date].filter(Boolean).join(", ");
      return who ? `${from} (${who})` : from;
    };
    tableEl.replaceChildren(
      ...(caption ? [caption] : []),
      h("thead", {}, h("tr", {}, headers.map((text, i) => h("th", { scope: "col", class: num.has(i) ? "pb-num" : "pb-text-cell" }, i === 6 ? h("span", { class: "visually-hidden", text: t("use_cases.button.remove") }) : text)))),
      h("tbody", {}, rows.map((row, i) => h("tr", { "data-row": row.name },
        h("th", { scope: "row", class: "pb-text-cell pb-uc-name" }, `${i + 1}. ${row.name}`, h("span", { class: "pb-uc-odds", "data-value": "odds", text: oddsFrom(row) })),
        h("td", { class: "pb-num", "data-value": "expected_npv", text: f.money(row.expected_npv) }),
        h("td", { class: "pb-num", "data-value": "p_success", text: f.pct(row.p_success) }),
        h("td", { class: "pb-num", text: f.months(row.payback_months) }),
        h("td", { class: "pb-num", "data-value": "investment", text: f.money(row.investment) }),
        h("td", { class: "pb-text-cell", "data-value": "funding", text: funding(row) }),
        h("td", { class: "pb-text-cell" }, h("button", { type: "button", class: "md-button pb-uc-remove", "data-action": "remove", "data-index": String(cases.findIndex((c) => c.name === row.file)) }, t("use_cases.button.remove"), h("span", { class: "visually-hidden", text: ` ${row.name}` })))))),
    );
    el("chart").replaceChildren(drawing(result.chart));
    el("rule").textContent = t("use_cases.rule", { rule: result.rule_said ? said(result.rule_said) : result.rule });
    const byName = Object.fromEntries(rows.map((r) => [r.name, r]));
    const fit = (row) => (result.funded ? t(row.funded_now ? "use_cases.order.funded" : "use_cases.order.does_not_fit") : "");
    el("order").replaceChildren(...result.order.map((name) => h("li", { text: t("use_cases.order.item", { name, npv: f.money(byName[name].expected_npv), investment: f.money(byName[name].investment), per_unit: f.num(byName[name].value_per_investment), fit: fit(byName[name]) }) })));
    const notWorth = result.not_worth_funding.length ? t("use_cases.funding.not_worth_list", { names: result.not_worth_funding.join(", ") }) : "";
    el("funding").textContent = result.funded === null
      ? t("use_cases.funding.set_budget")
      : t("use_cases.funding.within", { budget: f.money(result.budget), names: result.funded.join(", ") || t("use_cases.funding.none"), left: f.money(result.budget_left), not_worth: notWorth });
  };

  const recompute = async () => {
    if (!ready) return;
    const ticket = ++latest;
    clearErrors(form, "[data-arg]");
    const reply = await engine.call("use_cases", { files: cases, budget: budget(), budget_label: budgetLabel, number_format: numberFormat() });
    if (ticket !== latest || !root.isConnected) return;
    if (reply.ok) render(reply.value);
    else if (!showError(form, reply.error, "data-arg", null)) status(root, said(reply.error), "error");
  };

  // A file's name is its key: adding a file of the same name again replaces it.
  const addCase = (name, data) => {
    const at = cases.findIndex((c) => c.name === name);
    if (at >= 0) cases[at] = { name, data };
    else cases.push({ name, data });
  };

  const addFiles = async (list) => {
    const problems = [];
    for (const file of list) {
      try {
        addCase(file.name, await readJsonFile(file));
      } catch (error) {
        problems.push(`${file.name}: ${error.message}`);
      }
    }
    if (problems.length) notice(root, t("use_cases.notice.not_added", { problems: problems.join("; ") }), "error");
    save();
    await recompute();
  };

  const actions = {
    "add-roi-case": async () => {
      const saved = roiStore.load();
      const data = saved?.valid_case || saved?.case;
      if (!data) {
        notice(root, t("use_cases.notice.no_roi_case"), "warning");
        return;
      }
      const name = t("use_cases.roi_case_name", { name: data.name || t("use_cases.roi_case_unnamed") });
      addCase(name, data);
      save();
      await recompute();
      notice(root, t("use_cases.notice.added_roi_case", { name }), "info");
    },
    "export-json": () => lastResult && download("ai-use-case-portfolio.json", JSON.stringify({ ...lastResult, files: cases.map((c) => c.name) }, null, 2)),
    "export-csv": async () => {
      if (!lastResult) return;
      const reply = await engine.call("use_cases_csv", { result: lastResult });
      if (reply.ok) download("ai-use-case-portfolio.csv", reply.value, "text/csv");
      else notice(root, said(reply.error), "error");
    },
    print: () => window.print(),
    clear: () => {
      if (cases.length && !window.confirm(t("use_cases.confirm.clear"))) return;
      cases = [];
      save();
      recompute();
    },
    remove: (button) => {
      const index = Number(button.dataset.index);
      if (index >= 0) cases.splice(index, 1);
      save();
      recompute();
    },
  };

  root.addEventListener("click", (event) => {
    const button = /** @type {HTMLElement | null} */ (/** @type {HTMLElement} */ (event.target).closest("button[data-action]"));
    if (button && actions[button.dataset.action]) actions[button.dataset.action](button);
  });
  root.addEventListener("change", (event) => {
    const input = /** @type {HTMLInputElement} */ (event.target);
    if (!input.matches('input[type=file][data-action="add-files"]')) return;
    const list = [...input.files];
    input.value = "";
    addFiles(list);
  });
  form.addEventListener("submit", (event) => event.preventDefault());
  budgetInput.addEventListener("input", () => { save(); recompute(); });

  engine.ready.then(
    () => {
      if (!root.isConnected) return;
      ready = true;
      root.dataset.engine = "ready";
      status(root, t(cases.length ? "use_cases.status.restored" : "use_cases.status.ready"), "ready");
      recompute();
    },
    engineFailed(root, t("use_cases.kept")),
  );
}
