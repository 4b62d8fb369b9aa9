async ([files]) => {
  // The portfolio page's own path: ``files`` ({file, text}) chosen in its file input, as a
  // reader chooses them; from the page handing them to the engine (its "portfolio:call" mark)
  // to the frame that shows the roll-up (the first frame after its "portfolio:rendered" mark),
  // with the reply's arrival between and the main thread's long tasks meanwhile.
  const input = document.querySelector('input[data-action="add-files"]');
  const chosen = new DataTransfer();
  for (const f of files) chosen.items.add(new File([f.text], f.file, { type: "application/json" }));
  performance.clearMarks();
  window.__longtasks = [];
  input.files = chosen.files;
  input.dispatchEvent(new Event("change", { bubbles: true }));
  const mark = (name) => performance.getEntriesByName(name, "mark").at(-1);
  while (!mark("portfolio:rendered")) await new Promise((r) => setTimeout(r, 5));
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  const shown = performance.now();
  const call = mark("portfolio:call").startTime;
  const reply = mark("portfolio:reply").startTime;
  const rendered = mark("portfolio:rendered").startTime;
  await new Promise((r) => setTimeout(r, 200));
  return {
    ms: shown - call,
    reply: reply - call,
    render: rendered - reply,
    paint: shown - rendered,
    summary: document.querySelector('[data-role="summary"]').textContent,
    // Those of the page's path only: not the task that made the files above.
    longtasks: (window.__longtasks || []).filter((t) => t.start + t.duration >= call),
  };
}
