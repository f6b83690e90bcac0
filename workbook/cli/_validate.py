"""``workbook validate``: the compliance model against the published evidence."""

from __future__ import annotations

import argparse
import sys
import textwrap
from pathlib import Path

COLUMNS = ("figure", "published", "model", "verdict")


def add_validate_commands(commands: argparse._SubParsersAction) -> None:
    """Add the ``validate`` command to the ``workbook`` command line."""
    validate = commands.add_parser(
        "validate",
        help="hold the compliance model to the published evidence, figure by figure",
        description=(
            "Run the compliance model's like-for-like experiment for every published figure it can be "
            "compared with, and every lever alone, and print one table. Exits 1 if a figure lands "
            "outside its published range without a stated reason."
        ),
    )
    validate.add_argument(
        "--cases", type=int, default=10_000, help="synthetic caseload size (default 10,000)"
    )
    validate.add_argument("--seed", type=int, default=1, help="seed of the synthetic caseload (default 1)")
    validate.add_argument(
        "--seeds", type=int, nargs="+", default=[1, 2, 3], help="replicate seeds (default 1 2 3)"
    )
    validate.add_argument(
        "--format", choices=["text", "markdown", "csv"], default="text", help="how to print the table"
    )
    validate.add_argument("--how", action="store_true", help="(text) say under each row how it is compared")
    validate.add_argument("--out", type=Path, help="write the table here instead of printing it")
    validate.set_defaults(run=_validate)


def _validate(args: argparse.Namespace) -> int:
    from workbook.compliance import validate, validation_markdown

    if args.cases < 100:
        print(f"workbook: --cases must be at least 100, not {args.cases}", file=sys.stderr)
        return 2
    table = validate(cases=args.cases, caseload_seed=args.seed, seeds=args.seeds)
    if args.format == "markdown":
        text = validation_markdown(table) + "\n"
    elif args.format == "csv":
        text = table.assign(sources=table["sources"].map(" ".join)).to_csv(index=False)
    else:
        text = _text(table, how=args.how, cases=args.cases, seeds=args.seeds)
    if args.out is None:
        sys.stdout.write(text)
    else:
        args.out.write_text(text, encoding="utf-8")
        print(f"wrote {args.out} ({args.format}, {len(table)} rows)", file=sys.stderr)
    outside = table.loc[table["verdict"] == "outside", "id"].tolist()
    if outside:
        named = ", ".join(outside)
        print(f"workbook: outside the published range, with no reason given: {named}", file=sys.stderr)
        return 1
    return 0


def _text(table, *, how: bool, cases: int, seeds) -> str:
    """The table for a terminal: one line per row, columns padded, notes wrapped under a row."""
    widths = {c: max(len(c), *(len(str(v)) for v in table[c])) for c in COLUMNS}
    widths["figure"] = min(widths["figure"], 48)
    lines = [
        f"The compliance model against the published evidence ({cases:,} synthetic cases, "
        f"seeds {' '.join(map(str, seeds))}; model ranges are over the seeds).",
        "",
        "  ".join(c.capitalize().ljust(widths[c]) for c in COLUMNS).rstrip(),
    ]
    for row in table.to_dict(orient="records"):
        cells = {**row, "figure": textwrap.shorten(row["figure"], widths["figure"], placeholder="…")}
        lines.append("  ".join(str(cells[c]).ljust(widths[c]) for c in COLUMNS).rstrip())
        if how:
            wrapped = textwrap.wrap(row["how compared"], 100, initial_indent="    ", subsequent_indent="    ")
            lines += [*wrapped, ""]
    lines.append("")
    lines.append("Illustrative model on a synthetic caseload; not a prediction about real people.")
    return "\n".join(lines) + "\n"
