"""Figures for risk against needs: density views that stay readable at any caseload size."""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbook.charts._spec import merge
from workbook.charts._style import SCALE, new_figure, style_figure


def density_counts(x: pd.Series, y: pd.Series, x_edges: np.ndarray, y_edges: np.ndarray) -> np.ndarray:
    """Count cases in a grid of cells: rows follow ``y_edges``, columns ``x_edges``.

    Example:
        >>> x, y = pd.Series([0, 1, 1]), pd.Series([5, 5, 95])
        >>> density_counts(x, y, np.arange(0, 3), np.array([0, 50, 100])).tolist()
        [[1.0, 1.0], [0.0, 1.0]]
    """
    counts, _, _ = np.histogram2d(y.to_numpy(float), x.to_numpy(float), bins=[y_edges, x_edges])
    return counts


def risk_need_figure(counts: np.ndarray, x_labels: list[str], y_labels: list[str], *, x_title: str,
                     y_title: str, title: str, share: bool = True) -> dict:  # fmt: skip
    """A density heatmap of cases by two measures, each cell labelled with its count.

    Args:
        counts: Cell counts, rows = y categories (bottom to top), columns = x categories.
        x_labels: Labels of the columns.
        y_labels: Labels of the rows.
        x_title: The x axis title.
        y_title: The y axis title.
        title: The figure title.
        share: Colour by share of the caseload rather than count.

    Returns:
        A heatmap with hover text giving counts and shares.
    """
    total = max(counts.sum(), 1)
    text = [[_compact(c) for c in row] for row in counts]
    figure = new_figure(
        {
            "type": "heatmap",
            "z": (counts / total if share else counts).tolist(),
            "x": x_labels,
            "y": y_labels,
            "text": text,
            "texttemplate": "%{text}",
            "textfont": {"size": 12},
            "customdata": (counts / total).tolist(),
            "colorscale": SCALE,
            "xgap": 1,
            "ygap": 1,
            "hovertemplate": f"{x_title}: %{{x}}<br>{y_title}: %{{y}}<br>%{{customdata:.1%}} of cases"
            "<extra></extra>",
            "colorbar": {
                "title": {"text": "share" if share else "cases"},
                "tickformat": ".0%" if share else ",d",
                "thickness": 12,
            },
        }
    )
    merge(
        figure["layout"],
        {
            "xaxis": {"title": {"text": x_title}, "type": "category"},
            "yaxis": {"title": {"text": y_title}, "type": "category"},
        },
    )
    return style_figure(figure, height=380, title=title)


def _compact(count: float) -> str:
    """A cell's count short enough to fit its cell at phone width: 1,234 as 1.2k.

    Example:
        >>> _compact(0), _compact(87), _compact(1234), _compact(25000)
        ('', '87', '1.2k', '25k')
    """
    if not count:
        return ""
    if count < 1000:
        return f"{int(count)}"
    return f"{count / 1000:.1f}k" if count < 10_000 else f"{count / 1000:.0f}k"
