"""Time the research tools: sweep throughput serial, in local processes and on a 2-worker Dask cluster,
and the sensitivity analysis (Morris, then Sobol) at its default sizes.

The sweep is the one the issue timed by hand: 8 grid points (two levers and a rate) x 20 seeds = 160
runs of a year on 2,000 cases. The variants take turns, round after round (5 rounds after a warm-up),
so that a busy spell on a shared machine falls on all of them; throughput and speed-ups come from
each variant's best round, medians are kept beside them. The sensitivity analyses run once each.
Written to benchmarks/results/research.json.
"""

from __future__ import annotations

import itertools
import json
import os
import statistics
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))

from run_record import run_header  # noqa: E402

from workbook.caseload import generate  # noqa: E402
from workbook.compliance import Scenario, replicate, sensitivity, sweep  # noqa: E402

GRID = {"text_reminders": [False, True], "flexible_rescheduling": [False, True], "forget_chance": [0.05, 0.1]}
SEEDS = list(range(1, 21))
ROUNDS = 5


def interleaved(tasks: dict, rounds: int = ROUNDS) -> tuple[dict, dict]:
    """Best and median seconds of each task, the tasks taking turns round after round."""
    for task in tasks.values():
        task()
    times = {name: [] for name in tasks}
    for _ in range(rounds):
        for name, task in tasks.items():
            start = time.perf_counter()
            task()
            times[name].append(time.perf_counter() - start)
    return (
        {name: round(min(t), 3) for name, t in times.items()},
        {name: round(statistics.median(t), 3) for name, t in times.items()},
    )


def by_hand(caseload: pd.DataFrame) -> pd.DataFrame:
    """The ten hand-written lines the issue started from: product, replicate, concat."""
    frames = []
    for reminders, flexible, forget in itertools.product(*GRID.values()):
        scenario = Scenario(text_reminders=reminders, flexible_rescheduling=flexible)
        frames.append(replicate(caseload, scenario, SEEDS, params={"forget_chance": forget}))
    return pd.concat(frames, ignore_index=True)


def main() -> None:
    from distributed import Client, LocalCluster

    caseload = generate(2_000, seed=1)
    runs = len(SEEDS) * len(list(itertools.product(*GRID.values())))
    start = time.perf_counter()
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None, silence_logs=50) as cluster,
        Client(cluster) as client,
    ):
        started = round(time.perf_counter() - start, 3)
        seconds, medians = interleaved({
            "sweep_by_hand_serial": lambda: by_hand(caseload),
            "sweep_serial": lambda: sweep(caseload, GRID, SEEDS, workers=1, progress=False),
            "sweep_local_processes_2": lambda: sweep(caseload, GRID, SEEDS, workers=2, progress=False),
            "sweep_local_cluster_2": lambda: sweep(caseload, GRID, SEEDS, client=client, progress=False),
        })  # fmt: skip
    seconds["local_cluster_2_start"] = started
    throughput = {
        k.removeprefix("sweep_"): round(runs / v, 1) for k, v in seconds.items() if k.startswith("sweep_")
    }
    speedup = {k: round(v / throughput["serial"], 2) for k, v in throughput.items()}

    start = time.perf_counter()
    morris = sensitivity(caseload, method="morris", progress=False, caseload_seed=1)
    seconds["morris_default"] = round(time.perf_counter() - start, 1)
    start = time.perf_counter()
    sobol = sensitivity(caseload, method="sobol", samples=128, progress=False, caseload_seed=1)
    seconds["morris_then_sobol_default"] = round(time.perf_counter() - start, 1)

    results = run_header() | {
        "sweep": {"cases": 2_000, "weeks": 52, "grid": GRID, "seeds": len(SEEDS), "runs": runs},
        "seconds": seconds,
        "median_seconds": medians,
        "load_average_1min": round(os.getloadavg()[0], 1),
        "runs_per_second": throughput,
        "speedup_over_serial": speedup,
        "sensitivity": {
            "cases": 2_000, "morris_runs": morris.settings["runs"], "sobol_runs": sobol.settings["runs"],
            "trajectories": sobol.settings["trajectories"], "samples": sobol.settings["samples"],
            "top": len(sobol.settings["measured"]), "workers": "every core (local processes)",
        },
    }  # fmt: skip
    out = ROOT / "benchmarks" / "results" / "research.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    for key, value in seconds.items():
        print(f"{key:32} {value:8.3f} s")
    for key, value in throughput.items():
        print(f"{key:32} {value:8.1f} runs/s  ({speedup[key]}x serial)")
    print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
