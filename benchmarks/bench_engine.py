"""The compliance engine before and after, in one process, taking turns; and against the oracle.

The engine as it was (``baseline.py``'s commit, ``--baseline REV``) is loaded beside this
tree's, and each task runs under both, alternating which goes first, ``--rounds`` times
after a warm-up. The machine is shared, so each figure is the best round, as CPU time
(``time.process_time``, which other people's work does not add to) and as wall time. First
both engines are checked to give identical frames for every task.

Tasks (the issue's aims): a national year, ``simulate`` on 250,000 cases (at most 0.5 s);
``replicate`` with 20 seeds on 10,000 cases (at most 0.25 s); and ``simulate`` on 2,000,
10,000 and 100,000 cases against the plain per-appointment oracle (``tests/compliance_oracle.py``,
timed once per size: it takes seconds to minutes). Results go to benchmarks/results/engine.json.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from baseline import BASELINE, describe, load_modules  # noqa: E402
from compliance_oracle import simulate_oracle  # noqa: E402
from run_record import run_header  # noqa: E402

import workbook.compliance._engine as after  # noqa: E402
from workbook.caseload import generate  # noqa: E402
from workbook.compliance import Scenario  # noqa: E402

ENGINE = ["workbook.compliance._cases", "workbook.compliance._core", "workbook.compliance._engine"]
FRAMES = ("appointments", "weekly", "summary", "events")


def timed(task) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    task()
    return time.process_time() - cpu, time.perf_counter() - wall


def same_results(a, b) -> None:
    """Both engines' results, frame by frame, bit for bit."""
    if isinstance(a, pd.DataFrame):
        pd.testing.assert_frame_equal(a, b, check_exact=True)
        return
    for frame in FRAMES:
        pd.testing.assert_frame_equal(getattr(a, frame), getattr(b, frame), check_exact=True)


def before_and_after(engines: dict, task, rounds: int) -> dict:
    """Best CPU and wall seconds of each engine over ``rounds`` alternating rounds, after a warm-up."""
    same_results(*(task(engine) for engine in engines.values()))
    best = {name: [float("inf"), float("inf")] for name in engines}
    for i in range(rounds):
        for name in list(engines)[:: 1 if i % 2 == 0 else -1]:
            cpu, wall = timed(lambda e=engines[name]: task(e))
            best[name] = [min(best[name][0], cpu), min(best[name][1], wall)]
    out = {name: {"cpu_s": round(cpu, 4), "wall_s": round(wall, 4)} for name, (cpu, wall) in best.items()}
    out["speedup_cpu"] = round(best["before"][0] / best["after"][0], 2)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default=BASELINE, help="commit measured as 'before'")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--oracle-sizes", type=int, nargs="*", default=[2_000, 10_000, 100_000])
    args = parser.parse_args()
    engines = {"before": load_modules(args.baseline, ENGINE)["workbook.compliance._engine"], "after": after}
    results = {
        **run_header(),
        "before": describe(args.baseline),
        "rounds": args.rounds,
        "load_average_at_start": [round(x, 1) for x in os.getloadavg()],
        "what": "Best of the rounds, the two engines taking turns in one process; cpu_s is process CPU time. "
        "Every task gives identical frames under both. oracle: the per-appointment oracle's time once, "
        "and how many times faster each engine is (best wall time of 3).",
    }
    scenario = Scenario()
    national, ten = generate(250_000, seed=1), generate(10_000, seed=1)
    results["national_year_250000"] = before_and_after(
        engines, lambda e: e.simulate(national, scenario, seed=1), args.rounds
    )
    print("national year", results["national_year_250000"], flush=True)
    results["replicates_20_of_10000"] = before_and_after(
        engines, lambda e: e.replicate(ten, scenario, range(20)), args.rounds
    )
    print("20 replicates", results["replicates_20_of_10000"], flush=True)
    results["oracle"] = {}
    for n in args.oracle_sizes:
        caseload = generate(n, seed=1)
        engine = before_and_after(engines, lambda e, c=caseload: e.simulate(c, scenario, seed=1), 3)
        _, oracle = timed(lambda c=caseload: simulate_oracle(c, scenario, seed=1))
        results["oracle"][str(n)] = {
            "oracle_wall_s": round(oracle, 3),
            **{name: round(oracle / engine[name]["wall_s"], 1) for name in engines},
            "engine": engine,
        }
        print(f"oracle at {n:,}", results["oracle"][str(n)], flush=True)
    results["load_average_at_end"] = [round(x, 1) for x in os.getloadavg()]
    out = ROOT / "benchmarks" / "results" / "engine.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
