"""Results by subgroup: the headline rates for the people in each group of a caseload."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd

from workbook.compliance._engine import summarise

SUBGROUPS: dict[str, Callable[[pd.DataFrame], pd.Series]] = {
    "Everyone": lambda c: pd.Series(True, index=c.index),
    "Young adults (18-20)": lambda c: c["youth_transition"],
    "Women": lambda c: c["gender"] == "female",
    "On a DRR": lambda c: c["req_drr"],
    "PPOs": lambda c: c["ppo"],
    "Shift workers": lambda c: c["shift_work"],
    "With a programme requirement": lambda c: c["req_programme"],
}
"""The named groups the compliance page reports; they overlap (a young woman is in two)."""


def subgroup_summary(
    per_case: pd.DataFrame,
    caseload: pd.DataFrame,
    *,
    by: str | Sequence[str] | None = None,
    groups: Mapping[str, Callable[[pd.DataFrame], pd.Series]] | None = None,
) -> pd.DataFrame:
    """Headline rates (``summarise``) for each group of cases.

    Per-case rows from several runs may be stacked: the rates then pool them, and ``cases``
    counts rows.

    Args:
        per_case: ``SimulationResult.appointments`` (one or more runs).
        caseload: The caseload the runs were on, to read the groups from.
        by: A column (or columns) of the per-case frame or the caseload to group by, for
            example ``"tier"``, ``"gender"`` or ``"officer"``; when left out, the named,
            overlapping ``groups`` are used.
        groups: Named selections of the joined per-case and caseload rows; ``SUBGROUPS``
            when left out.

    Returns:
        One row per group: ``group`` (or the ``by`` columns), then the columns of
        ``summarise``. A named group with nobody in it has ``cases`` 0 and no rates.

    Raises:
        KeyError: If a ``by`` column is in neither frame.

    Example:
        >>> from workbook.caseload import generate
        >>> from workbook.compliance import simulate
        >>> cases = generate(300, seed=1)
        >>> run = simulate(cases, seed=1).appointments
        >>> list(subgroup_summary(run, cases)["group"][:3])
        ['Everyone', 'Young adults (18-20)', 'Women']
        >>> subgroup_summary(run, cases, by="gender")[["gender", "cases"]].to_numpy().tolist()
        [['male', 264], ['female', 36]]
    """
    joined = per_case.merge(caseload, on="case_id", how="left", suffixes=("", "_case"))
    measures = list(summarise(joined.head(1)).columns)
    if by is not None:
        columns = [by] if isinstance(by, str) else list(by)
        missing = [c for c in columns if c not in joined.columns]
        if missing:
            raise KeyError(f"cannot group by {', '.join(missing)}: not a column of the run or the caseload")
        rows = [
            summarise(rows).assign(**dict(zip(columns, key, strict=True)))
            for key, rows in joined.groupby(columns, observed=True, sort=True)
        ]
        return pd.concat(rows, ignore_index=True)[[*columns, *measures]]
    nobody = pd.DataFrame({m: [0 if m in ("cases", "appointments") else np.nan] for m in measures})
    rows = []
    for label, select in (groups if groups is not None else SUBGROUPS).items():
        mask = np.asarray(select(joined), dtype=bool)
        rows.append((summarise(joined[mask]) if mask.any() else nobody).assign(group=label))
    return pd.concat(rows, ignore_index=True)[["group", *measures]]
