"""Which assumptions move the result: global sensitivity analysis of the compliance model.

Every lever and every rate with a declared range is a factor, varied within that range (on/off
levers and levers that take a name are split at the middle of [0, 1]; whole-number rates are
rounded). Morris screening (elementary effects, Morris 1991; Campolongo et al. 2007) runs over
all of them; Sobol' first-order and total indices (Saltelli et al. 2010) then over the ones
that moved the measures most, each measure's strongest taken in turn. Every run uses the same
seed (common random numbers), so a difference between two runs comes from the factors alone.
The runs go through ``sweep``, so they can use local processes or a Dask cluster.

SALib does the sampling and the analysis; it is imported only when an analysis runs.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from workbook import __version__
from workbook.compliance._parameters import PARAMETERS_FILE, SCHEDULES_FILE, Parameter, load_parameters
from workbook.compliance._scenario import lever_options
from workbook.compliance._sweep import NAMED_LEVERS, NOTE, sweep
from workbook.paths import DATA_DIR

SENSITIVITY_FILE = DATA_DIR / "compliance" / "sensitivity.json"
DEFAULTS_FILES = (PARAMETERS_FILE, SCHEDULES_FILE, DATA_DIR / "caseload" / "parameters.toml")
SENSITIVITY_MEASURES = {
    "kept_share": "Appointments kept",
    "engagement_mean": "Engagement (substantive compliance), mean",
    "breaches_per_100_orders": "Breaches per 100 orders",
    "share_2plus_unacceptable": "People with 2+ unacceptable failures",
}
METHODS = ("morris", "sobol")
TABLE_COLUMNS = ("method", "measure", "parameter", "label", "kind", "index", "value", "conf", "rank")
RANKED_BY = {"morris": "mu_star", "sobol": "ST"}  # the index each method ranks parameters by
COMMAND = "workbook sensitivity --out data/compliance/sensitivity.json"


@dataclass(frozen=True)
class Factor:
    """One uncertain input: a lever or rate, and how a number in its bounds becomes its value.

    Attributes:
        parameter: The lever or rate.
        low: Lower bound of the number sampled.
        high: Upper bound of the number sampled.
        choices: For an on/off lever or one that takes a name, the values that [0, 1] is split into.
    """

    parameter: Parameter
    low: float
    high: float
    choices: tuple = ()

    @property
    def name(self) -> str:
        """The parameter's id."""
        return self.parameter.id

    def value(self, x: float) -> Any:
        """The parameter value a sampled number stands for.

        Example:
            >>> f = factors(["text_reminders", "officers"])
            >>> f[0].value(0.4), f[0].value(0.7), f[1].value(7.6)
            (False, True, 8)
        """
        if self.choices:
            return self.choices[min(int(x * len(self.choices)), len(self.choices) - 1)]
        x = min(max(float(x), self.low), self.high)  # the samplers' arithmetic can step just outside
        return round(x) if isinstance(self.parameter.value, int) else x


def factors(names: Sequence[str] | None = None) -> list[Factor]:
    """The factors of a sensitivity analysis: every lever and every rate that can vary.

    Rates whose declared range is a single value (set in law, such as the 12-month warning
    window) cannot vary and are left out.

    Args:
        names: Only these parameters, in this order; every one that can vary when left out.

    Returns:
        The factors.

    Raises:
        KeyError: If a name is not a lever or rate that can vary.

    Example:
        >>> len(factors()), [f.name for f in factors()][:3]
        (46, ['schedule', 'contact_intensity', 'text_reminders'])
    """
    found = {}
    for p in load_parameters().values():
        if p.kind not in ("lever", "rate"):
            continue
        if isinstance(p.value, bool):
            found[p.id] = Factor(p, 0.0, 1.0, (False, True))
        elif p.id in NAMED_LEVERS:
            found[p.id] = Factor(p, 0.0, 1.0, tuple(lever_options(p.id)))
        elif p.low is not None and p.low < p.high:
            found[p.id] = Factor(p, float(p.low), float(p.high))
    if names is None:
        return list(found.values())
    unknown = [n for n in names if n not in found]
    if unknown:
        raise KeyError(
            f"cannot vary {', '.join(unknown)}; the levers and rates that vary: {', '.join(found)}"
        )
    return [found[n] for n in names]


def label(parameter: Parameter) -> str:
    """A parameter in a few plain words, from the first clause of its description.

    Example:
        >>> label(load_parameters()["forget_chance"])
        'Chance of forgetting at engagement 0.5'
    """
    text = parameter.doc
    for stop in (" (", ";", ":"):
        text = text.split(stop)[0]
    text = text.rstrip(".")
    return text if len(text) <= 70 else text[:70].rsplit(" ", 1)[0] + "…"


@dataclass(frozen=True)
class SensitivityResult:
    """A sensitivity analysis: a tidy table of indices and the settings that made it.

    Attributes:
        table: One row per method, measure, parameter and index: ``method`` (morris, sobol),
            ``measure``, ``parameter``, ``label``, ``kind`` (lever, rate), ``index`` (Morris
            ``mu_star``, ``mu``, ``sigma``; Sobol' ``S1``, ``ST``), ``value``, ``conf`` (half-width
            of its 95% bootstrap interval) and ``rank`` (1 = the result depends on it most, by
            ``mu_star`` or ``ST``).
        settings: How it was made: version, caseload size and seed, run seed, weeks, trajectories,
            Sobol' base samples, runs, the parameters screened and measured, and the command.
    """

    table: pd.DataFrame
    settings: dict = field(default_factory=dict)

    def ranking(self, measure: str = "kept_share", method: str | None = None) -> pd.DataFrame:
        """Parameters ranked for one measure, most influential first.

        Args:
            measure: A key of ``SENSITIVITY_MEASURES``.
            method: ``"morris"`` or ``"sobol"``; Sobol' when the result has it, else Morris.

        Returns:
            One row per parameter: ``parameter``, ``label``, ``kind``, ``rank`` and one column per
            index with its value (and ``<index>_conf``).
        """
        method = method or ("sobol" if (self.table["method"] == "sobol").any() else "morris")
        rows = self.table[(self.table["method"] == method) & (self.table["measure"] == measure)]
        if rows.empty:
            raise KeyError(f"no {method} indices for {measure!r} in this result")
        wide = rows.pivot(
            index=["parameter", "label", "kind", "rank"], columns="index", values=["value", "conf"]
        )
        wide.columns = [i if what == "value" else f"{i}_conf" for what, i in wide.columns]
        wide = wide.dropna(axis=1, how="all")  # indices without an interval (Morris mu, sigma)
        return wide.reset_index().sort_values("rank", kind="stable").reset_index(drop=True)

    def to_record(self) -> dict:
        """Settings and table, ready for JSON."""
        return {"settings": self.settings, "table": self.table.to_dict(orient="records")}

    def write(self, path: Path | str) -> Path:
        """Write to ``path``: JSON (settings and table), or CSV (the table, settings as columns)."""
        path = Path(path)
        if path.suffix.lower() == ".csv":
            provenance = {k: v for k, v in self.settings.items() if not isinstance(v, list | dict)}
            self.table.assign(**provenance).to_csv(path, index=False)
        else:  # settings spread out to read, the table one row a line to keep the file small
            rows = ",\n  ".join(json.dumps(r, default=_plain) for r in self.to_record()["table"])
            settings = json.dumps(self.settings, indent=1, default=_plain)
            path.write_text(f'{{"settings": {settings},\n "table": [\n  {rows}\n ]\n}}\n', encoding="utf-8")
        return path


def _plain(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def defaults_digest() -> str:
    """A digest of the files that set the defaults (the model's parameters and schedules, the caseload's).

    A result whose settings carry another digest was computed with other defaults.
    """
    digest = hashlib.sha256()
    for path in DEFAULTS_FILES:
        digest.update(path.read_bytes().replace(b"\r\n", b"\n"))
    return digest.hexdigest()


def read_sensitivity(path: Path | str | None = None) -> SensitivityResult:
    """Read a sensitivity analysis written as JSON; the shipped one for the defaults when left out.

    Example:
        >>> shipped = read_sensitivity()
        >>> shipped.settings["command"]
        'workbook sensitivity --out data/compliance/sensitivity.json'
    """
    record = json.loads(Path(path or SENSITIVITY_FILE).read_text(encoding="utf-8"))
    table = pd.DataFrame(record["table"], columns=list(TABLE_COLUMNS))
    return SensitivityResult(table=table, settings=record["settings"])


def sensitivity(
    caseload: pd.DataFrame,
    *,
    method: str = "sobol",
    names: Sequence[str] | None = None,
    measures: Sequence[str] = tuple(SENSITIVITY_MEASURES),
    trajectories: int = 10,
    samples: int = 64,
    top: int = 8,
    seed: int = 1,
    weeks: int = 52,
    workers: int | None = None,
    client: Any = None,
    progress: bool = True,
    on_progress: Callable[[int, int], None] | None = None,
    caseload_seed: int | None = None,
) -> SensitivityResult:
    """Find which levers and rates the compliance results depend on most.

    Morris screening over every factor; with ``method="sobol"``, Sobol' first-order and total
    indices over ``top`` factors: each measure's strongest by Morris ``mu_star`` in turn (the first
    of every measure, then the second, ...), so that every measure's leading assumptions are
    measured; a factor that moved nothing is never chosen.

    Args:
        caseload: The caseload every run uses.
        method: ``"morris"`` (screening only) or ``"sobol"`` (screening, then Sobol').
        names: The parameters to vary; every lever and rate that can vary when left out.
            The rest keep their defaults.
        measures: Summary columns to analyse (``SENSITIVITY_MEASURES``).
        trajectories: Morris trajectories; each costs one run more than there are factors.
        samples: Sobol' base samples, a power of 2; they cost ``samples * (top + 2)`` runs.
        top: How many factors Sobol' measures.
        seed: Seed for the sampling and for every run.
        weeks: Length of every order in weeks.
        workers: Local processes, as for ``sweep``.
        client: A Dask client or scheduler address, as for ``sweep``.
        progress: Show a progress bar.
        on_progress: Called with (runs done, runs in all) across both stages.
        caseload_seed: The seed that made a synthetic caseload, recorded in the settings.

    Returns:
        The indices and the settings.

    Raises:
        ValueError: On an unknown method or measure, or ``samples`` not a power of 2.

    Example:
        >>> from workbook.caseload import generate
        >>> result = sensitivity(generate(100, seed=1), method="morris", names=["illness_chance",
        ...     "verbal_warning_gain"], trajectories=2, weeks=8, workers=1, progress=False)
        >>> result.ranking("kept_share")["parameter"].tolist()
        ['illness_chance', 'verbal_warning_gain']
    """
    from SALib.analyze import morris as morris_analysis  # imported here: only analyses need SALib
    from SALib.sample import morris as morris_sampling

    if method not in METHODS:
        raise ValueError(f"unknown method {method!r}; known: {', '.join(METHODS)}")
    unknown = [m for m in measures if m not in SENSITIVITY_MEASURES]
    if unknown:
        raise ValueError(f"unknown measure(s) {', '.join(unknown)}; known: {', '.join(SENSITIVITY_MEASURES)}")
    if method == "sobol" and (samples < 2 or samples & (samples - 1)):
        raise ValueError(f"Sobol' samples must be a power of 2, not {samples}")
    chosen = factors(names)
    screening_runs = trajectories * (len(chosen) + 1)
    top = min(top, len(chosen))
    total = screening_runs + (samples * (top + 2) if method == "sobol" else 0)
    tracker = _Progress(total, on_progress)
    run = {"weeks": weeks, "workers": workers, "client": client, "progress": progress, "seed": seed}

    problem = _problem(chosen)
    x = morris_sampling.sample(problem, trajectories, num_levels=4, seed=seed)
    y = _evaluate(caseload, chosen, x, measures, tracker, **run)
    frames = []
    for measure in measures:
        found = morris_analysis.analyze(
            problem, x, y[measure], num_levels=4, seed=seed, print_to_console=False
        )
        frames.append(
            _rows("morris", measure, chosen, {i: found[i] for i in ("mu_star", "mu", "sigma")},
                  {"mu_star": found["mu_star_conf"]})
        )  # fmt: skip
    table = pd.concat(frames, ignore_index=True)
    measured: list[str] = []
    if method == "sobol":
        measured = _most_influential(table, top)
        table = pd.concat([table, _sobol(caseload, factors(measured), measures, samples, tracker, run)])
    settings = {
        "workbook": __version__, "method": method, "cases": len(caseload), "caseload_seed": caseload_seed,
        "seed": seed, "weeks": weeks, "trajectories": trajectories, "levels": 4,
        "samples": samples if method == "sobol" else None, "runs": tracker.total,
        "screened": [f.name for f in chosen], "measured": measured, "measures": list(measures),
        "fixed": [p.id for p in load_parameters().values() if p.low is not None and p.low == p.high],
        "command": COMMAND, "defaults_sha256": defaults_digest(), "note": NOTE,
    }  # fmt: skip
    return SensitivityResult(table=table.reset_index(drop=True)[list(TABLE_COLUMNS)], settings=settings)


class _Progress:
    """Runs done across the Morris and Sobol' stages, for one progress callback."""

    def __init__(self, total: int, callback: Callable[[int, int], None] | None):
        self.total, self.before, self.callback = total, 0, callback

    def stage(self, runs: int) -> Callable[[int, int], None]:
        before = self.before
        self.before += runs

        def report(done: int, _: int) -> None:
            if self.callback is not None:
                self.callback(before + done, self.total)

        return report


def _problem(chosen: list[Factor]) -> dict:
    return {
        "num_vars": len(chosen),
        "names": [f.name for f in chosen],
        "bounds": [[f.low, f.high] for f in chosen],
    }


def _evaluate(caseload, chosen, x, measures, tracker: _Progress, *, seed, **run) -> dict[str, np.ndarray]:
    points = [{f.name: f.value(v) for f, v in zip(chosen, row, strict=True)} for row in x]
    rows = sweep(caseload, points, [seed], on_progress=tracker.stage(len(points)), **run)
    return {m: rows[m].to_numpy(float) for m in measures}


def _rows(method, measure, chosen, indices: Mapping, confs: Mapping) -> pd.DataFrame:
    key = np.asarray(indices[RANKED_BY[method]], float)
    ranks = pd.Series(-key).rank(method="first").astype(int).to_numpy()
    frames = [
        pd.DataFrame(
            {
                "method": method,
                "measure": measure,
                "parameter": [f.name for f in chosen],
                "label": [label(f.parameter) for f in chosen],
                "kind": [f.parameter.kind for f in chosen],
                "index": index,
                "value": np.asarray(values, float),
                "conf": np.asarray(confs[index], float) if index in confs else np.nan,
                "rank": ranks,
            }
        )
        for index, values in indices.items()
    ]
    return pd.concat(frames, ignore_index=True)


def _most_influential(morris: pd.DataFrame, top: int) -> list[str]:
    """``top`` parameters: each measure's strongest by ``mu_star`` in turn, skipping any that moved nothing.

    Example:
        >>> table = pd.DataFrame({"index": "mu_star", "measure": list("aaabbb"), "parameter": list("xyzxyz"),
        ...                       "value": [3.0, 2.0, 0.0, 0.1, 0.0, 0.5]})
        >>> _most_influential(table, 2), _most_influential(table, 5)
        (['x', 'z'], ['x', 'z', 'y'])
    """
    rows = morris[(morris["index"] == "mu_star") & (morris["value"] > 0)]
    ranked = [
        group.sort_values("value", ascending=False, kind="stable")["parameter"].tolist()
        for _, group in rows.groupby("measure", sort=False)
    ]
    chosen: list[str] = []
    for at_rank in itertools.zip_longest(*ranked):
        for name in at_rank:
            if name is not None and name not in chosen and len(chosen) < top:
                chosen.append(name)
    return chosen


def _sobol(caseload, chosen, measures, samples, tracker: _Progress, run: dict) -> pd.DataFrame:
    from SALib.analyze import sobol as sobol_analysis
    from SALib.sample import sobol as sobol_sampling

    problem = _problem(chosen)
    x = sobol_sampling.sample(problem, samples, calc_second_order=False, seed=run["seed"])
    y = _evaluate(caseload, chosen, x, measures, tracker, **run)
    frames = []
    for measure in measures:
        values = y[measure]
        if np.ptp(values) == 0:  # nothing moved this measure: no variance to share out
            found = {k: np.zeros(len(chosen)) for k in ("S1", "ST", "S1_conf", "ST_conf")}
        else:
            found = sobol_analysis.analyze(problem, values, calc_second_order=False, seed=run["seed"])
        frames.append(
            _rows("sobol", measure, chosen, {"ST": found["ST"], "S1": found["S1"]},
                  {"ST": found["ST_conf"], "S1": found["S1_conf"]})
        )  # fmt: skip
    return pd.concat(frames, ignore_index=True)
