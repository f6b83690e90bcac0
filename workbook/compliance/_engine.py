"""A week-by-week compliance simulation over a caseload, vectorised over cases.

Appointments are offered by a National Standards contact schedule, by the case's
tier under the 2005 Offender Management Model and the phase of the order
(``data/compliance/schedules.toml``). Each offered appointment ends in one of five
outcomes: kept on time, late within tolerance, late beyond tolerance, absent with an
acceptable reason, absent without one. A person misses for one of six reasons
(forgetting, a work clash, chaotic drug use, illness or family, disengagement, not
understanding what was asked), whose chances depend on the case and on an engagement
score in [0, 1]. Engagement is pulled each week towards a level set by the
relationship (continuity of officer at induction, a compliance mentor, induction
quality); it rises with kept appointments and with borderline absences accepted, and
falls, together with its level, when an absence or lateness the person saw as
reasonable is recorded as unacceptable.

Late beyond tolerance and unacceptable absences are *unacceptable failures* and are
enforced as the law requires (FACTS 3a): on a community or suspended sentence order a
warning unless one was given in the previous 52 weeks, in which case breach. The court
deals with a breach after ``breach_resolution_weeks``: it revokes the order or lets it
continue with more requirements (at least weekly contact for ``breach_added_weeks``);
a warning given in the 52 weeks before a failure still counts after a breach, so a
further failure in that time is breached again. Failures while breach action is
pending join that action. On licence, the third unacceptable
failure within 52 weeks brings recall. Under cohort programme starts, people with an
accredited-programme requirement wait after induction for the next group to start,
with only holding contact, and lose engagement (and the level it returns to) each
week they wait. Every rate is in
``data/compliance/parameters.toml`` with its source and status.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

import numpy as np
import pandas as pd

from workbook.compliance._parameters import (
    TIERS,
    appointments_per_week,
    load_parameters,
    load_schedules,
    rates,
)
from workbook.tiering import tier_2005

OUTCOMES = ("kept", "late_ok", "late_beyond", "absent_acceptable", "absent_unacceptable")
REASONS = ("forgetting", "work_conflict", "drug_use", "illness_family", "disengagement", "misunderstanding")
EVENTS = ("failure", "verbal_warning", "warning", "breach", "breach_continued", "revoked", "recall")
STREAMS = ("engagement", "officers", "attendance", "judgement", "lateness", "court", "programme")
PROGRAMME_STARTS = {
    "cohort": "Cohorts: wait for the next group",
    "rolling": "Rolling: join at once",
}
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
_WEEKLY_EVENT_COLUMNS = (
    "failures", "verbal_warnings", "warnings", "breaches", "breaches_continued", "revocations", "recalls"
)  # fmt: skip
NEVER = -(10**6)
_KEPT, _LATE_OK, _LATE_BEYOND, _ACCEPTABLE, _UNACCEPTABLE = range(5)
_WORK, _ILLNESS, _MISUNDERSTAND = 1, 3, 5

_LEVERS = {k: p.value for k, p in load_parameters().items() if p.kind == "lever"}


@dataclass(frozen=True)
class Scenario:
    """Practice levers for one run; defaults come from ``data/compliance/parameters.toml``.

    Attributes:
        name: Label carried into every result frame.
        schedule: Contact schedule name (``data/compliance/schedules.toml``).
        contact_intensity: Multiplier on how often appointments are offered.
        text_reminders: Text reminder the day before each appointment.
        compliance_mentor: A compliance mentor supports the person.
        flexible_rescheduling: Work clashes are re-arranged rather than recorded as absences.
        lateness_tolerance_minutes: Minutes late still treated as attending.
        tolerance_consistent: Every unit applies the same tolerance.
        verbal_warning: The officer also warns in person, informally, with each formal warning (the law
            leaves no room for an informal warning instead of the formal one).
        induction_continuity: The offender manager, not a rota'd officer, does the induction.
        induction_quality: Quality of the induction, 0 to 1.
        officer_discretion: The typical officer's chance of accepting a borderline absence.
        programme_starts: How accredited programmes start: ``"cohort"`` (closed groups: people with a
            programme requirement wait for the next group, with little contact, and lose engagement)
            or ``"rolling"`` (they join at once).

    Example:
        >>> Scenario().lateness_tolerance_minutes, Scenario(text_reminders=True).text_reminders
        (15.0, True)
    """

    name: str = "default"
    schedule: str = _LEVERS["schedule"]
    contact_intensity: float = _LEVERS["contact_intensity"]
    text_reminders: bool = _LEVERS["text_reminders"]
    compliance_mentor: bool = _LEVERS["compliance_mentor"]
    flexible_rescheduling: bool = _LEVERS["flexible_rescheduling"]
    lateness_tolerance_minutes: float = _LEVERS["lateness_tolerance_minutes"]
    tolerance_consistent: bool = _LEVERS["tolerance_consistent"]
    verbal_warning: bool = _LEVERS["verbal_warning"]
    induction_continuity: bool = _LEVERS["induction_continuity"]
    induction_quality: float = _LEVERS["induction_quality"]
    officer_discretion: float = _LEVERS["officer_discretion"]
    programme_starts: str = _LEVERS["programme_starts"]

    def __post_init__(self):
        for name in ("schedule", "programme_starts"):
            options = lever_options(name)
            if getattr(self, name) not in options:
                raise ValueError(f"unknown {name} {getattr(self, name)!r}; known: {', '.join(options)}")
        parameters = load_parameters()
        for f in fields(self):
            p = parameters.get(f.name)
            if p is None or p.low is None:
                continue
            value = getattr(self, f.name)
            if not p.low <= value <= p.high:
                raise ValueError(f"{f.name} must be in [{p.low}, {p.high}], not {value}")

    def levers(self) -> dict[str, Any]:
        """The lever values by parameter id (everything but ``name``)."""
        found = asdict(self)
        found.pop("name")
        return found


def lever_options(name: str) -> dict[str, str]:
    """The values a lever that takes a name can have, each with a label.

    Args:
        name: ``"schedule"`` (the schedules in ``data/compliance/schedules.toml``) or
            ``"programme_starts"``.

    Returns:
        Labels by value, in the order to offer them.

    Raises:
        KeyError: If the lever does not take a name.

    Example:
        >>> lever_options("schedule")
        {'ns2005': 'National Standards 2005', 'ns2007': 'National Standards 2007'}
        >>> list(lever_options("programme_starts"))
        ['cohort', 'rolling']
    """
    if name == "schedule":
        return {key: schedule["label"] for key, schedule in load_schedules().items()}
    if name == "programme_starts":
        return dict(PROGRAMME_STARTS)
    raise KeyError(f"lever {name!r} does not take a name; those that do: schedule, programme_starts")


@dataclass(frozen=True)
class SimulationResult:
    """Tidy frames from one run, each tagged with ``scenario`` and ``seed``.

    Attributes:
        appointments: One row per case: officer, tier (2005 model), licence, weeks waited for a
            programme group to start, counts of appointments by outcome and reason,
            warnings, breaches, recalls, whether the order completed, final engagement.
        weekly: One row per week: cases still active, appointments offered and kept, kept share
            (NaN in a week with none offered), mean engagement of active cases, and counts of
            unacceptable failures, verbal warnings, warnings, breaches, breaches continued,
            revocations and recalls.
        summary: One row of headline rates.
        events: One row per enforcement event (``case_id``, ``week``, ``slot``, ``event``),
            in the order they happened; ``event`` is one of ``EVENTS``.
    """

    appointments: pd.DataFrame
    weekly: pd.DataFrame
    summary: pd.DataFrame
    events: pd.DataFrame


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


def hazards(p: dict, s: Scenario, c: Cases, engagement: np.ndarray) -> np.ndarray:
    """Chance of missing one appointment for each reason, per case (columns in ``REASONS`` order)."""
    youth = 1 + p["youth_multiplier"] * c.youth
    lack = 1 - engagement
    forget = (
        p["forget_chance"]
        * youth
        * (2 * lack) ** 2
        * (1 - p["reminder_forgetting_cut"] * s.text_reminders)
        * (1 - p["mentor_forgetting_cut"] * s.compliance_mentor)
    )
    work = (
        p["work_conflict_chance"]
        * np.where(c.shift_work, 1.0, p["work_conflict_nonshift_ratio"])
        * (1 - p["flexible_rescheduling_effect"] * s.flexible_rescheduling)
    )
    drug = p["drug_chaos_chance"] * c.drug_severe * 2 * lack
    illness = np.full(engagement.shape, float(p["illness_chance"]))
    disengage = p["disengage_chance"] * youth * (2 * lack) ** 2
    misunderstand = (
        p["misunderstand_chance"] * c.literacy * (1 - p["induction_understanding"] * s.induction_quality)
    )
    return np.clip(np.stack([forget, work, drug, illness, disengage, misunderstand], axis=1), 0.0, 0.95)


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


def simulate(
    caseload: pd.DataFrame,
    scenario: Scenario | None = None,
    *,
    seed: int | None = None,
    weeks: int = 52,
    params: dict | None = None,
) -> SimulationResult:
    """Simulate appointments, absences and enforcement over an order, week by week.

    Args:
        caseload: A caseload frame (``workbook.caseload.generate`` or an imported one).
        scenario: Practice levers; ``Scenario()`` when left out.
        seed: Seed for the random streams; the same seed gives identical frames.
        weeks: Length of every order in weeks.
        params: Overrides of the model rates by id (see ``load_parameters``).

    Returns:
        The per-case, weekly, summary and event frames.

    Example:
        >>> from workbook.caseload import generate
        >>> result = simulate(generate(200, seed=1), seed=1)
        >>> int(result.summary["cases"].iloc[0]), len(result.weekly)
        (200, 52)
    """
    s = scenario if scenario is not None else Scenario()
    p = rates(params)
    c = Cases.from_caseload(caseload)
    n = len(c.case_id)
    window, resolution = int(p["warning_window_weeks"]), int(p["breach_resolution_weeks"])
    recall_at = int(p["recall_failures"])
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

    schedule = np.array(
        [appointments_per_week(s.schedule, weeks, s.contact_intensity, tier=t) for t in TIERS]
    ).reshape(len(TIERS), weeks)
    tier_row = c.tier - TIERS[0]  # each case's row of the schedule
    slots = max(int(schedule.max(initial=0)), 1)
    tolerance = float(s.lateness_tolerance_minutes)
    # From week 1 (after induction), people with a programme requirement under cohort starts
    # wait for the next group, seeing their officer only every `holding` weeks.
    wait = rng["programme"].integers(0, int(p["programme_cohort_every_weeks"]), n) * c.programme
    wait = wait if s.programme_starts == "cohort" else np.zeros(n, np.int64)
    wait_until = 1 + wait
    holding = int(p["programme_wait_contact_weeks"])

    active = np.ones(n, bool)
    pending = np.zeros(n, bool)
    revoked = np.zeros(n, bool)
    recalled = np.zeros(n, bool)
    resolve_at = np.full(n, NEVER)
    last_warning = np.full(n, NEVER)
    intensify_until = np.full(n, NEVER)
    recent = np.full((n, max(recall_at - 1, 1)), NEVER)  # latest licence failures, oldest first
    outcome_counts = np.zeros((n, len(OUTCOMES)), int)
    reason_counts = np.zeros((n, len(REASONS)), int)
    event_counts = np.zeros((n, len(EVENTS)), int)
    week_events = np.zeros(len(EVENTS), int)  # this week's totals, kept as events are recorded
    log: list[tuple[np.ndarray, int, int, int]] = []
    weekly = []

    def record(mask, week, slot, event):
        idx = np.flatnonzero(mask)
        if idx.size:
            log.append((idx, week, slot, EVENTS.index(event)))
            event_counts[idx, EVENTS.index(event)] += 1
            week_events[EVENTS.index(event)] += idx.size

    for week in range(weeks):
        week_events[:] = 0
        court = rng["court"].random(n)
        due = pending & active & (resolve_at == week)
        revoke = due & (court < p["revocation_chance"] * (1 - p["drr_breach_reluctance"] * c.drr))
        record(revoke, week, 0, "revoked")
        record(due & ~revoke, week, 0, "breach_continued")
        revoked |= revoke
        active &= ~revoke
        pending &= ~due
        intensify_until[due & ~revoke] = week + int(p["breach_added_weeks"])

        base = schedule[:, week][tier_row]
        waiting = active & (week >= 1) & (week < wait_until)
        base = np.where(waiting, int((week - 1) % holding == 0), base)
        count = np.where(intensify_until > week, np.maximum(base, 1), base)
        offered = kept = 0
        for slot in range(slots):
            u_att = rng["attendance"].random((2, n))
            u_judge = rng["judgement"].random((2, n))
            u_late = rng["lateness"].random((3, n))
            has = active & (count > slot)
            h = hazards(p, s, c, engagement)
            miss = has & (u_att[0] < 1 - np.prod(1 - h, axis=1))
            missed = np.flatnonzero(miss)
            cum = np.cumsum(h[missed], axis=1)  # reasons matter only where someone missed
            reason = np.full(n, -1)
            reason[missed] = np.minimum(
                (cum < (u_att[1, missed] * cum[:, -1])[:, None]).sum(axis=1), len(REASONS) - 1
            )
            proof = (reason == _ILLNESS) & (u_judge[0] < p["illness_proof_share"])
            borderline = ((reason == _WORK) | (reason == _ILLNESS)) & ~proof
            accepted = proof | (borderline & (u_judge[1] < case_accept))
            felt_reasonable = (reason == _WORK) | (reason == _ILLNESS) | (reason == _MISUNDERSTAND)

            late = has & ~miss & (u_late[0] < np.clip(p["late_chance"] * (0.5 + 1 - engagement), 0, 1))
            minutes = -p["late_minutes_mean"] * np.log1p(-u_late[1])
            applied = tolerance if s.tolerance_consistent else 2 * tolerance * u_late[2]
            outcome = np.select(
                [miss & accepted, miss, late & (minutes <= applied), late],
                [_ACCEPTABLE, _UNACCEPTABLE, _LATE_OK, _LATE_BEYOND],
                _KEPT,
            )
            offered_now = np.flatnonzero(has)  # each case at most once per slot: plain indexing adds
            outcome_counts[offered_now, outcome[offered_now]] += 1
            reason_counts[missed, reason[missed]] += 1
            offered += int(has.sum())
            kept_now = has & ((outcome == _KEPT) | (outcome == _LATE_OK))
            kept += int(kept_now.sum())

            unacceptable = has & (outcome == _UNACCEPTABLE)
            late_beyond = has & (outcome == _LATE_BEYOND)
            unfair = (unacceptable & felt_reasonable) | (late_beyond & (minutes <= tolerance))
            engagement += (
                p["kept_boost"] * kept_now
                + p["fair_boost"] * (has & miss & borderline & accepted)
                - p["unfair_penalty"] * unfair
            )
            level -= 0.5 * p["unfair_penalty"] * unfair

            fail = unacceptable | late_beyond
            record(fail, week, slot, "failure")
            lic = fail & c.licence
            recall = np.zeros(n, bool)
            licensed = np.flatnonzero(lic)  # only licence failures can lead to recall
            recall[licensed] = 1 + (recent[licensed] > week - window).sum(axis=1) >= recall_at
            record(recall, week, slot, "recall")
            recalled |= recall
            active &= ~recall
            shift = lic & ~recall
            recent[shift] = np.column_stack([recent[shift][:, 1:], np.full(int(shift.sum()), week)])

            community = fail & ~c.licence & ~pending
            breach = community & (last_warning > week - window)
            warn = community & ~breach
            verbal = warn & s.verbal_warning  # alongside the statutory warning, never instead of it
            record(warn, week, slot, "warning")
            record(verbal, week, slot, "verbal_warning")
            record(breach, week, slot, "breach")
            last_warning[warn] = week
            pending |= breach
            resolve_at[breach] = week + resolution
            engagement += p["verbal_warning_gain"] * verbal
            np.clip(engagement, 0, 1, out=engagement)
            np.clip(level, 0, 1, out=level)

        engagement += active * p["engagement_drift"] * (level - engagement)
        loss = p["programme_wait_decay"] * (waiting & active)  # motivation fades while waiting for a group
        engagement -= loss
        level -= loss
        np.clip(engagement, 0, 1, out=engagement)
        np.clip(level, 0, 1, out=level)
        new = week_events
        weekly.append(
            {
                "week": week,
                "active": int(active.sum()),
                "appointments": offered,
                "kept": kept,
                "kept_share": kept / offered if offered else np.nan,
                "engagement_mean": float(engagement[active].mean()) if active.any() else np.nan,
                **{column: int(new[i]) for i, column in enumerate(_WEEKLY_EVENT_COLUMNS)},
            }
        )

    completed = active & ~pending
    tags = {"scenario": s.name, "seed": seed}
    per_case = pd.DataFrame(
        {
            "case_id": c.case_id,
            "officer": officer,
            "tier": c.tier,
            "licence": c.licence,
            "programme_wait_weeks": wait,
            "appointments": outcome_counts.sum(axis=1),
            **{o: outcome_counts[:, i] for i, o in enumerate(OUTCOMES)},
            **{f"missed_{r}": reason_counts[:, i] for i, r in enumerate(REASONS)},
            "unacceptable_failures": event_counts[:, EVENTS.index("failure")],
            "verbal_warnings": event_counts[:, EVENTS.index("verbal_warning")],
            "warnings": event_counts[:, EVENTS.index("warning")],
            "breaches": event_counts[:, EVENTS.index("breach")],
            "revoked": revoked,
            "recalls": event_counts[:, EVENTS.index("recall")],
            "completed": completed,
            "final_engagement": engagement,
        }
    ).assign(**tags)
    events = _events(log, c.case_id).assign(**tags)
    return SimulationResult(
        appointments=per_case,
        weekly=pd.DataFrame(weekly).assign(**tags),
        summary=summarise(per_case).assign(**tags),
        events=events,
    )


def _events(log, case_id) -> pd.DataFrame:
    if not log:
        return pd.DataFrame({"case_id": case_id[:0], "week": [], "slot": [], "event": []})
    idx = np.concatenate([x[0] for x in log])
    sizes = [len(x[0]) for x in log]
    return pd.DataFrame(
        {
            "case_id": case_id[idx],
            "week": np.repeat([x[1] for x in log], sizes),
            "slot": np.repeat([x[2] for x in log], sizes),
            "event": np.array(EVENTS, dtype=object)[np.repeat([x[3] for x in log], sizes)],
        }
    )


def summarise(per_case: pd.DataFrame) -> pd.DataFrame:
    """Headline rates from a per-case frame (``SimulationResult.appointments``).

    Returns:
        One row: ``cases``, ``appointments``, ``kept_share`` (on time or late within tolerance),
        ``acceptable_per_100`` and ``unacceptable_per_100`` (absences per 100 appointments),
        ``late_beyond_per_100``, ``warnings_per_100_orders``, ``breaches_per_100_orders``,
        ``recalls_per_100_licences``, ``share_2plus_unacceptable`` (people with two or more
        unacceptable failures), ``completed_share`` and ``engagement_mean``.
    """
    n = len(per_case)
    total = int(per_case["appointments"].sum())
    per_appt = 100 / total if total else np.nan
    licences = int(per_case["licence"].sum())
    return pd.DataFrame(
        {
            "cases": [n],
            "appointments": [total],
            "kept_share": [(per_case["kept"].sum() + per_case["late_ok"].sum()) / total if total else np.nan],
            "acceptable_per_100": [per_case["absent_acceptable"].sum() * per_appt],
            "unacceptable_per_100": [per_case["absent_unacceptable"].sum() * per_appt],
            "late_beyond_per_100": [per_case["late_beyond"].sum() * per_appt],
            "warnings_per_100_orders": [100 * per_case["warnings"].sum() / n],
            "breaches_per_100_orders": [100 * per_case["breaches"].sum() / n],
            "recalls_per_100_licences": [100 * per_case["recalls"].sum() / licences if licences else np.nan],
            "share_2plus_unacceptable": [float((per_case["unacceptable_failures"] >= 2).mean())],
            "completed_share": [float(per_case["completed"].mean())],
            "engagement_mean": [float(per_case["final_engagement"].mean())],
        }
    )


def replicate(caseload: pd.DataFrame, scenario: Scenario | None, seeds, **kwargs) -> pd.DataFrame:
    """Run one scenario under several seeds and stack the summaries (Monte Carlo).

    Args:
        caseload: A caseload frame.
        scenario: Practice levers; ``Scenario()`` when ``None``.
        seeds: Seeds, one run each.
        **kwargs: Passed to ``simulate`` (``weeks``, ``params``).

    Returns:
        One summary row per seed.

    Example:
        >>> from workbook.caseload import generate
        >>> len(replicate(generate(100, seed=2), None, [1, 2]))
        2
    """
    return pd.concat(
        [simulate(caseload, scenario, seed=seed, **kwargs).summary for seed in seeds], ignore_index=True
    )
