"""Which plotly JavaScript the charts load when a Workbook server serves them.

The Workbook ships ``workbook/assets/plotly-widget.min.js``: plotly's own FigureWidget
front end with a plotly.js holding only the trace types its charts draw (1.5 MB, against
plotly's full 5 MB ``widgetbundle.js``), built by ``scripts/build_plotly_bundle.sh``. The
front end talks to the Python side of ``FigureWidget``, so the bundle is used only with the
plotly version it was built from (``plotly-widget.json``); with any other, the charts load
plotly's own bundle, as before. ``WORKBOOK_PLOTLY_BUNDLE=full`` asks for plotly's own bundle
(to compare the two).

Nothing here imports plotly: the server that serves the bundles never needs it.
"""

from __future__ import annotations

import functools
import json
import os
from importlib.metadata import version
from importlib.util import find_spec
from pathlib import Path

ASSETS_DIR = Path(__file__).resolve().parent / "assets"
MANIFEST = ASSETS_DIR / "plotly-widget.json"
FULL_BUNDLE = "widgetbundle.js"
CHOICE_ENV = "WORKBOOK_PLOTLY_BUNDLE"


@functools.cache
def manifest() -> dict:
    """What the shipped bundle holds and which plotly it was built from (``plotly-widget.json``)."""
    return json.loads(MANIFEST.read_text())


@functools.cache
def served_files() -> dict[str, Path]:
    """Every bundle the asset route may serve, by file name.

    Example:
        >>> sorted(served_files())
        ['plotly-widget.min.js', 'widgetbundle.js']
    """
    plotly_dir = Path(find_spec("plotly").submodule_search_locations[0])
    return {
        manifest()["file"]: ASSETS_DIR / manifest()["file"],
        FULL_BUNDLE: plotly_dir / "package_data" / FULL_BUNDLE,
    }


@functools.cache
def _installed_plotly() -> str:
    return version("plotly")  # reads the package's metadata from disk: once per process


def chosen_bundle(environ: dict | None = None) -> tuple[str, str]:
    """The bundle the charts load, and its version (for the address, so a new one is never stale).

    Example:
        >>> chosen_bundle({"WORKBOOK_PLOTLY_BUNDLE": "full"})[0]
        'widgetbundle.js'
    """
    env = os.environ if environ is None else environ
    shipped, installed = manifest(), _installed_plotly()
    if env.get(CHOICE_ENV, "light") != "full" and shipped["plotly"] == installed:
        return shipped["file"], shipped["sha256"][:16]
    return FULL_BUNDLE, installed
