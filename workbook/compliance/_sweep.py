"""Parameter sweeps: run the compliance model over a grid of levers and rates, and many seeds.

``sweep`` returns one tidy row per grid point and seed (and per subgroup with ``by``), with
every swept name and its value as a column beside the measures. Each name is routed by its
kind in ``data/compliance/parameters.toml``: a lever goes into the ``Scenario``, a rate into
the run's ``params``; every value is held to its declared range before anything runs.

Runs are independent and each is fixed by its seed, so a sweep gives the same rows serially,
in local processes, or on a Dask cluster. Local processes are the default; a Dask
``distributed.Client`` (or a scheduler's address) sends the runs to a cluster. Dask and tqdm
are imported only when a sweep runs, so importing the model stays light.
"""

from __future__ import annotations

import dataclasses
import itertools
import multiprocessing
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from typing import Any

import pandas as pd

from workbook import __version__
from workbook.compliance._engine import replicate, simulate_seeds
from workbook.compliance._parameters import BeyondRange, Parameter, check_value, load_parameters, rates
from workbook.compliance._scenario import Scenario, lever_options
from workbook.compliance._subgroups import subgroup_summary

NOTE = "Illustrative model on a synthetic or anonymised caseload; not a prediction about real people."
NAMED_LEVERS = ("schedule", "programme_starts")  # levers that take a name, not a number or on/off


@dataclass(frozen=True)
class _Task:
    """A slice of a sweep for one worker: one grid point and some of its seeds."""

    index: int
    levers: dict[str, Any]
    rates: dict[str, Any]
    seeds: tuple[int, ...]


def grid_points(grid: Mapping[str, Sequence] | Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The points of a grid: every combination of a mapping's values, or a list of points as given.

    Args:
        grid: Values to try for each name (all combinations, first name slowest), or the
            points themselves, each a mapping of name to value.

    Returns:
        One dict per point.

    Example:
        >>> grid_points({"text_reminders": [False, True], "forget_chance": [0.05, 0.1]})[1]
        {'text_reminders': False, 'forget_chance': 0.1}
        >>> len(grid_points([{"officers": 4}, {"officers": 8}]))
        2
    """
    if isinstance(grid, Mapping):
        for name, values in grid.items():
            if isinstance(values, str | bytes) or not hasattr(values, "__iter__"):
                raise TypeError(f"the values to sweep for {name!r} should be a list, not {values!r}")
        return [dict(zip(grid, values, strict=True)) for values in itertools.product(*grid.values())]
    return [dict(point) for point in grid]


def route(point: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Split a point into lever values and rate values, each checked against its declaration.

    Args:
        point: Values by parameter id (``data/compliance/parameters.toml``).

    Returns:
        ``(levers, rates)``: values for ``Scenario`` fields and for ``params``.

    Raises:
        KeyError: If a name is neither a lever nor a rate.
        ParameterRangeError: If a value has the wrong type or lies outside its declared range.
        ValueError: If a named lever is given a name it does not know.

    Example:
        >>> route({"text_reminders": True, "forget_chance": 0.1})
        ({'text_reminders': True}, {'forget_chance': 0.1})
    """
    parameters = load_parameters()
    levers, found = {}, {}
    for name, value in point.items():
        parameter = parameters.get(name)
        if parameter is None or parameter.kind not in ("lever", "rate"):
            known = ", ".join(k for k, p in parameters.items() if p.kind in ("lever", "rate"))
            raise KeyError(f"{name!r} is not a compliance lever or rate; known: {known}")
        checked = _check(parameter, value)
        (levers if parameter.kind == "lever" else found)[name] = checked
    return levers, found


def _check(parameter: Parameter, value: Any) -> Any:
    checked = check_value(parameter, value)
    if parameter.id in NAMED_LEVERS and checked not in lever_options(parameter.id):
        known = ", ".join(lever_options(parameter.id))
        raise ValueError(f"{parameter.id} = {value!r}: not one of {known}")
    return checked


def sweep(
    caseload: pd.DataFrame,
    grid: Mapping[str, Sequence] | Sequence[Mapping[str, Any]],
    seeds: Sequence[int],
    *,
    by: str | Sequence[str] | None = None,
    scenario: Scenario | None = None,
    params: Mapping[str, Any] | None = None,
    weeks: int = 52,
    workers: int | None = None,
    client: Any = None,
    progress: bool = True,
    on_progress: Callable[[int, int], None] | None = None,
) -> pd.DataFrame:
    """Run the model at every point of a grid with every seed, and stack the results.

    Args:
        caseload: The caseload every run uses.
        grid: Values to try by lever or rate id (all combinations), or a list of points.
        seeds: Replicate seeds; each point runs once with each.
        by: Report per group as well: ``"subgroup"`` for the page's named groups
            (``SUBGROUPS``, which overlap), or a column (or columns) of the run or the
            caseload, such as ``"tier"`` or ``"gender"``.
        scenario: Levers for everything not swept; ``Scenario()`` when left out.
        params: Rate overrides for everything not swept.
        weeks: Length of every order in weeks.
        workers: Local processes to use; the machine's cores when left out, 1 to run here.
        client: A Dask ``distributed.Client``, or a scheduler address such as
            ``"tcp://10.0.0.5:8786"``: runs go to that cluster (``pip install workbook[cluster]``).
        progress: Show a progress bar (``tqdm.auto``: a widget in JupyterLab, text elsewhere).
        on_progress: Called with (runs done, runs in all) as runs finish.

    Returns:
        One row per point, seed (and group): ``point`` (its number), the swept names with
        their values (``engagement_mean_rate`` for that rate, as a measure has its name),
        ``seed``, the group column(s) with ``by``, then the measures of ``summarise``
        (``cases``, ``appointments``, ``kept_share``, ... ``engagement_mean``).
        ``attrs["provenance"]`` holds the version, weeks, caseload size, base levers and rates.

    Raises:
        KeyError: If a name is neither a lever nor a rate, or ``by`` names no column.
        ParameterRangeError: If a value is of the wrong type or outside its declared range.
        ValueError: If there is nothing to run.

    Example:
        >>> from workbook.caseload import generate
        >>> rows = sweep(generate(200, seed=1), {"text_reminders": [False, True]}, [1, 2],
        ...              workers=1, progress=False)
        >>> rows[["point", "text_reminders", "seed"]].to_numpy().tolist()
        [[0, False, 1], [0, False, 2], [1, True, 1], [1, True, 2]]
    """
    points = grid_points(grid)
    seeds = tuple(int(s) for s in seeds)
    if not points or not seeds:
        raise ValueError("a sweep needs at least one grid point and one seed")
    base = scenario if scenario is not None else Scenario()
    rates(params)  # the rates not swept are checked here too, before any run
    base_rates = params if isinstance(params, BeyondRange) else dict(params or {})
    routed = [route(point) for point in points]
    for levers, _ in routed:  # a lever outside its options fails here, before any run
        dataclasses.replace(base, **levers)
    own_client = isinstance(client, str)
    if own_client:
        client = _connect(client)
    try:
        return _sweep(caseload, points, routed, seeds, base, base_rates, weeks, by, workers, client,
                      progress, on_progress)  # fmt: skip
    finally:
        if own_client:
            client.close()


def _sweep(
    caseload, points, routed, seeds, base, base_rates, weeks, by, workers, client, progress, on_progress
):
    """``sweep`` once its grid is checked and any cluster is connected."""
    workers = _workers(workers, client)
    tasks = list(_tasks(routed, seeds, base_rates, workers))
    total = len(points) * len(seeds)
    bar = _progress_bar(total) if progress else None
    done = 0

    def finished(task: _Task) -> None:
        nonlocal done
        done += len(task.seeds)
        if bar is not None:
            bar.update(len(task.seeds))
        if on_progress is not None:
            on_progress(done, total)

    try:
        if client is not None:
            results = _run_on_dask(client, caseload, tasks, base, weeks, by, finished)
        elif workers > 1 and len(tasks) > 1:
            results = _run_in_processes(workers, caseload, tasks, base, weeks, by, finished)
        else:
            results = []
            for task in tasks:
                results.append(run_task(caseload, task, base, weeks, by))
                finished(task)
    finally:
        if bar is not None:
            bar.close()
    frame = _assemble(points, tasks, results)
    frame.attrs["provenance"] = {
        "workbook": __version__, "weeks": weeks, "cases": len(caseload), "seeds": list(seeds),
        "scenario": base.levers(), "params": dict(base_rates), "by": by, "note": NOTE,
    }  # fmt: skip
    return frame


def _workers(workers: int | None, client: Any) -> int:
    if client is not None:  # the cluster's threads, so that every one gets work
        return max(sum(client.nthreads().values()), 1)
    if workers is None:
        try:
            return max(len(os.sched_getaffinity(0)), 1)
        except AttributeError:  # not every platform can say which cores this process may use
            return max(os.cpu_count() or 1, 1)
    if workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    return workers


def _tasks(routed, seeds: tuple[int, ...], base_rates: dict, workers: int) -> Iterator[_Task]:
    """Split the runs so that every worker has several tasks, but no task holds a point's seeds twice."""
    wanted = 4 * workers if workers > 1 else 1  # enough tasks to keep every worker busy to the end
    per_point = max(1, min(len(seeds), -(-wanted // len(routed))))
    size = -(-len(seeds) // per_point)
    for index, (levers, swept_rates) in enumerate(routed):
        for start in range(0, len(seeds), size):
            merged = base_rates | swept_rates
            if isinstance(base_rates, BeyondRange):
                merged = BeyondRange(merged)
            yield _Task(index, levers, merged, seeds[start : start + size])


def run_task(
    caseload: pd.DataFrame, task: _Task, base: Scenario, weeks: int, by: str | Sequence[str] | None
) -> pd.DataFrame:
    """Run one task of a sweep: its point under each of its seeds (used by workers, local or remote)."""
    scenario = dataclasses.replace(base, **task.levers)
    params = task.rates or None
    if by is None:
        rows = replicate(caseload, scenario, task.seeds, weeks=weeks, params=params)
        return rows[["seed", *[c for c in rows.columns if c not in ("seed", "scenario")]]]
    frames = []
    results = simulate_seeds(caseload, scenario, task.seeds, weeks=weeks, params=params)  # caseload read once
    for seed, result in zip(task.seeds, results, strict=True):
        found = subgroup_summary(result.appointments, caseload, by=None if by == "subgroup" else by)
        frames.append(pd.concat([pd.DataFrame({"seed": seed}, index=found.index), found], axis=1))
    return pd.concat(frames, ignore_index=True)


def _assemble(points: list[dict], tasks: list[_Task], results: list[pd.DataFrame]) -> pd.DataFrame:
    """Point number and swept values, then each task's rows (seed, any groups, measures), in order.

    A swept name that is also a measure's (the rate ``engagement_mean``) gets ``_rate`` added.
    """
    taken = set(results[0].columns)
    column = {name: f"{name}_rate" if name in taken else name for point in points for name in point}
    frames = [
        pd.concat(
            [pd.DataFrame({"point": task.index, **{column[k]: v for k, v in points[task.index].items()}},
                          index=rows.index), rows],
            axis=1,
        )
        for task, rows in zip(tasks, results, strict=True)
    ]  # fmt: skip
    frame = pd.concat(frames, ignore_index=True)
    first = ["point", *column.values()]
    return frame[[*first, *[c for c in frame.columns if c not in first]]]


def _progress_bar(total: int):
    from tqdm.auto import tqdm  # imported here: a widget in JupyterLab, text in a terminal

    return tqdm(total=total, unit="run", desc="Sweep")


# -- local processes ---------------------------------------------------------------------------

_worker_caseload: pd.DataFrame | None = None  # each worker process's copy, sent once when it starts


def _start_worker(caseload: pd.DataFrame) -> None:
    global _worker_caseload
    _worker_caseload = caseload


def _run_in_worker(task: _Task, base: Scenario, weeks: int, by) -> pd.DataFrame:
    return run_task(_worker_caseload, task, base, weeks, by)


def _run_in_processes(workers, caseload, tasks, base, weeks, by, finished) -> list[pd.DataFrame]:
    # forkserver (spawn where there is none) rather than fork: forking a process with threads,
    # such as a Jupyter kernel, can deadlock. Workers import the model once, not per task.
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    if method == "forkserver":  # the server imports the model once; workers fork from it ready to run
        context.set_forkserver_preload(["workbook.compliance"])
    results: list[pd.DataFrame | None] = [None] * len(tasks)
    with ProcessPoolExecutor(
        min(workers, len(tasks)), mp_context=context, initializer=_start_worker, initargs=(caseload,)
    ) as pool:
        futures = {pool.submit(_run_in_worker, task, base, weeks, by): i for i, task in enumerate(tasks)}
        for future in as_completed(futures):
            i = futures[future]
            results[i] = future.result()
            finished(tasks[i])
    return results


# -- Dask ----------------------------------------------------------------------------------------


def _connect(address: str):
    """A Dask client for a scheduler's address."""
    try:
        from distributed import Client
    except ImportError:
        raise ImportError(
            "running on a Dask cluster needs Dask's distributed scheduler: pip install 'workbook[cluster]'"
        ) from None
    return Client(address)


def _run_on_dask(client, caseload, tasks, base, weeks, by, finished) -> list[pd.DataFrame]:
    from distributed import as_completed as dask_completed

    # sent to each worker once, not with every task; under a key of its own (hash=False): with the
    # content's hash as key, a sweep just ended releasing its copy could take this one's with it
    # ("lost dependencies", seen with two sweeps in a row on one cluster)
    shared = client.scatter(caseload, broadcast=True, hash=False)
    futures = {
        client.submit(run_task, shared, task, base, weeks, by, pure=False): i for i, task in enumerate(tasks)
    }
    results: list[pd.DataFrame | None] = [None] * len(tasks)
    for future in dask_completed(list(futures)):
        i = futures[future]
        results[i] = future.result()
        finished(tasks[i])
    return results
