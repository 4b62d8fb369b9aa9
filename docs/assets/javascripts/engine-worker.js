// The calculators' Web Worker: loads Pyodide and the calculators wheel, then passes JSON strings
// between the page and calculators._browser. It computes nothing itself.

// Start-up timings (performance.now() in this worker; add timeOrigin for wall-clock time),
// sent with the "ready" message so a benchmark can tell where start-up time goes.
const timings = { timeOrigin: performance.timeOrigin, scriptStart: performance.now() };
let handle = null;

function folder(url) {
  return url.slice(0, url.lastIndexOf("/") + 1);
}

// Pyodide's memory after start-up (see scripts/pyodide-snapshot.mjs): the stream of its bytes,
// gunzipped as they arrive (for engine-wheel.js's readSnapshot). Rejects (and the worker then
// starts Pyodide the plain way) if it cannot be had.
async function fetchSnapshot(url) {
  if (typeof DecompressionStream !== "function") throw new Error("no DecompressionStream in this browser");
  const response = await fetchOk(url, "snapshot");
  // A host that sends the .gz with "Content-Encoding: gzip" has the browser unzip it already:
  // look at the first bytes rather than trust a header.
  const reader = response.body.getReader();
  const first = await reader.read();
  const body = new ReadableStream({
    start(controller) {
      if (first.done) controller.close();
      else controller.enqueue(first.value);
    },
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
  });
  const gzipped = !first.done && first.value[0] === 0x1f && first.value[1] === 0x8b;
  return gzipped ? body.pipeThrough(new DecompressionStream("gzip")) : body;
}

function fetchOk(url, what) {
  return fetch(url).then((response) => {
    if (!response.ok) throw new Error(`${what}: HTTP ${response.status} for ${url}`);
    return response;
  });
}

// The page's first number format costs its main thread 40-300 ms on a slow machine: the
// browser loads its locale data then. That data is kept for the whole browser process, so built
// here first, while the engine's files download, the page's own formats (roi-format.js, tools.js
// numberText) cost it next to nothing (measured: 20-140 ms here, then 0.2 ms on the page). The
// pages wait for the "formats" message before they write their first number (engine.js
// `formats`, tools.js afterFormats). Nothing the page shows is formatted here.
function buildNumberFormats(lang) {
  try {
    /** @type {Intl.NumberFormatOptions[]} */
    const kinds = [{ style: "currency", currency: "USD" }, { notation: "compact" }, { style: "percent" }];
    for (const options of kinds) {
      new Intl.NumberFormat(lang, options).format(1);
    }
  } catch {
    // a language this browser does not know: the page meets it in its own formats
  }
  timings.numberFormats = performance.now();
}

/** @param {EngineInit} init */
async function start({ pyodideURL, snapshotURL, stdlibURL, saveData, lockURL, packageName, rubricsURL, calculators, lang }) {
  // Everything the engine needs is fetched at once, while the runtime downloads and compiles.
  const stream = snapshotURL ? fetchSnapshot(snapshotURL) : null;
  const wheelTools = import(new URL("./engine-wheel.js", import.meta.url).href);
  // Resolves once the snapshot file's header is in (the rest fills in as it arrives).
  const snapshot = stream ? Promise.all([stream, wheelTools]).then(([body, { readSnapshot }]) => readSnapshot(body)) : null;
  if (snapshot) snapshot.catch(() => {}); // startPyodide sees the failure and starts the plain way
  const rubricsText = fetchOk(rubricsURL, "rubrics").then((response) => response.text());
  const lock = fetchOk(lockURL, "lock file").then((response) => response.json());
  const entry = Promise.all([lock, wheelTools]).then(([parsed, { wheelEntry }]) => wheelEntry(parsed, packageName));
  entry.catch(() => {}); // the wheel's own promise reports it
  const wheel = entry.then(async (found) => {
    const response = await fetchOk(new URL(found.file_name, lockURL), "calculators wheel");
    return { entry: found, bytes: new Uint8Array(await response.arrayBuffer()) };
  });
  timings.init = performance.now();
  const runtime = Promise.all([import(pyodideURL), wheelTools]);
  buildNumberFormats(lang || "en");
  // The page writes its first numbers once this says so (engine.js `formats`).
  self.postMessage({ type: "formats" });
  const [{ loadPyodide }, { startPyodide }] = await runtime;
  timings.pyodideImported = performance.now();
  const options = { indexURL: folder(pyodideURL), lockFileContents: lock };
  // The snapshot holds the calculators already imported: it is used only if it holds the wheel
  // the lock file names. Either way the wheel is then checked and written into Python's files.
  // Restored from the snapshot, Python reads the standard library only for a module first
  // imported later: it gets the small zip of those (the plain start, Pyodide's whole one).
  const { pyodide, start: startedFrom } = await startPyodide(
    loadPyodide,
    options,
    snapshot,
    saveData ? "the browser asks to save data" : "",
    entry.then((found) => found.sha256),
    stdlibURL ? { stdLibURL: stdlibURL } : {},
  );
  timings.pyodideLoaded = performance.now();
  const [{ installWheel }, checked] = await Promise.all([wheelTools, wheel]);
  installWheel(pyodide, checked.entry, checked.bytes);
  timings.packageLoaded = performance.now();
  const browser = pyodide.pyimport("calculators._browser");
  // Also after a snapshot: the page's own rubrics, and a fresh `random` seed for this visit.
  const reply = JSON.parse(browser.configure(await rubricsText, calculators || []));
  handle = browser.handle;
  timings.configured = performance.now();
  // The rubrics' versions, and how Pyodide started ("snapshot", or "plain" and why).
  return { versions: reply.value, start: startedFrom };
}

function fetched() {
  return [self.location.href, ...performance.getEntriesByType("resource").map((entry) => entry.name)];
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

// Start once, from whichever comes first: the files named in this worker's URL fragment (the
// page puts them there so that start-up need not wait for the page's main thread to deliver the
// "init" message, which it does only when it is free) or the "init" message itself.
let starting = null;
function begin(config) {
  if (starting) return;
  starting = start(config).then(
    // The files this worker fetched go with "ready", so the page can keep them for offline use.
    ({ versions, start }) => self.postMessage({ type: "ready", versions, timings, start, resources: fetched() }),
    (error) => self.postMessage({ type: "failed", message: String(error && error.message ? error.message : error) }),
  );
}

self.addEventListener("message", (event) => {
  /** @type {EngineInit | EngineCall} */
  const message = event.data;
  if (message.type === "init") {
    begin(message);
  } else if (message.type === "call") {
    // Python's reply goes to the page as the JSON text it is, which the page parses: for a large
    // reply (the roll-up of 1,000 files is 3 MB) that costs the page's thread a fraction of what
    // taking in the parsed object, cloned, does, and this thread nothing.
    /** @type {EngineReply} */
    let reply;
    try {
      if (handle) {
        self.postMessage({ type: "reply", id: message.id, json: handle(JSON.stringify({ fn: message.fn, args: message.args })) });
        return;
      }
      reply = { ok: false, error: { message: "the engine is not ready", field: null } };
    } catch (error) {
      reply = { ok: false, error: { message: `internal error: ${error}`, field: null, internal: true } };
    }
    self.postMessage({ type: "reply", id: message.id, reply });
  }
});

if (self.location.hash.length > 1) {
  let config = null;
  try {
    config = JSON.parse(decodeURIComponent(self.location.hash.slice(1)));
  } catch {
    config = null; // not ours: wait for the "init" message
  }
  if (config && config.pyodideURL) begin(config);
}
