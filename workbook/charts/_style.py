"""The Workbook's chart look: one font, one palette, one page-like layout."""

from __future__ import annotations

import plotly.graph_objects as go

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
