// The bench's bare WebAssembly probe (wasm_cache.py), on a page or in a module worker: compile
// m.wasm by streaming (the only way Chromium caches compiled code), then run its hot loops for
// `spin` ms so that dynamic tiering sends them to TurboFan (only TurboFan code is cached), and
// keep the module alive (a collected module is never cached).
export async function compileAndSpin(params) {
  const { instance, module } = await WebAssembly.instantiateStreaming(fetch("m.wasm"));
  globalThis.__kept = { instance, module };
  const end = performance.now() + Number(params.get("spin") || 0);
  let calls = 0;
  while (performance.now() < end) {
    instance.exports.run(2000);
    calls += 1;
  }
  return { calls };
}
