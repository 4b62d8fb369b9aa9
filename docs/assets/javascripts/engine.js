// One engine per browser tab: a module Web Worker running Pyodide and the calculators wheel.
// It survives Material's instant navigation, so a second calculator page reuses it.

const DEFAULT_TIMEOUT_MS = 60000;
let engine = null;

class EngineError extends Error {}

function absolute(url) {
  return new URL(url, document.baseURI).href;
}

function createEngine(root) {
  const timeoutMs = Number(root.dataset.engineTimeout || DEFAULT_TIMEOUT_MS);
  const pending = new Map();
  let nextId = 1;
  let worker;
  const ready = new Promise((resolve, reject) => {
    const fail = (why) => {
      clearTimeout(timer);
      if (worker) worker.terminate();
      engine = null; // the next calculator page (or a retry) starts afresh
      for (const { reject: r } of pending.values()) r(new EngineError(why));
      pending.clear();
      reject(new EngineError(why));
    };
    const timer = setTimeout(
      () => fail(`the calculator engine did not start within ${Math.round(timeoutMs / 1000)} seconds`),
      timeoutMs,
    );
    try {
      worker = new Worker(new URL("./engine-worker.js", import.meta.url), { type: "module" });
    } catch (error) {
      fail(`this browser cannot start the calculator engine (${error.message || error})`);
      return;
    }
    worker.addEventListener("error", (event) => {
      event.preventDefault();
      fail(`the calculator engine could not load (${event.message || "blocked or unsupported"})`);
    });
    worker.addEventListener("message", (event) => {
      const message = event.data;
      if (message.type === "ready") {
        clearTimeout(timer);
        resolve(message.versions);
      } else if (message.type === "failed") {
        fail(`the calculator engine could not load (${message.message})`);
      } else if (message.type === "reply" && pending.has(message.id)) {
        pending.get(message.id).resolve(message.reply);
        pending.delete(message.id);
      }
    });
    worker.postMessage({
      type: "init",
      pyodideURL: absolute(root.dataset.enginePyodide),
      lockURL: absolute(root.dataset.engineLock),
      packageName: root.dataset.enginePackage,
      rubricsURL: absolute(root.dataset.engineRubrics),
    });
  });
  ready.catch(() => {}); // callers handle it; avoid an unhandled rejection
  const call = async (fn, args = {}) => {
    await ready;
    return new Promise((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ type: "call", id, fn, args });
    });
  };
  return { ready, call };
}

export function getEngine(root) {
  if (!engine) engine = createEngine(root);
  return engine;
}

export { EngineError };
