"""PostgreSQL on asyncpg pools (rows as a light ``asyncpg.Record`` subclass).

Rules: one asyncpg pool per event loop (and per read/write role when replicas are
configured); sessions run in UTC; naive datetimes are taken as UTC and every datetime is sent
aware so ``timestamptz`` columns store the right instant. Releasing a connection does not run
asyncpg's reset query (a round trip per statement); ``reset_on_release: True`` restores it.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
import weakref
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import asyncpg

from ._connection import Connection
from ._errors import ConnectionFailed
from ._grammar import Grammar, PostgresGrammar
from ._records import PgRecord
from ._schema_grammar import PostgresSchemaGrammar, SchemaGrammar

_DEADLOCK_STATES = {"40001", "40P01", "55P03"}


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


class _Pools:
    """The pools of one event loop."""

    def __init__(self) -> None:
        self.write: asyncpg.Pool | None = None
        self.read: asyncpg.Pool | None = None
        self.lock = asyncio.Lock()


class PostgresConnection(Connection):
    """A PostgreSQL database."""

    driver = "pgsql"
    style = "numeric"

    def __init__(self, name: str, config: dict[str, Any]) -> None:
        super().__init__(name, config)
        self._roles = role_configs(config)
        self._split = "read" in config
        self._pools: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Pools] = (
            weakref.WeakKeyDictionary()
        )
        self._last_loop: Any = None
        self._last_pools: Any = None

    def _make_grammar(self) -> Grammar:
        return PostgresGrammar(self.table_prefix)

    def schema_grammar(self) -> SchemaGrammar:
        """Return PostgreSQL's DDL grammar."""
        return PostgresSchemaGrammar(self.grammar)

    def prepare_value(self, value: Any) -> Any:
        """Convert a binding: naive datetimes are UTC."""
        if type(value) is datetime:
            return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
        return super().prepare_value(value)

    async def _create_pool(self, config: dict[str, Any]) -> asyncpg.Pool:
        pool_opts = dict(config.get("pool") or {})
        try:
            pool = await asyncpg.create_pool(
                host=config.get("host"),
                port=int(config.get("port") or 5432),
                database=config.get("database"),
                user=config.get("username"),
                password=config.get("password"),
                min_size=int(pool_opts.get("min", 1)),
                max_size=int(pool_opts.get("max", 10)),
                timeout=float(config.get("connect_timeout", 10)),
                command_timeout=config.get("command_timeout"),
                max_inactive_connection_lifetime=float(pool_opts.get("idle_lifetime", 300)),
                record_class=PgRecord,
                reset=None if config.get("reset_on_release") else _light_reset,
                server_settings={"timezone": "UTC", **dict(config.get("server_settings") or {})},
                ssl=config.get("sslmode"),
            )
        except (TimeoutError, OSError, asyncpg.PostgresError) as exc:
            raise ConnectionFailed(f"could not connect to {self._describe(config)}: {exc}") from exc
        assert pool is not None
        return pool  # type: ignore[return-value]

    def _describe(self, config: dict[str, Any]) -> str:
        from ._config import describe

        return describe(config)

    async def _pool(self, write: bool) -> asyncpg.Pool:
        loop = asyncio.get_running_loop()
        pools = self._pools.get(loop)
        if pools is None:
            pools = self._pools[loop] = _Pools()
        pool = pools.write if write or not self._split else pools.read
        if pool is not None:
            return pool
        async with pools.lock:
            if pools.write is None:
                pools.write = await self._create_pool(random.choice(self._roles["write"]))
            if self._split and pools.read is None:
                pools.read = await self._create_pool(random.choice(self._roles["read"]))
        result = pools.write if write or not self._split else pools.read
        assert result is not None
        return result

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
            pool = pools.write if write or not self._split else pools.read
            if pool is not None:
                return pool.acquire()
        return self._acquire_first(write)

    @contextlib.asynccontextmanager
    async def _acquire_first(self, write: bool) -> AsyncIterator[Any]:
        pool = await self._pool(write)
        async with pool.acquire() as conn:
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
                await pool.close()

    def _classify(self, exc: Exception) -> str | None:
        if not isinstance(exc, asyncpg.PostgresError | asyncpg.InterfaceError):
            return None
        state = getattr(exc, "sqlstate", None)
        if state == "23505":
            return "unique"
        if state in _DEADLOCK_STATES:
            return "deadlock"
        return "query"

    def _is_lost_connection(self, exc: Exception) -> bool:
        """A terminated backend or a closed socket."""
        if isinstance(exc, asyncpg.ConnectionDoesNotExistError | ConnectionError):
            return True
        if isinstance(exc, asyncpg.PostgresError):
            return getattr(exc, "sqlstate", "") in ("57P01", "57P02", "57P03")
        return isinstance(exc, asyncpg.InterfaceError) and "closed" in str(exc)

    def _is_closed(self, handle: Any) -> bool:
        """asyncpg marks a terminated connection closed."""
        return bool(handle.is_closed())

    async def _fetch(self, handle: Any, sql: str, params: list[Any]) -> list[Any]:
        return await handle.fetch(sql, *params)  # type: ignore[no-any-return]

    async def _fetch_records(self, handle: Any, sql: str, params: list[Any]) -> list[Any]:
        return await handle.fetch(sql, *params, record_class=asyncpg.Record)  # type: ignore[no-any-return]

    async def _execute(self, handle: Any, sql: str, params: list[Any]) -> int:
        status = await handle.execute(sql, *params)
        return _count(status)

    async def _execute_many(self, handle: Any, sql: str, rows: list[list[Any]]) -> int:
        await handle.executemany(sql, rows)
        return len(rows)

    async def _insert_id(self, handle: Any, sql: str, params: list[Any], key: str) -> Any:
        return await handle.fetchval(sql, *params)

    async def _raw(self, handle: Any, sql: str) -> None:
        await handle.execute(sql)

    def _discard(self, handle: Any) -> None:
        handle.terminate()


async def _light_reset(conn: Any) -> None:
    """Release without asyncpg's reset query: one round trip less per checkout.

    Only an open transaction is rolled back (the ORM never leaves one, but raw handles might);
    session state set with ``SET``/``LISTEN`` stays on the connection. Set
    ``reset_on_release: True`` in the connection config for asyncpg's full reset.
    """
    if conn.is_in_transaction():
        await conn.execute("ROLLBACK")


def _count(status: str) -> int:
    """Read the row count from a command tag (``UPDATE 3``, ``INSERT 0 2``)."""
    tail = status.rsplit(" ", 1)[-1]
    return int(tail) if tail.isdigit() else 0
