"""``workbook room``: the participants' room pages on their own, as for a JupyterHub service."""

from __future__ import annotations

import argparse


def add_room_commands(commands: argparse._SubParsersAction) -> None:
    """Add the ``room`` command to the ``workbook`` command line."""
    room = commands.add_parser(
        "room",
        help="serve only the participants' room pages (a JupyterHub service; see deploy/README.md)",
        description="Serve the room pages with no dashboards and no kernels. Under JupyterHub the "
        "address and path come from the hub (JUPYTERHUB_SERVICE_URL, JUPYTERHUB_SERVICE_PREFIX).",
    )
    room.add_argument("--ip", help="address to listen on (default 127.0.0.1, or the hub's choice)")
    room.add_argument("--port", type=int, help="port (default 8867, or the hub's choice)")
    room.add_argument("--prefix", help="path the pages live under (default /, or the hub's service path)")
    room.add_argument("--db-url", help="the journal store (default: WORKBOOK_DB_URL, else the per-user file)")
    room.set_defaults(run=_room)


def _room(args: argparse.Namespace) -> int:
    from workbook.room.app import hub_settings, serve_room

    settings = {"ip": "127.0.0.1", "port": 8867, "prefix": "/", "pages_url": "", **hub_settings()}
    for name in ("ip", "port", "prefix"):
        if getattr(args, name) is not None:
            settings[name] = getattr(args, name)
    serve_room(db_url=args.db_url, **settings)
    return 0
