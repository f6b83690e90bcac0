"""The room pages as a Jupyter Server extension, so that JupyterLab or a hub's servers serve them too."""

from __future__ import annotations

from jupyter_server.extension.application import ExtensionApp
from traitlets import Unicode

from workbook.room._handlers import room_handlers
from workbook.room._service import RoomService


class RoomExtension(ExtensionApp):
    """Serve the participant room page at ``<base_url>workbook/room/``."""

    name = "workbook.room"
    load_other_extensions = True

    db_url = Unicode(
        "", help="The journal store's URL; empty for WORKBOOK_DB_URL or the per-user SQLite file."
    ).tag(config=True)

    def initialize_handlers(self) -> None:
        """Add the room's routes (the server puts its base URL in front)."""
        self.service = RoomService(self.db_url or None)
        base = self.serverapp.base_url.rstrip("/")
        # Links on the pages need the base URL; the server adds it to the routes itself.
        for pattern, handler, options in room_handlers(self.serverapp.base_url, self.service):
            self.handlers.append((pattern[len(base) :], handler, options))

    async def stop_extension(self) -> None:
        """Close the store's connections when the server stops."""
        self.service.close()
