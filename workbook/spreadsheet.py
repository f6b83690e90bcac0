"""Cells that a spreadsheet shows as text, never runs as a formula.

A cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read by
Excel, LibreOffice and Google Sheets as a formula, which can run commands or leak data
(CSV or formula injection). Every CSV the Workbook writes passes its text through
`safe_cell` (an apostrophe in front makes the spreadsheet show the text as typed), and the
caseload import refuses such cells in identifier columns outright.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the room's server writes CSV without pandas; only tables need it
    import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""First characters that make a spreadsheet read a cell as a formula."""


def safe_cell(value: object) -> str:
    """A CSV cell a spreadsheet shows as text, never runs as a formula.

    Example:
        >>> safe_cell("=HYPERLINK(1)"), safe_cell("fine")
        ("'=HYPERLINK(1)", 'fine')
    """
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def safe_csv(table: pd.DataFrame) -> str:
    """A table as CSV text (no index) with every text cell passed through `safe_cell`.

    Numbers stay numbers: only text columns are touched, so -0.5 in a number column is kept.

    Example:
        >>> import pandas as pd
        >>> print(safe_csv(pd.DataFrame({"name": ["=1+1", "ok"], "change": [-0.5, 2.0]})), end="")
        name,change
        '=1+1,-0.5
        ok,2.0
    """
    from pandas.api.types import is_numeric_dtype

    text = [c for c in table.columns if not is_numeric_dtype(table[c])]
    safe = table.assign(**{c: table[c].map(safe_cell, na_action="ignore") for c in text})
    return safe.to_csv(index=False)
