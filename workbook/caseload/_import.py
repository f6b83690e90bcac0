"""Load your own (anonymised) caseload table from CSV or Excel."""

from __future__ import annotations

import io
from pathlib import Path
from typing import IO

import pandas as pd

from workbook.caseload._validate import CaseloadError, _normalise, refuse_personal_data, validate_caseload
from workbook.caseload.schema import COLUMN_NAMES
from workbook.paths import DATA_DIR

TEMPLATE = DATA_DIR / "caseload" / "template.csv"


def read_table(
    path_or_buffer: str | Path | bytes | IO[bytes],
    mapping: dict[str, str] | None = None,
    *,
    name: str | None = None,
) -> pd.DataFrame:
    """Load a caseload table, map its columns to the schema, and validate it.

    Personal data is refused before anything else is looked at: column names
    that announce names, dates of birth, case reference, PNC or National Insurance
    numbers, postcodes, phone numbers or emails, and values that look like them.

    Args:
        path_or_buffer: A .csv, .xlsx or .xls file, its bytes, or an open binary buffer.
        mapping: Your column name to the schema's name, for columns named
            differently; names are also matched ignoring case, spaces and punctuation.
        name: The file name to use in messages and to tell CSV from Excel when
            reading a buffer.

    Returns:
        The caseload, with exactly the schema's columns.

    Raises:
        CaseloadError: One message naming the file, the column and the row at fault.
    """
    shown = name or (Path(path_or_buffer).name if isinstance(path_or_buffer, str | Path) else "the table")
    table = _read(path_or_buffer, shown)
    refuse_personal_data(table, source=shown)
    renamed = _map_columns(table, mapping or {}, shown)
    return validate_caseload(renamed, source=shown)


def _read(path_or_buffer, shown: str) -> pd.DataFrame:
    suffix = Path(shown).suffix.lower()
    if isinstance(path_or_buffer, bytes | bytearray):
        path_or_buffer = io.BytesIO(path_or_buffer)
    try:
        if suffix in (".xlsx", ".xls"):
            return pd.read_excel(path_or_buffer, dtype=object)
        if suffix not in (".csv", ".txt", ""):
            raise CaseloadError(shown, f"only .csv, .xlsx and .xls files can be read, not '{suffix}'.")
        return pd.read_csv(path_or_buffer, dtype=object, keep_default_na=False, encoding="utf-8-sig")
    except CaseloadError:
        raise
    except ImportError:
        raise CaseloadError(
            shown, "reading Excel needs the openpyxl package; save the sheet as CSV instead."
        ) from None
    except UnicodeDecodeError:
        raise CaseloadError(shown, "is not UTF-8 text; save it as 'CSV UTF-8' and try again.") from None
    except (ValueError, pd.errors.ParserError, OSError) as error:
        raise CaseloadError(shown, f"could not be read as a table ({str(error).splitlines()[0]}).") from None


def _map_columns(table: pd.DataFrame, mapping: dict[str, str], shown: str) -> pd.DataFrame:
    unknown = sorted(set(mapping.values()) - set(COLUMN_NAMES))
    if unknown:
        raise CaseloadError(shown, f"the mapping names unknown schema column(s): {', '.join(unknown)}.")
    by_normal = {_normalise(c): c for c in COLUMN_NAMES}
    renamed = {}
    for column in table.columns:
        target = mapping.get(column) or by_normal.get(_normalise(column))
        if target is not None:
            if target in renamed.values():
                raise CaseloadError(shown, f"two columns map to '{target}'.", column=str(column))
            renamed[column] = target
    return table[list(renamed)].rename(columns=renamed)
