"""A fork's branding: ``rubrics/local/branding.yaml``, checked with file:line messages.

The site's name, logo, favicon, Material palette colours, a style sheet of CSS custom
properties and the organization's own words at the top of the home page, all optional, set in
one file beside the fork's overlays (upstream never ships files in ``rubrics/local/``), so a
fork brands its site without editing an upstream file. Files it names sit beside it.
``hooks/branding.py`` applies it to the build; ``python -m calculators validate`` checks it.
Needs PyYAML (the ``files`` extra), like the loader.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ._rubric_files import BRANDING_FILE, OVERLAY_DIR, RubricError, _read_yaml, _shown

__all__ = ["read_branding"]

# Material for MkDocs' palette colour names (its docs: "Changing the colors"); "custom" takes the
# colours from the style sheet's --md-primary-fg-color / --md-accent-fg-color.
_ACCENTS = (
    *("red", "pink", "purple", "deep purple", "indigo", "blue", "light blue", "cyan", "teal"),
    *("green", "light green", "lime", "yellow", "amber", "orange", "deep orange", "custom"),
)
COLOURS = {
    "primary": (*_ACCENTS[:-1], "brown", "grey", "blue grey", "black", "white", "custom"),
    "accent": _ACCENTS,
}
FILES = {  # key: the file types it takes
    "logo": (".svg", ".png", ".jpg", ".jpeg", ".webp"),
    "favicon": (".svg", ".png", ".ico"),
    "stylesheet": (".css",),
    "home": (".md",),
}
TEXTS = {"site_name": 80, "site_description": 300, "copyright": 300}  # key: longest length


def read_branding(rubric_dir: str | os.PathLike) -> dict[str, Any] | None:
    """The checked branding of ``rubric_dir`` (None without a branding file): its texts, the
    palette, and each named file as an absolute path; RubricError lists every problem.

    >>> read_branding("/nonexistent") is None
    True
    """
    file = Path(rubric_dir) / OVERLAY_DIR / BRANDING_FILE
    if not file.is_file():
        return None
    shown = _shown(file)
    doc = _read_yaml(file, shown)
    problems: list[str] = []
    out: dict[str, Any] = {}

    def bad(path: tuple, message: str) -> None:
        problems.append(f"{shown}:{doc.where(path)[1]}: {message}")

    allowed = sorted([*TEXTS, *FILES, "palette"])
    for key, value in doc.data.items():
        if key in TEXTS:
            if not isinstance(value, str) or not value.strip() or len(value) > TEXTS[key]:
                bad((key,), f"{key} must be text of 1 to {TEXTS[key]} characters (got {value!r})")
            else:
                out[key] = value.strip()
        elif key in FILES:
            found = _file(file.parent, value, FILES[key])
            if isinstance(found, str):
                bad((key,), f"{key}: {found}")
            else:
                out[key] = found
        elif key == "palette":
            out[key] = _palette(value, bad)
        else:
            bad((key,), f"unknown key '{key}' (allowed here: {', '.join(allowed)})")
    if problems:
        raise RubricError(problems)
    return out


def _file(folder: Path, name: Any, types: tuple[str, ...]) -> Path | str:
    """The file ``name`` beside the branding file, or why not."""
    if not isinstance(name, str) or not name:
        return f"expected a file name beside {BRANDING_FILE} (got {name!r})"
    path = (folder / name).resolve()
    if not path.is_relative_to(folder.resolve()):
        return f"'{name}' is outside {folder}: put the file beside {BRANDING_FILE}"
    if path.suffix.lower() not in types:
        return f"'{name}' must be a {' or '.join(types)} file"
    if not path.is_file():
        return f"no file '{name}' beside {BRANDING_FILE}"
    return path


def _palette(value: Any, bad) -> dict[str, str]:
    if not isinstance(value, dict):
        bad(("palette",), f"palette must be a mapping with primary and accent (got {value!r})")
        return {}
    out = {}
    for key, colour in value.items():
        if key not in COLOURS:
            bad(("palette", key), f"palette: unknown key '{key}' (allowed here: accent, primary)")
        elif colour not in COLOURS[key]:
            bad(
                ("palette", key),
                f"palette.{key}: '{colour}' is not a Material colour "
                f"(known: {', '.join(COLOURS[key])})",
            )
        else:
            out[key] = colour
    return out
