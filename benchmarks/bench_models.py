"""Time the models headless: generating and tiering caseloads, the compliance model, scoring text.

Medians of 5 runs after one warm-up (fewer for the slowest), written to
benchmarks/results/models.json. The product's aims: 250,000 cases generated and tiered
under all four schemes in under a second; a year of compliance for 250,000 cases in
under a second, 20 replicates of 10,000 cases in under half a second, and the engine
100 times the per-appointment oracle.
"""

from __future__ import annotations

import json
import platform
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import workbook
from workbook.caseload import generate
from workbook.compliance import Scenario, replicate, simulate
from workbook.evidence import load_corpus, search_excerpts
from workbook.induction import load_samples, score_text
from workbook.tiering import SCHEMES, assign_tiers

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from compliance_oracle import simulate_oracle  # noqa: E402

RUNS = 5


def median_seconds(task, runs: int = RUNS) -> float:
    task()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        task()
        times.append(time.perf_counter() - start)
    return round(statistics.median(times), 4)


def main() -> None:
    results = {"when": datetime.now(UTC).isoformat(timespec="seconds"), "workbook": workbook.__version__,
               "python": platform.python_version(), "runs": RUNS, "seconds": {}}  # fmt: skip
    seconds = results["seconds"]
    for n in (10_000, 250_000):
        seconds[f"generate_{n}"] = median_seconds(lambda n=n: generate(n, seed=1))
        caseload = generate(n, seed=1)
        for scheme in SCHEMES:
            seconds[f"tier_{scheme.id}_{n}"] = median_seconds(
                lambda s=scheme.id, c=caseload: assign_tiers(c, s)
            )
        seconds[f"tier_all_four_{n}"] = round(sum(seconds[f"tier_{s.id}_{n}"] for s in SCHEMES), 4)
        seconds[f"generate_and_tier_all_four_{n}"] = round(
            seconds[f"generate_{n}"] + seconds[f"tier_all_four_{n}"], 4
        )
    national = generate(250_000, seed=1)
    seconds["compliance_year_250000"] = median_seconds(lambda: simulate(national, Scenario(), seed=1), runs=3)
    ten = generate(10_000, seed=1)
    seconds["compliance_20_replicates_10000"] = median_seconds(
        lambda: replicate(ten, Scenario(), range(20)), runs=3
    )
    # The engine and the oracle do the same work: one scenario, one seed, 52 weeks, per-case results
    # and a summary (the engine also builds its weekly and event frames); both warmed up, medians.
    small = generate(2_000, seed=1)
    engine = median_seconds(lambda: simulate(small, Scenario(), seed=1))
    oracle = median_seconds(lambda: simulate_oracle(small, Scenario(), seed=1), runs=3)
    seconds["compliance_engine_2000"] = engine
    seconds["compliance_oracle_2000"] = oracle
    results["compliance_speedup_over_oracle"] = round(oracle / engine, 1)
    seconds["compliance_engine_10000"] = median_seconds(lambda: simulate(ten, Scenario(), seed=1))
    seconds["compliance_oracle_10000"] = median_seconds(
        lambda: simulate_oracle(ten, Scenario(), seed=1), runs=1
    )
    results["compliance_speedup_over_oracle_10000"] = round(
        seconds["compliance_oracle_10000"] / seconds["compliance_engine_10000"], 1
    )
    seconds["load_corpus"] = median_seconds(load_corpus)
    corpus = load_corpus()
    seconds["search_text_messaging"] = median_seconds(
        lambda: search_excerpts(corpus.excerpts, "text messaging", synonyms=corpus.synonyms)
    )
    dense = load_samples()[0].text
    seconds["score_dense_letter"] = median_seconds(lambda: score_text(dense))
    out = ROOT / "benchmarks" / "results" / "models.json"
    out.write_text(json.dumps(results, indent=2) + "\n")
    for key, value in seconds.items():
        print(f"{key:40} {value:8.4f} s")
    print(
        f"compliance engine is {results['compliance_speedup_over_oracle']}x the per-appointment oracle "
        f"on 2,000 cases, {results['compliance_speedup_over_oracle_10000']}x on 10,000"
    )
    print(f"wrote {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
