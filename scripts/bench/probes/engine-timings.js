async () => {
  const entry = document.querySelector('script[src*="javascripts/calculators.js"]').src;
  const { getEngine } = await import(new URL("engine.js", entry).href);
  const engine = getEngine(document.querySelector("[data-calculator]"));
  const timings = { ...(engine.timings || {}), start: engine.start };
  const nav = performance.getEntriesByType("navigation")[0];
  timings.domContentLoaded = nav.domContentLoadedEventStart;
  timings.dataReady = window.__engineReadyAt;
  return timings;
}
