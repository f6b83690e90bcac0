"""The room's server side: the store, used from worker threads, and one live feed per room.

Handlers never touch the store on the event loop: ``RoomService.run`` sends each
piece of work to a small pool of threads, each with its own connection. Each room
with someone watching has one ``RoomFeed``, which polls the room's revision and
draws what everyone sees once per change, however many are watching.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from workbook.journal import Store, current_question, results
from workbook.room._render import RoomView

LOG = logging.getLogger(__name__)
T = TypeVar("T")

FEED_INTERVAL = 0.25
"""Seconds between a feed's checks of its room's revision: an answer shows within about this."""

KEEPALIVE = 15.0
"""Seconds between comments sent on a quiet event stream, so that proxies keep it open."""


def read_view(store: Store, room_id: str) -> RoomView:
    """What everyone in the room sees now, read from the store."""
    revision = store.revision(room_id)
    room = store.room(room_id)
    question = current_question(store.questions(room_id))
    shown = results(question, store.answers(question.id)) if question and question.revealed else None
    return RoomView(revision, room, question, shown, tuple(store.shared_entries(room_id)))


class RoomService:
    """The store and the live feeds for every room page this server serves.

    Args:
        url: The store's URL; ``None`` for the default (``WORKBOOK_DB_URL`` or the per-user file).
        workers: Threads (each with its own connection) for store work.
    """

    def __init__(self, url: str | None = None, *, workers: int = 4):
        self.url = url
        self._local = threading.local()
        self._stores: list[Store] = []
        self._lock = threading.Lock()
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="workbook-room")
        self.feeds: dict[str, RoomFeed] = {}
        self._secret: str | None = None

    def _store(self) -> Store:
        store = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = Store(self.url)
            with self._lock:
                self._stores.append(store)
        return store

    async def run(self, work: Callable[..., T], *args: Any) -> T:
        """Run ``work(store, *args)`` on a worker thread and return its result."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, lambda: work(self._store(), *args))

    async def cookie_secret(self) -> str:
        """The secret that signs seat cookies, shared by every server on the same store."""
        if self._secret is None:
            self._secret = await self.run(lambda store: store.secret("room-cookie"))
        return self._secret

    def feed(self, room_id: str, room_url: str) -> RoomFeed:
        """The live feed for a room, started when first asked for."""
        feed = self.feeds.get(room_id)
        if feed is None:
            feed = self.feeds[room_id] = RoomFeed(self, room_id, room_url)
        return feed

    def close(self) -> None:
        """Stop every feed and close the connections."""
        for feed in self.feeds.values():
            feed.stop()
        self._executor.shutdown(wait=True)
        for store in self._stores:
            store.close()


class RoomFeed:
    """Poll one room and push what everyone sees to each watching page, once per change.

    Args:
        service: The room service (for the store).
        room_id: The room.
        room_url: The room page's path, for the forms in the fragments.
    """

    def __init__(self, service: RoomService, room_id: str, room_url: str):
        self.service, self.room_id, self.room_url = service, room_id, room_url
        self.watchers: set[asyncio.Queue] = set()
        self.latest: str | None = None
        self._body = ""
        self.seen = -1
        self.task: asyncio.Task | None = None

    def subscribe(self) -> asyncio.Queue:
        """A queue that receives each new update (only the newest is kept if a page falls behind)."""
        queue: asyncio.Queue = asyncio.Queue(maxsize=1)
        if self.latest is not None:
            queue.put_nowait(self.latest)
        self.watchers.add(queue)
        if self.task is None or self.task.done():
            self.task = asyncio.get_running_loop().create_task(self._run())
        return queue

    def unsubscribe(self, queue: asyncio.Queue) -> None:
        """Stop sending to this queue; the feed stops when nobody watches."""
        self.watchers.discard(queue)
        if not self.watchers:
            self.stop()

    def stop(self) -> None:
        """Stop polling."""
        if self.task is not None:
            self.task.cancel()
            self.task = None
        self.seen = -1

    async def poll(self) -> bool:
        """Check once; if the room changed in a way its pages show, push the update. Return whether it did."""
        revision = await self.service.run(lambda store: store.revision(self.room_id))
        if revision == self.seen:
            return False
        self.seen = revision
        view = await self.service.run(read_view, self.room_id)
        payload = view.payload(self.room_url)
        body = json.dumps({key: value for key, value in payload.items() if key != "rev"}, sort_keys=True)
        if self.latest is not None and body == self._body:
            return False
        self._body = body
        self.latest = json.dumps(payload)
        for queue in list(self.watchers):
            if queue.full():
                queue.get_nowait()
            queue.put_nowait(self.latest)
        return True

    async def _run(self) -> None:
        while self.watchers:
            try:
                await self.poll()
            except Exception:  # a failed read must not end the feed; say so in the server's log
                LOG.exception("Reading room %s for its live feed failed", self.room_id)
            await asyncio.sleep(FEED_INTERVAL)
