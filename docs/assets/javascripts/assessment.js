// The maturity assessment page: collects the form's answers, keeps them in localStorage, asks
// the engine for the result and shows it. Levels, explanations and plans come from Python.

import { getEngine } from "./engine.js";
import { h, status } from "./dom.js";

const storageKey = (root) => `playbook:assessment:${root.dataset.rubricId}`;

function readAnswers(form) {
  const answers = {};
  for (const fieldset of form.querySelectorAll("[data-question]")) {
    const checked = fieldset.querySelector("input[type=radio]:checked");
    answers[fieldset.dataset.question] = checked ? checked.value : null;
  }
  return answers;
}

function writeAnswers(form, answers) {
  for (const [question, value] of Object.entries(answers || {})) {
    const fieldset = form.querySelector(`[data-question="${CSS.escape(question)}"]`);
    if (!fieldset) continue;
    for (const input of fieldset.querySelectorAll("input[type=radio]")) input.checked = input.value === value;
  }
}

function save(root, answers) {
  try {
    const saved = { rubric: { id: root.dataset.rubricId, version: root.dataset.rubricVersion }, answers, saved_at: new Date().toISOString() };
    localStorage.setItem(storageKey(root), JSON.stringify(saved));
    return true;
  } catch {
    return false; // storage disabled or full: the page still works, it just cannot resume
  }
}

function restore(root) {
  try {
    const saved = JSON.parse(localStorage.getItem(storageKey(root)) || "null");
    return saved && typeof saved.answers === "object" ? saved.answers : null;
  } catch {
    return null;
  }
}

function showFieldErrors(form, error) {
  for (const el of form.querySelectorAll("[data-error-for]")) {
    el.hidden = true;
    el.textContent = "";
  }
  if (error && error.field) {
    const el = form.querySelector(`[data-error-for="${CSS.escape(error.field)}"]`);
    if (el) {
      el.textContent = error.message;
      el.hidden = false;
    }
  }
}

function levelText(level, label) {
  return level ? `L${level} ${label}` : "not yet scored";
}

function render(root, result) {
  const summary = root.querySelector('[data-role="summary"]');
  const details = root.querySelector('[data-role="details"]');
  const { overall, progress } = result;
  const provisional = result.provisional ? ` (provisional: ${progress.answered} of ${progress.total} questions answered)` : "";
  summary.textContent = `Overall level: ${levelText(overall.level, overall.label)}${provisional}.`;
  summary.dataset.level = overall.level || "";
  const dims = h("table", { class: "pb-levels" },
    h("caption", { text: "Level per dimension" }),
    h("thead", {}, h("tr", {}, h("th", { scope: "col", text: "Dimension" }), h("th", { scope: "col", text: "Level" }), h("th", { scope: "col", text: "Why" }))),
    h("tbody", {}, result.dimensions.map((d) =>
      h("tr", { "data-dimension": d.id },
        h("th", { scope: "row", text: d.title }),
        h("td", { "data-level": d.level || "", text: levelText(d.level, d.label) }),
        h("td", { text: d.why })))));
  const why = h("div", { class: "pb-overall-why" },
    h("p", { text: overall.why }),
    overall.limited_by.length ? h("ul", {}, overall.limited_by.map((item) => h("li", { text: item.text }))) : null);
  details.replaceChildren(why, dims);
}

export function bind(root) {
  const form = root.querySelector('[data-role="form"]');
  const restored = restore(root);
  if (restored) writeAnswers(form, restored);
  const engine = getEngine(root);
  let latest = 0;
  const recompute = async () => {
    const ticket = ++latest;
    const answers = readAnswers(form);
    try {
      const reply = await engine.call("assess", { answers });
      if (ticket !== latest) return; // a newer change is on its way
      showFieldErrors(form, reply.ok ? null : reply.error);
      if (reply.ok) render(root, reply.value);
      else status(root, reply.error.message, "error");
    } catch (error) {
      status(root, `${error.message}. Your answers are kept in this page${restore(root) ? " and in this browser" : ""}; reload to try again.`, "error");
    }
  };
  form.addEventListener("change", () => {
    const saved = save(root, readAnswers(form));
    if (!saved) status(root, "This browser does not allow saving: your answers will be lost when you leave the page.", "warning");
    recompute();
  });
  engine.ready.then(
    () => {
      status(root, restored ? "Calculator ready. Your saved answers were restored." : "Calculator ready.", "ready");
      root.dataset.engine = "ready";
      recompute();
    },
    (error) => {
      root.dataset.engine = "failed";
      status(root, `${error.message}. The form still works and your answers are kept; reload the page to try again.`, "error");
    },
  );
}
