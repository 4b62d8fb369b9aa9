async ([count, seed]) => {
  const root = document.querySelector("[data-calculator=assessment]");
  const summary = root.querySelector('[data-role="summary"]');
  const groups = [...root.querySelectorAll("[data-question]")];
  let state = seed;
  const rand = (n) => { state = (state * 1103515245 + 12345) % 2147483648; return state % n; };
  const times = [];
  for (let i = 0; i < count; i++) {
    const radios = [...groups[rand(groups.length)].querySelectorAll("input[type=radio]")].filter((r) => !r.checked);
    const radio = radios[rand(radios.length)];
    const took = await new Promise((resolve) => {
      let start = null;
      const observer = new MutationObserver(() => { observer.disconnect(); resolve(performance.now() - start); });
      observer.observe(summary, { childList: true, characterData: true, subtree: true });
      radio.addEventListener("input", (event) => { start = event.timeStamp; }, { once: true });
      radio.click();
    });
    times.push(took);
  }
  return times;
}
