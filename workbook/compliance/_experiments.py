"""The model's experiments that count what each published figure counts (``validate`` runs them).

Each takes one run of the default scenario (``SimulationResult``) and what is needed to read
it (``Runs``), and returns one number: a share of appointments or of people, counted over the
people the figure counts (community orders, DRR orders, everyone) and the span it counts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
import pandas as pd

from workbook.compliance._engine import SimulationResult

HALF_YEAR = 26  # weeks: the NPS compliance measure looks at orders six months in


@dataclass(frozen=True)
class Runs:
    """The default scenario's runs, one per seed, with what the experiments need to read them.

    Attributes:
        results: One ``SimulationResult`` per seed.
        caseload: The caseload they ran on.
        params: The model rates they ran with.
    """

    results: tuple[SimulationResult, ...]
    caseload: pd.DataFrame
    params: MappingProxyType

    @property
    def resolution(self) -> int:
        """Weeks from a breach to the court's decision."""
        return int(self.params["breach_resolution_weeks"])


def _appointment_share(columns: Sequence[str]) -> Callable[[SimulationResult, Runs], float]:
    def measure(result: SimulationResult, runs: Runs) -> float:
        per_case = result.appointments
        return float(per_case[list(columns)].to_numpy().sum() / per_case["appointments"].sum())

    return measure


def _community(result: SimulationResult) -> pd.DataFrame:
    return result.appointments[~result.appointments["licence"].to_numpy(bool)]


def _two_plus_unacceptable_community(result: SimulationResult, runs: Runs) -> float:
    return float((_community(result)["unacceptable_failures"] >= 2).mean())


def _breached_community(result: SimulationResult, runs: Runs) -> float:
    return float((_community(result)["breaches"] >= 1).mean())


def _community_events(result: SimulationResult, event: str) -> pd.DataFrame:
    per_case = result.appointments
    community = set(per_case.loc[~per_case["licence"].to_numpy(bool), "case_id"])
    events = result.events
    return events[(events["event"] == event) & events["case_id"].isin(community)]


def _no_breach_by_half_year(result: SimulationResult, runs: Runs) -> float:
    breached = _community_events(result, "breach")
    early = breached.loc[breached["week"] < HALF_YEAR, "case_id"].nunique()
    return 1 - early / len(_community(result))


def _not_revoked_for_early_breach(result: SimulationResult, runs: Runs) -> float:
    # The court decides `resolution` weeks after the breach; one breach is pending at a time.
    revoked = _community_events(result, "revoked")
    early = revoked.loc[revoked["week"] - runs.resolution < HALF_YEAR, "case_id"].nunique()
    return 1 - early / len(_community(result))


def _ended_for_non_compliance(per_case: pd.DataFrame, caseload: pd.DataFrame, params) -> np.ndarray:
    """Each community case's chance its order ends for non-compliance: revoked, or pending at the end."""
    drr = caseload.set_index("case_id").loc[per_case["case_id"], "req_drr"].to_numpy(bool)
    revoke = params["revocation_chance"] * (1 - params["drr_breach_reluctance"] * drr)
    pending = ~per_case["revoked"].to_numpy(bool) & ~per_case["completed"].to_numpy(bool)
    return per_case["revoked"].to_numpy(float) + pending * revoke


def _ended_community(result: SimulationResult, runs: Runs) -> float:
    return float(_ended_for_non_compliance(_community(result), runs.caseload, runs.params).mean())


def _drr_completed(result: SimulationResult, runs: Runs) -> float:
    community = _community(result)
    drr = runs.caseload.set_index("case_id").loc[community["case_id"], "req_drr"].to_numpy(bool)
    return float(1 - _ended_for_non_compliance(community[drr], runs.caseload, runs.params).mean())


MEASURES: dict[str, Callable[[SimulationResult, Runs], float]] = {
    "kept_share": _appointment_share(("kept", "late_ok")),
    "missed_share": _appointment_share(("absent_acceptable", "absent_unacceptable")),
    "acceptable_per_100": lambda r, runs: 100 * _appointment_share(("absent_acceptable",))(r, runs),
    "two_plus_unacceptable_community": _two_plus_unacceptable_community,
    "breached_community": _breached_community,
    "no_breach_by_26_weeks_community": _no_breach_by_half_year,
    "not_revoked_for_breach_by_26_weeks_community": _not_revoked_for_early_breach,
    "ended_for_non_compliance_community": _ended_community,
    "drr_completed": _drr_completed,
    "missed_relative_cut": lambda r, runs: np.nan,  # a lever's effect: see _lever_effects
}


def missed_share(summary: pd.DataFrame) -> np.ndarray:
    """All absences per appointment offered, from ``replicate`` summaries."""
    return ((summary["acceptable_per_100"] + summary["unacceptable_per_100"]) / 100).to_numpy()
