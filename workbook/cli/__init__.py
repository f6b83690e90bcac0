"""The ``workbook`` command: serve the dashboards and work with the seminar evidence.

Examples::

    workbook serve                       # dashboards on http://127.0.0.1:8866
    workbook room --port 8867            # only the participants' room pages (a JupyterHub service)
    workbook evidence check              # validate the corpus, report coverage
    workbook evidence search "text messaging"
    workbook evidence export --format md --output seminar.md
    workbook simulate --card shift-working-employer --replicates 5 --out shift.json
    workbook validate                    # the compliance model against the published evidence
    workbook sweep --set text_reminders=false,true --set forget_chance=0.05,0.1 --out sweep.csv
    workbook sensitivity --method morris --cases 1000 --out morris.csv
    workbook journal info                # where the journal is kept, and what it holds
    workbook journal export --key KEY --format docx --output journal.docx
    workbook journal export --room ABCD-2345 --facilitator-key KEY --format csv --output room.csv
"""

from __future__ import annotations

import argparse
import sys

from workbook import __version__
from workbook.cli._evidence import add_evidence_commands
from workbook.cli._journal import add_journal_commands
from workbook.cli._room import add_room_commands
from workbook.cli._sensitivity import add_sensitivity_commands
from workbook.cli._serve import add_serve_commands
from workbook.cli._simulate import add_simulate_commands
from workbook.cli._sweep import add_sweep_commands
from workbook.cli._validate import add_validate_commands


def main(argv: list[str] | None = None) -> int:
    """Run the command line.

    Args:
        argv: Arguments after the program name; defaults to ``sys.argv[1:]``.

    Returns:
        The exit status: 0 on success, 2 when the input or the corpus is at fault.
    """
    parser = _parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "run"):
        parser.print_help()
        return 0
    from workbook.compliance import ParameterRangeError
    from workbook.evidence import CorpusError
    from workbook.journal import JournalError

    try:
        return args.run(args)
    except (CorpusError, JournalError, OSError, KeyError, ParameterRangeError) as error:
        print(f"workbook: {error.args[0] if isinstance(error, KeyError) else error}", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="workbook", description=__doc__.split("\n")[0])
    parser.add_argument("--version", action="version", version=f"workbook {__version__}")
    commands = parser.add_subparsers(title="commands")
    for add_commands in (
        add_serve_commands,
        add_simulate_commands,
        add_validate_commands,
        add_sweep_commands,
        add_sensitivity_commands,
        add_evidence_commands,
        add_journal_commands,
        add_room_commands,
    ):
        add_commands(commands)
    return parser
