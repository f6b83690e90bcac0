"""The seminar evidence corpus: load, check, filter, search, map and export.

The corpus codes two sets of notes from a December 2009 seminar on offender
compliance into themes, excerpts (verbatim quote, our paraphrase, provenance) and
the questions the seminar left open. It imports only pandas and the standard
library, so researchers can use it without the dashboard stack; :func:`load_records`
needs only the standard library.

Example:
    >>> from workbook.evidence import load_corpus, search_excerpts
    >>> corpus = load_corpus()
    >>> len(corpus.themes) >= 12
    True
"""

from workbook.lazy import attach

# Each name is imported from its module on first use, so a page that only shows the corpus
# (load_records) does not load pandas, which the DataFrame corpus and the search need.
_MODULES = {
    "Corpus": "_corpus",
    "load_corpus": "_corpus",
    "uncovered_paragraphs": "_corpus",
    "CorpusRecords": "_records",
    "corpus_records": "_records",
    "load_records": "_records",
    "CAVEAT": "_export",
    "excerpts_table": "_export",
    "export_csv": "_export",
    "export_markdown": "_export",
    "Paragraph": "_notes",
    "Source": "_notes",
    "normalise_text": "_notes",
    "export_qdpx": "_qdpx",
    "EXCERPT": "_schema",
    "FIGURE": "_schema",
    "KINDS": "_schema",
    "NOTES": "_schema",
    "QUESTION": "_schema",
    "THEME": "_schema",
    "CorpusError": "_schema",
    "Field": "_schema",
    "filter_excerpts": "_search",
    "query_terms": "_search",
    "search_excerpts": "_search",
    "stem_word": "_search",
    "theme_cooccurrence": "_search",
    "tokenise": "_search",
}

__getattr__, __dir__, __all__ = attach(__name__, _MODULES)
