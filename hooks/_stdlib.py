"""The standard library a calculator page's engine needs once Python is restored from the snapshot.

Restored from the build's memory snapshot, Python already holds every module that start-up and
the calculators' start imported (``calculators._browser._NEEDS``): it reads the standard
library's zip only for a module first imported later, such as the ROI page's A/B helper and what
it imports. So the snapshot start is given a smaller zip (``python_stdlib-<hash>.zip``, about a
tenth of Pyodide's 2.5 MB one) that holds only what can still be imported; the plain start, when
the snapshot is not used, keeps Pyodide's whole zip.

:func:`needed_members` runs inside Pyodide (``scripts/pyodide-snapshot.mjs`` runs this file's
source there once the snapshot is taken, so that its work is not in the snapshot): Pyodide's
Python parses its own standard library (``ast`` of the same version) and knows which modules
the snapshot holds. :func:`write_zip` then writes the small zip from the npm package's zip, in
the build (any Python 3). Standard library only.
"""

from __future__ import annotations

import ast
import zipfile
from pathlib import Path

# Always kept, whole: Pyodide's own Python packages (its runtime imports parts of them when it
# needs them), and ``_strptime``, which C code imports (``datetime.strptime``) where no
# ``import`` statement shows it.
KEEP_PACKAGES = ("pyodide", "_pyodide")
KEEP_MODULES = ("_strptime",)
# Codecs are imported by name when text is encoded or decoded (``codecs.lookup``), never by an
# ``import`` statement: the package's own, except the 8-bit code pages' tables and the East
# Asian codecs (their C parts are not in Pyodide's core), which nothing of ours uses.
CODECS = "encodings"
CODEC_TABLES = ("decoding_table", "_codecs_", "_multibytecodec")


def _expand(names) -> set[str]:
    """Every dotted name with its parents: ``a.b.c`` gives ``a``, ``a.b`` and ``a.b.c``."""
    out: set[str] = set()
    for dotted in names:
        parts = dotted.split(".")
        out.update(".".join(parts[:i]) for i in range(1, len(parts) + 1))
    return out


def _never_runs(test: ast.expr) -> bool:
    """An ``if`` whose body a module's import never runs: ``if __name__ == "__main__"``,
    ``if TYPE_CHECKING`` (or ``typing.TYPE_CHECKING``)."""
    if isinstance(test, ast.Compare) and isinstance(test.left, ast.Name):
        right = test.comparators[0] if len(test.comparators) == 1 else None
        return (
            test.left.id == "__name__"
            and isinstance(test.ops[0], ast.Eq)
            and isinstance(right, ast.Constant)
            and right.value == "__main__"
        )
    if isinstance(test, ast.Attribute):
        return test.attr == "TYPE_CHECKING"
    return isinstance(test, ast.Name) and test.id == "TYPE_CHECKING"


def imports(source: str, name: str, is_package: bool, functions: bool = True) -> set[str]:
    """The modules that ``source`` (module ``name``) imports, each with its parents; a
    ``from x import y`` names both ``x`` and ``x.y`` (``y`` may be a submodule). With
    ``functions`` False, only what importing the module runs: not the bodies of functions,
    nor ``if __name__ == "__main__"`` and ``if TYPE_CHECKING`` blocks.

    >>> sorted(imports("import a.b\\nfrom . import c\\ndef f():\\n    import d", "p.m", False))
    ['a', 'a.b', 'd', 'p', 'p.c']
    >>> sorted(imports("import a\\ndef f():\\n    import d", "m", False, functions=False))
    ['a']
    """
    found: set[str] = set()

    def visit(statements: list[ast.stmt]) -> None:
        # Statements only: an import is one, so expressions need no look (most of the tree).
        for node in statements:
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    parts = name.split(".") if is_package else name.split(".")[:-1]
                    parts = parts[: len(parts) - node.level + 1]
                    base = ".".join([*parts, *([node.module] if node.module else [])])
                else:
                    base = node.module or ""
                found.add(base)
                found.update(f"{base}.{alias.name}" for alias in node.names)
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                if functions:
                    visit(node.body)
            elif isinstance(node, ast.If) and not functions and _never_runs(node.test):
                visit(node.orelse)
            else:
                for field in ("body", "orelse", "finalbody"):
                    visit(getattr(node, field, None) or [])
                for inner in getattr(node, "handlers", None) or getattr(node, "cases", None) or []:
                    visit(inner.body)

    visit(ast.parse(source).body)
    return _expand(n for n in found if n)


def modules(archive: zipfile.ZipFile) -> dict[str, tuple[str, bool]]:
    """The archive's Python modules: name -> (member, whether it is a package)."""
    out: dict[str, tuple[str, bool]] = {}
    for member in archive.namelist():
        if member.endswith(".py"):
            name = member[:-3].replace("/", ".")
            out[name.removesuffix(".__init__")] = (member, name.endswith(".__init__"))
    return out


def needed_members(stdlib_path: str, package_path: str, held) -> list[str]:
    """The members of the standard library's zip (``stdlib_path``) that a Python holding the
    modules ``held`` (the snapshot's ``sys.modules``) may still import, running the package at
    ``package_path`` (the calculators wheel): sorted, the packages' folders included.

    - Every module that the package imports anywhere (at the top of a module or in a function:
      a module imported on first use counts), every module that those standard modules import
      anywhere (the package calls their functions), Pyodide's own packages, ``_strptime`` and
      the codecs (see ``KEEP_*`` and ``CODECS``);
    - with what importing each of them imports in turn (its top level, not its functions);
    - less the modules ``held`` (imported from this zip, frozen or built in), which are never
      read from the zip again. Where one of them is reached, the walk
      stops: what it imported, this Python holds too."""
    stdlib = zipfile.ZipFile(stdlib_path)
    package = zipfile.ZipFile(package_path)
    known = modules(stdlib)
    held = set(held)

    def source(archive: zipfile.ZipFile, member: str) -> str:
        return archive.read(member).decode("utf-8")

    direct: set[str] = set()
    for name, (member, is_package) in modules(package).items():
        direct |= imports(source(package, member), name, is_package)
    direct &= known.keys()
    roots = set(direct)
    for name in direct:
        member, is_package = known[name]
        roots |= imports(source(stdlib, member), name, is_package)
    for name, (member, _) in known.items():
        if name.split(".")[0] in KEEP_PACKAGES or name in KEEP_MODULES:
            roots.add(name)
        elif name.split(".")[0] == CODECS:
            text = source(stdlib, member)
            if not any(mark in text for mark in CODEC_TABLES):
                roots.add(name)
    keep: set[str] = set()
    todo = sorted(_expand(roots) & known.keys())
    while todo:
        name = todo.pop()
        if name in keep or name in held:
            continue
        keep.add(name)
        member, is_package = known[name]
        todo.extend(
            found
            for found in imports(source(stdlib, member), name, is_package, functions=False)
            if found in known and found not in keep
        )
    members = {known[name][0] for name in keep}
    folders = {m.rsplit("/", 1)[0] + "/" for m in members if "/" in m}
    members |= {f for f in folders if f in stdlib.NameToInfo}
    return sorted(members)


def write_zip(full: Path, members: list[str], out: Path) -> None:
    """``out``: the zip of ``members`` of ``full``, in ``full``'s order, each as ``full`` holds
    it (its time stamp, compressed with deflate at the highest level): the same bytes for the
    same members. A member ``full`` lacks stops it (KeyError)."""
    wanted = set(members)
    with zipfile.ZipFile(full) as source:
        missing = wanted - set(source.namelist())
        if missing:
            raise KeyError(f"the standard library's zip has no {sorted(missing)[0]}")
        with zipfile.ZipFile(out, "w") as small:
            for info in source.infolist():
                if info.filename not in wanted:
                    continue
                copy = zipfile.ZipInfo(info.filename, date_time=info.date_time)
                copy.external_attr = info.external_attr
                if info.is_dir():
                    small.writestr(copy, b"")
                else:
                    copy.compress_type = zipfile.ZIP_DEFLATED
                    small.writestr(copy, source.read(info), compresslevel=9)
