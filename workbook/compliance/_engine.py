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
is in ``_core.py``, the case features and hazards in ``_cases.py`` and the levers
(``Scenario``) in ``_scenario.py``.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

import numpy as np
import pandas as pd

from workbook.compliance._cases import EVENTS, OUTCOMES, REASONS, Cases
from workbook.compliance._core import Run, run, run_replicates, run_seeds
from workbook.compliance._parameters import rates
from workbook.compliance._scenario import Scenario

_WEEKLY_EVENT_COLUMNS = (
    "failures", "verbal_warnings", "warnings", "breaches", "breaches_continued", "revocations", "recalls"
)  # fmt: skip
_WEEKLY_COLUMNS = ("week", "active", "appointments", "kept", "engagement_mean", *_WEEKLY_EVENT_COLUMNS)


class SimulationResult:
    """Tidy frames from one run, each tagged with ``scenario`` and ``seed``.

    ``weekly`` and ``summary`` are made with the run; ``appointments`` and ``events`` the
    first time they are read (a page redrawing its chart after a lever needs only the first
    two), from the run's own arrays (its own, so they are taken without copying).

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

    def __init__(self, c: Cases, ids, scenario: Scenario, seed, out: Run):
        self._cases, self._ids, self._out = c, ids, out
        self._tags = {"scenario": scenario.name, "seed": seed}
        columns = _columns(c, out)
        self.summary = _summary({k: columns[k] for k in _SUMMARY_COLUMNS}).assign(**self._tags)
        weekly = pd.DataFrame(out.weekly, columns=list(_WEEKLY_COLUMNS))
        weekly.insert(
            4, "kept_share", (weekly["kept"] / weekly["appointments"]).where(weekly["appointments"] > 0)
        )
        self.weekly = weekly.assign(**self._tags)

    @functools.cached_property
    def appointments(self) -> pd.DataFrame:
        c = self._cases
        shared = {
            "case_id": self._ids.copy(),
            "tier": c.tier.copy(),
            "licence": c.licence.copy(),
        }  # every run's
        return pd.DataFrame(_columns(c, self._out) | shared, copy=False).assign(**self._tags)

    @functools.cached_property
    def events(self) -> pd.DataFrame:
        return _events(self._out.log, self._ids).assign(**self._tags)

    def __repr__(self) -> str:
        return f"SimulationResult(scenario={self._tags['scenario']!r}, seed={self._tags['seed']!r})"


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
    return SimulationResult(c, _case_ids(c), s, seed, run(c, s, rates(params), seed, weeks))


def simulate_seeds(
    caseload: pd.DataFrame,
    scenario: Scenario | None,
    seeds,
    *,
    weeks: int = 52,
    params: dict | None = None,
) -> Iterator[SimulationResult]:
    """``simulate`` under each seed, reading and tiering the caseload once and running the seeds side by side.

    Example:
        >>> from workbook.caseload import generate
        >>> caseload = generate(100, seed=2)
        >>> [r.summary.equals(simulate(caseload, seed=r.summary["seed"].iloc[0]).summary)
        ...  for r in simulate_seeds(caseload, None, [1, 2])]
        [True, True]
    """
    s = scenario if scenario is not None else Scenario()
    c, seeds = Cases.from_caseload(caseload), list(seeds)
    ids, done = _case_ids(c), 0
    for batch in run_seeds(c, s, rates(params), seeds, weeks):  # the runs go side by side
        for out in batch:
            yield SimulationResult(c, ids, s, seeds[done], out)
            done += 1


def _case_ids(c: Cases):
    """The case ids as the frames hold them (a pandas array), so taking a row per event needs no checking."""
    return pd.Series(c.case_id).array


_EVENT_NAMES = pd.Series(np.array(EVENTS, dtype=object)).array


def _events(log, ids) -> pd.DataFrame:
    if not log:
        return pd.DataFrame({"case_id": np.asarray(ids[:0]), "week": [], "slot": [], "event": []})
    idx = np.concatenate([x[0] for x in log])
    sizes = [len(x[0]) for x in log]
    return pd.DataFrame(
        {
            "case_id": ids.take(idx),
            "week": np.repeat([x[1] for x in log], sizes),
            "slot": np.repeat([x[2] for x in log], sizes),
            "event": _EVENT_NAMES.take(np.repeat([x[3] for x in log], sizes)),
        },
        copy=False,
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
    """The summary row from per-case columns as arrays (``summarise``)."""
    return pd.DataFrame({k: [x] for k, x in _summary_values(v).items()})


def _summary_values(v: dict[str, np.ndarray]) -> dict:
    """The summary row's values from per-case columns as arrays."""
    return _headline_rates(
        {k: v[k].sum() for k in _TOTALLED}
        | {"cases": len(v["appointments"]), "two_plus_failures": v["unacceptable_failures"] >= 2}
        | {k: v[k] for k in ("completed", "final_engagement")}
    )


_TOTALLED = (
    "appointments", "kept", "late_ok", "late_beyond", "absent_acceptable", "absent_unacceptable", "licence",
    "warnings", "breaches", "recalls",
)  # fmt: skip


def _headline_rates(t: dict) -> dict:
    """The summary row's values from totals (``_TOTALLED``, ``cases``) and three per-case columns.

    ``replicate`` has the totals counted without per-case columns (``_tally.totals``); a total is
    the same number either way, so the rates are too, bit for bit.
    """
    n = t["cases"]
    total = int(t["appointments"])
    per_appt = 100 / total if total else np.nan
    licences = int(t["licence"])
    return {
        "cases": n,
        "appointments": total,
        "kept_share": (t["kept"] + t["late_ok"]) / total if total else np.nan,
        "acceptable_per_100": t["absent_acceptable"] * per_appt,
        "unacceptable_per_100": t["absent_unacceptable"] * per_appt,
        "late_beyond_per_100": t["late_beyond"] * per_appt,
        "warnings_per_100_orders": 100 * t["warnings"] / n,
        "breaches_per_100_orders": 100 * t["breaches"] / n,
        "recalls_per_100_licences": 100 * t["recalls"] / licences if licences else np.nan,
        "share_2plus_unacceptable": float(t["two_plus_failures"].mean()),
        "completed_share": float(t["completed"].mean()),
        "engagement_mean": float(t["final_engagement"].mean()),
    }


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
    nobody asked for; the caseload is read and tiered once, and the runs step side by side.

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
    seeds = list(seeds)
    rows = [_headline_rates(t) for t in run_replicates(c, s, p, seeds, weeks)]
    # one frame when the seeds are plain int64s; else typed as concatenated one-row frames type them
    if not seeds or not all(type(seed) is int and -(2**63) <= seed < 2**63 for seed in seeds):
        return pd.concat(
            [pd.DataFrame({k: [x] for k, x in row.items()}).assign(scenario=s.name, seed=seed)
             for row, seed in zip(rows, seeds, strict=True)],
            ignore_index=True,
        )  # fmt: skip
    return pd.DataFrame({k: [row[k] for row in rows] for k in rows[0]}).assign(scenario=s.name, seed=seeds)
