"""The Workbook: seminar evidence, caseload models and reflection for probation practice.

The domain subpackages (``workbook.evidence`` and those that follow) import only
numpy, pandas and the standard library; ``workbook.charts`` adds plotly and
``workbook.dashboards`` adds ipywidgets. Importing this package imports none of them.
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
