"""Shared, MkDocs-free helpers of the build hooks: where things are, and the loaded rubrics.

Hook files import this module (MkDocs puts hooks/ on sys.path while it loads them); tests can
import it directly. Loading is cached by ``load_rubrics`` itself, keyed on file times.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from calculators._rubric_files import RubricSet, load_rubrics

ROOT = Path(__file__).resolve().parent.parent


def rubric_dir(config_file: str | None) -> Path:
    """The rubric folder: $PLAYBOOK_RUBRICS if set, else rubrics/ beside mkdocs.yml."""
    if os.environ.get("PLAYBOOK_RUBRICS"):
        return Path(os.environ["PLAYBOOK_RUBRICS"]).resolve()
    base = Path(config_file).resolve().parent if config_file else ROOT
    return base / "rubrics"


def language_of(config) -> str:
    """The site's language: mkdocs.yml's ``theme.language`` (``$PLAYBOOK_LANGUAGE``, default en)."""
    return str(config["theme"]["language"] or "en")


def rubrics_for(config) -> RubricSet:
    """The validated rubrics for this MkDocs config, in its language (raises RubricError)."""
    return load_rubrics(
        rubric_dir(config.config_file_path),
        docs_dir=config["docs_dir"],
        language=language_of(config),
    )


def translator(strings: dict[str, str], error=KeyError):
    """``t(id, **values)``: the interface string ``id`` with its ``{name}`` placeholders filled
    in; an unknown id raises ``error`` (a template that names one stops the build).

    >>> t = translator({"a.b": "{n} of {total} answered"})
    >>> t("a.b", n=2, total=5)
    '2 of 5 answered'
    """

    def t(message_id: str, **values) -> str:
        if message_id not in strings:
            raise error(f"unknown interface string '{message_id}' (not in rubrics/strings.yaml)")
        return re.sub(
            r"\{([A-Za-z_][A-Za-z0-9_]*)\}",
            lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0),
            strings[message_id],
        )

    return t


def page_url_in(files):
    """A function: docs path (``playbook/mlops.md#x``) -> URL from the site root."""

    def page_url(link: str) -> str:
        path, _, anchor = link.partition("#")
        file = files.get_file_from_path(path)
        if file is None:
            raise KeyError(f"no page '{path}' in docs/")
        return file.url + (f"#{anchor}" if anchor else "")

    return page_url
