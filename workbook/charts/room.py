"""The workshop room's chart: how the room answered."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from workbook.charts._style import PALETTE, new_figure, style_figure


def answers_figure(
    counts: Sequence[tuple[str, int]], *, title: str = "", empty: str = "No answers yet"
) -> go.Figure:
    """A horizontal bar per option (or per frequent word), first option at the top.

    Args:
        counts: ``(label, count)`` pairs in the order to show them.
        title: The chart's title.
        empty: Said on the chart when there is nothing to count.

    Example:
        >>> fig = answers_figure([("1", 0), ("2", 3)], title="How fair?")
        >>> list(fig.data[0].y), list(fig.data[0].x)
        (['1', '2'], [0, 3])
    """
    labels = [label for label, _ in counts]
    values = [count for _, count in counts]
    figure = new_figure(
        go.Bar(
            y=labels,
            x=values,
            orientation="h",
            marker_color=PALETTE[0],
            text=values,
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x}<extra></extra>",
        )
    )
    top = max(values, default=0)
    figure.update_yaxes(autorange="reversed", automargin=True)
    figure.update_xaxes(
        range=[0, max(top, 1) * 1.2], showgrid=True, gridcolor="#eee", dtick=1 if top < 10 else None
    )
    if not top:
        figure.add_annotation(
            text=empty,
            showarrow=False,
            x=0.5,
            y=0.5,
            xref="paper",
            yref="paper",
            font={"size": 16, "color": "#5d6870"},
        )
    return style_figure(figure, height=max(220, 42 * len(labels) + 80), title=title)
