"""Formal and substantive compliance over an order, in windows of a few weeks, over seeds.

A comparison's chart (``Comparison.weekly``) shows appointments kept and engagement in
windows of ``WINDOW_WEEKS`` weeks: each seed's window, then the mean and range over seeds.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

# Every phase of the contact schedules is weekly, fortnightly or four-weekly (NS 2007's Tier 2
# start, 10 in 16 weeks, is four windows), so a 4-week window holds whole cycles; weekly bins
# against fortnightly and monthly contact zig-zag.
WINDOW_WEEKS = 4


def windows_over_time(name: str, results: list) -> pd.DataFrame:
    """Kept and engagement in windows of ``WINDOW_WEEKS`` weeks, each seed's then the range over seeds.

    Worked out on arrays (seeds by weeks), not by a pandas groupby per seed: a lever's redraw
    waits for this. Missing values (a window with nothing offered) are skipped, as pandas would.

    Example:
        >>> from workbook.caseload import generate
        >>> from workbook.compliance import Scenario
        >>> from workbook.compliance._engine import simulate_seeds
        >>> runs = list(simulate_seeds(generate(200, seed=1), Scenario(), [1, 2], weeks=8))
        >>> windows_over_time("baseline", runs)[["week", "week_to"]].to_numpy().tolist()
        [[0, 3], [4, 7]]
    """
    week = results[0].weekly["week"].to_numpy()
    window = week // WINDOW_WEEKS
    starts = np.flatnonzero(np.r_[True, window[1:] != window[:-1]])  # weeks are in order

    def per_window(column: str) -> tuple[np.ndarray, np.ndarray]:
        """Seeds by windows: the column's sums, and how many of its weeks were not missing."""
        values = np.stack([r.weekly[column].to_numpy(float) for r in results])
        present = ~np.isnan(values)
        sums = np.add.reduceat(np.where(present, values, 0.0), starts, axis=1)
        return sums, np.add.reduceat(present, starts, axis=1)

    offered, _ = per_window("appointments")
    kept, _ = per_window("kept")
    engagement_sum, engagement_weeks = per_window("engagement_mean")
    kept_share = _ratio(kept, offered)
    engagement = _ratio(engagement_sum, engagement_weeks)
    return pd.DataFrame({
        "run": name,
        "week": week[starts],
        "week_to": np.r_[week[starts[1:] - 1], week[-1]],
        "kept_share": _mean_over_seeds(kept_share),
        "kept_low": _extreme_over_seeds(kept_share, np.min),
        "kept_high": _extreme_over_seeds(kept_share, np.max),
        "engagement": _mean_over_seeds(engagement),
        "engagement_low": _extreme_over_seeds(engagement, np.min),
        "engagement_high": _extreme_over_seeds(engagement, np.max),
    })  # fmt: skip


def _ratio(top: np.ndarray, bottom: np.ndarray) -> np.ndarray:
    """``top / bottom``, missing (NaN) where ``bottom`` is 0."""
    return np.divide(top, bottom, out=np.full(top.shape, np.nan), where=bottom > 0)


def _mean_over_seeds(values: np.ndarray) -> np.ndarray:
    """The mean down the seeds of each window, skipping missing values (NaN where all are)."""
    present = ~np.isnan(values)
    return _ratio(np.where(present, values, 0.0).sum(axis=0), present.sum(axis=0).astype(float))


def _extreme_over_seeds(values: np.ndarray, pick) -> np.ndarray:
    """The least or greatest (``pick``: np.min, np.max) down the seeds, skipping missing values."""
    present = ~np.isnan(values)
    filler = np.inf if pick is np.min else -np.inf
    chosen = pick(np.where(present, values, filler), axis=0)
    return np.where(present.any(axis=0), chosen, np.nan)
