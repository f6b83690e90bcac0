"""Needs first: tiers decided by criminogenic needs, with harm as a floor. Our design.

The December 2009 seminar asked "would it be different if we put needs first?". This scheme is
our answer, for comparison with the published schemes, not a published rule: a weighted count of
OASys needs (a severe need counts double) sets one of four tiers, Low, Moderate, High and Very
high need, and harm raises the tier where it must: high or very high RoSH, or MAPPA level 2 or 3,
puts a case in tier 3 at least. Every value is an assumption of ours and an editable field of
`NeedsFirstRules`, read from ``data/tiering/needs_first.toml``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
import pandas as pd

from workbook.caseload.schema import NEED_COLUMNS, NEEDS, ROSH_LEVELS, SEVERITIES
from workbook.tiering._columns import _bools, _codes, _mappa, _num, _plural, _render, _require
from workbook.tiering._parameters import defaults as _defaults

TIER_NAMES = ("Low need", "Moderate need", "High need", "Very high need")
"""Name of tiers 1 to 4."""

_P = _defaults("needs_first")
_COLUMNS = (*NEED_COLUMNS, "oasys_assessed", "rosh", "mappa_level")


@dataclass(frozen=True)
class NeedsFirstRules:
    """Weights and thresholds of the needs-first scheme; every default is our assumption.

    Attributes:
        need_weights: Need score per standard need, for each of the ten OASys needs (all 1: the
            financial and emotional needs count too, unlike in the 2021 framework).
        severe_multiplier: A severe need counts this many times its weight (2).
        tier_thresholds: Least need score for tiers ``"2"``, ``"3"``, ``"4"`` (3, 7, 10); chosen so
            that a caseload with typical need and RoSH rates puts about a quarter to a third in
            each of tiers 2 and 3, after the harm floor.
        harm_floor_rosh: RoSH levels that raise the tier to ``harm_floor_tier`` (high, very high).
        harm_floor_mappa_min: Lowest MAPPA level that raises it (2); ``None`` turns this off.
        harm_floor_tier: The least tier for a case with that harm (3).
        unassessed_tier: Tier for a case without a current OASys assessment, whose needs are unknown
            (2, like the 2021 framework's default change level); ``None`` reads the recorded needs.
    """

    need_weights: Mapping[str, float] = field(default_factory=lambda: _P["need_weights"], hash=False)
    severe_multiplier: float = _P["severe_multiplier"]
    tier_thresholds: Mapping[str, float] = field(default_factory=lambda: _P["tier_thresholds"], hash=False)
    harm_floor_rosh: tuple[str, ...] = _P["harm_floor_rosh"]
    harm_floor_mappa_min: int | None = _P["harm_floor_mappa_min"]
    harm_floor_tier: int = _P["harm_floor_tier"]
    unassessed_tier: int | None = _P["unassessed_tier"]

    def __post_init__(self) -> None:
        weights = dict(self.need_weights)
        if set(weights) != set(NEEDS):
            raise ValueError(f"need_weights needs a weight for each of {list(NEEDS)}")
        thresholds = {str(k): v for k, v in self.tier_thresholds.items()}
        if set(thresholds) != {"2", "3", "4"} or not thresholds["2"] <= thresholds["3"] <= thresholds["4"]:
            raise ValueError("tier_thresholds needs rising scores for tiers '2', '3' and '4'")
        floor_rosh = tuple(self.harm_floor_rosh)
        if not set(floor_rosh) <= set(ROSH_LEVELS):
            raise ValueError(f"harm_floor_rosh takes values among {list(ROSH_LEVELS)}")
        if self.harm_floor_tier not in (1, 2, 3, 4) or self.unassessed_tier not in (None, 1, 2, 3, 4):
            raise ValueError("harm_floor_tier and unassessed_tier must be tiers 1 to 4")
        object.__setattr__(self, "need_weights", MappingProxyType(weights))
        object.__setattr__(self, "tier_thresholds", MappingProxyType(thresholds))
        object.__setattr__(self, "harm_floor_rosh", floor_rosh)


def tier_needs_first(caseload: pd.DataFrame, rules: NeedsFirstRules | None = None) -> pd.DataFrame:
    """Tier every case by its needs, then raise it where harm requires.

    The need score is the sum over the ten OASys needs of weight x (1 if standard,
    ``severe_multiplier`` if severe). It gives tier 2, 3 or 4 from ``tier_thresholds``, tier 1 below
    them; a case without a current OASys assessment takes ``unassessed_tier``. Then the harm floor:
    RoSH in ``harm_floor_rosh`` or MAPPA level ``harm_floor_mappa_min`` or more raises the tier to
    ``harm_floor_tier`` at least. Harm never lowers a tier.

    Args:
        caseload: One row per case with the columns of `workbook.caseload.schema.CASELOAD`.
        rules: Weights and thresholds; defaults to ours.

    Returns:
        Indexed like ``caseload``: ``tier`` (int 1-4), ``tier_name`` (ordered category, Low need <
        Moderate need < High need < Very high need), ``need_score`` (float, also for a case without
        a current assessment), ``reason`` (the score and what set the tier, in a sentence).

    Raises:
        ValueError: When a column is missing or holds a value outside the schema.

    Example:
        >>> from workbook.tiering import example_caseload
        >>> result = tier_needs_first(example_caseload())
        >>> result["tier"].tolist(), result["need_score"].tolist()
        ([1, 2, 3, 3, 2], [0.0, 4.0, 9.0, 3.0, 2.0])
        >>> print(result.loc[4, "reason"])  # doctest: +NORMALIZE_WHITESPACE
        Tier 3, High need: need score 3 from 2 needs, 1 severe (counting 2x); 3 or more is tier 2.
        Harm raises it to tier 3: RoSH very high.
    """
    rules = rules if rules is not None else _DEFAULT
    _require(caseload, _COLUMNS, "needs-first")
    size = len(caseload)
    values = np.array([0.0, 1.0, rules.severe_multiplier])
    score = np.zeros(size)
    recorded = np.zeros(size, dtype=np.int64)
    severe = np.zeros(size, dtype=np.int64)
    for need, column in zip(NEEDS, NEED_COLUMNS, strict=True):
        codes = _codes(caseload[column], SEVERITIES)
        score += rules.need_weights[need] * values[codes]
        if rules.need_weights[need]:
            recorded += codes > 0
            severe += codes == 2
    thresholds = rules.tier_thresholds
    need_tier = 1 + sum((score >= thresholds[t]).astype(np.int64) for t in ("2", "3", "4"))
    assessed = _bools(caseload, ["oasys_assessed"])[:, 0]
    if rules.unassessed_tier is not None:
        need_tier = np.where(assessed, need_tier, rules.unassessed_tier)
    rosh = _codes(caseload["rosh"], ROSH_LEVELS)
    mappa = _mappa(caseload)
    rosh_floor = np.isin(rosh, [ROSH_LEVELS.index(r) for r in rules.harm_floor_rosh])
    mappa_floor = (
        np.zeros(size, dtype=bool)
        if rules.harm_floor_mappa_min is None
        else mappa >= rules.harm_floor_mappa_min
    )
    tier = np.where(rosh_floor | mappa_floor, np.maximum(need_tier, rules.harm_floor_tier), need_tier)
    raised = tier > need_tier
    reads_needs = assessed | (rules.unassessed_tier is None)
    reason = _render(
        [
            tier,
            need_tier,
            reads_needs,
            np.where(reads_needs, np.round(score, 2), 0.0),
            np.where(reads_needs, recorded, 0),
            np.where(reads_needs, severe, 0),
            np.where(raised & rosh_floor, rosh, -1),
            np.where(raised & ~rosh_floor, mappa, -1),
        ],
        _text(rules),
    )
    return pd.DataFrame(
        {
            "tier": tier.astype(np.int64),
            "tier_name": pd.Categorical.from_codes(tier - 1, categories=list(TIER_NAMES), ordered=True),
            "need_score": score,
            "reason": pd.array(reason, dtype="str"),
        },
        index=caseload.index,
    )


def _text(rules: NeedsFirstRules):
    def text(
        tier: int,
        need_tier: int,
        reads_needs: bool,
        score: float,
        recorded: int,
        severe: int,
        rosh: int,
        mappa: int,
    ) -> str:
        head = f"Tier {tier}, {TIER_NAMES[tier - 1]}: "
        if not reads_needs:
            body = f"no current OASys assessment, so needs are unknown and tier {need_tier} is the default."
        else:
            body = f"need score {_num(score)}"
            body += f" from {_plural(recorded, 'need')}" if recorded else " (no needs recorded)"
            if severe:
                body += f", {severe} severe (counting {_num(rules.severe_multiplier)}x)"
            if need_tier == 1:
                body += f"; under {_num(rules.tier_thresholds['2'])} is tier 1."
            else:
                body += f"; {_num(rules.tier_thresholds[str(need_tier)])} or more is tier {need_tier}."
        if tier > need_tier:
            cause = f"RoSH {ROSH_LEVELS[rosh]}" if rosh >= 0 else f"MAPPA level {mappa}"
            body += f" Harm raises it to tier {tier}: {cause}."
        return head + body

    return text


_DEFAULT = NeedsFirstRules()
