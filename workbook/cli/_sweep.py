"""``workbook sweep``: run the compliance model over a grid of levers and rates, and many seeds."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

SCHEDULER_ENV = "WORKBOOK_DASK_SCHEDULER"


def add_sweep_commands(commands: argparse._SubParsersAction) -> None:
    """Add the ``sweep`` command to the ``workbook`` command line."""
    sweep = commands.add_parser(
        "sweep",
        help="run the compliance model over a grid of levers and rates and many seeds (a tidy table)",
        description="Every combination of the --set values runs once per seed; levers and rates are told "
        "apart by their kind and held to their declared ranges.",
    )
    sweep.add_argument(
        "--set",
        dest="values",
        action="append",
        required=True,
        metavar="NAME=V1,V2,...",
        help="a lever or rate and the values to try (repeatable), e.g. text_reminders=false,true",
    )
    sweep.add_argument("--replicates", type=int, default=5, help="seeds per grid point (default 5)")
    sweep.add_argument("--seed", type=int, default=1, help="first seed (caseload and replicates)")
    sweep.add_argument("--cases", type=int, default=2_000, help="synthetic caseload size (default 2,000)")
    sweep.add_argument("--caseload", type=Path, help="your anonymised caseload table (.csv, .xlsx) instead")
    sweep.add_argument("--by", help="also per group: 'subgroup' (the page's groups) or a column, e.g. tier")
    sweep.add_argument("--weeks", type=int, default=52, help="length of every order in weeks (default 52)")
    add_parallel_arguments(sweep)
    sweep.add_argument("--out", type=Path, help="write CSV (or JSON with provenance if the name ends .json)")
    sweep.set_defaults(run=_sweep)


def add_parallel_arguments(parser: argparse.ArgumentParser) -> None:
    """``--workers``, ``--scheduler`` and ``--quiet``, shared by ``sweep`` and ``sensitivity``."""
    parser.add_argument("--workers", type=int, help="local processes (default: every core; 1 runs here)")
    parser.add_argument(
        "--scheduler",
        default=os.environ.get(SCHEDULER_ENV) or None,
        metavar="ADDRESS",
        help=f"a Dask scheduler, e.g. tcp://10.0.0.5:8786, to run on a cluster (default: ${SCHEDULER_ENV})",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bar")


def parse_value(text: str) -> bool | int | float | str:
    """A command-line value as the model takes it: on/off, a number, or a name.

    Example:
        >>> [parse_value(t) for t in ("true", "No", "8", "0.05", "rolling")]
        [True, False, 8, 0.05, 'rolling']
    """
    lowered = text.strip().lower()
    if lowered in ("true", "yes", "on"):
        return True
    if lowered in ("false", "no", "off"):
        return False
    for kind in (int, float):
        try:
            return kind(lowered)
        except ValueError:
            pass
    return text.strip()


def parse_grid(values: list[str]) -> dict[str, list]:
    """``NAME=V1,V2`` arguments as a grid.

    Raises:
        ValueError: If an argument has no ``=`` or no values, or a name comes twice.

    Example:
        >>> parse_grid(["text_reminders=false,true", "officers=4,8"])
        {'text_reminders': [False, True], 'officers': [4, 8]}
    """
    grid: dict[str, list] = {}
    for item in values:
        name, sep, listed = item.partition("=")
        name = name.strip()
        if not sep or not name or not listed.strip():
            raise ValueError(f"--set {item!r}: write NAME=V1,V2,... (for example officers=4,8)")
        if name in grid:
            raise ValueError(f"--set names {name!r} twice")
        grid[name] = [parse_value(v) for v in listed.split(",") if v.strip()]
    return grid


def load_caseload(args: argparse.Namespace):
    """The caseload the command runs on: the user's table, or a synthetic one of ``--cases``."""
    from workbook.caseload import generate, read_table

    if args.caseload is not None:
        return read_table(args.caseload)
    return generate(args.cases, seed=args.seed)


def _sweep(args: argparse.Namespace) -> int:
    from workbook.caseload import CaseloadError
    from workbook.compliance import sweep

    try:
        grid = parse_grid(args.values)
        caseload = load_caseload(args)
        seeds = [args.seed + i for i in range(args.replicates)]
        rows = sweep(
            caseload, grid, seeds, by=args.by, weeks=args.weeks, workers=args.workers,
            client=args.scheduler, progress=not args.quiet,
        )  # fmt: skip
    except (ValueError, CaseloadError) as error:  # a range, a name or the table: say which and stop
        print(f"workbook: {error}", file=sys.stderr)
        return 2
    provenance = rows.attrs["provenance"] | {"caseload": str(args.caseload or f"synthetic, seed {args.seed}")}
    if args.out is None:
        rows.to_csv(sys.stdout, index=False)
    elif args.out.suffix.lower() == ".json":
        record = {"provenance": provenance, "rows": rows.to_dict(orient="records")}
        args.out.write_text(json.dumps(record, indent=1, default=str) + "\n", encoding="utf-8")
    else:
        rows.assign(workbook=provenance["workbook"], weeks=args.weeks).to_csv(args.out, index=False)
    if args.out is not None:
        points = rows["point"].nunique()
        print(
            f"wrote {args.out} ({len(rows)} rows: {points} grid point(s) x {len(seeds)} seed(s))",
            file=sys.stderr,
        )
    return 0
