"""Needs on a caseload: counts, scores, the low-harm high-need group, programme intensity.

The programme-intensity matrix follows the HMPPS Programme Needs Identifier as
FACTS.md 2c describes it (need 0-2 low, 3-5 medium, 6-9 high; high intensity for
high need with high risk in custody, moderate intensity for the middle cells,
otherwise an alternative). Our approximations, labelled as such: the PNI need
score is taken as standard = 1 and severe = 2 over the eight criminogenic
sections, capped at 9; PNI risk is taken from OGRS and RSR bands.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from workbook.caseload.schema import NEEDS

CRIMINOGENIC = tuple(n for n in NEEDS if n not in ("financial", "emotional"))
LEVELS = ("low", "medium", "high")
INTENSITY = ("alternative", "moderate intensity", "high intensity")


def need_count(caseload: pd.DataFrame) -> pd.Series:
    """Number of the ten need sections at standard or severe, per case.

    Example:
        >>> from workbook.caseload import generate
        >>> int(need_count(generate(100, seed=1)).max()) <= 10
        True
    """
    return (caseload[[f"need_{n}" for n in NEEDS]] != "none").sum(axis=1).rename("need_count")


def need_score(caseload: pd.DataFrame, sections: tuple[str, ...] = CRIMINOGENIC) -> pd.Series:
    """Sum of severities (standard 1, severe 2) over the given sections, per case."""
    values = caseload[[f"need_{n}" for n in sections]].to_numpy()
    return pd.Series((values == "standard").sum(axis=1) + 2 * (values == "severe").sum(axis=1),
                     index=caseload.index, name="need_score")  # fmt: skip


def low_harm_high_need(caseload: pd.DataFrame, *, min_needs: int = 5) -> pd.Series:
    """The group the seminar worried about: RoSH low or medium, yet many needs.

    Args:
        caseload: A caseload.
        min_needs: Fewest need sections (standard or severe) that count as many.

    Returns:
        True for cases in the group.
    """
    return (caseload["rosh"].isin(["low", "medium"]) & (need_count(caseload) >= min_needs)).rename(
        "low_harm_high_need"
    )


def programme_intensity(caseload: pd.DataFrame) -> pd.DataFrame:
    """Place each case in the programme-intensity (risk by need) matrix.

    Returns:
        ``need_level`` and ``risk_level`` (low, medium, high) and ``intensity``
        (alternative, moderate intensity, high intensity), per case.
    """
    score = np.minimum(need_score(caseload).to_numpy(), 9)
    need = np.select([score >= 6, score >= 3], [2, 1], 0)
    ogrs, rsr = caseload["ogrs"].to_numpy(), caseload["rsr"].to_numpy()
    risk = np.select([(ogrs >= 75) | (rsr >= 6.9), (ogrs >= 50) | (rsr >= 3)], [2, 1], 0)
    custody = caseload["custodial"].to_numpy()
    high = (need == 2) & (risk == 2)
    moderate = ((need >= 1) & (risk >= 1)) & ~(high & custody)
    intensity = np.where(high & custody, 2, np.where(moderate, 1, 0))
    return pd.DataFrame(
        {
            "need_level": np.array(LEVELS, dtype=object)[need],
            "risk_level": np.array(LEVELS, dtype=object)[risk],
            "intensity": np.array(INTENSITY, dtype=object)[intensity],
        },
        index=caseload.index,
    )
