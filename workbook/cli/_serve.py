"""``workbook serve``: serve every dashboard; ``workbook pages``: where the dashboards are."""

from __future__ import annotations

import argparse
from pathlib import Path


def add_serve_commands(commands: argparse._SubParsersAction) -> None:
    """Add the ``serve`` command to the ``workbook`` command line."""
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
    serve.add_argument(
        "--max-starting",
        type=int,
        default=0,
        help="dashboard pages rendered at once, the rest queued in order (default: one per core)",
    )
    serve.add_argument(
        "--max-kernels",
        type=int,
        default=0,
        help="live page kernels beyond which visitors are told the server is busy (default: by memory)",
    )
    serve.add_argument(
        "--no-admission", action="store_true", help="render every page request at once, as plain Voila does"
    )
    serve.add_argument(
        "--no-fork-kernels",
        action="store_true",
        help="launch every page kernel afresh rather than forking it from a warm process",
    )
    serve.set_defaults(run=_serve)
    pages = commands.add_parser(
        "pages",
        help="print the folder of the dashboard notebooks (a Jupyter server's root folder for the pages)",
    )
    pages.set_defaults(run=_pages)


def _pages(args: argparse.Namespace) -> int:
    from workbook.paths import NOTEBOOKS_DIR

    print(NOTEBOOKS_DIR)
    return 0


def _serve(args: argparse.Namespace) -> int:
    from workbook.server import serve

    serve(
        notebooks_dir=args.notebooks,
        ip=args.ip,
        port=args.port,
        open_browser=not args.no_browser,
        pool_size=args.pool_size,
        fill_delay=args.fill_delay,
        max_starting=args.max_starting,
        max_kernels=args.max_kernels,
        admission=not args.no_admission,
        fork_kernels=not args.no_fork_kernels,
    )
    return 0
