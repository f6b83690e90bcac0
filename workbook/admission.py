"""Admission for kernel pages: first come, first served, a few at a time, and never past memory.

Voila renders every page request at once, so when twenty people open a chart page
together each of them waits for all twenty (36 s here, against 3.4 s alone). The
``Gate`` lets a bounded number of pages start and run their kernels at a time and
queues the rest in order of arrival, so the first visitor is served in about the
time of one. Past a ceiling on live kernels, or when the machine's free memory runs
low, a visitor is told the server is busy (and the page retries by itself) instead
of pushing the machine into swap.
"""

from __future__ import annotations

import asyncio
import os
from collections import deque
from dataclasses import dataclass

KERNEL_MB = 180
"""Memory to allow per page kernel: chart pages measured 162 to 166 MB, text pages about 105 MB."""

RESERVE_MB = 1024
"""Memory kept free for the server, the browser on the same machine and the system."""


class BusyError(Exception):
    """The server cannot start another page now; ``retry_after`` says when to try again (seconds)."""

    def __init__(self, reason: str, retry_after: int = 10):
        super().__init__(reason)
        self.reason, self.retry_after = reason, retry_after


def available_mb() -> float:
    """Memory the system could give new processes now, in MB (``MemAvailable``); infinite if unknown."""
    try:
        import psutil
    except ImportError:  # pragma: no cover - psutil comes with ipykernel
        return float("inf")
    return psutil.virtual_memory().available / 2**20


def kernel_ceiling(available: float | None = None) -> int:
    """How many page kernels fit in memory, keeping ``RESERVE_MB`` free; at least 2.

    Example:
        >>> kernel_ceiling(available=24_000)
        127
        >>> kernel_ceiling(available=900)
        2
    """
    free = available_mb() if available is None else available
    return max(2, int((free - RESERVE_MB) // KERNEL_MB))


@dataclass
class Gate:
    """Let ``starting`` pages render at once, in order of arrival; refuse past ``ceiling`` live kernels.

    Args:
        starting: Pages rendered at once; about the number of cores.
        ceiling: Live kernels beyond which a new visitor is told the server is busy.
        waiting: Visitors who may queue; beyond that they are told the server is busy.
        low_memory_mb: Free memory below which a new visitor is told the server is busy.

    Example::

        gate = Gate(starting=2)
        async with gate.admit(live_kernels=len(kernel_manager.list_kernel_ids())):
            ...  # start the kernel and render the page; BusyError if there is no room
    """

    starting: int = os.cpu_count() or 2
    ceiling: int = 0
    waiting: int = 50
    low_memory_mb: float = RESERVE_MB / 2

    def __post_init__(self) -> None:
        self.ceiling = self.ceiling or kernel_ceiling()
        self._running = 0
        self._queue: deque[asyncio.Future] = deque()

    @property
    def running(self) -> int:
        """Pages rendering now."""
        return self._running

    @property
    def queued(self) -> int:
        """Visitors waiting their turn."""
        return len(self._queue)

    def admit(self, live_kernels: int) -> _Admission:
        """``async with gate.admit(n):`` waits for a turn, or raises ``Busy``.

        Args:
            live_kernels: Kernels running now (each admitted page will add one).
        """
        return _Admission(self, live_kernels)

    async def _enter(self, live_kernels: int) -> None:
        if live_kernels + self._running + len(self._queue) >= self.ceiling:
            raise BusyError(
                f"It has as many pages open or opening ({self.ceiling}) as its memory allows.", 15
            )
        if available_mb() < self.low_memory_mb:
            raise BusyError("Its memory is nearly full.", 15)
        if len(self._queue) >= self.waiting:
            raise BusyError(f"{len(self._queue)} people are already waiting for a page.", 10)
        if self._running < self.starting and not self._queue:
            self._running += 1
            return
        turn = asyncio.get_running_loop().create_future()
        self._queue.append(turn)
        try:
            await turn
        except asyncio.CancelledError:
            if turn in self._queue:
                self._queue.remove(turn)
            elif turn.done() and not turn.cancelled():
                self._leave()  # our turn came as we were cancelled: pass it on
            raise

    def _leave(self) -> None:
        while self._queue:
            turn = self._queue.popleft()
            if not turn.done():
                turn.set_result(None)  # the slot passes straight to the next visitor
                return
        self._running -= 1


class _Admission:
    def __init__(self, gate: Gate, live_kernels: int):
        self.gate, self.live_kernels = gate, live_kernels

    async def __aenter__(self) -> None:
        await self.gate._enter(self.live_kernels)

    async def __aexit__(self, *exc_info) -> None:
        self.gate._leave()
