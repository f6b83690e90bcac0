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

from workbook.journal import Store, StoreError, current_question, results
from workbook.journal._entry import now_text
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
        """Run ``work(store, *args)`` on a worker thread and return its result.

        A store error drops that thread's connection, so that the next piece of work opens a
        fresh one (after a database restart, say) instead of failing for good.
        """
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, self._work, work, args)

    def _work(self, work: Callable[..., T], args: tuple) -> T:
        store = self._store()
        try:
            return work(store, *args)
        except StoreError:
            self._local.store = None
            with self._lock:
                self._stores.remove(store)
            store.close()
            raise

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
        for feed in list(self.feeds.values()):
            feed.stop()
        self._executor.shutdown(wait=True)
        for store in self._stores:
            store.close()


FRAGMENTS = ("question_html", "results_html", "shared_html", "ended_html")
"""The parts of a room's page that an update may carry; only those that changed are sent."""


def encoded(parts: dict) -> dict[str, str]:
    """Each part of an update as JSON, encoded once however many pages it goes to.

    Example:
        >>> encoded({"rev": 2, "ended": False})
        {'rev': '2', 'ended': 'false'}
    """
    return {key: json.dumps(value) for key, value in parts.items()}


def event_data(parts: dict[str, str]) -> str:
    """One server-sent event's data: a JSON object joined from parts already encoded.

    Example:
        >>> event_data(encoded({"rev": 2, "question": None}))
        '{"rev": 2, "question": null}'
    """
    return "{" + ", ".join(f"{json.dumps(key)}: {value}" for key, value in parts.items()) + "}"


class Mailbox:
    """What one page has still to be told: later changes are merged over earlier ones, never queued up.

    Example:
        >>> box = Mailbox({"rev": 1, "results_html": "a"})
        >>> box.post({"rev": 2, "shared_html": "b"}); box.pending
        {'rev': 2, 'results_html': 'a', 'shared_html': 'b'}
    """

    def __init__(self, first: dict | None = None):
        self.pending: dict | None = dict(first) if first else None
        self.ready = asyncio.Event()
        if first:
            self.ready.set()
        self.closed = False

    def post(self, changes: dict) -> None:
        """Add changes (a later value of a part replaces an earlier one not yet sent)."""
        self.pending = {**(self.pending or {}), **changes}
        self.ready.set()

    def close(self) -> None:
        """Wake the reader to say the page has gone."""
        self.closed = True
        self.ready.set()

    async def take(self, timeout: float) -> dict | None:
        """The changes so far, once there are any; ``None`` after ``timeout`` seconds or once closed."""
        try:
            await asyncio.wait_for(self.ready.wait(), timeout)
        except TimeoutError:
            return None
        self.ready.clear()
        changes, self.pending = self.pending, None
        return None if self.closed else changes


class RoomFeed:
    """Poll one room and push what everyone sees to each watching page, once per change.

    Each update carries the room's revision, whether it has ended and the question's state,
    and only the parts of the page that changed; a page that has just connected gets them
    all.

    Args:
        service: The room service (for the store).
        room_id: The room.
        room_url: The room page's path, for the forms in the fragments.
    """

    def __init__(self, service: RoomService, room_id: str, room_url: str):
        self.service, self.room_id, self.room_url = service, room_id, room_url
        self.watchers: set[Mailbox] = set()
        self.latest: dict | None = None
        self.seen = -1
        self.task: asyncio.Task | None = None

    def subscribe(self) -> Mailbox:
        """A mailbox for one page, holding everything the page shows now (when known)."""
        box = Mailbox(encoded(self.latest) if self.latest else None)
        self.watchers.add(box)
        if self.task is None or self.task.done():
            self.task = asyncio.get_running_loop().create_task(self._run())
        return box

    def unsubscribe(self, box: Mailbox) -> None:
        """Stop telling this page; the feed stops (and forgets what it saw) when nobody watches."""
        self.watchers.discard(box)
        if not self.watchers:
            self.stop()
            self.service.feeds.pop(self.room_id, None)

    def stop(self) -> None:
        """Stop polling, and forget what was last seen (it would be stale on the next start)."""
        if self.task is not None:
            self.task.cancel()
            self.task = None
        self.seen, self.latest = -1, None

    def _expired_unseen(self) -> bool:
        """Whether the room's time ran out since pages were last told (expiry changes no revision)."""
        return bool(self.latest and not self.latest["ended"] and self.latest["expires"] <= now_text())

    async def poll(self) -> bool:
        """Check once; if the room changed in a way its pages show, push the update. Return whether it did."""
        revision = await self.service.run(lambda store: store.revision(self.room_id))
        if revision == self.seen and not self._expired_unseen():
            return False
        view = await self.service.run(read_view, self.room_id)
        self.seen = revision  # only once the room has been read: a failed read is tried again
        payload = view.payload(self.room_url)
        payload["expires"] = view.room.expires
        before = self.latest or {}
        changes = {key: payload[key] for key in FRAGMENTS if payload[key] != before.get(key)}
        self.latest = payload
        if before and not changes and before["ended"] == payload["ended"]:
            return False
        update = encoded({
            "rev": payload["rev"],
            "ended": payload["ended"],
            "question": payload["question"],
            **changes,
        })  # fmt: skip
        for box in list(self.watchers):
            box.post(update)
        return True

    async def _run(self) -> None:
        while self.watchers:
            try:
                await self.poll()
            except Exception:  # a failed read must not end the feed; say so in the server's log
                LOG.exception("Reading room %s for its live feed failed", self.room_id)
            await asyncio.sleep(FEED_INTERVAL)
