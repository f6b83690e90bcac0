"""Figures for the compliance scenarios."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from workbook.charts._style import HIGHLIGHT, PALETTE, new_figure, style_figure

RUNS = {"baseline": ("Baseline", PALETTE[0]), "scenario": ("Scenario", HIGHLIGHT)}


def compliance_over_time_figure(weekly: pd.DataFrame, *, target: float = 0.70) -> go.Figure:
    """Formal compliance (appointments kept) and substantive compliance (engagement) over the order.

    Args:
        weekly: ``Comparison.weekly``: per run and window of weeks (``week`` to ``week_to``, 0 the
            induction week), means and low/high bands over seeds.
        target: The appointments-kept target to draw (the seminar's 70%).

    Returns:
        Two panels side by side; per panel and run, a band (low to high over seeds) and a
        mean line, each point at the window's last week (counted from 1). Trace order: for each
        panel (kept, engagement), for each run, band then line.
    """
    windows = (weekly["week_to"] - weekly["week"] + 1).iloc[0] if len(weekly) else 1
    figure = new_figure()
    for panel, (column, axis) in enumerate((("kept", ""), ("engagement", "2"))):
        mean = "kept_share" if column == "kept" else "engagement"
        for run, (label, colour) in RUNS.items():
            rows = weekly[weekly["run"] == run]
            weeks = (rows["week_to"] + 1).tolist()
            spans = [f"weeks {a + 1}–{b + 1}" for a, b in zip(rows["week"], rows["week_to"], strict=True)]
            band = rows[f"{column}_high"].tolist() + rows[f"{column}_low"].tolist()[::-1]
            figure.add_scatter(
                x=weeks + weeks[::-1], y=band,
                fill="toself", fillcolor=colour, opacity=0.18, line={"width": 0}, hoverinfo="skip",
                showlegend=False, xaxis=f"x{axis}", yaxis=f"y{axis}", name=f"{label} range",
            )  # fmt: skip
            figure.add_scatter(
                x=weeks, y=rows[mean].to_numpy(), mode="lines+markers", line={"color": colour, "width": 2},
                name=label, showlegend=panel == 0, xaxis=f"x{axis}", yaxis=f"y{axis}", customdata=spans,
                hovertemplate=f"{label}, %{{customdata}}: %{{y:.1%}}<extra></extra>",
            )  # fmt: skip
    figure.add_hline(y=target, line={"dash": "dot", "color": "#888"}, annotation_text=f"target {target:.0%}",
                     xref="x", yref="y")  # fmt: skip
    figure.update_layout(
        xaxis={"domain": [0, 0.47], "title": {"text": f"week of the order ({windows}-week windows)"}},
        xaxis2={"domain": [0.53, 1], "title": {"text": f"week of the order ({windows}-week windows)"}},
        yaxis={"title": {"text": "appointments kept (formal)"}, "tickformat": ".0%"},
        yaxis2={"title": {"text": "engagement (substantive)"}, "tickformat": ".0%", "anchor": "x2"},
        legend={"orientation": "h", "y": -0.2},
    )
    title = f"Formal and substantive compliance over the order, in {windows}-week windows"
    return style_figure(figure, height=360, title=title)
