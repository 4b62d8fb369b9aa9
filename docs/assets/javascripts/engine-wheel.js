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

// The snapshot file, as scripts/pyodide-snapshot.mjs writes it: a header of 32-bit words
// (little-endian) [SNAPSHOT_MAGIC, header bytes, memory bytes, span, checksum], then Pyodide's
// memory snapshot (`memory bytes` of it), whose memory holds, in its first `span` bytes, their
// XOR with what the WebAssembly file's own data puts there when Pyodide's module is made, before
// any of its code runs (the static data, about 3 MB, most of it unchanged at the snapshot):
// those bytes are then zeros, which gzip squeezes to nothing (the gzipped file 1.5 MB smaller).
// `checksum` (see checksum()) is that of the span as it is to be restored, checked before
// Pyodide reads it: a module whose data is not the build's is refused.
export const SNAPSHOT_MAGIC = 0x4e534250; // "PBSN"

// FNV-1a over the 32-bit words of `bytes` (4-byte aligned, a multiple of 4 long).
export function checksum(bytes) {
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  let hash = 0x811c9dc5;
  for (let i = 0; i < words.length; i++) hash = Math.imul(hash ^ words[i], 0x01000193);
  return hash >>> 0;
}

// XOR `heap` (4-byte aligned) with `pristine`, as long as `pristine` is: packs a snapshot's
// memory (the build) and unpacks it (the restore) alike.
export function xorPristine(heap, pristine) {
  const a = new Uint32Array(heap.buffer, heap.byteOffset, pristine.length / 4);
  const b = new Uint32Array(pristine.buffer, pristine.byteOffset, pristine.length / 4);
  for (let i = 0; i < b.length; i++) a[i] ^= b[i];
}

// Make Pyodide's module with `create` (pyodide.asm.mjs's default export) and `settings`, as
// Pyodide would, and keep the first `span` bytes of its memory as its WebAssembly instance
// starts with them (its data segments), before any of its code runs: { module, pristine }.
// Pyodide only logs a WebAssembly file it could not fetch or compile, and its module is then
// never made: that failure is watched for here, and rejects (with `runtime` set on the error).
export async function makeModule(create, settings, span) {
  const instantiate = settings.instantiateWasm;
  if (typeof instantiate !== "function") throw new Error("this Pyodide makes its module another way");
  let pristine = null;
  settings.instantiateWasm = (imports, receive) =>
    instantiate(imports, (instance, module) => {
      const memory = instance.exports.memory || imports.env.memory;
      pristine = new Uint8Array(memory.buffer, 0, span).slice();
      return receive(instance, module);
    });
  const wasm = globalThis.WebAssembly;
  const { instantiate: fromBytes, instantiateStreaming: fromStream } = wasm;
  let fail = () => {};
  const failed = new Promise((_, reject) => {
    fail = (error) => {
      const why = new Error(`Pyodide's WebAssembly could not be loaded: ${error && error.message ? error.message : error}`);
      reject(Object.assign(why, { runtime: true }));
    };
  });
  const watched = (original) =>
    function (...args) {
      const made = original.apply(wasm, args);
      made.catch(fail);
      return made;
    };
  wasm.instantiate = watched(fromBytes);
  if (fromStream) wasm.instantiateStreaming = watched(fromStream);
  try {
    const module = await Promise.race([create(settings), failed]);
    if (!pristine) throw new Error("Pyodide made its module without showing its memory");
    return { module, pristine };
  } finally {
    wasm.instantiate = fromBytes;
    if (fromStream) wasm.instantiateStreaming = fromStream;
  }
}

// Where Pyodide's snapshot keeps the memory (after its own header, whose second word says where).
export function snapshotHeap(memory) {
  return memory.subarray(new DataView(memory.buffer, memory.byteOffset, 8).getUint32(4, true));
}

// The snapshot file from `stream` (its unzipped bytes): resolves as soon as its header is in, to
// { file, arrived }: `file` the whole file's buffer, which fills as the rest arrives, `arrived` a
// promise that resolves once it is full (and rejects if the stream fails or ends short).
// Pyodide needs only the memory's size to begin: it compiles and makes its module meanwhile.
export async function readSnapshot(stream) {
  const reader = stream.getReader();
  let head = new Uint8Array(0);
  while (head.length < 12) {
    const { done, value } = await reader.read();
    if (done) throw new Error("the snapshot file ends in its header");
    const more = new Uint8Array(head.length + value.length);
    more.set(head);
    more.set(value, head.length);
    head = more;
  }
  const view = new DataView(head.buffer, 0, 12);
  if (view.getUint32(0, true) !== SNAPSHOT_MAGIC) throw new Error("it is not this site's snapshot file");
  const file = new Uint8Array(view.getUint32(4, true) + view.getUint32(8, true));
  if (head.length > file.length) throw new Error("the snapshot file is longer than its header says");
  file.set(head);
  let filled = head.length;
  const arrived = (async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (filled + value.length > file.length) throw new Error("the snapshot file is longer than its header says");
      file.set(value, filled);
      filled += value.length;
    }
    if (filled !== file.length) throw new Error(`the snapshot file is cut short (${filled} of ${file.length} bytes)`);
  })();
  arrived.catch(() => {}); // the restore awaits it, and reports it
  return { file, arrived };
}

// The parts of a snapshot file (see SNAPSHOT_MAGIC).
function snapshotParts(file) {
  const words = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const word = (n) => words.getUint32(4 * n, true);
  return { memory: file.subarray(word(1), word(1) + word(2)), span: word(3), checksum: word(4) };
}

// Start Pyodide: from `snapshot` (a promise of readSnapshot()'s result; see
// scripts/pyodide-snapshot.mjs) if it comes, restores and holds the calculators wheel whose
// sha256 is `wheelSha256` (a string or a promise of one: the lock file's), else the plain way.
// `options.indexURL` is needed for the snapshot start. `snapshotOptions` go to the snapshot
// start only (the standard library it is given, `stdLibURL`: the small one the build made
// beside the snapshot). Resolves to { pyodide, start }: start is "snapshot", or "plain" with
// the reason (`plainReason`, given when there is no snapshot to try). A runtime file that
// cannot be fetched fails either way. Started from the snapshot, the calculators are already
// imported: installWheel still writes the wheel back (the snapshot holds no files) and checks it.
export async function startPyodide(
  loadPyodide,
  options,
  snapshot,
  plainReason = "",
  wheelSha256 = null,
  snapshotOptions = {},
) {
  if (snapshot) {
    // Pyodide keeps its options for good: it gets the snapshot's 31 MB through a one-shot
    // thenable, and the module maker below lets go of them once it has used them.
    let pending = snapshot;
    let parts = null;
    const once = {
      then(resolve, reject) {
        const source = pending;
        pending = null;
        if (!source) return reject(new Error("the snapshot was already used"));
        return source
          .then(({ file, arrived }) => {
            parts = { ...snapshotParts(file), arrived };
            return parts.memory; // Pyodide reads its size now, its bytes once restoring
          })
          .then(resolve, reject);
      },
    };
    // Pyodide's own module maker, imported at once; the memory's first part is unpacked once
    // the module is made (compiled while the snapshot downloads) and the snapshot has arrived.
    const factory = import(`${options.indexURL}pyodide.asm.mjs`);
    factory.catch(() => {}); // the snapshot start reports it
    const createPyodideModule = async (settings) => {
      const mine = parts;
      parts = null;
      if (!mine) throw new Error("the snapshot was already used");
      const { module, pristine } = await makeModule((await factory).default, settings, mine.span);
      await mine.arrived;
      const heap = snapshotHeap(mine.memory);
      xorPristine(heap, pristine);
      if (checksum(heap.subarray(0, mine.span)) !== mine.checksum) {
        throw new Error("it was made for another Pyodide (its static memory does not match)");
      }
      return module;
    };
    try {
      const pyodide = await loadPyodide({
        ...options,
        ...snapshotOptions,
        _loadSnapshot: once,
        createPyodideModule,
      });
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
      if (error && error.runtime) throw error; // the plain start needs the same runtime
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
