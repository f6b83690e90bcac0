"""Hold a caseload table to its schema: strict cells, the right types, rows that agree with themselves.

Messages name what is wrong and where: the file, the column and the row (rows counted as a
spreadsheet shows them, the header being row 1). Each column is converted through its
distinct values (a caseload of 250,000 rows has a few hundred of those in most columns), so
checking is fast whatever the size.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
import pandas as pd

from workbook.caseload._limits import LIMITS
from workbook.caseload.schema import CASELOAD, Column, coerce_dtypes

_TRUE = {"true", "yes", "y", "1", "t", "1.0"}
_FALSE = {"false", "no", "n", "0", "f", "0.0"}

# Control characters, invisible bidirectional and zero-width marks, and noncharacters: they
# hide or reorder what a cell shows, or break the files it is exported to.
FORBIDDEN = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff\ufdd0-\ufdef"
    "\ufffe\uffff\ud800-\udfff"
    + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(1, 17))
    + "]"
)
_IDENTIFIER = re.compile(r"[^\w .,'()/&\n-]")
_FORMULA = re.compile(r"(?m)^ {0,1000}([=+@-])")


class CaseloadError(ValueError):
    """A caseload table breaks the schema or holds personal data.

    Attributes:
        source: The file (or "the table").
        column: The column at fault, if any.
        row: The row at fault (header = row 1), if any.
        problem: What is wrong.
    """

    def __init__(self, source: str, problem: str, *, column: str | None = None, row: int | None = None):
        self.source, self.column, self.row, self.problem = source, column, row, problem
        where = [source]
        if column is not None:
            where.append(f"column '{column}'")
        if row is not None:
            where.append(f"row {row:,}")
        super().__init__(f"{', '.join(where)}: {problem}")


def _normalise(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", str(name).strip().lower()).strip("_")


def distinct_texts(values: pd.Series) -> tuple[np.ndarray, list[str]]:
    """A column's codes and its distinct non-blank values as text, in order of first appearance.

    Blank cells get code -1.

    Example:
        >>> distinct_texts(pd.Series(["a", None, 7, "a", ""], dtype=object))
        (array([ 0, -1,  1,  0, -1]), ['a', '7'])
    """
    if isinstance(values.dtype, pd.CategoricalDtype):
        # Categories come sorted; put them in order of first appearance, so that the first
        # distinct value found at fault is also the first row at fault.
        codes = values.cat.codes.to_numpy().astype(np.int64)
        seen = pd.unique(codes[codes >= 0])
        renumber = np.full(len(values.cat.categories) + 1, -1, dtype=np.int64)
        renumber[seen] = np.arange(len(seen))
        codes, uniques = renumber[codes], values.cat.categories[seen]
    else:
        codes, uniques = pd.factorize(values.to_numpy(dtype=object))
    texts = [value if isinstance(value, str) else str(value) for value in uniques]
    if "" in texts:
        blank = texts.index("")
        codes = np.where(codes == blank, -1, codes - (codes > blank))
        del texts[blank]
    if pd.Index(texts).has_duplicates:  # 7 and "7" in one Excel column are one value here
        merged, texts = pd.factorize(pd.Index(texts))
        codes = np.where(codes < 0, -1, np.append(merged, -1)[codes])
        texts = list(texts)
    return codes.astype(np.int64), texts


def first_row(codes: np.ndarray, wanted: int | np.ndarray, rows: Sequence[int]) -> int:
    """The first row whose code is ``wanted`` (or any of several)."""
    return int(rows[int(np.flatnonzero(np.isin(codes, wanted))[0])])


def check_cell_length(name: str, codes: np.ndarray, texts: list[str], rows, source: str) -> None:
    """Refuse a column whose name or a cell is longer than `LIMITS.cell` characters."""
    if len(name) > LIMITS.cell:
        raise CaseloadError(
            source, f"a column name has {len(name):,} characters; the limit is {LIMITS.cell:,}."
        )
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    if lengths.size and lengths.max() > LIMITS.cell:
        at = int(np.argmax(lengths > LIMITS.cell))
        raise CaseloadError(
            source,
            f"a cell holds {lengths[at]:,} characters; a cell may hold at most {LIMITS.cell:,}. "
            "Remove long notes before loading a table.",
            column=name,
            row=first_row(codes, at, rows),
        )


def check_characters(
    column: Column, name: str, codes: np.ndarray, texts: list[str], rows, source: str
) -> None:
    """Refuse control, invisible and bidirectional characters, and unsafe identifiers."""
    joined = "".join(texts)
    if found := FORBIDDEN.search(joined):
        starts = np.cumsum([0, *map(len, texts)])
        at = int(np.searchsorted(starts, found.start(), side="right") - 1)
        raise CaseloadError(
            source,
            f"a cell holds an invisible or control character (U+{ord(found.group()):04X}); retype the "
            "cell or remove the character.",
            column=name,
            row=first_row(codes, at, rows),
        )
    if not (column.kind == "text" or (column.kind == "category" and not column.choices)):
        return  # identifiers only: case_id, and area (a category named freely)
    joined = "\n".join(texts)
    starts = np.cumsum([0, *(len(t) + 1 for t in texts)])
    if found := _FORMULA.search(joined):
        problem = (
            f"starts with '{found.group(1)}', which a spreadsheet would run as a formula; an identifier "
            "may not start with = + - or @."
        )
    elif found := _IDENTIFIER.search(joined):
        problem = (
            f"holds '{found.group()}'; an identifier may hold letters, digits, spaces and "
            ". , ' ( ) / & _ - only."
        )
    else:
        return
    at = int(np.searchsorted(starts, found.start(), side="right") - 1)
    raise CaseloadError(source, problem, column=name, row=first_row(codes, at, rows))


def validate_caseload(table: pd.DataFrame, *, source: str = "the table") -> pd.DataFrame:
    """Check and convert a table to the caseload schema.

    Args:
        table: A table whose columns already carry the schema's names; row numbers in messages
            count its rows from 2 (as a spreadsheet under a header row).
        source: How to name the table in messages.

    Returns:
        A new DataFrame with exactly the schema's columns, in its order and types.

    Raises:
        CaseloadError: On a missing column, a blank or wrong value, or a row that contradicts
            itself, naming the column and the first row at fault.

    Example:
        >>> from workbook.caseload import generate
        >>> cases = generate(100, seed=1).astype(str)
        >>> validate_caseload(cases.assign(custodial="no"))  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        workbook.caseload._validate.CaseloadError: the table, column 'custodial', row 7: says no, but ...
    """
    return convert_table(table, np.arange(2, len(table) + 2), source)


def convert_table(
    table: pd.DataFrame,
    rows: Sequence[int],
    source: str,
    distinct: dict[str, tuple[np.ndarray, list[str]]] | None = None,
) -> pd.DataFrame:
    """`validate_caseload`, with the row number of each row (and any column's distinct values) given."""
    missing = [c.name for c in CASELOAD if c.name not in table.columns]
    if missing:
        shown = ", ".join(missing[:6]) + (f" and {len(missing) - 6} more" if len(missing) > 6 else "")
        raise CaseloadError(source, f"missing column(s): {shown}. See the template for every column.")
    if table.empty:
        raise CaseloadError(source, "has no rows.")
    converted = pd.DataFrame(
        {
            c.name: _convert((distinct or {}).get(c.name) or distinct_texts(table[c.name]), c, rows, source)
            for c in CASELOAD
        },
        index=pd.RangeIndex(len(table)),
    )
    _check_agreement(converted, rows, source)
    return coerce_dtypes(converted)


def _shown(value: object) -> str:
    text = str(value)
    return repr(text if len(text) <= 30 else text[:30] + "…")


def _convert(
    distinct: tuple[np.ndarray, list[str]], column: Column, rows: Sequence[int], source: str
) -> np.ndarray:
    codes, texts = distinct

    def fail(bad: np.ndarray, problem: str) -> CaseloadError:
        at = int(np.flatnonzero(bad)[0])
        found = f"; found {_shown(texts[at])}"
        return CaseloadError(source, problem + found, column=column.name, row=first_row(codes, at, rows))

    if (codes < 0).any() and not column.optional:
        what = "yes or no" if column.kind == "bool" else "a value"
        raise CaseloadError(
            source,
            f"a cell is blank; write {what} ({column.doc})",
            column=column.name,
            row=first_row(codes, -1, rows),
        )
    stripped = np.array([t.strip() for t in texts] + [""], dtype=object)
    if column.kind in ("int", "float"):
        numbers = pd.to_numeric(pd.Series(stripped[:-1], dtype=object), errors="coerce").to_numpy(dtype=float)
        if np.isnan(numbers).any():
            raise fail(np.isnan(numbers), f"should be a number ({column.doc})")
        if column.kind == "int" and (numbers % 1 != 0).any():
            raise fail(numbers % 1 != 0, "should be a whole number")
        outside = (numbers < column.low) | (numbers > column.high)
        if outside.any():
            raise fail(outside, f"should be between {column.low:g} and {column.high:g}")
        result = np.append(numbers, np.nan)[codes]
        return result.astype(int) if column.kind == "int" else result
    lowered = np.array([t.lower() for t in stripped[:-1]], dtype=object)
    if column.kind == "bool":
        bad = ~np.isin(lowered, list(_TRUE | _FALSE))
        if bad.any():
            raise fail(bad, "should be yes or no (true/false, 1/0)")
        return np.isin(lowered, list(_TRUE))[codes]
    if column.choices:
        bad = ~np.isin(lowered, list(column.choices))
        if bad.any():
            raise fail(bad, f"should be one of: {', '.join(column.choices)}")
        return np.append(lowered, "")[codes].astype(object)
    return stripped[codes].astype(object)


def _check_agreement(table: pd.DataFrame, rows: Sequence[int], source: str) -> None:
    """Refuse a row whose order type and custody flag contradict each other."""
    licence = (table["order_type"] == "licence").to_numpy()
    custodial = table["custodial"].to_numpy(dtype=bool)
    disagree = licence != custodial
    if disagree.any():
        at = int(np.flatnonzero(disagree)[0])
        problem = (
            "says no, but order_type is 'licence', which is served in the community after custody"
            if licence[at]
            else f"says yes, but order_type is '{table['order_type'].iloc[at]}', a community sentence"
        )
        raise CaseloadError(source, f"{problem}; make the two agree.", column="custodial", row=int(rows[at]))
