"""The workshop room's participant page: served from templates, with no kernel.

A participant answering a poll needs a few kilobytes and milliseconds, not a
Python kernel. These pages are rendered on the server from Jinja2 templates, with
a little plain script for live updates (server-sent events), and talk to the same
journal store as the facilitator's Voila page.

The handlers run under ``workbook serve`` and, as the Jupyter Server extension
``workbook.room``, under ``jupyter server``, JupyterLab or a JupyterHub
single-user server::

    jupyter server --ServerApp.jpserver_extensions="{'workbook.room': True}"

``results_html`` (the room's answers as a table with bars) is used by the
facilitator's page too; importing it does not import the server.
"""

from __future__ import annotations

from typing import Any

from workbook.room._render import STAGE_LABELS, RoomView, plural, render, results_html

ROOM_PATH = "workbook/room"
"""Where the room pages live, under the server's base URL."""

__all__ = [
    "ROOM_PATH",
    "STAGE_LABELS",
    "RoomService",
    "RoomView",
    "plural",
    "render",
    "results_html",
    "room_handlers",
]


def __getattr__(name: str) -> Any:
    # The server side (tornado handlers, threads) loads only when a server asks for it.
    if name == "RoomService":
        from workbook.room._service import RoomService

        return RoomService
    if name == "room_handlers":
        from workbook.room._handlers import room_handlers

        return room_handlers
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _jupyter_server_extension_points() -> list[dict[str, Any]]:
    """Let ``jupyter server`` load the room pages as an extension."""
    from workbook.room.extension import RoomExtension

    return [{"module": "workbook.room.extension", "app": RoomExtension}]
