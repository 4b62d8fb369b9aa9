"""Load and validate every rubric before anything is written; a broken rubric stops the build.

Errors come out as ``file:line: what is wrong`` and MkDocs exits non-zero. An overlay left
behind by a change upstream (``RubricSet.warnings``) is a MkDocs warning, so ``--strict`` stops
a fork's build on it too (upstream ships no overlays). The rubric folder and its overlays are
watched by ``mkdocs serve``.
"""

from __future__ import annotations

from _site import rubric_dir, rubrics_for
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from calculators._rubric_files import RubricError

log = get_plugin_logger("rubrics")


def on_config(config, **_):
    try:
        loaded = rubrics_for(config)
    except RubricError as err:
        raise PluginError("invalid rubrics:\n" + str(err)) from None
    for warning in loaded.warnings:
        log.warning(warning)
    return config


def on_serve(server, *, config, builder):
    server.watch(str(rubric_dir(config.config_file_path)))
    server.watch(str(rubric_dir(config.config_file_path).parent / "calculators"))
    return server
