"""The ``workbook`` command: serve the dashboards and work with the seminar evidence.

Examples::

    workbook serve                       # dashboards on http://127.0.0.1:8866
    workbook evidence check              # validate the corpus, report coverage
    workbook evidence search "text messaging"
    workbook evidence export --format md --output seminar.md
    workbook simulate --card shift-working-employer --replicates 5 --out shift.json
    workbook journal info                # where the journal is kept, and what it holds
    workbook journal export --key KEY --format docx --output journal.docx
    workbook journal export --room ABCD-2345 --facilitator-key KEY --format csv --output room.csv
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from workbook import __version__


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
    from workbook.evidence import CorpusError
    from workbook.journal import JournalError

    try:
        return args.run(args)
    except (CorpusError, JournalError, OSError, KeyError) as error:
        print(f"workbook: {error.args[0] if isinstance(error, KeyError) else error}", file=sys.stderr)
        return 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="workbook", description=__doc__.split("\n")[0])
    parser.add_argument("--version", action="version", version=f"workbook {__version__}")
    commands = parser.add_subparsers(title="commands")

    serve = commands.add_parser("serve", help="serve every dashboard with Voila")
    serve.add_argument("--notebooks", type=Path, help="folder of dashboard notebooks")
    serve.add_argument("--ip", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8866, help="port (default 8866)")
    serve.add_argument("--no-browser", action="store_true", help="do not open a browser")
    serve.add_argument(
        "--pool-size",
        type=int,
        default=0,
        help="kernels kept ready per dashboard (default 0; see the README before raising it)",
    )
    serve.add_argument(
        "--fill-delay", type=float, default=30, help="seconds before a used pool kernel is replaced"
    )
    serve.set_defaults(run=_serve)

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

    evidence = commands.add_parser("evidence", help="the seminar evidence corpus")
    evidence.add_argument("--data", type=Path, help="corpus folder (default: the shipped data/seminar)")
    actions = evidence.add_subparsers(title="actions", required=True)
    check = actions.add_parser("check", help="validate the corpus and report its coverage")
    check.set_defaults(run=_check)
    themes = actions.add_parser("themes", help="list the themes with their excerpt counts")
    themes.set_defaults(run=_themes)
    search = actions.add_parser("search", help="search quotes and paraphrases")
    search.add_argument("query", help="words to look for")
    search.add_argument("--theme", action="append", help="only this theme id (repeatable)")
    search.set_defaults(run=_search)
    export = actions.add_parser("export", help="export the corpus")
    export.add_argument("--format", choices=["csv", "md"], default="md")
    export.add_argument("--output", type=Path, help="file to write (default: standard output)")
    export.set_defaults(run=_export)

    journal = commands.add_parser("journal", help="the reflective journal and workshop rooms")
    journal.add_argument("--db", help="store URL (default: $WORKBOOK_DB_URL or the per-user SQLite file)")
    steps = journal.add_subparsers(title="actions", required=True)
    info = steps.add_parser("info", help="where the journal is kept, its schema version and what it holds")
    info.set_defaults(run=_journal_info)
    take = steps.add_parser(
        "export",
        help="export your journal (--key) or a room (--room and --facilitator-key)",
        description="Keys can also come from $WORKBOOK_JOURNAL_KEY and $WORKBOOK_FACILITATOR_KEY, "
        "which keeps them out of your shell history.",
    )
    whose = take.add_mutually_exclusive_group()
    whose.add_argument("--key", help="your journal key (shown on the journal page)")
    whose.add_argument("--room", help="a room's join code")
    take.add_argument("--facilitator-key", help="the room's facilitator key")
    take.add_argument(
        "--format",
        choices=["md", "docx", "csv"],
        default="md",
        help="md or docx for a journal; md or csv for a room (default md)",
    )
    take.add_argument(
        "--output", type=Path, help="file to write (default: standard output; required for docx)"
    )
    take.set_defaults(run=_journal_export)
    return parser


def _serve(args: argparse.Namespace) -> int:
    from workbook.server import serve

    serve(
        notebooks_dir=args.notebooks,
        ip=args.ip,
        port=args.port,
        open_browser=not args.no_browser,
        pool_size=args.pool_size,
        fill_delay=args.fill_delay,
    )
    return 0


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
        table.assign(workbook=__version__, scenario=scenario.name, seeds=" ".join(map(str, seeds))).to_csv(
            args.out, index=False
        )
    else:
        args.out.write_text(json.dumps(record, indent=2), encoding="utf-8")
    return 0


def _check(args: argparse.Namespace) -> int:
    from workbook.evidence import load_corpus, uncovered_paragraphs

    corpus = load_corpus(args.data)
    units, uncovered = uncovered_paragraphs(corpus)
    print(
        f"corpus valid: {len(corpus.themes)} themes, {len(corpus.excerpts)} excerpts, "
        f"{len(corpus.questions)} open questions, {len(corpus.figures)} figures"
    )
    print(f"coverage: {units - len(uncovered)} of {units} paragraphs have an excerpt")
    for p in uncovered.itertuples():
        print(f"  not covered: {p.source}, {p.section!r}, paragraph {p.number}")
    return 0 if uncovered.empty else 1


def _themes(args: argparse.Namespace) -> int:
    from workbook.evidence import load_corpus, theme_cooccurrence

    corpus = load_corpus(args.data)
    counts = theme_cooccurrence(corpus.excerpts, corpus.themes["id"])
    for theme in corpus.themes.itertuples():
        print(f"{theme.id:24} {counts.loc[theme.id, theme.id]:3}  {theme.name}")
    return 0


def _search(args: argparse.Namespace) -> int:
    from workbook.evidence import filter_excerpts, load_corpus, search_excerpts

    corpus = load_corpus(args.data)
    hits = search_excerpts(
        filter_excerpts(corpus.excerpts, themes=args.theme), args.query, synonyms=corpus.synonyms
    )
    for e in hits.itertuples():
        print(f"{e.id}  [{e.notes}, {e.section}, ¶{e.paragraph}]  “{e.quote}”")
    print(f"{len(hits)} excerpt(s) match {args.query!r}", file=sys.stderr)
    return 0


def _export(args: argparse.Namespace) -> int:
    from workbook.evidence import export_csv, export_markdown, load_corpus

    corpus = load_corpus(args.data)
    text = export_csv(corpus) if args.format == "csv" else export_markdown(corpus)
    if args.output is None:
        sys.stdout.write(text)
    else:
        args.output.write_text(text, encoding="utf-8")
        print(f"wrote {args.output} ({args.format})", file=sys.stderr)
    return 0


def _journal_info(args: argparse.Namespace) -> int:
    from workbook.journal import Store

    with Store(args.db) as store:
        print(f"store: {store.where}")
        print(f"schema version: {store.schema_version()}")
        print(f"entries: {store.count_entries()}; rooms: {store.count_rooms()}")
    return 0


def _journal_export(args: argparse.Namespace) -> int:
    import os

    from workbook.journal import JournalError, Store, journal_docx, journal_markdown, room_csv, room_markdown
    from workbook.journal._entry import now_text

    key = args.key or (None if args.room else os.environ.get("WORKBOOK_JOURNAL_KEY"))
    if not key and not args.room:
        raise JournalError(
            "--key", "give your journal key (or set WORKBOOK_JOURNAL_KEY), or --room for a room."
        )
    if args.format == "docx" and args.output is None:
        raise JournalError("--output", "a Word document needs a file to write to.")
    with Store(args.db) as store:
        if args.room:
            facilitator_key = args.facilitator_key or os.environ.get("WORKBOOK_FACILITATOR_KEY", "")
            if args.format == "docx":
                raise JournalError("--format", "a room exports as md or csv.")
            record = store.room_record(store.facilitate(args.room, facilitator_key).id)
            data = room_csv(record) if args.format == "csv" else room_markdown(record, now_text())
            what = f"room {record.room.join_code}: {sum(map(len, record.answers.values()))} answers, " + (
                f"{len(record.shared)} shared reflections"
            )
        else:
            if args.format == "csv":
                raise JournalError("--format", "a journal exports as md or docx.")
            entries = store.entries(key)
            name = entries[-1].pseudonym if entries else "(no entries)"
            data = (
                journal_docx(entries, name, now_text())
                if args.format == "docx"
                else (journal_markdown(entries, name, now_text()))
            )
            what = f"{len(entries)} journal entries"
    if args.output is None:
        sys.stdout.write(data)
    else:
        if isinstance(data, bytes):
            args.output.write_bytes(data)
        else:
            args.output.write_text(data, encoding="utf-8")
        print(f"wrote {args.output} ({what})", file=sys.stderr)
    return 0
