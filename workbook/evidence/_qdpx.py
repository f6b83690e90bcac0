"""Export the coded corpus as a REFI-QDA project (``.qdpx``) for QualCoder, NVivo, ATLAS.ti or MAXQDA.

A ``.qdpx`` file is a zip archive holding ``project.qde`` (XML in the ``urn:QDA-XML:project:1.0``
namespace, REFI-QDA Project exchange standard 1.5, QDA-XML schema 1.0) and the text sources in
``Sources/``. Here the two sets of seminar notes are the text sources, exactly as received; the
themes are the codes; every excerpt is a plain-text selection at its exact character positions
(Unicode code points from 0, end exclusive) coded with its themes; and every paraphrase is a memo
(a note) linked to its selection. Identifiers are derived from the corpus, so exporting the same
corpus twice gives the same identifiers.
"""

from __future__ import annotations

import io
import unicodedata
import uuid
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from xml.etree import ElementTree as ET

from workbook import __version__
from workbook.evidence._corpus import Corpus
from workbook.evidence._export import CAVEAT
from workbook.evidence._notes import _QUOTES
from workbook.evidence._schema import CorpusError
from workbook.paths import SEMINAR_DIR

NAMESPACE = "urn:QDA-XML:project:1.0"
SCHEMA_LOCATION = "http://schema.qdasoftware.org/versions/Project/v1.0/Project.xsd"
_GUIDS = uuid.UUID("6d1c3c36-5f0a-4b8e-9a59-2d6f2f0b7c11")  # our namespace for name-based identifiers
COLOURS = ("#1f4e5a", "#c8702a", "#b8336a", "#5f9ea0", "#6b4c9a", "#8a7a2b", "#2f6f3e")


def guid(*parts: str) -> str:
    """A stable identifier for a thing in the corpus, from what it is.

    Example:
        >>> guid("code", "induction") == guid("code", "induction") != guid("code", "targets")
        True
    """
    return str(uuid.uuid5(_GUIDS, "/".join(parts)))


def locate(text: str, quote: str, *, after: int = 0) -> tuple[int, int]:
    """Where a quote sits in a text, as character positions ``[start, end)``.

    The quote is found as the corpus checks it: ignoring case, runs of white space and the
    difference between curly and straight quotes and dashes.

    Args:
        text: The full text, as received.
        quote: The quote.
        after: Look from this position on (the start of the quote's paragraph).

    Returns:
        The start and the end (exclusive) of the quote in ``text``.

    Raises:
        ValueError: If the quote is not there.

    Example:
        >>> locate("He said ‘no’  twice.", "said 'no' twice")
        (3, 19)
    """
    folded, where = _fold(text)
    target = _fold(quote)[0].strip()
    start_at = next((i for i, raw in enumerate(where) if raw >= after), len(folded))
    found = folded.find(target, start_at)
    if found < 0 or not target:
        raise ValueError(f"quote not found: {quote[:60]!r}")
    return where[found], where[found + len(target) - 1] + 1


def _fold(text: str) -> tuple[str, list[int]]:
    """``normalise_text`` character by character, with each folded character's position in ``text``."""
    chars, where, space = [], [], False
    for i, char in enumerate(text):
        if char.isspace():
            if not space and chars:
                chars.append(" ")
                where.append(i)
            space = True
            continue
        space = False
        for folded in unicodedata.normalize("NFKC", char).translate(_QUOTES).lower():
            chars.append(folded)
            where.append(i)
    return "".join(chars), where


def export_qdpx(corpus: Corpus, *, notes_dir: Path | None = None, created: datetime | None = None) -> bytes:
    """The corpus as a REFI-QDA project archive.

    Args:
        corpus: The loaded corpus.
        notes_dir: The folder of the notes as received; the shipped one when left out.
        created: The time to stamp on the project; now when left out.

    Returns:
        The ``.qdpx`` file's bytes.

    Raises:
        CorpusError: If an excerpt's quote cannot be found in its notes.

    Example:
        >>> from workbook.evidence import load_corpus
        >>> archive = zipfile.ZipFile(io.BytesIO(export_qdpx(load_corpus())))
        >>> sorted(name.split("/")[0] for name in archive.namelist())
        ['Sources', 'Sources', 'project.qde']
    """
    folder = Path(notes_dir) if notes_dir is not None else SEMINAR_DIR / "notes"
    stamp = (created or datetime.now(UTC)).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    user = guid("user", "workbook")
    ET.register_namespace("", NAMESPACE)
    project = _element(
        "Project", name="Seminar on offender compliance, December 2009 (the Workbook's coding)",
        origin=f"The Workbook {__version__}", creatingUserGUID=user, creationDateTime=stamp,
    )  # fmt: skip
    users = _sub(project, "Users")
    _sub(users, "User", guid=user, name="The Workbook")
    codes = _sub(_sub(project, "CodeBook"), "Codes")
    for i, theme in enumerate(corpus.themes.itertuples()):
        code = _sub(codes, "Code", guid=guid("code", theme.id), name=theme.name, isCodable="true")
        code.set("color", COLOURS[i % len(COLOURS)])
        _sub(code, "Description").text = theme.summary
    sources = _sub(project, "Sources")
    notes = ET.Element(f"{{{NAMESPACE}}}Notes")
    texts = {}
    for source in corpus.sources.itertuples():
        text = (folder / source.file).read_bytes().decode("utf-8-sig")
        texts[source.file] = text
        element = _sub(
            sources, "TextSource", guid=guid("source", source.file), name=source.title,
            plainTextPath=f"internal://{guid('source', source.file)}.txt", creatingUser=user,
            creationDateTime=stamp,
        )  # fmt: skip
        _sub(
            element, "Description"
        ).text = f"{source.title}. {source.authors}. {source.date}. The notes as received ({source.file})."
        for excerpt, (start, end) in _selections(corpus, source, text):
            selection = _sub(
                element, "PlainTextSelection", guid=guid("excerpt", excerpt.id), name=excerpt.id,
                startPosition=str(start), endPosition=str(end), creatingUser=user, creationDateTime=stamp,
            )  # fmt: skip
            _sub(
                selection, "Description"
            ).text = f"{excerpt.id} ({excerpt.kind}): {excerpt.section}, paragraph {excerpt.paragraph}"
            for theme in excerpt.themes:
                coding = _sub(selection, "Coding", guid=guid("coding", excerpt.id, theme), creatingUser=user)
                coding.set("creationDateTime", stamp)
                _sub(coding, "CodeRef", targetGUID=guid("code", theme))
            _sub(selection, "NoteRef", targetGUID=guid("memo", excerpt.id))
            memo = _sub(
                notes, "Note", guid=guid("memo", excerpt.id), name=f"Paraphrase of {excerpt.id}",
                creatingUser=user, creationDateTime=stamp,
            )  # fmt: skip
            _sub(memo, "PlainTextContent").text = excerpt.paraphrase
    project.append(notes)
    _sub(project, "Description").text = CAVEAT
    xml = ET.tostring(project, encoding="utf-8", xml_declaration=True)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", xml)
        for file, text in texts.items():
            archive.writestr(f"Sources/{guid('source', file)}.txt", text.encode("utf-8"))
    return buffer.getvalue()


def _selections(corpus: Corpus, source, text: str) -> Iterator[tuple]:
    """Each excerpt of a source with its character positions, found from the start of its paragraph."""
    starts = _paragraph_starts(corpus, source.file, text)
    chosen = corpus.excerpts[corpus.excerpts["source"] == source.file]
    for excerpt in chosen.itertuples():
        try:
            yield (
                excerpt,
                locate(text, excerpt.quote, after=starts.get((excerpt.section, excerpt.paragraph), 0)),
            )
        except ValueError:
            raise CorpusError(source.file, f"the quote of excerpt {excerpt.id} is not in the notes") from None


def _paragraph_starts(corpus: Corpus, file: str, text: str) -> dict[tuple[str, int], int]:
    """Where each numbered paragraph starts in the text, found in reading order."""
    found, position = {}, 0
    for paragraph in corpus.paragraphs[corpus.paragraphs["source"] == file].itertuples():
        at = text.find(paragraph.text, position)
        if at >= 0:
            found[(paragraph.section, paragraph.number)] = position = at
    return found


def _element(tag: str, **attributes: str) -> ET.Element:
    return ET.Element(f"{{{NAMESPACE}}}{tag}", attributes)


def _sub(parent: ET.Element, tag: str, **attributes: str) -> ET.Element:
    return ET.SubElement(parent, f"{{{NAMESPACE}}}{tag}", attributes)
