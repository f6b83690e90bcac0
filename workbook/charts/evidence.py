"""Figures for the seminar evidence."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"
SCALE = [[0.0, "#f4f1ea"], [0.25, "#c9dcd8"], [0.6, "#5f9ea0"], [1.0, "#1f4e5a"]]


def cooccurrence_figure(
    counts: pd.DataFrame, names: dict[str, str], *, width: int = 820, height: int = 700
) -> go.Figure:
    """Draw a theme co-occurrence map.

    Args:
        counts: Square counts as from :func:`workbook.evidence.theme_cooccurrence`;
            the diagonal holds each theme's excerpt count.
        names: Theme id to display name.
        width: Figure width in pixels (fixed, so the map draws the same in a tab).
        height: Figure height in pixels.

    Returns:
        A heatmap with one cell per pair of themes, coloured by the number of
        excerpts coded with both. The diagonal is left blank and each theme's own
        count is shown in its axis label. ``customdata`` holds the theme id pairs.
    """
    ids = list(counts.index)
    labels = [f"{names.get(t, t)} ({counts.loc[t, t]})" for t in ids]
    z = counts.to_numpy(dtype=float).copy()
    np.fill_diagonal(z, np.nan)
    pairs = np.array([[[row, column] for column in ids] for row in ids], dtype=object)
    figure = go.Figure(
        go.Heatmap(
            z=z,
            x=labels,
            y=labels,
            customdata=pairs,
            colorscale=SCALE,
            zmin=0,
            xgap=2,
            ygap=2,
            hoverongaps=False,
            hovertemplate="%{y}<br>with %{x}<br><b>%{z} excerpt(s)</b><extra></extra>",
            colorbar={"title": {"text": "excerpts"}, "thickness": 12, "dtick": _count_step(z)},
        )
    )
    figure.update_layout(
        width=width,
        height=height,
        margin={"l": 10, "r": 10, "t": 10, "b": 10},
        font={"family": FONT, "size": 12, "color": "#2b2b2b"},
        paper_bgcolor="white",
        plot_bgcolor="white",
        xaxis={"tickangle": -45, "side": "bottom", "automargin": True},
        yaxis={"autorange": "reversed", "automargin": True},
    )
    return figure


def _count_step(z: np.ndarray) -> int:
    """A whole-number tick step giving at most about five ticks."""
    top = np.nanmax(z) if np.isfinite(z).any() else 0
    return max(1, int(np.ceil(top / 5)))
