"""The Workbook: seminar evidence, caseload models and reflection for probation practice.

The domain subpackages (``workbook.evidence`` and those that follow) import only
numpy, pandas and the standard library; ``workbook.charts`` adds anywidget and
``workbook.dashboards`` adds ipywidgets. Importing this package imports none of them.
"""

__version__ = "0.1.0"
__all__ = ["__version__"]


def _jupyter_server_extension_points() -> list[dict]:
    """Let Jupyter Server load the Workbook's pages as the extension ``workbook`` (``workbook.extension``)."""
    from workbook.extension import WorkbookExtension

    return [{"module": "workbook.extension", "app": WorkbookExtension}]
