"""A fork's branding, from ``rubrics/local/branding.yaml`` (see calculators/_branding.py): the
site's name, description and copyright line, the palette colours, the logo and favicon, a style
sheet, and the organization's own words at the top of the home page. Without that file the
build is upstream's, unchanged.

The files it names are copied into the site under ``assets/brand/``.
"""

from __future__ import annotations

from _site import rubric_dir
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from calculators._branding import read_branding
from calculators._rubric_files import RubricError

BRAND_DIR = "assets/brand"
_brand: dict = {}


def on_config(config, **_):
    try:
        brand = read_branding(rubric_dir(config.config_file_path)) or {}
    except RubricError as err:
        raise PluginError("invalid branding:\n" + str(err)) from None
    _brand.clear()
    _brand.update(brand)
    for key in ("site_name", "site_description", "copyright"):
        if key in brand:
            config[key] = brand[key]
    for scheme in config.theme.get("palette") or []:
        scheme.update(brand.get("palette", {}))
    for key in ("logo", "favicon"):
        if key in brand:
            config.theme[key] = f"{BRAND_DIR}/{brand[key].name}"
    if "stylesheet" in brand:  # after upstream's own, so that its custom properties win
        config.extra_css.append(f"{BRAND_DIR}/{brand['stylesheet'].name}")
    return config


def on_files(files, *, config):
    for source in {_brand[k] for k in ("logo", "favicon", "stylesheet") if k in _brand}:
        files.append(File.generated(config, f"{BRAND_DIR}/{source.name}", abs_src_path=str(source)))
    return files


def on_page_markdown(markdown, *, page, config, files):
    """The home page, with the organization's own words right after its title."""
    if "home" not in _brand or page.file.src_uri != "index.md":
        return markdown
    own = _brand["home"].read_text(encoding="utf-8").strip()
    title, newline, rest = markdown.partition("\n")
    if not title.startswith("# "):
        return f"{own}\n\n{markdown}"
    return f'{title}{newline}\n<div class="pb-brand-home" markdown>\n\n{own}\n\n</div>\n{rest}'
