"""The NOMS Offender Management Model (2005): four cumulative tiers, Punish, Help, Change, Control.

National Standards 2005 and Probation Circular PC65/2005 put every sentenced case in one of four
tiers; each tier adds an approach to those below it (tier 3 is punish + help + change), and
resource rises with the tier. The decision rules (PC65/2005 Annex A) could not be read, so the
rules here are OUR RECONSTRUCTION of the typical rules recalled in FACTS.md 1a (unverified): risk
of harm and MAPPA decide tier 4; PPO status, a high OGRS or many needs tier 3; medium RoSH or
several needs tier 2. Every threshold is an editable field of `Omm2005Rules`, read from
``data/tiering/omm_2005.toml``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from workbook.caseload.schema import NEEDS, ROSH_LEVELS, SEVERITIES
from workbook.tiering._columns import (
    _SLOT,
    _bools,
    _codes,
    _mappa,
    _num,
    _numbers,
    _plural,
    _render,
    _require,
)
from workbook.tiering._parameters import defaults as _defaults

TIER_NAMES = ("Punish", "Help", "Change", "Control")
"""Name of tiers 1 to 4; each tier includes the approaches of those below it."""

_P = _defaults("omm_2005")


@dataclass(frozen=True)
class Omm2005Rules:
    """Decision rules for the 2005 tiers: our reconstruction, every default an assumption.

    A case goes to the highest tier whose rule it meets; a threshold of ``None`` turns that rule off.

    Attributes:
        tier4_rosh: RoSH levels that put a case in tier 4, Control (high, very high).
        tier4_mappa_min: Lowest MAPPA level that puts a case in tier 4 (2).
        tier3_ppo: Whether a prolific and priority offender goes to tier 3, Change (yes).
        tier3_ogrs_min: OGRS % from which a case goes to tier 3 (75, the OGRS3 "high" band).
        tier3_needs_min: Number of needs (standard or severe) from which a case goes to tier 3 (4).
        tier2_rosh: RoSH levels that put a case in tier 2, Help (medium).
        tier2_needs_min: Number of needs from which a case goes to tier 2 (2).
        counted_needs: The OASys need sections counted (all ten).
    """

    tier4_rosh: tuple[str, ...] = _P["tier4_rosh"]
    tier4_mappa_min: int | None = _P["tier4_mappa_min"]
    tier3_ppo: bool = _P["tier3_ppo"]
    tier3_ogrs_min: float | None = _P["tier3_ogrs_min"]
    tier3_needs_min: int | None = _P["tier3_needs_min"]
    tier2_rosh: tuple[str, ...] = _P["tier2_rosh"]
    tier2_needs_min: int | None = _P["tier2_needs_min"]
    counted_needs: tuple[str, ...] = _P["counted_needs"]

    def __post_init__(self) -> None:
        for name, allowed in (
            ("tier4_rosh", ROSH_LEVELS),
            ("tier2_rosh", ROSH_LEVELS),
            ("counted_needs", NEEDS),
        ):
            value = (
                (getattr(self, name),) if isinstance(getattr(self, name), str) else tuple(getattr(self, name))
            )
            if not set(value) <= set(allowed):
                raise ValueError(f"{name} takes values among {list(allowed)}, not {list(value)}")
            object.__setattr__(self, name, value)


def _at_least(values: np.ndarray, threshold: float | None) -> np.ndarray:
    return np.zeros(len(values), dtype=bool) if threshold is None else values >= threshold


def tier_2005(
    caseload: pd.DataFrame, rules: Omm2005Rules | None = None, *, reasons: bool = True
) -> pd.DataFrame:
    """Tier every case under the 2005 Offender Management Model, by our reconstructed rules.

    Tier 4 (Control) if RoSH is in ``tier4_rosh`` or MAPPA level is at least ``tier4_mappa_min``;
    else tier 3 (Change) if a PPO, or OGRS is at least ``tier3_ogrs_min``, or the count of needs
    (standard or severe, among ``counted_needs``) is at least ``tier3_needs_min``; else tier 2
    (Help) if RoSH is in ``tier2_rosh`` or the needs count is at least ``tier2_needs_min``; else
    tier 1 (Punish). Needs are read as recorded, whether or not the OASys assessment is current.

    Args:
        caseload: One row per case with the columns of `workbook.caseload.schema.CASELOAD`.
        rules: The decision rules; defaults to our reconstruction.
        reasons: ``False`` leaves the ``reason`` column out (writing the sentences is most of the
            work; the compliance model needs only the tier).

    Returns:
        Indexed like ``caseload``: ``tier`` (int 1-4), ``tier_name`` (ordered category Punish <
        Help < Change < Control), ``reason`` (the rule or rules that met the tier, in a sentence).

    Raises:
        ValueError: When a column is missing or holds a value outside the schema.

    Example:
        >>> from workbook.tiering import example_caseload
        >>> result = tier_2005(example_caseload())
        >>> result["tier"].tolist()
        [1, 2, 4, 4, 3]
        >>> print(result.loc[3, "reason"])
        Tier 4, Control (punish, help, change and control): RoSH high. Reconstructed rule.
        >>> tier_2005(example_caseload(), Omm2005Rules(tier4_rosh=("very high",)))["tier"].tolist()
        [1, 2, 3, 4, 3]
        >>> tier_2005(example_caseload(), reasons=False).columns.tolist()
        ['tier', 'tier_name']
    """
    rules = rules if rules is not None else _DEFAULT
    _require(
        caseload,
        ("rosh", "mappa_level", "ppo", "ogrs", *(f"need_{n}" for n in rules.counted_needs)),
        "omm-2005",
    )
    rosh = _codes(caseload["rosh"], ROSH_LEVELS)
    mappa = _mappa(caseload)
    ppo = _bools(caseload, ["ppo"])[:, 0] & rules.tier3_ppo
    ogrs = _numbers(caseload, "ogrs")
    needs = np.zeros(len(caseload), dtype=np.int64)
    for need in rules.counted_needs:
        needs += _codes(caseload[f"need_{need}"], SEVERITIES) > 0

    def in_levels(levels: tuple[str, ...]) -> np.ndarray:
        return np.isin(rosh, [ROSH_LEVELS.index(r) for r in levels])

    tier4_rosh, tier4_mappa = in_levels(rules.tier4_rosh), _at_least(mappa, rules.tier4_mappa_min)
    tier3_ogrs, tier3_needs = _at_least(ogrs, rules.tier3_ogrs_min), _at_least(needs, rules.tier3_needs_min)
    tier2_rosh, tier2_needs = in_levels(rules.tier2_rosh), _at_least(needs, rules.tier2_needs_min)
    tier = np.select(
        [tier4_rosh | tier4_mappa, ppo | tier3_ogrs | tier3_needs, tier2_rosh | tier2_needs], [4, 3, 2], 1
    )
    tiers = {
        "tier": tier.astype(np.int64),
        "tier_name": pd.Categorical.from_codes(tier - 1, categories=list(TIER_NAMES), ordered=True),
    }
    if not reasons:
        return pd.DataFrame(tiers, index=caseload.index)
    # Only what the reason shows goes into its key, so a caseload has few distinct reasons.
    reason = _render(
        [
            tier,
            np.where((tier == 4) & tier4_rosh | (tier == 2) & tier2_rosh | (tier == 1), rosh, -1),
            np.where((tier == 4) & tier4_mappa, mappa, -1),
            (tier == 3) & ppo,
            (tier == 3) & tier3_ogrs,
            np.where((tier == 3) & tier3_needs | (tier == 2) & tier2_needs | (tier == 1), needs, -1),
        ],
        _text(rules),
        number=ogrs,
    )
    return pd.DataFrame(tiers | {"reason": pd.array(reason, dtype="str")}, index=caseload.index)


def _text(rules: Omm2005Rules):
    def text(tier: int, rosh: int, mappa: int, ppo: bool, ogrs: bool, needs: int) -> str:
        approaches = [name.lower() for name in TIER_NAMES[:tier]]
        head = f"Tier {tier}, {TIER_NAMES[tier - 1]}"
        if tier > 1:
            head += f" ({', '.join(approaches[:-1])} and {approaches[-1]})"
        if tier == 1:
            found = f"RoSH {ROSH_LEVELS[rosh]}, {_plural(needs, 'need')}"
            return f"{head}: no higher-tier rule applies ({found}). Reconstructed rule."
        met = []
        if rosh >= 0:
            met.append(f"RoSH {ROSH_LEVELS[rosh]}")
        if mappa >= 0:
            met.append(f"MAPPA level {mappa}")
        if ppo:
            met.append("a prolific and priority offender")
        if ogrs:
            met.append(f"OGRS {_SLOT}% ({_num(rules.tier3_ogrs_min or 0)}% or more)")
        if needs >= 0:
            least = rules.tier3_needs_min if tier == 3 else rules.tier2_needs_min
            met.append(f"{_plural(needs, 'need')} ({least} or more)")
        return f"{head}: {'; '.join(met)}. Reconstructed rule."

    return text


_DEFAULT = Omm2005Rules()
