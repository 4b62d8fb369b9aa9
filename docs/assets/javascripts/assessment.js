// The maturity assessment page: collects the form's answers, keeps them in localStorage, asks
// the engine (Python in a worker) for the result and shows it. Levels, explanations, actions,
// the 90-day plan, comparisons, CSV and import checks all come from Python.

import { getEngine } from "./engine.js";
import { h, status } from "./dom.js";
import { radar, show } from "./charts.js";
import { renderCoverage } from "./coverage.js";
import { applyShareFragment, download, engineFailed, engineLost, latestOnly, notice, offerShareLink, onJsonImport, readAnswers, readJsonFile, showAnswerError, siteBase, storage, undoNotice, writeAnswers } from "./tools.js";

const SHARE_KEY = "answers";

// "Don't know" answers are answers, but not knowledge: say how many, and how they were scored.
function dontKnowText(progress) {
  if (!progress.dont_know) return "";
  const how = progress.dont_know_scored_as === "lowest" ? "scored at the lowest level" : "left out of the score";
  return `; ${progress.dont_know} answered “Don't know”, ${how}`;
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
function markEvidence(root, result) {
  const rows = Object.fromEntries((result?.evidence?.questions || []).map((r) => [r.question, r]));
  for (const el of root.querySelectorAll("[data-evidence-flag]")) {
    const row = rows[el.dataset.evidenceFlag];
    const fieldset = el.closest("[data-question]");
    const described = (fieldset.getAttribute("aria-describedby") || "").split(" ").filter((id) => id && id !== el.id);
    if (row?.status === "claimed_no_evidence") {
      el.textContent = `Claimed, no evidence: an answer at L${result.evidence.required_from_level} or above to this question needs a note or a link.`;
      el.hidden = false;
      el.dataset.status = row.status;
      described.push(el.id);
    } else if (row?.status === "evidenced") {
      el.textContent = "Evidence recorded.";
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

const levelText = (level, label) => (level ? `L${level} ${label}` : "not yet scored");
const badge = (level, label) => h("span", { class: "pb-badge", "data-level": level || "", text: levelText(level, label) });

function linkTo(rubrics, link) {
  const target = rubrics?.links?.[link];
  return target ? new URL(target, siteBase()).href : null;
}

const weekSpan = (w) => (w.start === w.end ? `week ${w.start}` : `weeks ${w.start}-${w.end}`);

function liftStep(step) {
  return step.kind === "gate"
    ? `Pass the L${step.level} gate: ${step.title}`
    : `Raise ${step.title} from L${step.from_level} to L${step.to_level}`;
}

function renderOverall(result) {
  const { overall } = result;
  return h("section", { class: "pb-card", "aria-labelledby": "pb-overall-title", "data-role": "overall" },
    h("h2", { id: "pb-overall-title" }, "Overall level ", badge(overall.level, overall.label)),
    overall.rule_text ? h("p", { class: "pb-help", "data-role": "rule" }, h("strong", { text: "The rule: " }), overall.rule_text) : null,
    h("p", { "data-role": "why", text: overall.why }),
    overall.limited_by.length
      ? h("div", { "data-role": "limited-by" }, h("p", { text: "Held back by:" }), h("ul", {}, overall.limited_by.map((item) => h("li", { text: item.text }))))
      : null,
    overall.lift?.length
      ? h("div", { "data-role": "overall-lift" }, h("p", { text: `What would lift the overall level to L${overall.level + 1}:` }),
        h("ul", {}, overall.lift.map((step) => h("li", { text: liftStep(step) }))))
      : null);
}

// A table in its own scroll box, so a wide one never widens the page; the first column stays.
const scrollBox = (table) => h("div", { class: "pb-scroll", tabindex: "0", role: "region", "aria-label": table.querySelector("caption")?.textContent || "Table" }, table);

function renderDimensions(result) {
  const rows = result.dimensions.map((d) =>
    h("tr", { "data-dimension": d.id },
      h("th", { scope: "row", text: d.title }),
      h("td", {}, badge(d.level, d.label)),
      h("td", { text: `${d.answered} of ${d.total}` + (d.dont_know ? ` (${d.dont_know} “Don't know”)` : "") }),
      h("td", { "data-role": "target", text: targetText(d) }),
      h("td", { class: "pb-cell--text", text: d.why })));
  const details = result.dimensions.filter((d) => d.level).map((d) =>
    h("details", { class: "pb-dimension-detail", "data-detail": d.id },
      h("summary", {}, `${d.title}: why L${d.level}, and what lifts it`),
      d.descriptor ? h("p", {}, h("strong", { text: "Now: " }), d.descriptor) : null,
      d.next_descriptor ? h("p", {}, h("strong", { text: "Next level: " }), d.next_descriptor) : null,
      d.held_back_by.length
        ? h("div", {}, h("p", { text: "Answers holding it back:" }),
          h("ul", {}, d.held_back_by.map((a) => h("li", { text: `${a.text} (${a.answer_label}, L${a.level})` }))))
        : null,
      d.lift.length
        ? h("div", {}, h("p", { text: "What would lift it a level:" }),
          h("ul", {}, d.lift.map((s) => h("li", { text: `Raise “${s.text}” from L${s.from_level} to L${s.to_level}` }))))
        : null));
  return h("section", { class: "pb-card", "aria-labelledby": "pb-dims-title" },
    h("h2", { id: "pb-dims-title", text: "Level per dimension" }),
    h("div", { class: "pb-chart", "data-role": "radar", role: "img", "aria-label": radarLabel(result) }),
    scrollBox(h("table", {},
      h("caption", { class: "visually-hidden", text: "Level, progress, target and explanation per dimension" }),
      h("thead", {}, h("tr", {}, ["Dimension", "Level", "Answered", "Target", "Why"].map((t) => h("th", { scope: "col", text: t })))),
      h("tbody", {}, rows))),
    details);
}

function targetText(d) {
  if (!d.target) return "–";
  const by = d.target_set_by === "reader" ? "your target" : "next level up";
  return `L${d.target} (${by}${d.target_reached ? ", reached" : ""})`;
}

function radarLabel(result) {
  return "Radar chart of dimension levels and targets: " + result.dimensions.map((d) => `${d.short} ${d.level ? `L${d.level}` : "not scored"}${d.target ? `, target L${d.target}` : ""}`).join("; ");
}

function renderGates(result) {
  if (!result.gates.length) return null;
  return h("section", { class: "pb-card", "aria-labelledby": "pb-gates-title" },
    h("h2", { id: "pb-gates-title", text: "Gates" }),
    h("ul", { class: "pb-gates" }, result.gates.map((g) =>
      h("li", { "data-gate": g.id, "data-passed": String(g.passed) },
        h("span", { class: "pb-gate__mark", "aria-hidden": "true", text: g.passed ? (g.claimed ? "?" : "✔") : "✘" }),
        h("span", { class: "visually-hidden", text: g.passed ? (g.claimed ? "Passed on a claim: " : "Passed: ") : "Not passed: " }),
        `${g.title} (needed for L${g.level})`,
        g.claimed ? h("span", { class: "pb-claimed", "data-role": "gate-claimed", text: " Claimed, no evidence: counted as passed, but nothing recorded backs it." }) : null))),
    result.overall.evidence_note ? h("p", { class: "pb-help", "data-role": "evidence-note", text: result.overall.evidence_note }) : null);
}

// The answers that carry evidence or need it. Evidence is the reader's text: text nodes only, and
// a link only as Python checked it (http or https).
function renderEvidence(result) {
  const ev = result.evidence;
  if (!ev?.questions?.length) return null;
  const words = { evidenced: "evidence recorded", claimed_no_evidence: "claimed, no evidence", not_needed: "evidence recorded (not required)" };
  return h("section", { class: "pb-card", "aria-labelledby": "pb-evidence-title", "data-role": "evidence" },
    h("h2", { id: "pb-evidence-title", text: "Evidence" }),
    h("p", { class: "pb-help", text: ev.rule_text }),
    h("ul", {}, ev.questions.map((r) => {
      const e = r.evidence || {};
      const meta = [e.owner ? `owner: ${e.owner}` : null, e.date ? `checked ${e.date}` : null].filter(Boolean).join(", ");
      return h("li", { "data-evidence-row": r.question, "data-status": r.status },
        h("strong", { text: `${r.text} ` }), `(${r.answer_label || "not answered"}): `,
        h("span", { class: r.status === "claimed_no_evidence" ? "pb-claimed" : null, text: words[r.status] || r.status }),
        e.note ? [h("br"), h("span", { "data-role": "evidence-note", text: e.note })] : null,
        e.link ? [h("br"), h("a", { href: e.link, rel: "noopener noreferrer nofollow", target: "_blank", text: e.link })] : null,
        meta ? [h("br"), h("span", { class: "pb-help", text: meta })] : null);
    })));
}

function renderActions(result, rubrics) {
  if (!result.actions.length) return null;
  return h("section", { class: "pb-card", "aria-labelledby": "pb-actions-title" },
    h("h2", { id: "pb-actions-title", text: "Next actions" }),
    h("p", { class: "pb-help", text: "Ordered by how much each would raise your overall level; among equals, the steps of the smallest lift come first." }),
    h("ol", { class: "pb-actions" }, result.actions.slice(0, 10).map((a) => {
      const href = linkTo(rubrics, a.link);
      // Name where the link leads: the playbook section on the action's dimension.
      const dimension = result.dimensions.find((d) => d.id === a.dimension);
      const text = dimension ? `Read more: ${dimension.title}` : "Read more in the playbook";
      return h("li", { "data-action-id": a.id }, a.text, href ? [" ", h("a", { href, text })] : null);
    })));
}

// The plan's start date and its calendar file: Python dates the plan (calculators/_ics.py);
// this only shows the dates next to the activities and offers the file.
function renderPlanDates(start) {
  return h("div", { class: "pb-plan-dates", "data-role": "plan-dates" },
    h("label", {}, "Start date (week 1 begins) ", h("input", { type: "date", class: "pb-text", "data-role": "plan-start", value: start || null })),
    " ",
    h("button", { type: "button", class: "md-button", "data-action": "export-ics" }, "Download calendar (.ics)"),
    h("p", { class: "pb-field-error", "data-role": "plan-start-error", hidden: true }));
}

// The plan as the sprint's timeline, dated: the worker lays it out (calculators/_timeline.py, the
// code that draws the playbook's sprint at build time); this only turns its shapes into SVG
// elements, text as text. Two drawings, as the build's: wide for desktop and print, narrow for
// phones (diagrams.css shows one). The phases listed below it are its text alternative.
const SVG_NS = "http://www.w3.org/2000/svg";

function svgNode(tag, attrs, text = null) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value !== null && value !== undefined && value !== false) node.setAttribute(key, String(value));
  }
  if (text !== null) node.textContent = text;
  return node;
}

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
    h("figcaption", { text: `${timeline.wide.title}. The phases listed below say the same in words.` })));
}

function renderPlan(result, rubrics, start) {
  const plan = result.plan;
  if (!plan) return null;
  const dims = Object.fromEntries(result.dimensions.map((d) => [d.id, d.title]));
  const roles = Object.fromEntries((rubrics?.operating_model?.roles || []).map((r) => [r.id, r.title]));
  return h("section", { class: "pb-card", "aria-labelledby": "pb-plan-title" },
    h("h2", { id: "pb-plan-title", text: "Your 90-day plan" }),
    h("p", { text: `Focus: ${plan.focus.map((id) => dims[id] || id).join(", ")}.` }),
    renderPlanDates(start),
    h("div", { "data-role": "plan-timeline" }),
    plan.phases.map((phase) =>
      h("div", { class: "pb-plan-phase", "data-phase": phase.id },
        h("h3", {}, `${phase.title} (${weekSpan(phase.weeks)})`, h("span", { class: "pb-plan-date", "data-plan-phase": phase.id })),
        phase.activities.length
          ? h("ul", {}, phase.activities.map((a) =>
            h("li", {}, h("strong", { text: a.title }),
              ` (${weekSpan(a.weeks)}; owner: ${roles[a.owner] || a.owner}; raises ${a.raises.map((r) => dims[r] || r).join(", ")})`,
              h("span", { class: "pb-plan-date", "data-plan-activity": a.id }),
              a.deliverable ? h("br") : null, a.deliverable ? `Deliverable: ${a.deliverable}` : null)))
          : h("p", { text: "No activity in this phase targets your focus dimensions." }),
        phase.exit_criteria.length
          ? h("div", { class: "pb-help", "data-role": "exit-criteria" }, h("p", { text: "Exit criteria:" }), h("ul", {}, phase.exit_criteria.map((c) => h("li", { text: c }))))
          : null)),
    plan.left_out?.length
      ? h("div", { class: "pb-help", "data-role": "left-out" }, h("p", { text: "Left out because your answers already cover them:" }),
        h("ul", {}, plan.left_out.map((a) => h("li", { text: a.title }))))
      : null);
}

function renderPrintHeader(result) {
  const date = new Date().toISOString().slice(0, 10);
  return h("p", { class: "pb-print-only", "data-role": "print-header" },
    `Assessed on ${date} against the rubric ${result.rubric.id} ${result.rubric.version}; ${result.progress.answered} of ${result.progress.total} questions answered${dontKnowText(result.progress)}. Your answers follow the results.`);
}

function renderComparison(comparison) {
  if (!comparison) return null;
  const fmt = (v) => (v ? `L${v}` : "–");
  const delta = (d) => (d === null ? "–" : d > 0 ? `+${d}` : String(d));
  return h("section", { class: "pb-card", "aria-labelledby": "pb-compare-title", "data-role": "comparison" },
    h("h2", { id: "pb-compare-title", text: `Compared with ${comparison.label}` }),
    scrollBox(h("table", {},
      h("caption", { class: "visually-hidden", text: `Levels before and now` }),
      h("thead", {}, h("tr", {}, ["", "Before", "Now", "Change", "Target", "Progress to target"].map((t) => h("th", { scope: "col", text: t })))),
      h("tbody", {},
        h("tr", { "data-compare": "overall" }, h("th", { scope: "row", text: "Overall" }),
          h("td", { text: fmt(comparison.value.overall.before) }), h("td", { text: fmt(comparison.value.overall.after) }),
          h("td", { text: delta(comparison.value.overall.delta) }), h("td", { text: "–" }), h("td", { text: "–" })),
        comparison.value.dimensions.map((d) => h("tr", { "data-compare": d.id }, h("th", { scope: "row", text: d.title }),
          h("td", { text: fmt(d.before) }), h("td", { text: fmt(d.after) }), h("td", { text: delta(d.delta) }),
          h("td", { text: fmt(d.target) }), h("td", { class: "pb-cell--text", "data-role": "progress", text: d.progress_text || "–" })))))),
    h("p", { class: "pb-help", text: "Progress to target is (now − before) ÷ (target − before): 100% is the target reached. It is undefined when the target is not above the earlier level." }));
}

function drawRadar(root, result, comparison) {
  const top = Number(root.dataset.topLevel); // the rubric's highest level, from the template
  const box = root.querySelector('[data-role="radar"]');
  if (!box) return;
  // The target outline first, so the current levels' points are drawn over it.
  const series = [{ label: "Target", values: result.dimensions.map((d) => d.target || 0), cls: "pb-series-target", dashed: true, outline: true },
    { label: "Now", values: result.dimensions.map((d) => d.level || 0), cls: "pb-series-accent", dashed: false, outline: false }];
  if (comparison?.before) {
    series.push({ label: "Before", values: comparison.before.dimensions.map((d) => d.level || 0), cls: "pb-series-primary", dashed: true, outline: false });
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
  const lost = engineLost(root, "your answers are kept");
  let lastResult = null;
  let comparison = null;
  let planStart = null; // the reader's start date for the plan; none: the next Monday
  let calendar = null; // the worker's dated plan and .ics text
  let dating = 0;
  let versionLine = null; // Python's words when the loaded answers came from another rubric version

  const saved = store.load();
  if (saved && saved.answers && typeof saved.answers === "object") writeAnswers(form, saved.answers);
  if (saved && saved.about && typeof saved.about === "object") writeAbout(root, saved.about);
  if (saved && saved.targets && typeof saved.targets === "object") writeTargets(root, saved.targets);
  if (saved && saved.evidence && typeof saved.evidence === "object") writeEvidence(root, saved.evidence);

  const persist = () => {
    if (!store.save({ rubric: rubricMeta, answers: readAnswers(form), about: readAbout(root), targets: readTargets(root), evidence: readEvidence(root), saved_at: new Date().toISOString() })) {
      status(root, "This browser does not allow saving: export your answers before you leave the page.", "warning");
    }
  };

  // Answers given before this script bound (the form works at first paint) are kept too.
  if (!saved && Object.values(readAnswers(form)).some((v) => v !== null)) persist();

  const updateProgress = () => {
    const answers = readAnswers(form);
    const total = Object.keys(answers).length;
    const answered = Object.values(answers).filter((v) => v !== null).length;
    root.querySelector('[data-role="progress-text"]').textContent = `${answered} of ${total} answered `;
    root.querySelector('[data-role="progress-bar"]').value = answered;
  };

  const render = (result) => {
    lastResult = result;
    const summary = root.querySelector('[data-role="summary"]');
    const { overall, progress } = result;
    const provisional = result.provisional ? ` (provisional: ${progress.answered} of ${progress.total} questions answered)` : "";
    summary.textContent = `Overall level: ${levelText(overall.level, overall.label)}${provisional}${dontKnowText(progress)}.`;
    summary.dataset.level = overall.level || "";
    const details = root.querySelector('[data-role="details"]');
    if (!overall.level) {
      details.replaceChildren(h("p", { class: "pb-result__empty", text: "No result yet: answer a question to see your levels." }));
      return;
    }
    const open = new Set([...details.querySelectorAll("details[open]")].map((d) => d.dataset.detail));
    const scoredWith = versionLine ? h("p", { class: "pb-help", "data-role": "scored-with", text: versionLine }) : null;
    details.replaceChildren(...[renderPrintHeader(result), scoredWith, renderOverall(result), renderComparison(comparison), renderDimensions(result), renderGates(result), renderEvidence(result), renderActions(result, rubrics), renderPlan(result, rubrics, planStart || (calendar && calendar.dates.start)),
      renderCoverage(result, rubrics, () => engine.call("coverage_csv", { answers: readAnswers(form) }))].filter(Boolean));
    for (const d of details.querySelectorAll("details")) if (open.has(d.dataset.detail)) d.open = true;
    markEvidence(root, result);
    drawRadar(root, result, comparison);
    datePlan();
  };

  // The reader's own date, for "next Monday" (the worker's clock may not know the time zone).
  const today = () => {
    const d = new Date();
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
  };

  const datePlan = async () => {
    const box = root.querySelector('[data-role="plan-dates"]');
    if (!box) return;
    const ticket = ++dating;
    const error = box.querySelector('[data-role="plan-start-error"]');
    // The last drawing holds the place until the new one comes, so the page does not jump.
    const timeline = root.querySelector('[data-role="plan-timeline"]');
    if (timeline && calendar?.timeline) renderTimeline(timeline, calendar.timeline);
    const reply = await engine.call("plan_calendar", { answers: readAnswers(form), start: planStart, today: today() });
    if (ticket !== dating) return;
    calendar = reply.ok ? reply.value : null;
    error.hidden = reply.ok;
    error.textContent = reply.ok ? "" : reply.error.message;
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
    try {
      const reply = await engine.call("assess", { answers: readAnswers(form), targets: readTargets(root), evidence: readEvidence(root) });
      if (!current()) return; // a newer change is on its way
      if (reply.ok) {
        showAnswerError(form, null);
        showFieldErrors(root, null);
        if (root.querySelector('[data-role="status"]')?.dataset.kind === "error") status(root, "Calculator ready.", "ready");
        render(reply.value);
        if (comparison) refreshComparison();
      } else {
        const answerShown = showAnswerError(form, reply.error);
        const unplaced = showFieldErrors(root, reply.error);
        const fields = Array.isArray(reply.error.errors) ? reply.error.errors.length : 1;
        if (unplaced.length && !answerShown) status(root, unplaced.join(" "), "error");
        else status(root, `${fields === 1 ? "A field needs" : `${fields} fields need`} correcting (marked beside ${fields === 1 ? "it" : "them"}); the result below is from before this change.`, "error");
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
      notice(root, `${source} refused: ${reply.error.message}. Your current answers are unchanged.`, "error");
      return;
    }
    const previous = readAnswers(form);
    const previousLine = versionLine;
    writeAnswers(form, reply.value.answers);
    if (Object.values(reply.value.about || {}).some((v) => v)) writeAbout(root, reply.value.about);
    versionLine = reply.value.version_line;
    const previousTargets = readTargets(root);
    const previousEvidence = readEvidence(root);
    writeTargets(root, reply.value.targets);
    writeEvidence(root, reply.value.evidence);
    persist();
    await recompute();
    const count = Object.keys(reply.value.answers).length;
    const notes = reply.value.notes.length ? ` ${reply.value.notes.join(" ")}` : "";
    undoNotice(root, `Loaded ${count} answers from ${source}.${notes}`, () => { writeAnswers(form, previous); versionLine = previousLine; writeTargets(root, previousTargets); writeEvidence(root, previousEvidence); persist(); recompute(); }, reply.value.dropped.length ? "warning" : "info");
  };

  // The export is built by Python (answers checked, "about" checked, the levels they give).
  const exportJson = async () => {
    const reply = await engine.call("export", { answers: readAnswers(form), about: readAbout(root), targets: readTargets(root), evidence: readEvidence(root), exported_at: new Date().toISOString() });
    if (reply.ok) download(`ai-maturity-${reply.value.about.date || new Date().toISOString().slice(0, 10)}.json`, JSON.stringify(reply.value, null, 2));
    else {
      showFieldErrors(root, reply.error);
      notice(root, `Not exported: ${reply.error.message}`, "error");
    }
  };

  const actions = {
    "export-json": exportJson,
    "export-csv": async () => {
      const reply = await engine.call("answers_csv", { answers: readAnswers(form) });
      if (reply.ok) download(`ai-maturity-${new Date().toISOString().slice(0, 10)}.csv`, reply.value, "text/csv");
      else notice(root, reply.error.message, "error");
    },
    share: () => offerShareLink(root, SHARE_KEY, { rubric: rubricMeta, about: readAbout(root), answers: Object.fromEntries(Object.entries(readAnswers(form)).filter(([, v]) => v !== null)), targets: readTargets(root), evidence: readEvidence(root) }, "answers, targets and evidence travel"),
    "export-ics": () => {
      if (calendar) download(calendar.filename, calendar.ics, "text/calendar");
      else notice(root, "The plan has no dates yet: answer a question, or correct the start date.", "error");
    },
    print: () => window.print(),
    reset: () => {
      if (!window.confirm("Clear every answer on this page? Export first if you want to keep them.")) return;
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
      undoNotice(root, "All answers, targets and evidence cleared.", () => { writeAnswers(form, previous); versionLine = previousLine; writeTargets(root, previousTargets); writeEvidence(root, previousEvidence); persist(); recompute(); });
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
    if (header && lastResult) header.replaceWith(renderPrintHeader(lastResult));
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

  onJsonImport(root, loadExternal, "Your current answers are unchanged.");
  root.addEventListener("change", async (event) => {
    const input = event.target;
    if (input.matches('input[type=file][data-action="compare"]')) {
      const file = input.files[0];
      input.value = "";
      try {
        const data = await readJsonFile(file);
        const mapped = await engine.call("read_export", { data });
        if (!mapped.ok) throw new Error(mapped.error.message);
        const before = await engine.call("assess", { answers: mapped.value.answers });
        if (!before.ok) throw new Error(before.error.message);
        const when = data.exported_at ? ` (exported ${String(data.exported_at).slice(0, 10)})` : "";
        comparison = { before: before.value, label: `${file.name}${when}`, value: null };
        await refreshComparison();
        render(lastResult);
        notice(root, `Comparing with ${file.name}.${mapped.value.notes.length ? ` ${mapped.value.notes.join(" ")}` : ""}`, "info");
      } catch (error) {
        notice(root, `Cannot compare with ${file?.name || "that file"}: ${error.message}`, "error");
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
      status(root, saved ? "Calculator ready. Your saved answers were restored." : "Calculator ready.", "ready");
      await applyShareFragment(root, SHARE_KEY, loadExternal, "answers");
      await recompute();
    },
    engineFailed(root, "your answers are kept in this browser"),
  );
}
