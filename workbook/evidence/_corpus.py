"""Load the seminar corpus from ``data/seminar/`` and check it whole, as DataFrames.

The corpus is four TOML files beside the notes themselves: ``sources.toml``,
``themes.toml``, ``excerpts.toml`` and ``questions.toml``. Loading checks every
record against its declared schema and every cross-reference (themes exist, cited
paragraphs exist, quotes are verbatim), so a broken corpus never reaches a page.
The reading and checking is :func:`workbook.evidence.load_records`; this module
tabulates its records.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from workbook.evidence._records import (
    EXCERPT_COLUMNS,
    FIGURE_COLUMNS,
    PARAGRAPH_COLUMNS,
    QUESTION_COLUMNS,
    SOURCE_COLUMNS,
    THEME_COLUMNS,
    load_records,
)


@dataclass(frozen=True)
class Corpus:
    """The seminar evidence, as tidy DataFrames.

    Attributes:
        sources: One row per set of notes: ``file, notes, title, date, authors``.
        paragraphs: Every citable unit of the notes:
            ``source, notes, section, number, form, label, text``.
        themes: ``id, name, summary, prompts, dashboards`` (lists held as tuples).
        excerpts: ``id, source, notes, section, paragraph, quote, paraphrase,
            themes, kind, figures``, in reading order.
        questions: The questions the seminar left open: ``id, text, source, notes,
            section, paragraph, themes, why_open, dashboards``.
        figures: Numbers the notes state: ``excerpt, label, value, unit, status``.
        synonyms: Groups of interchangeable search words and phrases.
    """

    sources: pd.DataFrame
    paragraphs: pd.DataFrame
    themes: pd.DataFrame
    excerpts: pd.DataFrame
    questions: pd.DataFrame
    figures: pd.DataFrame
    synonyms: tuple[tuple[str, ...], ...] = ()

    def theme_names(self) -> dict[str, str]:
        """Map each theme id to its name, in the corpus's theme order."""
        return dict(zip(self.themes["id"], self.themes["name"], strict=True))


def load_corpus(seminar_dir: Path | str | None = None) -> Corpus:
    """Load and check the seminar corpus.

    Args:
        seminar_dir: The folder holding the corpus files and ``notes/``.
            Defaults to the shipped ``data/seminar``.

    Returns:
        The corpus.

    Raises:
        CorpusError: When a file is missing or unreadable, or a record breaks the
            schema; the message names the file, the record id and the field.

    Example:
        >>> corpus = load_corpus()
        >>> sorted(corpus.sources["notes"])
        ['group notes', 'plenary']
    """
    records = load_records(seminar_dir)
    return Corpus(
        sources=pd.DataFrame(records.sources, columns=SOURCE_COLUMNS),
        paragraphs=pd.DataFrame(records.paragraphs, columns=PARAGRAPH_COLUMNS),
        themes=pd.DataFrame(records.themes, columns=THEME_COLUMNS),
        excerpts=pd.DataFrame(records.excerpts, columns=EXCERPT_COLUMNS),
        questions=pd.DataFrame(records.questions, columns=QUESTION_COLUMNS),
        figures=pd.DataFrame(records.figures, columns=FIGURE_COLUMNS),
        synonyms=records.synonyms,
    )


def uncovered_paragraphs(corpus: Corpus) -> tuple[int, pd.DataFrame]:
    """Find the paragraphs of the notes that no excerpt cites.

    Args:
        corpus: The loaded corpus.

    Returns:
        The number of paragraphs in the notes, and the rows of
        ``corpus.paragraphs`` that no excerpt cites (empty when coverage is whole).

    Example:
        >>> total, missing = uncovered_paragraphs(load_corpus())
        >>> total, len(missing)
        (46, 0)
    """
    place = ["source", "section"]
    cited = set(map(tuple, corpus.excerpts[[*place, "paragraph"]].to_numpy().tolist()))
    keys = map(tuple, corpus.paragraphs[[*place, "number"]].to_numpy().tolist())
    covered = [key in cited for key in keys]
    return len(corpus.paragraphs), corpus.paragraphs[[not c for c in covered]]
