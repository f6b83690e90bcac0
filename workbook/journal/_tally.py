"""What a room answered: counts per option, and the most frequent words in open answers."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from workbook.journal._room import Answer, Question

_COMMON_WORDS = """
    a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from further had has
    have having he her here hers him his how i if in into is it its itself just me more most my no nor
    not now of off on once only or other our ours out over own same she should so some such than that
    the their theirs them then there these they this those through to too under until up very was we
    were what when where which while who whom why will with would you your yours get got really think
    more much lot one two make made way things thing
"""

STOPWORDS = frozenset(_COMMON_WORDS.split())
"""Common English words left out of the word counts."""

_WORD = re.compile(r"[a-z][a-z'’-]*[a-z]|[a-z]")


def frequent_words(texts: Iterable[str], top: int = 12) -> list[tuple[str, int]]:
    """The most frequent words across answers, each counted once per answer, common words left out.

    Example:
        >>> frequent_words(["Texts help. Texts!", "texts and mentors", "Mentors help"])
        [('help', 2), ('mentors', 2), ('texts', 2)]
    """
    counts: Counter[str] = Counter()
    for text in texts:
        words = {w.strip("'’-") for w in _WORD.findall(text.lower())}
        counts.update(w for w in words if len(w) > 2 and w not in STOPWORDS)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:top]


def tally(question: Question, answers: Iterable[Answer]) -> list[tuple[str, int]]:
    """Counts per option (every option listed, in order, zeros included), or frequent words for open text.

    Example:
        >>> q = Question("q", "r", 1, "scale", "How fair?", ("1", "2", "3", "4", "5"), "open", False)
        >>> tally(q, [Answer("q", "Sam", "4", ""), Answer("q", "Ali", "4", "")])
        [('1', 0), ('2', 0), ('3', 0), ('4', 2), ('5', 0)]
    """
    answers = list(answers)
    if question.kind == "text":
        return frequent_words(a.value for a in answers)
    counts = Counter(a.value for a in answers)
    return [(option, counts.get(option, 0)) for option in question.options]


@dataclass(frozen=True)
class Results:
    """What the room answered to one question, ready to show.

    Attributes:
        counts: ``(label, count)`` per option in order (zeros included), or the most frequent
            words for open text.
        answered: How many answered.
        mean: The mean of a 1 to 5 scale question, else ``None``.
        texts: The answers themselves, for open text (oldest first), else empty.
    """

    counts: tuple[tuple[str, int], ...]
    answered: int
    mean: float | None
    texts: tuple[str, ...]

    @property
    def top(self) -> int:
        """The largest count (0 when there are none)."""
        return max((count for _, count in self.counts), default=0)


def results(question: Question, answers: Iterable[Answer]) -> Results:
    """Counts, the mean of a scale, and the text of open answers.

    Example:
        >>> q = Question("q", "r", 1, "scale", "How fair?", ("1", "2", "3", "4", "5"), "open", True)
        >>> r = results(q, [Answer("q", "Sam", "4", ""), Answer("q", "Ali", "5", "")])
        >>> r.answered, r.mean, r.top
        (2, 4.5, 1)
    """
    answers = list(answers)
    mean = None
    if question.kind == "scale" and answers:
        mean = round(sum(int(a.value) for a in answers) / len(answers), 2)
    texts = tuple(a.value for a in answers) if question.kind == "text" else ()
    return Results(tuple(tally(question, answers)), len(answers), mean, texts)
