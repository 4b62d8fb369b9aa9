// Runs the built site's calculators wheel under the real npm Pyodide in Node, the way the
// browser worker does: Pyodide's loadPackage installs it from the site's pyodide-lock.json
// (checking its sha256), then every request line is passed to calculators._browser.handle.
//
// usage: node run_engine.mjs SITE_DIR LOCK_PATH RUBRICS_PATH REQUESTS_JSONL
// prints one JSON reply per request line.
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { createRequire } from "node:module";

const [siteDir, lockPath, rubricsPath, requestsPath] = process.argv.slice(2);
const require = createRequire(join(process.cwd(), "package.json"));
const { loadPyodide } = await import(require.resolve("pyodide/pyodide.mjs"));

const lockFile = resolve(siteDir, lockPath);
const lock = JSON.parse(readFileSync(lockFile, "utf8"));
const pyodide = await loadPyodide({
  lockFileContents: lock,
  packageBaseUrl: dirname(lockFile) + "/",
  stdout: () => {},
});
const [name] = Object.keys(lock.packages);
await pyodide.loadPackage(name, { messageCallback: () => {} });
const browser = pyodide.pyimport("calculators._browser");
const configured = JSON.parse(browser.configure(readFileSync(resolve(siteDir, rubricsPath), "utf8")));
if (!configured.ok) throw new Error("configure failed");
process.stdout.write(JSON.stringify({ python: pyodide.runPython("import sys; sys.version.split()[0]") }) + "\n");
for (const line of readFileSync(requestsPath, "utf8").split("\n")) {
  if (line.trim()) process.stdout.write(browser.handle(line) + "\n");
}
