"""Journal entries, the reflective cycle, and the checks every piece of typed text passes."""

from __future__ import annotations

import unicodedata
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

STAGES = ("description", "feelings", "evaluation", "analysis", "conclusion", "action plan")
"""The six stages of Gibbs's reflective cycle (Gibbs 1988), in order."""

MAX_TEXT = 20_000
"""The most characters one entry may hold (about 3,000 words)."""

MAX_PSEUDONYM = 40
"""The most characters a pseudonym may hold."""


class JournalError(ValueError):
    """Something a person typed, or the store, cannot be used; the message says what and where.

    Attributes:
        where: The field or place at fault, in the words the page uses.
        problem: What is wrong, in words.
    """

    def __init__(self, where: str, problem: str):
        self.where, self.problem = where, problem
        super().__init__(f"{where}: {problem}")


def now_text() -> str:
    """The current time in UTC as ISO 8601 text with microseconds, which sorts as time does."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def _has_control(text: str) -> bool:
    return any(unicodedata.category(ch) == "Cc" and ch not in "\n\t" for ch in text)


def check_pseudonym(text: str) -> str:
    """A pseudonym as stored, or a ``JournalError`` naming what is wrong with it.

    Example:
        >>> check_pseudonym("  Sam ")
        'Sam'
    """
    name = " ".join(text.split())
    if not name:
        raise JournalError("Pseudonym", "type a name to use here; it need not be your real one.")
    if len(name) > MAX_PSEUDONYM:
        raise JournalError("Pseudonym", f"use at most {MAX_PSEUDONYM} characters (this has {len(name)}).")
    if _has_control(name):
        raise JournalError("Pseudonym", "it contains control characters; type it again.")
    return name


def check_text(text: str, *, where: str = "Reflection", limit: int = MAX_TEXT) -> str:
    r"""Typed text as stored, or a ``JournalError``: not empty, within the limit, no control characters.

    Line ends are made ``\n``; nothing else is changed, HTML and Markdown included:
    every view escapes text when it shows it.

    Example:
        >>> check_text("<b>kept</b>\r\nas typed")
        '<b>kept</b>\nas typed'
    """
    body = text.replace("\r\n", "\n").replace("\r", "\n")
    if not body.strip():
        raise JournalError(where, "it is empty; write something first.")
    if len(body) > limit:
        raise JournalError(
            where,
            f"it has {len(body):,} characters and the limit is {limit:,}; shorten it or split it in two.",
        )
    if _has_control(body):
        raise JournalError(
            where, "it contains control characters (perhaps pasted); remove them and try again."
        )
    return body


@dataclass(frozen=True)
class Entry:
    """One journal entry.

    Attributes:
        id: A random id, made when the entry is written (so a retried write cannot duplicate it).
        created: When it was written, ISO 8601 in UTC.
        pseudonym: The author's pseudonym at the time.
        stage: The reflective-cycle stage, one of ``STAGES``.
        prompt: The prompt it answers (may be empty).
        text: What the person wrote.
        themes: Seminar theme ids it concerns.
        room_id: The workshop room it was written in, if any.
        shared: Whether the author shared it with that room.
        snapshot: What the person was looking at: ``{"page": ..., "parameters": {...},
            "results": {...}}``, or ``None``.
    """

    id: str
    created: str
    pseudonym: str
    stage: str
    prompt: str
    text: str
    themes: tuple[str, ...] = ()
    room_id: str | None = None
    shared: bool = False
    snapshot: dict[str, Any] | None = field(default=None, compare=False)

    def __post_init__(self):
        if self.stage not in STAGES:
            raise JournalError(
                "Stage",
                f"{self.stage!r} is not a stage of the reflective cycle; choose one of: {', '.join(STAGES)}.",
            )
        if self.shared and self.room_id is None:
            raise JournalError("Share with the room", "join a room before sharing an entry with it.")


def new_entry(
    pseudonym: str,
    stage: str,
    prompt: str,
    text: str,
    *,
    themes: Sequence[str] = (),
    room_id: str | None = None,
    shared: bool = False,
    snapshot: dict[str, Any] | None = None,
) -> Entry:
    """A new entry with a fresh id and the current time, its text and pseudonym checked.

    Raises:
        JournalError: The pseudonym or text is empty, too long or holds control characters,
            or the stage is not one of ``STAGES``.

    Example:
        >>> entry = new_entry("Sam", "feelings", "", "Uneasy.")
        >>> entry.pseudonym, entry.stage, len(entry.id)
        ('Sam', 'feelings', 32)
    """
    return Entry(
        id=uuid.uuid4().hex,
        created=now_text(),
        pseudonym=check_pseudonym(pseudonym),
        stage=stage,
        prompt=prompt,
        text=check_text(text),
        themes=tuple(themes),
        room_id=room_id,
        shared=shared,
        snapshot=snapshot,
    )
