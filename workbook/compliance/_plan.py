"""What a compliance run needs that no seed changes, worked out once (``replicate`` shares it).

A ``Plan`` holds the cases, scenario and rates, the hazard coefficients (by kind of case: they
depend on four yes-or-no features, so a table of 16 and each case's kind in a byte, which a slot
reads far faster than six coefficients per case), the schedule by tier and week, the court's
chance of revoking, and two bounds that let the week loop skip work without changing a single
result:

- ``stay_floor``: each case's lowest possible chance of turning up, reached at no engagement at
  all. A case whose uniform falls below it turns up whatever its engagement, so the exact
  chance is worked out only for the cases whose uniform could mean a miss;
- ``late_bound``: the highest chance of coming late; an arrival whose lateness uniform is above
  it is on time, whatever the engagement.

Both are made a little wider than they need be, so that rounding can never cross them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from workbook.compliance._cases import CAP, Cases, Hazards
from workbook.compliance._parameters import TIERS, appointments_per_week
from workbook.compliance._scenario import Scenario

SCALAR_RATES = (
    "illness_proof_share", "late_chance", "late_minutes_mean", "kept_boost", "fair_boost", "unfair_penalty",
    "verbal_warning_gain", "programme_wait_decay",
)  # fmt: skip
MARGIN = 1e-9  # far wider than any rounding of the few operations bounded


def engagement_shift(p: dict, s: Scenario) -> tuple[float, float]:
    """Rise in starting engagement and in the engagement level from the scenario's relationship levers."""
    induction = p["continuity_gain"] * s.induction_continuity + p["induction_gain"] * (
        s.induction_quality - 0.5
    )
    return induction, induction + p["mentor_gain"] * s.compliance_mentor


def officer_acceptance(p: dict, s: Scenario, z: np.ndarray) -> np.ndarray:
    """Each officer's chance of accepting a borderline absence, from standard-normal officer effects."""
    logit = np.log(s.officer_discretion / (1 - s.officer_discretion)) + p["officer_spread"] * z
    return 1 / (1 + np.exp(-logit))


def turn_up_chances(h: Hazards, cases: np.ndarray, e: np.ndarray) -> tuple[np.ndarray, ...]:
    """The chances of missing for forgetting, drug use and disengagement, and of turning up, for some cases.

    With ``lack = 1 - e``: forgetting ``min(forget * lack², CAP)``, drug use ``min(drug * lack, CAP)``,
    disengagement ``min(disengage * lack², CAP)``, and turning up
    ``steady * (1 - forgetting) * (1 - drug use) * (1 - disengagement)``, then, with a reminder,
    ``1 - (1 - that) * remind`` (computed in that order, in place).
    """
    lack = np.subtract(1, e)
    lack2 = lack * lack
    forget = h.forget.take(cases)
    forget *= lack2
    drug = h.drug.take(cases)
    drug *= lack
    disengage = h.disengage.take(cases)
    disengage *= lack2
    if h.capped:  # lack is at most 1: only coefficients above CAP can take a chance past it
        for x in (forget, drug, disengage):
            np.minimum(x, CAP, out=x)
    stay = h.steady.take(cases)
    for x in (forget, drug, disengage):
        stay *= np.subtract(1, x, out=lack2)
    if h.remind < 1:  # a reminder cuts the chance of missing for every reason alike
        np.subtract(1, stay, out=lack2)
        lack2 *= h.remind
        np.subtract(1, lack2, out=stay)
    return forget, drug, disengage, stay


@dataclass(frozen=True)
class Plan:
    """The seed-free part of a run of scenario ``s`` over cases ``c`` (``counts[week, tier row]``)."""

    c: Cases
    s: Scenario
    p: dict
    weeks: int
    kinds: Hazards  # the coefficients by kind of case (``Hazards.by_kind``)
    kind: np.ndarray  # each case's kind, one byte a case
    rate: dict[str, float]  # the scalar rates the loop reads, as floats
    window: int  # weeks a warning (and a licence failure) counts for
    recall_at: int  # licence failures in the window that bring recall
    resolution: int  # weeks from breach to the court
    added: int  # weeks of at least weekly contact after a breach is continued
    holding: int  # weeks between holding appointments while waiting for a programme group
    revoke_chance: np.ndarray
    counts: np.ndarray  # appointments offered by week and tier row
    tier_row: np.ndarray
    slots: int
    stay_floor: np.ndarray  # each case's lowest chance of turning up, less MARGIN
    late_bound: float  # the highest chance of coming late, plus MARGIN

    @classmethod
    def of(cls, c: Cases, s: Scenario, p: dict, weeks: int) -> Plan:
        """Work out the seed-free part of a run."""
        schedule = np.array(
            [appointments_per_week(s.schedule, weeks, s.contact_intensity, tier=t) for t in TIERS], np.int16
        ).reshape(len(TIERS), weeks)
        kinds, kind = Hazards.by_kind(p, s, c)
        late_chance = float(p["late_chance"])
        # no engagement: lack is 1, every engagement-driven chance at its highest
        every_kind = np.arange(len(kinds.steady))
        stay_floor = (turn_up_chances(kinds, every_kind, np.zeros(every_kind.size))[3] - MARGIN).take(kind)
        bounded = 0 <= late_chance <= 1 / 1.5  # else late chances are clipped: check everyone
        return cls(
            c=c, s=s, p=p, weeks=weeks, kinds=kinds, kind=kind,
            rate={k: float(p[k]) for k in SCALAR_RATES} | {"tolerance": float(s.lateness_tolerance_minutes)},
            window=int(p["warning_window_weeks"]), recall_at=int(p["recall_failures"]),
            resolution=int(p["breach_resolution_weeks"]), added=int(p["breach_added_weeks"]),
            holding=int(p["programme_wait_contact_weeks"]),
            revoke_chance=p["revocation_chance"] * (1 - p["drr_breach_reluctance"] * c.drr),
            counts=np.ascontiguousarray(schedule.T), tier_row=(c.tier - TIERS[0]).astype(np.intp),
            slots=max(int(schedule.max(initial=0)), 1), stay_floor=stay_floor,
            late_bound=late_chance * 1.5 + MARGIN if bounded else np.inf,
        )  # fmt: skip
