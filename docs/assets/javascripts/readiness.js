// The pilot scale-readiness page: one or more pilots, their checks in, flags and a verdict out.
// The verdict, its reason, the flags, the remedies and the import checks come from Python
// (calculators._readiness); this file only moves data between the form, storage and the worker.

import { getEngine } from "./engine.js";
import { h, status } from "./dom.js";
import { bindEuTier } from "./eu-tier.js";
import { afterFormats, applyShareFragment, download, engineFailed, engineLost, latestOnly, notice, offerShareLink, onJsonImport, readAnswers, said, showAnswerError, siteBase, storage, t, undoNotice, writeAnswers } from "./tools.js";

const EXPORT_FORMAT = "ai-scale-up-playbook/readiness";
const SHARE_KEY = "pilot";

// The pilot's EU AI Act tier (eu-tier.js) sits outside the checks' form, in the same calculator.
const tierInputs = (form) => /** @type {HTMLInputElement[]} */ ([...(form.closest("[data-calculator]")?.querySelectorAll('input[name="eu_tier"]') || [])]);

function readForm(form) {
  const tier = tierInputs(form).find((input) => input.checked);
  return { pilot: form.elements.pilot.value, answers: readAnswers(form), eu_tier: tier ? tier.value : null };
}

function writeForm(form, saved) {
  form.elements.pilot.value = saved?.pilot || "";
  writeAnswers(form, saved?.answers);
  for (const input of tierInputs(form)) input.checked = input.value === saved?.eu_tier;
}

// The same pilot, whatever else changed: its name, answers and tier.
const pilotKey = (p) => JSON.stringify([p.pilot, p.answers, p.eu_tier ?? null]);

// What localStorage holds: {pilots: [{pilot, answers, eu_tier}], current}. Before several pilots could
// be kept, it held one {pilot, answers}: that becomes the first pilot.
function fromStore(saved) {
  if (saved && Array.isArray(saved.pilots) && saved.pilots.length) {
    const current = Number.isInteger(saved.current) && saved.current < saved.pilots.length ? saved.current : 0;
    return { pilots: saved.pilots, current };
  }
  if (saved && saved.answers && typeof saved.answers === "object") return { pilots: [{ pilot: saved.pilot || "", answers: saved.answers }], current: 0 };
  return null;
}

const pilotName = (pilot, index) => pilot.pilot || t("readiness.pilot.unnamed", { number: index + 1 });
const answered = (answers) => Object.values(answers || {}).filter((v) => v !== null && v !== undefined).length;

function renderDetails(result, links) {
  const { verdict } = result;
  const flagged = result.causes.filter((c) => c.flagged);
  // The list of what is still to answer: once something is answered (before that, it is the form).
  const missing = verdict.missing.length && result.answered
    ? h("section", { class: "pb-card", "aria-labelledby": "pb-missing-title", "data-role": "missing" },
      h("h3", { id: "pb-missing-title", text: t("readiness.result.missing_title") }),
      h("ul", {}, verdict.missing.map((k) => h("li", {}, h("a", { href: `#rc-${k.id}`, "data-check": k.id, text: k.question })))))
    : null;
  const causes = flagged.length
    ? h("div", {}, flagged.map((c) => {
      const href = links?.[c.link] ? new URL(links[c.link], siteBase()).href : null;
      return h("section", { class: "pb-card", "data-cause": c.id, "aria-labelledby": `pb-cause-${c.id}` },
        h("h3", { id: `pb-cause-${c.id}`, text: c.title }),
        h("p", { text: t("readiness.result.not_in_place") }),
        h("ul", {}, c.failed_checks.map((k) => h("li", { "data-failed": k.id },
          h("strong", { text: `${k.answer_label}: ` }), k.question,
          h("br"), h("span", { class: "pb-remedy", text: t("readiness.result.remedy", { remedy: k.remedy }) })))),
        href ? h("p", {}, h("a", { href, text: t("readiness.result.more_in_playbook", { title: c.title }) })) : null);
    }))
    : null;
  // The verdict's label and reason are in the summary line above (read out when they change).
  return [
    h("p", { text: verdict.summary }),
    missing,
    causes,
  ].filter(Boolean);
}

export function bind(root) {
  const form = root.querySelector('[data-role="form"]');
  const select = root.querySelector('[data-role="pilot-select"]');
  const store = storage(`playbook:readiness:${root.dataset.rubricId}`);
  const rubricMeta = { id: root.dataset.rubricId, version: root.dataset.rubricVersion };
  const engine = getEngine(root);
  const tier = bindEuTier(root, engine);
  const write = (saved) => {
    writeForm(form, saved);
    tier.show();
  };
  let links = null;
  const ticket = latestOnly();
  const lost = engineLost(root, t("readiness.kept"));
  const restored = fromStore(store.load());
  // Answers given before this script bound (the form works at first paint) are kept too.
  const state = restored || { pilots: [readForm(form)], current: 0 };
  if (restored) write(state.pilots[state.current]);

  const persist = () => {
    state.pilots[state.current] = readForm(form);
    if (!store.save({ rubric: rubricMeta, pilots: state.pilots, current: state.current, saved_at: new Date().toISOString() })) {
      status(root, t("readiness.status.no_storage"), "warning");
    }
  };

  const fillSelect = () => {
    select.replaceChildren(...state.pilots.map((p, i) => h("option", { value: String(i), text: pilotName(p, i) })));
    select.value = String(state.current);
  };

  const updateProgress = () => {
    const { answers } = readForm(form);
    const total = Object.keys(answers).length;
    root.querySelector('[data-role="progress-text"]').textContent = t("readiness.progress", { answered: answered(answers), total });
    root.querySelector('[data-role="progress-bar"]').value = answered(answers);
  };

  const render = (result) => {
    const summary = root.querySelector('[data-role="summary"]');
    const name = result.pilot ? t("readiness.result.named_pilot", { name: result.pilot }) : t("readiness.result.this_pilot");
    summary.replaceChildren(t("readiness.result.summary", { name, label: result.verdict.label }), h("span", { class: "pb-result__why", "data-role": "why", text: result.verdict.why }));
    summary.dataset.verdict = result.verdict.id;
    root.querySelector('[data-role="details"]').replaceChildren(...renderDetails(result, links));
  };

  const recompute = async () => {
    updateProgress();
    const current = ticket();
    const { pilot, answers } = readForm(form);
    try {
      const reply = await engine.call("readiness", { answers, pilot });
      if (!current()) return; // a newer change is on its way
      if (reply.ok) {
        showAnswerError(form, null);
        render(reply.value);
      } else if (!showAnswerError(form, reply.error)) {
        status(root, said(reply.error), "error");
      }
    } catch (error) {
      lost(error);
    }
  };

  const choose = (index) => {
    persist();
    state.current = index;
    write(state.pilots[index]);
    fillSelect();
    persist();
    recompute();
  };

  // Restore a whole earlier state (the undo of import, delete and reset).
  const restore = (snapshot) => {
    state.pilots = snapshot.pilots.map((p) => ({ ...p }));
    state.current = snapshot.current;
    write(state.pilots[state.current]);
    fillSelect();
    persist();
    recompute();
  };
  const snapshot = () => {
    persist();
    return { pilots: state.pilots.map((p) => ({ ...p })), current: state.current };
  };

  // Pilots from outside (import, share link), checked by Python; the reader's pilots are kept.
  const loadExternal = async (data, source) => {
    const reply = await engine.call("read_pilots", { data });
    if (!reply.ok) {
      notice(root, t("readiness.notice.refused", { source, error: said(reply.error) }), "error");
      return false;
    }
    const before = snapshot();
    const kept = new Set(state.pilots.map(pilotKey));
    const added = reply.value.pilots.filter((p) => !kept.has(pilotKey(p)));
    const blank = state.pilots.length === 1 && !state.pilots[0].pilot && !answered(state.pilots[0].answers);
    if (added.length) {
      state.pilots = blank ? added : [...state.pilots, ...added];
      state.current = state.pilots.indexOf(added[0]);
    } else {
      const first = pilotKey(reply.value.pilots[0]);
      state.current = Math.max(0, state.pilots.findIndex((p) => pilotKey(p) === first));
    }
    write(state.pilots[state.current]);
    fillSelect();
    persist();
    await recompute();
    const same = reply.value.pilots.length - added.length;
    const text = [
      t("readiness.notice.added", { added: added.length, total: reply.value.pilots.length, source }),
      same ? t(same === 1 ? "readiness.notice.already_kept_one" : "readiness.notice.already_kept_many", { count: same }) : "",
      ...(reply.value.notes_said ? reply.value.notes_said.map(said) : reply.value.notes),
    ].filter(Boolean).join(" ");
    if (added.length) undoNotice(root, text, () => restore(before), reply.value.notes.length ? "warning" : "info");
    else notice(root, text, reply.value.notes.length ? "warning" : "info");
    return true;
  };

  const exportData = async () => {
    persist();
    const pilots = [];
    for (const p of state.pilots) {
      // Each pilot's verdict, for people reading the file; without the engine, answers only.
      const reply = root.dataset.engine === "ready" ? await engine.call("readiness", { answers: p.answers, pilot: p.pilot }).catch(() => null) : null;
      const result = reply?.ok ? { verdict: { id: reply.value.verdict.id, label: reply.value.verdict.label, why: reply.value.verdict.why }, flags: reply.value.flags } : null;
      // The EU AI Act tier only once the reader picked one (as read_pilots gives it back).
      pilots.push({ pilot: p.pilot, answers: p.answers, ...(p.eu_tier ? { eu_tier: p.eu_tier } : {}), result });
    }
    return { format: EXPORT_FORMAT, rubric: rubricMeta, exported_at: new Date().toISOString(), pilots };
  };

  const actions = {
    "new-pilot": () => {
      persist();
      state.pilots.push({ pilot: "", answers: {} });
      choose(state.pilots.length - 1);
      form.elements.pilot.focus();
      notice(root, t("readiness.notice.new_pilot", { count: state.pilots.length }), "info");
    },
    "delete-pilot": () => {
      const index = state.current;
      const name = pilotName(readForm(form), index);
      if (!window.confirm(t("readiness.confirm.delete", { name }))) return;
      const before = snapshot();
      state.pilots.splice(index, 1);
      if (!state.pilots.length) state.pilots.push({ pilot: "", answers: {} });
      state.current = Math.min(index, state.pilots.length - 1);
      write(state.pilots[state.current]);
      fillSelect();
      persist();
      recompute();
      undoNotice(root, t("readiness.notice.deleted", { name }), () => restore(before));
    },
    "export-json": async () => {
      const data = await exportData();
      download(`pilot-readiness-${new Date().toISOString().slice(0, 10)}.json`, JSON.stringify(data, null, 2));
    },
    share: () => {
      const { pilot, answers, eu_tier } = readForm(form);
      const shared = { rubric: rubricMeta, pilot, answers: Object.fromEntries(Object.entries(answers).filter(([, v]) => v !== null)) };
      offerShareLink(root, SHARE_KEY, eu_tier ? { ...shared, eu_tier } : shared, t(eu_tier ? "readiness.what.answers_and_tier_travel" : "readiness.what.answers_travel"));
    },
    print: () => window.print(),
    reset: () => {
      if (!window.confirm(t("readiness.confirm.reset"))) return;
      const before = snapshot();
      write(null);
      persist();
      fillSelect();
      recompute();
      undoNotice(root, t("readiness.notice.reset"), () => restore(before));
    },
  };

  root.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-action]");
    if (button && actions[button.dataset.action]) {
      actions[button.dataset.action]();
      return;
    }
  });

  // "Still to answer" links: move the keyboard focus to the check, not only the view. Caught on
  // the way down, before Material's instant navigation takes over same-page links (it scrolls
  // but moves no focus); on the way up it sometimes ran first, and focus stayed on the link.
  const onMissingLink = (event) => {
    if (!root.isConnected) return window.removeEventListener("click", onMissingLink, true);
    const link = event.target.closest?.("a[data-check]");
    if (!link || !root.contains(link)) return;
    const input = form.querySelector(`input[name="${CSS.escape(link.dataset.check)}"]`);
    if (!input) return;
    event.preventDefault();
    event.stopPropagation();
    input.closest("[data-question]").scrollIntoView({ block: "center" });
    input.focus();
  };
  window.addEventListener("click", onMissingLink, true);

  select.addEventListener("change", () => choose(Number(select.value)));

  // The tier is saved with its pilot; eu-tier.js lists what it brings.
  root.querySelector('[data-role="eu-tier"]')?.addEventListener("change", (event) => {
    if (/** @type {HTMLInputElement} */ (event.target).name === "eu_tier") persist();
  });

  form.addEventListener("input", (event) => {
    persist();
    if (event.target === form.elements.pilot) {
      const option = select.options[state.current];
      if (option) option.textContent = pilotName(state.pilots[state.current], state.current);
    }
    recompute();
  });

  onJsonImport(root, loadExternal, t("readiness.unchanged"));

  // The pilots' numbered names and the progress line: once the worker's number formats are built
  // (afterFormats), not in this task; until then the form shows the build's (no answers yet).
  afterFormats(engine, () => {
    fillSelect();
    updateProgress();
  });
  if (!restored && answered(state.pilots[0].answers)) persist();
  engine.ready.then(
    async () => {
      const part = await engine.call("bundle", { keys: ["links"] });
      links = part.ok ? part.value.links : null;
      root.dataset.engine = "ready";
      status(root, restored ? t(state.pilots.length === 1 ? "readiness.status.restored_one" : "readiness.status.restored_many", { count: state.pilots.length }) : t("common.status.ready"), "ready");
      await applyShareFragment(root, SHARE_KEY, loadExternal, t("readiness.what.pilots"));
      await recompute();
    },
    engineFailed(root, t("readiness.kept")),
  );
}
