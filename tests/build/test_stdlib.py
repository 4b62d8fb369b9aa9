"""hooks/_stdlib.py: which members of the standard library's zip the snapshot start keeps.

The build runs ``needed_members`` inside Pyodide (on its own standard library); here it runs in
CPython on small made-up zips, which hold what each rule is about. The real zip is checked on
the built site (tests/build/test_build.py, tests/pyodide/test_small_stdlib.py)."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "hooks"))
import _stdlib


def make_zip(path: Path, files: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w") as out:
        for name, text in files.items():
            out.writestr(name, text)
    return path


def test_imports_at_the_top_and_in_functions():
    source = (
        "import a.b\n"
        "from c import d\n"
        "from . import sibling\n"
        "try:\n    import e\nexcept ImportError:\n    import f\n"
        "class K:\n    import g\n"
        "def later():\n    import h\n"
        "if __name__ == '__main__':\n    import i\n"
        "if TYPE_CHECKING:\n    import j\nelse:\n    import k\n"
    )
    top = {"a", "a.b", "c", "c.d", "pkg", "pkg.sibling", "e", "f", "g", "k"}
    assert _stdlib.imports(source, "pkg.mod", False, functions=False) == top
    assert _stdlib.imports(source, "pkg.mod", False) == top | {"h", "i", "j"}


def test_relative_imports_of_a_package_and_of_a_module():
    assert _stdlib.imports("from . import x", "p.q", True) == {"p", "p.q", "p.q.x"}
    assert _stdlib.imports("from .. import x", "p.q.r", False) == {"p", "p.x"}
    assert _stdlib.imports("from .m import y", "p", True) == {"p", "p.m", "p.m.y"}


@pytest.fixture
def zips(tmp_path):
    """A standard library and a package using it, each rule with a module of its own."""
    stdlib = make_zip(
        tmp_path / "stdlib.zip",
        {
            "held.py": "import heldsdep\n",  # the snapshot holds it (and what it imports)
            "heldsdep.py": "",
            "direct.py": "import top\ndef f():\n    import lazy\n",  # the package imports it
            "top.py": "import deeper\ndef g():\n    import never\n",
            "deeper.py": "import held\n",
            "lazy.py": "",
            "never.py": "",  # only a function of a module the package does not import names it
            "unused.py": "",
            "pkg/__init__.py": "",  # a package, imported only through a submodule
            "pkg/sub.py": "",
            "pyodide/__init__.py": "",  # Pyodide's own: kept whole
            "pyodide/extra.py": "",
            "_strptime.py": "",  # imported by C code
            "encodings/__init__.py": "",
            "encodings/utf_8_sig.py": "import codecs\n",
            "encodings/cp1252.py": "decoding_table = ()\n",  # a code page's table: left out
        },
    )
    package = make_zip(
        tmp_path / "calculators.whl",
        {
            "calculators/__init__.py": "import sys\n",
            "calculators/_x.py": "def later():\n    import direct\n    from pkg import sub\n",
        },
    )
    return str(stdlib), str(package)


def test_needed_members_keep_what_can_still_be_imported(zips):
    stdlib, package = zips
    held = {"held", "heldsdep", "sys", "calculators"}
    assert _stdlib.needed_members(stdlib, package, held) == [
        "_strptime.py",
        "deeper.py",
        "direct.py",
        "encodings/__init__.py",
        "encodings/utf_8_sig.py",
        "lazy.py",
        "pkg/__init__.py",
        "pkg/sub.py",
        "pyodide/__init__.py",
        "pyodide/extra.py",
        "top.py",
    ]


def test_the_walk_stops_at_a_module_the_snapshot_holds(zips):
    """``deeper`` imports ``held``, which imports ``heldsdep``: held, neither is kept."""
    stdlib, package = zips
    kept = _stdlib.needed_members(stdlib, package, {"held"})
    assert "deeper.py" in kept
    assert "held.py" not in kept
    assert "heldsdep.py" not in kept
    assert {"held.py", "heldsdep.py"} <= set(_stdlib.needed_members(stdlib, package, set()))


def test_write_zip_copies_the_members_and_refuses_a_missing_one(tmp_path):
    full = make_zip(tmp_path / "full.zip", {"a.py": "x = 1\n" * 100, "b/c.py": "y = 2\n"})
    one, two = tmp_path / "one.zip", tmp_path / "two.zip"
    _stdlib.write_zip(full, ["b/c.py", "a.py"], one)
    _stdlib.write_zip(full, ["a.py", "b/c.py"], two)
    assert one.read_bytes() == two.read_bytes()  # the same members, the same bytes
    small = zipfile.ZipFile(one)
    assert small.namelist() == ["a.py", "b/c.py"]  # the whole zip's order
    assert small.read("a.py") == b"x = 1\n" * 100
    assert small.getinfo("a.py").compress_type == zipfile.ZIP_DEFLATED
    with pytest.raises(KeyError, match=r"has no nope\.py"):
        _stdlib.write_zip(full, ["a.py", "nope.py"], tmp_path / "three.zip")


def test_the_examples_in_its_docstrings_hold():
    import doctest

    assert doctest.testmod(_stdlib).failed == 0
