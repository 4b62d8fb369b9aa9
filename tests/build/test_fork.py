"""A fork's life, scripted: brand the site and reword questions without editing upstream files,
take an upstream release that retires a question, hear about it from `diff` and `validate`, act,
and build the site from the fork's rubrics (PLAYBOOK_RUBRICS)."""

from __future__ import annotations

import logging
import re
import sys
from pathlib import Path

import pytest

from tests.conftest import EARLY_BUILDS, ROOT, BuildInFolder, early_site, run_cli
from tests.forking import (
    FORK_WORDING,
    NEW_VERSION,
    RETIRED,
    REWORDED,
    make_fork,
)

sys.path.insert(0, str(ROOT / "hooks"))


@pytest.fixture(scope="module")
def fork(tmp_path_factory) -> dict[str, Path]:
    return make_fork(tmp_path_factory.mktemp("fork"))


# The fixed fork's site, built --strict from its rubric folder (a fork of its own, made as the
# `fork` fixture makes one), in the background from the end of collection on (EARLY_BUILDS).
# No test here starts the engine, so the build makes no snapshot (PLAYBOOK_SNAPSHOT=0).
EARLY_BUILDS["fork_site"] = lambda: BuildInFolder(
    lambda base: {"rubrics": make_fork(base / "fork")["fixed"]},
    extra_env={"PLAYBOOK_SNAPSHOT": "0"},
)


@pytest.fixture(scope="module")
def fork_site(request):
    with early_site(request.config, "fork_site") as site:
        yield site


@pytest.fixture(scope="module")
def site(fork_site) -> Path:
    """The fixed fork's site."""
    return fork_site


def page(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


class TestBeforeTheMerge:
    """`diff` says what the upstream release does to the fork's overlay."""

    def test_diff_names_the_retired_and_reworded_questions_under_the_overlay(self, fork):
        overlay = fork["fork"] / "local" / "maturity.yaml"
        done = run_cli(
            "diff", str(fork["fork"]), str(fork["upstream"]), "--overlays", str(overlay.parent)
        )
        assert done.returncode == 2, done.stderr
        assert f"retired  questions[{RETIRED}]" in done.stdout
        assert f"{overlay}:7: questions[{RETIRED}] (text): upstream retired" in done.stdout
        assert f"{overlay}:4: questions[{REWORDED}] (text): upstream reworded" in done.stdout

    def test_the_branding_file_is_not_compared(self, fork):
        """branding.yaml is not an overlay: diff neither reads it as one nor fails on it."""
        done = run_cli("diff", str(fork["fork"]), str(fork["upstream"]), "--format", "json")
        assert "branding" not in done.stdout


class TestAfterTheMerge:
    """`validate` and the build warn about what the merge left behind, and still validate."""

    def test_validate_warns_with_file_and_line_and_exits_0(self, fork):
        overlay = fork["merged"] / "local" / "maturity.yaml"
        done = run_cli("validate", "--rubrics", str(fork["merged"]))
        assert done.returncode == 0, done.stderr
        assert f"maturity {NEW_VERSION}-acme.1" in done.stdout
        assert done.stderr.splitlines() == [
            line for line in done.stderr.splitlines() if line.startswith(f"warning: {overlay}:")
        ]
        assert "upstream has retired this entry" in done.stderr
        assert "no such entry upstream any more" in done.stderr

    def test_the_build_shows_them_as_mkdocs_warnings(self, fork, monkeypatch, caplog):
        """The rubrics hook logs each warning as a MkDocs warning (so --strict stops on them)."""
        import rubrics as rubrics_hook

        monkeypatch.setenv("PLAYBOOK_RUBRICS", str(fork["merged"]))
        config = type("Config", (dict,), {"config_file_path": str(ROOT / "mkdocs.yml")})()
        config["docs_dir"] = str(ROOT / "docs")
        config["theme"] = {"language": "en"}  # the hook reads the site's language from it
        with caplog.at_level(logging.WARNING):
            rubrics_hook.on_config(config)
        warned = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
        assert len(warned) == 2
        assert all("local/maturity.yaml:" in w for w in warned)

    def test_acting_on_them_leaves_no_warning(self, fork):
        done = run_cli("validate", "--rubrics", str(fork["fixed"]))
        assert done.returncode == 0, done.stderr
        assert done.stderr == ""

    def test_the_merge_left_the_forks_files_alone(self, fork):
        """After the merge the fork's upstream files are the release's, and its own files in
        local/ are as the fork wrote them: nothing upstream shipped touched them."""
        for file in fork["upstream"].glob("*.yaml"):
            assert (fork["merged"] / file.name).read_text() == file.read_text()
        for file in (fork["fork"] / "local").iterdir():
            assert (fork["merged"] / "local" / file.name).read_bytes() == file.read_bytes()


class TestTheForksSite:
    """The site built from the fork's folder: its brand and its wording, upstream's pages."""

    def test_name_colours_logo_favicon_and_style_sheet(self, site):
        html = page(site, "index.html")
        assert "<title>Acme AI Playbook</title>" in html
        assert 'data-md-color-primary="teal"' in html
        assert 'data-md-color-accent="amber"' in html
        assert 'src="assets/brand/acme-logo.svg"' in html
        assert 'href="assets/brand/acme-icon.png"' in html
        assert 'href="assets/brand/acme.css"' in html
        assert "Acme Corp · Code MIT" in html
        for name in ("acme-logo.svg", "acme-icon.png", "acme.css"):
            assert (site / "assets" / "brand" / name).is_file()

    def test_home_text_right_below_the_title(self, site):
        html = page(site, "index.html")
        own = html.index("At <strong>Acme</strong>, the AI office reviews every pilot")
        assert html.index("<h1") < own < html.index('id="the-problem"')

    def test_the_assessment_asks_the_forks_wording_and_not_the_retired_question(self, site):
        html = page(site, "calculators/assessment/index.html")
        assert FORK_WORDING in html
        assert f'data-question="{RETIRED}"' not in html
        assert f'data-question="{REWORDED}"' in html
        assert re.search(rf'data-rubric-version="{re.escape(NEW_VERSION)}-acme\.1"', html)

    def test_every_page_carries_the_brand(self, site):
        for html in site.rglob("*.html"):
            text = html.read_text(encoding="utf-8")
            if "<title>" in text and "md-header" in text:
                assert "Acme AI Playbook" in text, html
