"""PostgreSQL on asyncpg pools (rows as a light ``asyncpg.Record`` subclass).

Rules: one asyncpg pool per event loop (and per read/write role when replicas are
configured); sessions run in UTC; naive datetimes are taken as UTC and every datetime is sent
aware so ``timestamptz`` columns store the right instant. Releasing a connection does not run
asyncpg's reset query (a round trip per statement); ``reset_on_release: True`` restores it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Sequence
from datetime import UTC, datetime
from operator import attrgetter
from typing import Any

import asyncpg

from ._errors import ConnectionFailed
from ._grammar import Grammar, PostgresGrammar
from ._pooled import PooledConnection
from ._records import PgRecord
from ._schema_grammar import PostgresSchemaGrammar, SchemaGrammar

_DEADLOCK_STATES = {"40001", "40P01", "55P03"}
_DATETIMES = frozenset({datetime, type(None)})
_TZINFO = attrgetter("tzinfo")


class PostgresConnection(PooledConnection):
    """A PostgreSQL database."""

    driver = "pgsql"
    style = "numeric"
    bulk_insert_many = True

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

    def _prepare_column(self, values: Sequence[Any], types: set[type]) -> Sequence[Any]:
        # A column of aware datetimes (and NULLs) goes to asyncpg as it is: checked in C.
        if types <= _DATETIMES and None not in map(_TZINFO, filter(None, values)):
            return values
        return super()._prepare_column(values, types)

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
                # Plain records by default: what models hydrate from (the hot path, no extra
                # keyword per call); builder rows ask for PgRecord (``row.name``) per fetch.
                record_class=asyncpg.Record,
                reset=None if config.get("reset_on_release") else _light_reset,
                server_settings={"timezone": "UTC", **dict(config.get("server_settings") or {})},
                ssl=config.get("sslmode"),
            )
        except (TimeoutError, OSError, asyncpg.PostgresError) as exc:
            raise ConnectionFailed(f"could not connect to {self._describe(config)}: {exc}") from exc
        assert pool is not None
        return pool

    async def _close_pool(self, pool: Any) -> None:
        await pool.close()

    def _describe(self, config: dict[str, Any]) -> str:
        from ._config import describe

        return describe(config)

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

    # Plain functions handing back asyncpg's coroutine: one coroutine frame less per read.
    def _fetch(self, handle: Any, sql: str, params: list[Any]) -> Awaitable[list[Any]]:
        return handle.fetch(sql, *params, record_class=PgRecord)  # type: ignore[no-any-return]

    def _fetch_records(self, handle: Any, sql: str, params: list[Any]) -> Awaitable[list[Any]]:
        return handle.fetch(sql, *params)  # type: ignore[no-any-return]

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
