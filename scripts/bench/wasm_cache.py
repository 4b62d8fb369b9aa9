"""Whether Chromium's cache of compiled WebAssembly works here: a bare WebAssembly file, compiled
by streaming twice in one on-disk profile (on a page and in a module worker), and the engine's
own page visited twice; each time as Chromium ships and with V8's caching delay turned off.

Chromium caches compiled WebAssembly only when V8 says a chunk of TurboFan code can be
serialized: once 1 MB of it has been compiled since the last chunk, or a while (2 s) after a
smaller batch (``--wasm-caching-timeout-ms``). A Chromium trace shows both ends: V8 writing the
cache (``v8.wasm.cachedModule``) and reading it (``v8.wasm.moduleCacheHit``)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from browser import ENGINE_TIMINGS, PROBES, READY_PROBE, chromium, wait_for
from figures import report

from tests.browser.conftest import CHROMIUM_ARGS
from tests.conftest import serve

IMMUTABLE = {"Cache-Control": "public, max-age=31536000, immutable"}
# V8's caching delay off: a chunk is cached as soon as it is compiled (a diagnosis, not what a
# reader's browser does).
NO_DELAY = ["--js-flags=--wasm-caching-timeout-ms=0"]
WRITTEN, READ = "v8.wasm.cachedModule", "v8.wasm.moduleCacheHit"
SPIN_MS = 1500  # hot loops, so that functions tier up to TurboFan
LINGER_MS = 5000  # after them: longer than V8's 2 s caching delay


def _leb(n: int) -> bytes:
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _vec(items: list[bytes]) -> bytes:
    return _leb(len(items)) + b"".join(items)


def bare_module(functions: int = 60, unrolled: int = 40) -> bytes:
    """A WebAssembly module (hand-assembled: no toolchain) of ``functions`` hot loops,
    ``f_k(n)``: n rounds of ``unrolled`` multiply-xor-add steps, and ``run(n)``, the sum of all.
    About 34 kB; each loop reaches TurboFan within a second of calls."""
    get0, get1, set0, set1 = b"\x20\x00", b"\x20\x01", b"\x21\x00", b"\x21\x01"
    bodies = []
    for k in range(functions):
        code = bytearray(b"\x02\x40\x03\x40" + get0 + b"\x45\x0d\x01")  # block loop; n==0: out
        for j in range(unrolled):  # acc = (acc * c) ^ n + j + 1 (constants below 64: one byte)
            code += get1 + b"\x41" + bytes([(k + j) % 60 + 3]) + b"\x6c" + get0 + b"\x73"
            code += b"\x41" + bytes([j % 60 + 1]) + b"\x6a" + set1
        code += get0 + b"\x41\x01\x6b" + set0 + b"\x0c\x00\x0b\x0b" + get1 + b"\x0b"
        body = _vec([_leb(1) + b"\x7f"]) + bytes(code)  # one i32 local: acc
        bodies.append(_leb(len(body)) + body)
    run = bytearray(b"\x41\x00")
    for k in range(functions):
        run += get0 + b"\x10" + _leb(k) + b"\x6a"
    body = _vec([]) + bytes(run + b"\x0b")
    bodies.append(_leb(len(body)) + body)

    def section(kind: int, payload: bytes) -> bytes:
        return bytes([kind]) + _leb(len(payload)) + payload

    return (
        b"\x00asm\x01\x00\x00\x00"
        + section(1, _vec([b"\x60" + _vec([b"\x7f"]) + _vec([b"\x7f"])]))  # (i32) -> i32
        + section(3, _vec([_leb(0)] * (functions + 1)))
        + section(7, _vec([_vec([b"r", b"u", b"n"]) + b"\x00" + _leb(functions)]))
        + section(10, _vec(bodies))
    )


def traced_visit(context, url: str, ready: str, linger_ms: int) -> tuple[dict, dict]:
    """Open ``url``, wait for ``ready`` (a JS expression), stay ``linger_ms``; returns what the
    page's ``window.__wasmDone`` or the engine's timings hold, and the code-cache trace events
    counted by name."""
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    events: list[dict] = []
    done: list[bool] = []
    cdp.on("Tracing.dataCollected", lambda message: events.extend(message["value"]))
    cdp.on("Tracing.tracingComplete", lambda _: done.append(True))
    categories = ["disabled-by-default-devtools.timeline", "v8.wasm"]
    cdp.send(
        "Tracing.start",
        {"traceConfig": {"includedCategories": categories}, "transferMode": "ReportEvents"},
    )
    page.goto(url)
    wait_for(page, ready)
    result = page.evaluate("window.__wasmDone || null") or page.evaluate(ENGINE_TIMINGS)
    page.wait_for_timeout(linger_ms)
    cdp.send("Tracing.end")
    while not done:
        page.wait_for_timeout(100)
    page.close()
    counts = {name: sum(1 for e in events if e.get("name") == name) for name in (WRITTEN, READ)}
    return result, counts


def twice(playwright, url: str, ready: str, flags: list[str], linger_ms: int) -> list[tuple]:
    """Two visits of ``url`` in one fresh on-disk profile (a code cache needs a disk cache)."""
    folder = tempfile.mkdtemp(prefix="playbook-bench-wasm-")
    context = playwright.chromium.launch_persistent_context(
        folder, executable_path=chromium(), args=CHROMIUM_ARGS + flags, headless=True
    )
    try:
        context.add_init_script(READY_PROBE)
        return [traced_visit(context, url, ready, linger_ms) for _ in range(2)]
    finally:
        context.close()
        shutil.rmtree(folder, ignore_errors=True)


def verdict(visits: list[tuple]) -> str:
    (_, first), (_, second) = visits
    written = "yes" if first[WRITTEN] else "no"
    read = "yes" if second[READ] else "no"
    return f"written on visit 1: {written}; read on visit 2: {read}"


def bench_wasm_cache(base: str | None) -> None:
    """The bare file on a page and in a worker, and the engine's page at ``base`` (if given),
    each as Chromium ships and with V8's caching delay off."""
    from playwright.sync_api import sync_playwright

    print("compiled WebAssembly cache (Chromium)", flush=True)
    with tempfile.TemporaryDirectory(prefix="playbook-bench-wasm-site-") as name:
        folder = Path(name)
        (folder / "m.wasm").write_bytes(bare_module())
        for probe in ("wasm-cache.html", "wasm-cache.js", "wasm-cache-worker.js"):
            shutil.copy(PROBES / probe, folder / probe)
        url, server = serve(folder, IMMUTABLE)
        try:
            with sync_playwright() as p:
                for where in ("page", "worker"):
                    for flags, how in ((NO_DELAY, "V8's caching delay off"), ([], "as shipped")):
                        page = f"{url}wasm-cache.html?where={where}&spin={SPIN_MS}"
                        visits = twice(p, page, "!!window.__wasmDone", flags, LINGER_MS)
                        report(
                            f"compiled wasm cache, bare 34 kB file on a {where}, {how}",
                            verdict(visits),
                            "",
                            note="streaming compile, then hot loops for "
                            f"{SPIN_MS} ms (they reach TurboFan) and {LINGER_MS} ms idle; "
                            "a trace of each visit",
                        )
                if base:
                    calc = base + "calculators/assessment/"
                    for flags, how in ((NO_DELAY, "V8's caching delay off"), ([], "as shipped")):
                        visits = twice(p, calc, "window.__engineReadyAt !== null", flags, 3000)
                        ready = " → ".join(f"{v[0]['dataReady']:.0f}" for v in visits)
                        report(
                            f"compiled wasm cache, the engine's page, {how}",
                            verdict(visits),
                            "",
                            note=f"engine ready, visits 1 → 2: {ready} ms; 3 s on each page "
                            "after ready",
                        )
        finally:
            server.shutdown()
            server.server_close()
