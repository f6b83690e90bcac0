"""Wrap a figure as a live widget that does not carry plotly.js in its state.

A plotly ``FigureWidget`` is an anywidget whose state holds plotly's 5 MB
JavaScript bundle, sent through the websocket for every chart on every page
load. Under ``workbook serve`` the bundle is served once as a cached file
instead, and each chart's state names its URL (anywidget imports an ``_esm`` that
is a URL). Elsewhere (JupyterLab, plain Voila) the chart carries the bundle as usual.
"""

from __future__ import annotations

import functools
import os

import plotly.graph_objects as go

ASSETS_ENV = "WORKBOOK_ASSETS"
PLOTLY_BUNDLE = "widgetbundle.js"


def bundle_url(environ: dict | None = None) -> str | None:
    """The absolute URL of the served plotly bundle, or ``None`` outside ``workbook serve``.

    Voila tells the kernel the host and port the browser asked for, and the base URL.

    Example:
        >>> bundle_url({"WORKBOOK_ASSETS": "workbook/assets/", "SERVER_NAME": "127.0.0.1",
        ...             "SERVER_PORT": "8866", "VOILA_BASE_URL": "/"})
        'http://127.0.0.1:8866/workbook/assets/widgetbundle.js'
    """
    env = os.environ if environ is None else environ
    assets, host = env.get(ASSETS_ENV), env.get("SERVER_NAME")
    if not assets or not host:
        return None
    port = f":{env['SERVER_PORT']}" if env.get("SERVER_PORT") else ""
    base = env.get("VOILA_BASE_URL", "/")
    return f"http://{host}{port}{base}{assets}{PLOTLY_BUNDLE}"


def figure_widget(figure: go.Figure) -> go.FigureWidget:
    """Make a live, updatable widget of a complete figure.

    Build the whole ``go.Figure`` first and wrap it here: a ``FigureWidget`` edited
    before the browser connects can show empty axes (VOILA-NOTES).

    Args:
        figure: The figure to show.

    Returns:
        A ``FigureWidget``; update it with ``batch_update``.
    """
    url = bundle_url()
    widget_class = go.FigureWidget if url is None else _served_widget_class(url)
    return widget_class(figure)


@functools.cache
def _served_widget_class(url: str) -> type[go.FigureWidget]:
    # anywidget reads the class's _esm when a widget is made; a URL is imported by the browser.
    return type("ServedFigureWidget", (go.FigureWidget,), {"_esm": url, "__module__": __name__})
