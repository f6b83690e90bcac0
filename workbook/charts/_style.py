"""The Workbook's chart look: one font, one palette, one page-like layout."""

from __future__ import annotations

import functools
import json
from pathlib import Path

import plotly
import plotly.graph_objects as go

from workbook.plotly_bundle import manifest

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"
SCALE = [[0.0, "#f4f1ea"], [0.25, "#c9dcd8"], [0.6, "#5f9ea0"], [1.0, "#1f4e5a"]]
PALETTE = ("#1f4e5a", "#c8702a")
HIGHLIGHT = "#b8336a"


def style_figure(
    figure: go.Figure, *, height: int, width: int | None = None, title: str | None = None
) -> go.Figure:
    """Apply the Workbook's font, margins, white background and optional title; return the figure."""
    figure.update_layout(
        height=height,
        width=width,
        margin={"l": 10, "r": 10, "t": 40 if title else 10, "b": 10},
        font={"family": FONT, "size": 12, "color": "#2b2b2b"},
        paper_bgcolor="white",
        plot_bgcolor="white",
    )
    if title:
        figure.update_layout(title={"text": title, "x": 0, "font": {"size": 15}})
    return figure


@functools.cache
def template() -> go.layout.Template:
    """Plotly's default look (its "plotly" template) for the trace types the Workbook draws, and no others.

    plotly puts its default template, with settings for all of its 50 trace types, in every
    figure: building it costs a page's kernel a tenth of a second and 5 MB, and every chart's
    state carries it to the browser. The charts look the same with only their own trace types'.
    """
    shipped = Path(plotly.__file__).parent / "package_data" / "templates" / "plotly.json"
    spec = json.loads(shipped.read_text())
    spec["data"] = {kind: spec["data"][kind] for kind in manifest()["traces"] if kind in spec["data"]}
    return go.layout.Template(spec)


def new_figure(data=None) -> go.Figure:
    """A figure in plotly's default look (``template``), to add traces and layout to.

    Example:
        >>> sorted(new_figure().layout.template.data.to_plotly_json())
        ['bar', 'heatmap', 'scatter']
    """
    return go.Figure(data, layout={"template": template()})
