"""The deploy workflows (GitHub Pages, GitLab Pages) run the README's commands and publish site/."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import yaml
from mkdocs.config import load_config

ROOT = Path(__file__).resolve().parents[2]
GITHUB = ROOT / ".github" / "workflows" / "pages.yml"
GITLAB = ROOT / ".gitlab-ci.yml"


def github_steps() -> list[dict]:
    return yaml.safe_load(GITHUB.read_text(encoding="utf-8"))["jobs"]["build"]["steps"]


def gitlab_job() -> dict:
    return yaml.safe_load(GITLAB.read_text(encoding="utf-8"))["pages"]


def make_targets(commands: list[str]) -> list[str]:
    return [t for c in commands for t in re.findall(r"^\s*make\s+([a-z-]+)\s*$", c, re.M)]


def test_github_workflow_tests_then_builds_and_publishes_site():
    steps = github_steps()
    runs = [s["run"] for s in steps if "run" in s]
    assert make_targets(runs) == ["test", "build"]
    upload = next(
        s for s in steps if str(s.get("uses", "")).startswith("actions/upload-pages-artifact")
    )
    assert upload["with"]["path"] == "site"
    # Every action is pinned to a major version at least.
    for step in steps:
        if "uses" in step:
            assert re.search(r"@v\d+", step["uses"]), step["uses"]


def test_gitlab_job_tests_then_builds_and_publishes_site_as_public():
    job = gitlab_job()
    assert make_targets(job["script"]) == ["test", "build"]
    assert "rm -rf public && mv site public" in job["script"]
    assert job["artifacts"]["paths"] == ["public"]


def test_workflows_run_on_the_machine_the_readme_names():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "fresh Debian machine" in readme
    github = yaml.safe_load(GITHUB.read_text(encoding="utf-8"))["jobs"]["build"]
    assert str(github["container"]).startswith("debian:")
    assert str(gitlab_job()["image"]).startswith("debian:")


def workflow_variables() -> set[str]:
    names = set()
    for step in github_steps():
        names |= set(step.get("env", {}))
    names |= set(gitlab_job().get("variables", {}))
    return {n for n in names if n.startswith("PLAYBOOK_")}


def test_every_variable_the_workflows_set_is_read_by_mkdocs_yml():
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    read = set(re.findall(r"!ENV \[(PLAYBOOK_[A-Z_]+)", config))
    assert workflow_variables() == {"PLAYBOOK_SITE_URL", "PLAYBOOK_REPO_URL"}
    assert workflow_variables() <= read


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, None), ("https://github.com/acme/playbook", "https://github.com/acme/playbook")],
)
def test_repo_url_comes_from_the_environment(monkeypatch, value, expected):
    monkeypatch.delenv("PLAYBOOK_REPO_URL", raising=False)
    if value is not None:
        monkeypatch.setenv("PLAYBOOK_REPO_URL", value)
    with open(ROOT / "mkdocs.yml", "rb") as fh:
        config = load_config(fh)
    assert config["repo_url"] == expected
    assert os.environ.get("PLAYBOOK_REPO_URL") == value
