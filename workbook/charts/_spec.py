"""Plotly figures as plain data: the JSON plotly.js draws, built and edited without plotly's Python.

A figure here is ``{"data": [trace, ...], "layout": {...}}``, exactly what plotly.js takes and
what ``plotly.graph_objects.Figure(spec)`` accepts. Building it as plain dicts saves a chart
page's kernel plotly's Python classes and validators (about 0.2 s and 34 MB per page load,
measured in ``benchmarks/results/dashboards.json``); the tests check every chart against
plotly's own validators instead, and draw it with the full plotly.js
(``tests/test_plotly_bundle.py``).

Written by hand: plotly's Python would do this, at the cost above, and no smaller
maintained library edits plotly figure dicts.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np


def merge(target: dict, updates: dict) -> dict:
    """Merge ``updates`` into ``target`` as plotly's ``update_layout`` does: nested dicts key by key.

    Returns ``target`` (changed in place). Lists and other values replace what was there.

    Example:
        >>> merge({"margin": {"l": 10, "t": 40}}, {"margin": {"t": 70}, "height": 300})
        {'margin': {'l': 10, 't': 70}, 'height': 300}
    """
    for key, value in updates.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            merge(target[key], value)
        else:
            target[key] = value
    return target


def set_paths(target: dict, props: dict) -> dict:
    """A copy of ``target`` with values set at dotted paths (``"xaxis.title.text"``), as plotly's ``update``.

    Only the dicts along each path are copied, so ``target`` is left as it was and a widget
    given the copy sees a changed value.

    Example:
        >>> layout = {"xaxis": {"title": {"text": "a"}, "type": "category"}}
        >>> set_paths(layout, {"xaxis.title.text": "b", "height": 200})
        {'xaxis': {'title': {'text': 'b'}, 'type': 'category'}, 'height': 200}
        >>> layout["xaxis"]["title"]["text"]
        'a'
    """
    result = dict(target)
    for path, value in props.items():
        *parents, leaf = path.split(".")
        node = result
        for key in parents:
            node[key] = dict(node.get(key) or {})
            node = node[key]
        node[leaf] = value
    return result


def plain(value: Any) -> Any:
    """``value`` with numpy arrays and numbers as lists and Python numbers, and NaN as ``None``.

    Widget messages are JSON, which has neither numpy types nor NaN (plotly.js draws ``None``
    as a gap, as it does NaN).

    Example:
        >>> plain({"y": np.array([1.5, np.nan]), "n": np.int64(3), "t": (1, 2)})
        {'y': [1.5, None], 'n': 3, 't': [1, 2]}
    """
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, np.ndarray):
        return plain(value.tolist())
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    if isinstance(value, np.generic):
        return plain(value.item())
    if isinstance(value, float) and math.isnan(value):
        return None
    return value
