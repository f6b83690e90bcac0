"""Journal entries, the reflective cycle, and the checks every piece of typed text passes."""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
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


MAX_PROMPT = 1_000
"""The most characters a prompt may hold."""

# Characters no field may hold: control characters (line breaks and tabs aside, where a field
# allows lines), halves of a character broken apart (lone surrogates, from a bad paste: SQLite
# cannot store them), noncharacters (U+FFFE and kin make a Word file unopenable) and invisible
# direction overrides (they make a pseudonym or a title read as something else).
_NONCHARACTERS = "\ufdd0-\ufdef\ufffe\uffff" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17)
)
_REFUSED = {
    "a control character": "\x00-\x08\x0b-\x1f\x7f-\x9f",
    "half of a character broken apart (perhaps from a paste)": "\ud800-\udfff",
    "a noncharacter": _NONCHARACTERS,
    "an invisible direction override": "\u202a-\u202e\u2066-\u2069",
}
_REFUSED_PATTERN = re.compile("[" + "".join(_REFUSED.values()) + "]")


def check_field(text: object, *, where: str, limit: int, empty: bool = False, one_line: bool = False) -> str:
    r"""Any typed text as stored, or a ``JournalError`` naming the field and what is wrong.

    The one check every text field passes (entry, prompt, pseudonym, question, answer, room
    title): it must be text, within ``limit`` characters, not empty (unless ``empty``), and free
    of control characters, broken halves of characters (lone surrogates), noncharacters and
    invisible direction overrides. Line ends become ``\n``; a ``one_line`` field has its runs of
    spaces and line breaks made one space. Nothing else changes: every view escapes text.

    Example:
        >>> check_field("a\r\nb", where="Reflection", limit=10)
        'a\nb'
        >>> check_field("Sam\ufffe", where="Pseudonym", limit=40)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        workbook.journal._entry.JournalError: Pseudonym: it contains a noncharacter (U+FFFE); ...
    """
    if not isinstance(text, str):
        raise JournalError(where, "it must be text.")
    if len(text) > 4 * limit + 1_000:  # far too long: say so before looking at every character
        raise JournalError(
            where,
            f"it has {len(text):,} characters and the limit is {limit:,}; shorten it or split it in two.",
        )
    body = " ".join(text.split()) if one_line else text.replace("\r\n", "\n").replace("\r", "\n")
    if found := _REFUSED_PATTERN.search(body):
        what = next(name for name, chars in _REFUSED.items() if re.match(f"[{chars}]", found.group()))
        raise JournalError(
            where, f"it contains {what} (U+{ord(found.group()):04X}); remove it and try again."
        )
    if not body.strip() and not empty:
        raise JournalError(where, "it is empty; write something first.")
    if len(body) > limit:
        raise JournalError(
            where,
            f"it has {len(body):,} characters and the limit is {limit:,}; shorten it or split it in two.",
        )
    return body


def check_pseudonym(text: str) -> str:
    """A pseudonym as stored, or a ``JournalError`` naming what is wrong with it.

    Example:
        >>> check_pseudonym("  Sam ")
        'Sam'
    """
    if isinstance(text, str) and not text.strip():
        raise JournalError("Pseudonym", "type a name to use here; it need not be your real one.")
    return check_field(text, where="Pseudonym", limit=MAX_PSEUDONYM, one_line=True)


def check_text(text: str, *, where: str = "Reflection", limit: int = MAX_TEXT) -> str:
    r"""Typed text as stored, or a ``JournalError``: `check_field` for a field of several lines.

    Example:
        >>> check_text("<b>kept</b>\r\nas typed")
        '<b>kept</b>\nas typed'
    """
    return check_field(text, where=where, limit=limit)


def check_prompt(text: str) -> str:
    """A prompt as stored (it may be empty), or a ``JournalError``.

    Example:
        >>> check_prompt("")
        ''
    """
    return check_field(text, where="Prompt", limit=MAX_PROMPT, empty=True)


def check_entry(entry: Entry) -> Entry:
    """The entry with its pseudonym, prompt and text passed through `check_field`; the store calls this.

    Raises:
        JournalError: Naming the first field that fails.
    """
    return replace(
        entry,
        pseudonym=check_pseudonym(entry.pseudonym),
        prompt=check_prompt(entry.prompt),
        text=check_text(entry.text),
    )


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
        JournalError: The pseudonym or text is empty, the pseudonym, prompt or text is too long
            or holds a character `check_field` refuses, or the stage is not one of ``STAGES``.

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
        prompt=check_prompt(prompt),
        text=check_text(text),
        themes=tuple(themes),
        room_id=room_id,
        shared=shared,
        snapshot=snapshot,
    )
