"""Figures for caseload tiering: tier distributions, flows between schemes, workload.

Each figure's data (what changes when a threshold moves) comes from a ``*_data`` function,
which the page also uses to update a live chart with only what changed (``update_widget``)
rather than building the figure again.
"""

from __future__ import annotations

import pandas as pd

from workbook.charts._spec import merge
from workbook.charts._style import HIGHLIGHT, PALETTE, new_figure, style_figure


def _layout(figure: dict, *, height: int) -> dict:
    layout = figure["layout"]
    # The legend sits above the plot, clear of the axis titles below it.
    merge(layout, {"legend": {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"}})
    # Every axis the layout has, and the first two even when unset (as plotly's update_xaxes did).
    axes = {"xaxis", "yaxis"} | {key for key in layout if key.startswith(("xaxis", "yaxis"))}
    for axis in sorted(axes):
        merge(layout, {axis: {"automargin": True} | ({"gridcolor": "#ece9e2"} if axis[0] == "y" else {})})
    style_figure(figure, height=height, title=layout.get("title", {}).get("text"))
    return merge(figure, {"layout": {"margin": {"t": 70}}})


def tier_counts_data(counts: list[pd.DataFrame], names: list[str]) -> tuple[list[dict], dict]:
    """The tier counts chart's data: per scheme, the bars of everyone else then the group's; axis titles.

    Example:
        >>> frame = pd.DataFrame({"cases": [5, 3], "group": [1, 0]}, index=["A", "B"])
        >>> traces, layout = tier_counts_data([frame, frame], ["one", "two"])
        >>> [t["y"].tolist() for t in traces], layout["xaxis.title.text"]
        ([[4, 3], [1, 0], [4, 3], [1, 0]], 'one')
    """
    traces = []
    for frame in counts:
        labels = [str(t) for t in frame.index]
        traces += [
            {"x": labels, "y": (frame["cases"] - frame["group"]).to_numpy()},
            {"x": labels, "y": frame["group"].to_numpy()},
        ]
    return traces, {"xaxis.title.text": names[0], "xaxis2.title.text": names[1]}


def tier_counts_figure(counts: list[pd.DataFrame], names: list[str], *, group_label: str) -> dict:
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
    figure = new_figure()
    traces, titles = tier_counts_data(counts, names)
    for i, (others, group) in enumerate(zip(traces[::2], traces[1::2], strict=True)):
        axis = "" if i == 0 else str(i + 1)
        for bars, name, colour in ((others, "everyone else", PALETTE[0]), (group, group_label, HIGHLIGHT)):
            figure["data"].append(
                {
                    "type": "bar",
                    **bars,
                    "name": name,
                    "marker": {"color": colour},
                    "xaxis": f"x{axis}",
                    "yaxis": f"y{axis}",
                    "showlegend": i == 0,
                    "hovertemplate": "%{x}: %{y} cases<extra>" + name + "</extra>",
                }
            )
    merge(
        figure["layout"],
        {
            "barmode": "stack",
            "xaxis": {"domain": [0, 1], "anchor": "y", "title": {"text": titles["xaxis.title.text"]},
                      "type": "category"},
            "xaxis2": {"domain": [0, 1], "anchor": "y2", "title": {"text": titles["xaxis2.title.text"]},
                       "type": "category"},
            "yaxis": {"domain": [0.58, 1], "title": {"text": "cases"}, "tickformat": ",d"},
            "yaxis2": {"domain": [0, 0.38], "anchor": "x2", "title": {"text": "cases"}, "tickformat": ",d"},
            "title": {"text": "Cases in each tier", "x": 0, "font": {"size": 15}},
        },
    )  # fmt: skip
    return _layout(figure, height=540)


def tier_flow_data(flows: pd.DataFrame, names: list[str]) -> tuple[list[dict], dict]:
    """The flow diagram's data: nodes ("scheme: tier") and the links between them that carry cases.

    Example:
        >>> flows = pd.DataFrame([[3, 0], [1, 2]], index=["A", "B"], columns=["1", "2"])
        >>> [trace], _ = tier_flow_data(flows, ["x", "y"])
        >>> trace["link.source"], trace["link.target"], trace["link.value"]
        ([0, 1, 1], [2, 2, 3], [3, 1, 2])
    """
    left = [f"{names[0]}: {t}" for t in flows.index]
    right = [f"{names[1]}: {t}" for t in flows.columns]
    cells = flows.to_numpy()
    rows, columns = cells.nonzero()  # row by row, as the diagram has always listed them
    return [
        {
            "node.label": left + right,
            "node.color": [PALETTE[0]] * len(left) + [PALETTE[1]] * len(right),
            "link.source": rows.tolist(),
            "link.target": (len(left) + columns).tolist(),
            "link.value": [int(v) for v in cells[rows, columns]],
        }
    ], {}


def tier_flow_figure(flows: pd.DataFrame, names: list[str]) -> dict:
    """A Sankey diagram of how cases move between two schemes' tiers.

    Args:
        flows: A crosstab: index = first scheme's tiers, columns = second's, values = cases.
        names: The two schemes' names.

    Returns:
        One Sankey trace; nodes are "scheme: tier", links carry the case counts.
    """
    [data], _ = tier_flow_data(flows, names)
    figure = new_figure(
        {
            "type": "sankey",
            "arrangement": "snap",
            "node": {"label": data["node.label"], "pad": 12, "thickness": 14, "color": data["node.color"]},
            "link": {
                "source": data["link.source"],
                "target": data["link.target"],
                "value": data["link.value"],
                "color": "rgba(95,158,160,0.35)",
                "hovertemplate": "%{source.label} → %{target.label}: %{value} cases<extra></extra>",
            },
        }
    )
    figure["layout"]["title"] = {"text": "Who moves between the two schemes", "x": 0, "font": {"size": 15}}
    return _layout(figure, height=420)


def workload_data(table: pd.DataFrame) -> tuple[list[dict], dict]:
    """The workload chart's data: officers needed per scheme, labelled with the group's share of the time.

    Example:
        >>> table = pd.DataFrame({"officers": [10.0], "group_share": [0.2], "case_share": [0.1]}, index=["A"])
        >>> workload_data(table)[0][0]["text"]
        ['20% of time for 10% of cases']
    """
    labels = [
        f"{g:.0%} of time for {c:.0%} of cases"
        for g, c in zip(table["group_share"], table["case_share"], strict=True)
    ]
    bars = {"x": list(table.index), "y": table["officers"].to_numpy(), "text": labels}
    return [bars | {"marker.color": list(PALETTE[: len(table)])}], {}


def workload_figure(table: pd.DataFrame) -> dict:
    """Officers needed under each scheme, and the share of that time the highlighted group gets.

    Args:
        table: Indexed by scheme name, with columns ``officers`` (officers needed at
            100% capacity) and ``group_share`` (fraction of the points that go to the
            highlighted group) and ``case_share`` (the group's fraction of cases).

    Returns:
        A bar chart of officers needed, labelled with the group's share of the time.
    """
    [data], _ = workload_data(table)
    figure = new_figure(
        {
            "type": "bar",
            "x": data["x"],
            "y": data["y"],
            "text": data["text"],
            "textposition": "outside",
            "marker": {"color": data["marker.color"]},
            "hovertemplate": "%{x}: %{y:.1f} officers<extra></extra>",
        }
    )
    merge(
        figure["layout"],
        {
            "title": {"text": "Officers needed at 100% capacity", "x": 0, "font": {"size": 15}},
            "yaxis": {"title": {"text": "officers (full-time)"}, "rangemode": "tozero", "tickformat": ",d"},
            "showlegend": False,
        },
    )
    return _layout(figure, height=320)
