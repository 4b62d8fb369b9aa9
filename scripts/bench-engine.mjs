// Times requests to the built site's calculators wheel under the real npm Pyodide in Node, loaded
// the way the browser worker loads it (the site's engine-wheel.js checks it against the lock file
// and puts it on sys.path; configure imports the ROI modules, as the ROI page's worker does).
//
// usage: node scripts/bench-engine.mjs SITE_DIR LOCK_PATH RUBRICS_PATH REQUEST_JSON REPEATS
// prints {"startup_ms": ..., "ms": [...], "ok": true} as one JSON line.
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";

const [siteDir, lockPath, rubricsPath, requestPath, repeats] = process.argv.slice(2);
const started = performance.now();
const require = createRequire(join(process.cwd(), "package.json"));
const { loadPyodide } = await import(require.resolve("pyodide/pyodide.mjs"));
const lockFile = resolve(siteDir, lockPath);
const lock = JSON.parse(readFileSync(lockFile, "utf8"));
const { wheelEntry, installWheel } = await import(
  pathToFileURL(resolve(siteDir, "assets/javascripts/engine-wheel.js")).href
);
const pyodide = await loadPyodide({ lockFileContents: lock, stdout: () => {} });
const entry = wheelEntry(lock, Object.keys(lock.packages)[0]);
installWheel(pyodide, entry, new Uint8Array(readFileSync(join(dirname(lockFile), entry.file_name))));
const browser = pyodide.pyimport("calculators._browser");
browser.configure(readFileSync(resolve(siteDir, rubricsPath), "utf8"), ["roi"]);
const startup = performance.now() - started;
const request = readFileSync(requestPath, "utf8");
const ms = [];
let ok = true;
for (let i = 0; i < Number(repeats); i++) {
  const t = performance.now();
  const reply = browser.handle(request);
  ms.push(performance.now() - t);
  ok = ok && JSON.parse(reply).ok;
}
process.stdout.write(JSON.stringify({ startup_ms: startup, ms, ok }) + "\n");
