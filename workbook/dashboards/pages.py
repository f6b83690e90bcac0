"""The page registry, which lives in :mod:`workbook.web` so the server can read it cheaply."""

from workbook.web._pages import PAGES, PLANNED, Page, find_page, page_for_notebook, page_href

__all__ = ["PAGES", "PLANNED", "Page", "find_page", "page_for_notebook", "page_href"]
