"""A live chart: a figure drawn by plotly.js in the browser, redrawn when the kernel changes it.

The widget (:class:`Chart`) holds a figure as plain data (``workbook.charts._spec``): its
traces and layout, and plotly.js's config. When the kernel sets a new figure, the browser
redraws with ``Plotly.react``, which redraws only what changed. Its front end
(``js/plotly-bundle/src/chart.js``) is bundled with a plotly.js that holds only the trace
types the Workbook draws (``workbook.plotly_bundle``, 1.4 MB against plotly's full 5 MB).

plotly's own ``FigureWidget`` was used before. This replaces it because a page's kernel paid
for plotly's Python classes on every load (about 0.2 s and 34 MB), and because it sent the
kernel a message for every hover and resize. A chart here sends the kernel only clicks.

On a Workbook server's Voila page (``workbook serve``, or the ``workbook`` server extension)
the front end is served once as a cached file, and each chart's state carries a two-line
module that imports it from the page's own server. Elsewhere (JupyterLab, plain Voila) the
chart carries the whole front end in its state.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable

import anywidget
import traitlets

from workbook.charts._spec import plain, set_paths
from workbook.plotly_bundle import bundle_address, bundle_file
from workbook.serving import ASSETS_ENV

# No toolbar (it covered chart titles, and zooming is not needed); redraw on resize.
CHART_CONFIG = {"displayModeBar": False, "responsive": True}


class Chart(anywidget.AnyWidget):
    """A plotly.js chart of a figure given as plain data; set ``figure`` to redraw it.

    Make one with :func:`figure_widget`. The chart is an image for assistive technology
    (``role="img"``), named by ``label``; its numbers belong in a table beside it.

    Example:
        >>> chart = figure_widget({"data": [{"type": "bar", "y": [1, 2]}], "layout": {}}, label="Two bars")
        >>> chart.figure["data"][0]["y"], chart.label
        ([1, 2], 'Two bars')
    """

    _esm = traitlets.Unicode().tag(sync=True)
    figure = traitlets.Dict().tag(sync=True)  # {"data", "layout"}: a widget's own ``layout`` is its CSS
    config = traitlets.Dict().tag(sync=True)
    label = traitlets.Unicode("").tag(sync=True)

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._click_handlers: list[Callable[[int, object], None]] = []
        self.on_msg(self._on_front_end_message)

    def on_click(self, handler: Callable[[int, object], None]) -> None:
        """Call ``handler(trace, point)`` when someone clicks a point: the trace's index and the point's.

        A point's index is a number, or ``[row, column]`` on a heatmap.
        """
        self._click_handlers.append(handler)

    def click(self, trace: int, point: object) -> None:
        """Act as if this point had been clicked in the browser."""
        for handler in self._click_handlers:
            handler(trace, point)

    def _on_front_end_message(self, _widget, content: dict, _buffers) -> None:
        if content.get("event") == "click" and content.get("points"):
            first = content["points"][0]
            self.click(int(first["trace"]), first["point"])


def bundle_path(environ: dict | None = None) -> str | None:
    """The server path of the served chart front end on a Workbook server's Voila page, else ``None``.

    Example:
        >>> env = {"WORKBOOK_ASSETS": "workbook/assets/", "VOILA_BASE_URL": "/room/"}
        >>> bundle_path(env)  # doctest: +ELLIPSIS
        '/room/workbook/assets/plotly-widget.min.js?v=...'
    """
    env = os.environ if environ is None else environ
    assets, base = env.get(ASSETS_ENV), env.get("VOILA_BASE_URL")
    if not assets or not base:  # not a Voila page (a JupyterLab notebook, say): carry the bundle
        return None
    return bundle_address(base, assets)


def bundle_loader(path: str) -> str:
    """A tiny ES module that loads the chart front end from this page's own server.

    The path is resolved against the page's address in the browser (the module itself is
    loaded from a ``blob:`` address, against which no path resolves), so the same kernel
    serves any host name the room uses, and kernels started before a request arrives (as
    Voila's preheated pool does) need not know it.

    Example:
        >>> print(bundle_loader("/workbook/assets/plotly-widget.min.js"))
        const chart = await import(new URL("/workbook/assets/plotly-widget.min.js", document.baseURI).href);
        export default chart.default;
        <BLANKLINE>
    """
    return (
        f"const chart = await import(new URL({json.dumps(path)}, document.baseURI).href);\n"
        "export default chart.default;\n"
    )


def figure_widget(figure: dict, *, label: str = "") -> Chart:
    """Make a live chart of a figure (``{"data": [...], "layout": {...}}``).

    Args:
        figure: The figure to show, as plain data (numpy arrays are fine).
        label: The chart's accessible name; change it with ``chart.label = ...`` when the
            chart changes.

    Returns:
        A :class:`Chart`; redraw it with :func:`update_widget` or :func:`refresh_widget`.
    """
    path = bundle_path()
    return Chart(
        _esm=_front_end() if path is None else bundle_loader(path),
        figure=_plain_figure(figure),
        config=CHART_CONFIG,
        label=label,
    )


def refresh_widget(widget: Chart, figure: dict) -> None:
    """Show a fresh figure in a live chart, in one message.

    Example:
        >>> chart = figure_widget({"data": [{"type": "bar", "y": [1]}], "layout": {"height": 200}})
        >>> refresh_widget(chart, {"data": [{"type": "bar", "y": [3]}], "layout": {"height": 300}})
        >>> chart.figure["data"][0]["y"], chart.figure["layout"]["height"]
        ([3], 300)
    """
    widget.figure = _plain_figure(figure)


def update_widget(widget: Chart, traces: list[dict], layout: dict | None = None) -> None:
    """Set some properties of a live chart's traces (in trace order) and layout, in one message.

    A redraw without building the figure again; the browser redraws only what the new
    values touch. Properties are named by dotted paths (``"marker.color"``). The ``*_data``
    functions beside the chart builders give the properties a fresh figure would hold.

    Example:
        >>> chart = figure_widget({"data": [{"type": "bar", "y": [1]}], "layout": {"title": {"text": "One"}}})
        >>> update_widget(chart, [{"y": [2]}], {"title.text": "Two"})
        >>> chart.figure["data"][0]["y"], chart.figure["layout"]["title"]["text"]
        ([2], 'Two')
    """
    live = widget.figure
    widget.figure = {
        "data": [set_paths(trace, plain(props)) for trace, props in zip(live["data"], traces, strict=True)],
        "layout": set_paths(live["layout"], plain(layout or {})),
    }


def _plain_figure(figure: dict) -> dict:
    return {"data": plain(figure["data"]), "layout": plain(figure.get("layout", {}))}


@functools.cache
def _front_end() -> str:
    return bundle_file().read_text()
