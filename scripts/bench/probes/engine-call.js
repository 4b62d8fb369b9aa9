async ([fn, args, key]) => {
  // One call through the page's own engine (the module the page imported: same URL, so the same
  // engine and worker), the request's cloning on this thread included, with the long tasks
  // meanwhile; `key` names the one entry of the reply's value to bring back (or none).
  const entry = document.querySelector('script[src*="javascripts/calculators.js"]').src;
  const { getEngine } = await import(new URL("engine.js", entry).href);
  const root = document.querySelector("[data-calculator]");
  const engine = getEngine(root);
  await engine.ready;
  window.__longtasks = [];
  const start = performance.now();
  const reply = await engine.call(fn, args);
  const ms = performance.now() - start;
  await new Promise((r) => setTimeout(r, 200));
  return {
    ms,
    ok: reply.ok,
    error: reply.ok ? null : reply.error,
    value: reply.ok && key ? reply.value[key] : null,
    longtasks: window.__longtasks,
  };
}
