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
pending join that action. On licence, the third unacceptable failure within 52 weeks
brings recall.

Under cohort programme starts, people with an accredited-programme requirement wait
after induction for the next group to start, with only holding contact, and lose
engagement (and the level it returns to) each week they wait. Every rate is in
``data/compliance/parameters.toml`` with its source and status; the week loop itself
is in ``_core.py``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from typing import Any

import numpy as np
import pandas as pd

from workbook.compliance._core import EVENTS, OUTCOMES, REASONS, Cases, Run, run
from workbook.compliance._parameters import load_parameters, load_schedules, rates

PROGRAMME_STARTS = {
    "cohort": "Cohorts: wait for the next group",
    "rolling": "Rolling: join at once",
}
_WEEKLY_EVENT_COLUMNS = (
    "failures", "verbal_warnings", "warnings", "breaches", "breaches_continued", "revocations", "recalls"
)  # fmt: skip
_WEEKLY_COLUMNS = ("week", "active", "appointments", "kept", "engagement_mean", *_WEEKLY_EVENT_COLUMNS)

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
    c = Cases.from_caseload(caseload)
    out = run(c, s, rates(params), seed, weeks)
    tags = {"scenario": s.name, "seed": seed}
    per_case = pd.DataFrame(_columns(c, out)).assign(**tags)
    weekly = pd.DataFrame(out.weekly, columns=list(_WEEKLY_COLUMNS))
    weekly.insert(
        4, "kept_share", (weekly["kept"] / weekly["appointments"]).where(weekly["appointments"] > 0)
    )
    return SimulationResult(
        appointments=per_case,
        weekly=weekly.assign(**tags),
        summary=summarise(per_case).assign(**tags),
        events=_events(out.log, c.case_id).assign(**tags),
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
    return _summary({k: per_case[k].to_numpy() for k in _SUMMARY_COLUMNS})


_SUMMARY_COLUMNS = (
    "appointments", "kept", "late_ok", "late_beyond", "absent_acceptable", "absent_unacceptable", "licence",
    "warnings", "breaches", "recalls", "unacceptable_failures", "completed", "final_engagement",
)  # fmt: skip


def _summary(v: dict[str, np.ndarray]) -> pd.DataFrame:
    """The summary row from per-case columns as arrays (``summarise``, and ``replicate`` without frames)."""
    n = len(v["appointments"])
    total = int(v["appointments"].sum())
    per_appt = 100 / total if total else np.nan
    licences = int(v["licence"].sum())
    return pd.DataFrame(
        {
            "cases": [n],
            "appointments": [total],
            "kept_share": [(v["kept"].sum() + v["late_ok"].sum()) / total if total else np.nan],
            "acceptable_per_100": [v["absent_acceptable"].sum() * per_appt],
            "unacceptable_per_100": [v["absent_unacceptable"].sum() * per_appt],
            "late_beyond_per_100": [v["late_beyond"].sum() * per_appt],
            "warnings_per_100_orders": [100 * v["warnings"].sum() / n],
            "breaches_per_100_orders": [100 * v["breaches"].sum() / n],
            "recalls_per_100_licences": [100 * v["recalls"].sum() / licences if licences else np.nan],
            "share_2plus_unacceptable": [float((v["unacceptable_failures"] >= 2).mean())],
            "completed_share": [float(v["completed"].mean())],
            "engagement_mean": [float(v["final_engagement"].mean())],
        }
    )


def _columns(c: Cases, out: Run) -> dict[str, np.ndarray]:
    """The per-case columns of a run, as arrays, in the order of ``SimulationResult.appointments``."""
    return {
        "case_id": c.case_id,
        "officer": out.officer,
        "tier": c.tier,
        "licence": c.licence,
        "programme_wait_weeks": out.wait,
        "appointments": out.appointments,
        **{o: out.outcomes[i] for i, o in enumerate(OUTCOMES)},
        **{f"missed_{r}": out.reasons[i] for i, r in enumerate(REASONS)},
        "unacceptable_failures": out.events[EVENTS.index("failure")],
        "verbal_warnings": out.events[EVENTS.index("verbal_warning")],
        "warnings": out.events[EVENTS.index("warning")],
        "breaches": out.events[EVENTS.index("breach")],
        "revoked": out.revoked,
        "recalls": out.events[EVENTS.index("recall")],
        "completed": out.completed,
        "final_engagement": out.engagement,
    }


def replicate(
    caseload: pd.DataFrame,
    scenario: Scenario | None,
    seeds,
    *,
    weeks: int = 52,
    params: dict | None = None,
) -> pd.DataFrame:
    """Run one scenario under several seeds and stack the summaries (Monte Carlo).

    The same as ``simulate(...).summary`` for each seed, without building the frames
    nobody asked for; the caseload is read and tiered once.

    Args:
        caseload: A caseload frame.
        scenario: Practice levers; ``Scenario()`` when ``None``.
        seeds: Seeds, one run each.
        weeks: Length of every order in weeks.
        params: Overrides of the model rates by id.

    Returns:
        One summary row per seed, tagged with ``scenario`` and ``seed``.

    Example:
        >>> from workbook.caseload import generate
        >>> len(replicate(generate(100, seed=2), None, [1, 2]))
        2
    """
    s = scenario if scenario is not None else Scenario()
    c, p = Cases.from_caseload(caseload), rates(params)
    rows = []
    for seed in seeds:
        columns = _columns(c, run(c, s, p, seed, weeks, by_week=False))
        rows.append(_summary({k: columns[k] for k in _SUMMARY_COLUMNS}).assign(scenario=s.name, seed=seed))
    return pd.concat(rows, ignore_index=True)
