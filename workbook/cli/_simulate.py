"""``workbook simulate``: run a compliance scenario headless, with provenance."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

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
    import json

    from workbook.caseload import generate
    from workbook.compliance import Scenario, card_by_id, compare_scenarios, load_cards
    from workbook.compliance import rates as check_rates

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
            check_rates(rates)  # types and declared ranges, so the message can name the file
            scenario = Scenario(name=args.params.stem, **levers)
        except (json.JSONDecodeError, TypeError, ValueError, KeyError) as error:
            print(f"workbook: {args.params}: {error}", file=sys.stderr)
            return 2
    else:
        scenario = Scenario()
    seeds = [args.seed + i for i in range(args.replicates)]
    caseload = generate(args.cases, seed=args.seed)
    result = compare_scenarios(
        caseload, Scenario(name="Baseline"), scenario, seeds=seeds, scenario_params=rates
    )
    if args.out is None:
        print(_table(result, card=card if args.card else None))
    elif args.out.suffix.lower() == ".csv":
        args.out.write_text(safe_csv(result.to_table()), encoding="utf-8")
        print(f"wrote {args.out} (CSV: {len(result.summary)} measures, {len(seeds)} seeds)", file=sys.stderr)
    else:
        record = result.to_record(caseload_seed=args.seed, card=args.card)
        args.out.write_text(json.dumps(record, indent=2), encoding="utf-8")
        print(f"wrote {args.out} (JSON: {len(result.summary)} measures, {len(seeds)} seeds)", file=sys.stderr)
    return 0


def _table(result, *, card=None) -> str:
    """The comparison for a terminal, one unit per measure as on the page: shares in %, changes in points."""
    from workbook.compliance import format_measure

    head = ("Measure", "Baseline", "Scenario", "Difference", "Scenario range over seeds")
    rows = [
        (
            measure,
            format_measure(measure, r.baseline),
            format_measure(measure, r.scenario),
            format_measure(measure, r.difference, change=True),
            f"{format_measure(measure, r.scenario_low)} to {format_measure(measure, r.scenario_high)}",
        )
        for measure, r in result.summary.iterrows()
    ]
    widths = [max(len(str(x)) for x in column) for column in zip(head, *rows, strict=True)]
    aligned = (
        "  ".join(str(x).ljust(w) for x, w in zip(cells, widths, strict=True)).rstrip()
        for cells in (head, *rows)
    )
    lines = [
        f"{result.scenario.name} against the baseline: {result.cases:,} synthetic cases, "
        f"{len(result.seeds)} seed(s) {' '.join(map(str, result.seeds))}.",
        "",
        *aligned,
    ]
    if card is not None:
        lines += ["", "What this run shows:"]
        lines += [f"  - {finding.text}" for finding in card.assess(result).findings]
    lines += ["", "Illustrative model on a synthetic caseload; not a prediction about real people."]
    return "\n".join(lines)
