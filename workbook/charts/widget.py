"""Wrap a figure as a live widget that does not carry plotly.js in its state.

A plotly ``FigureWidget`` is an anywidget whose state holds plotly's 5 MB
JavaScript bundle, sent through the websocket for every chart on every page
load. On a Workbook server's Voila page (``workbook serve``, or the ``workbook``
server extension) the bundle is served once as a cached file instead, and each
chart's state carries a two-line module that imports it from the page's own
server: the Workbook's lighter bundle (``workbook.plotly_bundle``). Elsewhere
(JupyterLab, plain Voila) the chart carries plotly's bundle as usual.
"""

from __future__ import annotations

import functools
import json
import os

import plotly.graph_objects as go
import traitlets

from workbook.charts._widget_class import figure_widget_class
from workbook.plotly_bundle import chosen_bundle
from workbook.serving import ASSETS_ENV


def bundle_path(environ: dict | None = None) -> str | None:
    """The server path of the served plotly bundle on a Workbook server's Voila page, else ``None``.

    Example:
        >>> env = {"WORKBOOK_ASSETS": "workbook/assets/", "VOILA_BASE_URL": "/room/"}
        >>> bundle_path(env)  # doctest: +ELLIPSIS
        '/room/workbook/assets/plotly-widget.min.js?v=...'
    """
    env = os.environ if environ is None else environ
    assets, base = env.get(ASSETS_ENV), env.get("VOILA_BASE_URL")
    if not assets or not base:  # not a Voila page (a JupyterLab notebook, say): carry the bundle
        return None
    name, version = chosen_bundle(env)
    return f"{base}{assets}{name}?v={version}"


def bundle_loader(path: str) -> str:
    """A tiny ES module that loads the bundle from this page's own server and wraps it.

    The path is resolved against the page's address in the browser, so the same
    kernel serves any host name the room uses (and kernels started before a request
    arrives, as Voila's preheated pool does, need not know it). The wrapper gives the
    chart an accessible name: it is an image (``role="img"``) named by the widget's
    ``label``, its numbers being in a table beside it.
    """
    return (
        f"const bundle = await import(new URL({json.dumps(path)}, document.baseURI).href);\n"
        "export default () => {\n"
        "  const chart = bundle.default();\n"
        "  return {\n"
        "    initialize: (context) => chart.initialize(context),\n"
        "    render(context) {\n"
        "      const name = () => {\n"
        "        context.el.setAttribute('role', 'img');\n"
        "        context.el.setAttribute('aria-label', context.model.get('label'));\n"
        "      };\n"
        "      context.model.on('change:label', name);\n"
        "      name();\n"
        "      return chart.render(context);\n"
        "    },\n"
        "  };\n"
        "};\n"
    )


# No toolbar (it covered chart titles, and zooming is not needed); redraw on resize.
CHART_CONFIG = {"displayModeBar": False, "responsive": True}


def figure_widget(figure: go.Figure, *, label: str = "") -> go.FigureWidget:
    """Make a live, updatable widget of a complete figure.

    Build the whole ``go.Figure`` first and wrap it here: a ``FigureWidget`` edited
    before the browser connects can show empty axes (VOILA-NOTES).

    Args:
        figure: The figure to show.
        label: The chart's accessible name (under ``workbook serve``); change it with
            ``widget.label = ...`` when the chart changes.

    Returns:
        A ``FigureWidget``; update it with ``batch_update``.
    """
    path = bundle_path()
    widget_class = figure_widget_class() if path is None else _served_widget_class(bundle_loader(path))
    widget = widget_class(figure)
    widget._config = CHART_CONFIG
    if path is not None:
        widget.label = label
    return widget


def refresh_widget(widget: go.FigureWidget, figure: go.Figure) -> None:
    """Copy a fresh figure's traces and layout into a live widget, in one message.

    The fresh figure must have the same number of traces as the widget. Annotations
    and shapes are replaced whole, so ones the fresh figure no longer has are removed.
    """
    with widget.batch_update():
        for live, fresh in zip(widget.data, figure.data, strict=True):
            live.update(fresh.to_plotly_json(), overwrite=True)
        widget.layout.update(figure.layout.to_plotly_json(), overwrite=True)
        widget.layout.annotations = figure.layout.annotations
        widget.layout.shapes = figure.layout.shapes


def update_widget(widget: go.FigureWidget, traces: list[dict], layout: dict | None = None) -> None:
    """Set some properties of a live chart's traces (in trace order) and layout, in one message.

    A redraw without building the figure again: plotly sends the browser only the properties
    whose values changed, and the browser redraws only what they touch. The ``*_data``
    functions beside the chart builders give the properties a fresh figure would hold.

    Example:
        >>> widget = go.FigureWidget(go.Figure(go.Bar(x=["a"], y=[1])))
        >>> update_widget(widget, [{"y": [2]}], {"title.text": "Two"})
        >>> widget.data[0].y, widget.layout.title.text
        ((2,), 'Two')
    """
    with widget.batch_update():
        for live, props in zip(widget.data, traces, strict=True):
            live.update(props)
        if layout:
            widget.layout.update(layout)


@functools.cache
def _served_widget_class(esm: str) -> type[go.FigureWidget]:
    # anywidget reads the class's _esm when a widget is made and imports it in the browser.
    return type(
        "ServedFigureWidget",
        (figure_widget_class(),),
        {"_esm": esm, "label": traitlets.Unicode("").tag(sync=True), "__module__": __name__},
    )
