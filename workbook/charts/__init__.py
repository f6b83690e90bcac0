"""Chart builders and the live chart widget.

A builder takes model output (a DataFrame) and returns a plotly figure as plain data,
``{"data": [...], "layout": {...}}`` (``workbook.charts._spec``), without importing plotly.
Show one on a page with :func:`figure_widget`, or in a notebook with
``plotly.graph_objects.Figure(figure)``. The builders need no widgets: the widget's
names are imported when first used.
"""

from workbook.lazy import attach

__getattr__, __dir__, __all__ = attach(
    __name__,
    {
        "cooccurrence_figure": "evidence",
        "Chart": "widget",
        "bundle_loader": "widget",
        "bundle_path": "widget",
        "figure_widget": "widget",
        "refresh_widget": "widget",
        "update_widget": "widget",
    },
)
