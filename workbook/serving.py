"""The Workbook's serving settings: defaults in code, so they hold however the pages are served.

``workbook serve`` (``WorkbookVoila``) and the Jupyter Server extension (``workbook``)
both start from these. A ``voila.json`` in the folder the server starts from, or in a
Jupyter config folder, may still override any of them, and the command line overrides
that.

Example:
    >>> config = serving_config()
    >>> config.VoilaConfiguration.strip_sources, config.VoilaConfiguration.show_tracebacks
    (True, False)
"""

from __future__ import annotations

import os
from typing import Any

from workbook.paths import TEMPLATES_ROOT

START_PAGE = "00-start-here.ipynb"
"""The page every visitor starts on: ``voila/render/00-start-here.ipynb`` under the server's base URL."""

ASSETS_PATH = "workbook/assets/"
"""Where the plotly widget bundle is served, under the server's base URL."""

ASSETS_ENV = "WORKBOOK_ASSETS"
"""Kernels that see this variable load plotly's bundle from ``ASSETS_PATH`` (``workbook.charts.widget``)."""

PAGE_SETTINGS: dict[str, dict[str, Any]] = {
    "VoilaConfiguration": {
        # The Workbook's page template: Voila's "lab" template without its CDN stylesheets.
        "template": "workbook",
        "show_tracebacks": False,
        "strip_sources": True,
        "file_allowlist": [r".*\.(png|jpg|jpeg|gif|svg)$"],
        "file_denylist": [
            r".*\.(ipynb|py|pyc|csv|tsv|toml|json|txt|md|yml|yaml|xlsx|xls|db|sqlite|sqlite3)$",
            r"(^|.*/)\..*",
        ],
        # Every chart loads its front end from ASSETS_PATH (workbook.charts.widget), so plotly's
        # 4.8 MB lab extension chunk is never needed.
        "extension_denylist": ["jupyterlab-plotly"],
    },
    "VoilaExporter": {
        # The page template draws each page's skip link, header, menu and one <h1> from the
        # page registry (workbook.web.page_context), in British English.
        "filters": {"workbook_page": "workbook.web.page_context"},
        "language_code": "en-GB",
    },
    "VoilaExecutor": {
        "timeout": 60,
        # nbclient's default of 4 s lost pages for good when 8 were opened at once on 2 cores:
        # the page showed its title and nothing else (benchmarks/bench_journal.py, room_fill).
        "iopub_timeout": 30,
    },
}
"""Settings for Voila's pages: the same under ``workbook serve`` and under Jupyter Server."""

RESEARCH_DIR = "research"
"""JupyterLab notebooks for researchers beside the pages: not dashboards, never served as pages."""

SERVER_SETTINGS: dict[str, dict[str, Any]] = {
    "Voila": {"ip": "127.0.0.1", "port": 8866},
    # Closed pages free their kernels (server.SameOriginShutdownHandler); culling catches the rest.
    "MappingKernelManager": {"cull_idle_timeout": 3600, "cull_interval": 300},
    # Page kernels are forked from warm processes (workbook.kernels; --no-fork-kernels launches them
    # as usual): a chart page's kernel starts with numpy, pandas and the models already imported.
    "KernelProvisionerFactory": {"default_provisioner_name": "workbook-forking"},
    # The page list leaves out the research notebooks (workbook serve also refuses to serve them).
    "ContentsManager": {"hide_globs": ["__pycache__", "*.pyc", "*.pyo", ".DS_Store", "*~", RESEARCH_DIR]},
}
"""Settings for ``workbook serve`` alone: a JupyterLab user's kernels are theirs to keep."""


def serving_config(*, server: bool = True):
    """The Workbook's serving settings as traitlets ``Config``.

    Args:
        server: Include the settings for ``workbook serve`` itself (address, kernel
            culling), not only those for the pages.
    """
    from traitlets.config import Config

    sections = {**PAGE_SETTINGS, **(SERVER_SETTINGS if server else {})}
    return Config({name: dict(values) for name, values in sections.items()})


def template_env(environ: dict[str, str] | None = None) -> dict[str, str]:
    """The ``JUPYTER_PATH`` in which Voila finds the Workbook's page template, the package's own first.

    A wheel also installs the template under ``share/jupyter``; a source checkout has only
    the package's copy.

    Example:
        >>> template_env({"JUPYTER_PATH": "/opt/jupyter"})["JUPYTER_PATH"].endswith(":/opt/jupyter")
        True
    """
    env = os.environ if environ is None else environ
    paths = [str(TEMPLATES_ROOT), *filter(None, env.get("JUPYTER_PATH", "").split(os.pathsep))]
    return {"JUPYTER_PATH": os.pathsep.join(dict.fromkeys(paths))}


def prepare_environment() -> None:
    """Set what the server and the kernels it starts need: the template's path and the plotly route."""
    os.environ.update(template_env())
    os.environ[ASSETS_ENV] = ASSETS_PATH
