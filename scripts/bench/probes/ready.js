window.__engineReadyAt = null;
window.__longtasks = [];
try {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longtasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: "longtask", buffered: true });
} catch (e) { window.__longtasks = null; }
new MutationObserver(() => {
  const root = document.querySelector("[data-calculator]");
  if (root && root.dataset.engine && window.__engineReadyAt === null) window.__engineReadyAt = performance.now();
}).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-engine"] });
