window.__tasks = [];
window.__frames = [];
try {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__tasks.push(e.duration);
  }).observe({ type: "longtask", buffered: true });
  new PerformanceObserver((list) => {
    for (const frame of list.getEntries()) {
      window.__frames.push({ duration: frame.duration, scripts: frame.scripts.map((s) => ({
        source: s.sourceURL, invoker: s.invoker, type: s.invokerType, duration: s.duration,
        layout: s.forcedStyleAndLayoutDuration })) });
    }
  }).observe({ type: "long-animation-frame", buffered: true });
} catch (e) { window.__tasks = null; }
