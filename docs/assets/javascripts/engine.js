// One engine per browser tab: a module Web Worker running Pyodide and the calculators wheel.
// It survives Material's instant navigation, so a second calculator page reuses it.
//
// A calculator page preloads this module from <head>, next to a <meta name="playbook-engine">
// naming the engine's files; calculators.js imports it when the calculator binds, and the worker
// starts then (see the end of this file): not from <head>, where its downloads competed with the
// page's own files. The calculator takes it over with getEngine(root), which also applies the
// root's own data-engine-timeout.

import { whenIdle } from "./dom.js";

const DEFAULT_TIMEOUT_MS = 60000;
const FORMATS_WAIT_MS = 3000; // at most, for the worker's number formats (see `formats`)
const FAILED_WORKER_GRACE_MS = 2000; // a worker that reported its own failure, before it is ended
let engine = null;
const claims = new WeakMap(); // engine -> claim(root), called by getEngine

// Why the engine stopped: English, and the id of its words in rubrics/strings.yaml with their
// values, so a page in another language says it in its own (tools.js said()).
class EngineError extends Error {
  /** @param {string} message @param {string | null} [messageId] @param {Record<string, unknown>} [values] */
  constructor(message, messageId = null, values = {}) {
    super(message);
    this.message_id = messageId;
    this.values = values;
  }
}

function absolute(url) {
  return new URL(url, document.baseURI).href;
}

/**
 * @param {HTMLElement} root an element with the data-engine-* attributes
 * @returns {EngineHandle}
 */
/** @returns {EngineReply} Python's reply, from its JSON text. */
function parsed(json) {
  try {
    return JSON.parse(json);
  } catch (error) {
    return { ok: false, error: { message: `internal error: ${error}`, field: null, internal: true } };
  }
}

function createEngine(root) {
  // Start-up timings, all in this page's performance.now() time: when the worker was created,
  // and the worker's own marks (see engine-worker.js) once it is ready.
  const startedAt = performance.now();
  const timings = { workerCreate: startedAt };
  const pending = new Map();
  const resources = []; // what the worker fetched (see keepForOffline)
  let nextId = 1;
  let worker;
  let timer;
  let settled = false;
  let claimed = false; // a calculator holds this engine (getEngine)
  let failedUnclaimed = false;
  let fail;
  // The start-up timeout counts from the engine's start, whoever sets (or resets) it.
  const arm = (timeoutMs) => {
    clearTimeout(timer);
    const left = Math.max(0, timeoutMs - (performance.now() - startedAt));
    timer = setTimeout(
      () => fail(`the calculator engine did not start within ${Math.round(timeoutMs / 1000)} seconds`, "engine.error.timeout", { seconds: Math.round(timeoutMs / 1000) }),
      left,
    );
  };
  // The worker has built the page language's number formats (or it never will): the page's
  // own first number format no longer loads the browser's locale data on the main thread.
  let formatsBuilt;
  let formatsReady = false;
  const formats = new Promise((resolve) => {
    formatsBuilt = () => {
      if (formatsReady) return;
      formatsReady = true;
      timings.formats = performance.now();
      resolve();
    };
  });
  // A worker that never gets to run its script leaves the page to build its own, a moment later.
  setTimeout(formatsBuilt, FORMATS_WAIT_MS);
  const ready = new Promise((resolve, reject) => {
    fail = (why, messageId = null, values = {}) => {
      formatsBuilt();
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (worker) worker.terminate();
      // The next calculator page (or a retry) starts afresh; a failure before any calculator
      // took the engine is kept for the first one to see, then forgotten.
      if (claimed) engine = null;
      else failedUnclaimed = true;
      for (const { reject: r } of pending.values()) r(new EngineError(why, messageId, values));
      pending.clear();
      reject(new EngineError(why, messageId, values));
    };
    arm(Number(root.dataset.engineTimeout || DEFAULT_TIMEOUT_MS));
    const saveData = Boolean(navigator.connection && navigator.connection.saveData);
    /** @type {EngineInit} */
    const init = {
      type: "init",
      pyodideURL: absolute(root.dataset.enginePyodide),
      // Pyodide's memory after start-up: some 6 MB more to download for a second or so less
      // start-up, so not for a reader who asked the browser to save data.
      snapshotURL: root.dataset.engineSnapshot && !saveData ? absolute(root.dataset.engineSnapshot) : null,
      // The standard library the snapshot start is given (what Python restored may still
      // import): 0.3 MB instead of Pyodide's whole 2.5 MB zip, which the plain start keeps.
      stdlibURL: root.dataset.engineStdlib && !saveData ? absolute(root.dataset.engineStdlib) : null,
      saveData,
      lockURL: absolute(root.dataset.engineLock),
      packageName: root.dataset.enginePackage,
      rubricsURL: absolute(root.dataset.engineRubrics),
      calculators: (root.dataset.engineCalculators || "").split(" ").filter(Boolean),
      lang: document.documentElement.lang || "en",
    };
    // The same files also go in the worker's URL fragment (never sent to the server), so the
    // worker can start as soon as its script runs, without waiting for the "init" message.
    const url = new URL("./engine-worker.js", import.meta.url);
    url.hash = encodeURIComponent(JSON.stringify(init));
    try {
      worker = new Worker(url, { type: "module" });
    } catch (error) {
      fail(`this browser cannot start the calculator engine (${error.message || error})`, "engine.error.unsupported", { detail: error.message || String(error) });
      return;
    }
    worker.addEventListener("error", (event) => {
      event.preventDefault();
      fail(`the calculator engine could not load (${event.message || "blocked or unsupported"})`, "engine.error.load", { detail: event.message || "blocked or unsupported" });
    });
    worker.addEventListener("message", (event) => {
      /** @type {EngineMessage} */
      const message = event.data;
      if (message.type === "formats") {
        formatsBuilt();
      } else if (message.type === "ready") {
        formatsBuilt();
        resources.push(...(message.resources || []));
        settled = true;
        clearTimeout(timer);
        timings.ready = performance.now();
        handle.start = message.start; // how Pyodide started: "snapshot", or "plain" and why
        const offset = (message.timings ? message.timings.timeOrigin : 0) - performance.timeOrigin;
        for (const [name, value] of Object.entries(message.timings || {})) {
          if (name !== "timeOrigin") timings[name] = value + offset;
        }
        resolve(message.versions);
      } else if (message.type === "failed") {
        // The worker has stopped on its own: it is let go a moment later, not at once, so that
        // the browser still sends what it reports (a blocked WebAssembly compile, to the site's
        // CSP report address), which it may drop with a worker ended at once (seen once, under load).
        const stopped = worker;
        worker = undefined;
        setTimeout(() => stopped.terminate(), FAILED_WORKER_GRACE_MS);
        fail(`the calculator engine could not load (${message.message})`, "engine.error.load", { detail: message.message });
      } else if (message.type === "reply" && pending.has(message.id)) {
        pending.get(message.id).resolve(message.json === undefined ? message.reply : parsed(message.json));
        pending.delete(message.id);
      }
    });
    worker.postMessage(init);
  });
  ready.catch(() => {}); // callers handle it; avoid an unhandled rejection
  /** @type {EngineHandle["call"]} */
  const call = async (fn, args = {}) => {
    await ready;
    return new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      /** @type {EngineCall} */
      const request = { type: "call", id, fn, args };
      worker.postMessage(request);
    });
  };
  /** @type {EngineHandle} */
  const handle = {
    ready, call, timings, start: null, formats,
    get formatsReady() {
      return formatsReady;
    },
  };
  claims.set(handle, (calculator) => {
    claimed = true;
    // After the first results, when the page is idle (or within 5 s).
    ready.then(() => whenIdle(() => keepForOffline(calculator, resources)), () => {});
    if (failedUnclaimed && engine === handle) engine = null;
    if (!settled && calculator.dataset.engineTimeout) arm(Number(calculator.dataset.engineTimeout));
  });
  return handle;
}


// Once a calculator's engine is ready: register the site's service worker (sw.js, written by the
// build) and hand it every file this page and the engine's worker used, which it keeps, so this
// calculator also works offline next time. Files fetched from now on pass through it anyway.
// Without service workers (an old or locked-down browser, plain http) nothing changes.
function keepForOffline(calculator, workerFiles) {
  const script = calculator.dataset.engineOffline;
  if (!script || !("serviceWorker" in navigator)) return;
  const scriptURL = absolute(script);
  const urls = [
    location.href,
    ...performance.getEntriesByType("resource").map((entry) => entry.name),
    ...workerFiles,
  ];
  // data-offline="kept" on the calculator once the worker holds them all.
  const kept = (event) => {
    if (event.data && event.data.type === "kept") {
      calculator.dataset.offline = "kept";
      navigator.serviceWorker.removeEventListener("message", kept);
    }
  };
  navigator.serviceWorker.addEventListener("message", kept);
  navigator.serviceWorker
    .register(scriptURL, { scope: new URL("./", scriptURL).pathname })
    .then(() => navigator.serviceWorker.ready)
    .then((registration) => registration.active.postMessage({ type: "keep", urls }))
    .catch(() => navigator.serviceWorker.removeEventListener("message", kept)); // no offline copy
}

// Start the engine if it is not running: from an element carrying the data-engine-* attributes
// (a calculator root, or the <meta name="playbook-engine"> of a calculator page's <head>).
export function startEngine(source) {
  if (!engine) engine = createEngine(source);
  return engine;
}

// The engine for a calculator root: the running one (started early or by another calculator
// page), or a new one.
/**
 * @param {HTMLElement} root
 * @returns {EngineHandle}
 */
export function getEngine(root) {
  const handle = startEngine(root);
  claims.get(handle)(root);
  return handle;
}

export { EngineError };

// Imported on a calculator page: start at once, from the page's <meta>.
const early = document.querySelector('meta[name="playbook-engine"][data-engine-pyodide]');
if (early) startEngine(early);
