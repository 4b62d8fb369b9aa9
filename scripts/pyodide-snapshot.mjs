// Writes a memory snapshot of Pyodide with the calculators already loaded: the interpreter
// started, the site's calculators wheel checked and on sys.path, every module a calculator page
// needs imported (calculators._browser._NEEDS, all of them) and the rubric bundle configured.
// The calculators' worker restores it instead of starting the interpreter and importing the
// calculators (about two seconds of a cold start). The build (hooks/_engine.py) runs this once per
// Pyodide version, wheel and rubric bundle, and gzips the result.
//
// usage: node pyodide-snapshot.mjs PYODIDE_DIR OUT_FILE ENGINE_WHEEL_JS LOCK_FILE RUBRICS_FILE
//
// What the restored process holds, and what the worker does about it (engine-wheel.js):
// - the sha256 of the wheel it holds, in Python's __main__ as PLAYBOOK_SNAPSHOT_WHEEL: the worker
//   uses the snapshot only if that is the sha256 its lock file names, and starts the plain way
//   otherwise, so a changed wheel never runs unchecked;
// - no files: Pyodide's in-memory file system is not in the snapshot. The worker writes the wheel
//   back where it was (after checking it again), so that a module imported on first use (the
//   ROI page's A/B helper) is found in it;
// - this one start's `random` state and string-hash secret: calculators._browser.configure,
//   which the worker calls again with the page's rubrics, reseeds `random` from the browser;
//   the hash secret guards nothing in a reader's own tab.
import { readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [pyodideDir, outFile, wheelTools, lockFile, rubricsFile] = process.argv.slice(2);
if (!pyodideDir || !outFile || !wheelTools || !lockFile || !rubricsFile) {
  console.error("usage: node pyodide-snapshot.mjs PYODIDE_DIR OUT_FILE ENGINE_WHEEL_JS LOCK_FILE RUBRICS_FILE");
  process.exit(2);
}
const { loadPyodide } = await import(pathToFileURL(resolve(pyodideDir, "pyodide.mjs")).href);
const { wheelEntry, installWheel, SNAPSHOT_WHEEL } = await import(pathToFileURL(resolve(wheelTools)).href);
const lock = JSON.parse(readFileSync(lockFile, "utf8"));
const pyodide = await loadPyodide({ _makeSnapshot: true, env: {}, stdout: () => {}, lockFileContents: lock });
// Node adds its own "_" (this script's path) to the environment; a browser start has none.
pyodide.runPython("import os; os.environ.pop('_', None)");
const entry = wheelEntry(lock, Object.keys(lock.packages)[0]);
const wheelFile = join(dirname(resolve(lockFile)), basename(entry.file_name));
installWheel(pyodide, entry, new Uint8Array(readFileSync(wheelFile)));
// Everything is passed as Python strings: no JavaScript object may stay referenced from Python.
pyodide.globals.set("PLAYBOOK_RUBRICS", readFileSync(rubricsFile, "utf8"));
pyodide.runPython(
  [
    "import calculators._browser as _engine",
    "_engine.configure(PLAYBOOK_RUBRICS, list(_engine.CALCULATORS))",
    "del PLAYBOOK_RUBRICS, _engine",
  ].join("\n"),
);
pyodide.globals.set(SNAPSHOT_WHEEL, entry.sha256);
writeFileSync(outFile, pyodide.makeMemorySnapshot());
