"""What the Voila page template asks of the Workbook: the page's title, header and stylesheet.

``voila.json`` registers :func:`page_context` as the Jinja filter ``workbook_page``, so the
template (``share/voila/templates/workbook/index.html.j2``) draws each page's header and
its one ``<h1>`` from the page registry. A notebook that is not a registered page gets
no header, and its own markdown title stays its heading.
"""

from __future__ import annotations

from workbook.plotly_bundle import bundle_address
from workbook.serving import ASSETS_PATH
from workbook.web._environment import render, stylesheet_text
from workbook.web._pages import page_for_notebook


def page_context(notebook: str) -> dict | None:
    """The template's context for a notebook: ``title``, ``header`` (HTML) and ``stylesheet``.

    And ``chart_bundle``: for a page that opens with charts, the charts' JavaScript's address
    below the server's base URL, which the template starts loading before the kernel runs
    the notebook (``None`` for other pages).

    Example:
        >>> context = page_context("01-seminar-themes.ipynb")
        >>> context["title"], "Skip to main content" in context["header"], context["chart_bundle"]
        ('Seminar themes', True, None)
        >>> page_context("03-caseload-tiering.ipynb")["chart_bundle"]  # doctest: +ELLIPSIS
        'workbook/assets/plotly-widget.min.js?v=...'
        >>> page_context("scratch.ipynb") is None
        True
    """
    page = page_for_notebook(str(notebook))
    if page is None:
        return None
    return {
        "id": page.id,
        "title": page.title,
        "header": render("header.html.j2", current=page),
        "stylesheet": stylesheet_text(),
        "chart_bundle": bundle_address("", ASSETS_PATH) if page.charts else None,
    }
