"""Hold a caseload table to its schema, and refuse anything that looks personal.

Messages name what is wrong and where: the file, the column and the row (rows
counted as a spreadsheet shows them, the header being row 1).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from workbook.caseload.schema import CASELOAD, COLUMN_NAMES, Column

_TRUE = {"true", "yes", "y", "1", "t"}
_FALSE = {"false", "no", "n", "0", "f", ""}

# Column names that announce personal data, and patterns that find it in values.
PERSONAL_NAMES = {
    "a name": r"(^|_)(first|last|given|family|sur|fore|full|middle)?_?names?($|_)|^(surname|forename)s?$",
    "a date of birth": r"(^|_)(dob|birth|born|date_?of_?birth|birthday)($|_)",
    "a case reference or PNC number": r"(^|_)(crn|pnc|nomis|noms|prison_?number|case_?ref(erence)?|cro)($|_)",
    "a National Insurance number": r"(^|_)(ni|nino|national_?insurance)(_?(no|number))?($|_)",
    "a postcode or address": r"(^|_)(post_?code|zip|address|street|house)($|_)",
    "a phone number": r"(^|_)(phone|mobile|tel|telephone|contact_?number)($|_)",
    "an email address": r"(^|_)e_?mail($|_)",
}
PERSONAL_VALUES = {
    "an email address": r"[\w.+-]+@[\w-]+\.[\w.]+",
    "a UK postcode": r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b",
    "a phone number": (
        r"(?:\+44\s?|\b0)7\d{3}\s?\d{6}\b"  # mobile
        r"|(?:\+44\s?|\b0)[12]\d{2,3}\s?\d{3}\s?\d{3,4}\b"  # landline
    ),
    "a National Insurance number": r"\b[A-CEGHJ-PR-TW-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b",
    "a PNC number": r"\b\d{2,4}/\d{5,7}[A-Z]\b",
    "a case reference (CRN)": r"\b[A-Z]\d{6}\b",
    "a date that could be a date of birth": (
        r"\b(?:0?[1-9]|[12]\d|3[01])[/.-](?:0?[1-9]|1[0-2])[/.-](?:19|20)\d{2}\b"
        r"|\b(?:19|20)\d{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])\b"
    ),
}


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
            where.append(f"row {row}")
        super().__init__(f"{', '.join(where)}: {problem}")


def _normalise(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", str(name).strip().lower()).strip("_")


def refuse_personal_data(table: pd.DataFrame, *, source: str = "the table") -> None:
    """Raise if any column name or value looks like personal data.

    Args:
        table: The table as read, before mapping.
        source: How to name the table in the message.

    Raises:
        CaseloadError: Naming the column (and the row, for a value) and what it looks like.
    """
    for column in table.columns:
        key = _normalise(column)
        if key in COLUMN_NAMES:  # the schema's own names are not personal (flag_street_gangs)
            continue
        for what, pattern in PERSONAL_NAMES.items():
            if re.search(pattern, key):
                raise CaseloadError(
                    source,
                    f"looks like {what}. Remove personal data before loading a table.",
                    column=str(column),
                )
    for column in table.columns:
        values = table[column]
        if not (values.dtype == object or pd.api.types.is_string_dtype(values)):
            continue
        text = values.astype("string").fillna("")
        for what, pattern in PERSONAL_VALUES.items():
            hits = text.str.contains(pattern, regex=True, flags=re.IGNORECASE if "email" in what else 0)
            if hits.any():
                row = int(np.flatnonzero(hits.to_numpy())[0]) + 2
                raise CaseloadError(
                    source,
                    f"holds what looks like {what}. Remove personal data before loading a table.",
                    column=str(column),
                    row=row,
                )


def validate_caseload(table: pd.DataFrame, *, source: str = "the table") -> pd.DataFrame:
    """Check and convert a table to the caseload schema.

    Args:
        table: A table whose columns already carry the schema's names.
        source: How to name the table in messages.

    Returns:
        A new DataFrame with exactly the schema's columns, in its order and types.

    Raises:
        CaseloadError: On a missing column or a value of the wrong type or range,
            naming the column and the first row at fault.
    """
    missing = [c.name for c in CASELOAD if c.name not in table.columns]
    if missing:
        shown = ", ".join(missing[:6]) + (f" and {len(missing) - 6} more" if len(missing) > 6 else "")
        raise CaseloadError(source, f"missing column(s): {shown}. See the template for every column.")
    if table.empty:
        raise CaseloadError(source, "has no rows.")
    return pd.DataFrame({c.name: _convert(table[c.name], c, source) for c in CASELOAD})


def _first_bad(mask: pd.Series) -> int:
    return int(np.flatnonzero(mask.to_numpy())[0]) + 2


def _convert(values: pd.Series, column: Column, source: str) -> pd.Series:
    def fail(mask: pd.Series, problem: str) -> CaseloadError:
        row = _first_bad(mask)
        bad = values.iloc[row - 2]
        return CaseloadError(source, f"{problem}; found {bad!r}", column=column.name, row=row)

    values = values.reset_index(drop=True)
    if column.kind in ("int", "float"):
        numbers = pd.to_numeric(values, errors="coerce")
        if numbers.isna().any():
            raise fail(numbers.isna(), f"should be a number ({column.doc})")
        if column.kind == "int" and (numbers % 1 != 0).any():
            raise fail(numbers % 1 != 0, "should be a whole number")
        for limit, outside in (
            (column.low, numbers < (column.low or 0)),
            (column.high, numbers > (column.high or 0)),
        ):
            if limit is not None and outside.any():
                raise fail(outside, f"should be between {column.low:g} and {column.high:g}")
        return numbers.astype(int if column.kind == "int" else float)
    if column.kind == "bool":
        if values.dtype == bool:
            return values
        text = values.astype("string").fillna("").str.strip().str.lower()
        bad = ~text.isin(_TRUE | _FALSE)
        if bad.any():
            raise fail(bad, "should be yes/no (true/false, 1/0)")
        return text.isin(_TRUE)
    text = values.astype("string").fillna("").str.strip()
    if column.choices:
        lowered = text.str.lower()
        bad = ~lowered.isin(column.choices)
        if bad.any():
            raise fail(bad, f"should be one of: {', '.join(column.choices)}")
        return lowered.astype(object)
    empty = text == ""
    if empty.any():
        raise fail(empty, "is empty")
    return text.astype(object)
