"""Workload: what a tiered caseload costs in officer time, in Workload Management Tool points.

Each case carries points by its tier; officers have a nominal number of points each (2,176 for a
full-time probation officer in the 2021 WMT seed data). Total points over officer points give the
officers a caseload needs, and, for a given number of officers, the share of their capacity used;
above 110% counts as an excessive workload (FACTS.md 8). The 2021 points are published; the points
for the 2005, 2026 and needs-first tiers are our assumptions, set on the same scale so that the
schemes compare. All come from ``data/tiering/workload.toml``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from workbook.tiering._parameters import PARAMETERS
from workbook.tiering.schemes import scheme_by_id

_P = PARAMETERS["workload"]
OFFICER_POINTS: float = _P["officer_points"].value
"""WMT nominal points of a full-time probation officer (2,176; wmt-db 2021 seed)."""
EXCESSIVE_CAPACITY: float = _P["excessive_capacity"].value
"""Share of capacity above which a workload is excessive (1.10)."""


@dataclass(frozen=True)
class Workload:
    """The workload of one tiered caseload.

    Attributes:
        scheme_id: The scheme the tiers come from.
        by_tier: One row per tier, least resource first, indexed by tier: ``cases`` (int),
            ``share`` (of cases, 0-1), ``points_per_case``, ``points``.
        total_points: Points of the whole caseload.
        officer_points: Points one officer has for cases (nominal points x capacity).
        officers_needed: Officers at exactly 100% of those points.
        cases_per_officer: Cases per officer at 100% (``nan`` for an empty caseload).
        excessive_cases_per_officer: Cases per officer, of this mix, above which a workload is excessive.
        officers: The number of officers given, or ``None``.
        capacity_used: Total points over the given officers' points (1.0 = 100%), or ``None``.
        excessive: Whether ``capacity_used`` is above the excessive-workload line, or ``None``.
        points_status: ``"published"`` or ``"assumption"``: the status of the points per tier.
        points_source: Where the points per tier come from.
        untiered: Cases the scheme could not tier (a 2026 case with no ARP or CSRP score); they
            carry no points and are left out of every figure above.
    """

    scheme_id: str
    by_tier: pd.DataFrame
    total_points: float
    officer_points: float
    officers_needed: float
    cases_per_officer: float
    excessive_cases_per_officer: float
    officers: float | None
    capacity_used: float | None
    excessive: bool | None
    points_status: str
    points_source: str
    untiered: int = 0

    def summary(self) -> dict[str, Any]:
        """The single figures, as a plain dict (everything but ``by_tier``)."""
        return {k: v for k, v in self.__dict__.items() if k != "by_tier"}


def workload(
    tiers: pd.DataFrame | pd.Series,
    scheme_id: str,
    *,
    officer_points: float = OFFICER_POINTS,
    capacity: float = 1.0,
    officers: float | None = None,
    points: Mapping[Any, float] | None = None,
) -> Workload:
    """Cost a tiered caseload in WMT points and officers.

    Args:
        tiers: A scheme's result (its ``tier`` column is read) or a Series of tiers.
        scheme_id: The scheme the tiers come from, e.g. ``"hmpps-2021"``.
        officer_points: Nominal WMT points of one full-time officer (2,176).
        capacity: Share of those points an officer has for cases (0-1]: 1.0 for full time with no
            reductions; WMT scales it by contracted hours and reductions.
        officers: Officers (full-time equivalent) holding the caseload, to measure capacity used.
        points: Points per case by tier, replacing the defaults of ``data/tiering/workload.toml``.

    Returns:
        The workload; ``officers_needed * officer_points`` equals ``total_points``.

    Raises:
        ValueError: For an unknown scheme, a tier outside the scheme's levels, or a capacity or
            officer count that is not positive. A missing tier is not an error: it is counted in
            ``untiered``.

    Example:
        >>> from workbook.tiering import example_caseload, tier_2021
        >>> result = workload(tier_2021(example_caseload()), "hmpps-2021", officers=0.2)
        >>> result.total_points, round(result.officers_needed, 3), round(result.capacity_used, 2)
        (381, 0.175, 0.88)
        >>> result.by_tier["points"].loc[["B2", "A1"]].tolist()
        [115, 146]
    """
    scheme = scheme_by_id(scheme_id)
    if not 0 < capacity <= 1 or officer_points <= 0 or (officers is not None and officers <= 0):
        raise ValueError("capacity must be in (0, 1] and officer_points and officers positive")
    entry = _P[f"points.{scheme.id}"]
    table = {str(k): v for k, v in (points if points is not None else entry.value).items()}
    missing = [level for level in scheme.levels if str(level) not in table]
    if missing:
        raise ValueError(f"no points for tier(s) {missing} of {scheme.id}")
    column = tiers["tier"] if isinstance(tiers, pd.DataFrame) else pd.Series(tiers)
    counts = column.value_counts()
    unknown = [t for t in counts.index if t not in scheme.levels]
    if unknown:
        raise ValueError(f"tiers {unknown} are not levels of {scheme.id}: {list(scheme.levels)}")
    cases = np.array([counts.get(level, 0) for level in scheme.levels], dtype=np.int64)
    per_case = np.array([table[str(level)] for level in scheme.levels])
    total = int(cases.sum())
    by_tier = pd.DataFrame(
        {
            "cases": cases,
            "share": cases / total if total else np.zeros(len(cases)),
            "points_per_case": per_case,
            "points": cases * per_case,
        },
        index=pd.Index(list(scheme.levels), name="tier"),
    )
    total_points = by_tier["points"].sum().item()
    available = officer_points * capacity
    needed = total_points / available
    per_officer = total / needed if needed else float("nan")
    used = None if officers is None else total_points / (officers * available)
    return Workload(
        scheme_id=scheme.id,
        by_tier=by_tier,
        total_points=total_points,
        officer_points=available,
        officers_needed=needed,
        cases_per_officer=per_officer,
        excessive_cases_per_officer=per_officer * EXCESSIVE_CAPACITY,
        officers=officers,
        capacity_used=used,
        excessive=None if used is None else bool(used > EXCESSIVE_CAPACITY),
        points_status="assumption" if points is not None else entry.status,
        points_source="given by the caller" if points is not None else entry.source,
        untiered=int(column.isna().sum()),
    )
