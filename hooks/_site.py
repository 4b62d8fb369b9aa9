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
# Where the build keeps the keys of the rubrics that passed every check (load_rubrics).
PASSED_CACHE = ROOT / ".cache" / "rubrics"


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
        passed_cache=PASSED_CACHE,
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


# Set by hooks/languages.py for the build of one of the site's other languages: its code.
SUBSITE = "PLAYBOOK_SUBSITE"
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]+)*$")


def site_languages(config) -> list[str]:
    """The site's languages: mkdocs.yml's ``extra.languages`` (a list, or ``$PLAYBOOK_LANGUAGES``
    as "en,de"), the first one built into the site's root; unset, the build's one language.

    >>> site_languages({"extra": {"languages": "en, de"}, "theme": {"language": "en"}})
    ['en', 'de']
    >>> site_languages({"extra": {}, "theme": {"language": "de"}})
    ['de']
    """
    given = (config.get("extra") or {}).get("languages")
    if not given:
        return [language_of(config)]
    items = given.split(",") if isinstance(given, str) else list(given)
    languages = [str(item).strip() for item in items if str(item).strip()]
    wrong = [lang for lang in languages if not LANGUAGE_CODE.match(lang)]
    if wrong or len(set(languages)) != len(languages):
        raise ValueError(
            f"extra.languages (PLAYBOOK_LANGUAGES) must list language codes once each, "
            f"such as en,de; got {given!r}"
        )
    return languages or [language_of(config)]


def subsite() -> str:
    """The language this build is for when the first language's build started it, else ""."""
    return os.environ.get(SUBSITE, "").strip()


def subsite_prefix(config) -> str:
    """This build's folder below the whole site's root: "" for the first language, "de/"..."""
    languages = site_languages(config)
    lang = subsite()
    return f"{lang}/" if lang and len(languages) > 1 and lang != languages[0] else ""


def translated_page(config, src_uri: str) -> Path | None:
    """The translation of the docs page ``src_uri`` into the build's language, if there is one:
    ``<rubrics>/locales/<lang>/pages/<src_uri>``."""
    language = language_of(config)
    if language == "en":
        return None
    path = rubric_dir(config.config_file_path) / "locales" / language / "pages" / src_uri
    return path if path.is_file() else None
