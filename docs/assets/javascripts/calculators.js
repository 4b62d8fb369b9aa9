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
    if (load) load().then((module) => module.bind(root));
  }
}

if (typeof window.document$ !== "undefined") {
  window.document$.subscribe(bind);
} else if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", bind);
} else {
  bind();
}
