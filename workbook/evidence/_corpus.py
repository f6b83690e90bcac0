"""Load the seminar corpus from ``data/seminar/`` and check it whole.

The corpus is four TOML files beside the notes themselves: ``sources.toml``,
``themes.toml``, ``excerpts.toml`` and ``questions.toml``. Loading checks every
record against its declared schema and every cross-reference (themes exist, cited
paragraphs exist, quotes are verbatim), so a broken corpus never reaches a page.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from workbook.evidence._notes import Paragraph, Source, normalise_text, read_paragraphs
from workbook.evidence._schema import EXCERPT, QUESTION, THEME, CorpusError, check_record
from workbook.paths import SEMINAR_DIR

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

    return Corpus(
        sources=pd.DataFrame(
            [{c: getattr(s, c) for c in SOURCE_COLUMNS} for s in sources], columns=SOURCE_COLUMNS
        ),
        paragraphs=pd.DataFrame([vars(p) for p in paragraphs], columns=PARAGRAPH_COLUMNS),
        themes=_frame(themes, THEME_COLUMNS),
        excerpts=_frame(excerpts, EXCERPT_COLUMNS),
        questions=_frame(questions, QUESTION_COLUMNS),
        figures=pd.DataFrame(
            [{"excerpt": e["id"], **f} for e in excerpts for f in e["figures"]],
            columns=FIGURE_COLUMNS,
        ),
        synonyms=_load_synonyms(folder),
    )


def _load_synonyms(folder: Path) -> tuple[tuple[str, ...], ...]:
    groups = _read_toml(folder / "synonyms.toml").get("group", [])
    for i, group in enumerate(groups):
        terms = group.get("terms") if isinstance(group, dict) else None
        if not terms or not all(isinstance(t, str) and t.strip() for t in terms):
            raise CorpusError(
                "synonyms.toml", "should hold a list of non-empty terms", record=f"#{i + 1}", field="terms"
            )
    return tuple(tuple(g["terms"]) for g in groups)


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


def _frame(records: list[dict], columns: list[str]) -> pd.DataFrame:
    rows = [{c: tuple(v) if isinstance(v, list) else v for c, v in r.items()} for r in records]
    return pd.DataFrame(rows, columns=columns)


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
