"""``workbook simulate``: run a compliance scenario headless, with provenance."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from workbook import __version__
from workbook.spreadsheet import safe_csv


def add_simulate_commands(commands: argparse._SubParsersAction) -> None:
    """Add the ``simulate`` command to the ``workbook`` command line."""
    simulate = commands.add_parser("simulate", help="run a compliance scenario headless, with provenance")
    chosen = simulate.add_mutually_exclusive_group()
    chosen.add_argument("--card", help="a scenario card id (see --list-cards)")
    chosen.add_argument("--params", type=Path, help="a JSON file of lever values (and optional 'rates')")
    simulate.add_argument("--list-cards", action="store_true", help="list the scenario cards and stop")
    simulate.add_argument(
        "--cases", type=int, default=10_000, help="synthetic caseload size (default 10,000)"
    )
    simulate.add_argument("--seed", type=int, default=1, help="first seed (caseload and replicates)")
    simulate.add_argument("--replicates", type=int, default=5, help="Monte Carlo replicates (default 5)")
    simulate.add_argument("--out", type=Path, help="write JSON (or CSV if the name ends .csv)")
    simulate.set_defaults(run=_simulate)


def _simulate(args: argparse.Namespace) -> int:
    import dataclasses
    import json

    from workbook.caseload import generate
    from workbook.compliance import Scenario, card_by_id, compare_scenarios, load_cards

    if args.list_cards:
        for card in load_cards():
            print(f"{card.id:28} {card.title}")
        return 0
    rates = None
    if args.card:
        card = card_by_id(args.card)
        scenario, rates = card.scenario(), dict(card.params) or None
    elif args.params:
        try:
            levers = json.loads(args.params.read_text(encoding="utf-8"))
            rates = levers.pop("rates", None)
            scenario = Scenario(name=args.params.stem, **levers)
        except (json.JSONDecodeError, TypeError, ValueError) as error:
            print(f"workbook: {args.params}: {error}", file=sys.stderr)
            return 2
    else:
        scenario = Scenario()
    seeds = [args.seed + i for i in range(args.replicates)]
    caseload = generate(args.cases, seed=args.seed)
    result = compare_scenarios(
        caseload, Scenario(name="Baseline"), scenario, seeds=seeds, scenario_params=rates
    )
    table = result.summary.reset_index(names="measure")
    record = {
        "workbook": __version__, "scenario": dataclasses.asdict(scenario), "rates": rates or {},
        "cases": args.cases, "caseload_seed": args.seed, "seeds": seeds,
        "summary": table.to_dict(orient="records"),
        "note": "Illustrative model on a synthetic caseload; not a prediction about real people.",
    }  # fmt: skip
    if args.out is None:
        print(table.to_string(index=False))
    elif args.out.suffix.lower() == ".csv":
        table = table.assign(workbook=__version__, scenario=scenario.name, seeds=" ".join(map(str, seeds)))
        args.out.write_text(safe_csv(table), encoding="utf-8")
    else:
        args.out.write_text(json.dumps(record, indent=2), encoding="utf-8")
    return 0
