"""Baseline against scenario: Monte Carlo bands, subgroups, officers, hours and cost.

The same seeds drive both runs, so each seed gives a paired difference; the ranges of
differences are over those pairs. Over-time results are counted in windows of
``WINDOW_WEEKS`` weeks, which hold whole cycles of every contact schedule.
"""

from __future__ import annotations

import dataclasses
import functools
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

import workbook
from workbook.compliance._engine import simulate_seeds
from workbook.compliance._scenario import Scenario
from workbook.compliance._subgroups import SUBGROUPS
from workbook.compliance._windows import windows_over_time
from workbook.paths import DATA_DIR

COSTS = tomllib.loads((DATA_DIR / "compliance" / "costs.toml").read_text(encoding="utf-8"))
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
UNITS = {  # one unit per measure, wherever it is shown
    "kept_share": "share",
    "engagement_mean": "share",
    "acceptable_per_100": "per 100 appointments",
    "unacceptable_per_100": "per 100 appointments",
    "warnings_per_100_orders": "per 100 orders",
    "breaches_per_100_orders": "per 100 orders",
    "share_2plus_unacceptable": "share",
    "completed_share": "share",
}
NOTE = "Illustrative model on a synthetic caseload; not a prediction about real people."


def format_measure(measure: str, value: float, *, change: bool = False) -> str:
    """A measure's value in its unit: shares as percentages, changes in them as points.

    Args:
        measure: A key of ``MEASURES`` (or its label).
        value: The value.
        change: Format it as a change (signed; shares in percentage points).

    Example:
        >>> format_measure("kept_share", 0.682), format_measure("kept_share", 0.07, change=True)
        ('68.2%', '+7.0 points')
        >>> format_measure("Breaches per 100 orders", -12.8, change=True)
        '−12.8'
    """
    key = next((k for k, label in MEASURES.items() if label == measure), measure)
    scale = 100 if UNITS[key] == "share" else 1
    value = 0.0 if round(value * scale, 1) == 0 else value  # no "−0.0"
    if UNITS[key] == "share":
        text = f"{100 * value:+.1f} points" if change else f"{100 * value:.1f}%"
    else:
        text = f"{value:+.1f}" if change else f"{value:.1f}"
    return text.replace("-", "−")


@dataclass(frozen=True)
class Comparison:
    """A baseline and a scenario run on the same caseload with the same seeds.

    Attributes:
        summary: One row per measure (its label): ``baseline``, ``scenario``, ``difference`` (means
            over seeds), ``baseline_low/high``, ``scenario_low/high`` (the range over seeds),
            ``difference_low/high`` (the range of the paired differences, seed by seed) and ``unit``.
        weekly: ``run, week, week_to, kept_share, kept_low, kept_high, engagement, engagement_low,
            engagement_high``: formal and substantive compliance over the order, in windows of
            ``WINDOW_WEEKS`` weeks from ``week`` to ``week_to`` (0 is the induction week): kept is
            appointments kept over those offered in the window, engagement the mean over its weeks.
        groups: ``run, group, cases, kept_share, kept_low, kept_high, unacceptable_per_100``.
        officers: ``run, officers, kept_low, kept_high, kept_spread``: consistency between officers.
        costs: ``run, appointments, officer_hours, texts, cost``, per year of the caseload.
        tiers: ``run, tier, cases, appointments_per_case, officer_hours_per_case``: officer time by
            tier (2005 model), which follows the contact schedule of each tier.
        seeds: The seeds used.
        baseline_runs: The baseline's results, one per seed, to reuse when only the scenario changes.
        group_changes: ``group, difference, difference_low, difference_high``: the change in each
            group's appointments kept, paired seed by seed.
        baseline: The baseline's levers.
        scenario: The scenario's levers.
        baseline_params: The baseline's rate overrides.
        scenario_params: The scenario's rate overrides.
        cases: The caseload's size.
        weeks: The length of the run.
        replicates: Each run's summary seed by seed: ``run``, ``seed`` and the summary's measures.
        runs: Each run's results, one per seed, by run (``baseline``, ``scenario``).

    ``summary`` and ``weekly`` are worked out at once; the other tables the first time they are
    read, so that a page can draw its chart before it works out the rest.
    """

    summary: pd.DataFrame
    weekly: pd.DataFrame
    seeds: tuple[int, ...]
    runs: dict[str, list] = field(repr=False)
    caseload: pd.DataFrame = field(repr=False)
    baseline: Scenario | None = None
    scenario: Scenario | None = None
    baseline_params: dict | None = None
    scenario_params: dict | None = None
    cases: int = 0
    weeks: int = 52

    @property
    def baseline_runs(self) -> tuple:
        """The baseline's results, one per seed, to reuse when only the scenario changes."""
        return tuple(self.runs["baseline"])

    @functools.cached_property
    def _groups_by_run(self) -> dict[str, pd.DataFrame]:
        return {name: _groups(name, rs, self.caseload) for name, rs in self.runs.items()}

    @functools.cached_property
    def groups(self) -> pd.DataFrame:
        return pd.concat(
            [g.drop(columns="per_seed") for g in self._groups_by_run.values()], ignore_index=True
        )

    @functools.cached_property
    def group_changes(self) -> pd.DataFrame:
        return _group_changes(self._groups_by_run["baseline"], self._groups_by_run["scenario"])

    @functools.cached_property
    def officers(self) -> pd.DataFrame:
        return pd.DataFrame([_officers(name, rs) for name, rs in self.runs.items()])

    @functools.cached_property
    def costs(self) -> pd.DataFrame:
        chosen = {"baseline": self.baseline, "scenario": self.scenario}
        return pd.DataFrame([_costs(name, rs, chosen[name], self.weeks) for name, rs in self.runs.items()])

    @functools.cached_property
    def tiers(self) -> pd.DataFrame:
        return pd.concat([_tiers(name, rs) for name, rs in self.runs.items()], ignore_index=True)

    @functools.cached_property
    def replicates(self) -> pd.DataFrame:
        return pd.concat(
            [r.summary.assign(run=name) for name, rs in self.runs.items() for r in rs], ignore_index=True
        )

    def to_record(self, *, caseload_seed: int | None = None, card: str | None = None) -> dict[str, Any]:
        """The comparison with its provenance, for a JSON export (the command line's and the page's).

        Args:
            caseload_seed: The seed the synthetic caseload was generated with, if it was.
            card: The scenario card's id, if the scenario is a card.

        Returns:
            ``workbook`` (version), ``scenario`` and ``baseline`` (levers), ``card``, ``rates`` (the
            scenario's rate overrides), ``cases``, ``caseload_seed``, ``seeds``, ``weeks``,
            ``summary`` (one record per measure, with its unit) and ``note``.
        """
        return {
            "workbook": workbook.__version__,
            "scenario": dataclasses.asdict(self.scenario) if self.scenario else None,
            "baseline": dataclasses.asdict(self.baseline) if self.baseline else None,
            "card": card,
            "rates": dict(self.scenario_params or {}),
            "cases": self.cases,
            "caseload_seed": caseload_seed,
            "seeds": list(self.seeds),
            "weeks": self.weeks,
            "summary": self.summary.reset_index(names="measure").to_dict(orient="records"),
            "note": NOTE,
        }

    def to_table(self) -> pd.DataFrame:
        """The summary as one tidy table with its provenance in every row, for a CSV export."""
        return self.summary.reset_index(names="measure").assign(
            workbook=workbook.__version__,
            scenario=self.scenario.name if self.scenario else "",
            seeds=" ".join(map(str, self.seeds)),
            cases=self.cases,
        )


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
        for result in simulate_seeds(caseload, chosen, seeds, weeks=weeks, params=params):
            results[name].append(result)
            done += 1
            if on_progress:
                on_progress(done, total)
    return Comparison(
        summary=_summary(results),
        weekly=pd.concat([windows_over_time(name, rs) for name, rs in results.items()], ignore_index=True),
        seeds=tuple(seeds),
        runs=results,
        caseload=caseload,
        baseline=baseline,
        scenario=scenario,
        baseline_params=baseline_params,
        scenario_params=scenario_params,
        cases=len(caseload),
        weeks=weeks,
    )


def _summary(results: dict) -> pd.DataFrame:
    frames = {name: pd.concat([r.summary for r in rs], ignore_index=True) for name, rs in results.items()}
    rows = {}
    for measure, label in MEASURES.items():
        base, scen = frames["baseline"][measure], frames["scenario"][measure]
        paired = scen.to_numpy() - base.to_numpy()  # the same seed on both sides
        rows[label] = {
            "baseline": base.mean(), "scenario": scen.mean(), "difference": scen.mean() - base.mean(),
            "baseline_low": base.min(), "baseline_high": base.max(),
            "scenario_low": scen.min(), "scenario_high": scen.max(),
            "difference_low": paired.min(), "difference_high": paired.max(), "unit": UNITS[measure],
        }  # fmt: skip
    return pd.DataFrame.from_dict(rows, orient="index")


def _groups(name: str, results: list, caseload: pd.DataFrame) -> pd.DataFrame:
    """Each subgroup's appointments kept, pooled over seeds and seed by seed (``per_seed``)."""
    # a run's per-case rows are in the caseload's order, so a subgroup is a mask over both
    counts = [
        np.stack([a["kept"] + a["late_ok"], a["appointments"], a["unacceptable_failures"]]).astype(np.int64)
        for a in (r.appointments for r in results)
    ]
    rows = []
    for label, select in SUBGROUPS.items():
        chosen = select(caseload).to_numpy(bool)
        kept, offered, unacceptable = np.array([c[:, chosen].sum(axis=1) for c in counts]).T
        shares = kept / np.maximum(offered, 1)
        rows.append({
            "run": name, "group": label, "cases": int(chosen.sum()),
            "kept_share": kept.sum() / max(offered.sum(), 1),
            "kept_low": shares.min(), "kept_high": shares.max(),
            "unacceptable_per_100": 100 * unacceptable.sum() / max(offered.sum(), 1),
            "per_seed": shares,
        })  # fmt: skip
    return pd.DataFrame(rows)


def _group_changes(baseline: pd.DataFrame, scenario: pd.DataFrame) -> pd.DataFrame:
    """The change in each group's appointments kept, pooled and paired seed by seed."""
    paired = [s - b for s, b in zip(scenario["per_seed"], baseline["per_seed"], strict=True)]
    return pd.DataFrame({
        "group": scenario["group"].to_numpy(),
        "difference": (scenario["kept_share"] - baseline["kept_share"]).to_numpy(),
        "difference_low": [p.min() for p in paired],
        "difference_high": [p.max() for p in paired],
    })  # fmt: skip


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
