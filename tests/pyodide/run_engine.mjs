// Runs the built site's calculators wheel under the real npm Pyodide in Node, the way the
// browser worker does: the site's own engine-wheel.js checks the wheel against the sha256 in
// the site's pyodide-lock.json and puts it on sys.path, then every request line is passed to
// calculators._browser.handle.
//
// usage: node run_engine.mjs SITE_DIR LOCK_PATH RUBRICS_PATH REQUESTS_JSONL [CALCULATORS]
//        [SNAPSHOT_PATH] [STDLIB_PATH]
// prints a header line, then one JSON reply per request line (CALCULATORS: the page's,
// comma-separated, as the worker passes them to configure; SNAPSHOT_PATH: the site's gzipped
// Pyodide snapshot, to start from it as the worker does; STDLIB_PATH: the standard library's zip
// the snapshot start is given, as the worker gives it the site's small one; none: Pyodide's
// whole one). The header holds Python's version,
// how Pyodide started (engine-wheel.js's startPyodide, as in the worker), whether Pyodide still
// holds the snapshot's bytes, which calculators modules the started Python held before the
// wheel was installed, and one draw of the module-level `random` after configure.
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { createRequire } from "node:module";
import { gunzipSync } from "node:zlib";
import { pathToFileURL } from "node:url";

const [siteDir, lockPath, rubricsPath, requestsPath, calculators = "", snapshotPath = "", stdlibPath = ""] =
  process.argv.slice(2);
const require = createRequire(join(process.cwd(), "package.json"));
const { loadPyodide } = await import(require.resolve("pyodide/pyodide.mjs"));
const { wheelEntry, installWheel, startPyodide, readSnapshot } = await import(
  pathToFileURL(resolve(siteDir, "assets/javascripts/engine-wheel.js")).href
);

const lockFile = resolve(siteDir, lockPath);
const lock = JSON.parse(readFileSync(lockFile, "utf8"));
const snapshot = snapshotPath
  ? Promise.resolve().then(() => readSnapshot(new Blob([gunzipSync(readFileSync(resolve(siteDir, snapshotPath)))]).stream()))
  : null;
const [name] = Object.keys(lock.packages);
const entry = wheelEntry(lock, name);
const { pyodide, start } = await startPyodide(
  loadPyodide,
  { indexURL: dirname(require.resolve("pyodide/pyodide.mjs")) + "/", lockFileContents: lock, stdout: () => {} },
  snapshot,
  "",
  entry.sha256,
  stdlibPath ? { stdLibURL: resolve(siteDir, stdlibPath) } : {},
);
// Which calculators modules Python holds before the wheel is installed (a snapshot's).
const preloaded = pyodide.runPython(
  "import sys, json; json.dumps(sorted(m for m in sys.modules if m.startswith('calculators')))",
);
// Does Pyodide still hold the snapshot's bytes in its kept options? (It should not.)
let snapshotKept = false;
try {
  const kept = await pyodide._api.config._loadSnapshot;
  snapshotKept = Boolean(kept && kept.length);
} catch {
  snapshotKept = false;
}
installWheel(pyodide, entry, new Uint8Array(readFileSync(join(dirname(lockFile), entry.file_name))));
const browser = pyodide.pyimport("calculators._browser");
const rubrics = readFileSync(resolve(siteDir, rubricsPath), "utf8");
const configured = JSON.parse(browser.configure(rubrics, calculators.split(",").filter(Boolean)));
if (!configured.ok) throw new Error("configure failed");
process.stdout.write(
  JSON.stringify({
    python: pyodide.runPython("import sys; sys.version.split()[0]"),
    start,
    snapshotKept,
    preloaded: JSON.parse(preloaded),
    random: pyodide.runPython("import random; random.random()"),
  }) + "\n",
);
// A line {"python": CODE} is no request: CODE's value, run in Python's __main__, as
// {"ok": true, "value": ...} (the tests' look inside the engine).
for (const line of readFileSync(requestsPath, "utf8").split("\n")) {
  if (!line.trim()) continue;
  const { python } = JSON.parse(line);
  const reply = python === undefined ? browser.handle(line) : JSON.stringify({ ok: true, value: pyodide.runPython(python) });
  process.stdout.write(reply + "\n");
}
