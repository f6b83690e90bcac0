"""Split the seminar notes into numbered paragraphs, the units that excerpts cite.

The notes are plain text: a line is a paragraph, a numbered item (``1. ...``) or a
bullet (``- ...``). Section headings and metadata lines (titles, panel lists,
sign-offs) are declared in ``sources.toml`` rather than guessed. Within a section,
every paragraph, item and bullet gets the next number, so ``(section, 3)`` names
one unit of text without ambiguity.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

_ITEM = re.compile(r"^(\d+)\.\s+")
_BULLET = re.compile(r"^[-•]\s+")
_QUOTES = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-"})


@dataclass(frozen=True)
class Source:
    """One set of seminar notes as declared in ``sources.toml``."""

    file: str
    notes: str
    title: str
    date: str
    authors: str
    headings: tuple[str, ...]
    metadata: tuple[str, ...]


@dataclass(frozen=True)
class Paragraph:
    """One citable unit of the notes.

    Attributes:
        source: The seed file's name.
        notes: Which notes they are: ``"group notes"`` or ``"plenary"``.
        section: The heading of the section the unit sits under.
        number: The unit's position in its section, counting from 1.
        form: ``"paragraph"``, ``"item"`` (numbered in the notes) or ``"bullet"``.
        label: How the notes themselves mark it, for example ``"item 3"``.
        text: The unit's text as written.
    """

    source: str
    notes: str
    section: str
    number: int
    form: str
    label: str
    text: str


def normalise_text(text: str) -> str:
    """Fold quotes, dashes and white space so a quote can be found in its paragraph.

    Args:
        text: Any text from the notes or the corpus.

    Returns:
        The text, NFKC-normalised, with curly quotes and dashes made plain, runs of
        white space made one space, and lower-cased.

    Example:
        >>> normalise_text("recorded as ‘unacceptable’ –  today")
        "recorded as 'unacceptable' - today"
    """
    folded = unicodedata.normalize("NFKC", text).translate(_QUOTES)
    return " ".join(folded.split()).lower()


def split_paragraphs(text: str, source: Source) -> list[Paragraph]:
    """Split one set of notes into its numbered paragraphs.

    Args:
        text: The full text of the notes.
        source: The notes' declaration, with their headings and metadata lines.

    Returns:
        The paragraphs in reading order. Lines before the first heading that are
        not metadata belong to a section named ``"Opening"``.
    """
    headings = {h.strip() for h in source.headings}
    metadata = {m.strip() for m in source.metadata}
    section, counter, paragraphs = "Opening", 0, []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line in metadata:
            continue
        if line in headings:
            section, counter = line, 0
            continue
        counter += 1
        if item := _ITEM.match(line):
            form, label, body = "item", f"item {item.group(1)}", line[item.end() :]
        elif bullet := _BULLET.match(line):
            form, body = "bullet", line[bullet.end() :]
            label = "bullet"
        else:
            form, label, body = "paragraph", "paragraph", line
        paragraphs.append(Paragraph(source.file, source.notes, section, counter, form, label, body.strip()))
    return paragraphs


def read_paragraphs(notes_dir: Path, sources: list[Source]) -> list[Paragraph]:
    """Read and split every declared set of notes.

    Args:
        notes_dir: The folder holding the seed files.
        sources: The declared sources.

    Returns:
        Every paragraph of every source, source by source in reading order.
    """
    found = []
    for source in sources:
        text = (notes_dir / source.file).read_text(encoding="utf-8")
        found.extend(split_paragraphs(text, source))
    return found
