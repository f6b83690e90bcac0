"""Reading a caseload column by column, and writing reasons, for every tiering scheme.

Each scheme is vectorised: it reads whole columns as arrays (refusing values outside the
schema), computes points and tiers with numpy, and writes one reason per case through
`_render`, which formats each distinct combination once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd


def _require(caseload: pd.DataFrame, columns: Sequence[str], scheme: str) -> None:
    missing = [c for c in columns if c not in caseload.columns]
    if missing:
        raise ValueError(f"{scheme}: the caseload lacks column(s) {missing}")


def _codes(series: pd.Series, choices: Sequence[str]) -> np.ndarray:
    """Position of each value in ``choices``; raises on a value outside them (or a missing one)."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        position = {c: i for i, c in enumerate(choices)}
        recode = np.array([position.get(c, -1) for c in series.cat.categories] + [-1], dtype=np.intp)
        codes = recode[series.cat.codes.to_numpy()]  # a missing value's code, -1, picks the last entry
    else:
        codes = pd.Index(list(choices)).get_indexer(series).astype(np.intp)
    if (codes < 0).any():
        bad = sorted({str(v) for v in series[codes < 0].unique()})
        raise ValueError(f"column {series.name!r} holds {bad}; allowed: {list(choices)}")
    return codes


def _bools(caseload: pd.DataFrame, columns: Sequence[str]) -> np.ndarray:
    """The columns as a (cases x columns) bool array; raises on missing values."""
    frame = caseload[list(columns)]
    if frame.isna().to_numpy().any():
        raise ValueError(f"columns {list(columns)} must be true or false, with no missing values")
    return frame.to_numpy(dtype=bool)


def _mappa(caseload: pd.DataFrame) -> np.ndarray:
    """MAPPA levels as ints; raises on a missing value or one outside 0-3."""
    mappa = caseload["mappa_level"].to_numpy()
    if pd.isna(mappa).any() or not np.isin(mappa, (0, 1, 2, 3)).all():
        raise ValueError("column 'mappa_level' must hold 0, 1, 2 or 3")
    return mappa.astype(np.intp)


def _numbers(caseload: pd.DataFrame, column: str) -> np.ndarray:
    """A number column as floats, a missing value read as 0 (as the HMPPS service reads one)."""
    return np.nan_to_num(caseload[column].to_numpy(dtype=float), nan=0.0)


_SLOT = "\x00"
"""Where `_render` writes a row's own number into a reason."""


def _render(
    keys: Sequence[np.ndarray], text: Callable[..., str], number: np.ndarray | None = None
) -> np.ndarray:
    """Write ``text(*key)`` for every row, calling it once per distinct combination of keys.

    Formatting 250,000 strings one by one is the slow part of a reason column; a caseload has
    far fewer distinct combinations of what a reason says. A number with many distinct values
    (an RSR of 4.23%) stays out of the keys: ``text`` writes `_SLOT` where it goes, and the row's
    ``number`` fills it.
    """
    size = len(keys[0]) if keys else 0
    combined = np.zeros(size, dtype=np.int64)
    span = 1
    for key in keys:
        codes, uniques = pd.factorize(np.asarray(key), use_na_sentinel=False)
        combined = combined * len(uniques) + codes
        span *= max(len(uniques), 1)
        if span > 2**31:  # keep the mixed-radix key inside int64
            combined, kept = pd.factorize(combined)
            span = len(kept)
    group, uniques = pd.factorize(combined)
    first = np.empty(len(uniques), dtype=np.int64)
    first[group[::-1]] = np.arange(size - 1, -1, -1)  # reversed, so the first row of a group wins
    columns = [np.asarray(key)[first].tolist() for key in keys]
    texts = [text(*row) for row in zip(*columns, strict=True)]
    reason = _objects(texts)[group]
    rows = np.flatnonzero(_objects([_SLOT in t for t in texts])[group].astype(bool))
    if number is not None and rows.size:
        codes, uniques = pd.factorize(np.round(np.asarray(number, dtype=float)[rows], 2))
        parts = [t.partition(_SLOT) for t in texts]
        heads, tails = _objects([p[0] for p in parts]), _objects([p[2] for p in parts])
        reason[rows] = (
            heads[group[rows]] + _objects([_num(v) for v in uniques.tolist()])[codes] + tails[group[rows]]
        )
    return reason


def _objects(items: list[Any]) -> np.ndarray:
    """A list as a 1-d object array, even when empty or holding equal-length strings."""
    array = np.empty(len(items), dtype=object)
    array[:] = items
    return array


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _num(value: float) -> str:
    """A percentage or score as a reader writes it: 59, 4.2, 6.99."""
    return f"{round(value, 2):g}"


def _categorical(codes: np.ndarray, levels: Sequence[Any], *, ordered: bool = True) -> pd.Categorical:
    return pd.Categorical.from_codes(codes, categories=list(levels), ordered=ordered)
