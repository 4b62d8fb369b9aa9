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
// The name under which a snapshot made with the calculators loaded (scripts/pyodide-snapshot.mjs)
// keeps, in Python's __main__, the sha256 of the wheel it holds.
export const SNAPSHOT_WHEEL = "PLAYBOOK_SNAPSHOT_WHEEL";

// Start Pyodide: from `snapshot` (a promise of the unzipped snapshot's bytes; see
// scripts/pyodide-snapshot.mjs) if it comes, restores and holds the calculators wheel whose
// sha256 is `wheelSha256` (a string or a promise of one: the lock file's), else the plain way.
// `snapshotOptions` go to the snapshot start only (the standard library it is given, `stdLibURL`:
// the small one the build made beside the snapshot). Resolves to { pyodide, start }: start is
// "snapshot", or "plain" with the reason (`plainReason`, given when there is no snapshot to
// try). A runtime file that cannot be fetched fails either way. Started from the snapshot, the
// calculators are already imported: installWheel still writes the wheel back (the snapshot
// holds no files) and checks it.
export async function startPyodide(
  loadPyodide,
  options,
  snapshot,
  plainReason = "",
  wheelSha256 = null,
  snapshotOptions = {},
) {
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
      const pyodide = await loadPyodide({ ...options, ...snapshotOptions, _loadSnapshot: once });
      const held = pyodide.globals.get(SNAPSHOT_WHEEL);
      const expected = await wheelSha256;
      if (typeof held !== "string" || held !== expected) {
        // Another build's calculators (or none): not one line of them may run here.
        throw new Error(
          typeof held === "string"
            ? `it holds another calculators wheel (${held.slice(0, 12)}…, the lock file names ` +
                `${String(expected).slice(0, 12)}…)`
            : "it holds no calculators wheel",
        );
      }
      return { pyodide, start: "snapshot" };
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
        "    if path not in sys.path:  # started from a snapshot: already there",
        "        sys.path.insert(0, path)",
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
