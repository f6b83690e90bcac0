"""The JavaScript that draws the Workbook's charts, and what it holds.

The Workbook ships ``workbook/assets/plotly-widget.min.js``: the front end of its chart widget
(``workbook.charts.widget.Chart``, from ``js/plotly-bundle/src/chart.js``) with a plotly.js
holding only the trace types its charts draw (1.4 MB, against plotly.js's full 4.8 MB), built
by ``scripts/build_plotly_bundle.sh``. ``plotly-widget.json`` says which plotly.js it holds,
which trace types, and the file's size and SHA-256.

Nothing here imports plotly: the server that serves the bundle never needs it.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

ASSETS_DIR = Path(__file__).resolve().parent / "assets"
MANIFEST = ASSETS_DIR / "plotly-widget.json"


@functools.cache
def manifest() -> dict:
    """What the shipped bundle holds (``plotly-widget.json``).

    Example:
        >>> "bar" in manifest()["traces"]
        True
    """
    return json.loads(MANIFEST.read_text())


def bundle_file() -> Path:
    """The shipped bundle.

    Example:
        >>> bundle_file().name
        'plotly-widget.min.js'
    """
    return ASSETS_DIR / manifest()["file"]


def bundle_version() -> str:
    """The bundle's version for its address (from its hash), so a browser never keeps a stale one.

    Example:
        >>> len(bundle_version())
        16
    """
    return manifest()["sha256"][:16]


def bundle_address(base_url: str, assets_path: str) -> str:
    """The bundle's address on a server: its base URL, the asset route, the file, its version.

    The page template (which starts loading it while the kernel runs) and each chart (which
    imports it) must ask for the same address, so that the browser loads it once.

    Example:
        >>> bundle_address("/user/sam/", "workbook/assets/")  # doctest: +ELLIPSIS
        '/user/sam/workbook/assets/plotly-widget.min.js?v=...'
    """
    return f"{base_url}{assets_path}{bundle_file().name}?v={bundle_version()}"


def served_files() -> dict[str, Path]:
    """Every file the asset route may serve, by name: the bundle alone.

    Example:
        >>> sorted(served_files())
        ['plotly-widget.min.js']
    """
    return {bundle_file().name: bundle_file()}
