"""HMPPS tiering framework, 2021 version: protect level A-D x change level 0-3, e.g. tier "B2".

Models the rules of the HMPPS tiering service (ministryofjustice/hmpps-tier) as used from 2021 to
early 2026, read in the service's source (FACTS.md 1b). Protect points measure risk of serious
harm: the larger of the RoSH and RSR points, MAPPA, ten register flags and, for women, three
additional factors (parenting and impulsivity are OASys answers, so they count only with a
current assessment; breach or recall comes from Delius and always counts). Change points
measure what supervision can change: weighted OASys needs, OGRS and IOM; a case with no
mandate for change is level 0, and a case without a current OASys assessment level 2. Every
number is a field of `Hmpps2021Rules`, read from ``data/tiering/hmpps_2021.toml``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
import pandas as pd

from workbook.caseload.schema import FLAG_COLUMNS, NEED_COLUMNS, NEEDS, ROSH_LEVELS, SEVERITIES, WOMEN_FACTORS
from workbook.tiering._columns import (
    _SLOT,
    _bools,
    _categorical,
    _codes,
    _mappa,
    _numbers,
    _plural,
    _render,
    _require,
)
from workbook.tiering._parameters import defaults as _defaults

_P = _defaults("hmpps_2021")
LEVELS = tuple(f"{protect}{change}" for protect in "DCBA" for change in range(4))
"""The sixteen 2021 tiers, from least to most resource: D0, D1 ... A3."""
_WF_COLUMNS = tuple(f"wf_{w}" for w in WOMEN_FACTORS)
_MANDATE_COLUMNS = ("custodial", "req_supervision", "req_drr", "req_programme")
_OASYS_FACTORS = np.array([w in ("parenting", "impulsivity") for w in WOMEN_FACTORS])
_COLUMNS = (
    "rosh", "rsr", "mappa_level", "gender", *FLAG_COLUMNS, *_WF_COLUMNS, *_MANDATE_COLUMNS,
    "oasys_assessed", *NEED_COLUMNS, "ogrs", "iom",
)  # fmt: skip
_MAPPINGS = {
    "rosh_points": ROSH_LEVELS,
    "protect_thresholds": ("A", "B", "C"),
    "severity_points": SEVERITIES,
    "need_weights": NEEDS,
    "change_thresholds": ("3", "2"),
}


@dataclass(frozen=True)
class Hmpps2021Rules:
    """The points and thresholds of the 2021 framework (defaults: the published values).

    Attributes:
        rosh_points: Protect points by RoSH level (very high 150, high 20, medium 10, low 0).
        rsr_high_from: RSR % from which RSR scores ``rsr_high_points`` (7.00).
        rsr_high_to: RSR % above which RSR is out of range and scores 0 (99.99).
        rsr_high_points: Protect points for a high RSR (20).
        rsr_medium_from: RSR % from which RSR scores ``rsr_medium_points``, up to ``rsr_high_from`` (3.00).
        rsr_medium_points: Protect points for a medium RSR (10).
        mappa_points: Protect points for MAPPA level 0, 1, 2, 3 (0, 5, 150, 150).
        complexity_flag_points: Protect points per register flag (2).
        womens_factor_points: Protect points per women's factor, women only (2).
        protect_thresholds: Least protect points for levels ``"A"``, ``"B"``, ``"C"`` (150, 20, 10).
        severity_points: Points for a need of severity none, standard, severe (0, 1, 2).
        need_weights: Multiplier per need (thinking and attitudes 2, financial and emotional 0, others 1).
        ogrs_divisor: OGRS % per change point, rounded down (10).
        iom_points: Change points for an IOM nominal (2).
        change_thresholds: Least change points for levels ``"3"`` and ``"2"`` (20, 10).
        no_assessment_level: Change level without a current OASys assessment (2).
    """

    rosh_points: Mapping[str, int] = field(default_factory=lambda: _P["rosh_points"], hash=False)
    rsr_high_from: float = _P["rsr_high_from"]
    rsr_high_to: float = _P["rsr_high_to"]
    rsr_high_points: int = _P["rsr_high_points"]
    rsr_medium_from: float = _P["rsr_medium_from"]
    rsr_medium_points: int = _P["rsr_medium_points"]
    mappa_points: tuple[int, ...] = _P["mappa_points"]
    complexity_flag_points: int = _P["complexity_flag_points"]
    womens_factor_points: int = _P["womens_factor_points"]
    protect_thresholds: Mapping[str, int] = field(
        default_factory=lambda: _P["protect_thresholds"], hash=False
    )
    severity_points: Mapping[str, int] = field(default_factory=lambda: _P["severity_points"], hash=False)
    need_weights: Mapping[str, int] = field(default_factory=lambda: _P["need_weights"], hash=False)
    ogrs_divisor: int = _P["ogrs_divisor"]
    iom_points: int = _P["iom_points"]
    change_thresholds: Mapping[str, int] = field(default_factory=lambda: _P["change_thresholds"], hash=False)
    no_assessment_level: int = _P["no_assessment_level"]

    def __post_init__(self) -> None:
        for name, keys in _MAPPINGS.items():
            value = {str(k): v for k, v in getattr(self, name).items()}
            if set(value) != set(keys):
                raise ValueError(f"{name} needs exactly the keys {list(keys)}, not {sorted(value)}")
            object.__setattr__(self, name, MappingProxyType(value))
        object.__setattr__(self, "mappa_points", tuple(self.mappa_points))
        if len(self.mappa_points) != 4:
            raise ValueError("mappa_points needs four values: MAPPA level 0, 1, 2, 3")
        a, b, c = (self.protect_thresholds[k] for k in "ABC")
        if not a >= b >= c or self.change_thresholds["3"] < self.change_thresholds["2"]:
            raise ValueError("thresholds must not fall as the level rises")

    def protect_level(self, points: int) -> str:
        """The protect level for a number of protect points."""
        return next((k for k in "ABC" if points >= self.protect_thresholds[k]), "D")

    def change_level(self, points: int) -> int:
        """The change level for a number of change points (a case with a mandate and an assessment)."""
        return (
            3 if points >= self.change_thresholds["3"] else 2 if points >= self.change_thresholds["2"] else 1
        )


def tier_2021(caseload: pd.DataFrame, rules: Hmpps2021Rules | None = None) -> pd.DataFrame:
    """Tier every case under the 2021 HMPPS framework.

    Protect points: the larger of the RoSH and RSR points (RSR, held to two decimals as Delius
    holds it, scores only from 3.00% up to 99.99%; above that it is out of range), plus MAPPA, 2
    per register flag and, for women only, 2 per additional factor: parenting, and impulsivity or
    temper control (counted once), which are OASys answers and so count only with a current
    assessment, as in the service's ``AdditionalFactorsForWomen.kt``; and breach or recall, which
    comes from Delius and counts either way.
    Change points: weighted need severities, plus OGRS % divided by 10 (OGRS is read as a whole
    percent, rounded down, as Delius holds it), plus 2 for an IOM nominal. No mandate for change
    (not custodial, and no supervision, drug rehabilitation or programme requirement: unpaid work
    and curfew are restrictive) gives change level 0; otherwise no current OASys assessment gives
    level 2; both with 0 change points. A missing RSR or OGRS counts as 0.

    Args:
        caseload: One row per case with the columns of `workbook.caseload.schema.CASELOAD`.
        rules: Points and thresholds; defaults to the published ones.

    Returns:
        Indexed like ``caseload``: ``protect_points`` (int), ``protect_level`` (ordered category
        D < C < B < A), ``change_points`` (int), ``change_level`` (int 0-3), ``tier`` (ordered
        category D0 < ... < A3), ``reason`` (what decided each axis, in a sentence a practitioner reads).

    Raises:
        ValueError: When a column is missing or holds a value outside the schema, or a case's
            ``order_type`` (licence or not) disagrees with ``custodial``; the message names the case.

    Example:
        >>> from workbook.tiering import example_caseload
        >>> result = tier_2021(example_caseload())
        >>> result["tier"].tolist()
        ['D0', 'C1', 'B2', 'A1', 'D2']
        >>> print(result.loc[3, "reason"])  # doctest: +NORMALIZE_WHITESPACE
        Protect B: RoSH high (20 points; RSR 4.2% scores 10, the larger counts) + 2 complexity flags (4)
        = 24. Change 2: needs 12 points + OGRS 59% (5) = 17.
    """
    rules = rules if rules is not None else _DEFAULT
    _require(caseload, _COLUMNS, "hmpps-2021")

    rosh = _codes(caseload["rosh"], ROSH_LEVELS)
    rosh_points = np.array([rules.rosh_points[r] for r in ROSH_LEVELS])[rosh]
    _require_custody_agrees(caseload)
    rsr = np.round(_numbers(caseload, "rsr"), 2)
    rsr_points = np.select(
        [
            (rsr >= rules.rsr_high_from) & (rsr <= rules.rsr_high_to),
            (rsr >= rules.rsr_medium_from) & (rsr < rules.rsr_high_from),
        ],
        [rules.rsr_high_points, rules.rsr_medium_points],
        0,
    )
    mappa = _mappa(caseload)
    flags = _bools(caseload, FLAG_COLUMNS).sum(axis=1)
    female = _codes(caseload["gender"], ("male", "female")) == 1
    assessed = _bools(caseload, ["oasys_assessed"])[:, 0]
    factors = _bools(caseload, _WF_COLUMNS) & (assessed[:, None] | ~_OASYS_FACTORS)
    women = np.where(female, factors.sum(axis=1), 0)
    protect = (
        np.maximum(rosh_points, rsr_points)
        + np.asarray(rules.mappa_points)[mappa]
        + flags * rules.complexity_flag_points
        + women * rules.womens_factor_points
    )
    protect_code = sum((protect >= rules.protect_thresholds[k]).astype(np.intp) for k in "CBA")

    mandate = _bools(caseload, _MANDATE_COLUMNS).any(axis=1)
    counted = mandate & assessed
    severity = np.array([rules.severity_points[s] for s in SEVERITIES])
    weights = np.array([rules.need_weights[n] for n in NEEDS])
    needs = sum(
        severity[_codes(caseload[c], SEVERITIES)] * w for c, w in zip(NEED_COLUMNS, weights, strict=True)
    )
    ogrs = np.floor(_numbers(caseload, "ogrs")).astype(np.int64)
    ogrs_points = ogrs // rules.ogrs_divisor
    iom = _bools(caseload, ["iom"])[:, 0]
    scored = needs + ogrs_points + iom * rules.iom_points
    thresholds = rules.change_thresholds
    level = np.where(scored >= thresholds["3"], 3, np.where(scored >= thresholds["2"], 2, 1))
    change_level = np.where(~mandate, 0, np.where(~assessed, rules.no_assessment_level, level))

    protect_reason = _render([rosh, rsr_points, mappa, flags, women], _protect_text(rules), number=rsr)
    change_reason = _render(
        [mandate, assessed, np.where(counted, needs, 0), np.where(counted, ogrs, 0), counted & iom],
        _change_text(rules),
    )
    return pd.DataFrame(
        {
            "protect_points": protect.astype(np.int64),
            "protect_level": _categorical(protect_code, "DCBA"),
            "change_points": np.where(counted, scored, 0).astype(np.int64),
            "change_level": change_level.astype(np.int64),
            "tier": _categorical(protect_code * 4 + change_level, LEVELS),
            "reason": pd.array(protect_reason + change_reason, dtype="str"),
        },
        index=caseload.index,
    )


def _require_custody_agrees(caseload: pd.DataFrame) -> None:
    """Refuse a case on licence that is not custodial, or a custodial case not on licence."""
    if "order_type" not in caseload.columns:
        return
    licence = (caseload["order_type"].astype(object) == "licence").to_numpy()
    disagree = licence != _bools(caseload, ["custodial"])[:, 0]
    if disagree.any():
        at = int(np.flatnonzero(disagree)[0])
        label, order = caseload.index[at], caseload["order_type"].iloc[at]
        case = f" ({caseload['case_id'].iloc[at]})" if "case_id" in caseload.columns else ""
        said = "not custodial" if licence[at] else "custodial"
        raise ValueError(
            f"hmpps-2021: case {label}{case} has order_type {order!r} but is marked {said}; "
            "a licence case is custodial and a court order is not, so the tier would depend on "
            "which column is believed"
        )


def _protect_text(rules: Hmpps2021Rules):
    womens = "women's factor"

    def text(rosh: int, rsr_points: int, mappa: int, flags: int, women: int) -> str:
        name = ROSH_LEVELS[rosh]
        rosh_points = rules.rosh_points[name]
        parts = []
        if rosh_points and rosh_points >= rsr_points:
            also = "the larger counts" if rosh_points > rsr_points else "only one counts"
            detail = f"; RSR {_SLOT}% scores {rsr_points}, {also}" if rsr_points else ""
            parts.append(f"RoSH {name} ({rosh_points} points{detail})")
        elif rsr_points:
            detail = f"; RoSH {name} scores {rosh_points}, the larger counts" if rosh_points else ""
            parts.append(f"RSR {_SLOT}% ({rsr_points} points{detail})")
        mappa_points = rules.mappa_points[mappa]
        if mappa_points:
            parts.append(f"MAPPA level {mappa} ({mappa_points})")
        if flags:
            parts.append(f"{_plural(flags, 'complexity flag')} ({flags * rules.complexity_flag_points})")
        if women:
            parts.append(f"{_plural(women, womens)} ({women * rules.womens_factor_points})")
        total = max(rosh_points, rsr_points) + mappa_points
        total += flags * rules.complexity_flag_points + women * rules.womens_factor_points
        level = rules.protect_level(total)
        if not parts:
            return f"Protect {level}: nothing scores (RoSH {name}; no RSR, MAPPA or flag points) = 0."
        return f"Protect {level}: {' + '.join(parts)} = {total}."

    return text


def _change_text(rules: Hmpps2021Rules):
    def text(mandate: bool, assessed: bool, needs: int, ogrs: int, iom: bool) -> str:
        if not mandate:
            return (
                " Change 0: no mandate for change (not in custody, and no supervision, drug rehabilitation"
                " or programme requirement), so no change points."
            )
        if not assessed:
            level = rules.no_assessment_level
            return (
                f" Change {level}: no current OASys assessment, so level {level} by default, with no points."
            )
        ogrs_points = ogrs // rules.ogrs_divisor
        parts = [f"needs {_plural(needs, 'point')}", f"OGRS {ogrs}% ({ogrs_points})"]
        if iom:
            parts.append(f"IOM nominal ({rules.iom_points})")
        total = needs + ogrs_points + iom * rules.iom_points
        return f" Change {rules.change_level(total)}: {' + '.join(parts)} = {total}."

    return text


_DEFAULT = Hmpps2021Rules()
