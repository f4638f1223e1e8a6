"""Slots handed out first come, first served: a pool's checkouts and a transaction's lock.

``asyncio.Semaphore`` and ``asyncio.Lock`` cost coroutine frames even when nothing waits, and a
driver pool's own queue lets a newcomer overtake a woken waiter; here a free slot is taken with no
await at all and a released slot goes straight to the oldest waiter.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque


class FairGate:
    """``size`` slots handed out first come, first served.

    A pool of ``size`` connections has ``size`` slots; a checkout takes one before asking the
    pool (which then always has a connection ready) and gives it back after the release. A
    released slot goes straight to the oldest waiter, so no newcomer overtakes a waiter.
    Hot paths may take a free slot inline (``free > 0 and not waiters``: ``free -= 1``).
    """

    __slots__ = ("free", "waiters")

    def __init__(self, size: int) -> None:
        self.free = max(1, size)
        #: Futures of the waiting checkouts, oldest first.
        self.waiters: deque[asyncio.Future[None]] = deque()

    async def enter(self) -> None:
        """Take a slot, waiting behind every earlier waiter."""
        if self.free > 0 and not self.waiters:
            self.free -= 1
            return
        waiter = asyncio.get_running_loop().create_future()
        self.waiters.append(waiter)
        try:
            await waiter
        except BaseException:
            if waiter.done() and not waiter.cancelled():
                self.leave()  # handed a slot, then cancelled: pass it on
            else:
                with contextlib.suppress(ValueError):
                    self.waiters.remove(waiter)
            raise

    def leave(self) -> None:
        """Give a slot back: to the oldest live waiter, else to the free count."""
        waiters = self.waiters
        while waiters:
            waiter = waiters.popleft()
            if not waiter.done():
                waiter.set_result(None)
                return
        self.free += 1
