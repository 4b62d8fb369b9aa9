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
    load().then((module) => module.bind(root));
  }
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
