"""``workbook sensitivity``: which assumptions the compliance results depend on most."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from workbook.cli._sweep import add_parallel_arguments


def add_sensitivity_commands(commands: argparse._SubParsersAction) -> None:
    """Add the ``sensitivity`` command to the ``workbook`` command line."""
    command = commands.add_parser(
        "sensitivity",
        help="which levers and rates the compliance results depend on most (Morris, then Sobol)",
        description="Morris screening over every lever and rate within its declared range, then Sobol "
        "first-order and total indices over the most influential. Writes a tidy table with provenance.",
    )
    command.add_argument(
        "--method",
        choices=["morris", "sobol"],
        default="sobol",
        help="morris: screening only; sobol (default): screening, then Sobol indices",
    )
    command.add_argument("--cases", type=int, default=2_000, help="synthetic caseload size (default 2,000)")
    command.add_argument(
        "--seed", type=int, default=1, help="seed for the caseload, the sampling and the runs"
    )
    command.add_argument("--trajectories", type=int, default=10, help="Morris trajectories (default 10)")
    command.add_argument(
        "--samples", type=int, default=128, help="Sobol base samples, a power of 2 (default 128)"
    )
    command.add_argument("--top", type=int, default=8, help="parameters Sobol measures (default 8)")
    command.add_argument("--weeks", type=int, default=52, help="length of every order in weeks (default 52)")
    add_parallel_arguments(command)
    command.add_argument("--out", type=Path, help="write JSON (settings and table) or CSV (name ends .csv)")
    command.set_defaults(run=_sensitivity)


def _sensitivity(args: argparse.Namespace) -> int:
    from workbook.caseload import generate
    from workbook.compliance import SENSITIVITY_MEASURES, sensitivity

    try:
        result = sensitivity(
            generate(args.cases, seed=args.seed), method=args.method, trajectories=args.trajectories,
            samples=args.samples, top=args.top, seed=args.seed, weeks=args.weeks, workers=args.workers,
            client=args.scheduler, progress=not args.quiet, caseload_seed=args.seed,
        )  # fmt: skip
    except ValueError as error:
        print(f"workbook: {error}", file=sys.stderr)
        return 2
    index = "ST" if args.method == "sobol" else "mu_star"
    for measure, name in SENSITIVITY_MEASURES.items():
        ranked = result.ranking(measure)
        print(f"{name}: the five assumptions it depends on most ({index})")
        for row in ranked.head(5).itertuples():
            value, conf = getattr(row, index), getattr(row, f"{index}_conf")
            print(f"  {row.rank}. {row.parameter:30} {value:.3f} ± {conf:.3f}")
    if args.out is not None:
        result.write(args.out)
        print(f"wrote {args.out} ({len(result.table)} rows, {result.settings['runs']} runs)", file=sys.stderr)
    return 0
