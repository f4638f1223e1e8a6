"""Connections on client-side pools (PostgreSQL, MySQL): pools per event loop and role.

Rules: a pool belongs to one event loop (drivers bind sockets to their loop), so each loop
gets its own, created on first use under a lock; with ``read``/``write`` sections a second
pool serves reads (one host picked at random per pool, as Laravel does). Checkouts are first
come, first served: when every connection is out, waiters get them in arrival order (a
driver pool's own queue lets a newcomer take a released connection from a woken waiter,
which then queues again at the back: a few requests starve under load).
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import weakref
from collections.abc import AsyncIterator
from typing import Any

from ._connection import Connection
from ._fair import FairGate


def role_configs(config: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """Split a config with ``read``/``write`` sections into the host configs of each role."""
    base = {k: v for k, v in config.items() if k not in ("read", "write")}

    def expand(section: dict[str, Any] | None) -> list[dict[str, Any]]:
        merged = {**base, **(section or {})}
        hosts = merged.get("host")
        if isinstance(hosts, list | tuple):
            return [{**merged, "host": host} for host in hosts]
        return [merged]

    write = expand(config.get("write"))
    read = expand(config.get("read")) if "read" in config else write
    return {"write": write, "read": read}


class _GatedAcquire:
    """``async with``: a slot of the gate, then the pool's own checkout."""

    __slots__ = ("cm", "gate", "pool")

    def __init__(self, gate: FairGate, pool: Any) -> None:
        self.gate = gate
        self.pool = pool
        self.cm: Any = None

    async def __aenter__(self) -> Any:
        gate = self.gate
        if gate.free > 0 and not gate.waiters:  # a free slot: taken without an await
            gate.free -= 1
        else:
            await gate.enter()
        try:
            self.cm = self.pool.acquire()
            return await self.cm.__aenter__()
        except BaseException:
            gate.leave()
            raise

    async def __aexit__(self, *exc: Any) -> None:
        try:
            await self.cm.__aexit__(*exc)
        finally:
            self.gate.leave()


def _pool_size(config: dict[str, Any]) -> int:
    """The most connections a pool for ``config`` opens (the drivers' default: 10)."""
    return int((config.get("pool") or {}).get("max", 10))


class _Pools:
    """The pools of one event loop, each with its gate."""

    def __init__(self) -> None:
        self.write: Any = None
        self.read: Any = None
        self.write_gate: FairGate | None = None
        self.read_gate: FairGate | None = None
        self.lock = asyncio.Lock()


class PooledConnection(Connection):
    """A connection whose driver pools its sockets; subclasses create and close a pool."""

    def __init__(self, name: str, config: dict[str, Any]) -> None:
        super().__init__(name, config)
        self._roles = role_configs(config)
        self._split = "read" in config
        self._pools: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Pools] = (
            weakref.WeakKeyDictionary()
        )
        self._last_loop: Any = None
        self._last_pools: Any = None

    async def _create_pool(self, config: dict[str, Any]) -> Any:
        """A driver pool for one host config."""
        raise NotImplementedError

    async def _close_pool(self, pool: Any) -> None:
        """Close a driver pool and wait for its connections."""
        raise NotImplementedError

    async def _pool(self, write: bool) -> Any:
        loop = asyncio.get_running_loop()
        pools = self._pools.get(loop)
        if pools is None:
            pools = self._pools[loop] = _Pools()
        pool = pools.write if write or not self._split else pools.read
        if pool is not None:
            return pool
        async with pools.lock:
            if pools.write is None:
                config = random.choice(self._roles["write"])
                pools.write_gate = FairGate(_pool_size(config))
                pools.write = await self._create_pool(config)
            if self._split and pools.read is None:
                config = random.choice(self._roles["read"])
                pools.read_gate = FairGate(_pool_size(config))
                pools.read = await self._create_pool(config)
        return pools.write if write or not self._split else pools.read

    def _acquire(self, write: bool) -> Any:
        # Hot path: the pool's own acquire context, no generator-based wrapper around it;
        # the last loop's pools are remembered (a weak-key lookup per statement adds up).
        loop = asyncio.get_running_loop()
        if loop is self._last_loop:
            pools = self._last_pools
        else:
            pools = self._pools.get(loop)
            if pools is not None:
                self._last_loop, self._last_pools = loop, pools
        if pools is not None:
            if write or not self._split:
                pool, gate = pools.write, pools.write_gate
            else:
                pool, gate = pools.read, pools.read_gate
            if pool is not None and gate is not None:
                return _GatedAcquire(gate, pool)
        return self._acquire_first(write)

    @contextlib.asynccontextmanager
    async def _acquire_first(self, write: bool) -> AsyncIterator[Any]:
        await self._pool(write)
        async with self._acquire(write) as conn:
            yield conn

    async def disconnect(self) -> None:
        """Close the pools of the running loop."""
        loop = asyncio.get_running_loop()
        pools = self._pools.pop(loop, None)
        if loop is self._last_loop:
            self._last_loop = self._last_pools = None
        if pools is None:
            return
        for pool in (pools.write, pools.read):
            if pool is not None:
                await self._close_pool(pool)
