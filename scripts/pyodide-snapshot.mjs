// Writes a memory snapshot of a freshly started Pyodide: the calculators' worker restores it
// instead of running the interpreter's start-up (about a second and a half of a cold start).
// The build (hooks/_engine.py) runs this once per Pyodide version and gzips the result.
//
// usage: node pyodide-snapshot.mjs PYODIDE_DIR OUT_FILE
//
// The snapshot is Pyodide's memory after start-up and nothing more: no package, no file (the
// standard library and our wheel still come as files). It holds the interpreter's random state
// and string-hash secret of this one start; calculators._browser reseeds `random` when the
// engine starts, and the hash secret guards nothing in a reader's own tab.
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [pyodideDir, outFile] = process.argv.slice(2);
if (!pyodideDir || !outFile) {
  console.error("usage: node pyodide-snapshot.mjs PYODIDE_DIR OUT_FILE");
  process.exit(2);
}
const { loadPyodide } = await import(pathToFileURL(resolve(pyodideDir, "pyodide.mjs")).href);
const pyodide = await loadPyodide({ _makeSnapshot: true, env: {}, stdout: () => {} });
// Node adds its own "_" (this script's path) to the environment; a browser start has none.
pyodide.runPython("import os; os.environ.pop('_', None)");
writeFileSync(outFile, pyodide.makeMemorySnapshot());
