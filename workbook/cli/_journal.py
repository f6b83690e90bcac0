"""``workbook journal``: where the journal is kept, and exports of journals and rooms."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_journal_commands(commands: argparse._SubParsersAction) -> None:
    """Add the ``journal`` command to the ``workbook`` command line."""
    journal = commands.add_parser("journal", help="the reflective journal and workshop rooms")
    journal.add_argument("--db", help="store URL (default: $WORKBOOK_DB_URL or the per-user SQLite file)")
    steps = journal.add_subparsers(title="actions", required=True)
    info = steps.add_parser("info", help="where the journal is kept, its schema version and what it holds")
    info.set_defaults(run=_journal_info)
    take = steps.add_parser(
        "export",
        help="export your journal (--key) or a room (--room and --facilitator-key)",
        description="Keys can also come from $WORKBOOK_JOURNAL_KEY and $WORKBOOK_FACILITATOR_KEY, "
        "which keeps them out of your shell history.",
    )
    whose = take.add_mutually_exclusive_group()
    whose.add_argument("--key", help="your journal key (shown on the journal page)")
    whose.add_argument("--room", help="a room's join code")
    take.add_argument("--facilitator-key", help="the room's facilitator key")
    take.add_argument(
        "--format",
        choices=["md", "docx", "csv"],
        default="md",
        help="md or docx for a journal; md or csv for a room (default md)",
    )
    take.add_argument(
        "--output", type=Path, help="file to write (default: standard output; required for docx)"
    )
    take.set_defaults(run=_journal_export)


def _journal_info(args: argparse.Namespace) -> int:
    from workbook.journal import Store

    with Store(args.db) as store:
        print(f"store: {store.where}")
        print(f"schema version: {store.schema_version()}")
        print(f"entries: {store.count_entries()}; rooms: {store.count_rooms()}")
    return 0


def _journal_export(args: argparse.Namespace) -> int:
    import os

    from workbook.journal import JournalError, Store, journal_docx, journal_markdown, room_csv, room_markdown
    from workbook.journal._entry import now_text

    key = args.key or (None if args.room else os.environ.get("WORKBOOK_JOURNAL_KEY"))
    if not key and not args.room:
        raise JournalError(
            "--key", "give your journal key (or set WORKBOOK_JOURNAL_KEY), or --room for a room."
        )
    if args.format == "docx" and args.output is None:
        raise JournalError("--output", "a Word document needs a file to write to.")
    with Store(args.db) as store:
        if args.room:
            facilitator_key = args.facilitator_key or os.environ.get("WORKBOOK_FACILITATOR_KEY", "")
            if args.format == "docx":
                raise JournalError("--format", "a room exports as md or csv.")
            record = store.room_record(store.facilitate(args.room, facilitator_key).id)
            data = room_csv(record) if args.format == "csv" else room_markdown(record, now_text())
            what = f"room {record.room.join_code}: {sum(map(len, record.answers.values()))} answers, " + (
                f"{len(record.shared)} shared reflections"
            )
        else:
            if args.format == "csv":
                raise JournalError("--format", "a journal exports as md or docx.")
            entries = store.entries(key)
            name = entries[-1].pseudonym if entries else "(no entries)"
            data = (
                journal_docx(entries, name, now_text())
                if args.format == "docx"
                else (journal_markdown(entries, name, now_text()))
            )
            what = f"{len(entries)} journal entries"
    if args.output is None:
        sys.stdout.write(data)
    else:
        if isinstance(data, bytes):
            args.output.write_bytes(data)
        else:
            args.output.write_text(data, encoding="utf-8")
        print(f"wrote {args.output} ({what})", file=sys.stderr)
    return 0
