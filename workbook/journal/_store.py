"""The journal and workshop store: SQLite by default, PostgreSQL when ``WORKBOOK_DB_URL`` names one.

``Store`` gathers the connection and schema (``_database``), rooms (``_room_store``),
questions and answers (``_question_store``) and, here, journal entries.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from workbook.journal._database import Cursor
from workbook.journal._entry import Entry, JournalError, check_entry, now_text
from workbook.journal._keys import key_digest
from workbook.journal._question_store import QuestionStore
from workbook.journal._room import RoomRecord

ENTRY_COLUMNS = "id, created, pseudonym, stage, prompt, body, themes, room_id, shared, snapshot"


def entry_from_row(row: Sequence[Any]) -> Entry:
    """An ``Entry`` from a row of ``ENTRY_COLUMNS``."""
    return Entry(
        id=row[0],
        created=row[1],
        pseudonym=row[2],
        stage=row[3],
        prompt=row[4],
        text=row[5],
        themes=tuple(json.loads(row[6])),
        room_id=row[7],
        shared=bool(row[8]),
        snapshot=json.loads(row[9]) if row[9] else None,
    )


class Store(QuestionStore):
    """A connection to the journal store.

    Args:
        url: ``sqlite:///path/to/file.sqlite3`` or ``postgresql://user@host:port/db``;
            ``default_url()`` when left out.

    Raises:
        StoreError: The store cannot be opened, or its schema is newer than this code.

    Example:
        >>> import tempfile
        >>> from workbook.journal import new_entry, new_key
        >>> folder = tempfile.mkdtemp()
        >>> with Store(f"sqlite:///{folder}/j.sqlite3") as store:
        ...     key = new_key()
        ...     saved = store.save(new_entry("Sam", "feelings", "How did it feel?", "Uneasy."), key)
        ...     [e.text for e in store.entries(key)]
        ['Uneasy.']
    """

    def __enter__(self) -> Store:
        return self

    def save(self, entry: Entry, author_key: str) -> Entry:
        """Write an entry for the author who holds ``author_key``; writing it twice keeps one.

        A shared entry must name a room that is open and that the author has joined.

        Raises:
            StoreError: The store cannot be written.
            JournalError: The entry is shared with a room the author is not in, or that has closed.
        """
        entry = check_entry(entry)  # an entry not made by new_entry is checked here, before SQLite sees it
        digest = key_digest(author_key)
        with self._transaction() as cursor:
            if entry.room_id is not None:
                self._check_member(cursor, entry.room_id, digest, live=entry.shared)
            cursor.execute(
                f"INSERT INTO entries ({ENTRY_COLUMNS}, author_digest) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING",
                (
                    entry.id,
                    entry.created,
                    entry.pseudonym,
                    entry.stage,
                    entry.prompt,
                    entry.text,
                    json.dumps(list(entry.themes)),
                    entry.room_id,
                    int(entry.shared),
                    json.dumps(entry.snapshot, sort_keys=True) if entry.snapshot is not None else None,
                    digest,
                ),
            )
        return entry

    def _check_member(self, cursor: Cursor, room_id: str, digest: str, *, live: bool = True) -> None:
        """Refuse unless the author has joined the room (and, for sharing, it is still running)."""
        cursor.execute("UPDATE rooms SET revision = revision + 1 WHERE id = ?", (room_id,))
        room = cursor.execute("SELECT expires, ended FROM rooms WHERE id = ?", (room_id,)).fetchone()
        if room is None:
            raise JournalError("Room", "this room no longer exists; the entry was not shared.")
        if live and (room[1] is not None or room[0] <= now_text()):
            raise JournalError(
                "Share with the room",
                "the session has ended, so nothing more can be shared; the entry can still be kept "
                "privately in your journal.",
            )
        member = cursor.execute(
            "SELECT 1 FROM participants WHERE room_id = ? AND author_digest = ?", (room_id, digest)
        ).fetchone()
        if member is None:
            raise JournalError("Room", "join the room before writing in it.")

    def entries(self, author_key: str, *, room_id: str | None = None) -> list[Entry]:
        """The entries written with ``author_key`` (in one room, if given), oldest first; nobody else's."""
        where, parameters = "author_digest = ?", [key_digest(author_key)]
        if room_id is not None:
            where, parameters = where + " AND room_id = ?", [*parameters, room_id]
        rows = self._read(
            f"SELECT {ENTRY_COLUMNS} FROM entries WHERE {where} ORDER BY created, id", parameters
        )
        return [entry_from_row(row) for row in rows]

    def set_shared(self, entry_id: str, author_key: str, shared: bool) -> None:
        """Share one's own entry with the room it was written in, or take it back.

        Raises:
            JournalError: The entry is not this author's, or was not written in a room.
        """
        with self._transaction() as cursor:
            row = self._own_entry(cursor, entry_id, author_key)
            if row[0] is None:
                raise JournalError("Share with the room", "this entry was not written in a room.")
            if shared:
                self._check_member(cursor, row[0], key_digest(author_key))
            else:
                cursor.execute("UPDATE rooms SET revision = revision + 1 WHERE id = ?", (row[0],))
            cursor.execute("UPDATE entries SET shared = ? WHERE id = ?", (int(shared), entry_id))

    def delete_entry(self, entry_id: str, author_key: str) -> None:
        """Delete one's own entry for good, from the journal and from any room it was shared with.

        Raises:
            JournalError: The entry is not this author's (or is already gone).
        """
        with self._transaction() as cursor:
            row = self._own_entry(cursor, entry_id, author_key)
            if row[0] is not None:
                cursor.execute("UPDATE rooms SET revision = revision + 1 WHERE id = ?", (row[0],))
            cursor.execute("DELETE FROM entries WHERE id = ?", (entry_id,))

    def _own_entry(self, cursor: Cursor, entry_id: str, author_key: str) -> tuple:
        row = cursor.execute(
            "SELECT room_id FROM entries WHERE id = ? AND author_digest = ?",
            (entry_id, key_digest(author_key)),
        ).fetchone()
        if row is None:
            raise JournalError("Entry", "it is not in your journal (perhaps it was already deleted).")
        return row

    def count_entries(self) -> int:
        """How many entries the store holds, everyone's together (for tests and benchmarks)."""
        return self._read("SELECT count(*) FROM entries")[0][0]

    def count_rooms(self) -> int:
        """How many workshop rooms the store holds, open or ended."""
        return self._read("SELECT count(*) FROM rooms")[0][0]

    def all_entry_ids(self) -> list[str]:
        """Every entry id in the store (for reliability tests)."""
        return [row[0] for row in self._read("SELECT id FROM entries")]

    def shared_entries(self, room_id: str) -> list[Entry]:
        """Entries their authors shared with the room, oldest first: never a private one."""
        rows = self._read(
            f"SELECT {ENTRY_COLUMNS} FROM entries WHERE room_id = ? AND shared = 1 ORDER BY created, id",
            (room_id,),
        )
        return [entry_from_row(row) for row in rows]

    def room_record(self, room_id: str) -> RoomRecord:
        """What the room holds, for export: questions, answers and shared entries."""
        questions = self.questions(room_id)
        return RoomRecord(
            room=self.room(room_id),
            participants=tuple(self.participants(room_id)),
            questions=tuple(questions),
            answers={q.id: tuple(self.answers(q.id)) for q in questions},
            shared=tuple(self.shared_entries(room_id)),
        )
