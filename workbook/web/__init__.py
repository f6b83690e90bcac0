"""The Workbook's pages as HTML: the page registry, templates, the stylesheet and citations.

Everything a page shows is rendered here from Jinja2 templates with autoescaping
(``workbook/web/templates``), styled by one stylesheet (``workbook/web/static/workbook.css``).
Widget pages (``workbook.dashboards``) and pages rendered on the server use the same
header, partials and stylesheet.

Example:
    >>> from workbook.web import render, find_page
    >>> html = render("page.html.j2", current=find_page("sources"), stylesheet="")
    >>> html.count("<h1>"), "Skip to main content" in html
    (1, True)
"""

from workbook.web import _format as format  # numbers and words: format.count, format.percent, ...
from workbook.web._chrome import page_context
from workbook.web._citations import abbreviate, cite, cite_text, source_href
from workbook.web._environment import environment, fragments, render, stylesheet_text
from workbook.web._pages import PAGES, PLANNED, Page, find_page, page_for_notebook, page_href

__all__ = [
    "PAGES",
    "PLANNED",
    "Page",
    "abbreviate",
    "cite",
    "cite_text",
    "environment",
    "find_page",
    "format",
    "fragments",
    "page_context",
    "page_for_notebook",
    "page_href",
    "render",
    "source_href",
    "stylesheet_text",
]
