"""Limits on failed attempts: wrong join codes and wrong facilitator keys.

A join code has 40 random bits, so guessing one is already slow; these limits make
it slower still and tell a person who mistypes what happened. Only *failures*
count: a room of 200 joining at once is never slowed. The counts live in the store,
so every process that shares it (the room's server, each facilitator's kernel,
every server on a hub) sees the same ones.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from workbook.journal._entry import JournalError
from workbook.journal._room_store import RoomStore


class TooManyAttemptsError(JournalError):
    """Too many failed attempts; ``retry_after`` says how many seconds to wait."""

    def __init__(self, where: str, problem: str, retry_after: int):
        super().__init__(where, problem)
        self.retry_after = retry_after


@dataclass(frozen=True)
class AttemptLimit:
    """At most ``per_client`` failures from one client, and ``overall`` from everyone, per ``window`` seconds.

    Example:
        >>> import tempfile
        >>> from workbook.journal import Store
        >>> store = Store(f"sqlite:///{tempfile.mkdtemp()}/j.sqlite3")
        >>> limit = AttemptLimit("join", "Join code", per_client=2, overall=100, window=60)
        >>> for _ in range(2):
        ...     limit.failed(store, "10.0.0.7")
        >>> try:
        ...     limit.check(store, "10.0.0.7")
        ... except TooManyAttemptsError as error:
        ...     print(error.retry_after, error)
        60 Join code: too many wrong tries from this device; wait a minute, then try again.
        >>> limit.check(store, "10.0.0.8")  # another device may still try
        >>> store.close()
    """

    scope: str
    where: str
    per_client: int
    overall: int
    window: int = 60

    def check(self, store: RoomStore, client: str, now: float | None = None) -> None:
        """Raise ``TooManyAttemptsError`` if this client, or everyone together, has failed too often."""
        now = time.time() if now is None else now
        mine, everyone = store.count_attempts(self.scope, client, since=now - self.window)
        wait = "a minute" if self.window == 60 else f"{self.window} seconds"
        if mine >= self.per_client:
            problem = f"too many wrong tries from this device; wait {wait}, then try again."
            raise TooManyAttemptsError(self.where, problem, self.window)
        if everyone >= self.overall:
            raise TooManyAttemptsError(
                self.where,
                f"this server has had too many wrong tries in the last minute; wait {wait}, then try again.",
                self.window,
            )

    def failed(self, store: RoomStore, client: str, now: float | None = None) -> None:
        """Count one failure by this client."""
        store.record_attempt(self.scope, client, at=now)


JOIN_LIMIT = AttemptLimit("join", "Join code", per_client=10, overall=300)
"""Wrong join codes: 10 a minute from one device, 300 a minute from everyone.

At 300 a minute, finding one live room's code among 2**40 takes about 7,000 years.
"""

FACILITATOR_LIMIT = AttemptLimit("facilitate", "Facilitator key", per_client=5, overall=60)
"""Wrong facilitator keys: 5 a minute from one page, 60 a minute from everyone."""
