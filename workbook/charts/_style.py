"""The Workbook's chart look: one font, one palette, one page-like layout."""

from __future__ import annotations

import functools
import json
from importlib.util import find_spec
from pathlib import Path

from workbook.charts._spec import merge
from workbook.plotly_bundle import manifest

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"
SCALE = [[0.0, "#f4f1ea"], [0.25, "#c9dcd8"], [0.6, "#5f9ea0"], [1.0, "#1f4e5a"]]
PALETTE = ("#1f4e5a", "#c8702a")
HIGHLIGHT = "#b8336a"


def style_figure(figure: dict, *, height: int, width: int | None = None, title: str | None = None) -> dict:
    """Apply the Workbook's font, margins, white background and optional title; return the figure.

    Example:
        >>> style_figure(new_figure(), height=300, title="Tiers")["layout"]["margin"]
        {'l': 10, 'r': 10, 't': 40, 'b': 10}
    """
    look = {
        "height": height,
        "margin": {"l": 10, "r": 10, "t": 40 if title else 10, "b": 10},
        "font": {"family": FONT, "size": 12, "color": "#2b2b2b"},
        "paper_bgcolor": "white",
        "plot_bgcolor": "white",
    }
    if width is not None:
        look["width"] = width
    if title:
        look["title"] = {"text": title, "x": 0, "font": {"size": 15}}
    merge(figure["layout"], look)
    return figure


@functools.cache
def template() -> dict:
    """Plotly's default look (its "plotly" template) for the trace types the Workbook draws, and no others.

    plotly puts its default template, with settings for all of its 50 trace types, in every
    figure: the charts look the same with only their own trace types' (a tenth of the size).
    It is read from the template file plotly ships, without importing plotly.

    Example:
        >>> sorted(template()["data"])
        ['bar', 'heatmap', 'scatter']
    """
    plotly_dir = Path(find_spec("plotly").submodule_search_locations[0])
    spec = json.loads((plotly_dir / "package_data" / "templates" / "plotly.json").read_text())
    spec["data"] = {kind: spec["data"][kind] for kind in manifest()["traces"] if kind in spec["data"]}
    return spec


def new_figure(*traces: dict) -> dict:
    """A figure in plotly's default look (``template``), to add traces and layout to.

    Example:
        >>> figure = new_figure({"type": "bar", "y": [1]})
        >>> figure["data"], sorted(figure["layout"])
        ([{'type': 'bar', 'y': [1]}], ['template'])
    """
    return {"data": list(traces), "layout": {"template": template()}}
