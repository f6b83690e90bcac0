"""A workshop room and what it holds: participants, questions, answers.

These are plain records; ``Store`` reads and writes them.
"""

from __future__ import annotations

from dataclasses import dataclass

from workbook.journal._entry import Entry, JournalError, check_text, now_text
from workbook.journal._keys import display_code

QUESTION_KINDS = {
    "text": "Open text",
    "card": "Choose a scenario card",
    "theme": "Choose a seminar theme",
    "scale": "A scale from 1 to 5",
}
"""The kinds of question a facilitator can pose, with their labels."""

QUESTION_STATES = ("ready", "open", "closed")
MAX_ANSWER = 2_000
DEFAULT_CAPACITY = 40
DEFAULT_HOURS = 12


@dataclass(frozen=True)
class Room:
    """A workshop room.

    Attributes:
        id: Random id.
        code: The join code, stored without its hyphen; ``display_code`` shows it grouped.
        title: What the facilitator called the session.
        capacity: The most participants it admits.
        created: When it was opened (ISO 8601, UTC).
        expires: When its join code stops working (ISO 8601, UTC).
        ended: When the facilitator ended the session, or ``None``.

    Example:
        >>> room = Room("r", "ABCD2345", "Seminar", 40, "2026-11-30T10:00", "2026-11-30T22:00")
        >>> room.join_code, room.is_live("2026-11-30T12:00"), room.is_live("2026-11-30T23:00")
        ('ABCD-2345', True, False)
    """

    id: str
    code: str
    title: str
    capacity: int
    created: str
    expires: str
    ended: str | None = None

    @property
    def join_code(self) -> str:
        """The join code as people read it, ``ABCD-EFGH``."""
        return display_code(self.code)

    def is_live(self, now: str | None = None) -> bool:
        """Whether people can still join and answer: not ended, not expired."""
        return self.ended is None and self.expires > (now or now_text())


@dataclass(frozen=True)
class Participant:
    """Someone in a room, known by pseudonym only."""

    id: str
    room_id: str
    pseudonym: str


@dataclass(frozen=True)
class Question:
    """A question the facilitator poses to the room.

    Attributes:
        id: Random id.
        room_id: The room.
        position: 1 for the first question posed, and so on.
        kind: One of ``QUESTION_KINDS``.
        text: The question.
        options: The choices, for a card or theme question; ``("1", ..., "5")`` for a scale.
        state: ``"ready"`` (posed, not yet open), ``"open"`` or ``"closed"``.
        revealed: Whether the results are shown to the room.
    """

    id: str
    room_id: str
    position: int
    kind: str
    text: str
    options: tuple[str, ...]
    state: str
    revealed: bool


@dataclass(frozen=True)
class Answer:
    """One participant's answer to a question."""

    question_id: str
    pseudonym: str
    value: str
    answered: str


@dataclass(frozen=True)
class RoomRecord:
    """Everything a room holds, for the facilitator's export: never private entries."""

    room: Room
    participants: tuple[Participant, ...]
    questions: tuple[Question, ...]
    answers: dict[str, tuple[Answer, ...]]
    shared: tuple[Entry, ...]


def check_answer(question: Question, value: str) -> str:
    """An answer as stored, or a ``JournalError`` saying why it does not fit the question.

    Example:
        >>> q = Question("q", "r", 1, "scale", "How fair?", ("1", "2", "3", "4", "5"), "open", False)
        >>> check_answer(q, "4")
        '4'
    """
    if question.kind == "text":
        return check_text(value, where="Answer", limit=MAX_ANSWER)
    if value not in question.options:
        raise JournalError("Answer", "choose one of the options.")
    return value


def current_question(questions: list[Question]) -> Question | None:
    """The question participants see: the open one, else the last closed one, else none.

    Example:
        >>> ready = Question("a", "r", 1, "text", "Why?", (), "ready", False)
        >>> closed = Question("b", "r", 2, "text", "How?", (), "closed", True)
        >>> current_question([ready]) is None, current_question([ready, closed]).id
        (True, 'b')
    """
    open_now = [q for q in questions if q.state == "open"]
    if open_now:
        return open_now[-1]
    shown = [q for q in questions if q.state == "closed"]
    return shown[-1] if shown else None
