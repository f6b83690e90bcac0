"""One slot's appointments: who misses (for which reason, judged how) and who comes late.

The part of the week loop (``_core.py``) where most of the arithmetic is. Only the cases whose
uniforms could decide either way are worked out exactly (``Plan.stay_floor``,
``Plan.late_bound``), with the same operations on the same values as for every case.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from workbook.compliance._cases import REASONS
from workbook.compliance._plan import turn_up_chances

if TYPE_CHECKING:
    from workbook.compliance._core import RunState

_WORK, _ILLNESS, _MISUNDERSTAND = 1, 3, 5


class Slot(NamedTuple):  # a named tuple: built once per slot, and cheaper to build than a dataclass
    """One slot's appointments: who missed and how it was judged, who came late (all as case numbers)."""

    who: np.ndarray  # the cases who missed
    e_missed: np.ndarray  # their engagement
    accepted: np.ndarray  # per miss: the absence was accepted
    borderline: np.ndarray  # per miss: a work clash or illness without evidence
    unfair_miss: np.ndarray  # per miss: an absence the person saw as reasonable recorded as unacceptable
    beyond: np.ndarray  # the cases who came late beyond the tolerance applied
    e_beyond: np.ndarray  # their engagement
    unfair_late: np.ndarray  # per late arrival beyond the tolerance applied: within the lever's


def attend(st: RunState, offered: np.ndarray, u_attend: np.ndarray, u_late: np.ndarray) -> Slot:
    """Who among the cases ``offered`` an appointment misses (why, judged how) or comes late.

    Per case with an appointment: missed when ``u_attend >= chance of turning up``; if not, late
    when ``u_late < late_chance * (1.5 - engagement)``. Only the cases whose uniforms could
    decide either way (``Plan.stay_floor``, ``Plan.late_bound``) are worked out exactly.
    """
    plan = st.plan
    h, rate = plan.kinds, plan.rate  # coefficients by kind: a case's are its kind's
    runs = len(st.draws)  # every run's cases have the same floors: one run's, read once per run from cache
    could = np.greater_equal(
        u_attend.reshape(runs, -1), plan.stay_floor[: st.width], out=st.scratch.reshape(runs, -1)
    ).reshape(-1)
    could &= offered
    cand = could.nonzero()[0]  # np.flatnonzero without its Python layers (1-D arrays)
    kind = plan.kind.take(cand).astype(np.intp)
    e_cand = st.engagement.take(cand)
    forget, drug, disengage, stay = turn_up_chances(h, kind, e_cand)
    u = u_attend.take(cand)
    mi = (u >= stay).nonzero()[0]  # positions in cand of those who missed

    # Missed: the reason, then the officer's judgement of it.
    who = cand.take(mi)
    kind = kind.take(mi)
    work_m = h.work.take(kind)
    cum = np.empty((len(REASONS), mi.size))  # the chances of reasons 0 to i, added in turn
    # reason i is picked when cum[i - 1] <= pick < cum[i]; ("clip": with out, "raise" goes through a copy)
    forget.take(mi, out=cum[0], mode="clip")
    np.add(cum[0], work_m, out=cum[1])
    np.add(cum[1], drug.take(mi), out=cum[2])
    np.add(cum[2], h.illness, out=cum[3])
    np.add(cum[3], disengage.take(mi), out=cum[4])
    np.add(cum[4], h.misunderstand.take(kind), out=cum[5])
    stay_m = stay.take(mi)
    pick = u.take(mi)  # (u - stay) / (1 - stay) * cum[-1]
    pick -= stay_m
    pick /= np.subtract(1, stay_m, out=stay_m)
    pick *= cum[-1]
    # how many of cum[:-1] are below pick (the last reason takes the rest), counted in bytes
    reason = np.less(cum[:-1], pick).view(np.int8).sum(axis=0, dtype=np.int8)
    # Where pick fell within its reason's share is again uniform: the officer's judgement.
    accepted = np.zeros(mi.size, bool)
    borderline = np.zeros(mi.size, bool)
    unfair_miss = reason == _MISUNDERSTAND
    work = (reason == _WORK).nonzero()[0]
    uj = pick.take(work)  # (pick - cum[work - 1]) / chance of work
    uj -= cum[_WORK - 1].take(work)
    uj /= work_m.take(work)
    borderline[work] = True
    accepted_work = uj < st.case_accept.take(who.take(work))
    accepted[work] = accepted_work
    ill = (reason == _ILLNESS).nonzero()[0]
    uj = pick.take(ill)  # (pick - cum[illness - 1]) / chance of illness
    uj -= cum[_ILLNESS - 1].take(ill)
    uj /= h.illness
    proof_share = rate["illness_proof_share"]
    proof = uj < proof_share
    if proof_share < 1:
        uj = (uj - proof_share) / (1 - proof_share)
    borderline[ill] = ~proof
    accepted_ill = proof | (uj < st.case_accept.take(who.take(ill)))  # with proof, accepted; else as judged
    accepted[ill] = accepted_ill
    unfair_miss[work] = ~accepted_work
    unfair_miss[ill] = ~accepted_ill

    # Attended: on time, late within the tolerance applied, or late beyond it.
    could = np.less(u_late, plan.late_bound, out=st.scratch)
    could &= offered
    could[who] = False  # those who missed did not come late
    late = could.nonzero()[0]
    e_late = st.engagement.take(late)
    late_chance = rate["late_chance"]
    late_q = np.subtract(1.5, e_late)  # late_chance * (1.5 - e)
    late_q *= late_chance
    if not 0 <= late_chance <= 1 / 1.5:  # engagement is in [0, 1], so only then can it leave [0, 1]
        np.clip(late_q, 0, 1, out=late_q)
    late_u = u_late.take(late)
    came_late = (late_u < late_q).nonzero()[0]
    late, e_late, late_u, late_q = (x.take(came_late) for x in (late, e_late, late_u, late_q))
    minutes = -rate["late_minutes_mean"] * np.log1p(-late_u / late_q)
    # Unless tolerance is consistent, each unit applies its own, from 0 to twice the lever's.
    tolerance = rate["tolerance"]
    if plan.s.tolerance_consistent:
        applied = tolerance
    else:
        kind = plan.kind.take(late).astype(np.intp)
        applied = 2 * tolerance * u_attend.take(late) / turn_up_chances(h, kind, e_late)[3]
    beyond = minutes > applied
    at = beyond.nonzero()[0]

    st.missed.append((who, reason, accepted))
    st.late.append((late, beyond))
    return Slot(
        who, e_cand.take(mi), accepted, borderline, unfair_miss, late.take(at), e_late.take(at),
        minutes.take(at) <= tolerance,
    )  # fmt: skip
