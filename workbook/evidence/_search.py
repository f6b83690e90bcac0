"""Filter, search and summarise excerpts.

Every function takes an excerpts DataFrame (``Corpus.excerpts`` or a subset of it)
and returns a new one, so filters and searches compose in any order.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pandas as pd

from workbook.evidence._notes import normalise_text

_WORD = re.compile(r"[a-z0-9]+")
_SUFFIXES = ("ing", "ed", "es", "s", "e")
# Function words a query may hold that carry no meaning for matching.
_STOP_WORDS = frozenset(
    {
        "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "how", "in", "is", "it",
        "of", "on", "or", "that", "the", "their", "them", "they", "this", "to", "was", "were",
        "what", "when", "where", "which", "who", "why", "with",
    }
)  # fmt: skip


def stem_word(word: str) -> str:
    """Reduce a word to a crude stem so that plural and -ing forms meet.

    Args:
        word: One lower-case word.

    Returns:
        The word less one common suffix, keeping at least three letters.

    Example:
        >>> [stem_word(w) for w in ("messaging", "messages", "texting", "text")]
        ['messag', 'messag', 'text', 'text']
    """
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def tokenise(text: str) -> list[str]:
    """Split text into stemmed words, dropping common function words.

    Example:
        >>> tokenise("Text messaging as reminders")
        ['text', 'messag', 'reminder']
    """
    words = _WORD.findall(normalise_text(text))
    return [stem_word(w) for w in words if w not in _STOP_WORDS]


def filter_excerpts(
    excerpts: pd.DataFrame,
    *,
    themes: Iterable[str] | None = None,
    notes: Iterable[str] | None = None,
    kinds: Iterable[str] | None = None,
    match: str = "any",
) -> pd.DataFrame:
    """Keep the excerpts that carry the chosen themes, notes and kinds.

    An empty or ``None`` choice keeps everything on that dimension.

    Args:
        excerpts: Excerpts as in ``Corpus.excerpts``.
        themes: Theme ids to keep.
        notes: ``"group notes"`` and/or ``"plenary"``.
        kinds: Evidence kinds to keep.
        match: ``"any"`` keeps an excerpt with at least one chosen theme;
            ``"all"`` keeps only those with every chosen theme.

    Returns:
        The matching excerpts, in their original order.

    Raises:
        ValueError: If ``match`` is neither ``"any"`` nor ``"all"``.

    Example:
        >>> from workbook.evidence import load_corpus
        >>> kept = filter_excerpts(load_corpus().excerpts, themes=["drr"])
        >>> all("drr" in t for t in kept["themes"])
        True
    """
    if match not in ("any", "all"):
        raise ValueError(f"match must be 'any' or 'all', not {match!r}")
    keep = pd.Series(True, index=excerpts.index)
    chosen = set(themes or ())
    if chosen:
        test = (lambda t: bool(chosen & set(t))) if match == "any" else (lambda t: chosen <= set(t))
        keep &= excerpts["themes"].map(test).astype(bool)
    if notes:
        keep &= excerpts["notes"].isin(list(notes))
    if kinds:
        keep &= excerpts["kind"].isin(list(kinds))
    return excerpts[keep]


def search_excerpts(
    excerpts: pd.DataFrame, query: str, *, synonyms: Iterable[Iterable[str]] = ()
) -> pd.DataFrame:
    """Full-text search over quotes and paraphrases.

    Every word of the query must match the start of a word in the excerpt's quote or
    paraphrase, after folding case and common endings, so "reminders" finds
    "reminder". Function words in the query are ignored. Where the query holds a
    phrase from a synonym group, any phrase of that group will do instead
    (``Corpus.synonyms`` holds the seminar's groups).

    Args:
        excerpts: Excerpts as in ``Corpus.excerpts``.
        query: What to look for; blank returns every excerpt.
        synonyms: Groups of interchangeable words or phrases.

    Returns:
        The matching excerpts with a ``score`` column (hits in the quote count
        double), best first, ties in reading order.

    Example:
        >>> from workbook.evidence import load_corpus
        >>> corpus = load_corpus()
        >>> hits = search_excerpts(corpus.excerpts, "text messaging", synonyms=corpus.synonyms)
        >>> len(hits) > 0
        True
    """
    terms = query_terms(query, synonyms)
    if not terms:
        return excerpts.assign(score=0)
    scores = [
        _score(terms, tokenise(quote), tokenise(paraphrase))
        for quote, paraphrase in zip(excerpts["quote"], excerpts["paraphrase"], strict=True)
    ]
    found = excerpts.assign(score=scores)
    found = found[found["score"] > 0]
    return found.sort_values("score", ascending=False, kind="stable")


def query_terms(query: str, synonyms: Iterable[Iterable[str]] = ()) -> list[tuple[tuple[str, ...], ...]]:
    """Turn a query into terms: each term is a tuple of alternative stemmed phrases.

    Args:
        query: The text a person typed.
        synonyms: Groups of interchangeable words or phrases.

    Returns:
        One term per query word, except that a run of words forming a phrase of a
        synonym group becomes one term whose alternatives are the whole group.

    Example:
        >>> query_terms("mentors", [["mentor", "mentoring"]])
        [(('mentor',), ('mentor',))]
    """
    groups = [tuple(tuple(tokenise(p)) for p in group) for group in synonyms]
    words, terms, i = tokenise(query), [], 0
    while i < len(words):
        best = max(
            ((len(p), group) for group in groups for p in group if p and tuple(words[i : i + len(p)]) == p),
            default=None,
            key=lambda found: found[0],
        )
        if best is None:
            terms.append(((words[i],),))
            i += 1
        else:
            terms.append(tuple(p for p in best[1] if p))
            i += best[0]
    return terms


def _count_phrase(phrase: tuple[str, ...], words: list[str]) -> int:
    n = len(phrase)
    return sum(
        all(w.startswith(s) for w, s in zip(words[i : i + n], phrase, strict=True))
        for i in range(len(words) - n + 1)
    )


def _score(terms: list[tuple[tuple[str, ...], ...]], quote: list[str], paraphrase: list[str]) -> int:
    total = 0
    for alternatives in terms:
        hits = sum(2 * _count_phrase(p, quote) + _count_phrase(p, paraphrase) for p in alternatives)
        if hits == 0:
            return 0
        total += hits
    return total


def theme_cooccurrence(excerpts: pd.DataFrame, theme_ids: Iterable[str]) -> pd.DataFrame:
    """Count how often each pair of themes is coded on the same excerpt.

    Args:
        excerpts: Excerpts as in ``Corpus.excerpts``.
        theme_ids: The themes to count, in the order rows and columns should take.

    Returns:
        A square DataFrame of counts, themes on both axes; the diagonal holds the
        number of excerpts coded with each theme.

    Example:
        >>> import pandas as pd
        >>> frame = pd.DataFrame({"themes": [("a", "b"), ("a",)]})
        >>> theme_cooccurrence(frame, ["a", "b"]).loc["a"].tolist()
        [2, 1]
    """
    ids = list(theme_ids)
    counts = pd.DataFrame(0, index=pd.Index(ids, name="theme"), columns=pd.Index(ids, name="with"))
    for coded in excerpts["themes"]:
        present = [t for t in ids if t in coded]
        for row in present:
            for column in present:
                counts.loc[row, column] += 1
    return counts
