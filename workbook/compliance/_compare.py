"""Baseline against scenario: Monte Carlo bands, subgroups, officers, hours and cost."""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from workbook.compliance._engine import simulate
from workbook.compliance._scenario import Scenario
from workbook.paths import DATA_DIR

COSTS = tomllib.loads((DATA_DIR / "compliance" / "costs.toml").read_text(encoding="utf-8"))
SUBGROUPS = {
    "Everyone": lambda c: pd.Series(True, index=c.index),
    "Young adults (18-20)": lambda c: c["youth_transition"],
    "Women": lambda c: c["gender"] == "female",
    "On a DRR": lambda c: c["req_drr"],
    "PPOs": lambda c: c["ppo"],
    "Shift workers": lambda c: c["shift_work"],
    "With a programme requirement": lambda c: c["req_programme"],
}
MEASURES = {
    "kept_share": "Appointments kept",
    "engagement_mean": "Engagement (substantive compliance), mean",
    "acceptable_per_100": "Acceptable absences per 100 appointments",
    "unacceptable_per_100": "Unacceptable absences per 100 appointments",
    "warnings_per_100_orders": "Warnings per 100 orders",
    "breaches_per_100_orders": "Breaches per 100 orders",
    "share_2plus_unacceptable": "People with 2+ unacceptable failures",
    "completed_share": "Orders completed",
}


@dataclass(frozen=True)
class Comparison:
    """A baseline and a scenario run on the same caseload with the same seeds.

    Attributes:
        summary: One row per measure: ``baseline``, ``scenario``, ``difference`` (means over
            seeds) and ``baseline_low/high``, ``scenario_low/high`` (the range over seeds).
        weekly: ``run, week, kept_share, kept_low, kept_high, engagement, engagement_low,
            engagement_high``: formal and substantive compliance over the order.
        groups: ``run, group, cases, kept_share, unacceptable_per_100``.
        officers: ``run, officers, kept_low, kept_high, kept_spread``: consistency between officers.
        costs: ``run, appointments, officer_hours, texts, cost``, per year of the caseload.
        tiers: ``run, tier, cases, appointments_per_case, officer_hours_per_case``: officer time by
            tier (2005 model), which follows the contact schedule of each tier.
        seeds: The seeds used.
        baseline_runs: The baseline's results, one per seed, to reuse when only the scenario changes.
    """

    summary: pd.DataFrame
    weekly: pd.DataFrame
    groups: pd.DataFrame
    officers: pd.DataFrame
    costs: pd.DataFrame
    tiers: pd.DataFrame
    seeds: tuple[int, ...]
    baseline_runs: tuple = ()


def compare_scenarios(
    caseload: pd.DataFrame,
    baseline: Scenario,
    scenario: Scenario,
    *,
    seeds: Sequence[int],
    baseline_params: dict | None = None,
    scenario_params: dict | None = None,
    weeks: int = 52,
    on_progress: Callable[[int, int], None] | None = None,
    baseline_runs: Sequence | None = None,
) -> Comparison:
    """Run a baseline and a scenario on the same caseload and seeds, and compare them.

    Args:
        caseload: The caseload.
        baseline: The baseline scenario.
        scenario: The scenario to compare.
        seeds: Replicate seeds; the same seeds drive both runs.
        baseline_params: Model-rate overrides for the baseline.
        scenario_params: Model-rate overrides for the scenario.
        weeks: Length of the run.
        on_progress: Called with (runs done, runs in all) after each run.
        baseline_runs: The baseline's results from an earlier comparison with the same caseload,
            baseline and seeds (``Comparison.baseline_runs``); given, the baseline is not run again.

    Returns:
        The comparison.

    Example:
        >>> from workbook.caseload import generate
        >>> texts = Scenario(text_reminders=True)
        >>> c = compare_scenarios(generate(300, seed=1), Scenario(), texts, seeds=[1, 2])
        >>> list(c.summary.columns[:3])
        ['baseline', 'scenario', 'difference']
    """
    runs = {"baseline": (baseline, baseline_params), "scenario": (scenario, scenario_params)}
    results = {name: [] for name in runs}
    if baseline_runs is not None:
        if len(baseline_runs) != len(seeds):
            raise ValueError("baseline_runs must hold one result per seed")
        results["baseline"] = list(baseline_runs)
    pending = [name for name in runs if not results[name]]
    total, done = len(pending) * len(seeds), 0
    for name in pending:
        chosen, params = runs[name]
        for seed in seeds:
            results[name].append(simulate(caseload, chosen, seed=seed, weeks=weeks, params=params))
            done += 1
            if on_progress:
                on_progress(done, total)
    return Comparison(
        summary=_summary(results),
        weekly=pd.concat([_weekly(name, rs) for name, rs in results.items()], ignore_index=True),
        groups=pd.concat([_groups(name, rs, caseload) for name, rs in results.items()], ignore_index=True),
        officers=pd.DataFrame([_officers(name, rs) for name, rs in results.items()]),
        costs=pd.DataFrame([_costs(name, rs, runs[name][0], weeks) for name, rs in results.items()]),
        tiers=pd.concat([_tiers(name, rs) for name, rs in results.items()], ignore_index=True),
        seeds=tuple(seeds),
        baseline_runs=tuple(results["baseline"]),
    )


def _summary(results: dict) -> pd.DataFrame:
    frames = {name: pd.concat([r.summary for r in rs], ignore_index=True) for name, rs in results.items()}
    rows = {}
    for measure, label in MEASURES.items():
        base, scen = frames["baseline"][measure], frames["scenario"][measure]
        rows[label] = {
            "baseline": base.mean(), "scenario": scen.mean(), "difference": scen.mean() - base.mean(),
            "baseline_low": base.min(), "baseline_high": base.max(),
            "scenario_low": scen.min(), "scenario_high": scen.max(),
        }  # fmt: skip
    return pd.DataFrame.from_dict(rows, orient="index")


def _weekly(name: str, results: list) -> pd.DataFrame:
    stacked = pd.concat([r.weekly[["week", "kept_share", "engagement_mean"]] for r in results])
    grouped = stacked.groupby("week")
    return pd.DataFrame({
        "run": name,
        "week": grouped.size().index,
        "kept_share": grouped["kept_share"].mean().to_numpy(),
        "kept_low": grouped["kept_share"].min().to_numpy(),
        "kept_high": grouped["kept_share"].max().to_numpy(),
        "engagement": grouped["engagement_mean"].mean().to_numpy(),
        "engagement_low": grouped["engagement_mean"].min().to_numpy(),
        "engagement_high": grouped["engagement_mean"].max().to_numpy(),
    })  # fmt: skip


def _groups(name: str, results: list, caseload: pd.DataFrame) -> pd.DataFrame:
    per_case = pd.concat([r.appointments for r in results], ignore_index=True)
    joined = per_case.merge(caseload, on="case_id", how="left", suffixes=("", "_case"))
    rows = []
    for label, select in SUBGROUPS.items():
        chosen = joined[select(joined).to_numpy(bool)]
        appointments = max(int(chosen["appointments"].sum()), 1)
        rows.append({
            "run": name, "group": label, "cases": int(len(chosen) / len(results)),
            "kept_share": (chosen["kept"].sum() + chosen["late_ok"].sum()) / appointments,
            "unacceptable_per_100": 100 * chosen["unacceptable_failures"].sum() / appointments,
        })  # fmt: skip
    return pd.DataFrame(rows)


def _officers(name: str, results: list) -> dict:
    per_case = pd.concat([r.appointments for r in results], ignore_index=True)
    by_officer = per_case.groupby("officer")[["kept", "late_ok", "appointments"]].sum()
    kept = (by_officer["kept"] + by_officer["late_ok"]) / by_officer["appointments"].clip(lower=1)
    return {"run": name, "officers": len(kept), "kept_low": kept.min(), "kept_high": kept.max(),
            "kept_spread": float(np.std(kept))}  # fmt: skip


def _costs(name: str, results: list, scenario: Scenario, weeks: int) -> dict:
    appointments = np.mean([r.summary["appointments"].iloc[0] for r in results])
    cases = results[0].summary["cases"].iloc[0]
    hours = appointments * COSTS["officer_minutes_per_appointment"]["value"] / 60
    texts = appointments if scenario.text_reminders else 0
    mentor = cases * weeks * COSTS["mentor_cost_per_case_week"]["value"] if scenario.compliance_mentor else 0
    cost = (
        hours * COSTS["officer_cost_per_hour"]["value"] + texts * COSTS["text_message_cost"]["value"] + mentor
    )
    return {"run": name, "appointments": appointments, "officer_hours": hours, "texts": texts, "cost": cost}


def _tiers(name: str, results: list) -> pd.DataFrame:
    per_case = pd.concat([r.appointments for r in results], ignore_index=True)
    by_tier = per_case.groupby("tier")["appointments"].agg(["size", "mean"])
    minutes = COSTS["officer_minutes_per_appointment"]["value"]
    return pd.DataFrame({
        "run": name,
        "tier": by_tier.index.to_numpy(),
        "cases": (by_tier["size"] // len(results)).to_numpy(),
        "appointments_per_case": by_tier["mean"].to_numpy(),
        "officer_hours_per_case": (by_tier["mean"] * minutes / 60).to_numpy(),
    })  # fmt: skip


def reflection_prompt(summary: pd.DataFrame) -> str:
    """A prompt that names what changed between baseline and scenario, for a reflective journal.

    Args:
        summary: ``Comparison.summary``.

    Returns:
        One or two questions in plain words.
    """
    kept = summary.loc[MEASURES["kept_share"], "difference"]
    engaged = summary.loc[MEASURES["engagement_mean"], "difference"]
    breaches = summary.loc[MEASURES["breaches_per_100_orders"], "difference"]
    if kept > 0.005 and engaged < -0.005:
        return (
            "Formal compliance rose while engagement fell. Why might attendance improve while people "
            "engage less?"
        )
    if kept < -0.005 and engaged > 0.005:
        return (
            "Engagement rose although fewer appointments were kept. Which would you rather report, and why?"
        )
    if abs(kept) <= 0.005 and abs(engaged) <= 0.005:
        return "Almost nothing changed. What would have to be different in practice for this lever to matter?"
    direction = "fewer" if breaches < 0 else "more"
    return (
        f"Attendance and engagement moved together, with {direction} breaches. Who gains most, and what "
        "would it cost your team to work this way?"
    )
