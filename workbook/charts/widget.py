"""Wrap a figure as a live widget that does not carry plotly.js in its state.

A plotly ``FigureWidget`` is an anywidget whose state holds plotly's 5 MB
JavaScript bundle, sent through the websocket for every chart on every page
load. On a Workbook server's Voila page (``workbook serve``, or the ``workbook``
server extension) the bundle is served once as a cached file instead, and each
chart's state carries a two-line module that imports it from
the page's own server. Elsewhere (JupyterLab, plain Voila) the chart carries the
bundle as usual.
"""

from __future__ import annotations

import functools
import json
import os

import plotly.graph_objects as go
import traitlets

ASSETS_ENV = "WORKBOOK_ASSETS"
PLOTLY_BUNDLE = "widgetbundle.js"


def bundle_path(environ: dict | None = None) -> str | None:
    """The server path of the served plotly bundle on a Workbook server's Voila page, else ``None``.

    Example:
        >>> bundle_path({"WORKBOOK_ASSETS": "workbook/assets/", "VOILA_BASE_URL": "/room/"})
        '/room/workbook/assets/widgetbundle.js'
    """
    env = os.environ if environ is None else environ
    assets, base = env.get(ASSETS_ENV), env.get("VOILA_BASE_URL")
    if not assets or not base:  # not a Voila page (a JupyterLab notebook, say): carry the bundle
        return None
    return f"{base}{assets}{PLOTLY_BUNDLE}"


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
    widget_class = go.FigureWidget if path is None else _served_widget_class(bundle_loader(path))
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


@functools.cache
def _served_widget_class(esm: str) -> type[go.FigureWidget]:
    # anywidget reads the class's _esm when a widget is made and imports it in the browser.
    return type(
        "ServedFigureWidget",
        (go.FigureWidget,),
        {"_esm": esm, "label": traitlets.Unicode("").tag(sync=True), "__module__": __name__},
    )
