"""Find probation and court jargon in a text and suggest plain words.

The term list is data (``data/induction/plain_words.toml``): each term with a
plain alternative and a note on why it trips readers up. Matching ignores case,
respects word boundaries ("court" is not found in "courtesy"), accepts regular
endings ("breaches", "breached", "breaching"), and takes the longest term first,
so "unacceptable absence" is one match, not "acceptable absence" inside it.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from workbook.paths import DATA_DIR

if TYPE_CHECKING:
    import pandas as pd

TERMS_FILE = DATA_DIR / "induction" / "plain_words.toml"
_ENDINGS = r"(?:s|es|ed|d|ing)?"


@dataclass(frozen=True)
class Term:
    """A term to flag, with its plain alternative."""

    term: str
    plain: str
    why: str
    forms: tuple[str, ...] = ()


def load_terms(path: Path | str | None = None) -> tuple[Term, ...]:
    """Load the plain-words list.

    Args:
        path: A TOML file of ``[[term]]`` tables; defaults to the shipped list.

    Returns:
        The terms, in file order.

    Raises:
        ValueError: If a term lacks ``term``, ``plain`` or ``why``; the message
            names the file and the term's position.

    Example:
        >>> len(load_terms()) >= 40
        True
    """
    path = Path(path) if path is not None else TERMS_FILE
    table = tomllib.loads(path.read_text(encoding="utf-8")).get("term", [])
    terms = []
    for i, entry in enumerate(table, start=1):
        missing = [k for k in ("term", "plain", "why") if not str(entry.get(k, "")).strip()]
        if missing:
            raise ValueError(f"{path.name}, term #{i}: missing {', '.join(missing)}")
        terms.append(Term(entry["term"].lower(), entry["plain"], entry["why"], tuple(entry.get("forms", ()))))
    return tuple(terms)


def _pattern(phrase: str) -> str:
    words = [re.escape(w) for w in phrase.lower().split()]
    return r"\s+".join([*words[:-1], words[-1] + _ENDINGS])


def jargon_pattern(terms: tuple[Term, ...]) -> re.Pattern:
    """One regular expression matching every term and form, longest first."""
    phrases = sorted({p for t in terms for p in (t.term, *t.forms)}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(_pattern(p) for p in phrases) + r")\b", re.IGNORECASE)


@dataclass(frozen=True)
class JargonMatch:
    """One piece of jargon found in a text: where, the words as written, and the term's advice."""

    start: int
    end: int
    found: str
    term: str
    plain: str
    why: str


def jargon_matches(text: str, terms: tuple[Term, ...] | None = None) -> list[JargonMatch]:
    """Find the jargon in a text, as plain records (no pandas: the induction page's kernel needs none).

    Args:
        text: The text to check.
        terms: The term list; defaults to the shipped one.

    Returns:
        One match per piece of jargon, in reading order.

    Example:
        >>> [m.found for m in jargon_matches("Breaches of your Licence Conditions will be enforced.")][:2]
        ['Breaches', 'Licence Conditions']
    """
    terms = terms if terms is not None else load_terms()
    phrases = sorted(((p, t) for t in terms for p in (t.term, *t.forms)), key=lambda pt: -len(pt[0]))
    exact = [(re.compile(_pattern(p), re.IGNORECASE), t) for p, t in phrases]
    found = []
    for match in jargon_pattern(terms).finditer(text):
        term = next(t for pattern, t in exact if pattern.fullmatch(match.group(0)))
        found.append(JargonMatch(match.start(), match.end(), match.group(0), term.term, term.plain, term.why))
    return found


def find_jargon(text: str, terms: tuple[Term, ...] | None = None) -> pd.DataFrame:
    """Find the jargon in a text, as a table.

    Args:
        text: The text to check.
        terms: The term list; defaults to the shipped one.

    Returns:
        One row per match, in reading order: ``start, end, found`` (the words as
        written), ``term``, ``plain`` and ``why``.

    Example:
        >>> found = find_jargon("Breaches of your Licence Conditions will be enforced.")
        >>> found["term"].tolist()[:2]
        ['breach', 'licence conditions']
    """
    import pandas as pd

    rows = [dataclasses.asdict(m) for m in jargon_matches(text, terms)]
    return pd.DataFrame(rows, columns=["start", "end", "found", "term", "plain", "why"])
