// Entry point on every page: binds a calculator when the page has one (also after Material's
// instant navigation). Pages without a calculator load nothing more.

const modules = {
  assessment: () => import("./assessment.js"),
  readiness: () => import("./readiness.js"),
  roi: () => import("./roi.js"),
};

function bind() {
  for (const root of document.querySelectorAll("[data-calculator]")) {
    if (root.dataset.bound) continue;
    root.dataset.bound = "true";
    const load = modules[root.dataset.calculator];
    if (!load) continue;
    // Start the engine's worker now, in parallel with loading the calculator's own modules:
    // Pyodide's start-up is the long pole, and it runs off the main thread.
    if (root.dataset.enginePyodide) import("./engine.js").then(({ getEngine }) => getEngine(root));
    load().then((module) => module.bind(root));
  }
}

if (typeof window.document$ !== "undefined") {
  window.document$.subscribe(bind);
} else if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", bind);
} else {
  bind();
}
