"""Rooms in the store: opening, finding, ending and joining them, and the attempts and secrets they use."""

from __future__ import annotations

import secrets
import time
import uuid
from datetime import UTC, datetime, timedelta

from workbook.journal._database import Cursor, Database, StoreError
from workbook.journal._entry import JournalError, check_pseudonym, check_text, now_text
from workbook.journal._keys import (
    JOIN_CODE_SYMBOLS,
    digests_match,
    is_well_formed,
    key_digest,
    new_join_code,
    new_key,
    normalise_code,
)
from workbook.journal._room import DEFAULT_CAPACITY, DEFAULT_HOURS, Participant, Room

ROOM_COLUMNS = "id, code, title, capacity, created, expires, ended"
ATTEMPTS_KEPT_SECONDS = 3600
"""Failed attempts older than this are deleted as new ones are recorded."""

ENDED = "the facilitator has ended this session; thank you for taking part."


class UnknownCodeError(JournalError):
    """A join code that is malformed or belongs to no room: what guessing looks like (rate-limited)."""


class RoomStore(Database):
    """The store's room methods (``Store`` has them all)."""

    def open_room(
        self, title: str, *, capacity: int = DEFAULT_CAPACITY, hours: float = DEFAULT_HOURS
    ) -> tuple[Room, str]:
        """Open a room; return it and its facilitator key, which is shown once and stored only as a digest.

        Args:
            title: What to call the session.
            capacity: The most participants it admits, 2 to 500.
            hours: How long its join code works, up to a week.
        """
        title = check_text(title, where="Session title", limit=120)
        if not 2 <= capacity <= 500:
            raise JournalError("Room size", f"choose between 2 and 500 places (not {capacity}).")
        if not 0 < hours <= 24 * 7:
            raise JournalError("Open for", f"choose between a few minutes and a week (not {hours} hours).")
        key = new_key()
        created = datetime.now(UTC)
        for _ in range(5):
            room = Room(
                id=uuid.uuid4().hex,
                code=normalise_code(new_join_code()),
                title=title,
                capacity=capacity,
                created=created.isoformat(timespec="microseconds"),
                expires=(created + timedelta(hours=hours)).isoformat(timespec="microseconds"),
            )
            with self._transaction() as cursor:
                clash = cursor.execute("SELECT 1 FROM rooms WHERE code = ?", (room.code,)).fetchone()
                if clash is None:
                    cursor.execute(
                        "INSERT INTO rooms (id, code, title, capacity, created, expires, key_digest) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (
                            room.id,
                            room.code,
                            room.title,
                            room.capacity,
                            room.created,
                            room.expires,
                            key_digest(key),
                        ),
                    )
                    return room, key
        raise StoreError("Join code", "five random codes in a row were taken; try again.")  # pragma: no cover

    def _room_by_code(self, code: str) -> tuple[Room, str]:
        if not is_well_formed(code, JOIN_CODE_SYMBOLS):
            raise UnknownCodeError(
                "Join code", "a code has 8 letters and digits, like ABCD-2345; check it and try again."
            )
        rows = self._read(
            f"SELECT {ROOM_COLUMNS}, key_digest FROM rooms WHERE code = ?", (normalise_code(code),)
        )
        if not rows:
            raise UnknownCodeError("Join code", "no room has this code; check it with the facilitator.")
        return Room(*rows[0][:7]), rows[0][7]

    def room(self, room_id: str) -> Room:
        """The room with this id, live or not.

        Raises:
            JournalError: There is no such room.
        """
        rows = self._read(f"SELECT {ROOM_COLUMNS} FROM rooms WHERE id = ?", (room_id,))
        if not rows:
            raise JournalError("Room", "this room does not exist.")
        return Room(*rows[0])

    def find_room(self, code: str, *, live: bool = True) -> Room:
        """The room with this join code; by default only while people can still join it.

        Raises:
            JournalError: The code is malformed or unknown, or (with ``live``) the room has ended or expired.
        """
        room, _ = self._room_by_code(code)
        if live and room.ended is not None:
            raise JournalError("Join code", ENDED)
        if live and not room.is_live():
            raise JournalError("Join code", "this room has closed; ask the facilitator for the new code.")
        return room

    def facilitate(self, code: str, facilitator_key: str) -> Room:
        """The room, for its facilitator: the key must match.

        Raises:
            JournalError: The code is unknown, or the key does not match.
        """
        room, digest = self._room_by_code(code)
        if not digests_match(facilitator_key, digest):
            raise JournalError(
                "Facilitator key", "it does not match this room's key; check it and try again."
            )
        return room

    def end_room(self, room_id: str) -> Room:
        """End a session now: the code stops working, an open question closes, participants are told.

        What the room holds stays, for the downloads. Ending twice keeps the first time.
        """
        now = now_text()
        with self._transaction() as cursor:
            cursor.execute(
                "UPDATE rooms SET ended = coalesce(ended, ?), revision = revision + 1 WHERE id = ?",
                (now, room_id),
            )
            cursor.execute(
                "UPDATE questions SET state = 'closed' WHERE room_id = ? AND state = 'open'", (room_id,)
            )
        return self.room(room_id)

    def _live_room(self, cursor: Cursor, room_id: str) -> None:
        """Refuse to change a room that has ended or expired."""
        row = cursor.execute("SELECT ended, expires FROM rooms WHERE id = ?", (room_id,)).fetchone()
        if row is None:
            raise JournalError("Room", "this room no longer exists.")
        if row[0] is not None:
            raise JournalError("Room", "the session has ended, so nothing more can be posed or opened.")
        if row[1] <= now_text():
            raise JournalError("Room", "this room has closed; open a new room to go on.")

    def join(self, code: str, pseudonym: str, author_key: str) -> tuple[Room, Participant]:
        """Join a room by code; joining again with the same key returns the same participant.

        Raises:
            JournalError: A bad code or pseudonym, an ended, expired or full room, or a pseudonym
                taken there.
        """
        name = check_pseudonym(pseudonym)
        room = self.find_room(code)
        digest = key_digest(author_key)
        with self._transaction() as cursor:
            cursor.execute("UPDATE rooms SET revision = revision + 1 WHERE id = ?", (room.id,))
            mine = cursor.execute(
                "SELECT id, pseudonym FROM participants WHERE room_id = ? AND author_digest = ?",
                (room.id, digest),
            ).fetchone()
            taken = cursor.execute(
                "SELECT 1 FROM participants WHERE room_id = ? AND lower(pseudonym) = lower(?) "
                "AND author_digest <> ?",
                (room.id, name, digest),
            ).fetchone()
            if taken:
                raise JournalError(
                    "Pseudonym", f"someone in this room already goes by {name!r}; choose another."
                )
            if mine:
                cursor.execute("UPDATE participants SET pseudonym = ? WHERE id = ?", (name, mine[0]))
                return room, Participant(mine[0], room.id, name)
            count = cursor.execute(
                "SELECT count(*) FROM participants WHERE room_id = ?", (room.id,)
            ).fetchone()[0]
            if count >= room.capacity:
                raise JournalError(
                    "Room", f"this room is full ({room.capacity} places); tell the facilitator."
                )
            participant = Participant(uuid.uuid4().hex, room.id, name)
            cursor.execute(
                "INSERT INTO participants (id, room_id, pseudonym, author_digest, joined) "
                "VALUES (?, ?, ?, ?, ?)",
                (participant.id, room.id, name, digest, now_text()),
            )
        return room, participant

    def seat(self, room_id: str, author_key: str) -> Participant | None:
        """The participant this key holds in the room, or ``None`` if it has not joined."""
        rows = self._read(
            "SELECT id, room_id, pseudonym FROM participants WHERE room_id = ? AND author_digest = ?",
            (room_id, key_digest(author_key)),
        )
        return Participant(*rows[0]) if rows else None

    def pseudonyms(self, author_key: str) -> set[str]:
        """The names this key has gone by in any room (to tell whether a browser's key is this person's)."""
        rows = self._read(
            "SELECT DISTINCT pseudonym FROM participants WHERE author_digest = ?", (key_digest(author_key),)
        )
        return {row[0] for row in rows}

    def participants(self, room_id: str) -> list[Participant]:
        """Everyone who has joined the room, in order of joining."""
        rows = self._read(
            "SELECT id, room_id, pseudonym FROM participants WHERE room_id = ? ORDER BY joined", (room_id,)
        )
        return [Participant(*row) for row in rows]

    def count_participants(self, room_id: str) -> int:
        """How many have joined the room."""
        return self._read("SELECT count(*) FROM participants WHERE room_id = ?", (room_id,))[0][0]

    def revision(self, room_id: str) -> int:
        """A number that grows with every change to the room: poll it to know when to redraw."""
        rows = self._read("SELECT revision FROM rooms WHERE id = ?", (room_id,))
        return rows[0][0] if rows else -1

    # -- failed attempts and secrets -----------------------------------------------------------------

    def count_attempts(self, scope: str, client: str, since: float) -> tuple[int, int]:
        """Failed attempts in ``scope`` since ``since`` (epoch seconds): by ``client``, and by everyone."""
        rows = self._read(
            "SELECT count(*), coalesce(sum(CASE WHEN client = ? THEN 1 ELSE 0 END), 0) "
            "FROM attempts WHERE scope = ? AND at >= ?",
            (client, scope, since),
        )
        return int(rows[0][1]), int(rows[0][0])

    def record_attempt(self, scope: str, client: str, at: float | None = None) -> None:
        """Note a failed attempt, and forget those older than an hour."""
        at = time.time() if at is None else at
        with self._transaction() as cursor:
            cursor.execute(
                "DELETE FROM attempts WHERE scope = ? AND at < ?", (scope, at - ATTEMPTS_KEPT_SECONDS)
            )
            cursor.execute("INSERT INTO attempts (scope, client, at) VALUES (?, ?, ?)", (scope, client, at))

    def secret(self, name: str) -> str:
        """A random secret by name, made the first time it is asked for and the same ever after.

        Every process that shares the store shares it, so a cookie signed by one of them is
        accepted by all.
        """
        rows = self._read("SELECT value FROM secrets WHERE name = ?", (name,))
        if rows:
            return rows[0][0]
        with self._transaction() as cursor:
            cursor.execute(
                "INSERT INTO secrets (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING",
                (name, secrets.token_urlsafe(32)),
            )
        return self._read("SELECT value FROM secrets WHERE name = ?", (name,))[0][0]
