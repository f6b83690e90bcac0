"""The seminar evidence corpus: load, check, filter, search, map and export.

The corpus codes two sets of notes from a December 2009 seminar on offender
compliance into themes, excerpts (verbatim quote, our paraphrase, provenance) and
the questions the seminar left open. It imports only pandas and the standard
library, so researchers can use it without the dashboard stack.

Example:
    >>> from workbook.evidence import load_corpus, search_excerpts
    >>> corpus = load_corpus()
    >>> len(corpus.themes) >= 12
    True
"""

from workbook.evidence._corpus import Corpus, load_corpus, uncovered_paragraphs
from workbook.evidence._export import CAVEAT, excerpts_table, export_csv, export_markdown
from workbook.evidence._notes import Paragraph, Source, normalise_text
from workbook.evidence._qdpx import export_qdpx
from workbook.evidence._schema import EXCERPT, FIGURE, KINDS, NOTES, QUESTION, THEME, CorpusError, Field
from workbook.evidence._search import (
    filter_excerpts,
    query_terms,
    search_excerpts,
    stem_word,
    theme_cooccurrence,
    tokenise,
)

__all__ = [
    "CAVEAT",
    "EXCERPT",
    "FIGURE",
    "KINDS",
    "NOTES",
    "QUESTION",
    "THEME",
    "Corpus",
    "CorpusError",
    "Field",
    "Paragraph",
    "Source",
    "excerpts_table",
    "export_csv",
    "export_markdown",
    "export_qdpx",
    "filter_excerpts",
    "load_corpus",
    "normalise_text",
    "query_terms",
    "search_excerpts",
    "stem_word",
    "theme_cooccurrence",
    "tokenise",
    "uncovered_paragraphs",
]
