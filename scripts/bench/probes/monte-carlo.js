async ([kase, runs]) => {
  // The module the page itself imported (same URL, so the same engine and worker).
  const entry = document.querySelector('script[src*="javascripts/calculators.js"]').src;
  const { getEngine } = await import(new URL("engine.js", entry).href);
  const root = document.querySelector("[data-calculator]");
  const engine = getEngine(root);
  await engine.ready;
  window.__longtasks = [];
  const start = performance.now();
  const reply = await engine.call("roi", { case: kase, runs, seed: 1 });
  const ms = performance.now() - start;
  await new Promise((r) => setTimeout(r, 200));
  return { ms, ok: reply.ok, error: reply.ok ? null : reply.error, longtasks: window.__longtasks };
}
