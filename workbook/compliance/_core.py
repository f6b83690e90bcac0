"""The compliance model's week loop over a caseload's arrays (``simulate`` turns it into frames).

``run`` starts a ``RunState`` and steps it week by week: the court hears the breaches due,
each case is offered the week's appointments, and slot by slot people attend or miss
(``attend``), failures are enforced as the law requires (``enforce``) and engagement moves
(``move_engagement``); at the end of the week engagement drifts towards its level
(``end_week``). ``finish`` counts what the run leaves.

Work is kept to the cases that need it: each slot of a week handles only the cases with an
appointment in it, reasons and judgements only the appointments missed, lateness only those
attended, enforcement only the failures, and the court only the breaches due that week.
Whatever does not change during a run (each case's hazard coefficients, the chance a court
revokes) is worked out once.

Random numbers: each slot draws two uniforms per case (attendance, lateness) for every case,
with an appointment or not, and the court's decisions are drawn up
front, one per case and hearing; so two scenarios run with the same seed meet the same numbers
case by case and their difference is less noisy (common random numbers). One uniform serves
several decisions in turn: when ``u < p`` decides something, ``u / p`` is again uniform if it
happened and ``(u - p) / (1 - p)`` if not; where a missed appointment's uniform falls within
the share of the reason it picks is uniform again.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from workbook.compliance._cases import CAP, EVENTS, REASONS, Cases, Hazards
from workbook.compliance._parameters import TIERS, appointments_per_week
from workbook.compliance._scenario import Scenario

STREAMS = ("engagement", "officers", "appointments", "court", "programme")
NEVER = -(10**6)
_WORK, _ILLNESS, _MISUNDERSTAND = 1, 3, 5
_E = {event: i for i, event in enumerate(EVENTS)}
_SCALAR_RATES = (
    "illness_proof_share", "late_chance", "late_minutes_mean", "kept_boost", "fair_boost", "unfair_penalty",
    "verbal_warning_gain", "programme_wait_decay",
)  # fmt: skip


@dataclass(frozen=True)
class Run:
    """What one run leaves: per-case arrays, weekly rows and the event log."""

    officer: np.ndarray
    wait: np.ndarray
    appointments: np.ndarray
    outcomes: np.ndarray  # (OUTCOMES, cases)
    reasons: np.ndarray  # (REASONS, cases)
    events: np.ndarray  # (EVENTS, cases)
    revoked: np.ndarray
    completed: np.ndarray
    engagement: np.ndarray
    weekly: list[tuple]  # week, active, offered, kept, mean engagement, then counts of EVENTS
    log: list[tuple[np.ndarray, int, int, int]]  # cases, week, slot, event (index in EVENTS)


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


@dataclass(slots=True)
class RunState:
    """One run in progress: what is fixed for the run, then what each week changes.

    Fixed: the cases, scenario, rates, random streams, hazards, each case's officer's chance of
    accepting a borderline absence, the court's uniforms, the schedule by tier and week, and
    the programme waits. Changing: engagement and its level, who is active, breach action,
    warnings, recent licence failures, counts, the event log and the weekly rows.
    """

    c: Cases
    s: Scenario
    p: dict
    weeks: int
    rng: dict[str, np.random.Generator]
    h: Hazards
    coefficients: np.ndarray  # forget, drug, disengage and steady by case (``Hazards.per_case``)
    rate: dict[str, float]  # the scalar rates the loop reads, as floats
    window: int  # weeks a warning (and a licence failure) counts for
    recall_at: int  # licence failures in the window that bring recall
    resolution: int  # weeks from breach to the court
    added: int  # weeks of at least weekly contact after a breach is continued
    holding: int  # weeks between holding appointments while waiting for a programme group
    case_accept: np.ndarray
    officer: np.ndarray
    revoke_chance: np.ndarray
    court: np.ndarray  # a uniform per hearing and case
    schedule: np.ndarray  # appointments by tier row and week
    tier_row: np.ndarray
    slots: int
    wait: np.ndarray  # weeks each case waits for a programme group
    waiters: np.ndarray
    last_wait: int
    engagement: np.ndarray
    level: np.ndarray
    pull: np.ndarray  # the weekly pull towards the level: the drift while active, then 0
    active: np.ndarray
    pending: np.ndarray
    revoked: np.ndarray
    last_warning: np.ndarray
    recent: np.ndarray  # latest licence failures, oldest first
    appointments: np.ndarray
    hearings: np.ndarray  # breaches so far, to find each case's next court uniform
    weekly: list[tuple] | None
    gap: np.ndarray = field(init=False)
    intensified: list[tuple[int, np.ndarray]] = field(default_factory=list)  # (until week, cases)
    tally: list[np.ndarray] = field(default_factory=list)  # codes of appointments not kept on time
    due_by_week: dict[int, list[np.ndarray]] = field(default_factory=dict)  # breaches, by hearing week
    log: list[tuple[np.ndarray, int, int, int]] = field(default_factory=list)
    week_events: list[int] = field(default_factory=lambda: [0] * len(EVENTS))

    def __post_init__(self):
        self.gap = np.empty(len(self.c.case_id))

    def record(self, idx: np.ndarray, week: int, slot: int, event: str) -> None:
        """Log an event for some cases (counted per case once, at the end)."""
        if idx.size:
            self.log.append((idx, week, slot, _E[event]))
            self.week_events[_E[event]] += idx.size


class Slot(NamedTuple):  # a named tuple: built once per slot, and cheaper to build than a dataclass
    """One slot's appointments: who had one, who missed and why it was judged so, who was late."""

    idx: np.ndarray  # the cases with an appointment in this slot
    e: np.ndarray  # their engagement
    mi: np.ndarray  # positions in idx of those who missed
    who: np.ndarray  # the cases who missed
    accepted: np.ndarray  # per miss: the absence was accepted
    borderline: np.ndarray  # per miss: a work clash or illness without evidence
    unfair_miss: np.ndarray  # per miss: an absence the person saw as reasonable recorded as unacceptable
    li: np.ndarray  # positions in idx of those who came late
    beyond: np.ndarray  # per late arrival: beyond the tolerance applied
    unfair_late: np.ndarray  # per late arrival: beyond the tolerance applied but within the lever's


def start(c: Cases, s: Scenario, p: dict, seed, weeks: int, *, by_week: bool) -> RunState:
    """Draw what is fixed for the run (dispositions, officers, waits, the court's uniforms) and set out."""
    n = len(c.case_id)
    seq = np.random.SeedSequence(seed)
    rng = dict(zip(STREAMS, (np.random.default_rng(x) for x in seq.spawn(len(STREAMS))), strict=True))
    start_shift, level_shift = engagement_shift(p, s)
    m, k = p["engagement_mean"], p["engagement_concentration"]
    disposition = rng["engagement"].beta(m * k, (1 - m) * k, n)
    officers = int(p["officers"])
    accept = officer_acceptance(p, s, rng["officers"].standard_normal(officers))
    officer = rng["officers"].integers(0, officers, n)
    schedule = np.array(
        [appointments_per_week(s.schedule, weeks, s.contact_intensity, tier=t) for t in TIERS], np.int16
    ).reshape(len(TIERS), weeks)
    # From week 1 (after induction), people with a programme requirement under cohort starts
    # wait for the next group, seeing their officer only every `programme_wait_contact_weeks`.
    wait = rng["programme"].integers(0, int(p["programme_cohort_every_weeks"]), n) * c.programme
    wait = wait if s.programme_starts == "cohort" else np.zeros(n, np.int64)
    resolution, recall_at = int(p["breach_resolution_weeks"]), int(p["recall_failures"])
    window, added = int(p["warning_window_weeks"]), int(p["breach_added_weeks"])
    h = Hazards.of(p, s, c)
    return RunState(
        c=c, s=s, p=p, weeks=weeks, rng=rng, h=h, coefficients=h.per_case,
        rate={k: float(p[k]) for k in _SCALAR_RATES} | {"tolerance": float(s.lateness_tolerance_minutes)},
        window=window, recall_at=recall_at, resolution=resolution, added=added,
        holding=int(p["programme_wait_contact_weeks"]),
        case_accept=accept[officer], officer=officer,
        revoke_chance=p["revocation_chance"] * (1 - p["drr_breach_reluctance"] * c.drr),
        court=rng["court"].random((weeks // max(resolution, 1) + 1, n)),
        schedule=schedule, tier_row=c.tier - TIERS[0], slots=max(int(schedule.max(initial=0)), 1),
        wait=wait, waiters=np.flatnonzero(wait > 0), last_wait=int(wait.max(initial=0)),
        engagement=np.clip(disposition + start_shift, 0, 1), level=np.clip(disposition + level_shift, 0, 1),
        pull=np.full(n, float(p["engagement_drift"])), active=np.ones(n, bool), pending=np.zeros(n, bool),
        revoked=np.zeros(n, bool), last_warning=np.full(n, NEVER),
        recent=np.full((n, max(recall_at - 1, 1)), NEVER), appointments=np.zeros(n, np.int64),
        hearings=np.zeros(n, np.int64), weekly=[] if by_week else None,
    )  # fmt: skip


def hear_breaches(st: RunState, week: int) -> None:
    """The court deals with the breaches due this week: it revokes, or continues with weekly contact."""
    if week not in st.due_by_week:
        return
    due = np.sort(np.concatenate(st.due_by_week.pop(week)))
    revoke = st.court[st.hearings[due] - 1, due] < st.revoke_chance[due]  # first, second ... hearing
    ended, continued = due[revoke], due[~revoke]
    st.record(ended, week, 0, "revoked")
    st.record(continued, week, 0, "breach_continued")
    st.revoked[ended] = True
    st.active[ended] = False
    st.pull[ended] = 0
    st.pending[due] = False
    st.intensified.append((week + st.added, continued))


def offer(st: RunState, week: int) -> tuple[np.ndarray, np.ndarray]:
    """Appointments each case is offered this week, and the cases waiting for a programme group."""
    count = st.schedule[:, week][st.tier_row]
    waiters = st.waiters
    waiting = waiters[(week >= 1) & (week < 1 + st.wait[waiters])] if week <= st.last_wait else waiters[:0]
    waiting = waiting[st.active[waiting]]
    count[waiting] = int((week - 1) % st.holding == 0)
    st.intensified = [(until, cases) for until, cases in st.intensified if until > week]
    for _, cases in st.intensified:
        count[cases] = np.maximum(count[cases], 1)
    return count, waiting


def attend(st: RunState, idx: np.ndarray, u_attend: np.ndarray, u_late: np.ndarray) -> Slot:
    """Who among ``idx`` turns up, misses (for which reason, judged how) or comes late, and tally it."""
    h, rate, n = st.h, st.rate, len(st.c.case_id)
    e = st.engagement[idx]
    lack = 1 - e
    lack2 = lack * lack
    forget, drug, disengage, steady = np.take(st.coefficients, idx, axis=1)  # faster than [:, idx]
    forget *= lack2
    drug *= lack
    disengage *= lack2
    if h.capped:  # lack is at most 1: only coefficients above CAP can take a chance past it
        forget, drug, disengage = (np.minimum(x, CAP) for x in (forget, drug, disengage))
    stay = steady * (1 - forget) * (1 - drug) * (1 - disengage)  # chance of turning up
    if h.remind < 1:  # a reminder cuts the chance of missing for every reason alike
        stay = 1 - (1 - stay) * h.remind
    u = u_attend[idx]
    miss = u >= stay

    # Missed: the reason, then the officer's judgement of it.
    mi = np.flatnonzero(miss)
    who = idx[mi]
    chances = (forget[mi], h.work[who], drug[mi], h.illness, disengage[mi], h.misunderstand[who])
    cum = list(itertools.accumulate(chances))  # reason i is picked when cum[i - 1] <= pick < cum[i]
    pick = (u[mi] - stay[mi]) / (1 - stay[mi]) * cum[-1]
    reason = (np.stack(cum[:-1]) < pick).sum(axis=0)  # the last reason takes the rest
    ill, work = reason == _ILLNESS, reason == _WORK
    # Where pick fell within its reason's share is again uniform: the officer's judgement.
    uj = np.zeros(mi.size)
    np.divide(pick - cum[_WORK - 1], chances[_WORK], out=uj, where=work)
    np.divide(pick - cum[_ILLNESS - 1], h.illness, out=uj, where=ill)
    proof_share = rate["illness_proof_share"]
    proof = ill & (uj < proof_share)
    borderline = (ill | work) & ~proof
    if proof_share < 1:
        uj = np.where(ill, (uj - proof_share) / (1 - proof_share), uj)
    accepted = proof | (borderline & (uj < st.case_accept[who]))
    unfair_miss = ~accepted & (ill | work | (reason == _MISUNDERSTAND))

    # Attended: on time, late within the tolerance applied, or late beyond it.
    late_chance = rate["late_chance"]
    late_q = late_chance * (1.5 - e)
    if not 0 <= late_chance <= 1 / 1.5:  # engagement is in [0, 1], so only then can it leave [0, 1]
        late_q = np.clip(late_q, 0, 1)
    li = np.flatnonzero(~miss & (u_late[idx] < late_q))
    minutes = -rate["late_minutes_mean"] * np.log1p(-u_late[idx[li]] / late_q[li])
    # Unless tolerance is consistent, each unit applies its own, from 0 to twice the lever's.
    tolerance = rate["tolerance"]
    applied = tolerance if st.s.tolerance_consistent else 2 * tolerance * u[li] / stay[li]
    beyond = minutes > applied
    unfair_late = beyond & (minutes <= tolerance)

    st.appointments[idx] += 1
    # a missed appointment's code is (reason, accepted, case), a late one's (lateness, case)
    st.tally += [(reason * 2 + accepted) * n + who, (2 * len(REASONS) + beyond) * n + idx[li]]
    return Slot(idx, e, mi, who, accepted, borderline, unfair_miss, li, beyond, unfair_late)


def enforce(st: RunState, week: int, slot_number: int, slot: Slot) -> np.ndarray:
    """Each unacceptable failure, in case order, as the law requires (FACTS 3a and 3b); the cases warned."""
    idx = slot.idx
    failed = np.zeros(idx.size, bool)
    failed[slot.mi[~slot.accepted]] = True
    failed[slot.li[slot.beyond]] = True
    fail = idx[failed]
    st.record(fail, week, slot_number, "failure")
    on_licence = st.c.licence[fail]
    lic = fail[on_licence]
    window = st.window
    recall = 1 + (st.recent[lic] > week - window).sum(axis=1) >= st.recall_at
    st.record(lic[recall], week, slot_number, "recall")
    st.active[lic[recall]] = False
    st.pull[lic[recall]] = 0
    kept_on = lic[~recall]
    for j in range(st.recent.shape[1] - 1):
        st.recent[kept_on, j] = st.recent[kept_on, j + 1]
    st.recent[kept_on, -1] = week
    community = fail[~on_licence]
    community = community[~st.pending[community]]
    breach_now = st.last_warning[community] > week - window
    warn, breach = community[~breach_now], community[breach_now]
    st.record(warn, week, slot_number, "warning")
    if st.s.verbal_warning:  # alongside the statutory warning, never instead of it
        st.record(warn, week, slot_number, "verbal_warning")
    st.record(breach, week, slot_number, "breach")
    st.last_warning[warn] = week
    st.pending[breach] = True
    st.hearings[breach] += 1
    if breach.size:
        st.due_by_week.setdefault(week + st.resolution, []).append(breach)
    return warn


def move_engagement(st: RunState, slot: Slot, warn: np.ndarray) -> None:
    """Kept appointments build engagement; fairness and unfairness move it, and unfairness its level."""
    idx, e, mi = slot.idx, slot.e, slot.mi
    penalty = st.rate["unfair_penalty"]
    moved = e + st.rate["kept_boost"]  # kept, on time or late within the tolerance
    fair = st.rate["fair_boost"] * (slot.borderline & slot.accepted)
    moved[mi] = e[mi] + fair - penalty * slot.unfair_miss
    late_beyond = slot.li[slot.beyond]
    moved[late_beyond] = e[late_beyond] - penalty * slot.unfair_late[slot.beyond]
    if st.s.verbal_warning:
        moved[np.searchsorted(idx, warn)] += st.rate["verbal_warning_gain"]
    st.engagement[idx] = np.clip(moved, 0, 1)
    unfair = np.concatenate([slot.who[slot.unfair_miss], idx[slot.li[slot.unfair_late]]])
    st.level[unfair] = np.clip(st.level[unfair] - 0.5 * penalty, 0, 1)


def end_week(st: RunState, week: int, waiting: np.ndarray, offered: int, kept: int) -> None:
    """Engagement drifts towards its level; motivation fades while waiting for a group; a weekly row."""
    np.subtract(st.level, st.engagement, out=st.gap)
    st.gap *= st.pull
    st.engagement += st.gap
    waiting = waiting[st.active[waiting]]
    if waiting.size:
        decay = st.rate["programme_wait_decay"]
        st.engagement[waiting] = np.clip(st.engagement[waiting] - decay, 0, 1)
        st.level[waiting] = np.clip(st.level[waiting] - decay, 0, 1)
    if st.weekly is not None:
        active_now = int(st.active.sum())
        mean = float((st.engagement * st.active).sum() / active_now) if active_now else np.nan
        st.weekly.append((week, active_now, offered, kept, mean, *st.week_events))


def finish(st: RunState) -> Run:
    """Count outcomes, reasons and events per case from the tally and the log."""
    n = len(st.c.case_id)
    codes = np.concatenate(st.tally) if st.tally else np.zeros(0, np.int64)
    counted = np.bincount(codes, minlength=(2 * len(REASONS) + 2) * n).reshape(-1, n)
    missed = counted[: 2 * len(REASONS)].reshape(len(REASONS), 2, n)
    outcomes = np.stack(
        [st.appointments - counted.sum(axis=0), counted[-2], counted[-1], missed[:, 1].sum(axis=0),
         missed[:, 0].sum(axis=0)]
    )  # fmt: skip
    event_counts = np.zeros((len(EVENTS), n), np.int64)
    for i in range(len(EVENTS)):
        logged = [cases for cases, _, _, code in st.log if code == i]
        if logged:
            event_counts[i] = np.bincount(np.concatenate(logged), minlength=n)
    return Run(
        st.officer, st.wait, st.appointments, outcomes, missed.sum(axis=1), event_counts, st.revoked,
        st.active & ~st.pending, st.engagement, st.weekly or [], st.log,
    )  # fmt: skip


def run(c: Cases, s: Scenario, p: dict, seed, weeks: int, *, by_week: bool = True) -> Run:
    """Step one scenario over the cases week by week.

    Args:
        c: The cases.
        s: The scenario's levers.
        p: The model rates.
        seed: Seed for the random streams.
        weeks: Length of every order in weeks.
        by_week: Keep the weekly rows (``replicate`` needs only the per-case arrays).

    Returns:
        The run's arrays, weekly rows (empty unless ``by_week``) and event log.
    """
    st = start(c, s, p, seed, weeks, by_week=by_week)
    n = len(c.case_id)
    for week in range(weeks):
        st.week_events[:] = [0] * len(EVENTS)
        hear_breaches(st, week)
        count, waiting = offer(st, week)
        offered = kept = 0
        for slot_number in range(st.slots):
            u_attend, u_late = st.rng["appointments"].random((2, n))
            idx = np.flatnonzero(st.active & (count > slot_number))
            if not idx.size:
                continue
            slot = attend(st, idx, u_attend, u_late)
            offered += idx.size
            kept += idx.size - slot.mi.size - int(slot.beyond.sum())
            warn = enforce(st, week, slot_number, slot)
            move_engagement(st, slot, warn)
        end_week(st, week, waiting, offered, kept)
    return finish(st)
