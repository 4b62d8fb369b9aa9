// The portfolio page: the reader chooses or drops many assessment and readiness exports (or a
// folder of them), or pastes share links; this file reads them as text and hands them to the
// engine. Which files are used, every level, statistic, disagreement, action, progress, pilot
// verdict and their order, the chart's numbers and the CSV come from Python
// (calculators._portfolio, calculators._readiness_portfolio). Nothing is uploaded, and the
// files are kept in this tab only.

import { levelTrend, show } from "./charts.js";
import { getEngine } from "./engine.js";
import { h, nextTask, status } from "./dom.js";
import { download, engineFailed, engineLost, notice, numberText, pageLanguage, said, t } from "./tools.js";
import { tn } from "./plural.js";

const MAX_FILE_BYTES = 1_000_000; // the same limit as the assessment's import

function teamName(team) {
  return team === null || team === undefined ? t("portfolio.team.none") : team;
}

// A level or a spread as the page's language writes its number ("L2,5" on a German page); up to
// the 4 places Python rounds to (tools.js keeps the format: a roll-up of 1,000 files writes many).
const LEVEL_DIGITS = { maximumFractionDigits: 4 };
const decimal = (value) => numberText(value, LEVEL_DIGITS);

// A date of the results (ISO, as the exports keep it) as the page's language writes it: the
// ISO form on an English page, "15.01.2026" on a German one; in a table as <time datetime=ISO>.
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
function dayText(iso) {
  if (!iso || !ISO_DAY.test(iso) || pageLanguage().startsWith("en")) return iso;
  return new Date(`${iso}T00:00:00Z`).toLocaleDateString(pageLanguage(), { day: "2-digit", month: "2-digit", year: "numeric", timeZone: "UTC" });
}
const dayCell = (iso, empty = "") => h("td", {}, iso ? h("time", { datetime: iso, text: dayText(iso) }) : empty);

function levelText(value) {
  return value === null || value === undefined ? "–" : `L${decimal(value)}`;
}

function scrollBox(table) {
  return h("div", { class: "pb-scroll", tabindex: "0", role: "region", "aria-label": table.querySelector("caption")?.textContent || t("assessment.table") }, table);
}

// Why a file was left out, in the page's words (Python's reason_said; its English otherwise).
const reason = (skip) => (skip.reason_said ? said(skip.reason_said) : skip.reason);

function renderSkipped(result) {
  if (!result.skipped.length) return null;
  return h("section", { class: "pb-card", "data-role": "skipped", "aria-labelledby": "pb-skipped-title" },
    h("h2", { id: "pb-skipped-title", text: tn("portfolio.skipped.title", result.skipped.length) }),
    h("ul", {}, result.skipped.map((s) => h("li", { "data-file": s.file }, h("strong", { text: s.file }), `: ${reason(s)}`))));
}

// What Python noted about the files it used (answers mapped from another version, files with no
// level yet): said, so that the counts above and the statistics below agree in the reader's eyes.
function renderNotes(result) {
  if (!(result.notes || []).length) return null;
  return h("section", { class: "pb-card", "data-role": "notes", "aria-labelledby": "pb-notes-title" },
    h("h2", { id: "pb-notes-title", text: t("portfolio.notes.title") }),
    h("ul", {}, (result.notes_said || result.notes).map((n) => h("li", { text: typeof n === "string" ? n : said(n) }))));
}

function statCells(row) {
  return ["respondents", "median", "q1", "q3", "min", "max", "iqr"].map((key) =>
    h("td", { text: row[key] === null ? "–" : key === "respondents" ? String(row[key]) : key === "iqr" ? decimal(row[key]) : levelText(row[key]) }));
}

function renderStats(result) {
  const head = ["portfolio.stats.col.dimension", "portfolio.stats.col.respondents", "portfolio.stats.col.median", "portfolio.stats.col.q1",
    "portfolio.stats.col.q3", "portfolio.stats.col.min", "portfolio.stats.col.max", "portfolio.stats.col.iqr"].map((id) => t(id));
  return h("section", { class: "pb-card", "aria-labelledby": "pb-stats-title" },
    h("h2", { id: "pb-stats-title", text: t("portfolio.stats.title") }),
    scrollBox(h("table", { "data-role": "stats" },
      h("caption", { class: "visually-hidden", text: t("portfolio.stats.caption") }),
      h("thead", {}, h("tr", {}, head.map((text) => h("th", { scope: "col", text })))),
      h("tbody", {},
        h("tr", { "data-dimension": "overall" }, h("th", { scope: "row", text: t("assessment.compare.overall") }), statCells(result.overall)),
        result.dimensions.map((d) => h("tr", { "data-dimension": d.id }, h("th", { scope: "row", text: d.title }), statCells(d)))))),
    h("p", { class: "pb-help", text: t("portfolio.stats.quartiles", { how: result.quartiles_said ? said(result.quartiles_said) : result.quartiles }) }));
}

// The heatmap is a table: each cell says the team's median level in text; the shading (by the
// whole level below the median) only repeats it.
function renderHeatmap(result) {
  if (!result.teams?.length) return null;
  const dims = result.dimensions;
  return h("section", { class: "pb-card", "aria-labelledby": "pb-heatmap-title" },
    h("h2", { id: "pb-heatmap-title", text: t("portfolio.heatmap.title") }),
    scrollBox(h("table", { "data-role": "heatmap" },
      h("caption", { class: "visually-hidden", text: t("portfolio.heatmap.caption") }),
      h("thead", {}, h("tr", {}, h("th", { scope: "col", text: t("portfolio.col.team") }), h("th", { scope: "col", text: t("portfolio.stats.col.respondents") }),
        h("th", { scope: "col", text: t("assessment.compare.overall") }), dims.map((d) => h("th", { scope: "col", title: d.title }, h("abbr", { title: d.title, text: d.short }))))),
      h("tbody", {}, result.teams.map((team) => h("tr", { "data-team": teamName(team.team) },
        h("th", { scope: "row", text: teamName(team.team) }),
        h("td", { text: String(team.respondents) }),
        heatCell(team.overall), team.dimensions.map(heatCell)))))),
    h("p", { class: "pb-help", text: t("portfolio.heatmap.help") }));
}

function heatCell(row) {
  const median = row.median;
  const range = row.min !== null && row.min !== row.max ? ` (${levelText(row.min)}–${levelText(row.max)})` : "";
  return h("td", { class: "pb-heat", "data-level": median === null ? "" : String(Math.floor(median)), text: `${levelText(median)}${range}` });
}

function who(b) {
  return b.respondent || b.file;
}

// A <details> whose content is made when it first opens, or when the page is printed (print
// expands every <details>): for 1,000 files the disagreements' respondents and the table of the
// files are tens of thousands of elements, most never opened, and making them all at once was
// most of the time it took to show the roll-up.
const fillers = new WeakMap();

function lazyDetails(attrs, summary, content) {
  const box = h("details", { ...attrs, ontoggle: () => box.open && fill() }, h("summary", { text: summary }));
  const fill = () => {
    if (!fillers.delete(box)) return;
    box.append(...[content()].flat(Infinity).filter(Boolean));
  };
  fillers.set(box, fill);
  return box;
}

window.addEventListener("beforeprint", () => {
  for (const box of document.querySelectorAll("details")) fillers.get(box)?.();
});

function renderDisagreements(result) {
  const flags = result.disagreements;
  const teams = [...new Set(flags.map((d) => teamName(d.team)))];
  return h("section", { class: "pb-card", "data-role": "disagreements", "aria-labelledby": "pb-disagree-title" },
    h("h2", { id: "pb-disagree-title", text: t("portfolio.disagree.title") }),
    flags.length
      ? teams.map((team) => {
        const own = flags.filter((d) => teamName(d.team) === team);
        const dims = own.filter((d) => d.kind === "dimension");
        const questions = own.filter((d) => d.kind === "question");
        const item = (d) => h("li", { "data-question": d.question || "", "data-dimension": d.dimension },
          h("strong", { text: d.kind === "dimension" ? t("portfolio.disagree.dimension", { title: d.text }) : d.text }),
          ` — ${d.by.map((b) => `${who(b)} ${levelText(b.level)}`).join(", ")}`,
          d.kind === "dimension" ? h("ul", {}, questions.filter((q) => q.dimension === d.dimension).map(item)) : null);
        const flagged = new Set(dims.map((d) => d.dimension));
        const others = questions.filter((q) => !flagged.has(q.dimension));
        return lazyDetails({ "data-team": team, "data-detail": `disagree-${team}` },
          t("portfolio.disagree.summary", { team, dimensions: tn("portfolio.disagree.dimensions", dims.length), questions: tn("portfolio.disagree.questions", questions.length) }),
          () => [
            h("ul", {}, dims.map(item)),
            others.length ? h("p", { text: t(dims.length ? "portfolio.disagree.other_questions" : "portfolio.disagree.questions_title") }) : null,
            others.length ? h("ul", {}, others.map(item)) : null,
          ]);
      })
      : h("p", { text: t(canDisagree(result) ? "portfolio.disagree.none" : "portfolio.disagree.single") }));
}

// Whether any team has two or more respondents: with one each, no disagreement can show.
function canDisagree(result) {
  return !result.teams || result.teams.some((team) => team.respondents > 1);
}

function renderActions(result) {
  if (!result.actions.length) return null;
  return h("section", { class: "pb-card", "aria-labelledby": "pb-actions-title" },
    h("h2", { id: "pb-actions-title", text: t("portfolio.actions.title") }),
    h("p", { class: "pb-help", text: t("portfolio.actions.help") }),
    h("ol", { "data-role": "actions" }, result.actions.slice(0, 10).map((a) => h("li", { "data-action-id": a.id },
      a.text_said ? said(a.text_said) : a.text, ` (${tn("portfolio.actions.teams", a.teams, { names: a.team_names.map(teamName).join(", ") })})`))));
}

// Over time: a chart of one team's medians on each date for one dimension (picked), drawn from
// Python's trend_series; the table below it holds every number and is the chart's text
// alternative.
function trendChart(series) {
  const box = h("div", { class: "pb-chart-box", "data-role": "trend-chart", role: "img" });
  const title = t("portfolio.trend.chart_title", { team: teamName(series.team), title: series.title });
  const points = series.dates.map((d, i) => `${dayText(d)} ${levelText(series.values[i])}`).join(", ");
  const aim = series.target === null ? "" : t("portfolio.trend.aim", { level: levelText(series.target) });
  box.setAttribute("aria-label", t("portfolio.trend.chart_label", { title, points, aim }));
  const figure = h("div", { class: "pb-trend-figure" }, h("p", { class: "pb-help", "data-role": "trend-title", text: title }), box);
  return { figure, draw: () => show(box, levelTrend({ categories: series.dates.map(dayText), values: series.values, name: series.title, target: series.target, targetLabel: t("assessment.compare.target") })) };
}

function renderTrend(result, pick) {
  const rows = result.trend || [];
  const overall = t("assessment.compare.overall");
  const series = (result.trend_series || []).map((x) => (x.dimension === "overall" ? { ...x, title: overall } : x));
  if (!series.length) return null;
  const teams = [...new Set(series.map((x) => teamName(x.team)))];
  if (!teams.includes(pick.team)) pick.team = teams[0];
  const own = series.filter((x) => teamName(x.team) === pick.team);
  if (!own.some((x) => x.dimension === pick.dimension)) pick.dimension = own[0].dimension;
  const chosen = own.find((x) => x.dimension === pick.dimension);
  const chart = trendChart(chosen);
  const teamSelect = h("select", { id: "pb-trend-team", "data-role": "trend-team" },
    teams.map((name) => h("option", { value: name, selected: name === pick.team, text: name })));
  const dimSelect = h("select", { id: "pb-trend-dimension", "data-role": "trend-dimension" },
    own.map((x) => h("option", { value: x.dimension, selected: x.dimension === pick.dimension, text: x.title })));
  const shown = new Set(series.map((x) => teamName(x.team)));
  const dims = result.dimensions;
  const section = h("section", { class: "pb-card", "aria-labelledby": "pb-trend-title", "data-role": "trend-section" },
    h("h2", { id: "pb-trend-title", text: t("portfolio.trend.title") }),
    h("div", { class: "pb-trend-picks" },
      h("div", {}, h("label", { for: "pb-trend-team", text: t("portfolio.col.team") }), teamSelect),
      h("div", {}, h("label", { for: "pb-trend-dimension", text: t("portfolio.stats.col.dimension") }), dimSelect)),
    chart.figure,
    scrollBox(h("table", { "data-role": "trend" },
      h("caption", { class: "visually-hidden", text: t("portfolio.trend.caption") }),
      h("thead", {}, h("tr", {}, ["portfolio.col.team", "portfolio.col.date", "portfolio.stats.col.respondents", "assessment.compare.overall"].map((id) => h("th", { scope: "col", text: t(id) })),
        dims.map((d) => h("th", { scope: "col" }, h("abbr", { title: d.title, text: d.short }))))),
      h("tbody", {}, rows.filter((r) => shown.has(teamName(r.team))).map((r) => h("tr", { "data-team": teamName(r.team), "data-date": r.date },
        h("th", { scope: "row", text: teamName(r.team) }), dayCell(r.date), h("td", { text: String(r.respondents) }),
        h("td", { text: levelText(r.overall) }), dims.map((d) => h("td", { text: levelText(r.dimensions[d.id]) }))))))));
  return { section, draw: chart.draw };
}

// Progress to target (Python's progress rows): where the exports carry targets.
function renderProgress(result) {
  const rows = result.progress || [];
  if (!rows.length) return null;
  const share = (p) => (p.progress === null ? (p.why_said ? said(p.why_said) : p.why) : t(p.reached ? "portfolio.progress.reached" : "portfolio.progress.share", { percent: Math.round(p.progress * 100) }));
  return h("section", { class: "pb-card", "aria-labelledby": "pb-progress-title" },
    h("h2", { id: "pb-progress-title", text: t("assessment.compare.progress") }),
    h("p", { class: "pb-help", text: t("portfolio.progress.help") }),
    scrollBox(h("table", { "data-role": "progress" },
      h("caption", { class: "visually-hidden", text: t("portfolio.progress.caption") }),
      h("thead", {}, h("tr", {}, ["portfolio.col.team", "portfolio.stats.col.dimension", "portfolio.progress.col.baseline", "portfolio.progress.col.current", "assessment.compare.target", "portfolio.progress.col.progress"].map((id) => h("th", { scope: "col", text: t(id) })))),
      h("tbody", {}, rows.map((p) => h("tr", { "data-team": teamName(p.team), "data-dimension": p.dimension },
        h("th", { scope: "row", text: teamName(p.team) }), h("td", { text: p.title }),
        h("td", {}, `${levelText(p.baseline)} (`, h("time", { datetime: p.baseline_date, text: dayText(p.baseline_date) }), ")"),
        h("td", {}, `${levelText(p.current)} (`, h("time", { datetime: p.current_date, text: dayText(p.current_date) }), ")"),
        h("td", { text: levelText(p.target) }), h("td", { "data-role": "progress-value", text: share(p) })))))));
}

// Many pilots (Python's readiness roll-up): a verdict each, in Python's order, the blocked first.
function renderPilots(ready) {
  if (!ready || !(ready.pilots.length || ready.skipped.length)) return null;
  const counts = ready.verdicts.map((v) => `${v.label}: ${v.count}`).join(" · ");
  return h("section", { class: "pb-card", "data-role": "pilots", "aria-labelledby": "pb-pilots-title" },
    h("h2", { id: "pb-pilots-title", text: t("portfolio.pilots.title", { count: ready.pilots.length }) }),
    h("p", { "data-role": "pilot-counts", text: counts }),
    h("p", { class: "pb-help", text: t("portfolio.pilots.order", { order: ready.order_said ? said(ready.order_said) : ready.order }) }),
    ready.skipped.length ? h("div", { "data-role": "pilots-skipped" },
      h("p", { text: tn("portfolio.pilots.skipped", ready.skipped.length) }),
      h("ul", {}, ready.skipped.map((x) => h("li", { "data-file": x.file }, h("strong", { text: x.file }), `: ${reason(x)}`)))) : null,
    ready.pilots.length ? scrollBox(h("table", { "data-role": "pilot-table" },
      h("caption", { class: "visually-hidden", text: t("portfolio.pilots.caption") }),
      h("thead", {}, h("tr", {}, ["portfolio.pilots.col.pilot", "portfolio.pilots.col.verdict", "portfolio.pilots.col.flagged", "portfolio.pilots.col.why", "portfolio.col.file"].map((id) => h("th", { scope: "col", text: t(id) })))),
      h("tbody", {}, ready.pilots.map((p) => h("tr", { "data-verdict": p.verdict.id },
        h("th", { scope: "row", text: p.pilot || t("portfolio.pilots.no_name") }),
        h("td", {}, h("span", { class: "pb-verdict", "data-verdict": p.verdict.id, text: p.verdict.label })),
        h("td", { text: p.flagged.length ? `${p.flags}: ${p.flagged.map((c) => c.title).join("; ")}` : "0" }),
        h("td", { text: p.verdict.why }),
        h("td", { text: p.file })))))) : null,
    ready.pilots.length ? h("p", {}, h("button", { type: "button", class: "md-button", "data-action": "export-pilots-csv", text: t("portfolio.button.export_pilots_csv") })) : null);
}

function renderFiles(result) {
  if (!result.files.length) return null;
  return lazyDetails({ class: "pb-card", "data-detail": "files" }, tn("portfolio.files.title", result.files.length),
    () => scrollBox(h("table", { "data-role": "files" },
      h("caption", { class: "visually-hidden", text: t("portfolio.files.caption") }),
      h("thead", {}, h("tr", {}, ["portfolio.col.file", "portfolio.col.team", "assessment.about.respondent", "portfolio.col.date", "assessment.compare.overall"].map((id) => h("th", { scope: "col", text: t(id) })))),
      h("tbody", {}, result.files.map((f) => h("tr", {}, h("th", { scope: "row", text: f.file }),
        h("td", { text: teamName(f.team) }), h("td", { text: f.respondent || t("portfolio.files.anonymous") }), dayCell(f.date, "–"),
        h("td", { text: f.provisional ? t("portfolio.files.provisional", { level: levelText(f.overall) }) : levelText(f.overall) })))))));
}

// Every file under a dropped folder (DataTransferItem.webkitGetAsEntry), with its path.
async function folderFiles(entry, out = []) {
  if (entry.isFile) {
    const file = await new Promise((resolve, reject) => entry.file(resolve, reject));
    out.push({ file, path: entry.fullPath.replace(/^\//, "") });
  } else if (entry.isDirectory) {
    const reader = entry.createReader();
    for (;;) { // readEntries gives a batch at a time (100 in Chromium) until it gives none
      const batch = await new Promise((resolve, reject) => reader.readEntries(resolve, reject));
      if (!batch.length) break;
      for (const child of batch) await folderFiles(child, out);
    }
  }
  return out;
}

export function bind(root) {
  const engine = getEngine(root);
  const files = new Map(); // name -> {file, text} | {file, link} | {file, not_json} | {file, error}
  let latest = 0;
  let lastResult = null;
  let links = 0;
  const pick = { team: null, dimension: "overall" }; // the trend chart's team and dimension

  // The roll-up shows in steps, each a task of its own, so that a large one (1,000 files) never
  // holds the page for long: first the summary and the tables a reader looks at first, then the
  // trend and progress, then the disagreements, actions and files. Between steps the browser
  // paints and answers input; a newer roll-up (``ticket``) stops an older one's remaining steps.
  // Resolves once all of it is shown, or a newer one took over.
  const render = async (result, ticket) => {
    lastResult = result;
    const summary = root.querySelector('[data-role="summary"]');
    const details = root.querySelector('[data-role="details"]');
    const ready = result.readiness || { pilots: [], skipped: [] };
    const leftCount = result.skipped.length + ready.skipped.length;
    const left = leftCount ? t("portfolio.summary.left_out", { count: leftCount }) : "";
    const pilots = ready.pilots.length ? `; ${tn("portfolio.summary.pilots", ready.pilots.length)}` : "";
    const teams = (result.teams || []).length;
    summary.textContent = files.size
      ? t("portfolio.summary", { respondents: tn("portfolio.summary.respondents", result.respondents), teams: tn("portfolio.summary.teams", teams), pilots, left })
      : t("portfolio.result.empty");
    const open = new Set([...details.querySelectorAll("details[open]")].map((d) => d.dataset.detail));
    const rolled = files.size && result.respondents;
    const steps = files.size ? [
      () => [renderSkipped(result), renderNotes(result), renderPilots(result.readiness), rolled ? renderStats(result) : null, rolled ? renderHeatmap(result) : null],
      () => {
        const trend = rolled ? renderTrend(result, pick) : null;
        return [trend ? trend.section : null, rolled ? renderProgress(result) : null, trend];
      },
      () => [rolled ? renderDisagreements(result) : null, renderActions(result), renderFiles(result)],
    ] : [];
    details.replaceChildren();
    for (const [i, step] of steps.entries()) {
      if (i) {
        await nextTask();
        if (ticket !== latest) return;
      }
      const made = step().filter(Boolean);
      details.append(...made.filter((part) => part instanceof Node));
      for (const d of details.querySelectorAll("details")) if (open.has(d.dataset.detail)) d.open = true;
      for (const part of made) if (!(part instanceof Node)) part.draw(); // the trend chart, once in the page
    }
  };

  const recompute = async () => {
    const ticket = ++latest;
    try {
      // Marks for the benchmark (scripts/bench/portfolio.py): files handed over, reply, shown.
      performance.mark("portfolio:call");
      const reply = await engine.call("portfolio", { files: [...files.values()], by: "team" });
      if (ticket !== latest) return; // a newer set of files is on its way
      performance.mark("portfolio:reply");
      // The reply's text was parsed in the task that took it in: the roll-up starts in the next.
      await nextTask();
      if (ticket !== latest) return;
      if (reply.ok) await render(reply.value, ticket);
      else status(root, said(reply.error), "error");
      if (ticket === latest) performance.mark("portfolio:rendered");
    } catch (error) {
      engineLost(root, t("portfolio.kept"))(error);
    }
  };

  // Files to read: [{file, path, folder}]. In a folder, a file whose name does not end in .json
  // is not read; Python lists it among the files left out, with the reason.
  const add = async (list) => {
    for (const { file, path, folder } of list) {
      const name = path || file.webkitRelativePath || file.name;
      if (folder && !file.name.toLowerCase().endsWith(".json")) files.set(name, { file: name, not_json: true });
      else if (file.size > MAX_FILE_BYTES) files.set(name, { file: name, error: t("common.error.file_too_large", { size: file.size, max: MAX_FILE_BYTES }) });
      else files.set(name, { file: name, text: await file.text() });
    }
    await recompute();
  };

  const actions = {
    "export-json": () => lastResult && download("ai-maturity-portfolio.json", JSON.stringify(lastResult, null, 2)),
    "export-csv": async () => {
      if (!lastResult) return;
      const reply = await engine.call("portfolio_csv", { result: lastResult });
      if (reply.ok) download("ai-maturity-portfolio.csv", reply.value, "text/csv");
      else notice(root, said(reply.error), "error");
    },
    "export-pilots-csv": async () => {
      if (!lastResult?.readiness) return;
      const reply = await engine.call("readiness_portfolio_csv", { result: lastResult.readiness });
      if (reply.ok) download("pilot-readiness-portfolio.csv", reply.value, "text/csv");
      else notice(root, said(reply.error), "error");
    },
    "add-links": () => {
      const field = root.querySelector('[data-role="links-text"]');
      const pasted = field.value.split(/\s+/).filter(Boolean);
      if (!pasted.length) {
        notice(root, t("portfolio.notice.paste_first"), "info");
        field.focus();
        return;
      }
      for (const link of pasted) {
        const key = `link:${link}`;
        if (!files.has(key)) files.set(key, { file: t("portfolio.link_name", { number: ++links }), link });
      }
      field.value = "";
      notice(root, tn("portfolio.notice.links_added", pasted.length), "info");
      recompute();
    },
    print: () => window.print(),
    clear: () => {
      files.clear();
      links = 0;
      recompute();
    },
  };

  root.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-action]");
    if (button && actions[button.dataset.action]) actions[button.dataset.action]();
  });

  root.addEventListener("change", (event) => {
    const input = event.target;
    if (input.matches('select[data-role^="trend-"]')) {
      pick[input.dataset.role === "trend-team" ? "team" : "dimension"] = input.value;
      const old = root.querySelector('[data-role="trend-section"]');
      const trend = lastResult && renderTrend(lastResult, pick);
      if (!old || !trend) return;
      old.replaceWith(trend.section);
      trend.draw();
      root.querySelector(`[data-role="${input.dataset.role}"]`)?.focus();
      return;
    }
    if (!input.matches('input[type=file][data-action^="add-"]')) return;
    const folder = input.dataset.action === "add-folder";
    const list = [...input.files].map((file) => ({ file, folder }));
    input.value = "";
    add(list);
  });

  const drop = root.querySelector('[data-role="drop"]');
  root.addEventListener("dragover", (event) => {
    event.preventDefault();
    drop.dataset.over = "true";
  });
  root.addEventListener("dragleave", () => { delete drop.dataset.over; });
  root.addEventListener("drop", async (event) => {
    event.preventDefault();
    delete drop.dataset.over;
    const items = [...(event.dataTransfer?.items || [])];
    const entries = items.map((item) => (item.kind === "file" && item.webkitGetAsEntry ? item.webkitGetAsEntry() : null));
    if (entries.some((entry) => entry?.isDirectory)) {
      // The entries are taken before the first await: the drop's data is gone after it.
      const found = [];
      for (const entry of entries.filter(Boolean)) {
        for (const item of await folderFiles(entry)) found.push({ ...item, folder: entry.isDirectory });
      }
      add(found);
    } else if (event.dataTransfer?.files?.length) {
      add([...event.dataTransfer.files].map((file) => ({ file })));
    }
  });

  engine.ready.then(
    () => {
      root.dataset.engine = "ready";
      status(root, t("portfolio.status.ready"), "ready");
      if (files.size) recompute();
    },
    engineFailed(root, t("portfolio.kept")),
  );
}
