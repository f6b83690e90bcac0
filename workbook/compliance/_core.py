"""The compliance model's week loop over a caseload's arrays (``simulate`` turns it into frames).

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
from dataclasses import dataclass

import numpy as np
import pandas as pd

from workbook.compliance._parameters import TIERS, appointments_per_week
from workbook.tiering import tier_2005

OUTCOMES = ("kept", "late_ok", "late_beyond", "absent_acceptable", "absent_unacceptable")
REASONS = ("forgetting", "work_conflict", "drug_use", "illness_family", "disengagement", "misunderstanding")
EVENTS = ("failure", "verbal_warning", "warning", "breach", "breach_continued", "revoked", "recall")
STREAMS = ("engagement", "officers", "appointments", "court", "programme")
REQUIRED_COLUMNS = (
    "case_id",
    "order_type",
    "custodial",
    "req_drr",
    "need_drug_misuse",
    "shift_work",
    "literacy_below_l1",
    "youth_transition",
    "req_programme",
)
NEVER = -(10**6)
CAP = 0.95  # no reason makes missing more likely than this
_KEPT, _LATE_OK, _LATE_BEYOND, _ACCEPTABLE, _UNACCEPTABLE = range(5)
_WORK, _ILLNESS, _MISUNDERSTAND = 1, 3, 5
_E = {event: i for i, event in enumerate(EVENTS)}


@dataclass(frozen=True)
class Cases:
    """The case features the model reads, as arrays."""

    case_id: np.ndarray
    licence: np.ndarray
    drr: np.ndarray
    drug_severe: np.ndarray
    shift_work: np.ndarray
    literacy: np.ndarray
    youth: np.ndarray
    programme: np.ndarray
    tier: np.ndarray

    @classmethod
    def from_caseload(cls, caseload: pd.DataFrame) -> Cases:
        """Read the model's features from a caseload frame.

        The tier is the 2005 Offender Management Model's (``workbook.tiering.tier_2005`` with its
        default rules), which the National Standards contact schedules are set by.

        Raises:
            KeyError: If a needed column is missing.
            ValueError: If a column the tiering reads is missing or out of the schema.
        """
        missing = [c for c in REQUIRED_COLUMNS if c not in caseload.columns]
        if missing:
            raise KeyError(f"caseload lacks column(s): {', '.join(missing)}")
        return cls(
            case_id=caseload["case_id"].to_numpy(),
            licence=caseload["custodial"].to_numpy(bool) | (caseload["order_type"] == "licence").to_numpy(),
            drr=caseload["req_drr"].to_numpy(bool),
            drug_severe=(caseload["need_drug_misuse"] == "severe").to_numpy(),
            shift_work=caseload["shift_work"].to_numpy(bool),
            literacy=caseload["literacy_below_l1"].to_numpy(bool),
            youth=caseload["youth_transition"].to_numpy(bool),
            programme=caseload["req_programme"].to_numpy(bool),
            tier=tier_2005(caseload)["tier"].to_numpy(np.int64),
        )


@dataclass(frozen=True)
class Hazards:
    """Each case's chance of missing one appointment for each reason, as coefficients on engagement.

    With ``lack = 1 - engagement``, the chances in ``REASONS`` order are ``min(forget * lack², CAP)``,
    ``work``, ``min(drug * lack, CAP)``, ``illness``, ``min(disengage * lack², CAP)`` and
    ``misunderstand``; ``steady`` is the chance of missing for none of the three that do not
    depend on engagement. A text reminder multiplies the whole chance of missing, whatever the
    reason, by ``remind`` (the trials measured its effect on all missed appointments).
    """

    forget: np.ndarray
    work: np.ndarray
    drug: np.ndarray
    illness: float
    disengage: np.ndarray
    misunderstand: np.ndarray
    steady: np.ndarray
    capped: bool
    remind: float = 1.0

    @property
    def per_case(self) -> np.ndarray:
        """Forget, drug, disengage and steady coefficients stacked, to take a slot's cases at once."""
        return np.stack([self.forget, self.drug, self.disengage, self.steady])

    @classmethod
    def of(cls, p: dict, s, c: Cases) -> Hazards:
        """The coefficients for the rates ``p``, scenario ``s`` and cases ``c``."""
        youth = 1 + p["youth_multiplier"] * c.youth
        forget = p["forget_chance"] * youth * 4 * (1 - p["mentor_forgetting_cut"] * s.compliance_mentor)
        work = p["work_conflict_chance"] * np.where(c.shift_work, 1.0, p["work_conflict_nonshift_ratio"])
        work = np.clip(work * (1 - p["flexible_rescheduling_effect"] * s.flexible_rescheduling), 0, CAP)
        illness = float(np.clip(p["illness_chance"], 0, CAP))
        misunderstand = np.clip(
            p["misunderstand_chance"] * c.literacy * (1 - p["induction_understanding"] * s.induction_quality),
            0,
            CAP,
        )
        # lack and lack² are never negative, so clipping a coefficient at 0 clips its chance at 0
        forget = np.maximum(forget, 0)
        drug = np.maximum(p["drug_chaos_chance"] * c.drug_severe * 2, 0)
        disengage = np.maximum(p["disengage_chance"] * youth * 4, 0)
        return cls(
            forget=forget,
            work=work,
            drug=drug,
            illness=illness,
            disengage=disengage,
            misunderstand=misunderstand,
            steady=(1 - work) * (1 - illness) * (1 - misunderstand),
            capped=max(forget.max(initial=0), drug.max(initial=0), disengage.max(initial=0)) > CAP,
            remind=float(np.clip(1 - p["reminder_missing_cut"] * s.text_reminders, 0, 1)),
        )


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


def engagement_shift(p: dict, s) -> tuple[float, float]:
    """Rise in starting engagement and in the engagement level from the scenario's relationship levers."""
    induction = p["continuity_gain"] * s.induction_continuity + p["induction_gain"] * (
        s.induction_quality - 0.5
    )
    return induction, induction + p["mentor_gain"] * s.compliance_mentor


def officer_acceptance(p: dict, s, z: np.ndarray) -> np.ndarray:
    """Each officer's chance of accepting a borderline absence, from standard-normal officer effects."""
    logit = np.log(s.officer_discretion / (1 - s.officer_discretion)) + p["officer_spread"] * z
    return 1 / (1 + np.exp(-logit))


def run(c: Cases, s, p: dict, seed, weeks: int, *, by_week: bool = True) -> Run:
    """Step one scenario over the cases week by week.

    Args:
        c: The cases.
        s: The scenario (``Scenario``).
        p: The model rates.
        seed: Seed for the random streams.
        weeks: Length of every order in weeks.
        by_week: Keep the weekly rows (``replicate`` needs only the per-case arrays).

    Returns:
        The run's arrays, weekly rows (empty unless ``by_week``) and event log.
    """
    n = len(c.case_id)
    window, resolution = int(p["warning_window_weeks"]), int(p["breach_resolution_weeks"])
    recall_at, added = int(p["recall_failures"]), int(p["breach_added_weeks"])
    seq = np.random.SeedSequence(seed)
    rng = dict(zip(STREAMS, (np.random.default_rng(x) for x in seq.spawn(len(STREAMS))), strict=True))

    start_shift, level_shift = engagement_shift(p, s)
    m, k = p["engagement_mean"], p["engagement_concentration"]
    disposition = rng["engagement"].beta(m * k, (1 - m) * k, n)
    engagement = np.clip(disposition + start_shift, 0, 1)
    level = np.clip(disposition + level_shift, 0, 1)
    officers = int(p["officers"])
    accept = officer_acceptance(p, s, rng["officers"].standard_normal(officers))
    officer = rng["officers"].integers(0, officers, n)
    case_accept = accept[officer]
    h = Hazards.of(p, s, c)
    coefficients = h.per_case
    revoke_chance = p["revocation_chance"] * (1 - p["drr_breach_reluctance"] * c.drr)
    proof_share = float(p["illness_proof_share"])
    late_chance, late_mean = float(p["late_chance"]), float(p["late_minutes_mean"])
    kept_boost, fair_boost, penalty = (
        float(p["kept_boost"]),
        float(p["fair_boost"]),
        float(p["unfair_penalty"]),
    )
    verbal_gain, drift = float(p["verbal_warning_gain"]), float(p["engagement_drift"])
    tolerance = float(s.lateness_tolerance_minutes)

    schedule = np.array(
        [appointments_per_week(s.schedule, weeks, s.contact_intensity, tier=t) for t in TIERS], np.int16
    ).reshape(len(TIERS), weeks)
    tier_row = c.tier - TIERS[0]  # each case's row of the schedule
    slots = max(int(schedule.max(initial=0)), 1)
    # From week 1 (after induction), people with a programme requirement under cohort starts
    # wait for the next group, seeing their officer only every `holding` weeks.
    wait = rng["programme"].integers(0, int(p["programme_cohort_every_weeks"]), n) * c.programme
    wait = wait if s.programme_starts == "cohort" else np.zeros(n, np.int64)
    waiters = np.flatnonzero(wait > 0)
    holding, decay = int(p["programme_wait_contact_weeks"]), float(p["programme_wait_decay"])
    last_wait = int(wait.max(initial=0))

    active = np.ones(n, bool)
    pull = np.full(n, drift)  # the weekly pull towards the level: the drift while active, then 0
    gap = np.empty(n)
    pending = np.zeros(n, bool)
    revoked = np.zeros(n, bool)
    last_warning = np.full(n, NEVER)
    intensified: list[tuple[int, np.ndarray]] = []  # (until week, cases) seen at least weekly after breach
    recent = np.full((n, max(recall_at - 1, 1)), NEVER)  # latest licence failures, oldest first
    appointments = np.zeros(n, np.int64)
    hearings = np.zeros(n, np.int64)  # breaches so far, to find each case's next court uniform
    tally: list[np.ndarray] = []  # codes of the appointments not kept on time, counted at the end
    due_by_week: dict[int, list[np.ndarray]] = {}  # breaches the court deals with, by week
    court = rng["court"].random((weeks // max(resolution, 1) + 1, n))  # a uniform per case and hearing
    log: list[tuple[np.ndarray, int, int, int]] = []
    weekly: list[tuple] | None = [] if by_week else None
    week_events = [0] * len(EVENTS)

    def record(idx: np.ndarray, week: int, slot: int, event: str) -> None:
        if idx.size:  # counted per case once, at the end
            log.append((idx, week, slot, _E[event]))
            week_events[_E[event]] += idx.size

    for week in range(weeks):
        week_events[:] = [0] * len(EVENTS)
        if week in due_by_week:
            due = np.sort(np.concatenate(due_by_week.pop(week)))
            revoke = court[hearings[due] - 1, due] < revoke_chance[due]  # first, second ... hearing
            ended, continued = due[revoke], due[~revoke]
            record(ended, week, 0, "revoked")
            record(continued, week, 0, "breach_continued")
            revoked[ended] = True
            active[ended] = False
            pull[ended] = 0
            pending[due] = False
            intensified.append((week + added, continued))

        count = schedule[:, week][tier_row]
        waiting = waiters[(week >= 1) & (week < 1 + wait[waiters])] if week <= last_wait else waiters[:0]
        waiting = waiting[active[waiting]]
        count[waiting] = int((week - 1) % holding == 0)
        intensified = [(until, cases) for until, cases in intensified if until > week]
        for _, cases in intensified:
            count[cases] = np.maximum(count[cases], 1)
        offered = kept = 0
        for slot in range(slots):
            u_attend, u_late = rng["appointments"].random((2, n))
            idx = np.flatnonzero(active & (count > slot))
            if not idx.size:
                continue
            e = engagement[idx]
            lack = 1 - e
            lack2 = lack * lack
            forget, drug, disengage, steady = np.take(coefficients, idx, axis=1)  # faster than [:, idx]
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
            proof = ill & (uj < proof_share)
            borderline = (ill | work) & ~proof
            if proof_share < 1:
                uj = np.where(ill, (uj - proof_share) / (1 - proof_share), uj)
            accepted = proof | (borderline & (uj < case_accept[who]))
            unfair_miss = ~accepted & (ill | work | (reason == _MISUNDERSTAND))

            # Attended: on time, late within the tolerance applied, or late beyond it.
            late_q = late_chance * (1.5 - e)
            if not 0 <= late_chance <= 1 / 1.5:  # engagement is in [0, 1], so only then can it leave [0, 1]
                late_q = np.clip(late_q, 0, 1)
            li = np.flatnonzero(~miss & (u_late[idx] < late_q))
            minutes = -late_mean * np.log1p(-u_late[idx[li]] / late_q[li])
            # Unless tolerance is consistent, each unit applies its own, from 0 to twice the lever's.
            applied = tolerance if s.tolerance_consistent else 2 * tolerance * u[li] / stay[li]
            beyond = minutes > applied
            unfair_late = beyond & (minutes <= tolerance)

            appointments[idx] += 1
            # a missed appointment's code is (reason, accepted, case), a late one's (lateness, case)
            tally += [(reason * 2 + accepted) * n + who, (2 * len(REASONS) + beyond) * n + idx[li]]
            offered += idx.size
            kept += idx.size - mi.size - int(beyond.sum())

            # Enforcement, failure by failure in case order (FACTS 3a and 3b).
            failed = np.zeros(idx.size, bool)
            failed[mi[~accepted]] = True
            failed[li[beyond]] = True
            fail = idx[failed]
            record(fail, week, slot, "failure")
            on_licence = c.licence[fail]
            lic = fail[on_licence]
            recall = 1 + (recent[lic] > week - window).sum(axis=1) >= recall_at
            record(lic[recall], week, slot, "recall")
            active[lic[recall]] = False
            pull[lic[recall]] = 0
            kept_on = lic[~recall]
            for j in range(recent.shape[1] - 1):
                recent[kept_on, j] = recent[kept_on, j + 1]
            recent[kept_on, -1] = week
            community = fail[~on_licence]
            community = community[~pending[community]]
            breach_now = last_warning[community] > week - window
            warn, breach = community[~breach_now], community[breach_now]
            record(warn, week, slot, "warning")
            if s.verbal_warning:  # alongside the statutory warning, never instead of it
                record(warn, week, slot, "verbal_warning")
            record(breach, week, slot, "breach")
            last_warning[warn] = week
            pending[breach] = True
            hearings[breach] += 1
            if breach.size:
                due_by_week.setdefault(week + resolution, []).append(breach)

            # Engagement: kept appointments build it; fairness and unfairness move it and its level.
            moved = e + kept_boost  # kept, on time or late within the tolerance
            moved[mi] = e[mi] + fair_boost * (borderline & accepted) - penalty * unfair_miss
            late_beyond = li[beyond]
            moved[late_beyond] = e[late_beyond] - penalty * unfair_late[beyond]
            if s.verbal_warning:
                moved[np.searchsorted(idx, warn)] += verbal_gain
            engagement[idx] = np.clip(moved, 0, 1)
            unfair = np.concatenate([who[unfair_miss], idx[li[unfair_late]]])
            level[unfair] = np.clip(level[unfair] - 0.5 * penalty, 0, 1)

        np.subtract(level, engagement, out=gap)
        gap *= pull
        engagement += gap
        waiting = waiting[active[waiting]]
        if waiting.size:  # motivation fades while waiting for a group
            engagement[waiting] = np.clip(engagement[waiting] - decay, 0, 1)
            level[waiting] = np.clip(level[waiting] - decay, 0, 1)
        if weekly is not None:
            active_now = int(active.sum())
            mean = float((engagement * active).sum() / active_now) if active_now else np.nan
            weekly.append((week, active_now, offered, kept, mean, *week_events))

    codes = np.concatenate(tally) if tally else np.zeros(0, np.int64)
    counted = np.bincount(codes, minlength=(2 * len(REASONS) + 2) * n).reshape(-1, n)
    missed = counted[: 2 * len(REASONS)].reshape(len(REASONS), 2, n)
    outcomes = np.stack(
        [appointments - counted.sum(axis=0), counted[-2], counted[-1], missed[:, 1].sum(axis=0),
         missed[:, 0].sum(axis=0)]
    )  # fmt: skip
    event_counts = np.zeros((len(EVENTS), n), np.int64)
    for i in range(len(EVENTS)):
        logged = [cases for cases, _, _, code in log if code == i]
        if logged:
            event_counts[i] = np.bincount(np.concatenate(logged), minlength=n)
    return Run(
        officer, wait, appointments, outcomes, missed.sum(axis=1), event_counts, revoked,
        active & ~pending, engagement, weekly or [], log,
    )  # fmt: skip
