"""Figures for the seminar evidence."""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd

from workbook.charts._spec import merge
from workbook.charts._style import SCALE, new_figure, style_figure

LABEL_WIDTH = 24  # characters on a row label's line: a long theme name takes two or three lines
ROW_HEIGHT = 48  # pixels a row: room for a label's three lines


def cooccurrence_figure(
    counts: pd.DataFrame, names: dict[str, str], *, width: int | None = None, height: int | None = None
) -> dict:
    """Draw a theme co-occurrence map.

    Args:
        counts: Square counts as from :func:`workbook.evidence.theme_cooccurrence`;
            the diagonal holds each theme's excerpt count.
        names: Theme id to display name.
        width: Figure width in pixels; by default it fills its container.
        height: Figure height in pixels; by default ``ROW_HEIGHT`` a row and room for the numbers.

    Returns:
        A heatmap with one cell per pair of themes, coloured by the number of
        excerpts coded with both. Rows are numbered and named with each theme's own
        count, on two lines where a name is long (so that a phone's column leaves room
        for the map); columns carry the same numbers, so the map stays compact. The
        diagonal is left blank. ``customdata`` holds the theme id pairs.

    Example:
        >>> counts = pd.DataFrame([[3, 1], [1, 2]], index=["a", "b"], columns=["a", "b"])
        >>> cooccurrence_figure(counts, {"a": "Discretion, legitimacy and consistency"})["data"][0]["y"]
        ['1. Discretion,<br>legitimacy and<br>consistency (3)', '2. b (2)']
    """
    ids = list(counts.index)
    labels = [f"{n}. {names.get(t, t)} ({counts.loc[t, t]})" for n, t in enumerate(ids, start=1)]
    numbers = [str(n) for n in range(1, len(ids) + 1)]
    z = counts.to_numpy(dtype=float).copy()
    np.fill_diagonal(z, np.nan)
    figure = new_figure(
        {
            "type": "heatmap",
            # None, not NaN, on the diagonal: widget messages must be valid JSON.
            "z": [[None if np.isnan(v) else v for v in row] for row in z],
            "x": numbers,
            "y": ["<br>".join(textwrap.wrap(label, LABEL_WIDTH)) for label in labels],
            "customdata": [[[row, column] for column in ids] for row in ids],
            "colorscale": SCALE,
            "zmin": 0,
            "xgap": 2,
            "ygap": 2,
            "hoverongaps": False,
            "text": [[labels[j] for j in range(len(ids))] for _ in ids],
            "hovertemplate": "%{y}<br>with %{text}<br><b>%{z} excerpt(s)</b><extra></extra>",
            "colorbar": {"title": {"text": "excerpts"}, "thickness": 12, "dtick": _count_step(z)},
        }
    )
    merge(
        figure["layout"],
        {
            "xaxis": {"side": "top", "type": "category", "automargin": True},
            "yaxis": {"autorange": "reversed", "automargin": True},
        },
    )
    return style_figure(figure, height=height or ROW_HEIGHT * len(ids) + 100, width=width)


def _count_step(z: np.ndarray) -> int:
    """A whole-number tick step giving at most about five ticks."""
    top = np.nanmax(z) if np.isfinite(z).any() else 0
    return max(1, int(np.ceil(top / 5)))
