"""``workbook evidence``: check, list, search and export the seminar corpus."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_evidence_commands(commands: argparse._SubParsersAction) -> None:
    """Add the ``evidence`` command to the ``workbook`` command line."""
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
    export.add_argument(
        "--format",
        choices=["csv", "md", "qdpx"],
        default="md",
        help="csv, md, or qdpx: a REFI-QDA project for QualCoder, NVivo, ATLAS.ti or MAXQDA (needs --output)",
    )
    export.add_argument("--output", type=Path, help="file to write (default: standard output)")
    export.set_defaults(run=_export)


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
    from workbook.evidence import export_csv, export_markdown, export_qdpx, load_corpus

    corpus = load_corpus(args.data)
    if args.format == "qdpx":
        if args.output is None:
            print("workbook: a .qdpx project is a zip archive: give --output FILE.qdpx", file=sys.stderr)
            return 2
        args.output.write_bytes(export_qdpx(corpus, notes_dir=args.data / "notes" if args.data else None))
        print(
            f"wrote {args.output} (qdpx: {len(corpus.sources)} notes, {len(corpus.themes)} codes, "
            f"{len(corpus.excerpts)} coded selections)",
            file=sys.stderr,
        )
        return 0
    text = export_csv(corpus) if args.format == "csv" else export_markdown(corpus)
    if args.output is None:
        sys.stdout.write(text)
    else:
        args.output.write_text(text, encoding="utf-8")
        print(f"wrote {args.output} ({args.format})", file=sys.stderr)
    return 0
