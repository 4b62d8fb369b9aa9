// The pilot scale-readiness page: yes/no checks per root cause in, flags and a verdict out.
// The verdict, the flags and the remedies come from Python (calculators._readiness).

import { getEngine } from "./engine.js";
import { h, status } from "./dom.js";
import { notice, siteBase, storage } from "./tools.js";

function readForm(form) {
  const answers = {};
  for (const fieldset of form.querySelectorAll("[data-question]")) {
    const checked = fieldset.querySelector("input[type=radio]:checked");
    answers[fieldset.dataset.question] = checked ? checked.value : null;
  }
  return { pilot: form.elements.pilot.value, answers };
}

function writeForm(form, saved) {
  form.elements.pilot.value = saved?.pilot || "";
  for (const fieldset of form.querySelectorAll("[data-question]")) {
    const value = saved?.answers?.[fieldset.dataset.question] ?? null;
    for (const input of fieldset.querySelectorAll("input[type=radio]")) input.checked = input.value === value;
  }
}

function render(root, result, links) {
  const name = result.pilot ? `“${result.pilot}”` : "This pilot";
  const summary = root.querySelector('[data-role="summary"]');
  const provisional = result.provisional ? ` (provisional: ${result.unanswered} checks unanswered)` : "";
  summary.textContent = `${name}: ${result.verdict.label}, ${result.flags} of ${result.causes.length} causes flagged${provisional}.`;
  summary.dataset.verdict = result.verdict.id;
  const flagged = result.causes.filter((c) => c.flagged);
  root.querySelector('[data-role="details"]').replaceChildren(
    h("p", { text: `${result.verdict.summary} (${result.verdict.reason}.)` }),
    flagged.length
      ? h("div", {}, flagged.map((c) => {
        const href = links?.[c.link] ? new URL(links[c.link], siteBase()).href : null;
        return h("section", { class: "pb-card", "data-cause": c.id },
          h("h3", { text: c.title }),
          h("p", { text: "Flagged by:" }),
          h("ul", {}, c.failed_checks.map((k) => h("li", { text: k.question }))),
          h("p", { text: "Remedies:" }),
          h("ul", {}, c.remedies.map((r) => h("li", { text: r }))),
          href ? h("p", {}, h("a", { href, text: `More on ${c.title.toLowerCase()}` })) : null);
      }))
      : null,
  );
}

export function bind(root) {
  const form = root.querySelector('[data-role="form"]');
  const store = storage(`playbook:readiness:${root.dataset.rubricId}`);
  const engine = getEngine(root);
  let links = null;
  let latest = 0;
  const saved = store.load();
  if (saved) writeForm(form, saved);

  const recompute = async () => {
    const ticket = ++latest;
    const { pilot, answers } = readForm(form);
    try {
      const reply = await engine.call("readiness", { answers, pilot });
      if (ticket !== latest) return;
      for (const el of form.querySelectorAll("[data-error-for]")) el.hidden = true;
      if (reply.ok) render(root, reply.value, links);
      else {
        const el = form.querySelector(`[data-error-for="${CSS.escape(reply.error.field || "")}"]`);
        if (el) {
          el.textContent = reply.error.message;
          el.hidden = false;
        } else status(root, reply.error.message, "error");
      }
    } catch (error) {
      status(root, `${error.message}. Your answers are kept; reload the page to try again.`, "error");
    }
  };

  form.addEventListener("input", () => {
    if (!store.save(readForm(form))) status(root, "This browser does not allow saving: your answers will be lost when you leave the page.", "warning");
    recompute();
  });
  root.addEventListener("click", (event) => {
    const action = event.target.closest("button[data-action]")?.dataset.action;
    if (action === "print") window.print();
    if (action === "reset" && window.confirm("Clear the pilot name and every answer?")) {
      const previous = readForm(form);
      writeForm(form, null);
      store.save(readForm(form));
      recompute();
      notice(root, "All answers cleared.", "info", [{ label: "Undo", onClick: () => { writeForm(form, previous); store.save(previous); recompute(); } }]);
    }
  });
  engine.ready.then(
    async () => {
      const part = await engine.call("bundle", { keys: ["links"] });
      links = part.ok ? part.value.links : null;
      root.dataset.engine = "ready";
      status(root, saved ? "Ready. Your saved answers were restored." : "Ready.", "ready");
      recompute();
    },
    (error) => {
      root.dataset.engine = "failed";
      status(root, `${error.message}. The form still works and your answers are kept; reload the page to try again.`, "error");
    },
  );
}
