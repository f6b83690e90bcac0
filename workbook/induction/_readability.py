"""Readability of a text, computed offline.

Scores follow the published formulas (FACTS.md section 7): Flesch reading ease,
Flesch-Kincaid grade and SMOG, over a rule-based syllable counter with a small
table of exceptions. An approximate UK reading age is the Flesch-Kincaid grade
plus five years (a US grade starts at age 5 to 6): our approximation, labelled so.
Scores from other tools differ by a few points because syllable counters differ.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*")
_ABBREVIATIONS = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|St|No|e\.g|i\.e|etc|approx|tel)\.", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+|\n\s*\n|\n(?=\s*(?:[-*•]|\d+[.)])\s)")
_MARKUP = re.compile(r"<!--.*?-->|[#*_`>|]", re.DOTALL)
_EXCEPTIONS = {
    "the": 1, "are": 1, "were": 1, "there": 1, "where": 1, "here": 1, "one": 1, "once": 1,
    "come": 1, "some": 1, "done": 1, "gone": 1, "give": 1, "live": 1, "have": 1, "move": 1,
    "people": 2, "every": 3, "everyone": 4, "business": 2, "different": 3, "area": 3,
    "being": 2, "doing": 2, "going": 2, "seeing": 2, "idea": 3, "real": 1,
    "probation": 3, "agree": 2, "agreed": 2, "agreement": 3, "courses": 2, "via": 2,
    "whereby": 2, "hereby": 2, "therefore": 2, "somewhere": 2, "someone": 2, "sometimes": 2,
    "science": 2, "experience": 4, "client": 2, "quiet": 2, "period": 3, "ideal": 3,
    "element": 3, "create": 2, "created": 3, "family": 3, "appreciate": 4,
}  # fmt: skip
_SUFFIXES = ("ment", "ful", "ly", "ness", "less")

READING_EASE_BANDS = (
    (90, "very easy"),
    (80, "easy"),
    (70, "fairly easy"),
    (60, "plain English"),
    (50, "fairly difficult"),
    (30, "difficult"),
    (-math.inf, "very difficult"),
)


def count_syllables(word: str) -> int:
    """Count a word's syllables with vowel-group rules and a table of exceptions.

    The rules: count groups of one or two vowels; a final silent e (and -es, -ed
    after a consonant) does not count; the suffixes -ment, -ful, -ly, -ness and
    -less add one syllable to the word they follow; i or e before another vowel
    (media, video, actual) starts a new syllable except in -tion, -sion, -cious.

    Args:
        word: One word (letters and apostrophes).

    Returns:
        At least 1 for any word with a letter; 0 for none.

    Example:
        >>> [count_syllables(w) for w in ["breach", "attend", "probation", "unacceptable"]]
        [1, 2, 3, 5]
    """
    w = re.sub(r"[^a-z]", "", word.lower())
    if not w:
        return 0
    if w in _EXCEPTIONS:
        return _EXCEPTIONS[w]
    for suffix in _SUFFIXES:
        base = w[: -len(suffix)]
        if w.endswith(suffix) and len(base) >= 3:
            return count_syllables(base) + 1
    if len(w) <= 3:
        return 1
    trimmed = re.sub(r"(?:[^laeiouy]es|[^laeiouy]ed|[^laeiouy]e|(?<=[aeiou]y)ed)$", "", w)
    trimmed = re.sub(r"^y", "", trimmed)
    groups = len(re.findall(r"[aeiouy]{1,2}", trimmed))
    split_pairs = re.sub(r"(?:tio|sio|cio|tia|cia|geo|qu|gu)", "-", trimmed)
    groups += len(re.findall(r"(?<![aeiouy])(?:ia|io|eo|ua)(?![aeiouy])", split_pairs))
    return max(1, groups)


def split_sentences(text: str) -> list[str]:
    r"""Split text into sentences; headings, list items and paragraphs end one too.

    Example:
        >>> split_sentences("Come on Monday. Mr. Smith will see you!\n\n- Bring ID")
        ['Come on Monday.', 'Mr. Smith will see you!', '- Bring ID']
    """
    protected = _ABBREVIATIONS.sub(lambda m: m.group(0).replace(".", "\u2024"), text)
    pieces = _SENTENCE_END.split(protected)
    sentences = [" ".join(p.split()).replace("\u2024", ".") for p in pieces]
    return [s for s in sentences if _WORD.search(s)]


def words_of(text: str) -> list[str]:
    """The words of a text, without punctuation or markup."""
    return _WORD.findall(_MARKUP.sub(" ", text))


@dataclass(frozen=True)
class SentenceScore:
    """One sentence with its size and difficulty."""

    text: str
    words: int
    syllables: int
    grade: float


@dataclass(frozen=True)
class Readability:
    """Readability of one text.

    Attributes:
        sentences: Number of sentences.
        words: Number of words.
        syllables: Number of syllables.
        polysyllables: Words of three or more syllables, each once, in order of first use.
        polysyllable_count: Number of words (with repeats) of three or more syllables.
        reading_ease: Flesch reading ease (higher is easier; 60 to 70 is plain English).
        grade: Flesch-Kincaid grade (US school grade).
        smog: SMOG grade (meant for 30 sentences or more).
        reading_age: Approximate UK reading age in years: grade + 5 (our approximation).
        band: Words for the reading-ease score, e.g. "difficult".
        longest: The longest sentences, longest first.
        hardest: The hardest sentences by Flesch-Kincaid grade, hardest first.
    """

    sentences: int
    words: int
    syllables: int
    polysyllables: tuple[str, ...]
    polysyllable_count: int
    reading_ease: float
    grade: float
    smog: float
    reading_age: float
    band: str
    longest: tuple[SentenceScore, ...]
    hardest: tuple[SentenceScore, ...]


class TextError(ValueError):
    """The text cannot be scored (empty, or no words in it)."""


def score_text(text: str, *, top: int = 3) -> Readability:
    """Score a text's readability.

    Args:
        text: Plain text or Markdown.
        top: How many longest and hardest sentences to return.

    Returns:
        The scores.

    Raises:
        TextError: If the text holds no words.

    Example:
        >>> r = score_text("The cat sat on the mat.")
        >>> r.words, r.sentences, r.syllables, round(r.reading_ease, 1)
        (6, 1, 6, 116.1)
    """
    sentences = split_sentences(_MARKUP.sub(" ", text))
    scored = [_score_sentence(s) for s in sentences]
    words = sum(s.words for s in scored)
    if words == 0:
        if re.search(r"[^\W\d_]", text):
            raise TextError("These formulas are for English text, and this text has no English words.")
        raise TextError("There is no text to score: paste a letter or choose a file.")
    syllables = sum(s.syllables for s in scored)
    all_words = words_of(text)
    counts = [count_syllables(w) for w in all_words]
    poly = [w for w, c in zip(all_words, counts, strict=True) if c >= 3]
    n = len(scored)
    ease = 206.835 - 1.015 * words / n - 84.6 * syllables / words
    grade = 0.39 * words / n + 11.8 * syllables / words - 15.59
    smog = 1.043 * math.sqrt(len(poly) * 30 / n) + 3.1291
    return Readability(
        sentences=n,
        words=words,
        syllables=syllables,
        polysyllables=tuple(dict.fromkeys(w.lower() for w in poly)),
        polysyllable_count=len(poly),
        reading_ease=ease,
        grade=grade,
        smog=smog,
        reading_age=max(5.0, grade + 5),
        band=next(label for floor, label in READING_EASE_BANDS if ease >= floor),
        longest=tuple(sorted(scored, key=lambda s: -s.words)[:top]),
        hardest=tuple(sorted(scored, key=lambda s: -s.grade)[:top]),
    )


def _score_sentence(sentence: str) -> SentenceScore:
    words = words_of(sentence)
    syllables = sum(count_syllables(w) for w in words)
    grade = 0.39 * len(words) + 11.8 * syllables / max(1, len(words)) - 15.59
    return SentenceScore(sentence, len(words), syllables, grade)
