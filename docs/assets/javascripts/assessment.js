// The maturity assessment page: collects the form's answers, keeps them in localStorage, asks
// the engine (Python in a worker) for the result and shows it. Levels, explanations, actions,
// the 90-day plan, comparisons, CSV and import checks all come from Python.

import { getEngine } from "./engine.js";
import { fillDetails, h, keepOrBuild, status, svgNode } from "./dom.js";
import { radar, show } from "./charts.js";
import { renderCoverage } from "./coverage.js";
import { afterFormats, applyShareFragment, download, engineFailed, engineLost, latestOnly, notice, offerShareLink, onJsonImport, readAnswers, readJsonFile, said, showAnswerError, siteBase, storage, t, undoNotice, wordsFor, writeAnswers } from "./tools.js";

const SHARE_KEY = "answers";

// "Don't know" answers are answers, but not knowledge: say how many, and how they were scored.
function dontKnowText(progress) {
  if (!progress.dont_know) return "";
  const how = t(progress.dont_know_scored_as === "lowest" ? "assessment.dont_know.lowest" : "assessment.dont_know.left_out");
  return t("assessment.dont_know.count", { count: progress.dont_know, how });
}

// Who and what the answers describe (team or scope, respondent, date): text fields outside the
// questions, checked by Python when exported or imported.
function readAbout(root) {
  return Object.fromEntries([...root.querySelectorAll("[data-about]")].map((el) => [el.dataset.about, el.value.trim() || null]));
}

function writeAbout(root, about) {
  if (!about) return;
  for (const el of root.querySelectorAll("[data-about]")) el.value = about[el.dataset.about] ?? "";
}

// Target levels per dimension and evidence per answer: the form's raw values; Python checks them
// (calculators/_maturity_targets.py, _maturity_evidence.py) and says what is wrong, by field.
function readTargets(root) {
  const out = {};
  for (const el of root.querySelectorAll("select[data-target]")) if (el.value) out[el.dataset.target] = Number(el.value);
  return out;
}

function writeTargets(root, targets) {
  for (const el of root.querySelectorAll("select[data-target]")) el.value = String(targets?.[el.dataset.target] ?? "");
}

function readEvidence(root) {
  const out = {};
  for (const box of root.querySelectorAll("[data-evidence-for]")) {
    const entry = Object.fromEntries([...box.querySelectorAll("[data-evidence]")].map((el) => [el.dataset.evidence, el.value.trim() || null]));
    if (Object.values(entry).some((v) => v)) out[box.dataset.evidenceFor] = entry;
  }
  return out;
}

function writeEvidence(root, evidence) {
  for (const box of root.querySelectorAll("[data-evidence-for]")) {
    const entry = (evidence && typeof evidence === "object" && evidence[box.dataset.evidenceFor]) || {};
    for (const el of box.querySelectorAll("[data-evidence]")) el.value = typeof entry[el.dataset.evidence] === "string" ? entry[el.dataset.evidence] : "";
    if (Object.values(entry).some((v) => v)) box.open = true;
  }
}

// Python's messages about targets and evidence, each beside its field (every one at once).
// Returns the messages that have no field on the page, for the status line.
function showFieldErrors(root, error) {
  for (const el of root.querySelectorAll('[data-error-for^="targets."], [data-error-for^="evidence."]')) {
    el.hidden = true;
    el.textContent = "";
  }
  for (const el of root.querySelectorAll("[data-target][aria-invalid], [data-evidence][aria-invalid]")) el.removeAttribute("aria-invalid");
  const unplaced = [];
  for (const e of error?.errors || []) {
    const slot = /^(targets|evidence)\./.test(e.field || "") ? root.querySelector(`[data-error-for="${CSS.escape(e.field)}"]`) : null;
    if (!slot) {
      unplaced.push(e.message);
      continue;
    }
    slot.textContent = slot.textContent ? `${slot.textContent} ${e.message}` : e.message;
    slot.hidden = false;
    document.getElementById(slot.id.replace(/-error$/, ""))?.setAttribute("aria-invalid", "true");
    const box = slot.closest("details");
    if (box) box.open = true;
  }
  return unplaced;
}

// "Claimed, no evidence" beside each answer that needs evidence and has none (Python decides).
// What Python noted about an imported file, each note in the page's words.
/** @param {{notes: string[], notes_said?: any[]}} value @returns {string[]} */
function noteTexts(value) {
  return value.notes_said ? value.notes_said.map(said) : value.notes;
}

function markEvidence(root, result) {
  const rows = Object.fromEntries((result?.evidence?.questions || []).map((r) => [r.question, r]));
  for (const el of root.querySelectorAll("[data-evidence-flag]")) {
    const row = rows[el.dataset.evidenceFlag];
    const fieldset = el.closest("[data-question]");
    const described = (fieldset.getAttribute("aria-describedby") || "").split(" ").filter((id) => id && id !== el.id);
    if (row?.status === "claimed_no_evidence") {
      el.textContent = t("assessment.evidence.claimed_answer", { level: result.evidence.required_from_level });
      el.hidden = false;
      el.dataset.status = row.status;
      described.push(el.id);
    } else if (row?.status === "evidenced") {
      el.textContent = t("assessment.evidence.recorded");
      el.hidden = false;
      el.dataset.status = row.status;
    } else {
      el.textContent = "";
      el.hidden = true;
      delete el.dataset.status;
    }
    if (described.length) fieldset.setAttribute("aria-describedby", described.join(" "));
    else fieldset.removeAttribute("aria-describedby");
  }
}

const levelText = (level, label) => (level ? t("assessment.level", { level, label }) : t("assessment.level.not_scored"));
const badge = (level, label) => h("span", { class: "pb-badge", "data-level": level || "", text: levelText(level, label) });

function linkTo(rubrics, link) {
  const target = rubrics?.links?.[link];
  return target ? new URL(target, siteBase()).href : null;
}

const weekSpan = (w) => (w.start === w.end ? t("assessment.plan.week", { week: w.start }) : t("assessment.plan.weeks", { start: w.start, end: w.end }));

function liftStep(step) {
  return step.kind === "gate"
    ? t("assessment.lift.gate", { level: step.level, title: step.title })
    : t("assessment.lift.raise", { title: step.title, from: step.from_level, to: step.to_level });
}

function renderOverall(result) {
  const { overall } = result;
  return h("section", { class: "pb-card", "aria-labelledby": "pb-overall-title", "data-role": "overall" },
    h("h2", { id: "pb-overall-title" }, t("assessment.overall.title"), badge(overall.level, overall.label)),
    overall.rule_text ? h("p", { class: "pb-help", "data-role": "rule" }, h("strong", { text: t("assessment.overall.rule") }), overall.rule_text) : null,
    h("p", { "data-role": "why", text: overall.why_messages ? overall.why_messages.map(said).join(" ") : overall.why }),
    overall.limited_by.length
      ? h("div", { "data-role": "limited-by" }, h("p", { text: t("assessment.overall.held_back") }), h("ul", {}, overall.limited_by.map((item) => h("li", { text: said(item) }))))
      : null,
    overall.lift?.length
      ? h("div", { "data-role": "overall-lift" }, h("p", { text: t("assessment.overall.lift", { level: overall.level + 1 }) }),
        h("ul", {}, overall.lift.map((step) => h("li", { text: liftStep(step) }))))
      : null);
}

// A table in its own scroll box, so a wide one never widens the page; the first column stays.
const scrollBox = (table) => h("div", { class: "pb-scroll", tabindex: "0", role: "region", "aria-label": table.querySelector("caption")?.textContent || t("assessment.table") }, table);

const dimensionRow = (d) =>
  h("tr", { "data-dimension": d.id },
    h("th", { scope: "row", text: d.title }),
    h("td", {}, badge(d.level, d.label)),
    h("td", { text: t("assessment.dimension.answered", { answered: d.answered, total: d.total }) + (d.dont_know ? t("assessment.dimension.dont_know", { count: d.dont_know }) : "")
      + (d.range ? t("assessment.dimension.blank_range", { blank: d.range.blank, low: d.range.low, high: d.range.high }) : "") }),
    h("td", { "data-role": "target", text: targetText(d) }),
    h("td", { class: "pb-cell--text", text: said(d.why_message || { message: d.why }) }));

const dimensionDetail = (d) =>
  h("details", { class: "pb-dimension-detail", "data-detail": d.id },
    h("summary", {}, t("assessment.dimension.why", { title: d.title, level: d.level })),
    d.descriptor ? h("p", {}, h("strong", { text: t("assessment.dimension.now") }), d.descriptor) : null,
    d.next_descriptor ? h("p", {}, h("strong", { text: t("assessment.dimension.next") }), d.next_descriptor) : null,
    d.held_back_by.length
      ? h("div", {}, h("p", { text: t("assessment.dimension.held_back") }),
        h("ul", {}, d.held_back_by.map((a) => h("li", { text: t("assessment.dimension.held_back_item", { text: a.text, answer: a.answer_said ? said(a.answer_said) : a.answer_label, level: a.level }) }))))
      : null,
    d.lift.length
      ? h("div", {}, h("p", { text: t("assessment.dimension.lift") }),
        h("ul", {}, d.lift.map((s) => h("li", { text: t("assessment.dimension.lift_item", { text: s.text, from: s.from_level, to: s.to_level }) }))))
      : null);

// The dimensions card: its title, the radar, the table (a row per dimension) and a "why" per
// scored dimension. An answer changes one or two rows: only those are built again (keepOrBuild),
// and the radar is drawn again only when a level or a target moved (see render).
function renderDimensions(card, result) {
  const keys = result.dimensions.map((d) => JSON.stringify(d));
  keepOrBuild(card, [
    ["title", () => h("h2", { id: "pb-dims-title", text: t("assessment.dimensions.title") })],
    ["radar", () => h("div", { class: "pb-chart", "data-role": "radar", role: "img" })],
    ["table", () => scrollBox(h("table", {},
      h("caption", { class: "visually-hidden", text: t("assessment.dimensions.caption") }),
      h("thead", {}, h("tr", {}, [t("assessment.dimensions.col_dimension"), t("assessment.dimensions.col_level"), t("assessment.dimensions.col_answered"), t("assessment.dimensions.col_target"), t("assessment.dimensions.col_why")].map((label) => h("th", { scope: "col", text: label })))),
      h("tbody", {})))],
    ...result.dimensions.map((d, i) => (d.level ? [`detail ${keys[i]}`, () => dimensionDetail(d)] : null)),
  ]);
  keepOrBuild(card.querySelector("tbody"), result.dimensions.map((d, i) => [`row ${keys[i]}`, () => dimensionRow(d)]));
}

function targetText(d) {
  if (!d.target) return "–";
  const reader = d.target_set_by === "reader";
  const id = reader
    ? (d.target_reached ? "assessment.target.reader_reached" : "assessment.target.reader")
    : (d.target_reached ? "assessment.target.default_reached" : "assessment.target.default");
  return t(id, { level: d.target });
}

function radarLabel(result) {
  return t("assessment.radar.label", { levels: result.dimensions.map((d) => `${d.short} ${d.level ? `L${d.level}` : t("assessment.radar.not_scored")}${d.target ? t("assessment.radar.target", { level: d.target }) : ""}`).join("; ") });
}

function renderGates(result) {
  if (!result.gates.length) return null;
  return h("section", { class: "pb-card", "aria-labelledby": "pb-gates-title" },
    h("h2", { id: "pb-gates-title", text: t("assessment.gates.title") }),
    h("ul", { class: "pb-gates" }, result.gates.map((g) =>
      h("li", { "data-gate": g.id, "data-passed": String(g.passed) },
        h("span", { class: "pb-gate__mark", "aria-hidden": "true", text: g.passed ? (g.claimed ? "?" : "✔") : "✘" }),
        h("span", { class: "visually-hidden", text: t(g.passed ? (g.claimed ? "assessment.gates.claimed" : "assessment.gates.passed") : "assessment.gates.not_passed") }),
        t("assessment.gates.item", { title: g.title, level: g.level }),
        g.claimed ? h("span", { class: "pb-claimed", "data-role": "gate-claimed", text: t("assessment.gates.claimed_note") }) : null))),
    result.overall.evidence_note ? h("p", { class: "pb-help", "data-role": "evidence-note", text: result.overall.evidence_note }) : null);
}

// The answers that carry evidence or need it. Evidence is the reader's text: text nodes only, and
// a link only as Python checked it (http or https).
function renderEvidence(result) {
  const ev = result.evidence;
  if (!ev?.questions?.length) return null;
  const words = { evidenced: t("assessment.evidence.evidenced"), claimed_no_evidence: t("assessment.evidence.claimed"), not_needed: t("assessment.evidence.not_needed") };
  return h("section", { class: "pb-card", "aria-labelledby": "pb-evidence-title", "data-role": "evidence" },
    h("h2", { id: "pb-evidence-title", text: t("assessment.evidence.title") }),
    h("p", { class: "pb-help", text: ev.rule_said ? said(ev.rule_said) : ev.rule_text }),
    h("ul", {}, ev.questions.map((r) => {
      const e = r.evidence || {};
      const meta = [e.owner ? t("assessment.evidence.owner", { owner: e.owner }) : null, e.date ? t("assessment.evidence.checked", { date: e.date }) : null].filter(Boolean).join(", ");
      return h("li", { "data-evidence-row": r.question, "data-status": r.status },
        h("strong", { text: `${r.text} ` }), `(${r.answer_label || t("assessment.evidence.not_answered")}): `,
        h("span", { class: r.status === "claimed_no_evidence" ? "pb-claimed" : null, text: words[r.status] || r.status }),
        e.note ? [h("br"), h("span", { "data-role": "evidence-note", text: e.note })] : null,
        e.link ? [h("br"), h("a", { href: e.link, rel: "noopener noreferrer nofollow", target: "_blank", text: e.link })] : null,
        meta ? [h("br"), h("span", { class: "pb-help", text: meta })] : null);
    })));
}

function renderActions(result, rubrics) {
  if (!result.actions.length) return null;
  return h("section", { class: "pb-card", "aria-labelledby": "pb-actions-title" },
    h("h2", { id: "pb-actions-title", text: t("assessment.actions.title") }),
    h("p", { class: "pb-help", text: t("assessment.actions.help") }),
    h("ol", { class: "pb-actions" }, result.actions.slice(0, 10).map((a) => {
      const href = linkTo(rubrics, a.link);
      // Name where the link leads: the playbook section on the action's dimension.
      const dimension = result.dimensions.find((d) => d.id === a.dimension);
      const text = dimension ? t("assessment.actions.read_more", { title: dimension.title }) : t("assessment.actions.read_more_playbook");
      return h("li", { "data-action-id": a.id }, a.text_said ? said(a.text_said) : a.text, href ? [" ", h("a", { href, text })] : null);
    })));
}

// The plan's start date and its calendar file: Python dates the plan (calculators/_ics.py);
// this only shows the dates next to the activities and offers the file.
function renderPlanDates(start) {
  return h("div", { class: "pb-plan-dates", "data-role": "plan-dates" },
    h("label", {}, t("assessment.plan.start"), h("input", { type: "date", class: "pb-text", "data-role": "plan-start", value: start || null })),
    " ",
    h("button", { type: "button", class: "md-button", "data-action": "export-ics" }, t("assessment.plan.download_ics")),
    h("p", { class: "pb-field-error", "data-role": "plan-start-error", hidden: true }));
}

// The plan as the sprint's timeline, dated: the worker lays it out (calculators/_timeline.py, the
// code that draws the playbook's sprint at build time); this only turns its shapes into SVG
// elements, text as text. Two drawings, as the build's: wide for desktop and print, narrow for
// phones (diagrams.css shows one). The phases listed below it are its text alternative.
function drawing(d, variant) {
  const key = `plan-timeline-${variant}`;
  const svg = svgNode("svg", {
    class: `pb-diagram__svg pb-diagram__svg--${variant}`, role: "img", "aria-labelledby": `${key}-title ${key}-desc`,
    viewBox: `0 0 ${d.width} ${d.height}`, width: "100%", preserveAspectRatio: "xMidYMin meet",
  });
  svg.append(svgNode("title", { id: `${key}-title` }, d.title), svgNode("desc", { id: `${key}-desc` }, d.desc));
  for (const s of d.shapes) {
    if (s.kind === "rect") {
      svg.append(svgNode("rect", { class: s.cls, x: s.x, y: s.y, width: s.w, height: s.h, rx: s.rx }));
    } else if (s.kind === "line") {
      svg.append(svgNode("line", { class: s.cls, x1: s.x1, y1: s.y1, x2: s.x2, y2: s.y2 }));
    } else if (s.kind === "diamond") {
      svg.append(svgNode("polygon", { class: s.cls, points: s.points }));
    } else if (s.kind === "text") {
      const text = svgNode("text", { class: s.cls, x: s.x, y: s.y, "font-size": s.size, "text-anchor": s.anchor });
      s.lines.forEach((line, i) => text.append(svgNode("tspan", { x: s.x, dy: i ? s.lh : null }, line)));
      svg.append(text);
    }
  }
  return svg;
}

function renderTimeline(box, timeline) {
  box.replaceChildren(h("figure", { class: "pb-diagram", "data-diagram": "plan" },
    drawing(timeline.wide, "wide"), drawing(timeline.narrow, "narrow"),
    h("figcaption", { text: t("assessment.plan.caption", { title: timeline.wide.title }) })));
}

// The plan card: its parts (the focus, each phase, what was left out) are built again only when
// they changed; its start date and its drawing stay (the dates come from the worker, datePlan).
function renderPlan(card, result, rubrics, start) {
  const plan = result.plan;
  const dims = Object.fromEntries(result.dimensions.map((d) => [d.id, d.title]));
  const roles = Object.fromEntries((rubrics?.operating_model?.roles || []).map((r) => [r.id, r.title]));
  const names = JSON.stringify([dims, roles]);
  keepOrBuild(card, [
    ["title", () => h("h2", { id: "pb-plan-title", text: t("assessment.plan.title") })],
    [`focus ${JSON.stringify(plan.focus)} ${names}`, () => h("p", { text: t("assessment.plan.focus", { dimensions: plan.focus.map((id) => dims[id] || id).join(", ") }) })],
    ["dates", () => renderPlanDates(start)],
    ["timeline", () => h("div", { "data-role": "plan-timeline" })],
    ...plan.phases.map((phase) => [`phase ${JSON.stringify(phase)} ${names}`, () =>
      h("div", { class: "pb-plan-phase", "data-phase": phase.id },
        h("h3", {}, `${phase.title} (${weekSpan(phase.weeks)})`, h("span", { class: "pb-plan-date", "data-plan-phase": phase.id })),
        phase.activities.length
          ? h("ul", {}, phase.activities.map((a) =>
            h("li", {}, h("strong", { text: a.title }),
              t("assessment.plan.activity", { weeks: weekSpan(a.weeks), owner: roles[a.owner] || a.owner, raises: a.raises.map((r) => dims[r] || r).join(", ") }),
              h("span", { class: "pb-plan-date", "data-plan-activity": a.id }),
              a.deliverable ? h("br") : null, a.deliverable ? t("assessment.plan.deliverable", { deliverable: a.deliverable }) : null)))
          : h("p", { text: t("assessment.plan.no_activity") }),
        phase.exit_criteria.length
          ? h("div", { class: "pb-help", "data-role": "exit-criteria" }, h("p", { text: t("assessment.plan.exit_criteria") }), h("ul", {}, phase.exit_criteria.map((c) => h("li", { text: c }))))
          : null)]),
    plan.left_out?.length
      ? [`left-out ${JSON.stringify(plan.left_out)}`, () => h("div", { class: "pb-help", "data-role": "left-out" }, h("p", { text: t("assessment.plan.left_out") }),
        h("ul", {}, plan.left_out.map((a) => h("li", { text: a.title }))))]
      : null,
  ]);
}

function printHeaderText(result) {
  const date = new Date().toISOString().slice(0, 10);
  return t("assessment.print.header", { date, rubric: result.rubric.id, version: result.rubric.version, answered: result.progress.answered, total: result.progress.total, dont_know: dontKnowText(result.progress) });
}

function renderPrintHeader(result) {
  return h("p", { class: "pb-print-only", "data-role": "print-header" }, printHeaderText(result));
}

function renderComparison(comparison) {
  if (!comparison) return null;
  const fmt = (v) => (v ? `L${v}` : "–");
  const delta = (d) => (d === null ? "–" : d > 0 ? `+${d}` : String(d));
  return h("section", { class: "pb-card", "aria-labelledby": "pb-compare-title", "data-role": "comparison" },
    h("h2", { id: "pb-compare-title", text: t("assessment.compare.title", { label: comparison.label }) }),
    scrollBox(h("table", {},
      h("caption", { class: "visually-hidden", text: t("assessment.compare.caption") }),
      h("thead", {}, h("tr", {}, ["", t("assessment.compare.before"), t("assessment.compare.now"), t("assessment.compare.change"), t("assessment.compare.target"), t("assessment.compare.progress")].map((label) => h("th", { scope: "col", text: label })))),
      h("tbody", {},
        h("tr", { "data-compare": "overall" }, h("th", { scope: "row", text: t("assessment.compare.overall") }),
          h("td", { text: fmt(comparison.value.overall.before) }), h("td", { text: fmt(comparison.value.overall.after) }),
          h("td", { text: delta(comparison.value.overall.delta) }), h("td", { text: "–" }), h("td", { text: "–" })),
        comparison.value.dimensions.map((d) => h("tr", { "data-compare": d.id }, h("th", { scope: "row", text: d.title }),
          h("td", { text: fmt(d.before) }), h("td", { text: fmt(d.after) }), h("td", { text: delta(d.delta) }),
          h("td", { text: fmt(d.target) }), h("td", { class: "pb-cell--text", "data-role": "progress", text: (d.progress_said ? said(d.progress_said) : d.progress_text) || "–" })))))),
    h("p", { class: "pb-help", text: t("assessment.compare.progress_help") }));
}

function drawRadar(root, result, comparison) {
  const top = Number(root.dataset.topLevel); // the rubric's highest level, from the template
  const box = root.querySelector('[data-role="radar"]');
  if (!box) return;
  box.setAttribute("aria-label", radarLabel(result));
  // The target outline first, so the current levels' points are drawn over it.
  const series = [{ label: t("assessment.compare.target"), values: result.dimensions.map((d) => d.target || 0), cls: "pb-series-target", dashed: true, outline: true },
    { label: t("assessment.compare.now"), values: result.dimensions.map((d) => d.level || 0), cls: "pb-series-accent", dashed: false, outline: false }];
  if (comparison?.before) {
    series.push({ label: t("assessment.compare.before"), values: comparison.before.dimensions.map((d) => d.level || 0), cls: "pb-series-primary", dashed: true, outline: false });
  }
  show(box, radar({ axes: result.dimensions.map((d) => d.short), max: top, series }));
}

export function bind(root) {
  const form = root.querySelector('[data-role="form"]');
  const store = storage(`playbook:assessment:${root.dataset.rubricId}`);
  const rubricMeta = { id: root.dataset.rubricId, version: root.dataset.rubricVersion };
  const engine = getEngine(root);
  let rubrics = null;
  const ticket = latestOnly();
  const lost = engineLost(root, t("assessment.kept"));
  let lastResult = null;
  let comparison = null;
  let planStart = null; // the reader's start date for the plan; none: the next Monday
  let calendar = null; // the worker's dated plan and .ics text
  let dating = 0;
  let datesWanted = false; // a new plan card waits for its dates (datePlanSoon)
  let scoring = 0; // answers sent to the worker, not yet scored
  let marked = true; // messages may stand beside fields (none from the build; cleared once)
  let markedEvidence = null; // the evidence flags beside the answers show this (its key)
  let radarBox = null; // the radar drawn, in this box, for this key
  let radarDrawn = null;
  let planned = null; // the plan the plan card shows (its key), and that card
  let plannedCard = null;
  let versionLine = null; // Python's words when the loaded answers came from another rubric version

  const saved = store.load();
  if (saved && saved.answers && typeof saved.answers === "object") writeAnswers(form, saved.answers);
  if (saved && saved.about && typeof saved.about === "object") writeAbout(root, saved.about);
  if (saved && saved.targets && typeof saved.targets === "object") writeTargets(root, saved.targets);
  if (saved && saved.evidence && typeof saved.evidence === "object") writeEvidence(root, saved.evidence);

  const persist = () => {
    if (!store.save({ rubric: rubricMeta, answers: readAnswers(form), about: readAbout(root), targets: readTargets(root), evidence: readEvidence(root), saved_at: new Date().toISOString() })) {
      status(root, t("assessment.status.no_storage"), "warning");
    }
  };

  // Answers given before this script bound (the form works at first paint) are kept too.
  if (!saved && Object.values(readAnswers(form)).some((v) => v !== null)) persist();

  // Its numbers wait for the worker's number formats (afterFormats): not in the binding's task.
  const updateProgress = () => afterFormats(engine, () => {
    const answers = readAnswers(form);
    const total = Object.keys(answers).length;
    const answered = Object.values(answers).filter((v) => v !== null).length;
    root.querySelector('[data-role="progress-text"]').textContent = t("assessment.progress", { answered, total });
    root.querySelector('[data-role="progress-bar"]').value = answered;
  });

  const render = (result) => {
    lastResult = result;
    const summary = root.querySelector('[data-role="summary"]');
    const { overall, progress } = result;
    // overall.range: how far the blank questions could move the level (the calculators say it).
    const span = overall.range;
    const provisional = !result.provisional ? ""
      : span ? t("assessment.summary.provisional_range", { answered: progress.answered, total: progress.total, low: span.low, high: span.high })
        : t("assessment.summary.provisional", { answered: progress.answered, total: progress.total });
    summary.textContent = t("assessment.summary", { level: levelText(overall.level, overall.label), provisional, dont_know: dontKnowText(progress) });
    summary.dataset.level = overall.level || "";
    const details = root.querySelector('[data-role="details"]');
    if (!overall.level) {
      keepOrBuild(details, [["empty", () => h("p", { class: "pb-result__empty", text: t("assessment.result.empty") })]]);
      return;
    }
    const open = new Set([...details.querySelectorAll("details[open]")].map((d) => d.dataset.detail));
    // Each card is built again only when the data it shows changed (its key); an answer changes
    // a few of them. The dimensions and the plan keep their cards and rebuild their parts.
    const key = (...parts) => JSON.stringify(parts);
    const titles = result.dimensions.map((d) => [d.id, d.title]);
    keepOrBuild(details, [
      ["print-header", () => renderPrintHeader(result)], // its words change in place (below)
      versionLine ? [key("scored-with", versionLine), () => h("p", { class: "pb-help", "data-role": "scored-with", text: versionLine })] : null,
      [key("overall", overall), () => renderOverall(result)],
      comparison?.value ? [key("comparison", comparison.label, comparison.value), () => renderComparison(comparison)] : null,
      ["dimensions", () => h("section", { class: "pb-card", "aria-labelledby": "pb-dims-title", "data-role": "dimensions" })],
      [key("gates", result.gates, overall.evidence_note), () => renderGates(result)],
      [key("evidence", result.evidence), () => renderEvidence(result)],
      [key("actions", result.actions, titles, Boolean(rubrics)), () => renderActions(result, rubrics)],
      result.plan ? ["plan", () => h("section", { class: "pb-card", "aria-labelledby": "pb-plan-title", "data-role": "plan" })] : null,
      [key("coverage", result.coverage, Boolean(rubrics)), () => renderCoverage(result, rubrics, () => engine.call("coverage_csv", { answers: readAnswers(form) }))],
    ]);
    // A new first card would have the browser work out the style of every card after it again.
    const header = details.querySelector('[data-role="print-header"]');
    const words = printHeaderText(result);
    if (header.textContent !== words) header.textContent = words;
    renderDimensions(details.querySelector('[data-role="dimensions"]'), result);
    const planCard = details.querySelector('[data-role="plan"]');
    if (planCard) renderPlan(planCard, result, rubrics, planStart || (calendar && calendar.dates.start));
    for (const d of details.querySelectorAll("details")) {
      if (!open.has(d.dataset.detail) || d.open) continue;
      d.open = true;
      fillDetails(d);
    }
    const evidenceKey = key(result.evidence);
    if (evidenceKey !== markedEvidence) {
      markedEvidence = evidenceKey;
      markEvidence(root, result);
    }
    const box = details.querySelector('[data-role="radar"]');
    const radarKey = key(result.dimensions.map((d) => [d.short, d.level, d.target]), comparison?.before ? comparison.before.dimensions.map((d) => d.level) : null);
    if (box !== radarBox || radarKey !== radarDrawn) {
      radarBox = box;
      radarDrawn = radarKey;
      drawRadar(root, result, comparison);
    }
    const planKey = planCard ? key(result.plan) : null;
    if (planCard !== plannedCard || planKey !== planned) {
      plannedCard = planCard;
      planned = planKey;
      dating += 1; // the dates of the plan before, on their way, are not this one's
      datesWanted = Boolean(planCard);
    }
    if (datesWanted) datePlanSoon();
  };

  // The reader's own date, for "next Monday" (the worker's clock may not know the time zone).
  const today = () => {
    const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
  };

  // A new plan's dates, once no newer answer is being scored: the worker answers one request at
  // a time, and dating the plan (its calendar file, its drawing) takes it longer than scoring.
  const datePlanSoon = () => setTimeout(() => {
    if (datesWanted && !scoring) datePlan();
  }, 0);

  const datePlan = async () => {
    const box = root.querySelector('[data-role="plan-dates"]');
    if (!box) return;
    datesWanted = false;
    const ticket = ++dating;
    const error = box.querySelector('[data-role="plan-start-error"]');
    const reply = await engine.call("plan_calendar", { answers: readAnswers(form), start: planStart, today: today(), words: wordsFor("timeline.", "dates.", "ics.") });
    if (ticket !== dating) return;
    // The last drawing held the place until this one came (render), so the page did not jump.
    const timeline = root.querySelector('[data-role="plan-timeline"]');
    calendar = reply.ok ? reply.value : null;
    error.hidden = reply.ok;
    error.textContent = reply.ok ? "" : said(reply.error);
    if (!calendar) return;
    box.querySelector('[data-role="plan-start"]').value = calendar.dates.start;
    if (timeline && calendar.timeline) renderTimeline(timeline, calendar.timeline);
    for (const el of root.querySelectorAll("[data-plan-phase]")) {
      const span = calendar.dates.phases[el.dataset.planPhase];
      el.textContent = span ? `: ${span.label}` : "";
    }
    for (const el of root.querySelectorAll("[data-plan-activity]")) {
      const span = calendar.dates.activities[el.dataset.planActivity];
      el.textContent = span ? ` · ${span.label}` : "";
    }
  };

  const recompute = async () => {
    updateProgress();
    const current = ticket();
    scoring += 1;
    try {
      const reply = await engine.call("assess", { answers: readAnswers(form), targets: readTargets(root), evidence: readEvidence(root) }).finally(() => {
        scoring -= 1;
        if (datesWanted) datePlanSoon();
      });
      if (!current()) return; // a newer change is on its way
      if (reply.ok) {
        if (marked) { // clear the messages beside the fields (only if there are any)
          showAnswerError(form, null);
          showFieldErrors(root, null);
          marked = false;
        }
        if (root.querySelector('[data-role="status"]')?.dataset.kind === "error") status(root, t("assessment.status.ready"), "ready");
        render(reply.value);
        if (comparison) refreshComparison();
      } else {
        marked = true;
        const answerShown = showAnswerError(form, reply.error);
        const unplaced = showFieldErrors(root, reply.error);
        const fields = Array.isArray(reply.error.errors) ? reply.error.errors.length : 1;
        if (unplaced.length && !answerShown) status(root, unplaced.join(" "), "error");
        else status(root, t(fields === 1 ? "assessment.status.field_marked" : "assessment.status.fields_marked", { count: fields }), "error");
      }
    } catch (error) {
      lost(error);
    }
  };

  const refreshComparison = async () => {
    const reply = await engine.call("compare", { before: comparison.before, after: lastResult });
    if (reply.ok) {
      comparison.value = reply.value;
      const old = root.querySelector('[data-role="comparison"]');
      if (old) old.replaceWith(renderComparison(comparison));
    }
  };

  // Load answers from outside (import, share link) without losing the current ones.
  const loadExternal = async (data, source) => {
    const reply = await engine.call("read_export", { data });
    if (!reply.ok) {
      notice(root, t("assessment.notice.refused", { source, error: said(reply.error) }), "error");
      return;
    }
    const previous = readAnswers(form);
    const previousLine = versionLine;
    writeAnswers(form, reply.value.answers);
    if (Object.values(reply.value.about || {}).some((v) => v)) writeAbout(root, reply.value.about);
    versionLine = reply.value.version_line_said ? said(reply.value.version_line_said) : reply.value.version_line;
    const previousTargets = readTargets(root);
    const previousEvidence = readEvidence(root);
    writeTargets(root, reply.value.targets);
    writeEvidence(root, reply.value.evidence);
    persist();
    await recompute();
    const count = Object.keys(reply.value.answers).length;
    const notes = reply.value.notes.length ? ` ${noteTexts(reply.value).join(" ")}` : "";
    undoNotice(root, t("assessment.notice.loaded", { count, source, notes }), () => { writeAnswers(form, previous); versionLine = previousLine; writeTargets(root, previousTargets); writeEvidence(root, previousEvidence); persist(); recompute(); }, reply.value.dropped.length ? "warning" : "info");
  };

  // The export is built by Python (answers checked, "about" checked, the levels they give).
  const exportJson = async () => {
    const reply = await engine.call("export", { answers: readAnswers(form), about: readAbout(root), targets: readTargets(root), evidence: readEvidence(root), exported_at: new Date().toISOString() });
    if (reply.ok) download(`ai-maturity-${reply.value.about.date || new Date().toISOString().slice(0, 10)}.json`, JSON.stringify(reply.value, null, 2));
    else {
      marked = true;
      showFieldErrors(root, reply.error);
      notice(root, t("assessment.notice.not_exported", { error: said(reply.error) }), "error");
    }
  };

  const actions = {
    "export-json": exportJson,
    "export-csv": async () => {
      const reply = await engine.call("answers_csv", { answers: readAnswers(form) });
      if (reply.ok) download(`ai-maturity-${new Date().toISOString().slice(0, 10)}.csv`, reply.value, "text/csv");
      else notice(root, said(reply.error), "error");
    },
    share: () => offerShareLink(root, SHARE_KEY, { rubric: rubricMeta, about: readAbout(root), answers: Object.fromEntries(Object.entries(readAnswers(form)).filter(([, v]) => v !== null)), targets: readTargets(root), evidence: readEvidence(root) }, t("assessment.what.answers_travel")),
    "export-ics": () => {
      if (calendar) download(calendar.filename, calendar.ics, "text/calendar");
      else notice(root, t("assessment.notice.no_dates"), "error");
    },
    print: () => window.print(),
    reset: () => {
      if (!window.confirm(t("assessment.confirm.reset"))) return;
      const previous = readAnswers(form);
      const previousLine = versionLine;
      const previousTargets = readTargets(root);
      const previousEvidence = readEvidence(root);
      writeAnswers(form, {});
      writeTargets(root, {});
      writeEvidence(root, {});
      versionLine = null;
      persist();
      recompute();
      undoNotice(root, t("assessment.notice.reset"), () => { writeAnswers(form, previous); versionLine = previousLine; writeTargets(root, previousTargets); writeEvidence(root, previousEvidence); persist(); recompute(); });
    },
  };

  // Print every explanation expanded; put the reader's own choice of open ones back after.
  let closed = [];
  const onBeforePrint = () => {
    if (!root.isConnected) { // instant navigation left this page: stop listening
      window.removeEventListener("beforeprint", onBeforePrint);
      window.removeEventListener("afterprint", onAfterPrint);
      return;
    }
    closed = [...root.querySelectorAll("details:not([open]):not(.pb-evidence)")];
    for (const d of closed) d.open = true;
    const header = root.querySelector('[data-role="print-header"]');
    if (header && lastResult) header.textContent = printHeaderText(lastResult);
  };
  const onAfterPrint = () => {
    for (const d of closed) d.open = false;
    closed = [];
  };
  window.addEventListener("beforeprint", onBeforePrint);
  window.addEventListener("afterprint", onAfterPrint);

  // The skip link focuses the first question itself. Caught on the way down, before Material's
  // instant navigation takes over same-page links (it scrolls but moves no focus).
  const onSkip = (event) => {
    if (!root.isConnected) return window.removeEventListener("click", onSkip, true);
    if (!event.target.closest?.(".pb-skip") || !root.contains(event.target)) return;
    const first = form.querySelector("[data-question]");
    const radio = first?.querySelector("input[type=radio]:checked") || first?.querySelector("input[type=radio]");
    if (!radio) return;
    event.preventDefault();
    event.stopPropagation();
    radio.focus();
  };
  window.addEventListener("click", onSkip, true);

  root.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-action]");
    if (button && actions[button.dataset.action]) actions[button.dataset.action]();
  });

  onJsonImport(root, loadExternal, t("assessment.unchanged"));
  root.addEventListener("change", async (event) => {
    const input = event.target;
    if (input.matches('input[type=file][data-action="compare"]')) {
      const file = input.files[0];
      input.value = "";
      try {
        const data = await readJsonFile(file);
        const mapped = await engine.call("read_export", { data });
        if (!mapped.ok) throw new Error(said(mapped.error));
        const before = await engine.call("assess", { answers: mapped.value.answers });
        if (!before.ok) throw new Error(said(before.error));
        const when = data.exported_at ? t("assessment.compare.exported", { date: String(data.exported_at).slice(0, 10) }) : "";
        comparison = { before: before.value, label: `${file.name}${when}`, value: null };
        await refreshComparison();
        render(lastResult);
        notice(root, t("assessment.notice.comparing", { name: file.name, notes: mapped.value.notes.length ? ` ${noteTexts(mapped.value).join(" ")}` : "" }), "info");
      } catch (error) {
        notice(root, t("assessment.notice.cannot_compare", { name: file?.name || t("assessment.that_file"), error: error.message }), "error");
      }
    } else if (input.matches('[data-role="plan-start"]')) {
      planStart = input.value || null;
      datePlan();
    } else if (input.matches("[data-about]")) {
      persist();
    } else if (input.matches("select[data-target], [data-evidence]")) {
      persist();
      recompute();
    } else if (input.matches("input[type=radio]")) {
      persist();
      recompute();
    }
  });

  updateProgress();
  engine.ready.then(
    async () => {
      // Where actions link to, and the roles' titles for the plan: from the worker's bundle.
      const part = await engine.call("bundle", { keys: ["links", "operating_model"] });
      rubrics = part.ok ? part.value : null;
      root.dataset.engine = "ready";
      status(root, t(saved ? "assessment.status.restored" : "assessment.status.ready"), "ready");
      await applyShareFragment(root, SHARE_KEY, loadExternal, t("assessment.what.answers"));
      await recompute();
    },
    engineFailed(root, t("assessment.kept_here")),
  );
}
