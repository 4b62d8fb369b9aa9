// The assessment result's coverage section: per framework, the items the answers support, the
// gaps with the steps that close them, and what the playbook does not cover. Everything shown
// comes from the result's "coverage" (calculators/_coverage.py); this file only lays it out.

import { h, lazyDetails } from "./dom.js";
import { download, said, siteBase, t } from "./tools.js";

const PAGE = "playbook/regulation.md";

function itemLink(rubrics, id) {
  const target = rubrics?.links?.[PAGE];
  return target ? new URL(`${target}#${id}`, siteBase()).href : null;
}

function itemLabel(rubrics, item) {
  const href = itemLink(rubrics, item.id);
  const ref = href ? h("a", { href, text: item.ref }) : h("strong", { text: item.ref });
  return [ref, ` ${item.title}`];
}

function stepText(step) {
  // A "Don't know" has no level but is an answer: say it, not "not answered yet".
  const special = { dont_know: "coverage.step.dont_know", not_applicable: "coverage.step.not_applicable" };
  const now = step.from_level !== null ? t("coverage.step.now", { level: step.from_level }) : t(special[step.answer] || "coverage.step.not_answered");
  const what = step.kind === "gate" ? t("coverage.step.gate", { text: step.text }) : t("coverage.step.raise", { text: step.text, level: step.to_level });
  return t(step.option ? "coverage.step.with_option" : "coverage.step", { what, now, option: step.option });
}

// A framework's lists are built when the reader opens it (or the page prints, or is idle): a new
// result rebuilt all three frameworks' hundreds of items on every answer.
function renderFramework(framework, rubrics) {
  const count = (key) => framework[key].length;
  const lists = () => {
    const byId = new Map(framework.items.map((item) => [item.id, item]));
    const gaps = framework.actions.map((action) =>
      h("li", { "data-item": action.id }, itemLabel(rubrics, action),
        h("ul", {}, action.steps.map((step) => h("li", { text: stepText(step) })))));
    const supported = framework.supported.map((id) => h("li", { "data-item": id }, itemLabel(rubrics, byId.get(id))));
    const open = framework.not_covered.concat(framework.not_assessed).map((id) => {
      const item = byId.get(id);
      const why = (item.reason_said ? said(item.reason_said) : item.reason) || (item.status === "not_assessed" ? t("coverage.not_assessed") : "");
      return h("li", { "data-item": id }, itemLabel(rubrics, item), why ? ` ${why}` : null);
    });
    return [
      gaps.length ? [h("h3", { text: t("coverage.gaps.title") }), h("ol", { class: "pb-coverage__gaps" }, gaps)] : null,
      supported.length ? [h("h3", { text: t("coverage.supported.title") }), h("ul", { class: "pb-coverage__supported" }, supported)] : null,
      open.length ? [h("h3", { text: t("coverage.open.title") }), h("ul", { class: "pb-coverage__open" }, open)] : null,
    ];
  };
  return lazyDetails({ class: "pb-coverage__framework", "data-detail": `coverage-${framework.title}`, "data-framework": framework.title },
    h("summary", { text: t("coverage.framework.summary", { title: framework.title, supported: count("supported"), gaps: count("gaps"), open: count("not_covered") + count("not_assessed") }) }),
    lists);
}

/**
 * The coverage section of a maturity result, or null when the result has none.
 * @param {any} result the maturity result (its "coverage" key)
 * @param {any} rubrics the bundle the worker holds (its "links" map)
 * @param {() => Promise<{ok: boolean, value?: string}>} csv asks the engine for the coverage CSV
 */
export function renderCoverage(result, rubrics, csv) {
  if (!result.coverage) return null;
  const frameworks = Object.values(result.coverage);
  const regulation = rubrics?.links?.[PAGE] ? new URL(rubrics.links[PAGE], siteBase()).href : null;
  const exportCsv = async () => {
    const reply = await csv();
    if (reply.ok) download(`ai-coverage-${new Date().toISOString().slice(0, 10)}.csv`, reply.value, "text/csv");
  };
  return h("section", { class: "pb-card pb-coverage", "data-role": "coverage", "aria-labelledby": "pb-coverage-title" },
    h("h2", { id: "pb-coverage-title", text: t("coverage.title") }),
    h("p", { class: "pb-help" },
      t("coverage.help"),
      regulation ? [" ", h("a", { href: regulation, text: t("coverage.link") })] : null),
    frameworks.map((framework) => renderFramework(framework, rubrics)),
    h("p", {}, h("button", { type: "button", class: "md-button", "data-action": "export-coverage-csv", onclick: exportCsv, text: t("coverage.button.export_csv") })));
}
