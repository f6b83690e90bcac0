"""The compliance model's week loop over a caseload's arrays (``simulate`` turns it into frames).

``run`` starts a ``RunState`` and steps it week by week: the court hears the breaches due,
each case is offered the week's appointments, and slot by slot people attend or miss
(``attend``), failures are enforced as the law requires (``enforce``) and engagement moves
(``move_engagement``); at the end of the week engagement drifts towards its level
(``end_week``). ``finish`` counts what the run leaves.

Work is kept to the cases that need it: each slot of a week handles only the cases with an
appointment in it, reasons and judgements only the appointments missed, lateness only those
attended, enforcement only the failures, and the court only the breaches due that week.
Whatever does not depend on the seed (each case's hazard coefficients, the schedule by tier,
the chance a court revokes) is worked out once in a ``Plan``, which ``replicate`` shares
between its runs; counts per case are tallied once, at the end, from what each slot kept.

Random numbers: each slot draws two uniforms per case (attendance, lateness) for every case,
with an appointment or not, and the court's decisions are drawn up
front, one per case and hearing; so two scenarios run with the same seed meet the same numbers
case by case and their difference is less noisy (common random numbers). One uniform serves
several decisions in turn: when ``u < p`` decides something, ``u / p`` is again uniform if it
happened and ``(u - p) / (1 - p)`` if not; where a missed appointment's uniform falls within
the share of the reason it picks is uniform again.

The arithmetic is written to give the same numbers, bit for bit, as the plain form in each
comment (``tests/test_compliance_recorded.py`` holds it to results recorded before it was made
faster): the same operations on the same values in the same order, only on fewer of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import NamedTuple

import numpy as np

from workbook.compliance._cases import EVENTS, REASONS, Cases
from workbook.compliance._plan import Plan, engagement_shift, officer_acceptance, turn_up_chances
from workbook.compliance._scenario import Scenario

STREAMS = ("engagement", "officers", "appointments", "court", "programme")
NEVER = -(10**6)
_WORK, _ILLNESS, _MISUNDERSTAND = 1, 3, 5
_E = {event: i for i, event in enumerate(EVENTS)}
BATCH_CASES = 200_000  # cases stepped at once when runs go side by side


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


@dataclass(slots=True)
class RunState:
    """One run in progress: its plan and random streams, then what each week changes.

    Fixed: the plan, the streams, each case's officer and that officer's chance of accepting a
    borderline absence, the court's uniforms and the programme waits. Changing: engagement and
    its level, who is active, breach action, warnings, recent licence failures, what the slots
    kept for the tally, the event log and the weekly rows.
    """

    plan: Plan
    draws: list[np.random.Generator]  # each run's stream of appointment uniforms
    case_accept: np.ndarray
    officer: np.ndarray
    court: np.ndarray  # a uniform per hearing and case
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
    uniforms: np.ndarray = field(init=False)  # a slot's draws per run: attendance, lateness
    u_attend: np.ndarray = field(init=False)
    u_late: np.ndarray = field(init=False)
    scratch: np.ndarray = field(init=False)
    gap: np.ndarray = field(init=False)
    intensified: list[tuple[int, np.ndarray]] = field(default_factory=list)  # (until week, cases)
    missed: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = field(
        default_factory=list
    )  # who, why, accepted
    late: list[tuple[np.ndarray, np.ndarray]] = field(default_factory=list)  # who, beyond the tolerance
    due_by_week: dict[int, list[np.ndarray]] = field(default_factory=dict)  # breaches, by hearing week
    log: list[tuple[np.ndarray, int, int, int]] = field(default_factory=list)
    week_events: list[int] = field(default_factory=lambda: [0] * len(EVENTS))

    def __post_init__(self):
        total, runs = len(self.engagement), len(self.draws)
        self.uniforms = np.empty((runs, 2, total // runs))
        self.u_attend, self.u_late = (
            (self.uniforms[0, 0], self.uniforms[0, 1]) if runs == 1 else np.empty((2, total))
        )
        self.scratch = np.empty(total, bool)
        self.gap = np.empty(total)

    def draw(self) -> None:
        """Draw a slot's uniforms: two per case, attendance then lateness, from each run's own stream."""
        for uniforms, draws in zip(self.uniforms, self.draws, strict=True):
            draws.random(out=uniforms)
        if len(self.draws) > 1:  # runs side by side: their cases follow one another
            np.copyto(self.u_attend.reshape(len(self.draws), -1), self.uniforms[:, 0])
            np.copyto(self.u_late.reshape(len(self.draws), -1), self.uniforms[:, 1])

    def record(self, idx: np.ndarray, week: int, slot: int, event: str) -> None:
        """Log an event for some cases (counted per case once, at the end)."""
        if idx.size:
            self.log.append((idx, week, slot, _E[event]))
            self.week_events[_E[event]] += idx.size


class Slot(NamedTuple):  # a named tuple: built once per slot, and cheaper to build than a dataclass
    """One slot's appointments: who missed and how it was judged, who came late (all as case numbers)."""

    who: np.ndarray  # the cases who missed
    e_missed: np.ndarray  # their engagement
    accepted: np.ndarray  # per miss: the absence was accepted
    borderline: np.ndarray  # per miss: a work clash or illness without evidence
    unfair_miss: np.ndarray  # per miss: an absence the person saw as reasonable recorded as unacceptable
    late: np.ndarray  # the cases who came late
    e_late: np.ndarray  # their engagement
    beyond: np.ndarray  # per late arrival: beyond the tolerance applied
    unfair_late: np.ndarray  # per late arrival: beyond the tolerance applied but within the lever's


def start(plan: Plan, seeds: list, *, by_week: bool) -> RunState:
    """Draw what is fixed for each run (dispositions, officers, waits, the court's uniforms) and set out.

    ``plan`` is over ``len(seeds)`` copies of the cases, one after another: one run per seed, side
    by side, each drawing from its own streams exactly what it would draw alone.
    """
    c, s, p, weeks = plan.c, plan.s, plan.p, plan.weeks
    total = len(c.case_id)
    n = total // len(seeds)
    m, k = p["engagement_mean"], p["engagement_concentration"]
    officers, hearings = int(p["officers"]), weeks // max(plan.resolution, 1) + 1
    disposition, case_accept, court = np.empty(total), np.empty(total), np.empty((hearings, total))
    officer, wait = np.empty(total, np.int64), np.empty(total, np.int64)
    draws = []
    for i, seed in enumerate(seeds):
        part = slice(i * n, (i + 1) * n)
        seq = np.random.SeedSequence(seed)
        rng = dict(zip(STREAMS, (np.random.default_rng(x) for x in seq.spawn(len(STREAMS))), strict=True))
        disposition[part] = rng["engagement"].beta(m * k, (1 - m) * k, n)
        accept = officer_acceptance(p, s, rng["officers"].standard_normal(officers))
        officer[part] = rng["officers"].integers(0, officers, n)
        case_accept[part] = accept[officer[part]]
        # From week 1 (after induction), people with a programme requirement under cohort starts
        # wait for the next group, seeing their officer only every `programme_wait_contact_weeks`.
        wait[part] = (
            rng["programme"].integers(0, int(p["programme_cohort_every_weeks"]), n) * c.programme[part]
        )
        court[:, part] = rng["court"].random((hearings, n))
        draws.append(rng["appointments"])
    if s.programme_starts != "cohort":
        wait[:] = 0
    start_shift, level_shift = engagement_shift(p, s)
    return RunState(
        plan=plan, draws=draws, case_accept=case_accept, officer=officer, court=court,
        wait=wait, waiters=np.flatnonzero(wait > 0), last_wait=int(wait.max(initial=0)),
        engagement=np.clip(disposition + start_shift, 0, 1), level=np.clip(disposition + level_shift, 0, 1),
        pull=np.full(total, float(p["engagement_drift"])), active=np.ones(total, bool),
        pending=np.zeros(total, bool), revoked=np.zeros(total, bool), last_warning=np.full(total, NEVER),
        recent=np.full((total, max(plan.recall_at - 1, 1)), NEVER), appointments=np.zeros(total, np.int64),
        hearings=np.zeros(total, np.int64), weekly=[] if by_week else None,
    )  # fmt: skip


def hear_breaches(st: RunState, week: int) -> None:
    """The court deals with the breaches due this week: it revokes, or continues with weekly contact."""
    if week not in st.due_by_week:
        return
    due = np.sort(np.concatenate(st.due_by_week.pop(week)))
    revoke = st.court[st.hearings[due] - 1, due] < st.plan.revoke_chance[due]  # first, second ... hearing
    ended, continued = due[revoke], due[~revoke]
    st.record(ended, week, 0, "revoked")
    st.record(continued, week, 0, "breach_continued")
    st.revoked[ended] = True
    st.active[ended] = False
    st.pull[ended] = 0
    st.pending[due] = False
    st.intensified.append((week + st.plan.added, continued))


def offer(st: RunState, week: int) -> tuple[np.ndarray, np.ndarray]:
    """Appointments each case is offered this week, and the cases waiting for a programme group."""
    count = st.plan.counts[week].take(st.plan.tier_row)
    waiters = st.waiters
    waiting = waiters[(week >= 1) & (week < 1 + st.wait[waiters])] if week <= st.last_wait else waiters[:0]
    waiting = waiting[st.active[waiting]]
    count[waiting] = int((week - 1) % st.plan.holding == 0)
    st.intensified = [(until, cases) for until, cases in st.intensified if until > week]
    for _, cases in st.intensified:
        count[cases] = np.maximum(count[cases], 1)
    return count, waiting


def attend(st: RunState, offered: np.ndarray, u_attend: np.ndarray, u_late: np.ndarray) -> Slot:
    """Who among the cases ``offered`` an appointment misses (why, judged how) or comes late.

    Per case with an appointment: missed when ``u_attend >= chance of turning up``; if not, late
    when ``u_late < late_chance * (1.5 - engagement)``. Only the cases whose uniforms could
    decide either way (``Plan.stay_floor``, ``Plan.late_bound``) are worked out exactly.
    """
    plan = st.plan
    h, rate = plan.h, plan.rate
    could = np.greater_equal(u_attend, plan.stay_floor, out=st.scratch)
    could &= offered
    cand = np.flatnonzero(could)
    forget, drug, disengage, stay = turn_up_chances(h, cand, st.engagement.take(cand))
    u = u_attend.take(cand)
    mi = np.flatnonzero(u >= stay)  # positions in cand of those who missed

    # Missed: the reason, then the officer's judgement of it.
    who = cand.take(mi)
    chances = np.empty((len(REASONS), mi.size))
    forget.take(mi, out=chances[0])
    h.work.take(who, out=chances[1])
    drug.take(mi, out=chances[2])
    chances[3] = h.illness
    disengage.take(mi, out=chances[4])
    h.misunderstand.take(who, out=chances[5])
    cum = chances.copy()  # reason i is picked when cum[i - 1] <= pick < cum[i]
    for i in range(1, len(REASONS)):
        cum[i] += cum[i - 1]
    stay_m = stay.take(mi)
    pick = u.take(mi)  # (u - stay) / (1 - stay) * cum[-1]
    pick -= stay_m
    pick /= np.subtract(1, stay_m, out=stay_m)
    pick *= cum[-1]
    reason = np.count_nonzero(cum[:-1] < pick, axis=0)  # the last reason takes the rest
    # Where pick fell within its reason's share is again uniform: the officer's judgement.
    accepted = np.zeros(mi.size, bool)
    borderline = np.zeros(mi.size, bool)
    unfair_miss = reason == _MISUNDERSTAND
    work = np.flatnonzero(reason == _WORK)
    uj = pick.take(work)  # (pick - cum[work - 1]) / chance of work
    uj -= cum[_WORK - 1].take(work)
    uj /= chances[_WORK].take(work)
    borderline[work] = True
    accepted[work] = uj < st.case_accept.take(who.take(work))
    ill = np.flatnonzero(reason == _ILLNESS)
    uj = pick.take(ill)  # (pick - cum[illness - 1]) / chance of illness
    uj -= cum[_ILLNESS - 1].take(ill)
    uj /= h.illness
    proof_share = rate["illness_proof_share"]
    proof = uj < proof_share
    if proof_share < 1:
        uj = (uj - proof_share) / (1 - proof_share)
    borderline[ill] = ~proof
    accepted[ill] = proof | (~proof & (uj < st.case_accept.take(who.take(ill))))
    unfair_miss[work] = ~accepted[work]
    unfair_miss[ill] = ~accepted[ill]

    # Attended: on time, late within the tolerance applied, or late beyond it.
    could = np.less(u_late, plan.late_bound, out=st.scratch)
    could &= offered
    late = np.flatnonzero(could)
    if who.size and late.size:  # those who missed did not come late
        at = np.minimum(np.searchsorted(who, late), who.size - 1)
        late = late[who.take(at) != late]
    e_late = st.engagement.take(late)
    late_chance = rate["late_chance"]
    late_q = np.subtract(1.5, e_late)  # late_chance * (1.5 - e)
    late_q *= late_chance
    if not 0 <= late_chance <= 1 / 1.5:  # engagement is in [0, 1], so only then can it leave [0, 1]
        np.clip(late_q, 0, 1, out=late_q)
    late_u = u_late.take(late)
    came_late = np.flatnonzero(late_u < late_q)
    late, e_late, late_u, late_q = (x.take(came_late) for x in (late, e_late, late_u, late_q))
    minutes = -rate["late_minutes_mean"] * np.log1p(-late_u / late_q)
    # Unless tolerance is consistent, each unit applies its own, from 0 to twice the lever's.
    tolerance = rate["tolerance"]
    if plan.s.tolerance_consistent:
        applied = tolerance
    else:
        applied = 2 * tolerance * u_attend.take(late) / turn_up_chances(h, late, e_late)[3]
    beyond = minutes > applied
    unfair_late = beyond & (minutes <= tolerance)

    st.missed.append((who, reason, accepted))
    st.late.append((late, beyond))
    return Slot(
        who, st.engagement.take(who), accepted, borderline, unfair_miss, late, e_late, beyond, unfair_late
    )


def enforce(st: RunState, week: int, slot_number: int, slot: Slot) -> np.ndarray:
    """Each unacceptable failure, in case order, as the law requires (FACTS 3a and 3b); the cases warned."""
    plan = st.plan
    fail = np.concatenate([slot.who[~slot.accepted], slot.late[slot.beyond]])
    fail.sort(kind="stable")  # two runs already in order: merged
    st.record(fail, week, slot_number, "failure")
    on_licence = plan.c.licence[fail]
    lic = fail[on_licence]
    if lic.size:
        recall = 1 + (st.recent[lic] > week - plan.window).sum(axis=1) >= plan.recall_at
        st.record(lic[recall], week, slot_number, "recall")
        st.active[lic[recall]] = False
        st.pull[lic[recall]] = 0
        kept_on = lic[~recall]
        st.recent[kept_on, :-1] = st.recent[kept_on, 1:]
        st.recent[kept_on, -1] = week
    community = fail[~on_licence]
    community = community[~st.pending[community]]
    breach_now = st.last_warning[community] > week - plan.window
    warn, breach = community[~breach_now], community[breach_now]
    st.record(warn, week, slot_number, "warning")
    if plan.s.verbal_warning:  # alongside the statutory warning, never instead of it
        st.record(warn, week, slot_number, "verbal_warning")
    st.record(breach, week, slot_number, "breach")
    st.last_warning[warn] = week
    if breach.size:
        st.pending[breach] = True
        st.hearings[breach] += 1
        st.due_by_week.setdefault(week + plan.resolution, []).append(breach)
    return warn


def move_engagement(st: RunState, offered: np.ndarray, slot: Slot, warn: np.ndarray) -> None:
    """Kept appointments build engagement; fairness and unfairness move it, and unfairness its level.

    Everyone offered an appointment moves to ``e + kept_boost``, except: a miss to
    ``e + fair_boost * (borderline and accepted) - penalty * unfair``, a late arrival beyond the
    tolerance to ``e - penalty * unfair``; a verbal warning adds its gain; then clipped to [0, 1].
    """
    rate = st.plan.rate
    penalty = rate["unfair_penalty"]
    engagement = st.engagement
    engagement += np.multiply(offered, rate["kept_boost"], out=st.gap)  # + 0.0 leaves the others as they are
    fair = rate["fair_boost"] * (slot.borderline & slot.accepted)
    engagement[slot.who] = slot.e_missed + fair - penalty * slot.unfair_miss
    engagement[slot.late[slot.beyond]] = slot.e_late[slot.beyond] - penalty * slot.unfair_late[slot.beyond]
    if st.plan.s.verbal_warning:
        engagement[warn] += rate["verbal_warning_gain"]
    np.clip(engagement, 0, 1, out=engagement)  # the others are in [0, 1] already
    unfair = np.concatenate([slot.who[slot.unfair_miss], slot.late[slot.unfair_late]])
    if unfair.size:
        st.level[unfair] = np.clip(st.level[unfair] - 0.5 * penalty, 0, 1)


def end_week(st: RunState, week: int, waiting: np.ndarray, offered: int, kept: int) -> None:
    """Engagement drifts towards its level; motivation fades while waiting for a group; a weekly row."""
    np.subtract(st.level, st.engagement, out=st.gap)
    st.gap *= st.pull
    st.engagement += st.gap
    waiting = waiting[st.active[waiting]]
    if waiting.size:
        decay = st.plan.rate["programme_wait_decay"]
        st.engagement[waiting] = np.clip(st.engagement[waiting] - decay, 0, 1)
        st.level[waiting] = np.clip(st.level[waiting] - decay, 0, 1)
    if st.weekly is not None:
        active_now = int(st.active.sum())
        mean = float((st.engagement * st.active).sum() / active_now) if active_now else np.nan
        st.weekly.append((week, active_now, offered, kept, mean, *st.week_events))


def finish(st: RunState) -> Run:
    """Count outcomes, reasons and events per case from what the slots kept and the log."""
    n = len(st.engagement)
    # a missed appointment's code is (reason, accepted, case), a late one's (lateness, case)
    codes = [(why * 2 + accepted) * n + who for who, why, accepted in st.missed]
    codes += [(2 * len(REASONS) + beyond) * n + who for who, beyond in st.late]
    codes = np.concatenate(codes) if codes else np.zeros(0, np.int64)
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


def run(
    c: Cases, s: Scenario, p: dict, seed, weeks: int, *, by_week: bool = True, plan: Plan | None = None
) -> Run:
    """Step one scenario over the cases week by week.

    Args:
        c: The cases.
        s: The scenario's levers.
        p: The model rates.
        seed: Seed for the random streams.
        weeks: Length of every order in weeks.
        by_week: Keep the weekly rows (``replicate`` needs only the per-case arrays).
        plan: ``Plan.of(c, s, p, weeks)``, when several runs share it.

    Returns:
        The run's arrays, weekly rows (empty unless ``by_week``) and event log.
    """
    return finish(step(start(plan or Plan.of(c, s, p, weeks), [seed], by_week=by_week)))


def run_replicates(
    c: Cases, s: Scenario, p: dict, seeds, weeks: int, *, batch: int = BATCH_CASES
) -> list[Run]:
    """One run per seed, each the same as ``run(c, s, p, seed, weeks, by_week=False)`` gives.

    The runs go side by side, as many at a time as make up about ``batch`` cases: every step then
    handles all of them in one pass, rather than one small caseload after another. The runs' weekly
    rows and event logs are not kept (their per-case counts are).
    """
    seeds = list(seeds)
    n = len(c.case_id)
    at_once = max(1, min(len(seeds), batch // max(n, 1)))
    plan = Plan.of(_copies(c, at_once), s, p, weeks)
    runs = []
    for i in range(0, len(seeds), at_once):
        chunk = seeds[i : i + at_once]
        chunk_plan = plan if len(chunk) == at_once else Plan.of(_copies(c, len(chunk)), s, p, weeks)
        runs += _split(finish(step(start(chunk_plan, chunk, by_week=False))), len(chunk))
    return runs


def step(st: RunState) -> RunState:
    """Step a started run through every week."""
    offered = np.empty(len(st.engagement), bool)  # the cases with an appointment in a slot
    for week in range(st.plan.weeks):
        st.week_events[:] = [0] * len(EVENTS)
        hear_breaches(st, week)
        count, waiting = offer(st, week)
        appointments = kept = 0
        for slot_number in range(st.plan.slots):
            st.draw()
            np.greater(count, slot_number, out=offered)
            offered &= st.active
            st.appointments += offered
            size = int(np.count_nonzero(offered))
            if not size:
                continue
            slot = attend(st, offered, st.u_attend, st.u_late)
            appointments += size
            kept += size - slot.who.size - int(np.count_nonzero(slot.beyond))
            warn = enforce(st, week, slot_number, slot)
            move_engagement(st, offered, slot, warn)
        end_week(st, week, waiting, appointments, kept)
    return st


def _copies(c: Cases, copies: int) -> Cases:
    """The cases ``copies`` times over, one copy after another."""
    if copies == 1:
        return c
    return Cases(**{f.name: np.tile(getattr(c, f.name), copies) for f in fields(Cases)})


def _split(out: Run, runs: int) -> list[Run]:
    """The per-case arrays of runs made side by side, one ``Run`` each (no weekly rows or log)."""
    if runs == 1:
        return [out]
    n = len(out.engagement) // runs
    arrays = [getattr(out, f.name) for f in fields(Run) if f.name not in ("weekly", "log")]
    return [Run(*(x[..., i * n : (i + 1) * n] for x in arrays), weekly=[], log=[]) for i in range(runs)]
