"""HMPPS tiering version 3 (March 2026): one tier from A (most supervision) to G (least).

Models ``TierCalculator.kt`` of ministryofjustice/hmpps-tier (FACTS.md 1c, read in the source):
several steps each give a tier or nothing, and the case takes the highest. The steps are a
reoffending table (OGRS4 all reoffending predictor x combined serious reoffending predictor), the
direct-contact sexual reoffending predictor band, MAPPA with RoSH, and flags for domestic abuse,
stalking, child protection and a sexual offence. Two published parts are not modelled: the
lifer/IPP step (release dates are not in the caseload) and the "provisional" mark the service
gives a result built on static-only predictors or a missing RoSH. A case with no ARP or no CSRP
score gets no tier, with a reason saying so: the service has reported such a case as "missing"
since June 2026 (``TierCalculator.kt``, commit cf5ecccc), where from March it read a missing
score as 0. Every value is a field of
`Hmpps2026Rules`, read from ``data/tiering/hmpps_2026.toml``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
import pandas as pd

from workbook.caseload.schema import BANDS, ROSH_LEVELS
from workbook.tiering._columns import _bools, _categorical, _codes, _mappa, _render, _require
from workbook.tiering._parameters import defaults as _defaults

TIERS = tuple("ABCDEFG")
"""The 2026 tiers, from most to least supervision."""

STEPS = (
    "reoffending",
    "sexual_reoffending",
    "mappa_rosh",
    "domestic_abuse",
    "stalking",
    "child_protection",
    "sexual_offence",
)
"""The steps, in the order the service lists them; a tie goes to the first."""

_P = _defaults("hmpps_2026")
_DCSRP_BANDS = ("none", *BANDS)
_FLAG_COLUMNS = {
    "domestic_abuse": "domestic_abuse",
    "stalking": "stalking",
    "child_protection": "flag_child_protection",
    "sexual_offence": "sexual_offence",
}
_COLUMNS = ("arp", "csrp", "dcsrp_band", "mappa_level", "rosh", *_FLAG_COLUMNS.values())
_NONE = len(TIERS)  # rank of a step that gives no tier
_ABSENT = {
    1: "no ARP (OGRS4 all reoffending predictor) score",
    2: "no CSRP (combined serious reoffending predictor) score",
    3: "no ARP or CSRP score (the OGRS4 predictors)",
}
_FLAG_TEXT = {
    "domestic_abuse": "a domestic abuse flag",
    "stalking": "a stalking flag",
    "child_protection": "a child protection flag",
    "sexual_offence": "a sexual offence on record",
}


@dataclass(frozen=True)
class Hmpps2026Rules:
    """The tables of the 2026 single tier (defaults: the published values, medium DC-SRP aside).

    Attributes:
        arp_cuts: Lower bound of each reoffending-table column, ARP % (90, 75, 50, 25, 15, 0).
        csrp_cuts: Lower bound of each row, CSRP % (6.9, 3.0, 1.0, 0.5, 0.0).
        reoffending_table: Tier by row (CSRP) and column (ARP).
        dcsrp_band_tiers: Tier by DC-SRP band ``"low"``, ``"high"``, ``"very high"`` (E, B, A).
        dcsrp_medium_tier: Tier for a medium DC-SRP band: ``"C"``, our assumption; the published rule
            gives C or D by DC-SRP score cut-offs, which the caseload does not hold.
        mappa_rosh_tiers: Tier by RoSH for a MAPPA case (very high A, high C, medium D, low E).
        rosh_tiers: Tier by RoSH for other cases (very high C, high D; lower levels give none).
        flag_tiers: Tier given by ``domestic_abuse`` (E), ``stalking`` (F), ``child_protection`` (F)
            and ``sexual_offence`` (E).
    """

    arp_cuts: tuple[float, ...] = _P["arp_cuts"]
    csrp_cuts: tuple[float, ...] = _P["csrp_cuts"]
    reoffending_table: tuple[tuple[str, ...], ...] = _P["reoffending_table"]
    dcsrp_band_tiers: Mapping[str, str] = field(default_factory=lambda: _P["dcsrp_band_tiers"], hash=False)
    dcsrp_medium_tier: str = _P["dcsrp_medium_tier"]
    mappa_rosh_tiers: Mapping[str, str] = field(default_factory=lambda: _P["mappa_rosh_tiers"], hash=False)
    rosh_tiers: Mapping[str, str] = field(default_factory=lambda: _P["rosh_tiers"], hash=False)
    flag_tiers: Mapping[str, str] = field(default_factory=lambda: _P["flag_tiers"], hash=False)

    def __post_init__(self) -> None:
        for name in ("arp_cuts", "csrp_cuts"):
            cuts = tuple(getattr(self, name))
            if list(cuts) != sorted(cuts, reverse=True) or cuts[-1] != 0:
                raise ValueError(f"{name} must fall to 0")
            object.__setattr__(self, name, cuts)
        table = tuple(tuple(row) for row in self.reoffending_table)
        if len(table) != len(self.csrp_cuts) or any(len(row) != len(self.arp_cuts) for row in table):
            raise ValueError("reoffending_table needs one row per CSRP cut and one column per ARP cut")
        object.__setattr__(self, "reoffending_table", table)
        exact = {"dcsrp_band_tiers": {"low", "high", "very high"}, "mappa_rosh_tiers": set(ROSH_LEVELS)}
        exact["flag_tiers"] = set(_FLAG_COLUMNS)
        for name in ("dcsrp_band_tiers", "mappa_rosh_tiers", "rosh_tiers", "flag_tiers"):
            value = dict(getattr(self, name))
            allowed = exact.get(name, set(ROSH_LEVELS))
            if not set(value) <= allowed or (name in exact and set(value) != allowed):
                raise ValueError(f"{name} takes the keys {sorted(allowed)}, not {sorted(value)}")
            object.__setattr__(self, name, MappingProxyType(value))
        given = [t for row in table for t in row] + [self.dcsrp_medium_tier]
        given += [t for name in ("dcsrp_band_tiers", "mappa_rosh_tiers", "rosh_tiers", "flag_tiers")
                  for t in getattr(self, name).values()]  # fmt: skip
        if not set(given) <= set(TIERS):
            raise ValueError(f"tiers must be among {TIERS}")


def _rank(tiers: Sequence[str | None]) -> np.ndarray:
    return np.array([_NONE if t is None else TIERS.index(t) for t in tiers], dtype=np.intp)


def _band(cuts: Sequence[float], index: int, step: float) -> str:
    if index == 0:
        return f"{cuts[0]:g}%+"
    if cuts[index] == 0:
        return f"under {cuts[index - 1]:g}%"
    return f"{cuts[index]:g}–{round(cuts[index - 1] - step, 2):g}%"


def tier_2026(caseload: pd.DataFrame, rules: Hmpps2026Rules | None = None) -> pd.DataFrame:
    """Tier every case under the 2026 HMPPS single tier: the highest tier any step gives.

    Steps: the reoffending table (row by CSRP, column by ARP); the DC-SRP band (very high A,
    high B, medium C, low E; the published rule splits medium into C or D by score cut-offs that
    we do not model, so medium is always C);
    MAPPA (level 1 or more) with RoSH (very high A, high C, medium D, low E) or, outside MAPPA,
    RoSH alone (very high C, high D); domestic abuse E; stalking F; child protection flag F; a
    sexual offence ever E. Lifer and IPP cases (B in the first year after release, later lower)
    are not in the caseload schema, so that step never fires here. A case with no ARP or no CSRP
    score (a blank, read as missing) cannot be tiered: the service has reported it as "missing"
    since June 2026, whatever its other steps give, and so does this function: its ``tier`` and
    ``step`` are missing and its reason says which score is absent.

    Args:
        caseload: One row per case with the columns of `workbook.caseload.schema.CASELOAD`.
        rules: The tables; defaults to the published ones (see `Hmpps2026Rules`).

    Returns:
        Indexed like ``caseload``: ``tier`` (ordered category G < F < ... < A; missing when ARP or
        CSRP is), ``step`` (category: which of `STEPS` decided; a tie goes to the first listed),
        ``reason`` (a sentence naming the deciding step and, when another step decided, what the
        reoffending table alone gives; or why no tier can be computed).

    Raises:
        ValueError: When a column is missing or holds a value outside the schema.

    Example:
        >>> from workbook.tiering import example_caseload
        >>> result = tier_2026(example_caseload())
        >>> result[["tier", "step"]].to_numpy().tolist()[2:4]
        [['C', 'reoffending'], ['A', 'mappa_rosh']]
        >>> print(result.loc[4, "reason"])  # doctest: +NORMALIZE_WHITESPACE
        Tier A: MAPPA level 2 with RoSH very high gives A;
        the reoffending table alone (ARP 25–49.9%, CSRP 3–6.89%) gives C.
    """
    rules = rules if rules is not None else _DEFAULT
    _require(caseload, _COLUMNS, "hmpps-2026")
    arp_given = caseload["arp"].to_numpy(dtype=float)
    csrp_given = caseload["csrp"].to_numpy(dtype=float)
    absent = np.isnan(arp_given) + 2 * np.isnan(csrp_given)  # 0 both given, 1 no ARP, 2 no CSRP, 3 neither
    arp, csrp = np.nan_to_num(arp_given), np.nan_to_num(csrp_given)
    column = sum((arp < cut).astype(np.intp) for cut in rules.arp_cuts[:-1])
    row = sum((csrp < cut).astype(np.intp) for cut in rules.csrp_cuts[:-1])
    table = np.array([_rank(r) for r in rules.reoffending_table])
    dcsrp = _codes(caseload["dcsrp_band"], _DCSRP_BANDS)
    dcsrp_tiers = [None, rules.dcsrp_band_tiers["low"], rules.dcsrp_medium_tier]
    dcsrp_tiers += [rules.dcsrp_band_tiers["high"], rules.dcsrp_band_tiers["very high"]]
    rosh = _codes(caseload["rosh"], ROSH_LEVELS)
    mappa = _mappa(caseload)
    in_mappa = mappa >= 1
    flags = _bools(caseload, list(_FLAG_COLUMNS.values()))
    flag_ranks = _rank([rules.flag_tiers[f] for f in _FLAG_COLUMNS])
    ranks = np.column_stack(
        [
            table[row, column],
            _rank(dcsrp_tiers)[dcsrp],
            np.where(
                in_mappa,
                _rank([rules.mappa_rosh_tiers[r] for r in ROSH_LEVELS])[rosh],
                _rank([rules.rosh_tiers.get(r) for r in ROSH_LEVELS])[rosh],
            ),
            np.where(flags, flag_ranks, _NONE),
        ]
    )
    step = ranks.argmin(axis=1)
    best = ranks[np.arange(len(ranks)), step]
    reason = _render(
        [best, step, row, column, dcsrp, np.where(in_mappa, mappa, 0), rosh, table[row, column], absent],
        _text(rules),
    )
    return pd.DataFrame(
        {
            "tier": _categorical(np.where(absent > 0, -1, len(TIERS) - 1 - best), TIERS[::-1]),
            "step": _categorical(np.where(absent > 0, -1, step), STEPS, ordered=False),
            "reason": pd.array(reason, dtype="str"),
        },
        index=caseload.index,
    )


def _text(rules: Hmpps2026Rules):
    def text(
        best: int,
        step: int,
        row: int,
        column: int,
        dcsrp: int,
        mappa: int,
        rosh: int,
        table: int,
        absent: int,
    ) -> str:
        if absent:
            return (
                f"No tier: {_ABSENT[absent]}, so the 2026 tier cannot be computed (the HMPPS service "
                "reports such a case as missing, whatever its other steps give)."
            )
        tier, name = TIERS[best], STEPS[step]
        bands = f"ARP {_band(rules.arp_cuts, column, 0.1)}, CSRP {_band(rules.csrp_cuts, row, 0.01)}"
        if name == "reoffending":
            return f"Tier {tier}: the reoffending table ({bands}) gives {tier}; no other step gives more."
        if name == "sexual_reoffending":
            band = _DCSRP_BANDS[dcsrp]
            decider = f"DC-SRP band {band}" + (
                " (C or D by score when published; we use C)" if band == "medium" else ""
            )
        elif name == "mappa_rosh":
            level = ROSH_LEVELS[rosh]
            decider = (
                f"MAPPA level {mappa} with RoSH {level}" if mappa else f"RoSH {level}, not a MAPPA case,"
            )
        else:
            decider = _FLAG_TEXT[name]
        alone = f"the reoffending table alone ({bands}) gives {TIERS[table]}"
        return f"Tier {tier}: {decider} gives {tier}; {alone}."

    return text


_DEFAULT = Hmpps2026Rules()
