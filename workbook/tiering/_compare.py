"""Compare two schemes on one caseload: the flows between their tiers, and why cases move."""

from __future__ import annotations

import pandas as pd

from workbook.tiering.schemes import scheme_by_id


def tier_flows(first: pd.DataFrame, second: pd.DataFrame, first_id: str, second_id: str) -> pd.DataFrame:
    """Cross-tabulate two schemes' tiers for the same cases.

    Args:
        first: One scheme's result (``tier`` column), indexed like the caseload.
        second: The other scheme's result for the same cases.
        first_id: The first scheme's id (orders the rows, least resource first).
        second_id: The second scheme's id (orders the columns).

    Returns:
        Cases in each (first tier, second tier) pair; every level of both schemes appears.

    Example:
        >>> from workbook.tiering import assign_tiers, example_caseload
        >>> cases = example_caseload()
        >>> flows = tier_flows(assign_tiers(cases, "omm-2005"), assign_tiers(cases, "needs-first"),
        ...                    "omm-2005", "needs-first")
        >>> int(flows.to_numpy().sum()) == len(cases)
        True
    """
    rows, columns = scheme_by_id(first_id).levels, scheme_by_id(second_id).levels
    table = pd.crosstab(first["tier"], second["tier"])
    return table.reindex(index=list(rows), columns=list(columns), fill_value=0)


def largest_moves(
    first: pd.DataFrame, second: pd.DataFrame, first_id: str, second_id: str, *, top: int = 5
) -> pd.DataFrame:
    """The commonest changes of resource between two schemes, each with an example's reasons.

    A move is a case whose tier is at a different rank (by share of the scheme's
    levels) under the second scheme, so four-tier and sixteen-level schemes compare.

    Returns:
        Up to ``top`` rows, most cases first: ``from_tier``, ``to_tier``, ``cases``,
        ``direction`` ("more" or "less" resource under the second scheme), and one
        example case's ``reason_first`` and ``reason_second``.
    """
    rank_first = _rank(first["tier"], first_id)
    rank_second = _rank(second["tier"], second_id)
    moved = (rank_second - rank_first).abs() > 0.2
    pairs = pd.DataFrame({"from_tier": first["tier"], "to_tier": second["tier"]})[moved]
    if pairs.empty:
        return pd.DataFrame(
            columns=["from_tier", "to_tier", "cases", "direction", "reason_first", "reason_second"]
        )
    counts = pairs.groupby(["from_tier", "to_tier"], sort=False).size().nlargest(top)
    rows = []
    for (from_tier, to_tier), cases in counts.items():
        example = pairs.index[(pairs["from_tier"] == from_tier) & (pairs["to_tier"] == to_tier)][0]
        rows.append({
            "from_tier": from_tier, "to_tier": to_tier, "cases": int(cases),
            "direction": "more" if rank_second[example] > rank_first[example] else "less",
            "reason_first": first.loc[example, "reason"], "reason_second": second.loc[example, "reason"],
        })  # fmt: skip
    return pd.DataFrame(rows)


def _rank(tiers: pd.Series, scheme_id: str) -> pd.Series:
    levels = list(scheme_by_id(scheme_id).levels)
    position = {level: i / max(1, len(levels) - 1) for i, level in enumerate(levels)}
    return tiers.map(position).astype(float)
