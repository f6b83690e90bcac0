"""The journal and workshop store: SQLite by default, PostgreSQL when ``WORKBOOK_DB_URL`` names one.

Both back ends hold the same tables and behave alike: every write is one
transaction, ids are made by the writer (so a retried write cannot duplicate), and
the schema carries a version that ``Store`` brings up to date when it opens.
SQLite runs in WAL mode with a busy timeout and ``synchronous=FULL``, so that a
write reported as saved survives the writer being killed, and many processes
(one Voila kernel per page) can write at once.
"""

from __future__ import annotations

import json
import os
import sqlite3
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from workbook.journal._entry import Entry, JournalError, check_pseudonym, check_text, now_text
from workbook.journal._keys import (
    JOIN_CODE_SYMBOLS,
    digests_match,
    display_code,
    is_well_formed,
    key_digest,
    new_join_code,
    new_key,
    normalise_code,
)

SCHEMA_VERSION = 2
"""The schema this code reads and writes."""

MIGRATIONS: dict[int, tuple[str, ...]] = {
    # Version 1: the private journal.
    1: (
        """CREATE TABLE entries (
            id TEXT PRIMARY KEY,
            created TEXT NOT NULL,
            author_digest TEXT NOT NULL,
            pseudonym TEXT NOT NULL,
            stage TEXT NOT NULL,
            prompt TEXT NOT NULL,
            body TEXT NOT NULL,
            themes TEXT NOT NULL,
            snapshot TEXT
        )""",
        "CREATE INDEX entries_by_author ON entries (author_digest, created)",
    ),
    # Version 2: workshop rooms, and entries shared with a room.
    2: (
        """CREATE TABLE rooms (
            id TEXT PRIMARY KEY,
            code TEXT NOT NULL UNIQUE,
            title TEXT NOT NULL,
            key_digest TEXT NOT NULL,
            capacity INTEGER NOT NULL,
            created TEXT NOT NULL,
            expires TEXT NOT NULL,
            revision INTEGER NOT NULL DEFAULT 0
        )""",
        """CREATE TABLE participants (
            id TEXT PRIMARY KEY,
            room_id TEXT NOT NULL REFERENCES rooms (id),
            pseudonym TEXT NOT NULL,
            author_digest TEXT NOT NULL,
            joined TEXT NOT NULL,
            UNIQUE (room_id, author_digest)
        )""",
        """CREATE TABLE questions (
            id TEXT PRIMARY KEY,
            room_id TEXT NOT NULL REFERENCES rooms (id),
            position INTEGER NOT NULL,
            kind TEXT NOT NULL,
            body TEXT NOT NULL,
            options TEXT NOT NULL,
            state TEXT NOT NULL,
            revealed INTEGER NOT NULL DEFAULT 0,
            created TEXT NOT NULL
        )""",
        """CREATE TABLE answers (
            question_id TEXT NOT NULL REFERENCES questions (id),
            participant_id TEXT NOT NULL REFERENCES participants (id),
            value TEXT NOT NULL,
            answered TEXT NOT NULL,
            PRIMARY KEY (question_id, participant_id)
        )""",
        "ALTER TABLE entries ADD COLUMN room_id TEXT REFERENCES rooms (id)",
        "ALTER TABLE entries ADD COLUMN shared INTEGER NOT NULL DEFAULT 0",
        "CREATE INDEX entries_by_room ON entries (room_id, shared, created)",
    ),
}

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
_PG_MIGRATION_LOCK = 7_240_501


class StoreError(JournalError):
    """The store cannot be opened, read or written; the message names it and says what to do."""


def data_folder() -> Path:
    """The per-user folder for the journal: ``$WORKBOOK_DATA_DIR``, else the XDG data folder.

    On Linux that is ``~/.local/share/workbook``.
    """
    if folder := os.environ.get("WORKBOOK_DATA_DIR"):
        return Path(folder).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "workbook"


def default_url() -> str:
    """``$WORKBOOK_DB_URL`` if set, else a SQLite file in the per-user data folder."""
    return os.environ.get("WORKBOOK_DB_URL") or f"sqlite:///{data_folder() / 'journal.sqlite3'}"


def sqlite_path(url: str) -> Path:
    """The file a ``sqlite:///`` URL names: ``sqlite:////abs/path`` or ``sqlite:///relative/path``.

    Example:
        >>> sqlite_path("sqlite:////home/sam/journal.sqlite3"), sqlite_path("sqlite:///journal.sqlite3")
        (PosixPath('/home/sam/journal.sqlite3'), PosixPath('journal.sqlite3'))
    """
    return Path(url.removeprefix("sqlite:///"))


def describe_url(url: str) -> str:
    """A store's address for messages, with any password removed.

    Example:
        >>> describe_url("postgresql://me:secret@db.example:5432/workbook")
        'postgresql://me@db.example:5432/workbook'
    """
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", "@")
    return parts._replace(netloc=netloc).geturl()


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
    """

    id: str
    code: str
    title: str
    capacity: int
    created: str
    expires: str

    @property
    def join_code(self) -> str:
        """The join code as people read it, ``ABCD-EFGH``."""
        return display_code(self.code)


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


_ENTRY_COLUMNS = "id, created, pseudonym, stage, prompt, body, themes, room_id, shared, snapshot"
_ROOM_COLUMNS = "id, code, title, capacity, created, expires"
_QUESTION_COLUMNS = "id, room_id, position, kind, body, options, state, revealed"


def _entry_from_row(row: Sequence[Any]) -> Entry:
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


def _question_from_row(row: Sequence[Any]) -> Question:
    return Question(row[0], row[1], row[2], row[3], row[4], tuple(json.loads(row[5])), row[6], bool(row[7]))


class Store:
    """A connection to the journal store.

    Args:
        url: ``sqlite:///path/to/file.sqlite3`` or ``postgresql://user@host:port/db``;
            ``default_url()`` when left out.

    Raises:
        StoreError: The store cannot be opened, or its schema is newer than this code.

    Example:
        >>> import tempfile, pathlib
        >>> folder = tempfile.mkdtemp()
        >>> with Store(f"sqlite:///{folder}/j.sqlite3") as store:
        ...     key = new_key()
        ...     saved = store.save(new_entry("Sam", "feelings", "How did it feel?", "Uneasy."), key)
        ...     [e.text for e in store.entries(key)]
        ['Uneasy.']
    """

    def __init__(self, url: str | None = None):
        self.url = url or default_url()
        self.where = describe_url(self.url)
        scheme = urlsplit(self.url).scheme
        if scheme == "sqlite":
            self.where = str(sqlite_path(self.url))
            self.kind = "sqlite"
            self._connection = self._open_sqlite()
        elif scheme in ("postgresql", "postgres"):
            self.kind = "postgresql"
            self._connection = self._open_postgresql()
        else:
            raise StoreError(
                "WORKBOOK_DB_URL", f"{self.where!r} is neither sqlite:///path nor postgresql://..."
            )
        try:
            self._migrate()
        except BaseException:
            self.close()
            raise

    # -- connections ---------------------------------------------------------------------------------

    def _open_sqlite(self) -> sqlite3.Connection:
        path = sqlite_path(self.url)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
            connection.execute("PRAGMA busy_timeout = 30000")
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = FULL")
            connection.execute("PRAGMA foreign_keys = ON")
        except (OSError, sqlite3.Error) as error:
            raise StoreError(f"The journal store at {path}", f"cannot be opened ({error}).") from None
        return connection

    def _open_postgresql(self):
        try:
            import psycopg
        except ImportError:
            raise StoreError(
                "WORKBOOK_DB_URL", "names PostgreSQL, but the psycopg package is not installed."
            ) from None
        try:
            return psycopg.connect(self.url, autocommit=True, connect_timeout=10)
        except psycopg.Error as error:
            reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
            raise StoreError(f"The journal store at {self.where}", f"cannot be reached ({reason}).") from None

    def close(self) -> None:
        """Close the connection."""
        self._connection.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc_info) -> None:
        self.close()

    def _sql(self, statement: str) -> str:
        return statement.replace("?", "%s") if self.kind == "postgresql" else statement

    def _failure(self, error: Exception) -> StoreError:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        return StoreError(
            f"The journal store at {self.where}",
            f"could not be written or read ({reason}). Nothing you typed is lost: it is still in the box.",
        )

    def _errors(self) -> tuple[type[Exception], ...]:
        if self.kind == "sqlite":
            return (sqlite3.Error,)
        import psycopg

        return (psycopg.Error,)

    @contextmanager
    def _transaction(self) -> Iterator[Any]:
        """One write transaction; every write goes through here."""
        try:
            if self.kind == "sqlite":
                cursor = self._connection.cursor()
                cursor.execute("BEGIN IMMEDIATE")
                try:
                    yield _Cursor(cursor, self)
                except BaseException:
                    cursor.execute("ROLLBACK")
                    raise
                cursor.execute("COMMIT")
            else:
                with self._connection.transaction(), self._connection.cursor() as cursor:
                    yield _Cursor(cursor, self)
        except self._errors() as error:
            raise self._failure(error) from None

    def _read(self, statement: str, parameters: Sequence[Any] = ()) -> list[tuple]:
        try:
            cursor = self._connection.execute(self._sql(statement), tuple(parameters))
            return [tuple(row) for row in cursor.fetchall()]
        except self._errors() as error:
            raise self._failure(error) from None

    # -- schema --------------------------------------------------------------------------------------

    def schema_version(self) -> int:
        """The schema version the store is at."""
        return self._read("SELECT version FROM workbook_schema")[0][0]

    def _migrate(self, target: int = SCHEMA_VERSION) -> None:
        """Bring the schema up to ``target``, one version per step, in one transaction."""
        try:
            current = self._read("SELECT version FROM workbook_schema")[0][0]
        except StoreError:
            current = None
        if current == target:
            return
        with self._transaction() as cursor:
            if self.kind == "postgresql":
                cursor.execute(f"SELECT pg_advisory_xact_lock({_PG_MIGRATION_LOCK})")
            cursor.execute("CREATE TABLE IF NOT EXISTS workbook_schema (version INTEGER NOT NULL)")
            row = cursor.execute("SELECT version FROM workbook_schema").fetchone()
            current = row[0] if row else 0
            if current > SCHEMA_VERSION:
                raise StoreError(
                    f"The journal store at {self.where}",
                    f"has schema version {current}, newer than this Workbook knows ({SCHEMA_VERSION}); "
                    "update the Workbook to open it.",
                )
            for version in range(current + 1, target + 1):
                for statement in MIGRATIONS[version]:
                    cursor.execute(statement)
            if row:
                cursor.execute("UPDATE workbook_schema SET version = ?", (max(current, target),))
            else:
                cursor.execute("INSERT INTO workbook_schema (version) VALUES (?)", (target,))

    # -- journal -------------------------------------------------------------------------------------

    def save(self, entry: Entry, author_key: str) -> Entry:
        """Write an entry for the author who holds ``author_key``; writing it twice keeps one.

        A shared entry must name a room that is open and that the author has joined.

        Raises:
            StoreError: The store cannot be written.
            JournalError: The entry is shared with a room the author is not in, or that has closed.
        """
        digest = key_digest(author_key)
        with self._transaction() as cursor:
            if entry.room_id is not None:
                self._check_member(cursor, entry.room_id, digest)
            cursor.execute(
                f"INSERT INTO entries ({_ENTRY_COLUMNS}, author_digest) "
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

    def _check_member(self, cursor: _Cursor, room_id: str, digest: str) -> None:
        cursor.execute("UPDATE rooms SET revision = revision + 1 WHERE id = ?", (room_id,))
        room = cursor.execute("SELECT expires FROM rooms WHERE id = ?", (room_id,)).fetchone()
        if room is None:
            raise JournalError("Room", "this room no longer exists; the entry was not shared.")
        if room[0] <= now_text():
            raise JournalError(
                "Room", "this room has closed; untick 'share' to keep the entry in your journal."
            )
        member = cursor.execute(
            "SELECT 1 FROM participants WHERE room_id = ? AND author_digest = ?", (room_id, digest)
        ).fetchone()
        if member is None:
            raise JournalError("Room", "join the room before writing in it.")

    def entries(self, author_key: str) -> list[Entry]:
        """The entries written with ``author_key``, oldest first; nobody else's."""
        rows = self._read(
            f"SELECT {_ENTRY_COLUMNS} FROM entries WHERE author_digest = ? ORDER BY created, id",
            (key_digest(author_key),),
        )
        return [_entry_from_row(row) for row in rows]

    def count_entries(self) -> int:
        """How many entries the store holds, everyone's together (for tests and benchmarks)."""
        return self._read("SELECT count(*) FROM entries")[0][0]

    def count_rooms(self) -> int:
        """How many workshop rooms the store holds, open or ended."""
        return self._read("SELECT count(*) FROM rooms")[0][0]

    def all_entry_ids(self) -> list[str]:
        """Every entry id in the store (for reliability tests)."""
        return [row[0] for row in self._read("SELECT id FROM entries")]

    # -- rooms ---------------------------------------------------------------------------------------

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
                        f"INSERT INTO rooms ({_ROOM_COLUMNS}, key_digest) VALUES (?, ?, ?, ?, ?, ?, ?)",
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
            raise JournalError(
                "Join code", "a code has 8 letters and digits, like ABCD-2345; check it and try again."
            )
        rows = self._read(
            f"SELECT {_ROOM_COLUMNS}, key_digest FROM rooms WHERE code = ?", (normalise_code(code),)
        )
        if not rows:
            raise JournalError("Join code", "no room has this code; check it with the facilitator.")
        return Room(*rows[0][:6]), rows[0][6]

    def find_room(self, code: str) -> Room:
        """The open room with this join code.

        Raises:
            JournalError: The code is malformed, unknown or expired.
        """
        room, _ = self._room_by_code(code)
        if room.expires <= now_text():
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

    def close_room(self, room_id: str) -> None:
        """End a room now: its code stops working; what it holds stays for export."""
        with self._transaction() as cursor:
            cursor.execute(
                "UPDATE rooms SET expires = ?, revision = revision + 1 WHERE id = ?", (now_text(), room_id)
            )

    def join(self, code: str, pseudonym: str, author_key: str) -> tuple[Room, Participant]:
        """Join a room by code; joining again with the same key returns the same participant.

        Raises:
            JournalError: A bad code or pseudonym, an expired or full room, or a pseudonym taken there.
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

    def participants(self, room_id: str) -> list[Participant]:
        """Everyone who has joined the room, in order of joining."""
        rows = self._read(
            "SELECT id, room_id, pseudonym FROM participants WHERE room_id = ? ORDER BY joined", (room_id,)
        )
        return [Participant(*row) for row in rows]

    def revision(self, room_id: str) -> int:
        """A number that grows with every change to the room: poll it to know when to redraw."""
        rows = self._read("SELECT revision FROM rooms WHERE id = ?", (room_id,))
        return rows[0][0] if rows else -1

    # -- questions and answers -----------------------------------------------------------------------

    def pose(self, room_id: str, kind: str, text: str, options: Sequence[str] = ()) -> Question:
        """Pose a question to the room; it starts ``ready`` (participants cannot answer until it opens).

        Raises:
            JournalError: An unknown kind, empty text, or a choice question without options.
        """
        if kind not in QUESTION_KINDS:
            raise JournalError("Question type", f"{kind!r} is not one of {', '.join(QUESTION_KINDS)}.")
        text = check_text(text, where="Question", limit=500)
        options = tuple(str(i) for i in range(1, 6)) if kind == "scale" else tuple(options)
        if kind in ("card", "theme") and not options:
            raise JournalError("Question", "a choice question needs options to choose from.")
        if kind == "text":
            options = ()
        with self._transaction() as cursor:
            cursor.execute("UPDATE rooms SET revision = revision + 1 WHERE id = ?", (room_id,))
            position = (
                cursor.execute("SELECT count(*) FROM questions WHERE room_id = ?", (room_id,)).fetchone()[0]
                + 1
            )
            question = Question(uuid.uuid4().hex, room_id, position, kind, text, options, "ready", False)
            cursor.execute(
                f"INSERT INTO questions ({_QUESTION_COLUMNS}, created) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    question.id,
                    room_id,
                    position,
                    kind,
                    text,
                    json.dumps(list(options)),
                    "ready",
                    0,
                    now_text(),
                ),
            )
        return question

    def set_state(self, question_id: str, state: str) -> None:
        """Open or close a question (``"open"`` or ``"closed"``); opening one closes any other open one."""
        if state not in QUESTION_STATES:
            raise JournalError("Question", f"{state!r} is not a question state.")
        with self._transaction() as cursor:
            room_id = self._bump_for_question(cursor, question_id)
            if state == "open":
                cursor.execute(
                    "UPDATE questions SET state = 'closed' WHERE room_id = ? AND state = 'open'", (room_id,)
                )
            cursor.execute("UPDATE questions SET state = ? WHERE id = ?", (state, question_id))

    def reveal(self, question_id: str, revealed: bool = True) -> None:
        """Show (or hide again) a question's results to the room."""
        with self._transaction() as cursor:
            self._bump_for_question(cursor, question_id)
            cursor.execute("UPDATE questions SET revealed = ? WHERE id = ?", (int(revealed), question_id))

    def _bump_for_question(self, cursor: _Cursor, question_id: str) -> str:
        row = cursor.execute("SELECT room_id FROM questions WHERE id = ?", (question_id,)).fetchone()
        if row is None:
            raise JournalError("Question", "this question no longer exists.")
        cursor.execute("UPDATE rooms SET revision = revision + 1 WHERE id = ?", (row[0],))
        return row[0]

    def questions(self, room_id: str) -> list[Question]:
        """The room's questions in the order posed."""
        rows = self._read(
            f"SELECT {_QUESTION_COLUMNS} FROM questions WHERE room_id = ? ORDER BY position", (room_id,)
        )
        return [_question_from_row(row) for row in rows]

    def answer(self, question_id: str, participant_id: str, value: str) -> None:
        """Record (or replace) a participant's answer while the question is open.

        Raises:
            JournalError: The question is not open, or the value is not one of its options.
        """
        with self._transaction() as cursor:
            row = cursor.execute(
                f"SELECT {_QUESTION_COLUMNS} FROM questions WHERE id = ?", (question_id,)
            ).fetchone()
            if row is None:
                raise JournalError("Answer", "this question no longer exists.")
            question = _question_from_row(row)
            value = check_answer(question, value)
            if question.state != "open":
                raise JournalError(
                    "Answer", "the facilitator has closed this question; your answer is still in the box."
                )
            cursor.execute("UPDATE rooms SET revision = revision + 1 WHERE id = ?", (question.room_id,))
            cursor.execute(
                "INSERT INTO answers (question_id, participant_id, value, answered) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (question_id, participant_id) DO UPDATE SET value = excluded.value, "
                "answered = excluded.answered",
                (question_id, participant_id, value, now_text()),
            )

    def answers(self, question_id: str) -> list[Answer]:
        """Every answer to a question, with pseudonyms, oldest first."""
        rows = self._read(
            "SELECT a.question_id, p.pseudonym, a.value, a.answered FROM answers a "
            "JOIN participants p ON p.id = a.participant_id WHERE a.question_id = ? ORDER BY a.answered",
            (question_id,),
        )
        return [Answer(*row) for row in rows]

    def my_answer(self, question_id: str, participant_id: str) -> str | None:
        """What this participant answered, if anything."""
        rows = self._read(
            "SELECT value FROM answers WHERE question_id = ? AND participant_id = ?",
            (question_id, participant_id),
        )
        return rows[0][0] if rows else None

    def shared_entries(self, room_id: str) -> list[Entry]:
        """Entries their authors shared with the room, oldest first: never a private one."""
        rows = self._read(
            f"SELECT {_ENTRY_COLUMNS} FROM entries WHERE room_id = ? AND shared = 1 ORDER BY created, id",
            (room_id,),
        )
        return [_entry_from_row(row) for row in rows]

    def room_record(self, room_id: str) -> RoomRecord:
        """What the room holds, for export: questions, answers and shared entries."""
        rows = self._read(f"SELECT {_ROOM_COLUMNS} FROM rooms WHERE id = ?", (room_id,))
        if not rows:
            raise JournalError("Room", "this room does not exist.")
        questions = self.questions(room_id)
        return RoomRecord(
            room=Room(*rows[0]),
            participants=tuple(self.participants(room_id)),
            questions=tuple(questions),
            answers={q.id: tuple(self.answers(q.id)) for q in questions},
            shared=tuple(self.shared_entries(room_id)),
        )


class _Cursor:
    """A cursor that writes ``?`` placeholders on either back end."""

    def __init__(self, cursor: Any, store: Store):
        self._cursor, self._store = cursor, store

    def execute(self, statement: str, parameters: Sequence[Any] = ()) -> _Cursor:
        self._cursor.execute(self._store._sql(statement), tuple(parameters))
        return self

    def fetchone(self) -> tuple | None:
        row = self._cursor.fetchone()
        return tuple(row) if row is not None else None


def check_answer(question: Question, value: str) -> str:
    """An answer as stored, or a ``JournalError`` saying why it does not fit the question."""
    if question.kind == "text":
        return check_text(value, where="Answer", limit=MAX_ANSWER)
    if value not in question.options:
        raise JournalError("Answer", "choose one of the options.")
    return value


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
