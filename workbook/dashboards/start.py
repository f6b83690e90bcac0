"""The *Start here* page.

What the Workbook is and is not, the seminar in one screen, links to every page,
and a note for facilitators.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from workbook.dashboards._page import Dashboard
from workbook.dashboards._served import built_or_explained
from workbook.evidence import CorpusRecords, corpus_records
from workbook.reference import seminar_source_id
from workbook.web import PAGES, fragments

if TYPE_CHECKING:
    from workbook.evidence import Corpus


class StartHere(Dashboard):
    """The start page.

    Attributes:
        corpus: The seminar corpus, as records (this page needs no pandas).
        widget: The page.
    """

    page_id = "start"

    def __init__(self, corpus: Corpus | CorpusRecords | None = None):
        self.corpus = corpus_records(corpus)
        parts = fragments("start.html.j2")
        self.widget = self.frame(
            [
                self.block(parts.banner()),
                self.block(parts.what_it_is()),
                self.block(self._seminar(parts)),
                self.block(parts.page_cards([p for p in PAGES if p.id != "start"]), css_class="wb-pages"),
                self.block(parts.facilitators()),
            ],
            lede="Reflective practice and seminar evidence for probation practice in England and Wales: "
            "formal and substantive compliance, discretion, induction and the relationships that make an "
            "order work.",
        )
        self.widget.add_class("wb-start")

    def _seminar(self, parts):
        counts = self.corpus.theme_counts()
        names = self.corpus.theme_names()
        top = sorted(names, key=lambda t: -counts[t])[:8]
        notes = [
            {"source_id": seminar_source_id(s.notes), "title": s.title, "authors": s.authors}
            for s in self.corpus.sources
        ]
        figures = [
            {
                "value": f"{f.value:g}{'%' if f.unit == '%' else ' ' + f.unit}",
                "label": f.label,
                "status": f.status,
            }
            for f in self.corpus.figures
        ]
        return parts.seminar(
            notes,
            len(self.corpus.themes),
            len(self.corpus.excerpts),
            len(self.corpus.questions),
            [(names[t], counts[t]) for t in top],
            figures,
        )


@built_or_explained
def start_here(corpus: Corpus | CorpusRecords | None = None) -> StartHere:
    """Build the *Start here* page.

    Args:
        corpus: The seminar corpus; loaded from the shipped data if not given.

    Returns:
        The page, ready to display.
    """
    return StartHere(corpus)
