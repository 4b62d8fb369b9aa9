// The calculators' Web Worker: loads Pyodide and the calculators wheel, then passes JSON strings
// between the page and calculators._browser. It computes nothing itself.

let handle = null;

function folder(url) {
  return url.slice(0, url.lastIndexOf("/") + 1);
}

async function start({ pyodideURL, lockURL, packageName, rubricsURL }) {
  const rubricsText = fetch(rubricsURL).then((response) => {
    if (!response.ok) throw new Error(`rubrics: HTTP ${response.status} for ${rubricsURL}`);
    return response.text();
  });
  // Fetch the lock file and the wheel while the runtime downloads, so they are in the cache.
  const lockText = fetch(lockURL).then((response) => {
    if (!response.ok) throw new Error(`lock file: HTTP ${response.status} for ${lockURL}`);
    return response.text();
  });
  const wheelWarm = lockText.then((text) => {
    const entry = JSON.parse(text).packages[packageName];
    return fetch(new URL(entry.file_name, lockURL)).then((r) => r.arrayBuffer());
  });
  const { loadPyodide } = await import(pyodideURL);
  const pyodide = await loadPyodide({
    indexURL: folder(pyodideURL),
    lockFileContents: lockText,
    packageBaseUrl: folder(lockURL),
  });
  await wheelWarm;
  // loadPackage reports a failed install (a wheel whose sha256 does not match the lock file)
  // through errorCallback and resolves anyway: collect the reasons and fail with them.
  const loadErrors = [];
  await pyodide.loadPackage(packageName, { messageCallback: () => {}, errorCallback: (m) => loadErrors.push(m) });
  if (loadErrors.length) throw new Error(`the calculators package did not install: ${loadErrors.join(" ")}`);
  const browser = pyodide.pyimport("calculators._browser");
  const reply = JSON.parse(browser.configure(await rubricsText));
  handle = browser.handle;
  return reply.value;
}

// Pyodide can fail inside a promise nobody awaits (a blocked runtime fetch) and then never
// settle: report such a failure at once instead of leaving the page to its timeout.
function reportFailure(reason) {
  if (!handle) self.postMessage({ type: "failed", message: String(reason && reason.message ? reason.message : reason) });
}
self.addEventListener("unhandledrejection", (event) => {
  event.preventDefault();
  reportFailure(event.reason);
});
// A Content Security Policy that forbids compiling WebAssembly (no 'wasm-unsafe-eval') leaves
// Pyodide waiting for ever: the violation is the only sign, so report it as the failure.
self.addEventListener("securitypolicyviolation", (event) => {
  reportFailure(`blocked by the site's Content Security Policy (${event.effectiveDirective || event.violatedDirective})`);
});
self.addEventListener("error", (event) => {
  event.preventDefault();
  reportFailure(event.message || event.error);
});

self.addEventListener("message", async (event) => {
  const message = event.data;
  if (message.type === "init") {
    try {
      const versions = await start(message);
      self.postMessage({ type: "ready", versions });
    } catch (error) {
      self.postMessage({ type: "failed", message: String(error && error.message ? error.message : error) });
    }
  } else if (message.type === "call") {
    let reply;
    try {
      reply = handle
        ? JSON.parse(handle(JSON.stringify({ fn: message.fn, args: message.args })))
        : { ok: false, error: { message: "the engine is not ready", field: null } };
    } catch (error) {
      reply = { ok: false, error: { message: `internal error: ${error}`, field: null, internal: true } };
    }
    self.postMessage({ type: "reply", id: message.id, reply });
  }
});
