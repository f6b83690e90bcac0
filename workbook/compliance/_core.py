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
between its runs; counts are tallied once, at the end, from what each slot kept and the event
log (``_tally.py``: per case for the frames, or for ``replicate`` only the totals its summaries need).

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

from collections.abc import Iterator
from dataclasses import dataclass, field, fields

import numpy as np

from workbook.compliance._attendance import Slot, attend
from workbook.compliance._cases import EVENTS, Cases
from workbook.compliance._plan import Plan, engagement_shift, officer_acceptance
from workbook.compliance._scenario import Scenario
from workbook.compliance._tally import Run, finish, totals

STREAMS = ("engagement", "officers", "appointments", "court", "programme")
NEVER = -(10**6)
_E = {event: i for i, event in enumerate(EVENTS)}
BATCH_CASES = 50_000  # cases stepped at once when runs go side by side: enough to share each step, few
# enough that a step's arrays stay in the cache (20 runs of 10,000: 5 at a time ran as fast as 10, and 6-8%
# faster than all 20; more so when the machine is shared)


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
    drift: float  # the weekly pull towards the level while active
    active: np.ndarray
    on: np.ndarray  # active as 1.0 or 0.0, to multiply by without casting
    pending: np.ndarray
    revoked: np.ndarray
    last_warning: np.ndarray
    recent: np.ndarray  # latest licence failures, oldest first
    appointments: np.ndarray  # int16 (int32 if a case could be offered more): less memory traffic
    hearings: np.ndarray  # breaches so far, to find each case's next court uniform
    by_week: bool  # keep the weekly rows
    u_attend: np.ndarray = field(init=False)  # a slot's uniforms: attendance, then lateness
    u_late: np.ndarray = field(init=False)
    scratch: np.ndarray = field(init=False)
    gap: np.ndarray = field(init=False)  # scratch: the lateness uniforms' buffer once they are spent
    intensified: list[tuple[int, np.ndarray]] = field(default_factory=list)  # (until week, cases)
    stopped: list[np.ndarray] = field(default_factory=list)  # cases no longer active since the week began
    missed: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = field(
        default_factory=list
    )  # who, why, accepted
    late: list[tuple[np.ndarray, np.ndarray]] = field(default_factory=list)  # who, beyond the tolerance
    due_by_week: dict[int, list[np.ndarray]] = field(default_factory=dict)  # breaches, by hearing week
    schedules: dict[bytes, np.ndarray] = field(default_factory=dict)  # appointments per case, by week row
    width: int = field(init=False)  # cases per run
    log: list[tuple[np.ndarray, int, int, int]] = field(default_factory=list)  # cases, week, slot, event
    weekly: list[list[tuple]] = field(init=False)  # per run, the weekly rows
    week_events: np.ndarray = field(init=False)  # (runs, EVENTS): this week's count of each event

    def __post_init__(self):
        total, runs = len(self.engagement), len(self.draws)
        self.width = total // runs
        self.weekly = [[] for _ in self.draws]
        self.week_events = np.zeros((runs, len(EVENTS)), np.int64)
        self.u_attend, self.u_late = np.empty(total), np.empty(total)
        self.scratch = np.empty(total, bool)
        self.gap = self.u_late  # spent once a slot's attendance is decided; one buffer less to keep in cache

    def draw(self) -> None:
        """Draw a slot's uniforms: two per case, attendance then lateness, from each run's own stream.

        A run draws ``random((2, cases))``: its cases' attendance uniforms, then their lateness
        ones; two draws of ``random(cases)`` give the same numbers, straight into place.
        """
        for i, draws in enumerate(self.draws):
            part = slice(i * self.width, (i + 1) * self.width)
            draws.random(out=self.u_attend[part])
            draws.random(out=self.u_late[part])

    def record(self, idx: np.ndarray, week: int, slot: int, event: str) -> None:
        """Log an event for some cases, in order (split into runs and counted per case at the end)."""
        if not idx.size:
            return
        code = _E[event]
        self.log.append((idx, week, slot, code))
        if not self.by_week:
            return
        if len(self.draws) == 1:
            self.week_events[0, code] += idx.size
        else:
            self.week_events[:, code] += self.per_run(idx)

    def run_logs(self) -> list[list[tuple[np.ndarray, int, int, int]]]:
        """The log split into each run's own, with each run's case numbers."""
        if len(self.draws) == 1:
            return [self.log]
        logs = [[] for _ in self.draws]
        bounds = np.arange(1, len(self.draws)) * self.width
        for idx, week, slot, code in self.log:
            for i, part in enumerate(np.split(idx, np.searchsorted(idx, bounds))):
                if part.size:
                    logs[i].append((part - i * self.width, week, slot, code))
        return logs

    def per_run(self, cases: np.ndarray) -> np.ndarray:
        """How many of these cases, in order, belong to each run."""
        if len(self.draws) == 1:
            return np.array([cases.size])
        return np.diff(np.searchsorted(cases, np.arange(len(self.draws) + 1) * self.width))


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
        drift=float(p["engagement_drift"]), active=np.ones(total, bool), on=np.ones(total),
        pending=np.zeros(total, bool), revoked=np.zeros(total, bool),
        last_warning=np.full(total, NEVER, np.int32),  # weeks: int32 is plenty
        recent=np.full((total, max(plan.recall_at - 1, 1)), NEVER, np.int32),
        appointments=np.zeros(total, np.int16 if weeks * plan.slots < 2**15 else np.int32),
        hearings=np.zeros(total, np.int64), by_week=by_week,
    )  # fmt: skip


def hear_breaches(st: RunState, week: int) -> None:
    """The court deals with the breaches due this week: it revokes, or continues with weekly contact."""
    if week not in st.due_by_week:
        return
    due = st.due_by_week.pop(week)
    due = due[0] if len(due) == 1 else np.sort(np.concatenate(due))  # each part in case order already
    at = (st.hearings.take(due) - 1) * len(st.engagement) + due  # first, second ... hearing
    revoke = st.court.ravel().take(at) < st.plan.revoke_chance.take(due)
    ended, continued = due.compress(revoke), due.compress(~revoke)
    st.record(ended, week, 0, "revoked")
    st.record(continued, week, 0, "breach_continued")
    st.revoked[ended] = True
    st.active[ended] = False
    st.on[ended] = 0
    st.stopped.append(ended)
    st.pending[due] = False
    st.intensified.append((week + st.plan.added, continued))


def offer(st: RunState, week: int) -> tuple[np.ndarray, np.ndarray]:
    """Appointments each case is offered this week, and the cases waiting for a programme group."""
    row = st.plan.counts[week]
    key = row.tobytes()  # the schedule changes with the phase of the order, a few times a year
    if key not in st.schedules:
        st.schedules[key] = row.take(st.plan.tier_row)
    count = st.schedules[key].copy()
    waiters = st.waiters
    waiting = waiters[(week >= 1) & (week < 1 + st.wait[waiters])] if week <= st.last_wait else waiters[:0]
    waiting = waiting.compress(st.active.take(waiting))
    count[waiting] = int((week - 1) % st.plan.holding == 0)
    st.intensified = [(until, cases) for until, cases in st.intensified if until > week]
    if st.intensified:
        cases = np.concatenate([cases for _, cases in st.intensified])
        count[cases] = np.maximum(count.take(cases), 1)  # a case twice over gets the same value twice
    return count, waiting


def enforce(st: RunState, week: int, slot_number: int, slot: Slot) -> np.ndarray:
    """Each unacceptable failure, in case order, as the law requires (FACTS 3a and 3b); the cases warned."""
    plan = st.plan
    # compress, not a boolean index: the same elements, several times faster on thousands of them
    fail = np.concatenate([slot.who.compress(~slot.accepted), slot.beyond])
    fail.sort(kind="stable")  # two runs already in order: merged
    st.record(fail, week, slot_number, "failure")
    on_licence = plan.c.licence.take(fail)
    lic = fail.compress(on_licence)
    if lic.size:
        recent = st.recent.take(lic, axis=0)
        failures = np.ones(lic.size, np.int64)  # this one and those in the window (faster than along an axis)
        for column in recent.T:
            failures += column > week - plan.window
        recall = failures >= plan.recall_at
        recalled, kept_on = lic.compress(recall), lic.compress(~recall)
        st.record(recalled, week, slot_number, "recall")
        st.active[recalled] = False
        st.on[recalled] = 0
        st.stopped.append(recalled)
        recent = recent.compress(~recall, axis=0)  # the others' latest failures: this one joins them
        recent[:, :-1] = recent[:, 1:]
        recent[:, -1] = week
        st.recent[kept_on] = recent
    community = fail.compress(~on_licence)
    community = community.compress(~st.pending.take(community))
    breach_now = st.last_warning.take(community) > week - plan.window
    warn, breach = community.compress(~breach_now), community.compress(breach_now)
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
    np.copyto(st.gap, offered)  # 1.0 or 0.0: faster than multiplying the booleans
    engagement += np.multiply(st.gap, rate["kept_boost"], out=st.gap)  # + 0.0 leaves the others as they are
    fair = rate["fair_boost"] * (slot.borderline & slot.accepted)
    engagement[slot.who] = slot.e_missed + fair - penalty * slot.unfair_miss
    engagement[slot.beyond] = slot.e_beyond - penalty * slot.unfair_late
    if st.plan.s.verbal_warning:
        engagement[warn] += rate["verbal_warning_gain"]
    np.clip(engagement, 0, 1, out=engagement)  # the others are in [0, 1] already
    unfair = np.concatenate([slot.who.compress(slot.unfair_miss), slot.beyond.compress(slot.unfair_late)])
    if unfair.size:
        st.level[unfair] = np.clip(st.level[unfair] - 0.5 * penalty, 0, 1)


def end_week(st: RunState, week: int, waiting: np.ndarray, offered: np.ndarray, kept: np.ndarray) -> None:
    """Engagement drifts towards its level; motivation fades while waiting for a group; weekly rows.

    ``offered`` and ``kept`` count this week's appointments per run.
    """
    if st.stopped:  # engagement stays where it ended: level - engagement is then 0 and so is the pull
        stopped = np.concatenate(st.stopped)
        st.level[stopped] = st.engagement[stopped]
        st.stopped.clear()
    np.subtract(st.level, st.engagement, out=st.gap)
    st.gap *= st.drift
    st.engagement += st.gap
    waiting = waiting.compress(st.active.take(waiting))
    if waiting.size:
        decay = st.plan.rate["programme_wait_decay"]
        st.engagement[waiting] = np.clip(st.engagement[waiting] - decay, 0, 1)
        st.level[waiting] = np.clip(st.level[waiting] - decay, 0, 1)
    if st.by_week:
        on_engagement = np.multiply(st.engagement, st.on, out=st.gap)  # engagement * active, as floats
        for i, (rows, events) in enumerate(zip(st.weekly, st.week_events.tolist(), strict=True)):
            part = slice(i * st.width, (i + 1) * st.width)
            active_now = np.count_nonzero(st.active[part])
            mean = float(on_engagement[part].sum() / active_now) if active_now else np.nan
            rows.append((week, active_now, int(offered[i]), int(kept[i]), mean, *events))


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
    return finish(step(start(Plan.of(c, s, p, weeks), [seed], by_week=by_week)))[0]


def run_seeds(
    c: Cases, s: Scenario, p: dict, seeds, weeks: int, *, by_week: bool = True, batch: int = BATCH_CASES
) -> Iterator[list[Run]]:
    """One run per seed, each the same as ``run(c, s, p, seed, weeks, by_week=by_week)`` gives.

    The runs go side by side, as many at a time as make up about ``batch`` cases: every step then
    handles all of them in one pass, rather than one small caseload after another. Yields each
    batch's runs as it finishes.
    """
    return (finish(st) for st in stepped(c, s, p, seeds, weeks, by_week=by_week, batch=batch))


def run_replicates(c: Cases, s: Scenario, p: dict, seeds, weeks: int) -> list[dict]:
    """What each seed's summary row is made of (``_tally.totals``), the runs side by side as ``run_seeds``."""
    return [t for st in stepped(c, s, p, seeds, weeks, by_week=False, batch=BATCH_CASES) for t in totals(st)]


def stepped(
    c: Cases, s: Scenario, p: dict, seeds, weeks: int, *, by_week: bool, batch: int
) -> Iterator[RunState]:
    """The runs of ``run_seeds``, each batch stepped through every week and left to be counted."""
    seeds = list(seeds)
    at_once = max(1, min(len(seeds), batch // max(len(c.case_id), 1)))
    plans = {}
    for i in range(0, len(seeds), at_once):
        chunk = seeds[i : i + at_once]
        if len(chunk) not in plans:
            plans[len(chunk)] = Plan.of(_copies(c, len(chunk)), s, p, weeks)
        yield step(start(plans[len(chunk)], chunk, by_week=by_week))


def step(st: RunState) -> RunState:
    """Step a started run (or runs side by side) through every week."""
    offered = np.empty(len(st.engagement), bool)  # the cases with an appointment in a slot
    per_run = offered.reshape(len(st.draws), st.width)
    for week in range(st.plan.weeks):
        st.week_events[:] = 0
        hear_breaches(st, week)
        count, waiting = offer(st, week)
        appointments, kept = np.zeros(len(st.draws), np.int64), np.zeros(len(st.draws), np.int64)
        for slot_number in range(st.plan.slots):
            st.draw()
            np.greater(count, slot_number, out=offered)
            offered &= st.active
            st.appointments += offered
            if not np.count_nonzero(offered):
                continue
            slot = attend(st, offered, st.u_attend, st.u_late)
            if st.by_week:
                sizes = np.array([np.count_nonzero(row) for row in per_run])  # faster than along an axis
                appointments += sizes
                kept += sizes - st.per_run(slot.who) - st.per_run(slot.beyond)
            warn = enforce(st, week, slot_number, slot)
            move_engagement(st, offered, slot, warn)
        end_week(st, week, waiting, appointments, kept)
    return st


def _copies(c: Cases, copies: int) -> Cases:
    """The cases ``copies`` times over, one copy after another."""
    if copies == 1:
        return c
    return Cases(**{f.name: np.tile(getattr(c, f.name), copies) for f in fields(Cases)})
