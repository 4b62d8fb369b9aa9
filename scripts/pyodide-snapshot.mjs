// Writes a memory snapshot of Pyodide with the calculators already loaded: the interpreter
// started, the site's calculators wheel checked and on sys.path, every module a calculator page
// needs imported (calculators._browser._NEEDS, all of them) and the rubric bundle configured
// once (then let go: the worker configures the page's own). The calculators' worker restores it
// instead of starting the interpreter and importing the calculators (about two seconds of a cold
// start). The build (hooks/_engine.py) runs this once per Pyodide version, wheel and rubric
// bundle, and gzips the result.
//
// usage: node pyodide-snapshot.mjs PYODIDE_DIR OUT_FILE ENGINE_WHEEL_JS LOCK_FILE RUBRICS_FILE
//        STDLIB_PY MEMBERS_FILE
// STDLIB_PY: hooks/_stdlib.py, run here once the snapshot is taken; MEMBERS_FILE: where to write
// (as JSON) the members of the standard library's zip that the restored Python may still import,
// from which the build writes the small zip that the snapshot start is given.
//
// What the restored process holds, and what the worker does about it (engine-wheel.js):
// - the sha256 of the wheel it holds, in Python's __main__ as PLAYBOOK_SNAPSHOT_WHEEL: the worker
//   uses the snapshot only if that is the sha256 its lock file names, and starts the plain way
//   otherwise, so a changed wheel never runs unchecked;
// - no files: Pyodide's in-memory file system is not in the snapshot. The worker writes the wheel
//   back where it was (after checking it again), so that a module imported on first use (the
//   ROI page's A/B helper) is found in it; Pyodide writes the standard library's zip, the small
//   one (see above). Python's importers hold no zip's table of contents (dropped before the
//   snapshot): each zip's is read again, from the file then there, at its first import;
// - this one start's `random` state and string-hash secret: calculators._browser.configure,
//   which the worker calls again with the page's rubrics, reseeds `random` from the browser;
//   the hash secret guards nothing in a reader's own tab;
// - its free memory zeroed (zeroFreeMemory below), so that gzip squeezes it.
import { readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [pyodideDir, outFile, wheelTools, lockFile, rubricsFile, stdlibScript, membersFile] = process.argv.slice(2);
if (!pyodideDir || !outFile || !wheelTools || !lockFile || !rubricsFile || !stdlibScript || !membersFile) {
  console.error(
    "usage: node pyodide-snapshot.mjs PYODIDE_DIR OUT_FILE ENGINE_WHEEL_JS LOCK_FILE RUBRICS_FILE STDLIB_PY MEMBERS_FILE",
  );
  process.exit(2);
}

// Python's free memory, zeroed: freed memory keeps what it last held (the parsed rubrics, the
// start-up's garbage), which gzip cannot squeeze; zeros it can (measured: the gzipped snapshot
// 6.37 MB before, about 5.8 MB after). Pyodide's Python has no pymalloc (it is built
// --without-pymalloc): every Python object comes from the C library's malloc (dlmalloc), so
// claiming malloc's free memory, zeroing it and freeing it again reaches all of it. The memory
// must not grow (the snapshot is the whole memory): a block is claimed only when malloc cannot
// need more memory than there is for it, because it fits in the top chunk (mallinfo's keepcost)
// or the memory above the break (sbrk) has room for it and malloc's 64 kB step. Claimed from the
// largest size down, each size as often as it fits. Returns the bytes zeroed.
function zeroFreeMemory(module) {
  for (const name of ["_malloc", "_free", "_mallinfo", "_sbrk"]) {
    if (typeof module[name] !== "function") {
      throw new Error(`this Pyodide does not export ${name}: update zeroFreeMemory in scripts/pyodide-snapshot.mjs`);
    }
  }
  const before = module.HEAPU8.length;
  const info = module._malloc(64); // struct mallinfo: ten 32-bit fields, keepcost the last
  const topChunk = () => {
    module._mallinfo(info);
    return new Uint32Array(module.HEAPU8.buffer, info, 10)[9];
  };
  const aboveBreak = () => module.HEAPU8.length - module._sbrk(0);
  const blocks = [];
  let zeroed = 0;
  for (let size = 1 << 24; size >= 8; size = size > 64 ? Math.floor(size * 0.875) : size - 4) {
    // Large blocks leave 512 kB above the break for the small ones, which need 128 kB.
    const margin = size >= 4096 ? 512 << 10 : 128 << 10;
    while (topChunk() >= size + 64 || aboveBreak() >= size + margin) {
      const block = module._malloc(size);
      if (!block) break;
      module.HEAPU8.fill(0, block, block + size);
      blocks.push(block);
      zeroed += size;
    }
  }
  // Nothing lives above the break; a heap that shrank left old bytes there.
  const brk = module._sbrk(0);
  zeroed += module.HEAPU8.length - brk;
  module.HEAPU8.fill(0, brk, module.HEAPU8.length);
  for (const block of blocks.reverse()) module._free(block);
  module._free(info);
  if (module.HEAPU8.length !== before) {
    throw new Error(`zeroing the free memory grew it from ${before} to ${module.HEAPU8.length} bytes`);
  }
  return zeroed;
}

// The first `span` bytes of a Pyodide module's memory as its WebAssembly instance starts with
// them, for a snapshot of `size` bytes (engine-wheel.js's makeModule, as the worker's restore
// sees them): the restore is stopped there.
async function pristineMemory(size, span) {
  const create = (await import(pathToFileURL(resolve(pyodideDir, "pyodide.asm.mjs")).href)).default;
  const stop = new Error("made");
  let pristine = null;
  const createPyodideModule = async (settings) => {
    pristine = (await makeModule(create, settings, span)).pristine;
    throw stop;
  };
  try {
    await loadPyodide({ _loadSnapshot: new Uint8Array(size), createPyodideModule, env: {}, stdout: () => {}, lockFileContents: lock });
  } catch (error) {
    if (error !== stop) throw error;
  }
  return pristine;
}

// The snapshot file (see SNAPSHOT_MAGIC in engine-wheel.js). The span: the memory up to the
// first whole MiB that the pristine memory leaves zero (the WebAssembly file's data, about 3 MB).
async function packSnapshot(memory) {
  const MiB = 1 << 20;
  const heap = snapshotHeap(memory);
  const whole = await pristineMemory(memory.length, heap.length);
  let span = MiB;
  while (span < whole.length && whole.subarray(span, span + MiB).some((byte) => byte !== 0)) span += MiB;
  const pristine = whole.subarray(0, span);
  // It is the same for every module made (or the restore could not count on it).
  const again = await pristineMemory(memory.length, span);
  if (checksum(again) !== checksum(pristine)) throw new Error("two Pyodide modules start with different memories");
  const sum = checksum(heap.subarray(0, span));
  xorPristine(heap, pristine);
  const words = [SNAPSHOT_MAGIC, 16 * 2, memory.length, span, sum];
  const file = new Uint8Array(words[1] + memory.length);
  const view = new DataView(file.buffer);
  words.forEach((word, n) => view.setUint32(4 * n, word, true));
  file.set(memory, words[1]);
  return file;
}

const { loadPyodide } = await import(pathToFileURL(resolve(pyodideDir, "pyodide.mjs")).href);
const { wheelEntry, installWheel, SNAPSHOT_WHEEL, SNAPSHOT_MAGIC, checksum, makeModule, snapshotHeap, xorPristine } = await import(
  pathToFileURL(resolve(wheelTools)).href
);
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
    // The worker configures the page's own bundle after the restore: this one need not be kept.
    "_engine.configure('{}')",
    "del PLAYBOOK_RUBRICS, _engine",
    // The zips' tables of contents: read again at the first import after the restore, from the
    // zips then written (the small standard library, the wheel written back). (Not through
    // importlib.invalidate_caches(), which imports importlib.metadata and so reads the zip.)
    "import zipimport",
    "zipimport._zip_directory_cache.clear()",
  ].join("\n"),
);
pyodide.globals.set(SNAPSHOT_WHEEL, entry.sha256);
// The modules the snapshot holds (its standard library need not have them), and where the zips are.
const listed = pyodide.runPython(
  "import sys, json, calculators; json.dumps([sorted(sys.modules), json.__spec__.loader.archive, calculators.__spec__.loader.archive])",
);
const [held, stdlibPath, wheelPath] = JSON.parse(listed);
pyodide.runPython("import gc; gc.collect()");
const zeroed = zeroFreeMemory(pyodide._module);
writeFileSync(outFile, await packSnapshot(pyodide.makeMemorySnapshot()));
// Taking the snapshot read no zip (else its table of contents would be in the snapshot).
pyodide.runPython("import zipimport; assert not zipimport._zip_directory_cache, list(zipimport._zip_directory_cache)");
// Now that the snapshot is taken (this work is not in it): what the small standard library holds.
const tools = pyodide.globals.get("dict")();
tools.set("__name__", "_stdlib");
pyodide.runPython(readFileSync(stdlibScript, "utf8"), { globals: tools });
const members = tools.get("needed_members")(stdlibPath, wheelPath, pyodide.toPy(held)).toJs();
writeFileSync(membersFile, JSON.stringify(members));
console.log(JSON.stringify({ zeroed, held: held.length, members: members.length }));
