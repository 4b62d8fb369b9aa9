"""Load and validate every rubric before anything is written; a broken rubric stops the build.

Errors come out as ``file:line: what is wrong`` and MkDocs exits non-zero. The rubric folder
and its overlays are watched by ``mkdocs serve``.
"""

from __future__ import annotations

from _site import rubric_dir, rubrics_for
from mkdocs.exceptions import PluginError

from calculators._rubric_files import RubricError


def on_config(config, **_):
    try:
        rubrics_for(config)
    except RubricError as err:
        raise PluginError("invalid rubrics:\n" + str(err)) from None
    return config


def on_serve(server, *, config, builder):
    server.watch(str(rubric_dir(config.config_file_path)))
    server.watch(str(rubric_dir(config.config_file_path).parent / "calculators"))
    return server
