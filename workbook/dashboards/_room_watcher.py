"""Watching a workshop room from a page's kernel: redraw when the room's revision moves."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from workbook.journal import JournalError, Store

LOG = logging.getLogger(__name__)


class RoomWatcher:
    """Watch a room's revision number and call back when it changes.

    In a page's kernel it polls on the kernel's own event loop; without a running
    loop (tests) call ``poll`` yourself.

    Args:
        store: The journal store.
        room_id: The room to watch.
        interval: Seconds between polls.
        on_change: Called after the revision moves.
    """

    def __init__(self, store: Store, room_id: str, interval: float, on_change: Callable[[], None]):
        self.store, self.room_id, self.interval, self.on_change = store, room_id, interval, on_change
        self.seen = -1
        self.task: asyncio.Task | None = None

    def poll(self) -> bool:
        """Check once; call back and return ``True`` if the room changed."""
        try:
            revision = self.store.revision(self.room_id)
        except JournalError:
            return False
        if revision == self.seen:
            return False
        self.seen = revision
        self.on_change()
        return True

    def start(self) -> None:
        """Poll every ``interval`` seconds on the running event loop, if there is one."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:
            return
        self.stop()
        self.task = loop.create_task(self._run())

    def stop(self) -> None:
        """Stop polling."""
        if self.task is not None:
            self.task.cancel()
            self.task = None

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            try:
                self.poll()
            except Exception:  # one failed redraw must not end the watching; say so in the server's log
                LOG.exception("Redrawing room %s failed", self.room_id)
