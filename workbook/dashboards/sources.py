"""The *Sources and glossary* page: every source the Workbook cites, and every abbreviation.

Built from ``data/sources.toml`` and ``data/glossary.toml``; every on-screen citation on
the other pages links to an entry here (``#source-<id>``).
"""

from __future__ import annotations

from itertools import groupby

from workbook.dashboards._page import Dashboard
from workbook.dashboards._served import built_or_explained
from workbook.reference import load_glossary, load_sources
from workbook.web import render

LEDE = (
    "Every source the Workbook's pages and models cite: the full reference, what the Workbook"
    " takes from it, and whether it was checked."
)


class SourcesPage(Dashboard):
    """The sources, by topic, and the glossary.

    Attributes:
        sources: The registry, by id.
        widget: The page.
    """

    page_id = "sources"

    def __init__(self):
        self.sources = load_sources()
        entries = list(self.sources.values())
        topics = list(dict.fromkeys(s.topic for s in entries))
        by_topic = [
            (t, list(group))
            for t, group in groupby(
                sorted(entries, key=lambda s: topics.index(s.topic)), key=lambda s: s.topic
            )
        ]
        self.body = self.block(
            render("sources.html.j2", topics=topics, by_topic=by_topic, terms=list(load_glossary().values())),
            css_class="wb-sources",
        )
        self.widget = self.frame([self.body], lede=LEDE)


@built_or_explained
def sources_and_glossary() -> SourcesPage:
    """Build the *Sources and glossary* page.

    Example:
        >>> page = sources_and_glossary()
        >>> 'id="source-pc43-2004"' in page.body.value
        True
    """
    return SourcesPage()
