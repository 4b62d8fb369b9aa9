// Entry point on every page: binds a calculator when the page has one (also after Material's
// instant navigation). Pages without a calculator load nothing more.
// It runs from the end of <body> (a module: once the page is parsed), before or after
// Material's bundle has defined document$.

const modules = {
  assessment: () => import("./assessment.js"),
  portfolio: () => import("./portfolio.js"),
  readiness: () => import("./readiness.js"),
  roi: () => import("./roi.js"),
  "use-cases": () => import("./use-cases.js"),
};

function bind() {
  const roots = /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll("[data-calculator]"));
  for (const root of roots) {
    if (root.dataset.bound) continue;
    root.dataset.bound = "true";
    const load = modules[root.dataset.calculator];
    if (!load) continue;
    // Start the engine's worker now (engine.js is preloaded from <head>), in parallel with
    // loading the calculator's own modules: Pyodide's start-up is the long pole, and it runs
    // off the main thread.
    if (root.dataset.enginePyodide) import("./engine.js").then(({ getEngine }) => getEngine(root));
    const release = holdEarlyInput(root);
    load()
      .then((module) => {
        module.bind(root);
        root.dataset.script = "bound";
        release();
      })
      .catch((error) => {
        release(false);
        root.dataset.script = "failed";
        failed(root, error);
      });
  }
}

// The form is usable at first paint, before the calculator's script has loaded (on a slow
// network that takes a few round trips). What the reader does meanwhile is not lost: a click on
// one of the calculator's buttons, and each field's last value (the last choice of a radio
// group), are held in the order given, and once the script has bound each is given again as
// an event the script handles as any other. A value the binding already took (the field shows
// it) is not given twice; one it overwrote (with a case saved in this browser) is put back, as
// the reader typed it over what the page showed. A part the binding drew afresh (a saved case's
// lines) is found again by its id. A file chosen meanwhile (an import) is still in its chooser:
// its change is given again if the chooser still holds it.
// Returns the release: replay (or, with false, drop) what was held.
/** @param {HTMLElement} root @returns {(replay?: boolean) => void} */
function holdEarlyInput(root) {
  /** @typedef {{ kind: "click" | "field" | "file", el: HTMLElement, find: () => HTMLElement | null, value?: string, checked?: boolean }} Held */
  /** @type {Held[]} */
  let held = [];
  root.dataset.script = "loading";
  /** @param {Event} event */
  const hold = (event) => {
    if (!event.isTrusted) return;
    const target = /** @type {HTMLElement} */ (event.target);
    if (event.type === "click") {
      const button = /** @type {HTMLElement | null} */ (target.closest?.("button[data-action]"));
      if (button && root.contains(button)) held.push({ kind: "click", el: button, find: finder(root, button) });
      return;
    }
    const field = /** @type {HTMLInputElement} */ (target);
    if (!field.matches?.("input, select, textarea") || !root.contains(field)) return;
    if (field.type === "file") {
      if (event.type === "change" && !held.some((entry) => entry.el === field)) held.push({ kind: "file", el: field, find: () => null });
      return;
    }
    const toggles = field.type === "checkbox" || field.type === "radio";
    // Only a field's (a radio group's) last state counts.
    const same = (/** @type {Held} */ { el }) =>
      el === field || (field.type === "radio" && el instanceof HTMLInputElement && el.type === "radio" && el.name === field.name && el.form === field.form);
    held = held.filter((entry) => entry.kind !== "field" || !same(entry));
    held.push({ kind: "field", el: field, find: finder(root, field), ...(toggles ? { checked: field.checked } : { value: field.value }) });
  };
  const types = ["click", "input", "change"];
  for (const type of types) root.addEventListener(type, hold, true);
  return (replay = true) => {
    for (const type of types) root.removeEventListener(type, hold, true);
    const given = held;
    held = [];
    if (!replay || !root.isConnected) return;
    // A replayed Edit moves the keyboard into its line: right if the reader is still on that
    // button, wrong if they went on to type elsewhere meanwhile; then the focus stays with them.
    const lastClick = given.filter((entry) => entry.kind === "click").pop();
    const focused = /** @type {HTMLElement | null} */ (document.activeElement);
    const stay = focused && focused !== document.body && focused !== lastClick?.el ? focused : null;
    for (const entry of given) {
      const el = entry.el.isConnected ? entry.el : entry.find();
      if (!el) continue;
      if (entry.kind === "file") {
        const chooser = /** @type {HTMLInputElement} */ (el);
        if (chooser.files?.length) chooser.dispatchEvent(new Event("change", { bubbles: true }));
        continue;
      }
      if (entry.kind === "click") {
        if (!(/** @type {HTMLButtonElement} */ (el).disabled)) el.click();
        continue;
      }
      const field = /** @type {HTMLInputElement} */ (el);
      if (entry.checked !== undefined ? field.checked === entry.checked : field.value === entry.value) continue;
      if (entry.checked !== undefined) field.checked = entry.checked;
      else field.value = /** @type {string} */ (entry.value);
      field.dispatchEvent(new Event("input", { bubbles: true }));
      field.dispatchEvent(new Event("change", { bubbles: true }));
    }
    if (stay && stay.isConnected && document.activeElement !== stay) stay.focus({ preventScroll: true });
  };
}

// How to find an element again after the binding drew its part afresh: a field by its id, a
// button by the id of the nearest part that has one, its action and its place among that
// part's buttons of the same action.
/** @param {HTMLElement} root @param {HTMLElement} el @returns {() => HTMLElement | null} */
function finder(root, el) {
  if (el.id) {
    const id = el.id;
    return () => document.getElementById(id);
  }
  const part = el.parentElement?.closest("[id]");
  if (!part || !root.contains(part)) return () => null;
  const id = part.id;
  const selector = `button[data-action="${CSS.escape(el.dataset.action || "")}"]`;
  const nth = [...part.querySelectorAll(selector)].indexOf(el);
  return () => /** @type {HTMLElement | null} */ (document.getElementById(id)?.querySelectorAll(selector)[nth] ?? null);
}

// The calculator's script did not load or did not start: the status line says so (in the page's
// language, from its strings), instead of a form that silently stops answering. It reads the
// strings itself rather than through tools.js t() and dom.js status(): the module that failed
// may be the one that would have brought them.
/** @param {HTMLElement} root @param {unknown} error */
function failed(root, error) {
  const line = root.querySelector('[data-role="status"]');
  if (!line) return;
  const id = "common.status.script_failed";
  let words = id; // as t() shows a string the page lacks
  try {
    words = JSON.parse(document.getElementById("pb-strings")?.textContent || "{}")[id] || id;
  } catch {
    // unreadable strings: the id
  }
  const detail = error instanceof Error ? error.message : String(error);
  line.textContent = words.replace("{error}", detail);
  /** @type {HTMLElement} */ (line).dataset.kind = "error";
}

// Material's document$ emits each page, also after instant navigation. Run from <head>, this
// module may come before Material's bundle defines it: bind once the document is parsed, then
// subscribe (document$ replays the current page; bind skips roots already bound).
function subscribe() {
  if (typeof window.document$ === "undefined") return false;
  window.document$.subscribe(bind);
  return true;
}

if (!subscribe()) {
  const parsed = () => {
    bind();
    if (!subscribe()) window.addEventListener("load", subscribe, { once: true });
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", parsed, { once: true });
  else parsed();
}
