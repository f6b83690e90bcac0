"""The limits an imported caseload table is held to, checked before any expensive work.

Each limit keeps one upload within a few seconds and a few hundred megabytes on a
workshop laptop (``benchmarks/bench_input.py`` measures the largest accepted file and
every refused one). A table over a limit is refused with one message that names the
limit and the file's own figure.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """How large an imported table may be.

    Attributes:
        bytes: Largest file, in bytes (100 MB: a 250,000-case CSV of every column is about 80 MB).
        rows: Most data rows in a CSV file (250,000, the largest synthetic caseload).
        columns: Most columns (200; the schema has 52, so there is room for columns of your own).
        cell: Most characters in one cell or column name (1,000).
        excel_cells: Most cells (rows x columns) in an Excel sheet (300,000: 5,769 rows of the
            schema's 52 columns). Excel files are read row by row in streaming mode, about a
            hundred times slower than CSV, so they get a smaller budget.
        excel_rows: Most data rows in an Excel sheet, however narrow (20,000).
        unpacked: Most bytes an Excel file may declare it unpacks to (20 MB), which refuses a
            zip bomb before anything is decompressed.

    Example:
        >>> LIMITS.rows, LIMITS.columns
        (250000, 200)
    """

    bytes: int = 100_000_000
    rows: int = 250_000
    columns: int = 200
    cell: int = 1_000
    excel_cells: int = 300_000
    excel_rows: int = 20_000
    unpacked: int = 20_000_000


LIMITS = Limits()
"""The limits in force."""


def megabytes(size: int) -> str:
    """A byte count as a reader says it: ``'1.5 MB'``.

    Example:
        >>> megabytes(123_456_789), megabytes(2_000)
        ('123.5 MB', '0.002 MB')
    """
    return f"{size / 1e6:,.1f} MB" if size >= 100_000 else f"{size / 1e6:.3g} MB"
