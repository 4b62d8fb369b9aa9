"""The build's cost: ``mkdocs build`` with and without our hooks, and with a grown rubric."""

from __future__ import annotations

import copy
import re
import shutil
import time
from pathlib import Path

from figures import median, report
from paths import ROOT
from site_server import mkdocs_build

from calculators._rubric_files import load_rubrics


def config_without_hooks(tmp: Path) -> Path:
    """The same pages built by Material with no hooks: a copy of docs/ and mkdocs.yml with no
    ``hooks:`` and no ``custom_dir`` (markers stay HTML comments). ``validation`` is relaxed to
    info: some links point at anchors that only the generated content has."""
    shutil.copytree(ROOT / "docs", tmp / "docs")
    text = (ROOT / "mkdocs.yml").read_text()
    text = re.sub(r"^hooks:\n(?:  - .*\n)+", "", text, flags=re.MULTILINE)
    text = re.sub(r"^validation:\n(?:  .*\n)+", "", text, flags=re.MULTILINE)
    # Material's own templates too: ours say their words through the hooks' t().
    text = re.sub(r"^  custom_dir: overrides\n", "", text, flags=re.MULTILINE)
    text += "\nvalidation:\n  omitted_files: info\n  absolute_links: info\n  unrecognized_links: info\n  anchors: info\n"
    config = tmp / "mkdocs.yml"
    config.write_text(text)
    return config


def bench_build(tmp: Path, repeats: int) -> None:
    print("mkdocs build", flush=True)
    bare_config = config_without_hooks(tmp / "bare")
    ours = ROOT / "mkdocs.yml"
    mkdocs_build(ours, tmp / "warm-ours")  # warm the engine wheel cache and the OS file cache
    mkdocs_build(bare_config, tmp / "warm-bare")
    with_hooks, without = [], []
    for i in range(repeats):
        with_hooks.append(mkdocs_build(ours, tmp / f"ours-{i}"))
        without.append(mkdocs_build(bare_config, tmp / f"bare-{i}"))
    w, b = median(with_hooks), median(without)
    report(
        "mkdocs build, whole site, hooks on (warm wheel cache)",
        w,
        "s",
        baseline=b,
        budget="≤ 1.5x the same pages without hooks",
        samples={"with": with_hooks, "without": without},
        note=f"median of {repeats}, wall time of `mkdocs build --strict` incl. interpreter start",
    )
    report(
        "mkdocs build, hooks' added time",
        w - b,
        "s",
        samples=None,
        note="with minus without",
    )
    # Cold: the only cache is the engine wheel (.cache/engine); build one into a temp folder
    # instead of clearing the shared cache.
    import _engine

    start = time.perf_counter()
    _engine._build_into(tmp / "cold-engine", _engine.pyodide_version())
    cold_extra = time.perf_counter() - start
    report(
        "mkdocs build, cold: + wheel and lock file build",
        w + cold_extra,
        "s",
        baseline=b,
        budget="(cold, once per change of calculators/)",
        note=f"warm build + {cold_extra:.2f} s to build the wheel and run `pyodide lockfile add-wheels`",
    )


def grown_rubric(dest: Path, questions: int) -> Path:
    """A copy of rubrics/ whose maturity model has ``questions`` questions, spread over the
    dimensions by cloning the shipped questions under new ids."""
    import yaml

    shutil.copytree(ROOT / "rubrics", dest)
    path = dest / "maturity.yaml"
    data = yaml.safe_load(path.read_text())
    shipped = [q for q in data["questions"] if not q.get("retired")]
    dims = [d["id"] for d in data["dimensions"] if not d.get("retired")]
    by_dim = {d: [q for q in shipped if q["dimension"] == d] for d in dims}
    extra = []
    for i in range(questions - len(data["questions"])):
        dim = dims[i % len(dims)]
        source = by_dim[dim][i // len(dims) % len(by_dim[dim])]
        clone = copy.deepcopy(source)
        clone["id"] = f"{source['id']}_x{i}"
        clone["text"] = f"{source['text']} (variant {i})"
        clone.pop("critical", None)
        extra.append(clone)
    data["questions"] += extra
    header = path.read_text().splitlines()[0]
    path.write_text(header + "\n" + yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    load_rubrics(dest, docs_dir=ROOT / "docs")  # it must validate, or the comparison is moot
    return dest


def bench_rubric_growth(tmp: Path, questions: int, repeats: int) -> None:
    print(f"build with a {questions}-question rubric", flush=True)
    grown = grown_rubric(tmp / "rubrics-grown", questions)
    shipped_count = len(
        load_rubrics(ROOT / "rubrics", docs_dir=ROOT / "docs").rubrics["maturity"]["questions"]
    )
    ours = ROOT / "mkdocs.yml"
    env = {"PLAYBOOK_RUBRICS": str(grown)}
    mkdocs_build(ours, tmp / "grown-warm", env)
    shipped, big = [], []
    for i in range(repeats):
        shipped.append(mkdocs_build(ours, tmp / f"shipped-{i}"))
        big.append(mkdocs_build(ours, tmp / f"grown-{i}", env))
    report(
        f"mkdocs build with a {questions}-question maturity rubric",
        median(big),
        "s",
        baseline=median(shipped),
        budget="(how cost grows)",
        samples={"grown": big, "shipped": shipped},
        note=f"baseline: the shipped {shipped_count} questions; ≈ "
        f"{(median(big) - median(shipped)) / (questions - shipped_count) * 1000:.1f} ms per added question",
    )
