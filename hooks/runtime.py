"""Put the in-browser engine into the site: the Pyodide core, the calculators wheel with its
lock file, and the rubrics as JSON. Only calculator pages ever fetch them."""

from __future__ import annotations

from _engine import EngineError, engine, rubric_bundle
from _site import page_url_in, rubrics_for
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File


def on_files(files, *, config):
    try:
        built = engine()
        sources = built.site_files()
    except EngineError as err:
        raise PluginError(str(err)) from None
    for site_path, source in sources.items():
        if isinstance(source, bytes):
            files.append(File.generated(config, site_path, content=source))
        else:
            files.append(File.generated(config, site_path, abs_src_path=str(source)))
    bundle_path, payload = rubric_bundle(rubrics_for(config).rubrics, page_url_in(files))
    files.append(File.generated(config, bundle_path, content=payload))
    return files
