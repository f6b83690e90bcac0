"""Recognise an uploaded file and read its cells, within `LIMITS`, before any checking.

The file's own bytes say what it is, whatever its name: an Excel workbook is a zip holding
``xl/workbook.xml``; an old ``.xls`` (or a password-protected workbook) is an OLE2 container;
anything else must be text in UTF-8 (or UTF-16 with a byte-order mark) with commas, semicolons
or tabs between columns. Each limit is checked as early as its figure is known: the size
first, the declared unpacked size of a workbook before anything is decompressed, the columns
from the header line, the rows by counting line ends (CSV) or as rows stream in (Excel, read
in openpyxl's read-only mode, row by row).
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import warnings
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import numpy as np
import pandas as pd

from workbook.caseload._limits import LIMITS, megabytes
from workbook.caseload._validate import CaseloadError

SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".xls", "")
"""File name endings read_table accepts (a buffer with no name is sniffed)."""

DELIMITERS = {",": "commas", ";": "semicolons", "\t": "tabs"}
_OTHER_DELIMITERS = {"|": "'|' (vertical bars)", ":": "colons", "^": "'^' (carets)"}
_SIGNATURES = {
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1": (
        "is an old-format Excel file (.xls) or a password-protected workbook, which cannot be read "
        "here; open it in Excel, remove any password, and save it as .xlsx or as CSV UTF-8."
    ),
    b"%PDF": "is a PDF document, not a table; save the table as .xlsx or CSV UTF-8.",
    b"\x89PNG": "is an image, not a table.",
    b"\xff\xd8\xff": "is an image, not a table.",
    b"GIF8": "is an image, not a table.",
    b"\x1f\x8b": "is a compressed (gzip) file; unpack it and load the table inside.",
    b"{\\rtf": "is a Rich Text document, not a table; save the table as .xlsx or CSV UTF-8.",
}
_ZIP_KINDS = {
    "word/document.xml": "is a Word document, not a table",
    "ppt/presentation.xml": "is a PowerPoint presentation, not a table",
    "content.xml": "is an OpenDocument file (.ods or .odt), which cannot be read here",
}
_MARKUP = re.compile(r"\s{0,200}(<!doctype html|<html|<\?xml|<table)", re.IGNORECASE)
_PANDAS_LINE = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")
_PANDAS_ROW = re.compile(r"row (\d+)")


@dataclass(frozen=True)
class RawTable:
    """Cells as read, before any checking.

    Attributes:
        header: Column names as written (left to right; may repeat or be empty).
        cells: One column per header entry, labelled 0, 1, 2 ...; object values (text from CSV;
            text, numbers, booleans, dates or ``None`` from Excel); indexed by the row number a
            spreadsheet shows (the header is row 1). Wholly empty rows are left out.
    """

    header: list[str]
    cells: pd.DataFrame


def read_raw(source: str | Path | bytes | IO[bytes], shown: str) -> RawTable:
    """Read a file's header and cells, refusing what is not a table or is over a limit.

    Args:
        source: A path, the file's bytes, or an open binary buffer.
        shown: The file's name, for messages and to refuse unknown endings.

    Returns:
        The header and cells.

    Raises:
        CaseloadError: Naming what the file is, or the limit it is over and its own figure.
    """
    suffix = Path(shown).suffix.lower()
    if suffix not in SUFFIXES:
        raise CaseloadError(shown, f"only .csv and .xlsx files can be read, not '{suffix}'.")
    data = _load_bytes(source, shown)
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _read_workbook(data, shown)
    for signature, problem in _SIGNATURES.items():
        if data.startswith(signature):
            raise CaseloadError(shown, problem)
    text = _decode(data, shown)
    if markup := _MARKUP.match(text if isinstance(text, str) else data[:200].decode("utf-8-sig", "replace")):
        kind = "an Excel 2003 XML file" if markup.group(1).startswith("<?") else "a web page (HTML)"
        raise CaseloadError(
            shown, f"is {kind}, not a table file; open it in Excel and save it as .xlsx or CSV UTF-8."
        )
    if suffix in (".xlsx", ".xlsm", ".xls"):
        raise CaseloadError(
            shown,
            f"is named {suffix} but is not an Excel workbook: it holds plain text. If it is a CSV "
            "file, rename it to .csv.",
        )
    return _read_text(data if text is None else text, shown)


def _load_bytes(source, shown: str) -> bytes:
    if isinstance(source, str | Path):
        try:
            size = Path(source).stat().st_size
            if size > LIMITS.bytes:
                raise _too_big(shown, size)
            return Path(source).read_bytes()
        except OSError as error:
            raise CaseloadError(shown, f"could not be opened ({error.strerror or error}).") from None
    if isinstance(source, bytes | bytearray | memoryview):
        data = bytes(source)
    else:
        data = source.read(LIMITS.bytes + 1)
    if len(data) > LIMITS.bytes:
        raise _too_big(shown, len(data))
    return data


def _too_big(shown: str, size: int) -> CaseloadError:
    return CaseloadError(
        shown, f"is {megabytes(size)}; the largest file that can be loaded is {megabytes(LIMITS.bytes)}."
    )


def _decode(data: bytes, shown: str) -> str | None:
    """UTF-16 text decoded; ``None`` for valid UTF-8, which is parsed from the bytes as they are."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise CaseloadError(shown, "starts like UTF-16 text but is not; save it as CSV UTF-8.") from None
    if data.count(b"\x00", 0, 4096) > 64:  # a stray NUL is a cell's problem, found later with its row
        raise CaseloadError(
            shown,
            "holds NUL bytes, so it is not a text table (it may be UTF-16 text without a byte-order "
            "mark, or a binary file); save the table as CSV UTF-8 or .xlsx.",
        )
    decoder = codecs.getincrementaldecoder("utf-8")()
    step = 1 << 22  # checked a slice at a time, so the file is never held twice
    for start in range(0, len(data), step):
        try:
            decoder.decode(data[start : start + step], final=start + step >= len(data))
        except UnicodeDecodeError as error:
            _not_utf8(data, start + error.start, shown)
    return None


def _not_utf8(data: bytes, position: int, shown: str) -> None:
    line = data.count(b"\n", 0, position) + 1
    try:
        data.decode("cp1252")
        guess = "it looks like Windows (ANSI) text"
    except UnicodeDecodeError:
        guess = "its encoding is not one we recognise"
    raise CaseloadError(
        shown,
        f"is not UTF-8 text ({guess}; the first character that is not UTF-8 is on line {line:,}). "
        "Save it as 'CSV UTF-8' and try again.",
    )


def _read_text(text: str | bytes, shown: str) -> RawTable:
    end = _content_end(text)
    if not end:
        raise CaseloadError(shown, "is empty.")
    newline = "\n" if isinstance(text, str) else b"\n"
    cut = text.find(newline)
    first = text[: cut if cut >= 0 else end]
    first = (first if isinstance(first, str) else first.decode("utf-8-sig")).rstrip("\r")
    delimiter = _delimiter(first, shown)
    header = _header(first, delimiter, shown)
    rows = text.count(newline, 0, end)  # line ends before the last line: the data rows
    if rows > LIMITS.rows:
        raise CaseloadError(shown, f"has {rows:,} rows; the most a table may have is {LIMITS.rows:,}.")
    _check_line_lengths(text, newline, end, len(header), shown)
    try:
        # Read as categories: a caseload column holds few distinct values, so this takes a
        # tenth of the memory of one text object per cell, and the checks run on the distinct values.
        cells = pd.read_csv(
            io.StringIO(text) if isinstance(text, str) else io.BytesIO(text),
            sep=delimiter,
            header=None,
            skiprows=1,
            names=range(len(header)),
            index_col=False,
            dtype="category",
            na_filter=False,
            skip_blank_lines=False,
            encoding="utf-8",
            engine="c",
        )
    except pd.errors.ParserError as error:
        raise _parser_problem(str(error), len(header), shown) from None
    except pd.errors.EmptyDataError:
        cells = pd.DataFrame(columns=range(len(header)), dtype=object)
    cells.index = pd.RangeIndex(2, len(cells) + 2)
    if len(cells):
        empty = _blank(cells[0])
        if empty.any():
            empty[empty] = np.column_stack([_blank(cells.loc[empty, c]) for c in cells.columns]).all(axis=1)
            cells = cells[~empty]
    return RawTable(header=header, cells=cells)


def _blank(values: pd.Series) -> np.ndarray:
    """Which cells are empty or hold only spaces (a trailing ',,,' row or a line of spaces)."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        blank = np.array([not str(c).strip() for c in values.cat.categories] + [True])
        return blank[values.cat.codes.to_numpy()]
    return np.array([v is None or not str(v).strip() for v in values], dtype=bool)


def _check_line_lengths(text: str | bytes, newline, end: int, width: int, shown: str) -> None:
    """Refuse a line longer than a full row of cells at the limit, before the parser holds it."""
    longest = width * (LIMITS.cell + 3) + 2  # every cell at the limit, quoted, and a separator
    start, row = 0, 1
    while start < end:  # at most LIMITS.rows + 1 lines, each found by a fast scan
        stop = text.find(newline, start, end)
        stop = end if stop < 0 else stop
        if stop - start > longest:
            raise CaseloadError(
                shown,
                f"this line holds {stop - start:,} characters, more than {width} cells of at most "
                f"{LIMITS.cell:,} characters each could; remove long notes before loading a table.",
                row=row,
            )
        start, row = stop + 1, row + 1


def _content_end(text: str | bytes) -> int:
    """Where the text ends, trailing blank lines and spaces left out (without copying it)."""
    end = len(text)
    while end:
        start = max(0, end - 4096)
        kept = len(text[start:end].rstrip())
        if kept:
            return start + kept
        end = start
    return 0


def _delimiter(first: str, shown: str) -> str:
    counts = {d: first.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: (counts[d], d == ","))
    if counts[best]:
        return best
    other = next((name for d, name in _OTHER_DELIMITERS.items() if d in first), None)
    if other:
        raise CaseloadError(
            shown,
            f"its columns seem to be separated by {other}; save it with commas, semicolons or tabs "
            "between columns.",
        )
    raise CaseloadError(
        shown,
        "its first line holds a single column name; the columns should be separated by commas, "
        "semicolons or tabs, with the column names on the first line.",
    )


def _header(first: str, delimiter: str, shown: str) -> list[str]:
    count = first.count(delimiter) + 1  # an upper bound, known before parsing the line
    if count > LIMITS.columns:
        found = len(_split_line(first, delimiter, shown))
        if found > LIMITS.columns:
            raise _too_wide(shown, found)
    return [name.strip() for name in _split_line(first, delimiter, shown)]


def _split_line(line: str, delimiter: str, shown: str) -> list[str]:
    try:
        return next(csv.reader([line], delimiter=delimiter))
    except csv.Error:  # a field past csv's own size limit (128 kB) is far past ours
        raise CaseloadError(
            shown, f"a column name is longer than {LIMITS.cell:,} characters, the limit for any cell."
        ) from None


def _too_wide(shown: str, columns: int) -> CaseloadError:
    return CaseloadError(shown, f"has {columns:,} columns; the most a table may have is {LIMITS.columns:,}.")


def _parser_problem(message: str, width: int, shown: str) -> CaseloadError:
    if found := _PANDAS_LINE.search(message):
        cells, row = int(found.group(3)), int(found.group(2))
        return CaseloadError(
            shown,
            f"has {cells} cells in this row but {width} column names in the header; check for a "
            "stray separator or a missing quote.",
            row=row,
        )
    if "EOF inside string" in message and (found := _PANDAS_ROW.search(message)):
        return CaseloadError(shown, "a quote opened here is never closed.", row=int(found.group(1)) + 1)
    return CaseloadError(shown, f"could not be read as a table ({message.splitlines()[0]}).")


def _read_workbook(data: bytes, shown: str) -> RawTable:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise CaseloadError(shown, "is a damaged zip or Excel file and could not be opened.") from None
    names = {entry.filename for entry in entries}
    if "xl/workbook.xml" not in names:
        kind = next((what for part, what in _ZIP_KINDS.items() if part in names), None)
        raise CaseloadError(
            shown,
            f"{kind or 'is a zip archive, not an Excel workbook'}; save the table as .xlsx or CSV UTF-8.",
        )
    # The unpacked size each entry declares bounds what decompressing it can produce
    # (zipfile stops at it), so a zip bomb is refused here, before anything is unpacked.
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > LIMITS.unpacked:
        raise CaseloadError(
            shown,
            f"unpacks to {megabytes(unpacked)}; an Excel file may unpack to at most "
            f"{megabytes(LIMITS.unpacked)} (about {LIMITS.excel_cells:,} cells). Save it as CSV, "
            f"which may hold up to {LIMITS.rows:,} rows.",
        )
    try:
        return _stream_sheet(data, shown)
    except CaseloadError:
        raise
    except Exception as error:  # openpyxl raises many kinds on a broken workbook: name it, never a traceback
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise CaseloadError(shown, f"could not be read as an Excel workbook ({reason[:200]}).") from None


def _stream_sheet(data: bytes, shown: str) -> RawTable:
    import openpyxl  # an I/O edge: only an Excel upload loads it

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions it skips
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
        try:
            if not book.worksheets:
                raise CaseloadError(shown, "has no worksheet.")
            sheet = book.worksheets[0]
            declared_rows, declared_columns = sheet.max_row, sheet.max_column
            if declared_columns and declared_columns > LIMITS.columns:
                raise _too_wide(shown, declared_columns)
            if declared_rows and declared_columns:
                _check_excel_size(declared_rows - 1, declared_columns, shown)
            return _collect_rows(sheet.iter_rows(values_only=True), shown)
        finally:
            book.close()


def _check_excel_size(rows: int, columns: int, shown: str, *, more: bool = False) -> None:
    most = min(LIMITS.excel_rows, LIMITS.excel_cells // max(columns, 1))
    if rows > most:
        figure = f"more than {most:,}" if more else f"{rows:,}"
        raise CaseloadError(
            shown,
            f"has {figure} rows of {columns} columns; an Excel sheet may hold at most "
            f"{LIMITS.excel_cells:,} cells and {LIMITS.excel_rows:,} rows, so {most:,} rows of this "
            f"width. Save it as CSV UTF-8, which may hold up to {LIMITS.rows:,} rows.",
        )


def _collect_rows(rows, shown: str) -> RawTable:
    first = next(rows, None)
    header_cells = list(first or ())
    while header_cells and header_cells[-1] is None:
        header_cells.pop()
    if not header_cells:
        raise CaseloadError(shown, "its first row is empty; put the column names in row 1.")
    if len(header_cells) > LIMITS.columns:
        raise _too_wide(shown, len(header_cells))
    width = len(header_cells)
    most = min(LIMITS.excel_rows, LIMITS.excel_cells // width)
    kept, numbers = [], []
    for number, row in enumerate(rows, start=2):
        if any(value is not None for value in row[width:]):
            raise CaseloadError(
                shown, f"has a value beyond the last named column (column {width}).", row=number
            )
        values = row[:width]
        if all(value is None or value == "" for value in values):
            continue
        if len(kept) == most:
            _check_excel_size(most + 1, width, shown, more=True)
        kept.append(values + (None,) * (width - len(values)))
        numbers.append(number)
    header = ["" if cell is None else str(cell).strip() for cell in header_cells]
    cells = pd.DataFrame(kept, columns=range(width), index=numbers, dtype=object)
    return RawTable(header=header, cells=cells)
