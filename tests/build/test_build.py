"""The site as a whole: `mkdocs build --strict` output, generated tables, engine files."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import sys
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

from calculators._rubric_files import load_rubrics
from tests.build.conftest import OVERLAYS, docs_overlay_example
from tests.conftest import ROOT, build_site

sys.path.insert(0, str(ROOT / "hooks"))
from pages import page_forms

RUBRICS = load_rubrics(ROOT / "rubrics", docs_dir=ROOT / "docs").rubrics
PYODIDE = json.loads((ROOT / "package.json").read_text())["dependencies"]["pyodide"]


class _Loads(HTMLParser):
    """URLs a page loads by itself (scripts, styles, images, frames), not links a reader follows."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" or (tag == "link" and attrs.get("rel") in ("canonical", "alternate")):
            return
        for key in ("src", "href", "poster", "data", "srcset"):
            if attrs.get(key):
                self.urls.append(attrs[key])


def page(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


class TestPages:
    """Rubric data lands in the pages."""

    def test_scorecard_table_comes_from_the_rubric(self, built_site):
        """Every level of the maturity rubric is a row of the scorecard, with its four columns."""
        html = page(built_site, "playbook/maturity/index.html")
        for level in RUBRICS["maturity"]["levels"]:
            row = re.search(rf'<tr id="level-{level["level"]}">(.*?)</tr>', html, re.S)
            assert row, f"no row for level {level['level']}"
            for key in ("label", "ownership", "mlops", "governance", "outcome"):
                assert level[key].replace("&", "&amp;") in row.group(1)

    def test_assessment_form_lists_every_question(self, built_site):
        """The assessment form is rendered at build time: one radio group per active question."""
        html = page(built_site, "calculators/assessment/index.html")
        for q in RUBRICS["maturity"]["questions"]:
            if not q.get("retired"):
                assert f'data-question="{q["id"]}"' in html
                for option in q["options"]:
                    assert f'name="{q["id"]}" value="{option["value"]}"' in html
        assert 'aria-live="polite"' in html

    def test_no_marker_is_left_unrendered(self, built_site):
        """No `<!-- playbook:... -->` marker survives into a page."""
        for html in built_site.rglob("*.html"):
            assert "<!-- playbook:" not in html.read_text(encoding="utf-8"), html

    def test_nothing_is_loaded_from_another_origin(self, built_site):
        """No page loads a script, style, font or image from outside the site."""
        for html in built_site.rglob("*.html"):
            parser = _Loads()
            parser.feed(html.read_text(encoding="utf-8"))
            for url in parser.urls:
                if re.match(r"^(https?:)?//", url):
                    assert url.startswith("http://127.0.0.1:"), (
                        f"{html.relative_to(built_site)}: {url}"
                    )
        for css in built_site.rglob("*.css"):
            assert not re.search(r"@import\s+url\(\s*['\"]?https?:", css.read_text()), css

    def test_only_calculator_pages_reference_the_engine(self, built_site):
        """Pages without a calculator carry no reference to Pyodide."""
        for html in built_site.rglob("*.html"):
            text = html.read_text(encoding="utf-8")
            has_engine = "data-engine-pyodide" in text
            assert has_engine == ("data-calculator=" in text), html


class TestEngineFiles:
    """The wheel, its lock file and the Pyodide runtime are in the site."""

    def test_pyodide_core_is_self_hosted_under_its_version(self, built_site):
        """The four core files are copied unchanged from the pinned npm package."""
        folder = built_site / "assets" / "engine" / f"pyodide-{PYODIDE}"
        for name in ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip"):
            assert (folder / name).read_bytes() == (
                ROOT / "node_modules" / "pyodide" / name
            ).read_bytes()

    def test_lock_file_names_the_wheel_with_its_sha256(self, built_site):
        """pyodide-lock.json holds only our package, with the wheel's real sha256."""
        lock_file = next(built_site.glob("assets/engine/calculators-*/pyodide-lock.json"))
        lock = json.loads(lock_file.read_text())
        assert list(lock["packages"]) == ["playbook-calculators"]
        entry = lock["packages"]["playbook-calculators"]
        wheel = lock_file.parent / entry["file_name"]
        assert entry["sha256"] == hashlib.sha256(wheel.read_bytes()).hexdigest()
        assert entry["imports"] == ["calculators"]
        assert lock["info"]["python"].startswith("3.14")

    def test_wheel_is_pure_python_and_holds_the_sources(self, built_site):
        """The wheel is py3-none-any and its modules are the repository's calculators/ files."""
        wheel = next(built_site.glob("assets/engine/calculators-*/*.whl"))
        assert wheel.name.endswith("-py3-none-any.whl")
        with zipfile.ZipFile(wheel) as archive:
            names = {n for n in archive.namelist() if n.startswith("calculators/")}
            sources = {f"calculators/{p.name}" for p in (ROOT / "calculators").glob("*.py")}
            assert names == sources
            for name in names:
                assert archive.read(name) == (ROOT / name).read_bytes()

    def test_rubric_bundle_is_the_validated_rubrics(self, built_site):
        """The rubric JSON in the site equals the loaded rubrics."""
        bundle = json.loads(next(built_site.glob("assets/engine/rubrics-*.json")).read_text())
        assert bundle["maturity"] == RUBRICS["maturity"]


class TestBrokenAndForkedRubrics:
    """A broken rubric stops the build; an overlay changes the pages; rubric text is escaped."""

    def test_broken_rubric_stops_the_build_with_file_and_line(self, rubric_copy, tmp_path):
        """An unknown dimension stops `mkdocs build` with a file:line message, no traceback."""
        file = rubric_copy / "maturity.yaml"
        text = file.read_text()
        line = text[: text.index("    dimension: mlops\n")].count("\n") + 1
        file.write_text(text.replace("    dimension: mlops\n", "    dimension: mlopz\n", 1))
        done = build_site(tmp_path / "out", rubrics=rubric_copy)
        assert done.returncode != 0
        assert re.search(
            rf"maturity\.yaml:{line}: questions\[\d+\]\.dimension: 'mlopz' is not a known",
            done.stderr,
        ), done.stderr[-2000:]
        assert "Traceback" not in done.stderr
        assert not (tmp_path / "out" / "index.html").exists()

    def test_overlay_changes_pages_and_html_in_rubric_text_is_escaped(self, forked_site):
        """A local overlay relabels a level; its HTML shows as text, never as markup."""
        assert "Islands <script>" in OVERLAYS["maturity-label.yaml"]
        html = (forked_site.site / "playbook" / "maturity" / "index.html").read_text()
        assert "Islands &lt;script&gt;alert(1)&lt;/script&gt; &amp; co" in html
        assert "<script>alert(1)" not in html


def test_documented_overlay_changes_a_page_and_a_calculator(forked_site):
    """The page's own overlay example builds, changes the form, and changes the score."""
    from calculators._maturity import assess

    assert OVERLAYS["maturity.yaml"] == docs_overlay_example()
    form = (forked_site.site / "calculators" / "assessment" / "index.html").read_text()
    assert "Is every model registered in ModelHub" in form
    assert 'data-question="vendor_model_inventory"' in form
    assert 'data-question="regulated_explainability"' not in form

    forked = load_rubrics(forked_site.rubrics, docs_dir=ROOT / "docs").rubrics["maturity"]
    assert forked["scoring"]["overall"]["rule"] == "weakest_link"
    mlops = [q for q in forked["questions"] if q["dimension"] == "mlops" and not q.get("retired")]
    answers = {q["id"]: q["options"][0]["value"] for q in mlops}
    answers["model_registry"] = next(q for q in mlops if q["id"] == "model_registry")["options"][
        -1
    ]["value"]
    upstream_score = assess(RUBRICS["maturity"], answers)["dimensions"]
    forked_score = assess(forked, answers)["dimensions"]
    score = lambda dims: next(d["score"] for d in dims if d["id"] == "mlops")  # noqa: E731
    assert score(forked_score) > score(upstream_score)  # the overlay's weight 4 counts


def test_a_form_the_engine_cannot_run_stops_the_build_with_its_line():
    """A page's calculator forms must be calculators the engine knows (calculators._browser):
    otherwise the page's worker would refuse to start, found only in a browser."""
    markdown = "# ROI\n\n<!-- playbook:roi-form -->\n\ntext\n<!-- playbook:payback-form -->\n"
    with pytest.raises(PluginError, match=r"docs/x\.md:6: the form 'playbook:payback-form'"):
        page_forms(markdown, "docs/x.md")
    assert page_forms("<!-- playbook:roi-form -->\n<!-- playbook:scorecard -->\n", "x") == ["roi"]


# Making the snapshot is running Pyodide in Node: the fast lane's session site has none.
@pytest.mark.pyodide
def test_the_snapshot_is_pyodides_gzipped_memory_and_a_failure_to_make_it_says_why(
    built_site, tmp_path, monkeypatch
):
    """The site's snapshot unzips to our file holding Pyodide's snapshot (each magic number where
    it belongs), its name carries the hash of what it holds (Pyodide, the wheel, the rubric
    bundle: a change of any gives another name), beside it its small standard library under the
    same hash (a part of Pyodide's zip, the modules the snapshot holds left out), and when Node
    cannot make one the build stops naming the script and Node's own last words."""
    import gzip
    import zipfile

    import _engine

    (snapshot,) = built_site.glob(f"assets/engine/pyodide-{PYODIDE}/snapshot-*.bin.gz")
    raw = gzip.decompress(snapshot.read_bytes())
    assert len(raw) > 16 * 2**20  # Pyodide's whole memory after start-up
    built = _engine.engine()
    (bundle,) = built_site.glob("assets/engine/rubrics-*.json")
    site_path = _engine.snapshot_file(built, bundle.read_bytes())
    assert snapshot.relative_to(built_site).as_posix() == site_path
    assert _engine.snapshot_file(built, bundle.read_bytes() + b" ") != site_path
    # Our file's magic number (engine-wheel.js's SNAPSHOT_MAGIC), then at the offset its header
    # gives, Pyodide's snapshot, with the magic number Pyodide checks before restoring.
    assert raw[:4] == b"PBSN"
    start, size = int.from_bytes(raw[4:8], "little"), int.from_bytes(raw[8:12], "little")
    assert start + size == len(raw)
    assert raw[start : start + 4] == b"\x00snp"
    (small,) = built_site.glob(f"assets/engine/pyodide-{PYODIDE}/python_stdlib-*.zip")
    assert small.relative_to(built_site).as_posix() == _engine.stdlib_file(
        built, bundle.read_bytes()
    )
    key = snapshot.name.removeprefix("snapshot-").removesuffix(".bin.gz")
    assert small.name == f"python_stdlib-{key}.zip"
    whole = zipfile.ZipFile(ROOT / "node_modules" / "pyodide" / "python_stdlib.zip")
    names = zipfile.ZipFile(small).namelist()
    assert set(names) < set(whole.namelist())
    assert "statistics.py" in names  # the A/B helper's, imported on first use
    assert "json/__init__.py" not in names  # the snapshot holds json
    for name in names:
        assert zipfile.ZipFile(small).read(name) == whole.read(name), name
    fake = tmp_path / "root"
    (fake / "scripts").mkdir(parents=True)
    (fake / "scripts" / "pyodide-snapshot.mjs").write_bytes(
        (ROOT / "scripts" / "pyodide-snapshot.mjs").read_bytes()
    )
    monkeypatch.setattr(_engine, "ROOT", fake)
    monkeypatch.setattr(_engine, "PYODIDE_PACKAGE", tmp_path / "no-pyodide-here")
    with pytest.raises(_engine.EngineError, match=r"scripts/pyodide-snapshot\.mjs failed: .+"):
        _engine._snapshot(built, bundle.read_bytes(), "0" * 64)
    assert not list((fake / ".cache" / "engine").glob("*.gz"))  # nothing half-made is kept


class TestBuildWithoutSnapshot:
    """``PLAYBOOK_SNAPSHOT=0`` builds a site without the engine's snapshot (the overlay tests'
    builds, which do not start the engine); unset, every build makes one."""

    def test_the_site_has_no_snapshot_and_its_pages_name_none(self, forked_site):
        """Built with 0: no snapshot file, no calculator page names one, the rest of the engine
        is there."""
        engine = forked_site.site / "assets" / "engine"
        assert not list(engine.rglob("snapshot-*"))
        assert list(engine.glob(f"pyodide-{PYODIDE}/pyodide.asm.wasm"))
        assert list(engine.glob("calculators-*/pyodide-lock.json"))
        pages = [p for p in forked_site.site.rglob("*.html") if "data-calculator=" in p.read_text()]
        assert pages
        for html in pages:
            text = html.read_text(encoding="utf-8")
            assert "data-engine-lock=" in text, html
            assert "data-engine-snapshot" not in text, html
            assert "data-engine-stdlib" not in text, html

    @pytest.mark.pyodide  # made by running Pyodide in Node: the fast lane's session site has none
    def test_unset_the_site_has_one_and_every_calculator_page_names_it(self, built_site):
        """Every calculator page names the snapshot and its small standard library."""
        (made,) = built_site.glob(f"assets/engine/pyodide-{PYODIDE}/snapshot-*.bin.gz")
        (small,) = built_site.glob(f"assets/engine/pyodide-{PYODIDE}/python_stdlib-*.zip")
        pages = [p for p in built_site.rglob("*.html") if "data-calculator=" in p.read_text()]
        for html in pages:
            text = html.read_text(encoding="utf-8")
            for attribute, file in (("snapshot", made), ("stdlib", small)):
                names = re.findall(rf'data-engine-{attribute}="([^"]+)"', text)
                assert names, (html, attribute)
                assert {(html.parent / n).resolve() for n in names} == {file.resolve()}, html

    @pytest.mark.parametrize("value", ["no", "false", "2", "off"])
    def test_another_value_stops_the_build_naming_the_variable(self, monkeypatch, value):
        """Only 1 and 0 mean something: another value is refused, with the variable's name, the
        two values and what was given (never read as one or the other)."""
        import _engine

        monkeypatch.setenv("PLAYBOOK_SNAPSHOT", value)
        with pytest.raises(_engine.EngineError, match=r"^PLAYBOOK_SNAPSHOT must be 1 .* or 0 "):
            _engine.snapshot_wanted()
        for given, wanted in (("1", True), ("0", False), (" 0 ", False), ("", True)):
            monkeypatch.setenv("PLAYBOOK_SNAPSHOT", given)
            assert _engine.snapshot_wanted() is wanted
        monkeypatch.delenv("PLAYBOOK_SNAPSHOT")
        assert _engine.snapshot_wanted() is True


def test_a_link_into_a_rendered_form_is_checked_like_any_other(tmp_path):
    """A rendered form (plain HTML) skips Markdown and joins the page afterwards (hooks/pages.py):
    its ids still count for the build's anchor check, and a link to an id no part of the page
    has still stops the strict build."""
    for name in ("hooks", "overrides", "rubrics"):
        (tmp_path / name).symlink_to(ROOT / name)
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    roi = tmp_path / "docs" / "calculators" / "roi.md"
    roi.write_text(
        roi.read_text(encoding="utf-8")
        + "\nSee [the discount rate](#roi-discount_rate) and [nothing](#roi-no-such-field).\n",
        encoding="utf-8",
    )
    done = build_site(
        tmp_path / "site", config=tmp_path / "mkdocs.yml", extra_env={"PLAYBOOK_SNAPSHOT": "0"}
    )
    assert done.returncode != 0
    assert "'#roi-no-such-field'" in done.stderr, done.stderr[-3000:]
    assert "#roi-discount_rate'" not in done.stderr, done.stderr[-3000:]
