"""What a compliance run leaves, counted: per case for the frames, or only the totals a summary needs.

The week loop (``_core.py``) keeps, slot by slot, who missed (why, and whether it was accepted)
and who came late (and whether beyond the tolerance), and logs every enforcement event. At the
end ``finish`` counts all of it per case, for ``simulate``'s frames; ``totals`` counts only what
a summary row is made of (totals per run, and per case only the unacceptable failures, for the
share with two or more), for ``replicate``, which builds no per-case frame. A count is a count:
the totals are the per-case counts summed, exactly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from workbook.compliance._cases import EVENTS, REASONS

if TYPE_CHECKING:
    from workbook.compliance._core import RunState

_E = {event: i for i, event in enumerate(EVENTS)}
_SUMMED_COLUMNS = {"warnings": "warning", "breaches": "breach", "recalls": "recall"}  # a summary totals them


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
    log: list[tuple[np.ndarray, int, int, int]]  # cases, week, slot, event (index in EVENTS); only by week


def finish(st: RunState) -> list[Run]:
    """Count outcomes, reasons and events per case from what the slots kept and the log; a Run per run."""
    n, r = len(st.engagement), len(REASONS)
    # a missed appointment's code is (accepted, reason, case), a late one's (lateness, case), an event's
    # (event, case): one count of each code
    codes = [(accepted * r + why) * n + who for who, why, accepted in st.missed]
    codes += [(2 * r + beyond) * n + who for who, beyond in st.late]
    codes += [(2 * r + 2 + event) * n + cases for cases, _, _, event in st.log]
    codes = np.concatenate(codes) if codes else np.zeros(0, np.int64)
    counted = np.bincount(codes, minlength=(2 * r + 2 + len(EVENTS)) * n).reshape(-1, n)
    unacceptable, acceptable = counted[:r], counted[r : 2 * r]  # by reason
    late_ok, late_beyond = counted[2 * r], counted[2 * r + 1]
    absent_acceptable, absent_unacceptable = acceptable.sum(axis=0), unacceptable.sum(axis=0)
    appointments = st.appointments.astype(np.int64)
    kept = appointments - (((absent_unacceptable + absent_acceptable) + late_ok) + late_beyond)
    outcomes = np.stack([kept, late_ok, late_beyond, absent_acceptable, absent_unacceptable])
    arrays = (st.officer, st.wait, appointments, outcomes, unacceptable + acceptable, counted[2 * r + 2 :],
              st.revoked, st.active & ~st.pending, st.engagement)  # fmt: skip
    logs = st.run_logs() if st.by_week else [[] for _ in st.draws]
    runs = []
    for i, log in enumerate(logs):
        part = slice(i * st.width, (i + 1) * st.width)
        runs.append(Run(*(x[..., part] for x in arrays), weekly=st.weekly[i] if st.by_week else [], log=log))
    return runs


def totals(st: RunState) -> list[dict]:
    """Per run, what its summary row is made of (``_engine._headline_rates``), without counting per case.

    Totals (``np.int64``) of appointments, of each outcome, of licences, warnings, breaches and
    recalls; and per case: two or more unacceptable failures, completed, final engagement. Every
    array the slots kept and the log holds is in case order, so a run's part of it is found by
    bisection (``RunState.per_run``); the many short ones are counted per case in one go and
    summed by run.
    """
    runs, width = len(st.draws), st.width

    def per_case(parts: list[np.ndarray]) -> np.ndarray:  # how many times each case is among these
        return np.bincount(np.concatenate(parts) if parts else np.zeros(0, np.intp), minlength=runs * width)

    def per_run(parts: list[np.ndarray]) -> np.ndarray:  # how many of these cases belong to each run
        return per_case(parts).reshape(runs, width).sum(axis=1)

    missed = sum((st.per_run(who) for who, _, _ in st.missed), np.zeros(runs, np.int64))  # a few long ones
    late = per_run([late for late, _ in st.late])
    late_beyond = per_run([late.compress(beyond) for late, beyond in st.late])
    failed = per_case([cases for cases, _, _, event in st.log if event == _E["failure"]])
    # every unacceptable failure is an absence not accepted or a late arrival beyond the tolerance (enforce)
    unacceptable = failed.reshape(runs, width).sum(axis=1) - late_beyond
    events = {column: per_run([cases for cases, _, _, e in st.log if e == _E[event]])
              for column, event in _SUMMED_COLUMNS.items()}  # fmt: skip
    appointments = st.appointments.reshape(runs, width).sum(axis=1, dtype=np.int64)
    completed = st.active & ~st.pending
    out = []
    for i in range(runs):
        part = slice(i * width, (i + 1) * width)
        out.append({
            "cases": width,
            "appointments": appointments[i],
            "kept": appointments[i] - ((missed[i] + (late[i] - late_beyond[i])) + late_beyond[i]),
            "late_ok": late[i] - late_beyond[i],
            "late_beyond": late_beyond[i],
            "absent_acceptable": missed[i] - unacceptable[i],
            "absent_unacceptable": unacceptable[i],
            "licence": np.count_nonzero(st.plan.c.licence[part]),
            **{column: counts[i] for column, counts in events.items()},
            "two_plus_failures": failed[part] >= 2,
            "completed": completed[part],
            "final_engagement": st.engagement[part],
        })  # fmt: skip
    return out
