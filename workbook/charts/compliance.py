"""Figures for the compliance scenarios."""

from __future__ import annotations

import pandas as pd

from workbook.charts._spec import merge
from workbook.charts._style import HIGHLIGHT, PALETTE, new_figure, style_figure

RUNS = {"baseline": ("Baseline", PALETTE[0]), "scenario": ("Scenario", HIGHLIGHT)}


def window_weeks(weekly: pd.DataFrame) -> int:
    """How many weeks each window of ``Comparison.weekly`` spans (1 when there are none)."""
    return int((weekly["week_to"] - weekly["week"] + 1).iloc[0]) if len(weekly) else 1


def compliance_over_time_data(weekly: pd.DataFrame) -> tuple[list[dict], dict]:
    """The chart's data: per panel (kept, engagement) and run, the band then the mean line; axis titles.

    The layout keys are the axis titles, which name the windows' length.
    """
    windows = window_weeks(weekly)
    traces = []
    for column in ("kept", "engagement"):
        mean = "kept_share" if column == "kept" else "engagement"
        for run in RUNS:
            rows = weekly[weekly["run"] == run]
            weeks = (rows["week_to"] + 1).tolist()
            spans = [f"weeks {a + 1}–{b + 1}" for a, b in zip(rows["week"], rows["week_to"], strict=True)]
            band = rows[f"{column}_high"].tolist() + rows[f"{column}_low"].tolist()[::-1]
            traces += [
                {"x": weeks + weeks[::-1], "y": band},
                {"x": weeks, "y": rows[mean].to_numpy(), "customdata": spans},
            ]
    axis = f"week of the order ({windows}-week windows)"
    return traces, {"xaxis.title.text": axis, "xaxis2.title.text": axis}


def compliance_over_time_figure(weekly: pd.DataFrame, *, target: float = 0.70) -> dict:
    """Formal compliance (appointments kept) and substantive compliance (engagement) over the order.

    Args:
        weekly: ``Comparison.weekly``: per run and window of weeks (``week`` to ``week_to``, 0 the
            induction week), means and low/high bands over seeds.
        target: The appointments-kept target to draw (the seminar's 70%).

    Returns:
        Two panels, one above the other (so each keeps its width on a phone); per panel and
        run, a band (low to high over seeds) and a mean line, each point at the window's last
        week (counted from 1). Trace order: for each panel (kept, engagement), for each run,
        band then line.
    """
    traces, titles = compliance_over_time_data(weekly)
    data = iter(traces)
    figure = new_figure()
    for panel, axis in enumerate(("", "2")):
        for label, colour in RUNS.values():
            band, line = next(data), next(data)
            figure["data"] += [
                {"type": "scatter", **band, "fill": "toself", "fillcolor": colour, "opacity": 0.18,
                 "line": {"width": 0}, "hoverinfo": "skip", "showlegend": False, "xaxis": f"x{axis}",
                 "yaxis": f"y{axis}", "name": f"{label} range"},
                {"type": "scatter", **line, "mode": "lines+markers", "line": {"color": colour, "width": 2},
                 "name": label, "showlegend": panel == 0, "xaxis": f"x{axis}", "yaxis": f"y{axis}",
                 "hovertemplate": f"{label}, %{{customdata}}: %{{y:.1%}}<extra></extra>"},
            ]  # fmt: skip
    merge(
        figure["layout"],
        {
            # The target line across the top panel, labelled at its right end (plotly's add_hline).
            "shapes": [{"type": "line", "line": {"dash": "dot", "color": "#888"}, "x0": 0, "x1": 1,
                        "xref": "x domain", "y0": target, "y1": target, "yref": "y"}],
            "annotations": [{"text": f"target {target:.0%}", "showarrow": False, "x": 1, "xanchor": "right",
                             "xref": "x domain", "y": target, "yanchor": "bottom", "yref": "y"}],
            "xaxis": {"domain": [0, 1], "anchor": "y", "automargin": True,
                      "title": {"text": titles["xaxis.title.text"]}},
            "xaxis2": {"domain": [0, 1], "anchor": "y2", "automargin": True,
                       "title": {"text": titles["xaxis2.title.text"]}},
            "yaxis": {"domain": [0.58, 1], "title": {"text": "kept (formal)"}, "tickformat": ".0%",
                      "automargin": True},
            "yaxis2": {"domain": [0, 0.4], "title": {"text": "engagement"}, "tickformat": ".0%",
                       "anchor": "x2", "automargin": True},
            "legend": {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
        },
    )  # fmt: skip
    title = f"Formal and substantive compliance over the order, in {window_weeks(weekly)}-week windows"
    style_figure(figure, height=520, title=title)
    return merge(figure, {"layout": {"margin": {"t": 60}}})
