"""Pure plotly figure builders: a DataFrame in, a ``go.Figure`` out.

No widgets and no display here; dashboards wrap these figures.
"""

from workbook.charts.evidence import cooccurrence_figure

__all__ = ["cooccurrence_figure"]
