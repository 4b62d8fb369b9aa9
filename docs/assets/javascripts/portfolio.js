// The portfolio page: the reader chooses or drops many assessment and readiness exports (or a
// folder of them), or pastes share links; this file reads them as text and hands them to the
// engine. Which files are used, every level, statistic, disagreement, action, progress, pilot
// verdict and their order, the chart's numbers and the CSV come from Python
// (calculators._portfolio, calculators._readiness_portfolio). Nothing is uploaded, and the
// files are kept in this tab only.

import { levelTrend, show } from "./charts.js";
import { getEngine } from "./engine.js";
import { h, status } from "./dom.js";
import { download, notice } from "./tools.js";

const MAX_FILE_BYTES = 1_000_000; // the same limit as the assessment's import

function teamName(team) {
  return team === null || team === undefined ? "No team given" : team;
}

function levelText(value) {
  return value === null || value === undefined ? "–" : `L${value}`;
}

function scrollBox(table) {
  return h("div", { class: "pb-scroll", tabindex: "0", role: "region", "aria-label": table.querySelector("caption")?.textContent || "Table" }, table);
}

function renderSkipped(result) {
  if (!result.skipped.length) return null;
  return h("section", { class: "pb-card", "data-role": "skipped", "aria-labelledby": "pb-skipped-title" },
    h("h2", { id: "pb-skipped-title", text: `Left out: ${result.skipped.length} file${result.skipped.length === 1 ? "" : "s"}` }),
    h("ul", {}, result.skipped.map((s) => h("li", { "data-file": s.file }, h("strong", { text: s.file }), `: ${s.reason}`))));
}

// What Python noted about the files it used (answers mapped from another version, files with no
// level yet): said, so that the counts above and the statistics below agree in the reader's eyes.
function renderNotes(result) {
  if (!(result.notes || []).length) return null;
  return h("section", { class: "pb-card", "data-role": "notes", "aria-labelledby": "pb-notes-title" },
    h("h2", { id: "pb-notes-title", text: "Notes on the files used" }),
    h("ul", {}, result.notes.map((n) => h("li", { text: n }))));
}

function statCells(row) {
  return ["respondents", "median", "q1", "q3", "min", "max", "iqr"].map((key) =>
    h("td", { text: row[key] === null ? "–" : ["respondents", "iqr"].includes(key) ? String(row[key]) : levelText(row[key]) }));
}

function renderStats(result) {
  const head = ["Dimension", "Respondents", "Median", "Lower quartile", "Upper quartile", "Lowest", "Highest", "Spread (quartiles)"];
  return h("section", { class: "pb-card", "aria-labelledby": "pb-stats-title" },
    h("h2", { id: "pb-stats-title", text: "Levels across all respondents" }),
    scrollBox(h("table", { "data-role": "stats" },
      h("caption", { class: "visually-hidden", text: "Per dimension and overall: respondents, median, quartiles, lowest and highest level" }),
      h("thead", {}, h("tr", {}, head.map((t) => h("th", { scope: "col", text: t })))),
      h("tbody", {},
        h("tr", { "data-dimension": "overall" }, h("th", { scope: "row", text: "Overall" }), statCells(result.overall)),
        result.dimensions.map((d) => h("tr", { "data-dimension": d.id }, h("th", { scope: "row", text: d.title }), statCells(d)))))),
    h("p", { class: "pb-help", text: `Quartiles: ${result.quartiles}.` }));
}

// The heatmap is a table: each cell says the team's median level in text; the shading (by the
// whole level below the median) only repeats it.
function renderHeatmap(result) {
  if (!result.teams?.length) return null;
  const dims = result.dimensions;
  return h("section", { class: "pb-card", "aria-labelledby": "pb-heatmap-title" },
    h("h2", { id: "pb-heatmap-title", text: "Teams by dimensions" }),
    scrollBox(h("table", { "data-role": "heatmap" },
      h("caption", { class: "visually-hidden", text: "Median level of each team per dimension (lowest to highest in brackets where respondents differ)" }),
      h("thead", {}, h("tr", {}, h("th", { scope: "col", text: "Team" }), h("th", { scope: "col", text: "Respondents" }),
        h("th", { scope: "col", text: "Overall" }), dims.map((d) => h("th", { scope: "col", title: d.title }, h("abbr", { title: d.title, text: d.short }))))),
      h("tbody", {}, result.teams.map((team) => h("tr", { "data-team": teamName(team.team) },
        h("th", { scope: "row", text: teamName(team.team) }),
        h("td", { text: String(team.respondents) }),
        heatCell(team.overall), team.dimensions.map(heatCell)))))),
    h("p", { class: "pb-help", text: "Shading darkens with the level; every cell also says its level." }));
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
    h("h2", { id: "pb-disagree-title", text: "Disagreements within teams" }),
    flags.length
      ? teams.map((team) => {
        const own = flags.filter((d) => teamName(d.team) === team);
        const dims = own.filter((d) => d.kind === "dimension");
        const questions = own.filter((d) => d.kind === "question");
        const item = (d) => h("li", { "data-question": d.question || "", "data-dimension": d.dimension },
          h("strong", { text: d.kind === "dimension" ? `Dimension: ${d.text}` : d.text }),
          ` — ${d.by.map((b) => `${who(b)} ${levelText(b.level)}`).join(", ")}`,
          d.kind === "dimension" ? h("ul", {}, questions.filter((q) => q.dimension === d.dimension).map(item)) : null);
        const flagged = new Set(dims.map((d) => d.dimension));
        const others = questions.filter((q) => !flagged.has(q.dimension));
        return lazyDetails({ "data-team": team, "data-detail": `disagree-${team}` },
          `${team}: ${dims.length} dimension${dims.length === 1 ? "" : "s"} and ${questions.length} question${questions.length === 1 ? "" : "s"} two or more levels apart`,
          () => [
            h("ul", {}, dims.map(item)),
            others.length ? h("p", { text: dims.length ? "Questions in the other dimensions:" : "Questions:" }) : null,
            others.length ? h("ul", {}, others.map(item)) : null,
          ]);
      })
      : h("p", { text: "No team's respondents are two or more levels apart on any question or dimension." }));
}

function renderActions(result) {
  if (!result.actions.length) return null;
  return h("section", { class: "pb-card", "aria-labelledby": "pb-actions-title" },
    h("h2", { id: "pb-actions-title", text: "Next actions for the portfolio" }),
    h("p", { class: "pb-help", text: "The steps that would lift the overall level of the most teams (of any of their respondents)." }),
    h("ol", { "data-role": "actions" }, result.actions.slice(0, 10).map((a) => h("li", { "data-action-id": a.id },
      a.text, ` (${a.teams} team${a.teams === 1 ? "" : "s"}: ${a.team_names.map(teamName).join(", ")})`))));
}

// Over time: a chart of one team's medians on each date for one dimension (picked), drawn from
// Python's trend_series; the table below it holds every number and is the chart's text
// alternative.
function trendChart(series) {
  const box = h("div", { class: "pb-chart-box", "data-role": "trend-chart", role: "img" });
  const title = `${teamName(series.team)}: ${series.title}, median level by date`;
  const points = series.dates.map((d, i) => `${d} ${levelText(series.values[i])}`).join(", ");
  const aim = series.target === null ? "" : `; target ${levelText(series.target)}`;
  box.setAttribute("aria-label", `${title}: ${points}${aim}. The table below has every number.`);
  const figure = h("div", { class: "pb-trend-figure" }, h("p", { class: "pb-help", "data-role": "trend-title", text: title }), box);
  return { figure, draw: () => show(box, levelTrend({ categories: series.dates, values: series.values, name: series.title, target: series.target })) };
}

function renderTrend(result, pick) {
  const rows = result.trend || [];
  const series = result.trend_series || [];
  if (!series.length) return null;
  const teams = [...new Set(series.map((x) => teamName(x.team)))];
  if (!teams.includes(pick.team)) pick.team = teams[0];
  const own = series.filter((x) => teamName(x.team) === pick.team);
  if (!own.some((x) => x.dimension === pick.dimension)) pick.dimension = own[0].dimension;
  const chosen = own.find((x) => x.dimension === pick.dimension);
  const chart = trendChart(chosen);
  const teamSelect = h("select", { id: "pb-trend-team", "data-role": "trend-team" },
    teams.map((t) => h("option", { value: t, selected: t === pick.team, text: t })));
  const dimSelect = h("select", { id: "pb-trend-dimension", "data-role": "trend-dimension" },
    own.map((x) => h("option", { value: x.dimension, selected: x.dimension === pick.dimension, text: x.title })));
  const shown = new Set(series.map((x) => teamName(x.team)));
  const dims = result.dimensions;
  const section = h("section", { class: "pb-card", "aria-labelledby": "pb-trend-title", "data-role": "trend-section" },
    h("h2", { id: "pb-trend-title", text: "Over time" }),
    h("div", { class: "pb-trend-picks" },
      h("div", {}, h("label", { for: "pb-trend-team", text: "Team" }), teamSelect),
      h("div", {}, h("label", { for: "pb-trend-dimension", text: "Dimension" }), dimSelect)),
    chart.figure,
    scrollBox(h("table", { "data-role": "trend" },
      h("caption", { class: "visually-hidden", text: "Median level of each team on each date, oldest first" }),
      h("thead", {}, h("tr", {}, ["Team", "Date", "Respondents", "Overall"].map((t) => h("th", { scope: "col", text: t })),
        dims.map((d) => h("th", { scope: "col" }, h("abbr", { title: d.title, text: d.short }))))),
      h("tbody", {}, rows.filter((r) => shown.has(teamName(r.team))).map((r) => h("tr", { "data-team": teamName(r.team), "data-date": r.date },
        h("th", { scope: "row", text: teamName(r.team) }), h("td", { text: r.date }), h("td", { text: String(r.respondents) }),
        h("td", { text: levelText(r.overall) }), dims.map((d) => h("td", { text: levelText(r.dimensions[d.id]) }))))))));
  return { section, draw: chart.draw };
}

// Progress to target (Python's progress rows): where the exports carry targets.
function renderProgress(result) {
  const rows = result.progress || [];
  if (!rows.length) return null;
  const share = (p) => (p.progress === null ? p.why : `${Math.round(p.progress * 100)} %${p.reached ? " (reached)" : ""}`);
  return h("section", { class: "pb-card", "aria-labelledby": "pb-progress-title" },
    h("h2", { id: "pb-progress-title", text: "Progress to target" }),
    h("p", { class: "pb-help", text: "(current − baseline) ÷ (target − baseline): the baseline is the team's median on its earliest date, current its median on its latest. Undefined when the target is not above the baseline." }),
    scrollBox(h("table", { "data-role": "progress" },
      h("caption", { class: "visually-hidden", text: "Progress of each team to its target per dimension" }),
      h("thead", {}, h("tr", {}, ["Team", "Dimension", "Baseline", "Current", "Target", "Progress"].map((t) => h("th", { scope: "col", text: t })))),
      h("tbody", {}, rows.map((p) => h("tr", { "data-team": teamName(p.team), "data-dimension": p.dimension },
        h("th", { scope: "row", text: teamName(p.team) }), h("td", { text: p.title }),
        h("td", { text: `${levelText(p.baseline)} (${p.baseline_date})` }), h("td", { text: `${levelText(p.current)} (${p.current_date})` }),
        h("td", { text: levelText(p.target) }), h("td", { "data-role": "progress-value", text: share(p) })))))));
}

// Many pilots (Python's readiness roll-up): a verdict each, in Python's order, the blocked first.
function renderPilots(ready) {
  if (!ready || !(ready.pilots.length || ready.skipped.length)) return null;
  const counts = ready.verdicts.map((v) => `${v.label}: ${v.count}`).join(" · ");
  return h("section", { class: "pb-card", "data-role": "pilots", "aria-labelledby": "pb-pilots-title" },
    h("h2", { id: "pb-pilots-title", text: `Pilots: ${ready.pilots.length}` }),
    h("p", { "data-role": "pilot-counts", text: counts }),
    h("p", { class: "pb-help", text: `Order: ${ready.order}.` }),
    ready.skipped.length ? h("div", { "data-role": "pilots-skipped" },
      h("p", { text: `Left out: ${ready.skipped.length} readiness file${ready.skipped.length === 1 ? "" : "s"}` }),
      h("ul", {}, ready.skipped.map((x) => h("li", { "data-file": x.file }, h("strong", { text: x.file }), `: ${x.reason}`)))) : null,
    ready.pilots.length ? scrollBox(h("table", { "data-role": "pilot-table" },
      h("caption", { class: "visually-hidden", text: "Each pilot's verdict, the blocked first, with its flagged causes" }),
      h("thead", {}, h("tr", {}, ["Pilot", "Verdict", "Flagged causes", "Why", "File"].map((t) => h("th", { scope: "col", text: t })))),
      h("tbody", {}, ready.pilots.map((p) => h("tr", { "data-verdict": p.verdict.id },
        h("th", { scope: "row", text: p.pilot || "(no name)" }),
        h("td", {}, h("span", { class: "pb-verdict", "data-verdict": p.verdict.id, text: p.verdict.label })),
        h("td", { text: p.flagged.length ? `${p.flags}: ${p.flagged.map((c) => c.title).join("; ")}` : "0" }),
        h("td", { text: p.verdict.why }),
        h("td", { text: p.file })))))) : null,
    ready.pilots.length ? h("p", {}, h("button", { type: "button", class: "md-button", "data-action": "export-pilots-csv", text: "Export pilots CSV" })) : null);
}

function renderFiles(result) {
  if (!result.files.length) return null;
  return lazyDetails({ class: "pb-card", "data-detail": "files" }, `The ${result.files.length} files used`,
    () => scrollBox(h("table", { "data-role": "files" },
      h("caption", { class: "visually-hidden", text: "Each file used: team, respondent, date and overall level" }),
      h("thead", {}, h("tr", {}, ["File", "Team", "Respondent", "Date", "Overall"].map((t) => h("th", { scope: "col", text: t })))),
      h("tbody", {}, result.files.map((f) => h("tr", {}, h("th", { scope: "row", text: f.file }),
        h("td", { text: teamName(f.team) }), h("td", { text: f.respondent || "anonymous" }), h("td", { text: f.date || "–" }),
        h("td", { text: levelText(f.overall) })))))));
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

  const render = (result) => {
    lastResult = result;
    const summary = root.querySelector('[data-role="summary"]');
    const details = root.querySelector('[data-role="details"]');
    const ready = result.readiness || { pilots: [], skipped: [] };
    const leftCount = result.skipped.length + ready.skipped.length;
    const left = leftCount ? `; ${leftCount} left out (see why below)` : "";
    const pilots = ready.pilots.length ? `; ${ready.pilots.length} pilot${ready.pilots.length === 1 ? "" : "s"}` : "";
    const teams = (result.teams || []).length;
    summary.textContent = files.size
      ? `${result.respondents} respondent${result.respondents === 1 ? "" : "s"} in ${teams} team${teams === 1 ? "" : "s"}${pilots}${left}.`
      : "No files yet: choose the exports of your teams' assessments.";
    const open = new Set([...details.querySelectorAll("details[open]")].map((d) => d.dataset.detail));
    const trend = files.size && result.respondents ? renderTrend(result, pick) : null;
    details.replaceChildren(...(files.size ? [
      renderSkipped(result),
      renderNotes(result),
      renderPilots(result.readiness),
      result.respondents ? renderStats(result) : null,
      result.respondents ? renderHeatmap(result) : null,
      trend ? trend.section : null,
      result.respondents ? renderProgress(result) : null,
      result.respondents ? renderDisagreements(result) : null,
      renderActions(result),
      renderFiles(result),
    ] : []).filter(Boolean));
    for (const d of details.querySelectorAll("details")) if (open.has(d.dataset.detail)) d.open = true;
    if (trend) trend.draw();
  };

  const recompute = async () => {
    const ticket = ++latest;
    try {
      // Marks for the benchmark (scripts/bench/portfolio.py): files handed over, reply, shown.
      performance.mark("portfolio:call");
      const reply = await engine.call("portfolio", { files: [...files.values()], by: "team" });
      if (ticket !== latest) return; // a newer set of files is on its way
      performance.mark("portfolio:reply");
      if (reply.ok) render(reply.value);
      else status(root, reply.error.message, "error");
      performance.mark("portfolio:rendered");
    } catch (error) {
      status(root, `${error.message}. Reload the page to try again.`, "error");
    }
  };

  // Files to read: [{file, path, folder}]. In a folder, a file whose name does not end in .json
  // is not read; Python lists it among the files left out, with the reason.
  const add = async (list) => {
    for (const { file, path, folder } of list) {
      const name = path || file.webkitRelativePath || file.name;
      if (folder && !file.name.toLowerCase().endsWith(".json")) files.set(name, { file: name, not_json: true });
      else if (file.size > MAX_FILE_BYTES) files.set(name, { file: name, error: `the file is too large (${file.size} bytes; at most ${MAX_FILE_BYTES})` });
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
      else notice(root, reply.error.message, "error");
    },
    "export-pilots-csv": async () => {
      if (!lastResult?.readiness) return;
      const reply = await engine.call("readiness_portfolio_csv", { result: lastResult.readiness });
      if (reply.ok) download("pilot-readiness-portfolio.csv", reply.value, "text/csv");
      else notice(root, reply.error.message, "error");
    },
    "add-links": () => {
      const field = root.querySelector('[data-role="links-text"]');
      const pasted = field.value.split(/\s+/).filter(Boolean);
      if (!pasted.length) {
        notice(root, "Paste one or more share links first, one a line.", "info");
        field.focus();
        return;
      }
      for (const link of pasted) {
        const key = `link:${link}`;
        if (!files.has(key)) files.set(key, { file: `share link ${++links}`, link });
      }
      field.value = "";
      notice(root, `${pasted.length} share link${pasted.length === 1 ? "" : "s"} added.`, "info");
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
      status(root, "Ready: choose or drop the exports. They are read in this browser; nothing is uploaded.", "ready");
      if (files.size) recompute();
    },
    (error) => {
      root.dataset.engine = "failed";
      status(root, `${error.message}. Reload the page to try again.`, "error");
    },
  );
}
