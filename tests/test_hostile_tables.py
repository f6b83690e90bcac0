"""A generated corpus of hostile tables, each with its exact outcome through read_table.

Every case is a file a careless or malicious user might upload: over a limit, not a table at
all, in an unexpected layout or encoding, holding personal data in a written form, or holding
cells that break the schema. A refusal is checked for its column, its row, the words of its
problem, one line, the file's name first, and that it never repeats a personal value. An
acceptance is checked cell for cell against the same caseload read from a plain CSV.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import openpyxl
import pandas as pd
import pytest
from hostile_files import caseload, csv_bytes, records, sheet_xml, workbook_bytes, zip_bytes
from pandas.testing import assert_frame_equal

from workbook.caseload import COLUMN_NAMES, LIMITS, CaseloadError, read_table

BASE = caseload(40)
REFERENCE = read_table(csv_bytes(BASE), name="reference.csv")
WIDTH = len(COLUMN_NAMES)


@dataclass(frozen=True)
class Case:
    """One hostile file and what read_table must do with it.

    ``words`` empty means the file is accepted and must equal ``expected`` (REFERENCE by default).
    """

    category: str
    name: str
    file: str
    content: Callable[[], bytes]
    column: str | None = None
    row: int | None = None
    words: str = ""
    secret: str | None = None
    expected: Callable[[], pd.DataFrame] = field(default=lambda: REFERENCE)
    mapping: dict[str, str] | None = None


def frame_with(column: str, index: int, value, frame: pd.DataFrame = BASE) -> pd.DataFrame:
    changed = frame.astype(object).copy()
    changed.loc[index, column] = value
    return changed


def csv_with(column: str, index: int, value) -> Callable[[], bytes]:
    return lambda: csv_bytes(frame_with(column, index, value))


def notes_with(index: int, value: str) -> Callable[[], bytes]:
    return lambda: csv_bytes(BASE.assign(notes=[value if i == index else "" for i in range(len(BASE))]))


def renamed(old: str, new: str) -> Callable[[], bytes]:
    return lambda: csv_bytes(BASE.rename(columns={old: new}))


def extra_column(name: str, value: str = "x") -> Callable[[], bytes]:
    return lambda: csv_bytes(BASE.assign(**{name: value}))


def xlsx(rows, **kwargs) -> Callable[[], bytes]:
    return lambda: workbook_bytes(sheet_xml(rows() if callable(rows) else rows, **kwargs))


def written_by_openpyxl(
    change: Callable[[openpyxl.worksheet.worksheet.Worksheet], None],
) -> Callable[[], bytes]:
    def build() -> bytes:
        book = openpyxl.Workbook()
        sheet = book.active
        for row in records(BASE):
            sheet.append(row)
        change(sheet)
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()

    return build


def lines(header: str, row: str, count: int) -> Callable[[], bytes]:
    return lambda: (header + "\n" + (row + "\n") * count).encode()


BASE_CSV = csv_bytes(BASE)
HEADER_LINE = ",".join(COLUMN_NAMES)
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
LIMIT_CASES = [
    Case("limits", "over the byte limit", "big.csv", lambda: b"a" * (LIMITS.bytes + 1),
         words=f"is 100.0 MB; the largest file that can be loaded is {LIMITS.bytes / 1e6:,.1f} MB"),
    Case("limits", "one row over the row limit", "long.csv", lines("case_id,age", "SYN-1,30", LIMITS.rows + 1),
         words=f"has {LIMITS.rows + 1:,} rows; the most a table may have is {LIMITS.rows:,}"),
    Case("limits", "a header of 1,000,000 columns", "wide.csv",
         lambda: (",".join(f"c{i}" for i in range(1_000_000)) + "\n1\n").encode(),
         words="has 1,000,000 columns; the most a table may have is 200"),
    Case("limits", "one column over the column limit", "wide.csv",
         lambda: csv_bytes(pd.concat([BASE, pd.DataFrame(0, index=BASE.index, columns=[f"x{i}" for i in range(LIMITS.columns - WIDTH + 1)])], axis=1)),
         words=f"has {LIMITS.columns + 1} columns"),
    Case("limits", "a 1 MB cell: its line is refused before it is parsed", "long-cell.csv", csv_with("area", 3, "N" * 1_000_000), row=5,
         words=f"more than {WIDTH} cells of at most 1,000 characters each could"),
    Case("limits", "a 2,000-character cell in a short row: refused after parsing, naming its column", "long-cell.csv",
         lambda: b"case_id,notes,other\nSYN-000001," + b"n" * 2_000 + b",x\n", column="notes", row=2,
         words="a cell holds 2,000 characters; a cell may hold at most 1,000"),
    Case("limits", "a line of 10 MB, refused before it is parsed", "long-line.csv",
         lambda: b"case_id,notes\nSYN-000001," + b"n" * 10_000_000 + b"\n", row=2,
         words="this line holds 10,000,011 characters, more than 2 cells of at most 1,000 characters each could"),
    Case("limits", "a cell one over the limit in a column of its own", "notes.csv", notes_with(0, "n" * 1_001),
         column="notes", row=2, words="a cell holds 1,001 characters"),
    Case("limits", "a cell exactly at the limit in a column of its own", "notes.csv", notes_with(0, "n" * 1_000)),
    Case("limits", "a column name one over the limit", "name.csv", extra_column("h" * 1_001),
         words="a column name has 1,001 characters"),
    Case("limits", "a column name past csv's own field limit", "name.csv",
         lambda: ("x" * 200_000 + "," + HEADER_LINE + "\n").encode(), words="a column name is longer than 1,000"),
    Case("limits", "a zip bomb: the workbook declares 21 MB unpacked", "bomb.xlsx",
         lambda: workbook_bytes(sheet_xml(records(BASE)), extra={"xl/media/pad.bin": b"\0" * 21_000_000}),
         words="unpacks to 21.1 MB; an Excel file may unpack to at most 20.0 MB"),
    Case("limits", "a workbook declaring 20,001 rows of 57 columns", "tall.xlsx",
         xlsx(records(BASE), dimension="A1:BE20001"),
         words="has 20,000 rows of 57 columns; an Excel sheet may hold at most 300,000 cells and 20,000 rows, so 5,263 rows of this width"),
    Case("limits", "a workbook declaring 300 columns", "wide.xlsx", xlsx(records(BASE), dimension="A1:KN41"),
         words="has 300 columns; the most a table may have is 200"),
    Case("limits", "a workbook header of 201 columns, undeclared", "wide.xlsx",
         xlsx([[f"c{i}" for i in range(201)], [1]]), words="has 201 columns"),
    Case("limits", "a workbook value beyond the header", "ragged.xlsx",
         xlsx(lambda: [*records(BASE)[:4], [*records(BASE)[4], "stray"]]), row=5,
         words=f"has a value beyond the last named column (column {WIDTH})"),
]  # fmt: skip


def utf16(frame: pd.DataFrame) -> bytes:
    return b"\xff\xfe" + frame.to_csv(index=False, sep="\t").encode("utf-16-le")


RECOGNITION_CASES = [
    Case("recognition", "a plain zip renamed .xlsx", "cases.xlsx", lambda: zip_bytes({"notes.txt": b"hello"}),
         words="is a zip archive, not an Excel workbook; save the table as .xlsx or CSV UTF-8"),
    Case("recognition", "a Word document renamed .xlsx", "cases.xlsx",
         lambda: zip_bytes({"word/document.xml": b"<w/>", "[Content_Types].xml": b"<x/>"}),
         words="is a Word document, not a table"),
    Case("recognition", "an OpenDocument spreadsheet", "cases.xlsx",
         lambda: zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"}),
         words="is an OpenDocument file (.ods or .odt)"),
    Case("recognition", "a legacy .xls", "old.xls", lambda: OLE2,
         words="is an old-format Excel file (.xls) or a password-protected workbook"),
    Case("recognition", "a password-protected workbook", "locked.xlsx", lambda: OLE2,
         words="save it as .xlsx or as CSV UTF-8"),
    Case("recognition", "a PDF named .csv", "cases.csv", lambda: b"%PDF-1.7\n...", words="is a PDF document"),
    Case("recognition", "a PNG named .csv", "cases.csv", lambda: b"\x89PNG\r\n\x1a\n", words="is an image"),
    Case("recognition", "a gzip named .csv", "cases.csv", lambda: gzip.compress(BASE_CSV),
         words="is a compressed (gzip) file"),
    Case("recognition", "a web page named .xls", "export.xls", lambda: b"<html><table><tr><td>1</td></tr></table>",
         words="is a web page (HTML), not a table file"),
    Case("recognition", "an Excel 2003 XML file", "export.xls", lambda: b'<?xml version="1.0"?><Workbook/>',
         words="is an Excel 2003 XML file"),
    Case("recognition", "UTF-16 tab-separated text with a byte-order mark", "unicode.txt", lambda: utf16(BASE)),
    Case("recognition", "UTF-16 text without a byte-order mark", "unicode.txt",
         lambda: BASE.to_csv(index=False).encode("utf-16-le"), words="holds NUL bytes"),
    Case("recognition", "Windows (ANSI) text", "ansi.csv", lambda: csv_bytes(frame_with("area", 2, "Nörthgate"), encoding="cp1252"),
         words="is not UTF-8 text (it looks like Windows (ANSI) text; the first character that is not UTF-8 is on line 4)"),
    Case("recognition", "bytes in no known encoding", "odd.csv", lambda: BASE_CSV[:300] + b"\x81\x8d\x90" + BASE_CSV[300:],
         words="its encoding is not one we recognise"),
    Case("recognition", "text named .xlsx", "cases.xlsx", lambda: BASE_CSV,
         words="is named .xlsx but is not an Excel workbook: it holds plain text"),
    Case("recognition", "semicolons between columns", "euro.csv", lambda: csv_bytes(BASE, sep=";")),
    Case("recognition", "tabs between columns", "cases.tsv", lambda: csv_bytes(BASE, sep="\t")),
    Case("recognition", "vertical bars between columns", "cases.csv", lambda: csv_bytes(BASE, sep="|"),
         words="its columns seem to be separated by '|' (vertical bars)"),
    Case("recognition", "a single column", "one.csv", lambda: b"case_id\nSYN-000001\n",
         words="its first line holds a single column name"),
    Case("recognition", "an empty file", "empty.csv", lambda: b"", words="is empty"),
    Case("recognition", "only blank lines", "blank.csv", lambda: b"\n \r\n\t\n", words="is empty"),
    Case("recognition", "a header and no rows", "header.csv", lambda: (HEADER_LINE + "\n").encode(), words="has no rows"),
    Case("recognition", "a truncated workbook", "cut.xlsx", lambda: workbook_bytes(sheet_xml(records(BASE)))[:900],
         words="is a damaged zip or Excel file"),
    Case("recognition", "an unknown file ending", "cases.json", lambda: b"{}", words="only .csv and .xlsx files can be read, not '.json'"),
    Case("recognition", "a UTF-8 byte-order mark", "bom.csv", lambda: b"\xef\xbb\xbf" + BASE_CSV),
    Case("recognition", "Windows line ends", "crlf.csv", lambda: csv_bytes(BASE, line="\r\n")),
    Case("recognition", "trailing empty rows and blank lines", "tail.csv",
         lambda: BASE_CSV + ("," * (WIDTH - 1) + "\n").encode() * 3 + b"\n\n   \n"),
    Case("recognition", "a blank line, then a bad value: rows still counted as the file shows them", "gap.csv",
         lambda: csv_bytes(frame_with("rosh", 2, "middling")).replace(b"\n", b"\n\n", 1),
         column="rosh", row=5, words="should be one of: low, medium, high, very high; found 'middling'"),
    Case("recognition", "a row with one cell too many", "ragged.csv",
         lambda: BASE_CSV.replace(b"\n", b",extra\n", 3).replace(b",extra\n", b"\n", 2),
         row=3, words=f"has {WIDTH + 1} cells in this row but {WIDTH} column names in the header"),
    Case("recognition", "a row cut short", "short.csv",
         lambda: b"\n".join(line if i != 6 else b",".join(line.split(b",")[:50]) for i, line in enumerate(BASE_CSV.split(b"\n"))),
         column=COLUMN_NAMES[50], row=7, words="a cell is blank; write yes or no"),
    Case("recognition", "a quote never closed", "quote.csv",
         lambda: BASE_CSV.replace(b"SYN-000009", b'"SYN-000009', 1), row=10, words="a quote opened here is never closed"),
    Case("recognition", "a workbook built by hand", "cases.xlsx", xlsx(records(BASE), dimension=f"A1:BE{len(BASE) + 1}")),
    Case("recognition", "a workbook with no dimension", "cases.xlsx", xlsx(records(BASE))),
    Case("recognition", "a workbook written by openpyxl", "cases.xlsx", written_by_openpyxl(lambda sheet: None)),
    Case("recognition", "a workbook whose first row is empty", "cases.xlsx", xlsx([[], *records(BASE)]),
         words="its first row is empty; put the column names in row 1"),
]  # fmt: skip


PERSONAL_COLUMNS = [
    ("Surname", "a name"), ("First Name", "a name"), ("full_name", "a name"), ("DateOfBirth", "a date of birth"),
    ("DOB", "a date of birth"), ("Date of birth", "a date of birth"), ("CRN", "a case reference or PNC number"),
    ("PNCNumber", "a case reference or PNC number"), ("NOMIS id", "a case reference or PNC number"),
    ("case_ref", "a case reference or PNC number"), ("NI number", "a National Insurance number"),
    ("NINo", "a National Insurance number"), ("National Insurance", "a National Insurance number"),
    ("Postcode", "a postcode or address"), ("Home address", "a postcode or address"),
    ("Street", "a postcode or address"), ("Phone", "a phone number"), ("Mobile", "a phone number"),
    ("Tel.", "a phone number"), ("Contact number", "a phone number"), ("Email", "an email address"),
    ("E-mail", "an email address"),
]  # fmt: skip
PERSONAL_VALUES = [
    ("x123456", "a case reference (CRN)"), ("X123456", "a case reference (CRN)"),
    ("ab 12 34 56 c", "a National Insurance number"), ("AB123456C", "a National Insurance number"),
    ("ng1 5ft", "a UK postcode"), ("SW1A 1AA", "a UK postcode"), ("2001/0123456a", "a PNC number"),
    ("sam.smith@example.org", "an email address"), ("07700-900-123", "a phone number"),
    ("(020) 7946 0000", "a phone number"), ("020 7946 0000", "a phone number"),
    ("0044 20 7946 0000", "a phone number"), ("+44 (0)7700 900123", "a phone number"),
    ("+447700900123", "a phone number"), ("07700 900123", "a phone number"),
    ("7700900123", "a phone number (stored as a number"), ("14 March 1987", "a date that could be a date of birth"),
    ("14.03.87", "a date that could be a date of birth"), ("03/14/1987", "a date that could be a date of birth"),
    ("1987/03/14", "a date that could be a date of birth"), ("14-Mar-87", "a date that could be a date of birth"),
    ("March 14, 1987", "a date that could be a date of birth"), ("1987-03-14", "a date that could be a date of birth"),
    ("14/03/1987", "a date that could be a date of birth"),
]  # fmt: skip
PERSONAL_CASES = [
    *(Case("personal column", f"a column named {name!r}", "mine.csv", extra_column(name), column=name,
           words=f"looks like {what}. Remove personal data") for name, what in PERSONAL_COLUMNS),
    *(Case("personal value", f"{value!r} in a column of its own", "mine.csv", notes_with(6, value),
           column="notes", row=8, words=f"holds what looks like {what}", secret=value) for value, what in PERSONAL_VALUES),
    Case("personal value", "two CRNs, the later sorting first: the first row is named", "mine.csv",
         lambda: csv_bytes(BASE.assign(notes=["x999999" if i == 9 else "a111111" if i == 20 else "" for i in range(len(BASE))])),
         column="notes", row=11, words="a case reference (CRN)", secret="x999999"),
    Case("personal value", "a CRN as an area", "mine.csv", csv_with("area", 0, "a123456"), column="area", row=2,
         words="a case reference (CRN)", secret="a123456"),
    Case("personal value", "a mobile stored as a number in Excel", "mine.xlsx",
         written_by_openpyxl(lambda sheet: (sheet.cell(5, WIDTH + 1, 7700900123), sheet.cell(1, WIDTH + 1, "contact"))),
         column="contact", row=5, words="a phone number (stored as a number, so its leading 0 is gone)", secret="7700900123"),
    Case("personal value", "a date cell in Excel", "mine.xlsx",
         written_by_openpyxl(lambda sheet: (sheet.cell(9, WIDTH + 1, dt.datetime(1987, 3, 14)), sheet.cell(1, WIDTH + 1, "when"))),
         column="when", row=9, words="a date that could be a date of birth", secret="1987"),
    Case("false alarm", "an area name column", "mine.csv", extra_column("Area name", "Northgate")),
    Case("false alarm", "the schema's own flag_street_gangs, written three ways", "mine.csv",
         lambda: csv_bytes(BASE.rename(columns={"flag_street_gangs": "Flag street gangs", "flag_self_harm": "FLAG_SELF_HARM"})),
         expected=lambda: REFERENCE),
    Case("false alarm", "semicolons and the schema's header (the old 'street' refusal)", "euro.csv",
         lambda: csv_bytes(BASE, sep=";")),
    Case("false alarm", "notes with ordinary numbers", "mine.csv", notes_with(3, "scored 59.3 on 2 of 10 visits, 2021-2026")),
]  # fmt: skip


STRICT_CASES = [
    Case("strict cells", "a column named twice", "twice.csv",
         lambda: csv_bytes(pd.concat([BASE, BASE[["rosh"]]], axis=1)), column="rosh",
         words=f"appears twice, as columns 12 and {WIDTH + 1}; give each column its own name"),
    Case("strict cells", "two names for one column", "twice.csv", lambda: csv_bytes(BASE.assign(RoSH=BASE["rosh"])),
         column="RoSH", words="two columns map to 'rosh'"),
    Case("strict cells", "a blank yes/no cell", "blank.csv", csv_with("ppo", 4, ""), column="ppo", row=6,
         words="a cell is blank; write yes or no (Prolific and priority offender.)"),
    Case("strict cells", "a blank case id", "blank.csv", csv_with("case_id", 7, ""), column="case_id", row=9,
         words="a cell is blank; write a value"),
    Case("strict cells", "a NUL inside a cell", "nul.csv", csv_with("area", 1, "North\x00gate"), column="area", row=3,
         words="invisible or control character (U+0000)"),
    Case("strict cells", "a right-to-left override in an id", "rlo.csv", csv_with("case_id", 2, "SYN-\u202e100000"),
         column="case_id", row=4, words="(U+202E)"),
    Case("strict cells", "a zero-width space in an area", "zw.csv", csv_with("area", 5, "North\u200bgate"),
         column="area", row=7, words="(U+200B)"),
    Case("strict cells", "a bidi isolate in a category", "bidi.csv", csv_with("gender", 3, "\u2067male"),
         column="gender", row=5, words="(U+2067)"),
    *(Case("strict cells", f"an id starting {start!r}", "formula.csv", csv_with("case_id", 8, f"{start}HYPERLINK(1)"),
           column="case_id", row=10, words=f"starts with '{start}', which a spreadsheet would run as a formula")
      for start in "=+-@"),
    Case("strict cells", "an area starting '='", "formula.csv", csv_with("area", 0, "=1+1"), column="area", row=2,
         words="starts with '='"),
    Case("strict cells", "a script tag as an area", "script.csv", csv_with("area", 9, "<script>alert(1)</script>"),
         column="area", row=11, words="holds '<'; an identifier may hold letters, digits, spaces and"),
    Case("strict cells", "a licence that is not custodial", "licence.csv",
         csv_with("custodial", int(BASE.index[BASE["order_type"] == "licence"][0]), False), column="custodial",
         row=int(BASE.index[BASE["order_type"] == "licence"][0]) + 2, words="says no, but order_type is 'licence'"),
    Case("strict cells", "a community order that is custodial", "licence.csv",
         csv_with("custodial", int(BASE.index[BASE["order_type"] != "licence"][0]), True), column="custodial",
         row=int(BASE.index[BASE["order_type"] != "licence"][0]) + 2, words="says yes, but order_type is"),
    Case("strict cells", "an RSR of 100", "rsr.csv", csv_with("rsr", 2, 100), column="rsr", row=4,
         words="should be between 0 and 99.99; found '100"),
    Case("strict cells", "an OGRS of infinity", "inf.csv", csv_with("ogrs", 2, "inf"), column="ogrs", row=4,
         words="should be between 0 and 100; found 'inf'"),
    Case("strict cells", "an age of nan", "nan.csv", csv_with("age", 2, "nan"), column="age", row=4,
         words="should be a number (Age in years.); found 'nan'"),
    Case("strict cells", "two wrong values, the later sorting first: the first row is named", "two.csv",
         lambda: csv_bytes(frame_with("rosh", 9, "aaa", frame_with("rosh", 5, "zzz"))), column="rosh", row=7,
         words="found 'zzz'"),
    Case("strict cells", "a long wrong value is cut short when shown", "long.csv", csv_with("rosh", 1, "v" * 900),
         column="rosh", row=3, words="found 'vvvvvvvvvvvvvvvvvvvvvvvvvvvvvv…'"),
    Case("strict cells", "numbers and yes/no written loosely", "loose.csv",
         lambda: csv_bytes(BASE.astype(object).assign(age=BASE["age"].map(lambda a: f" {a} "),
                                                      ppo=BASE["ppo"].map({True: "YES", False: "n"}))),
         expected=lambda: REFERENCE),
    Case("strict cells", "a blank ARP is allowed (the 2026 tier is then missing)", "arp.csv", csv_with("arp", 3, ""),
         expected=lambda: REFERENCE.assign(arp=REFERENCE["arp"].where(REFERENCE.index != 3))),
    Case("strict cells", "a line break inside a column of its own is ignored", "notes.csv",
         notes_with(2, "first line\nsecond line")),
    Case("strict cells", "a mapping to a column the schema lacks", "mapped.csv", lambda: BASE_CSV,
         mapping={"area": "region"}, words="the mapping names unknown schema column(s): region"),
]  # fmt: skip

CORPUS = LIMIT_CASES + RECOGNITION_CASES + PERSONAL_CASES + STRICT_CASES


@pytest.mark.parametrize("case", CORPUS, ids=[f"{c.category}: {c.name}" for c in CORPUS])
def test_every_hostile_table_gets_its_exact_outcome(case: Case):
    content = case.content()
    if not case.words:
        assert_frame_equal(read_table(content, case.mapping, name=case.file), case.expected())
        return
    with pytest.raises(CaseloadError) as caught:
        read_table(io.BytesIO(content), case.mapping, name=case.file)
    error = caught.value
    assert (error.column, error.row) == (case.column, case.row)
    assert case.words in error.problem
    message = str(error)
    assert message.startswith(case.file) and "\n" not in message and len(message) < 700
    if case.secret:
        assert case.secret not in message


def test_the_corpus_covers_every_category_with_refusals_and_acceptances():
    counts = Counter((case.category, bool(case.words)) for case in CORPUS)
    for category in ("limits", "recognition", "personal column", "personal value", "strict cells"):
        assert counts[(category, True)] >= 5
    for category in ("limits", "recognition", "false alarm", "strict cells"):
        assert counts[(category, False)] >= 1
    assert len(CORPUS) >= 100


@pytest.mark.parametrize(
    ("budget", "rows", "width"),
    [
        ({"excel_cells": WIDTH * 10}, records(BASE), WIDTH),
        ({"excel_rows": 10}, [["case_id", "age"]] + [["SYN-1", 30]] * 11, 2),
    ],
)
def test_an_excel_sheet_streamed_past_its_budget_stops_there(monkeypatch, budget, rows, width):
    """The budget's mechanism on a small scale (the benchmark reads a sheet at the real limits)."""
    from workbook.caseload import _read

    monkeypatch.setattr(_read, "LIMITS", _read.LIMITS.__class__(**budget))
    with pytest.raises(CaseloadError) as caught:
        read_table(workbook_bytes(sheet_xml(rows)), name="tall.xlsx")
    assert caught.value.problem.startswith(f"has more than 10 rows of {width} columns")
