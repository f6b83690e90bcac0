"""Load your own (anonymised) caseload table from CSV or Excel."""

from __future__ import annotations

from pathlib import Path
from typing import IO

import numpy as np
import pandas as pd

from workbook.caseload._personal import find_personal_value, personal_column
from workbook.caseload._read import RawTable, read_raw
from workbook.caseload._validate import (
    CaseloadError,
    _normalise,
    check_cell_length,
    check_characters,
    convert_table,
    distinct_texts,
    first_row,
)
from workbook.caseload.schema import CASELOAD, COLUMN_NAMES
from workbook.paths import DATA_DIR

TEMPLATE = DATA_DIR / "caseload" / "template.csv"
_BY_NAME = {c.name: c for c in CASELOAD}
_REMOVE = "Remove personal data before loading a table."


def read_table(
    path_or_buffer: str | Path | bytes | IO[bytes],
    mapping: dict[str, str] | None = None,
    *,
    name: str | None = None,
) -> pd.DataFrame:
    r"""Load a caseload table, map its columns to the schema, and validate it.

    In order: the file is recognised and held to `LIMITS` (size, rows, columns, cell length)
    before it is parsed; then personal data is refused, in column names and in values of every
    column; then the cells of the columns kept are held to the schema. The first problem found
    ends the load with one `CaseloadError`.

    Args:
        path_or_buffer: A .csv (comma, semicolon or tab separated, UTF-8) or .xlsx file, its
            bytes, or an open binary buffer.
        mapping: Your column name to the schema's name, for columns named differently; names
            are also matched ignoring case, spaces and punctuation.
        name: The file name to use in messages (and to refuse unknown endings).

    Returns:
        The caseload, with exactly the schema's columns.

    Raises:
        CaseloadError: One message naming the file, the column and the row at fault; a
            personal value is described ("a phone number"), never repeated.

    Example:
        >>> read_table(b"case_id;age\nSYN-000001;30\n", name="mine.csv")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        workbook.caseload._validate.CaseloadError: mine.csv: missing column(s): gender, area, ... more...
    """
    shown = name or (Path(path_or_buffer).name if isinstance(path_or_buffer, str | Path) else "the table")
    raw = read_raw(path_or_buffer, shown)
    targets = _targets(raw.header, mapping or {}, shown)
    distinct = _refuse_personal(raw, targets, shown)
    kept = {position: target for position, target in targets.items() if target in COLUMN_NAMES}
    table = raw.cells[list(kept)].set_axis(list(kept.values()), axis=1)
    rows = raw.cells.index.to_numpy()
    if len(kept) == len(COLUMN_NAMES):
        for position, target in kept.items():
            codes, texts = distinct[position]
            check_characters(_BY_NAME[target], raw.header[position], codes, texts, rows, shown)
    return convert_table(table, rows, shown, {target: distinct[p] for p, target in kept.items()})


def _targets(header: list[str], mapping: dict[str, str], shown: str) -> dict[int, str]:
    """Each column's schema name (or its own name, when it maps to none), refusing duplicates."""
    unknown = sorted(set(mapping.values()) - set(COLUMN_NAMES))
    if unknown:
        raise CaseloadError(shown, f"the mapping names unknown schema column(s): {', '.join(unknown)}.")
    by_normal = {_normalise(c): c for c in COLUMN_NAMES}
    seen: dict[str, int] = {}
    targets: dict[int, str] = {}
    for position, column in enumerate(header):
        if not column:
            continue
        if column in seen:
            raise CaseloadError(
                shown,
                f"appears twice, as columns {seen[column] + 1} and {position + 1}; give each column "
                "its own name.",
                column=column,
            )
        seen[column] = position
        target = mapping.get(column) or by_normal.get(_normalise(column))
        if target is not None and target in targets.values():
            raise CaseloadError(shown, f"two columns map to '{target}'.", column=column)
        targets[position] = target or column
    return targets


def _refuse_personal(raw: RawTable, targets: dict[int, str], shown: str) -> dict[int, tuple]:
    """Refuse a column name that announces personal data, then any value that looks personal.

    Returns:
        Each column's codes and distinct values (`distinct_texts`), for the checks that follow.
    """
    for position, column in enumerate(raw.header):
        if targets.get(position) in COLUMN_NAMES:  # the schema's own names are not personal
            continue
        if column and (what := personal_column(column)):
            raise CaseloadError(shown, f"looks like {what}. {_REMOVE}", column=column)
    rows = raw.cells.index.to_numpy()
    distinct = {}
    for position, column in enumerate(raw.header):
        codes, texts = distinct[position] = distinct_texts(raw.cells[position])
        shown_name = column or f"number {position + 1} (no name)"
        check_cell_length(shown_name, codes, texts, rows, shown)
        if found := find_personal_value(texts):
            at, what = found
            raise CaseloadError(
                shown,
                f"holds what looks like {what}. {_REMOVE}",
                column=shown_name,
                row=first_row(codes, at, rows),
            )
    return distinct


def refuse_personal_data(table: pd.DataFrame, *, source: str = "the table") -> None:
    """Raise if any column name or value of a table looks like personal data.

    Args:
        table: A table as read, before mapping; rows are numbered from 2 in messages.
        source: How to name the table in messages.

    Raises:
        CaseloadError: Naming the column (and the row, for a value) and what it looks like.

    Example:
        >>> refuse_personal_data(pd.DataFrame({"notes": ["fine", "07700 900123"]}))  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        workbook.caseload._validate.CaseloadError: the table, column 'notes', row 3: holds what looks ...
    """
    header = [str(c) for c in table.columns]
    cells = table.set_axis(range(len(header)), axis=1).astype(object)
    cells.index = np.arange(2, len(table) + 2)
    by_normal = {_normalise(c): c for c in COLUMN_NAMES}
    targets = {i: by_normal.get(_normalise(c), c) for i, c in enumerate(header)}
    _refuse_personal(RawTable(header=header, cells=cells), targets, source)
