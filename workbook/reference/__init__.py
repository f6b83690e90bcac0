"""What the Workbook cites, and the abbreviations it uses: two registries shipped as data.

``data/sources.toml`` holds one entry per source (citation, what it supports, whether
it was verified); ``data/glossary.toml`` explains every abbreviation the pages use.
Pages link each on-screen citation to its entry, and :func:`find_citations` finds the
citations in running text (a data file's ``source`` field, a figure's status).

Standard library only.
"""

from workbook.reference._glossary import Term, load_glossary
from workbook.reference._sources import (
    STATUSES,
    Citation,
    Source,
    SourceError,
    find_citations,
    load_sources,
    reword,
    seminar_source_id,
    source_by_id,
)

__all__ = [
    "STATUSES",
    "Citation",
    "Source",
    "SourceError",
    "Term",
    "find_citations",
    "load_glossary",
    "load_sources",
    "reword",
    "seminar_source_id",
    "source_by_id",
]
