"""Exports: a person's journal as Markdown or Word, a room as CSV or Markdown.

Everything a person typed is escaped for the format it lands in: Markdown
punctuation and HTML are neutralised, Word text is XML-escaped, and CSV cells that
a spreadsheet would read as a formula are prefixed with an apostrophe.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Sequence
from xml.sax.saxutils import escape as xml_escape

from workbook.journal._entry import Entry
from workbook.journal._room import RoomRecord
from workbook.journal._tally import tally

CAVEAT = (
    "Written in the Workbook, a teaching tool. Scenario results quoted here come from illustrative "
    "models, not predictions about real people."
)

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#!|~])")
_LINE_START = re.compile(r"^(\s*)([-+=]|\d+(?=[.)]))")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


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


def _docx_paragraph(text: str, *, bold: bool = False, size: int | None = None, italic: bool = False) -> str:
    props = "".join(
        [
            "<w:b/>" if bold else "",
            "<w:i/>" if italic else "",
            f'<w:sz w:val="{size}"/>' if size else "",
        ]
    )
    run_props = f"<w:rPr>{props}</w:rPr>" if props else ""
    pieces = "<w:br/>".join(
        f'<w:t xml:space="preserve">{xml_escape(line)}</w:t>' for line in text.split("\n")
    )
    return f"<w:p><w:r>{run_props}{pieces}</w:r></w:p>"


_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/>'
    "</Relationships>"
)


def journal_docx(entries: Sequence[Entry], pseudonym: str, exported: str) -> bytes:
    """A person's journal as a Word document (.docx), written with the standard library only."""
    body = [
        _docx_paragraph(f"Reflective journal: {pseudonym}", bold=True, size=36),
        _docx_paragraph(f"Exported {exported[:16]} UTC. {CAVEAT}", italic=True),
    ]
    if not entries:
        body.append(_docx_paragraph("No entries yet."))
    for entry in entries:
        body.append(
            _docx_paragraph(
                f"{entry.created[:16].replace('T', ' ')} · {entry.stage.capitalize()}", bold=True, size=28
            )
        )
        if entry.prompt:
            body.append(_docx_paragraph(entry.prompt, italic=True))
        body.append(_docx_paragraph(entry.text))
        if entry.themes:
            body.append(_docx_paragraph(f"Themes: {', '.join(entry.themes)}", italic=True))
        if entry.shared:
            body.append(_docx_paragraph("Shared with the workshop room.", italic=True))
        if entry.snapshot:
            body.append(
                _docx_paragraph(f"Looking at: {json.dumps(entry.snapshot, sort_keys=True)}", italic=True)
            )
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body>{''.join(body)}</w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", _CONTENT_TYPES)
        package.writestr("_rels/.rels", _RELS)
        package.writestr("word/document.xml", document)
    return buffer.getvalue()


def safe_cell(value: object) -> str:
    """A CSV cell a spreadsheet shows as text, never runs as a formula.

    Example:
        >>> safe_cell("=HYPERLINK(1)"), safe_cell("fine")
        ("'=HYPERLINK(1)", 'fine')
    """
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


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
