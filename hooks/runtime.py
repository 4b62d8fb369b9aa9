"""Put the in-browser engine into the site: the Pyodide core, the calculators wheel with its
lock file, the rubrics as JSON, and the memory snapshot of Pyodide with them loaded, with the
small standard library it starts with. Only calculator pages ever fetch them.
``PLAYBOOK_SNAPSHOT=0`` builds without the snapshot."""

from __future__ import annotations

from _engine import (
    EngineError,
    engine,
    rubric_bundle,
    snapshot,
    snapshot_file,
    snapshot_wanted,
    stdlib_file,
)
from _site import page_url_in, rubrics_for, subsite_prefix
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File


def on_files(files, *, config):
    try:
        built = engine()
        sources = built.site_files()
    except EngineError as err:
        raise PluginError(str(err)) from None
    if subsite_prefix(config):
        # Another language's pages (site/de/): they use the root's Pyodide core, wheel and lock
        # file (hooks/pages.py), the same bytes; a reader switching languages fetches them once.
        sources = {}
    for site_path, source in sources.items():
        if isinstance(source, bytes):
            files.append(File.generated(config, site_path, content=source))
        else:
            files.append(File.generated(config, site_path, abs_src_path=str(source)))
    bundle_path, payload = rubric_bundle(rubrics_for(config).rubrics, page_url_in(files))
    files.append(File.generated(config, bundle_path, content=payload))
    # Pyodide's memory with the calculators loaded and this bundle configured, and the standard
    # library that it may still import.
    try:
        if not snapshot_wanted():
            return files
        made = snapshot(built, payload)
    except EngineError as err:
        raise PluginError(str(err)) from None
    files.append(
        File.generated(config, snapshot_file(built, payload), abs_src_path=str(made.memory))
    )
    files.append(File.generated(config, stdlib_file(built, payload), abs_src_path=str(made.stdlib)))
    return files
