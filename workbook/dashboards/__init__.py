"""Dashboards: one factory per page, wiring controls to the domain and the charts.

Each notebook in ``notebooks/`` calls one factory from here.
"""

from workbook.dashboards.induction import InductionPage, induction_engagement
from workbook.dashboards.pages import PAGES, Page, find_page
from workbook.dashboards.start import start_here
from workbook.dashboards.themes import SeminarThemes, seminar_themes

__all__ = [
    "PAGES",
    "InductionPage",
    "Page",
    "SeminarThemes",
    "find_page",
    "induction_engagement",
    "seminar_themes",
    "start_here",
]
