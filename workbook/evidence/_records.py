"""The seminar corpus as plain records: loaded and checked whole, without pandas.

:func:`load_records` reads the four TOML files and the notes and checks every record and
cross-reference; :func:`workbook.evidence.load_corpus` tabulates the same records as
DataFrames. Pages that only show the corpus use the records, so their kernels need not
load pandas (about 45 MB of memory each).
"""

from __future__ import annotations

import tomllib
from collections import namedtuple
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from workbook.evidence._notes import Paragraph, Source, normalise_text, read_paragraphs
from workbook.evidence._schema import EXCERPT, QUESTION, THEME, CorpusError, check_record
from workbook.paths import SEMINAR_DIR

if TYPE_CHECKING:
    from workbook.evidence._corpus import Corpus

SOURCE_COLUMNS = ["file", "notes", "title", "date", "authors"]
PARAGRAPH_COLUMNS = ["source", "notes", "section", "number", "form", "label", "text"]
THEME_COLUMNS = ["id", "name", "summary", "prompts", "dashboards"]
EXCERPT_COLUMNS = [
    "id", "source", "notes", "section", "paragraph",
    "quote", "paraphrase", "themes", "kind", "figures",
]  # fmt: skip
QUESTION_COLUMNS = [
    "id", "text", "source", "notes", "section", "paragraph",
    "themes", "why_open", "dashboards",
]  # fmt: skip
FIGURE_COLUMNS = ["excerpt", "label", "value", "unit", "status"]

SourceRow = namedtuple("SourceRow", SOURCE_COLUMNS)
ParagraphRow = namedtuple("ParagraphRow", PARAGRAPH_COLUMNS)
ThemeRow = namedtuple("ThemeRow", THEME_COLUMNS)
ExcerptRow = namedtuple("ExcerptRow", EXCERPT_COLUMNS)
QuestionRow = namedtuple("QuestionRow", QUESTION_COLUMNS)
FigureRow = namedtuple("FigureRow", FIGURE_COLUMNS)


@dataclass(frozen=True)
class CorpusRecords:
    """The seminar evidence as tuples of rows, one field per column as in :class:`Corpus`.

    Attributes:
        sources: ``file, notes, title, date, authors``.
        paragraphs: ``source, notes, section, number, form, label, text``.
        themes: ``id, name, summary, prompts, dashboards`` (lists held as tuples).
        excerpts: ``id, source, notes, section, paragraph, quote, paraphrase, themes, kind, figures``.
        questions: ``id, text, source, notes, section, paragraph, themes, why_open, dashboards``.
        figures: ``excerpt, label, value, unit, status``.
        synonyms: Groups of interchangeable search words and phrases.
    """

    sources: tuple[SourceRow, ...]
    paragraphs: tuple[ParagraphRow, ...]
    themes: tuple[ThemeRow, ...]
    excerpts: tuple[ExcerptRow, ...]
    questions: tuple[QuestionRow, ...]
    figures: tuple[FigureRow, ...]
    synonyms: tuple[tuple[str, ...], ...] = ()

    def theme_names(self) -> dict[str, str]:
        """Map each theme id to its name, in the corpus's theme order.

        Example:
            >>> load_records().theme_names()["induction"]
            'Induction'
        """
        return {t.id: t.name for t in self.themes}

    def theme_counts(self) -> dict[str, int]:
        """The number of excerpts coded with each theme, in theme order.

        Example:
            >>> counts = load_records().theme_counts()
            >>> sum(counts.values()) >= len(load_records().excerpts)
            True
        """
        return {t.id: sum(t.id in e.themes for e in self.excerpts) for t in self.themes}


def load_records(seminar_dir: Path | str | None = None) -> CorpusRecords:
    """Load and check the seminar corpus, as plain records.

    Args:
        seminar_dir: The folder holding the corpus files and ``notes/``.
            Defaults to the shipped ``data/seminar``.

    Returns:
        The corpus's records.

    Raises:
        CorpusError: When a file is missing or unreadable, or a record breaks the
            schema; the message names the file, the record id and the field.

    Example:
        >>> sorted(s.notes for s in load_records().sources)
        ['group notes', 'plenary']
    """
    folder = Path(seminar_dir) if seminar_dir is not None else SEMINAR_DIR
    sources = _load_sources(folder)
    paragraphs = read_paragraphs(folder / "notes", sources)
    themes = _load_records(folder, "themes.toml", "theme", THEME)
    theme_ids = {t["id"] for t in themes}
    excerpts = _load_records(folder, "excerpts.toml", "excerpt", EXCERPT)
    questions = _load_records(folder, "questions.toml", "question", QUESTION)
    for file, records in (("excerpts.toml", excerpts), ("questions.toml", questions)):
        _check_references(records, file, theme_ids, paragraphs)
    for record in excerpts:
        _check_quote(record, paragraphs)
    return CorpusRecords(
        sources=tuple(SourceRow(*(getattr(s, c) for c in SOURCE_COLUMNS)) for s in sources),
        paragraphs=tuple(ParagraphRow(*(getattr(p, c) for c in PARAGRAPH_COLUMNS)) for p in paragraphs),
        themes=_rows(ThemeRow, themes),
        excerpts=_rows(ExcerptRow, excerpts),
        questions=_rows(QuestionRow, questions),
        figures=_rows(FigureRow, [{"excerpt": e["id"], **f} for e in excerpts for f in e["figures"]]),
        synonyms=_load_synonyms(folder),
    )


def corpus_records(corpus: Corpus | CorpusRecords | None = None) -> CorpusRecords:
    """The records of ``corpus``: the shipped corpus's when ``None``, a DataFrame corpus's rows otherwise.

    Example:
        >>> from workbook.evidence import load_corpus
        >>> corpus_records(load_corpus()) == load_records()
        True
    """
    if corpus is None:
        return load_records()
    if isinstance(corpus, CorpusRecords):
        return corpus
    return CorpusRecords(
        sources=_frame_rows(SourceRow, corpus.sources),
        paragraphs=_frame_rows(ParagraphRow, corpus.paragraphs),
        themes=_frame_rows(ThemeRow, corpus.themes),
        excerpts=_frame_rows(ExcerptRow, corpus.excerpts),
        questions=_frame_rows(QuestionRow, corpus.questions),
        figures=_frame_rows(FigureRow, corpus.figures),
        synonyms=corpus.synonyms,
    )


def _rows(row_type, records: list[dict]) -> tuple:
    return tuple(
        row_type(*(tuple(v) if isinstance(v := r.get(c), list) else v for c in row_type._fields))
        for r in records
    )


def _frame_rows(row_type, frame) -> tuple:
    return tuple(
        row_type(*(_plain(v) for v in row)) for row in frame[list(row_type._fields)].itertuples(index=False)
    )


def _plain(value):
    """A numpy scalar as the Python value it holds (so rows compare equal to loaded ones)."""
    return value.item() if hasattr(value, "item") and not isinstance(value, tuple) else value


def _load_synonyms(folder: Path) -> tuple[tuple[str, ...], ...]:
    groups = _read_toml(folder / "synonyms.toml").get("group", [])
    for i, group in enumerate(groups):
        terms = group.get("terms") if isinstance(group, dict) else None
        if not terms or not all(isinstance(t, str) and t.strip() for t in terms):
            raise CorpusError(
                "synonyms.toml", "should hold a list of non-empty terms", record=f"#{i + 1}", field="terms"
            )
    return tuple(tuple(g["terms"]) for g in groups)


def _read_toml(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CorpusError(path.name, "file not found in " + str(path.parent)) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise CorpusError(path.name, f"not valid TOML: {error}") from None


def _load_sources(folder: Path) -> list[Source]:
    table = _read_toml(folder / "sources.toml").get("source", [])
    sources = []
    for i, entry in enumerate(table):
        try:
            sources.append(Source(**{k: tuple(v) if isinstance(v, list) else v for k, v in entry.items()}))
        except TypeError as error:
            raise CorpusError("sources.toml", str(error), record=f"#{i + 1}") from None
        if not (folder / "notes" / entry["file"]).is_file():
            raise CorpusError("sources.toml", "no such file in notes/", record=entry["file"], field="file")
    return sources


def _load_records(folder: Path, file: str, key: str, fields: tuple) -> list[dict]:
    table = _read_toml(folder / file).get(key)
    if not table:
        raise CorpusError(file, f"holds no [[{key}]] records")
    records, seen = [], set()
    for i, raw in enumerate(table):
        record_id = raw.get("id", f"#{i + 1}") if isinstance(raw, dict) else f"#{i + 1}"
        record = check_record(raw, fields, file=file, record_id=str(record_id))
        if record["id"] in seen:
            raise CorpusError(file, "is used by an earlier record", record=record["id"], field="id")
        seen.add(record["id"])
        records.append(record)
    return records


def _check_references(
    records: list[dict], file: str, theme_ids: set[str], paragraphs: list[Paragraph]
) -> None:
    places = {(p.source, p.section, p.number): p for p in paragraphs}
    for record in records:
        for theme in record["themes"]:
            if theme not in theme_ids:
                raise CorpusError(
                    file, f"unknown theme {theme!r}; known: {sorted(theme_ids)}",
                    record=record["id"], field="themes",
                )  # fmt: skip
        place = places.get((record["source"], record["section"], record["paragraph"]))
        if place is None:
            raise CorpusError(
                file,
                f"no paragraph {record['paragraph']} under {record['section']!r} in {record['source']}",
                record=record["id"], field="paragraph",
            )  # fmt: skip
        if place.notes != record["notes"]:
            raise CorpusError(
                file, f"{record['source']} holds the {place.notes}, not the {record['notes']}",
                record=record["id"], field="notes",
            )  # fmt: skip


def _check_quote(record: dict, paragraphs: list[Paragraph]) -> None:
    text = next(
        p.text for p in paragraphs
        if (p.source, p.section, p.number) == (record["source"], record["section"], record["paragraph"])
    )  # fmt: skip
    if normalise_text(record["quote"]) not in normalise_text(text):
        raise CorpusError(
            "excerpts.toml", "is not verbatim from the paragraph it cites",
            record=record["id"], field="quote",
        )  # fmt: skip
