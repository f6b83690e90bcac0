"""Exports: a person's journal as Markdown or Word, a room as CSV or Markdown.

Everything a person typed is escaped for the format it lands in: Markdown
punctuation and HTML are neutralised, Word text goes in through python-docx (which
escapes it for XML), and CSV cells that a spreadsheet would read as a formula are
prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Sequence

from workbook.journal._entry import Entry
from workbook.journal._room import RoomRecord
from workbook.journal._tally import tally
from workbook.spreadsheet import safe_cell

CAVEAT = (
    "Written in the Workbook, a teaching tool. Scenario results quoted here come from illustrative "
    "models, not predictions about real people."
)

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#!|~])")
_LINE_START = re.compile(r"^(\s*)([-+=]|\d+(?=[.)]))")


def escape_markdown(text: str) -> str:
    r"""Text that Markdown shows literally: HTML as entities, punctuation escaped, line breaks kept.

    Example:
        >>> escape_markdown("[click](http://x) <script>")
        '\\[click\\]\\(http://x\\) &lt;script&gt;'
        >>> escape_markdown("- not a list, e.g. this")
        '\\- not a list, e.g. this'
    """
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    lines = [_LINE_START.sub(r"\1\\\2", _MARKDOWN_SPECIAL.sub(r"\\\1", line)) for line in text.split("\n")]
    return "  \n".join(lines)


def _snapshot_lines(snapshot: dict | None) -> list[str]:
    if not snapshot:
        return []
    lines = [f"*Looking at:* {escape_markdown(str(snapshot.get('title') or snapshot.get('page', '')))}"]
    for label, key in (("Settings", "parameters"), ("Results", "results")):
        if values := snapshot.get(key):
            shown = "; ".join(f"{k} = {v}" for k, v in values.items())
            lines.append(f"*{label}:* {escape_markdown(shown)}")
    return lines


def journal_markdown(entries: Sequence[Entry], pseudonym: str, exported: str) -> str:
    """A person's journal as Markdown, oldest entry first.

    Args:
        entries: Their entries (from ``Store.entries``).
        pseudonym: The name to head it with.
        exported: When it was exported (ISO text).
    """
    out = [
        f"# Reflective journal: {escape_markdown(pseudonym)}",
        "",
        f"Exported {exported[:16]} UTC. {CAVEAT}",
        "",
    ]
    if not entries:
        out.append("No entries yet.")
    for entry in entries:
        out += [f"## {entry.created[:16].replace('T', ' ')} · {entry.stage.capitalize()}", ""]
        if entry.prompt:
            out += [f"> {escape_markdown(entry.prompt)}", ""]
        out += [escape_markdown(entry.text), ""]
        meta = []
        if entry.themes:
            meta.append(f"*Themes:* {escape_markdown(', '.join(entry.themes))}")
        if entry.shared:
            meta.append("*Shared with the workshop room.*")
        meta += _snapshot_lines(entry.snapshot)
        if meta:
            out += ["  \n".join(meta), ""]
    return "\n".join(out)


# Characters an XML file may not hold. The journal refuses them when they are typed; an entry
# stored before that check (or a snapshot) is cleaned here, so a Word file always opens.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def journal_docx(entries: Sequence[Entry], pseudonym: str, exported: str) -> bytes:
    """A person's journal as a Word document (.docx), written with python-docx.

    Text goes in as runs (python-docx escapes it for XML, and turns line breaks into breaks);
    any character XML cannot hold becomes U+FFFD, so the file always opens.

    Args:
        entries: Their entries (from ``Store.entries``), oldest first.
        pseudonym: The name to head it with.
        exported: When it was exported (ISO text).

    Returns:
        The .docx file's bytes.

    Example:
        >>> import io, docx
        >>> data = journal_docx([], "Sam", "2026-11-23T12:00:00")
        >>> [p.text for p in docx.Document(io.BytesIO(data)).paragraphs][0]
        'Reflective journal: Sam'
    """
    import docx  # python-docx, an I/O edge: only a Word export loads it

    document = docx.Document()
    document.core_properties.title = _xml_text(f"Reflective journal: {pseudonym}")[:250]
    document.add_heading(_xml_text(f"Reflective journal: {pseudonym}"), level=0)
    _add_paragraph(document, f"Exported {exported[:16]} UTC. {CAVEAT}", italic=True)
    if not entries:
        _add_paragraph(document, "No entries yet.")
    for entry in entries:
        document.add_heading(
            _xml_text(f"{entry.created[:16].replace('T', ' ')} · {entry.stage.capitalize()}"), level=1
        )
        if entry.prompt:
            _add_paragraph(document, entry.prompt, italic=True)
        _add_paragraph(document, entry.text)
        if entry.themes:
            _add_paragraph(document, f"Themes: {', '.join(entry.themes)}", italic=True)
        if entry.shared:
            _add_paragraph(document, "Shared with the workshop room.", italic=True)
        if entry.snapshot:
            _add_paragraph(document, f"Looking at: {json.dumps(entry.snapshot, sort_keys=True)}", italic=True)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _add_paragraph(document, text: str, *, italic: bool = False) -> None:
    run = document.add_paragraph().add_run(_xml_text(text))
    run.italic = italic or None


ROOM_COLUMNS = (
    "room",
    "code",
    "kind",
    "question_number",
    "question",
    "question_type",
    "pseudonym",
    "text",
    "time",
)
"""The columns of a room's CSV export: one row per answer and per shared reflection."""


def room_csv(record: RoomRecord) -> str:
    """A room's answers and shared reflections as CSV (see ``ROOM_COLUMNS``)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(ROOM_COLUMNS)
    room = record.room
    for question in record.questions:
        for answer in record.answers[question.id]:
            row = (
                room.title,
                room.join_code,
                "answer",
                question.position,
                question.text,
                question.kind,
                answer.pseudonym,
                answer.value,
                answer.answered,
            )
            writer.writerow([safe_cell(v) for v in row])
    for entry in record.shared:
        row = (
            room.title,
            room.join_code,
            "shared reflection",
            "",
            entry.prompt,
            entry.stage,
            entry.pseudonym,
            entry.text,
            entry.created,
        )
        writer.writerow([safe_cell(v) for v in row])
    return buffer.getvalue()


def room_markdown(record: RoomRecord, exported: str) -> str:
    """A room's questions, results and shared reflections as Markdown."""
    room = record.room
    out = [
        f"# Workshop: {escape_markdown(room.title)}",
        "",
        f"Room {room.join_code}, opened {room.created[:16].replace('T', ' ')} UTC; "
        f"{len(record.participants)} participants. Exported {exported[:16]} UTC. {CAVEAT}",
        "",
    ]
    for question in record.questions:
        answers = record.answers[question.id]
        out += [
            f"## Question {question.position}: {escape_markdown(question.text)}",
            "",
            f"{len(answers)} answers.",
            "",
        ]
        if question.kind == "text":
            out += [f"- **{escape_markdown(a.pseudonym)}**: {escape_markdown(a.value)}" for a in answers]
        else:
            out += [f"- {escape_markdown(option)}: {count}" for option, count in tally(question, answers)]
        out.append("")
    out += ["## Shared reflections", ""]
    if not record.shared:
        out.append("None shared.")
    for entry in record.shared:
        out += [f"### {escape_markdown(entry.pseudonym)} · {entry.stage}", ""]
        if entry.prompt:
            out += [f"> {escape_markdown(entry.prompt)}", ""]
        out += [escape_markdown(entry.text), ""]
    return "\n".join(out)
