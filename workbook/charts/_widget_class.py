"""plotly's ``FigureWidget`` class, imported without what only ``fig.show()`` needs.

plotly's widget module imports ``plotly.io._renderers``, and that module imports nbformat
as soon as it is loaded, for the notebook output of ``fig.show()``. nbformat imports
jsonschema, whose format checkers build a URI grammar when they are imported: measured in
a chart page's kernel, that was 1.2 to 4 CPU-seconds (it is the grammar) and about 20 MB of
the kernel's memory, spent on every page load for nothing a ``FigureWidget`` uses.

So the renderers module is imported here with nbformat hidden, and then given a stand-in
that imports nbformat the first time something (``fig.show()``) asks for it: ``show()``
works as before, later and at its own cost. Were plotly to change what it imports, this
does nothing and the widget is imported as usual.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import sys

import plotly.graph_objects as go


class ImportedOnUse:
    """Stands in for a module and imports it on first use.

    Example:
        >>> json = ImportedOnUse("json")
        >>> json.dumps([1])
        '[1]'
    """

    def __init__(self, name: str):
        self._name = name

    def __getattr__(self, attribute: str):
        return getattr(importlib.import_module(self._name), attribute)


@functools.cache
def figure_widget_class() -> type[go.FigureWidget]:
    """``go.FigureWidget``, with ``plotly.io._renderers`` imported first without nbformat."""
    if "plotly.io._renderers" not in sys.modules and "nbformat" not in sys.modules:
        sys.modules["nbformat"] = None  # importing it now fails, and plotly keeps None
        try:
            import plotly.io._renderers as renderers
        finally:
            del sys.modules["nbformat"]
            with contextlib.suppress(ImportError, AttributeError):  # plotly remembers the failure
                from _plotly_utils import optional_imports

                optional_imports._not_importable.discard("nbformat")
        if getattr(renderers, "nbformat", "") is None:
            renderers.nbformat = ImportedOnUse("nbformat")
    return go.FigureWidget
