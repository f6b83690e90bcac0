"""Pure plotly figure builders: a DataFrame in, a ``go.Figure`` out.

No widgets and no display here; dashboards wrap these figures.
"""

from workbook.charts.evidence import cooccurrence_figure
from workbook.charts.room import answers_figure
from workbook.charts.widget import bundle_loader, bundle_path, figure_widget, refresh_widget, update_widget

__all__ = [
    "answers_figure",
    "bundle_loader",
    "bundle_path",
    "cooccurrence_figure",
    "figure_widget",
    "refresh_widget",
    "update_widget",
]
