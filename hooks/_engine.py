"""The in-browser engine's files: the calculators wheel, its Pyodide lock file, the rubric JSON.

MkDocs-free, so tests call it directly. Every generated file name carries a content hash (or
the Pyodide version), so a static host can cache it for good and a change gets a new name.

- The wheel is built from ``calculators/`` by flit_core (pure Python, py3-none-any).
- ``pyodide lockfile add-wheels`` (pyodide-build) writes the wheel, with its sha256, into a
  minimal ``pyodide-lock.json`` that holds only our package. The worker (through
  ``docs/assets/javascripts/engine-wheel.js``) checks the wheel against that hash, then imports
  straight from the zip.
- The Pyodide core is copied from the pinned npm package under ``pyodide-<version>/``.
- Next to it, ``snapshot-<hash>.bin.gz``: Pyodide's memory with the calculators loaded (the
  wheel checked and on ``sys.path``, every module of ``calculators._browser._NEEDS`` imported,
  the rubric bundle configured), made by ``scripts/pyodide-snapshot.mjs`` in Node once per
  Pyodide version, wheel and rubric bundle; its name carries their hash. The worker restores it
  instead of starting the interpreter and importing the calculators, uses it only if it holds
  the wheel its lock file names, and starts the plain way if it cannot. A build with
  ``PLAYBOOK_SNAPSHOT=0`` (see :func:`snapshot_wanted`) has none.
- Beside it, ``python_stdlib-<the same hash>.zip``: the part of Pyodide's standard library that
  Python restored from that snapshot may still import (``hooks/_stdlib.py``; about 0.3 MB of
  the 2.5 MB zip), which the snapshot start is given instead of the whole one. The plain start
  keeps the whole ``python_stdlib.zip``.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from _stdlib import write_zip

ROOT = Path(__file__).resolve().parent.parent
PYODIDE_PACKAGE = ROOT / "node_modules" / "pyodide"
PYODIDE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip")
ENGINE_DIR = "assets/engine"
# Reproducible wheels: fixed zip timestamps, so the same sources give the same hash.
SOURCE_DATE_EPOCH = "1700000000"
# The rubrics the browser calculators read.
BROWSER_RUBRICS: tuple[str, ...] = ("maturity", "root_causes", "sprint", "operating_model", "kpis")
# The assessment's coverage reads the crosswalk and the references it names.
BROWSER_RUBRICS += ("crosswalk", "references", "nist_ai_rmf", "iso_42001", "eu_ai_act")


class EngineError(RuntimeError):
    """The engine files cannot be produced (missing npm package, failed wheel build)."""


@dataclass(frozen=True)
class Engine:
    """Where each engine file goes in the site (paths relative to the site root)."""

    pyodide_version: str
    pyodide_dir: str
    package_dir: str
    lock_file: str
    wheel_file: str
    wheel_path: Path
    lock_bytes: bytes
    package_name: str
    wheel_sha256: str

    def site_files(self) -> dict[str, Path | bytes]:
        """Site path -> the file to copy or the bytes to write."""
        out: dict[str, Path | bytes] = {
            f"{self.pyodide_dir}/{name}": PYODIDE_PACKAGE / name for name in PYODIDE_FILES
        }
        out[f"{self.package_dir}/{self.wheel_file}"] = self.wheel_path
        out[self.lock_file] = self.lock_bytes
        return out


def pyodide_version() -> str:
    """The installed npm Pyodide's version; it must be the one package.json pins."""
    try:
        installed = json.loads((PYODIDE_PACKAGE / "package.json").read_text())["version"]
    except FileNotFoundError:
        raise EngineError(
            "node_modules/pyodide is missing: run `make build` (or `npm ci`) to install the pinned npm packages"
        ) from None
    pinned = json.loads((ROOT / "package.json").read_text())["dependencies"]["pyodide"]
    if installed != pinned:
        raise EngineError(
            f"node_modules has pyodide {installed} but package.json pins {pinned}: run `npm ci`"
        )
    missing = [name for name in PYODIDE_FILES if not (PYODIDE_PACKAGE / name).is_file()]
    if missing:
        raise EngineError(f"the pyodide npm package lacks {', '.join(missing)}")
    return installed


def _source_stamp() -> str:
    digest = hashlib.sha256()
    for path in [
        *sorted((ROOT / "calculators").rglob("*.py")),
        ROOT / "pyproject.toml",
        ROOT / "LICENSE",
    ]:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@lru_cache(maxsize=4)
def _build(stamp: str, version: str) -> Engine:
    cache = ROOT / ".cache" / "engine" / stamp
    wheels = sorted(cache.glob("*.whl")) if cache.is_dir() else []
    if not wheels or not (cache / "pyodide-lock.json").is_file():
        _build_into(cache, version)
        wheels = sorted(cache.glob("*.whl"))
    wheel = wheels[0]
    lock = (cache / "pyodide-lock.json").read_bytes()
    package = next(iter(json.loads(lock)["packages"]))
    digest = hashlib.sha256(wheel.read_bytes()).hexdigest()
    package_dir = f"{ENGINE_DIR}/calculators-{digest[:12]}"
    pyodide_dir = f"{ENGINE_DIR}/pyodide-{version}"
    return Engine(
        pyodide_version=version,
        pyodide_dir=pyodide_dir,
        package_dir=package_dir,
        lock_file=f"{package_dir}/pyodide-lock.json",
        wheel_file=wheel.name,
        wheel_path=wheel,
        lock_bytes=lock,
        package_name=package,
        wheel_sha256=digest,
    )


# PLAYBOOK_SNAPSHOT=0 builds a site without the snapshot: its calculator pages name none and the
# engine starts the plain way. For builds that do not need one (the tests' overlay builds): it
# saves the 15 to 30 s of making a snapshot for each new rubric bundle. Unset or 1: one is made.
SNAPSHOT_SWITCH = "PLAYBOOK_SNAPSHOT"


def snapshot_wanted() -> bool:
    """Whether this build makes the snapshot (``$PLAYBOOK_SNAPSHOT``: unset, empty or 1 yes, 0 no)."""
    value = os.environ.get(SNAPSHOT_SWITCH, "").strip() or "1"
    if value not in ("0", "1"):
        raise EngineError(
            f"{SNAPSHOT_SWITCH} must be 1 (make the engine's snapshot) or 0 (build without one); "
            f"got {value!r}"
        )
    return value == "1"


SNAPSHOT_SCRIPT = Path("scripts") / "pyodide-snapshot.mjs"
# The installer the snapshot script runs, the worker's own (the snapshot holds what it did).
WHEEL_TOOLS = Path("docs") / "assets" / "javascripts" / "engine-wheel.js"
# What picks the snapshot start's standard library (run by the snapshot script in Pyodide).
STDLIB_TOOLS = Path("hooks") / "_stdlib.py"
SNAPSHOTS_KEPT = 6  # in .cache/engine: the most recently used (each is about 6 MB)


@dataclass(frozen=True)
class Snapshot:
    """A snapshot in ``.cache/engine``: Pyodide's memory, gzipped, and its standard library."""

    memory: Path
    stdlib: Path


def snapshot_key(built: Engine, bundle: bytes) -> str:
    """What a snapshot holds, as one hash: the Pyodide version, the wheel, the rubric bundle, and
    the three scripts that make it and its standard library (the snapshot script, the wheel
    installer it runs, the standard library's picker)."""
    digest = hashlib.sha256()
    for part in (
        built.pyodide_version.encode(),
        built.wheel_sha256.encode(),
        hashlib.sha256(bundle).hexdigest().encode(),
        (ROOT / SNAPSHOT_SCRIPT).read_bytes(),
        (ROOT / WHEEL_TOOLS).read_bytes(),
        (ROOT / STDLIB_TOOLS).read_bytes(),
    ):
        digest.update(hashlib.sha256(part).digest())
    return digest.hexdigest()


def snapshot_file(built: Engine, bundle: bytes) -> str:
    """The site path of the snapshot for this engine and rubric bundle (its name: their hash)."""
    return f"{built.pyodide_dir}/snapshot-{snapshot_key(built, bundle)[:12]}.bin.gz"


def stdlib_file(built: Engine, bundle: bytes) -> str:
    """The site path of that snapshot's standard library (its name: the snapshot's hash)."""
    return f"{built.pyodide_dir}/python_stdlib-{snapshot_key(built, bundle)[:12]}.zip"


def snapshot(built: Engine, bundle: bytes) -> Snapshot:
    """Pyodide's memory with the calculators loaded, gzipped (about 5.8 MB from 31 MB), and the
    standard library it may still import: made once per key (see :func:`snapshot_key`) into
    ``.cache/engine``."""
    return _snapshot(built, bundle, snapshot_key(built, bundle))


def _snapshot(built: Engine, bundle: bytes, key: str) -> Snapshot:
    folder = ROOT / ".cache" / "engine"
    cached = Snapshot(
        memory=folder / f"snapshot-{key[:16]}.bin.gz",
        stdlib=folder / f"python_stdlib-{key[:16]}.zip",
    )
    if cached.memory.is_file() and cached.stdlib.is_file():
        for path in (cached.memory, cached.stdlib):
            os.utime(path)  # recently used: kept by the pruning below
        return cached
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=folder) as tmp:
        raw = Path(tmp) / "snapshot.bin"
        members = Path(tmp) / "stdlib-members.json"
        lock = Path(tmp) / "pyodide-lock.json"
        lock.write_bytes(built.lock_bytes)
        shutil.copy2(built.wheel_path, Path(tmp) / Path(built.wheel_file).name)
        rubrics = Path(tmp) / "rubrics.json"
        rubrics.write_bytes(bundle)
        cmd = [
            "node",
            "--disable-warning=MODULE_TYPELESS_PACKAGE_JSON",  # engine-wheel.js is a module
            str(ROOT / SNAPSHOT_SCRIPT),
            str(PYODIDE_PACKAGE),
            str(raw),
            str(ROOT / WHEEL_TOOLS),
            str(lock),
            str(rubrics),
            str(ROOT / STDLIB_TOOLS),
            str(members),
        ]
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=300)
        except (OSError, subprocess.TimeoutExpired) as err:
            raise EngineError(f"cannot make the Pyodide snapshot with Node: {err}") from None
        if done.returncode != 0 or not raw.is_file() or not members.is_file():
            lines = done.stderr.strip().splitlines()
            # Node's own last words: its error line, else the last line it wrote.
            why = [line for line in lines if "Error" in line][:1] or lines[-1:]
            raise EngineError(
                f"scripts/pyodide-snapshot.mjs failed: {(why or [f'exit status {done.returncode}'])[0]}"
            )
        small = Path(tmp) / "python_stdlib.zip"
        try:
            write_zip(PYODIDE_PACKAGE / "python_stdlib.zip", json.loads(members.read_text()), small)
        except (KeyError, ValueError, OSError) as err:
            raise EngineError(f"cannot write the snapshot's standard library: {err}") from None
        packed = Path(tmp) / "snapshot.bin.gz"
        # mtime=0: no time stamp in the file, only the snapshot.
        packed.write_bytes(gzip.compress(raw.read_bytes(), compresslevel=9, mtime=0))
        small.replace(cached.stdlib)
        packed.replace(cached.memory)
    _prune(folder, keep=cached)
    return cached


def _prune(folder: Path, keep: Snapshot) -> None:
    """Keep the most recently used snapshots only (older Pyodide versions, wheels, rubrics), each
    with its standard library."""
    for pattern, kept in (
        ("*snapshot-*.bin.gz", keep.memory),
        ("python_stdlib-*.zip", keep.stdlib),
    ):
        made = sorted(
            (p for p in folder.glob(pattern) if p != kept),
            key=lambda p: p.stat().st_mtime,
            reverse=True,
        )
        for old in made[SNAPSHOTS_KEPT - 1 :]:
            old.unlink(missing_ok=True)


def _build_into(cache: Path, version: str) -> None:
    from flit_core.wheel import make_wheel_in

    cache.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache.parent) as tmp:  # same file system: rename below
        out = Path(tmp)
        old = os.environ.get("SOURCE_DATE_EPOCH")
        os.environ["SOURCE_DATE_EPOCH"] = SOURCE_DATE_EPOCH
        try:
            wheel = make_wheel_in(ROOT / "pyproject.toml", out).file
        finally:
            if old is None:
                del os.environ["SOURCE_DATE_EPOCH"]
            else:
                os.environ["SOURCE_DATE_EPOCH"] = old
        info = json.loads((PYODIDE_PACKAGE / "pyodide-lock.json").read_text())["info"]
        (out / "base-lock.json").write_text(json.dumps({"info": info, "packages": {}}))
        pyodide_cli = Path(sys.executable).with_name("pyodide")
        cmd = [
            str(pyodide_cli),
            "lockfile",
            "add-wheels",
            "--input",
            "base-lock.json",
            "--output",
            "pyodide-lock.json",
            wheel.name,
        ]
        done = subprocess.run(cmd, cwd=out, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise EngineError(
                f"pyodide lockfile add-wheels failed: {done.stderr.strip() or done.stdout.strip()}"
            )
        # Into a new folder that is then renamed into place: a build running beside this one
        # (two test workers, `make serve` with a test) sees the whole wheel and lock or none.
        ready = out / "ready"
        ready.mkdir()
        shutil.copy2(wheel, ready / wheel.name)
        shutil.copy2(out / "pyodide-lock.json", ready / "pyodide-lock.json")
        if cache.is_dir():  # an incomplete folder of an older layout, or the other build's
            if sorted(cache.glob("*.whl")) and (cache / "pyodide-lock.json").is_file():
                return
            shutil.rmtree(cache, ignore_errors=True)
        try:
            ready.rename(cache)
        except OSError:  # the other build renamed its folder first: the same bytes
            if not (cache / "pyodide-lock.json").is_file():
                raise


def engine() -> Engine:
    """The engine for the current sources: built once per change of calculators/ or pyproject."""
    return _build(_source_stamp(), pyodide_version())


def _links(value, out: set[str]) -> set[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "link" and isinstance(item, str):
                out.add(item)
            else:
                _links(item, out)
    elif isinstance(value, list):
        for item in value:
            _links(item, out)
    return out


def rubric_bundle(rubrics: dict, page_url) -> tuple[str, bytes]:
    """The rubrics the browser needs, as JSON, and the hashed site path to put them at.

    ``page_url(docs_path)`` gives a page's URL from the site root; the bundle carries those URLs
    under ``links`` so the browser can link a recommendation without knowing MkDocs' URL rules.
    """
    data = {rid: rubrics[rid] for rid in BROWSER_RUBRICS if rid in rubrics}
    pages = {"playbook/regulation.md"} if "crosswalk" in data else set()  # coverage links
    data["links"] = {link: page_url(link) for link in sorted(_links(data, pages))}
    payload = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()
    return f"{ENGINE_DIR}/rubrics-{hashlib.sha256(payload).hexdigest()[:12]}.json", payload
