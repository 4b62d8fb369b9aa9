// Times requests to the built site's calculators wheel under the real npm Pyodide in Node, loaded
// the way the browser worker loads it (Pyodide's loadPackage from the site's lock file).
//
// usage: node scripts/bench-engine.mjs SITE_DIR LOCK_PATH RUBRICS_PATH REQUEST_JSON REPEATS
// prints {"startup_ms": ..., "ms": [...], "ok": true} as one JSON line.
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";

const [siteDir, lockPath, rubricsPath, requestPath, repeats] = process.argv.slice(2);
const started = performance.now();
const require = createRequire(join(process.cwd(), "package.json"));
const { loadPyodide } = await import(require.resolve("pyodide/pyodide.mjs"));
const lockFile = resolve(siteDir, lockPath);
const lock = JSON.parse(readFileSync(lockFile, "utf8"));
const pyodide = await loadPyodide({ lockFileContents: lock, packageBaseUrl: dirname(lockFile) + "/", stdout: () => {} });
await pyodide.loadPackage(Object.keys(lock.packages)[0], { messageCallback: () => {} });
const browser = pyodide.pyimport("calculators._browser");
browser.configure(readFileSync(resolve(siteDir, rubricsPath), "utf8"));
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
