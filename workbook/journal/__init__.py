"""The reflective journal and the workshop room: entries, prompts, rooms, a durable store and exports.

A person's journal is private: entries are found by a secret journal key that
only its holder has (stored as a digest), and reach a workshop room only when
the author shares them. The store is SQLite in a per-user folder by default, or
PostgreSQL when ``WORKBOOK_DB_URL`` names one. The package imports only the
standard library and the evidence corpus (for theme prompts); psycopg is loaded
only for PostgreSQL.

Example:
    >>> import tempfile
    >>> from workbook.journal import Store, new_entry, new_key
    >>> store = Store(f"sqlite:///{tempfile.mkdtemp()}/journal.sqlite3")
    >>> room, facilitator_key = store.open_room("Compliance seminar")
    >>> me = new_key()
    >>> room, sam = store.join(room.join_code, "Sam", me)
    >>> entry = new_entry("Sam", "analysis", "", "Reminders help.", room_id=room.id, shared=True)
    >>> _ = store.save(entry, me)
    >>> [e.text for e in store.shared_entries(room.id)]
    ['Reminders help.']
    >>> store.close()
"""

from workbook.journal._database import (
    MIGRATIONS,
    SCHEMA_VERSION,
    StoreError,
    data_folder,
    default_url,
    describe_url,
)
from workbook.journal._entry import (
    MAX_PROMPT,
    MAX_PSEUDONYM,
    MAX_TEXT,
    STAGES,
    Entry,
    JournalError,
    check_field,
    check_prompt,
    check_pseudonym,
    check_text,
    new_entry,
)
from workbook.journal._export import (
    CAVEAT,
    ROOM_COLUMNS,
    escape_markdown,
    journal_docx,
    journal_markdown,
    room_csv,
    room_markdown,
    safe_cell,
)
from workbook.journal._keys import (
    JOIN_CODE_BITS,
    JOIN_CODE_SYMBOLS,
    KEY_BITS,
    KEY_SYMBOLS,
    display_code,
    is_well_formed,
    key_digest,
    new_join_code,
    new_key,
    normalise_code,
)
from workbook.journal._limits import FACILITATOR_LIMIT, JOIN_LIMIT, AttemptLimit, TooManyAttemptsError
from workbook.journal._prompts import Prompt, context_prompt, cycle_prompts, theme_prompts
from workbook.journal._room import (
    DEFAULT_CAPACITY,
    DEFAULT_HOURS,
    QUESTION_KINDS,
    Answer,
    Participant,
    Question,
    Room,
    RoomRecord,
    check_answer,
    current_question,
)
from workbook.journal._store import Store
from workbook.journal._tally import Results, frequent_words, results, tally

__all__ = [
    "CAVEAT",
    "DEFAULT_CAPACITY",
    "DEFAULT_HOURS",
    "FACILITATOR_LIMIT",
    "JOIN_CODE_BITS",
    "JOIN_CODE_SYMBOLS",
    "JOIN_LIMIT",
    "KEY_BITS",
    "KEY_SYMBOLS",
    "MAX_PROMPT",
    "MAX_PSEUDONYM",
    "MAX_TEXT",
    "MIGRATIONS",
    "QUESTION_KINDS",
    "ROOM_COLUMNS",
    "SCHEMA_VERSION",
    "STAGES",
    "Answer",
    "AttemptLimit",
    "Entry",
    "JournalError",
    "Participant",
    "Prompt",
    "Question",
    "Results",
    "Room",
    "RoomRecord",
    "Store",
    "StoreError",
    "TooManyAttemptsError",
    "check_answer",
    "check_field",
    "check_prompt",
    "check_pseudonym",
    "check_text",
    "context_prompt",
    "current_question",
    "cycle_prompts",
    "data_folder",
    "default_url",
    "describe_url",
    "display_code",
    "escape_markdown",
    "frequent_words",
    "is_well_formed",
    "journal_docx",
    "journal_markdown",
    "key_digest",
    "new_entry",
    "new_join_code",
    "new_key",
    "normalise_code",
    "results",
    "room_csv",
    "room_markdown",
    "safe_cell",
    "tally",
    "theme_prompts",
]
