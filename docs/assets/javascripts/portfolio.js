// The portfolio page: the reader chooses or drops many assessment exports; this file reads them
// as text and hands them to the engine. Which files are used, every level, statistic,
// disagreement and action, and the CSV come from Python (calculators._portfolio). Nothing is
// uploaded, and the files are kept in this tab only.

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
        return h("details", { "data-team": team, "data-detail": `disagree-${team}` },
          h("summary", { text: `${team}: ${dims.length} dimension${dims.length === 1 ? "" : "s"} and ${questions.length} question${questions.length === 1 ? "" : "s"} two or more levels apart` }),
          h("ul", {}, dims.map(item)),
          others.length ? h("p", { text: dims.length ? "Questions in the other dimensions:" : "Questions:" }) : null,
          others.length ? h("ul", {}, others.map(item)) : null);
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

// Over time: each team's medians on each date its exports name, oldest first (from Python).
function renderTrend(result) {
  const rows = result.trend || [];
  const dated = new Map();
  for (const row of rows) dated.set(row.team, (dated.get(row.team) || 0) + 1);
  if (![...dated.values()].some((n) => n > 1)) return null;
  const dims = result.dimensions;
  return h("section", { class: "pb-card", "aria-labelledby": "pb-trend-title" },
    h("h2", { id: "pb-trend-title", text: "Over time" }),
    scrollBox(h("table", { "data-role": "trend" },
      h("caption", { class: "visually-hidden", text: "Median level of each team on each date, oldest first" }),
      h("thead", {}, h("tr", {}, ["Team", "Date", "Respondents", "Overall"].map((t) => h("th", { scope: "col", text: t })),
        dims.map((d) => h("th", { scope: "col" }, h("abbr", { title: d.title, text: d.short }))))),
      h("tbody", {}, rows.filter((r) => dated.get(r.team) > 1).map((r) => h("tr", { "data-team": teamName(r.team), "data-date": r.date },
        h("th", { scope: "row", text: teamName(r.team) }), h("td", { text: r.date }), h("td", { text: String(r.respondents) }),
        h("td", { text: levelText(r.overall) }), dims.map((d) => h("td", { text: levelText(r.dimensions[d.id]) }))))))));
}

function renderFiles(result) {
  if (!result.files.length) return null;
  return h("details", { class: "pb-card", "data-detail": "files" },
    h("summary", { text: `The ${result.files.length} files used` }),
    scrollBox(h("table", { "data-role": "files" },
      h("caption", { class: "visually-hidden", text: "Each file used: team, respondent, date and overall level" }),
      h("thead", {}, h("tr", {}, ["File", "Team", "Respondent", "Date", "Overall"].map((t) => h("th", { scope: "col", text: t })))),
      h("tbody", {}, result.files.map((f) => h("tr", {}, h("th", { scope: "row", text: f.file }),
        h("td", { text: teamName(f.team) }), h("td", { text: f.respondent || "anonymous" }), h("td", { text: f.date || "–" }),
        h("td", { text: levelText(f.overall) })))))));
}

export function bind(root) {
  const engine = getEngine(root);
  const files = new Map(); // name -> {file, text} or {file, error}
  let latest = 0;
  let lastResult = null;

  const render = (result) => {
    lastResult = result;
    const summary = root.querySelector('[data-role="summary"]');
    const details = root.querySelector('[data-role="details"]');
    const left = result.skipped.length ? `; ${result.skipped.length} left out (see why below)` : "";
    summary.textContent = files.size
      ? `${result.respondents} respondent${result.respondents === 1 ? "" : "s"} in ${result.teams.length} team${result.teams.length === 1 ? "" : "s"}${left}.`
      : "No files yet: choose the exports of your teams' assessments.";
    const open = new Set([...details.querySelectorAll("details[open]")].map((d) => d.dataset.detail));
    details.replaceChildren(...(files.size ? [
      renderSkipped(result),
      renderNotes(result),
      result.respondents ? renderStats(result) : null,
      result.respondents ? renderHeatmap(result) : null,
      result.respondents ? renderTrend(result) : null,
      result.respondents ? renderDisagreements(result) : null,
      renderActions(result),
      renderFiles(result),
    ] : []).filter(Boolean));
    for (const d of details.querySelectorAll("details")) if (open.has(d.dataset.detail)) d.open = true;
  };

  const recompute = async () => {
    const ticket = ++latest;
    try {
      const reply = await engine.call("portfolio", { files: [...files.values()], by: "team" });
      if (ticket !== latest) return; // a newer set of files is on its way
      if (reply.ok) render(reply.value);
      else status(root, reply.error.message, "error");
    } catch (error) {
      status(root, `${error.message}. Reload the page to try again.`, "error");
    }
  };

  const add = async (list, fromFolder) => {
    const chosen = [...list].filter((f) => !fromFolder || f.name.toLowerCase().endsWith(".json"));
    const ignored = list.length - chosen.length;
    for (const file of chosen) {
      const name = file.webkitRelativePath || file.name;
      files.set(name, file.size > MAX_FILE_BYTES
        ? { file: name, error: `the file is too large (${file.size} bytes; at most ${MAX_FILE_BYTES})` }
        : { file: name, text: await file.text() });
    }
    if (ignored) notice(root, `${ignored} file${ignored === 1 ? "" : "s"} in the folder not ending in .json ${ignored === 1 ? "was" : "were"} not read.`, "info");
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
    print: () => window.print(),
    clear: () => {
      files.clear();
      recompute();
    },
  };

  root.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-action]");
    if (button && actions[button.dataset.action]) actions[button.dataset.action]();
  });

  root.addEventListener("change", (event) => {
    const input = event.target;
    if (!input.matches('input[type=file][data-action^="add-"]')) return;
    const list = [...input.files];
    input.value = "";
    add(list, input.dataset.action === "add-folder");
  });

  const drop = root.querySelector('[data-role="drop"]');
  root.addEventListener("dragover", (event) => {
    event.preventDefault();
    drop.dataset.over = "true";
  });
  root.addEventListener("dragleave", () => { delete drop.dataset.over; });
  root.addEventListener("drop", (event) => {
    event.preventDefault();
    delete drop.dataset.over;
    if (event.dataTransfer?.files?.length) add(event.dataTransfer.files, false);
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
