"""Read an uploaded induction document into plain text: .txt, .md or .docx.

Everything is read from bytes in memory with the standard library; a .docx is a
zip of XML, read from ``word/document.xml``. Anything else, anything too large,
and anything that is not what its name says gets one clear :class:`DocumentError`.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import PurePath
from xml.etree import ElementTree

MAX_BYTES = 1_000_000
ACCEPTED = (".txt", ".md", ".docx")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class DocumentError(ValueError):
    """An uploaded file cannot be read as text; the message says why, naming the file."""


def read_document(name: str, content: bytes, *, max_bytes: int = MAX_BYTES) -> str:
    """Turn an uploaded file into plain text.

    Args:
        name: The file's name as uploaded (its extension decides how to read it).
        content: The file's bytes.
        max_bytes: The largest file accepted.

    Returns:
        The text, paragraphs separated by blank lines.

    Raises:
        DocumentError: For an unsupported type, an oversized, empty or binary file,
            text that is not UTF-8, or a damaged .docx.

    Example:
        >>> read_document("letter.txt", "Dear Mr Example".encode())
        'Dear Mr Example'
    """
    shown = PurePath(name).name or "the file"
    suffix = PurePath(name).suffix.lower()
    if suffix not in ACCEPTED:
        raise DocumentError(
            f"{shown}: only {', '.join(ACCEPTED)} files can be read, not '{suffix or 'none'}'."
        )
    if len(content) > max_bytes:
        raise DocumentError(
            f"{shown}: {len(content) / 1e6:.1f} MB is too large; the limit is {max_bytes / 1e6:g} MB."
        )
    if not content.strip():
        raise DocumentError(f"{shown}: the file is empty.")
    text = _read_docx(shown, content) if suffix == ".docx" else _read_text(shown, content)
    if not re.search(r"[^\W\d_]", text):
        raise DocumentError(f"{shown}: no words found in the file.")
    return text


def _read_text(shown: str, content: bytes) -> str:
    if b"\x00" in content[:4096]:
        raise DocumentError(f"{shown}: this looks like a binary file, not text. Save it as plain text first.")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DocumentError(
            f"{shown}: not UTF-8 text (byte {error.start}). Save it as UTF-8 plain text and try again."
        ) from None
    return text.replace("\r\n", "\n").strip()


def _read_docx(shown: str, content: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            info = archive.getinfo("word/document.xml")
            if info.file_size > 20 * MAX_BYTES:
                raise DocumentError(f"{shown}: the document is too large to read.")
            root = ElementTree.fromstring(archive.read(info))
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError):
        raise DocumentError(f"{shown}: not a Word .docx document, or it is damaged.") from None
    paragraphs = ["".join(node.text or "" for node in p.iter(f"{_W}t")) for p in root.iter(f"{_W}p")]
    return "\n\n".join(p for p in paragraphs if p.strip())
