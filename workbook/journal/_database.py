"""Where the journal is kept, the connection to it, its transactions and its schema.

Both back ends hold the same tables and behave alike: every write is one
transaction, ids are made by the writer (so a retried write cannot duplicate), and
the schema carries a version that ``Database`` brings up to date when it opens.
SQLite runs in WAL mode with a busy timeout and ``synchronous=FULL``, so that a
write reported as saved survives the writer being killed, and many processes
(one Voila kernel per page, and the room's server) can write at once.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from workbook.journal._entry import JournalError

SCHEMA_VERSION = 3
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
    # Version 3: a room ended by its facilitator (not just expired), failed attempts for
    # rate limits, and server secrets (the room page's cookie signing key), so that every
    # process sharing the store agrees on them.
    3: (
        "ALTER TABLE rooms ADD COLUMN ended TEXT",
        """CREATE TABLE attempts (
            scope TEXT NOT NULL,
            client TEXT NOT NULL,
            at DOUBLE PRECISION NOT NULL
        )""",
        "CREATE INDEX attempts_by_scope ON attempts (scope, at)",
        """CREATE TABLE secrets (
            name TEXT PRIMARY KEY,
            value TEXT NOT NULL
        )""",
    ),
}

_PG_MIGRATION_LOCK = 7_240_501


class StoreError(JournalError):
    """The store cannot be opened, read or written; the message names it and says what to do."""


def data_folder() -> Path:
    """The per-user folder for the journal: ``$WORKBOOK_DATA_DIR``, else the platform's own data folder.

    That is ``$XDG_DATA_HOME/workbook`` or ``~/.local/share/workbook`` on Linux,
    ``~/Library/Application Support/workbook`` on macOS and ``workbook`` in the local
    application data folder on Windows, as platformdirs (which comes with Jupyter) knows them.

    Example:
        >>> data_folder().is_absolute()
        True
    """
    if folder := os.environ.get("WORKBOOK_DATA_DIR"):
        return Path(folder).expanduser()
    import platformdirs  # only here: the journal's other code needs nothing beyond the standard library

    return Path(platformdirs.user_data_dir("workbook", appauthor=False))


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


class Database:
    """A connection to the store: opening it, one-transaction writes, reads, and migrations.

    Args:
        url: ``sqlite:///path/to/file.sqlite3`` or ``postgresql://user@host:port/db``;
            ``default_url()`` when left out.

    Raises:
        StoreError: The store cannot be opened, or its schema is newer than this code.
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

    def __enter__(self):
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
    def _transaction(self) -> Iterator[Cursor]:
        """One write transaction; every write goes through here."""
        try:
            if self.kind == "sqlite":
                cursor = self._connection.cursor()
                cursor.execute("BEGIN IMMEDIATE")
                try:
                    yield Cursor(cursor, self)
                except BaseException:
                    cursor.execute("ROLLBACK")
                    raise
                cursor.execute("COMMIT")
            else:
                with self._connection.transaction(), self._connection.cursor() as cursor:
                    yield Cursor(cursor, self)
        except self._errors() as error:
            raise self._failure(error) from None

    def _read(self, statement: str, parameters: Sequence[Any] = ()) -> list[tuple]:
        try:
            cursor = self._connection.execute(self._sql(statement), tuple(parameters))
            return [tuple(row) for row in cursor.fetchall()]
        except self._errors() as error:
            raise self._failure(error) from None

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


class Cursor:
    """A cursor that writes ``?`` placeholders on either back end."""

    def __init__(self, cursor: Any, database: Database):
        self._cursor, self._database = cursor, database

    def execute(self, statement: str, parameters: Sequence[Any] = ()) -> Cursor:
        """Run one statement with ``?`` placeholders."""
        self._cursor.execute(self._database._sql(statement), tuple(parameters))
        return self

    def fetchone(self) -> tuple | None:
        """The next row, as a tuple, or ``None``."""
        row = self._cursor.fetchone()
        return tuple(row) if row is not None else None
