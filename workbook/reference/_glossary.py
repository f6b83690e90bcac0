"""The glossary of abbreviations (``data/glossary.toml``)."""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path

from workbook.paths import DATA_DIR

GLOSSARY_FILE = DATA_DIR / "glossary.toml"


@dataclass(frozen=True)
class Term:
    """One abbreviation.

    Attributes:
        abbreviation: As written on the pages (``RoSH``).
        expansion: What the letters stand for.
        meaning: What it is, in a plain sentence.
        source: The id of the source that defines it, or ``""``.
    """

    abbreviation: str
    expansion: str
    meaning: str
    source: str = ""


def load_glossary(path: Path | str | None = None) -> dict[str, Term]:
    """Read the glossary, sorted by abbreviation (ignoring case).

    Example:
        >>> load_glossary()["RoSH"].expansion
        'Risk of Serious Harm'
    """
    return dict(_load(Path(path or GLOSSARY_FILE)))


@functools.cache
def _load(path: Path) -> tuple[tuple[str, Term], ...]:
    table = tomllib.loads(path.read_text(encoding="utf-8"))
    terms = [
        (key, Term(key, entry["expansion"], entry["meaning"], entry.get("source", "")))
        for key, entry in table.items()
    ]
    return tuple(sorted(terms, key=lambda pair: pair[0].lower()))
