try {
  const indexURL = new URL("../../assets/engine/pyodide-VERSION/", location.href).href;
  const { loadPyodide } = await import(indexURL + "pyodide.mjs");
  const imported = performance.timeOrigin + performance.now();
  await loadPyodide({ indexURL, lockFileURL: new URL("../../LOCK", location.href).href });
  postMessage({ at: [imported, performance.timeOrigin + performance.now()] });
} catch (error) {
  postMessage({ error: String(error) });
}
