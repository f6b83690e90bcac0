"""One way to build a page: a class with a ``.widget``, its HTML from templates.

A page subclasses :class:`Dashboard`, names its entry in the page registry, builds its
controls and views, and lays them out with :meth:`Dashboard.frame`. The page template
draws the header, the skip link, ``<main>`` and the one ``<h1>`` (the registry's title),
so a page starts at ``<h2>``. Charts go in a :class:`ChartPanel` (a heading, a sentence
saying what the chart shows, the chart, and its numbers as a table a person can open).

Example:
    A page with one line of text and one disclosure::

        from workbook.dashboards._page import Dashboard
        from workbook.dashboards._controls import Disclosure

        class Hello(Dashboard):
            page_id = "start"

            def __init__(self):
                self.greeting = self.block("<p>Hello</p>")
                more = Disclosure("More", [self.block("<p>Inside</p>")])
                self.widget = self.frame([self.greeting, more], lede="A page.")

    Its notebook is ``from workbook.dashboards import hello`` then ``hello()``; add the
    page to ``PAGES`` (``workbook/web/_pages.py``) and to ``PAGES_COVERED`` in
    ``tests/test_accessibility.py`` so the accessibility tests cover it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

import ipywidgets as widgets
from markupsafe import Markup

from workbook.dashboards._html import html_block, live_block, set_html, stylesheet
from workbook.web import find_page, render

if TYPE_CHECKING:
    import pandas as pd  # text pages never load pandas: about 45 MB of a kernel's memory

    from workbook.charts.widget import Chart


class Dashboard:
    """A Workbook page made of widgets.

    Attributes:
        page_id: The page's id in ``PAGES``.
        widget: The whole page, as displayed (set by the subclass with :meth:`frame`).
    """

    page_id: ClassVar[str] = ""
    widget: widgets.Widget

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)

    @property
    def container(self) -> widgets.Widget:
        """The page's widget (the name the tests and notebooks have used)."""
        return self.widget

    @property
    def title(self) -> str:
        """The page's title, from the registry."""
        page = find_page(self.page_id)
        return page.title if page else ""

    def block(self, html: str | Markup = "", *, css_class: str | None = None) -> widgets.HTML:
        """An HTML block (``html`` rendered by a template)."""
        return html_block(html, css_class=css_class)

    def heading(self, text: str, level: int = 2) -> widgets.HTML:
        """A section heading (the page's title is the one ``<h1>``; sections start at 2)."""
        return html_block(Markup("<h{0}>{1}</h{0}>").format(level, text))

    def live(self, html: str | Markup = "", *, css_class: str | None = None) -> widgets.Widget:
        """An HTML block whose changes screen readers announce (results, "Saved")."""
        return live_block(html, css_class=css_class)

    def frame(
        self,
        children: Sequence[widgets.Widget],
        *,
        lede: str | Markup = "",
        related: Sequence[tuple[str, str]] = (),
    ) -> widgets.VBox:
        """Lay out the page: its opening paragraph and related pages, then ``children``.

        Args:
            children: The page's sections, in reading order.
            lede: The opening paragraph (HTML from a template, or plain text).
            related: ``(page id, words)`` links to pages that explore the same themes.
        """
        intro = render("intro.html.j2", lede=lede, related=related, page_id=self.page_id)
        page = widgets.VBox([stylesheet(), html_block(intro, css_class="wb-intro"), *children])
        page.add_class("wb-page")
        page.add_class(f"wb-page-{self.page_id}")
        return page


def table_html(
    frame: pd.DataFrame,
    *,
    caption: str,
    label: str | None = None,
    row_header: bool = True,
    caption_shown: bool = True,
) -> Markup:
    """A table of already formatted values, in a labelled region that scrolls sideways if wide.

    Args:
        frame: The values as text; the index becomes the first column when ``row_header``.
        caption: The table's caption (also names the scroll region).
        label: The first column's heading (the index name by default).
        row_header: Whether the first column holds row headers.
        caption_shown: ``False`` under a heading that already says the caption: the caption
            is then kept for assistive technology only, not shown twice.

    Example:
        >>> import pandas as pd
        >>> frame = pd.DataFrame({"Cases": ["10"]}, index=pd.Index(["Tier 1"], name="Tier"))
        >>> t = table_html(frame, caption="Tiers")
        >>> "<caption>Tiers</caption>" in t and '<th scope="row">Tier 1</th>' in t
        True
    """
    return render(
        "table.html.j2",
        caption=caption,
        head=[label or frame.index.name or "", *map(str, frame.columns)] if row_header else [*frame.columns],
        rows=[
            ([str(i)] if row_header else []) + [str(v) for v in r]
            for i, r in zip(frame.index, frame.values, strict=True)
        ],
        row_header=row_header,
        caption_shown=caption_shown,
    )


class ChartPanel:
    """A chart with what a person needs who cannot see it: a name, a summary and the numbers.

    Args:
        figure: The chart.
        title: Its heading and accessible name.
        summary: One sentence saying what it shows, computed from its numbers.
        table: Its numbers (from :func:`table_html`).
        level: The heading level.

    Attributes:
        chart: The live chart widget.
        widget: Heading and summary, chart, and a disclosure holding the table.
    """

    def __init__(self, figure: dict, *, title: str, summary: str, table: Markup, level: int = 3):
        self.level = level
        from workbook.charts import figure_widget  # the chart widget only for pages with charts

        self.head = live_block(css_class="wb-chart-head")
        self.chart: Chart = figure_widget(_untitled(figure), label=title)
        self.chart.add_class("wb-chart")
        self.data = html_block(css_class="wb-chart-data")
        self._text(title, summary, table)
        self.widget = widgets.VBox([self.head, self.chart, self.data])
        self.widget.add_class("wb-chart-panel")

    def update(self, figure: dict, *, title: str, summary: str, table: Markup) -> None:
        """Redraw the chart and its words."""
        from workbook.charts import refresh_widget

        refresh_widget(self.chart, _untitled(figure))
        self.describe(title=title, summary=summary, table=table)

    def redraw(self, traces: list[dict], layout: dict) -> None:
        """Set only the chart's changing properties (from a ``*_data`` function); then :meth:`describe` it.

        Faster than :meth:`update`: no figure is built, the browser redraws only what
        changed, and the chart goes before its words are worked out.
        """
        from workbook.charts import update_widget

        update_widget(self.chart, traces, layout)

    def describe(self, *, title: str, summary: str, table: Markup) -> None:
        """Set the chart's name, summary sentence and table (after :meth:`redraw`)."""
        self.chart.label = title
        self._text(title, summary, table)

    def _text(self, title: str, summary: str, table: Markup) -> None:
        set_html(self.head, render("chart_head.html.j2", title=title, summary=summary, level=self.level))
        set_html(self.data, render("chart_data.html.j2", title=title, table=table))


def _untitled(figure: dict) -> dict:
    """The figure without its own title: the panel's heading names it (and the title crowded the legend).

    Example:
        >>> _untitled({"data": [], "layout": {"title": {"text": "Tiers"}, "margin": {"t": 70, "l": 10}}})
        {'data': [], 'layout': {'margin': {'t': 40, 'l': 10}}}
    """
    layout = {key: value for key, value in figure["layout"].items() if key != "title"}
    top = layout.get("margin", {}).get("t")
    layout["margin"] = {**layout.get("margin", {}), "t": max(20, (top or 40) - 30)}
    return {**figure, "layout": layout}
