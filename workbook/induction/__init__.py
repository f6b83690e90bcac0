"""Induction and engagement: readability of induction material, and a planner.

The seminar found induction "processes overwhelming purpose": paperwork people
sign without having read or understood it. This package scores a text's
readability offline, flags probation jargon with plain alternatives, reads
uploaded documents, and renders a one-page agreement of mutual expectations from
the six steps for working with involuntary clients. It imports only pandas and
the standard library (pandas only for the tables of ``find_jargon``).
"""

from workbook.induction._agreement import (
    STEPS,
    Agreement,
    agreement_html,
    agreement_markdown,
    agreement_sections,
    agreement_text,
)
from workbook.induction._documents import ACCEPTED, MAX_BYTES, DocumentError, read_document
from workbook.induction._jargon import (
    JargonMatch,
    Term,
    find_jargon,
    jargon_matches,
    jargon_pattern,
    load_terms,
)
from workbook.induction._literacy import LITERACY, load_samples
from workbook.induction._readability import (
    Readability,
    SentenceScore,
    TextError,
    count_syllables,
    score_text,
    split_sentences,
    words_of,
)

__all__ = [
    "ACCEPTED",
    "LITERACY",
    "MAX_BYTES",
    "STEPS",
    "Agreement",
    "DocumentError",
    "JargonMatch",
    "Readability",
    "SentenceScore",
    "Term",
    "TextError",
    "agreement_html",
    "agreement_markdown",
    "agreement_sections",
    "agreement_text",
    "count_syllables",
    "find_jargon",
    "jargon_matches",
    "jargon_pattern",
    "load_samples",
    "load_terms",
    "read_document",
    "score_text",
    "split_sentences",
    "words_of",
]
