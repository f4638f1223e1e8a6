"""Pooled checkouts are first come, first served once every connection is out."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

from lararust_orm._grammar import Grammar, PostgresGrammar
from lararust_orm._pooled import PooledConnection


class _UnfairPool:
    """A driver pool as asyncpg's behaves: a woken waiter rechecks the free list and queues
    again at the back when a newcomer took the connection first."""

    def __init__(self, size: int) -> None:
        self.free = [object() for _ in range(size)]
        self.waiters: list[asyncio.Future[None]] = []

    @contextlib.asynccontextmanager
    async def acquire(self) -> AsyncIterator[Any]:
        while not self.free:
            waiter = asyncio.get_running_loop().create_future()
            self.waiters.append(waiter)
            await waiter
        conn = self.free.pop()
        try:
            yield conn
        finally:
            self.free.append(conn)
            while self.waiters:
                waiter = self.waiters.pop(0)
                if not waiter.done():
                    waiter.set_result(None)
                    break


class _Pooled(PooledConnection):
    def _make_grammar(self) -> Grammar:
        return PostgresGrammar("")

    async def _create_pool(self, config: dict[str, Any]) -> Any:
        return _UnfairPool(int(config["pool"]["max"]))


async def _use(conn: _Pooled, name: str, order: list[str], release: asyncio.Event) -> None:
    async with conn._acquire(True):
        order.append(name)
        await release.wait()


async def test_waiters_get_connections_in_arrival_order_before_newcomers() -> None:
    conn = _Pooled("fake", {"pool": {"max": 1}})
    order: list[str] = []
    release = asyncio.Event()
    first = asyncio.create_task(_use(conn, "first", order, release))
    await asyncio.sleep(0)
    waiters = [asyncio.create_task(_use(conn, f"w{i}", order, release)) for i in range(3)]
    for _ in range(5):
        await asyncio.sleep(0)
    assert order == ["first"]

    release.set()  # the holder releases; a newcomer asks in the same loop step
    newcomer = asyncio.create_task(_use(conn, "newcomer", order, release))
    await asyncio.gather(first, *waiters, newcomer)

    assert order == ["first", "w0", "w1", "w2", "newcomer"]


async def test_a_cancelled_waiter_gives_its_turn_to_the_next() -> None:
    conn = _Pooled("fake", {"pool": {"max": 1}})
    order: list[str] = []
    release = asyncio.Event()
    first = asyncio.create_task(_use(conn, "first", order, release))
    await asyncio.sleep(0)
    doomed = asyncio.create_task(_use(conn, "doomed", order, release))
    last = asyncio.create_task(_use(conn, "last", order, release))
    for _ in range(5):
        await asyncio.sleep(0)
    doomed.cancel()
    release.set()
    await asyncio.gather(first, last)
    assert doomed.cancelled()
    assert order == ["first", "last"]
