"""Figures for caseload tiering: tier distributions, flows between schemes, workload."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from workbook.charts._style import HIGHLIGHT, PALETTE, style_figure


def _layout(figure: go.Figure, *, height: int) -> go.Figure:
    # The legend sits above the plot, clear of the axis titles below it.
    figure.update_layout(legend={"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"})
    figure.update_xaxes(automargin=True)
    figure.update_yaxes(automargin=True, gridcolor="#ece9e2")
    figure = style_figure(figure, height=height, title=figure.layout.title.text)
    return figure.update_layout(margin={"t": 70})


def tier_counts_figure(counts: list[pd.DataFrame], names: list[str], *, group_label: str) -> go.Figure:
    """Cases per tier under two schemes, with the highlighted group's share in each tier.

    Args:
        counts: Per scheme, a frame indexed by tier (least to most resource) with
            columns ``cases`` and ``group`` (cases of the highlighted group).
        names: The schemes' names, in the same order.
        group_label: What the highlighted group is, for the legend.

    Returns:
        Bar charts, one per scheme, one above the other (each keeps its width on a phone);
        each bar is split into the group and everyone else. Trace order: for each scheme,
        "others" then "group".
    """
    figure = go.Figure()
    for i, frame in enumerate(counts):
        axis = "" if i == 0 else str(i + 1)
        labels = [str(t) for t in frame.index]
        figure.add_bar(
            x=labels,
            y=frame["cases"] - frame["group"],
            name="everyone else",
            marker_color=PALETTE[0],
            xaxis=f"x{axis}",
            yaxis=f"y{axis}",
            showlegend=i == 0,
            hovertemplate="%{x}: %{y} cases<extra>everyone else</extra>",
        )
        figure.add_bar(
            x=labels,
            y=frame["group"],
            name=group_label,
            marker_color=HIGHLIGHT,
            xaxis=f"x{axis}",
            yaxis=f"y{axis}",
            showlegend=i == 0,
            hovertemplate="%{x}: %{y} cases<extra>" + group_label + "</extra>",
        )
    figure.update_layout(
        barmode="stack",
        xaxis={"domain": [0, 1], "anchor": "y", "title": {"text": names[0]}, "type": "category"},
        xaxis2={"domain": [0, 1], "anchor": "y2", "title": {"text": names[1]}, "type": "category"},
        yaxis={"domain": [0.58, 1], "title": {"text": "cases"}, "tickformat": ",d"},
        yaxis2={"domain": [0, 0.38], "anchor": "x2", "title": {"text": "cases"}, "tickformat": ",d"},
        title={"text": "Cases in each tier", "x": 0, "font": {"size": 15}},
    )
    return _layout(figure, height=540)


def tier_flow_figure(flows: pd.DataFrame, names: list[str]) -> go.Figure:
    """A Sankey diagram of how cases move between two schemes' tiers.

    Args:
        flows: A crosstab: index = first scheme's tiers, columns = second's, values = cases.
        names: The two schemes' names.

    Returns:
        One Sankey trace; nodes are "scheme: tier", links carry the case counts.
    """
    left = [f"{names[0]}: {t}" for t in flows.index]
    right = [f"{names[1]}: {t}" for t in flows.columns]
    source, target, value = [], [], []
    for i, row in enumerate(flows.index):
        for j, column in enumerate(flows.columns):
            if flows.loc[row, column] > 0:
                source.append(i)
                target.append(len(left) + j)
                value.append(int(flows.loc[row, column]))
    figure = go.Figure(
        go.Sankey(
            arrangement="snap",
            node={
                "label": left + right,
                "pad": 12,
                "thickness": 14,
                "color": [PALETTE[0]] * len(left) + [PALETTE[1]] * len(right),
            },
            link={
                "source": source,
                "target": target,
                "value": value,
                "color": "rgba(95,158,160,0.35)",
                "hovertemplate": "%{source.label} → %{target.label}: %{value} cases<extra></extra>",
            },
        )
    )
    figure.update_layout(title={"text": "Who moves between the two schemes", "x": 0, "font": {"size": 15}})
    return _layout(figure, height=420)


def workload_figure(table: pd.DataFrame) -> go.Figure:
    """Officers needed under each scheme, and the share of that time the highlighted group gets.

    Args:
        table: Indexed by scheme name, with columns ``officers`` (officers needed at
            100% capacity) and ``group_share`` (fraction of the points that go to the
            highlighted group) and ``case_share`` (the group's fraction of cases).

    Returns:
        A bar chart of officers needed, labelled with the group's share of the time.
    """
    labels = [
        f"{g:.0%} of time for {c:.0%} of cases"
        for g, c in zip(table["group_share"], table["case_share"], strict=True)
    ]
    figure = go.Figure(
        go.Bar(
            x=list(table.index),
            y=table["officers"],
            text=labels,
            textposition="outside",
            marker_color=list(PALETTE[: len(table)]),
            hovertemplate="%{x}: %{y:.1f} officers<extra></extra>",
        )
    )
    figure.update_layout(
        title={"text": "Officers needed at 100% capacity", "x": 0, "font": {"size": 15}},
        yaxis={"title": {"text": "officers (full-time)"}, "rangemode": "tozero", "tickformat": ",d"},
        showlegend=False,
    )
    return _layout(figure, height=320)
