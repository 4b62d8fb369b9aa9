"""Where things are, for every module of the benchmark (run as ``python scripts/bench``: this
folder is then first on ``sys.path``; the project and its hooks come next)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
for folder in (ROOT, ROOT / "hooks"):
    if str(folder) not in sys.path:
        sys.path.insert(1, str(folder))

MC_RUNS = 10_000  # Monte Carlo runs, in the browser, in Node and in CPython alike
