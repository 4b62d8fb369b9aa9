// Start Pyodide (from the build's memory snapshot when there is one) and put the calculators
// wheel into it, for the browser's worker (engine-worker.js) and for the Node tests
// (tests/pyodide/run_engine.mjs) alike.
//
// The wheel is checked against the sha256 that pyodide-build wrote into the site's
// pyodide-lock.json, then goes on sys.path as it is: Python imports from the zip (zipimport).
// Pyodide's loadPackage would unpack it and write its metadata first, which costs a tenth of a
// second of start-up and checks the hash only in browsers; this path does less and checks the
// hash everywhere, so a changed or damaged wheel never runs.

const FOLDER = "/lib/playbook-engine";

// Start Pyodide: from `snapshot` (a promise of the unzipped snapshot's bytes; see
// scripts/pyodide-snapshot.mjs) if it comes and restores, else the plain way. Resolves to
// { pyodide, start }: start is "snapshot", or "plain" with the reason (`plainReason`, given when
// there is no snapshot to try). A runtime file that cannot be fetched fails either way.
export async function startPyodide(loadPyodide, options, snapshot, plainReason = "") {
  if (snapshot) {
    // Pyodide keeps its options for good: hand it the 31 MB through a one-shot thenable, so
    // that nothing holds the bytes once they are in Pyodide's memory.
    let pending = snapshot;
    const once = {
      then(resolve, reject) {
        const bytes = pending;
        pending = null;
        return bytes ? bytes.then(resolve, reject) : reject(new Error("the snapshot was already used"));
      },
    };
    try {
      return { pyodide: await loadPyodide({ ...options, _loadSnapshot: once }), start: "snapshot" };
    } catch (error) {
      plainReason = `snapshot not used: ${error && error.message ? error.message : error}`;
    }
  }
  const start = plainReason ? `plain (${plainReason})` : "plain";
  return { pyodide: await loadPyodide(options), start };
}

// The lock file's entry for packageName (lock: the parsed pyodide-lock.json).
export function wheelEntry(lock, packageName) {
  const entry = lock && lock.packages ? lock.packages[packageName] : undefined;
  if (!entry || !entry.file_name || !entry.sha256) {
    throw new Error(`the lock file names no wheel for the package '${packageName}'`);
  }
  return entry;
}

// Check the wheel's bytes (a Uint8Array) against its entry, then make it importable.
export function installWheel(pyodide, entry, bytes) {
  const name = entry.file_name.split("/").pop();
  const path = `${FOLDER}/${name}`;
  pyodide.FS.mkdirTree(FOLDER);
  pyodide.FS.writeFile(path, bytes);
  // Hashed in Python (hashlib), not with crypto.subtle: that one is missing on pages served over
  // plain http from anywhere but localhost, and one path is one path to test.
  const scope = pyodide.toPy({ path, expected: entry.sha256 });
  let digest;
  try {
    digest = pyodide.runPython(
      [
        "import hashlib, os, sys",
        "with open(path, 'rb') as wheel:",
        "    digest = hashlib.sha256(wheel.read()).hexdigest()",
        "if digest == expected:",
        "    sys.path.insert(0, path)",
        "else:",
        "    os.remove(path)",
        "digest",
      ].join("\n"),
      { globals: scope },
    );
  } finally {
    scope.destroy();
  }
  if (digest !== entry.sha256) {
    throw new Error(
      `the calculators package did not install: ${name} does not match the sha256 in its lock ` +
        `file (got ${digest.slice(0, 12)}…, expected ${entry.sha256.slice(0, 12)}…), so it was ` +
        "changed or damaged on its way; reload the page, and if it persists the site needs rebuilding",
    );
  }
}
