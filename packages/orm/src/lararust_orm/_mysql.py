"""MySQL and MariaDB on aiomysql pools.

Rules: sessions run in UTC (``time_zone = '+00:00'``) and datetimes are bound as naive UTC, so
``DATETIME`` columns hold UTC; ``client_flag=FOUND_ROWS`` makes UPDATE report rows *matched*
like the other drivers. The server and version are read on connect so MariaDB and MySQL each
get their grammar. Server warnings are not fetched (no extra ``SHOW WARNINGS`` round trip).
MySQL 8 is supported by the grammar but untested here: CI runs MariaDB.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import aiomysql  # type: ignore[import-untyped]
import pymysql  # type: ignore[import-untyped]
from pymysql.constants import CLIENT  # type: ignore[import-untyped]

from ._connection import utc_naive
from ._errors import ConnectionFailed
from ._grammar import Grammar, MariaDbGrammar, MySqlGrammar
from ._pooled import PooledConnection
from ._records import Row
from ._schema_grammar import MySqlSchemaGrammar, SchemaGrammar

_DEADLOCK_CODES = {1205, 1213}


class RowCursor(aiomysql.DictCursor):  # type: ignore[misc]
    """A dict cursor building :class:`Row` records and skipping ``SHOW WARNINGS``."""

    dict_type = Row

    async def _show_warnings(self, conn: Any) -> None:
        return None


class MySqlConnection(PooledConnection):
    """A MySQL or MariaDB database."""

    driver = "mysql"
    style = "format"

    def __init__(self, name: str, config: dict[str, Any]) -> None:
        super().__init__(name, config)
        self.server = str(config.get("server", "mysql"))
        self.server_version = ""

    def _make_grammar(self) -> Grammar:
        if str(self.config.get("server", "")).lower() == "mariadb":
            return MariaDbGrammar(self.table_prefix)
        return MySqlGrammar(self.table_prefix)

    def schema_grammar(self) -> SchemaGrammar:
        """Return MySQL's DDL grammar."""
        return MySqlSchemaGrammar(self.grammar)

    def prepare_value(self, value: Any) -> Any:
        """Convert a binding: datetimes become naive UTC."""
        if isinstance(value, datetime):
            return utc_naive(value)
        return super().prepare_value(value)

    async def _create_pool(self, config: dict[str, Any]) -> Any:
        pool_opts = dict(config.get("pool") or {})
        try:
            pool = await aiomysql.create_pool(
                host=config.get("host", "127.0.0.1"),
                port=int(config.get("port") or 3306),
                user=config.get("username") or "root",
                password=config.get("password") or "",
                db=config.get("database"),
                minsize=int(pool_opts.get("min", 1)),
                maxsize=int(pool_opts.get("max", 10)),
                pool_recycle=int(pool_opts.get("recycle", 3600)),
                connect_timeout=float(config.get("connect_timeout", 10)),
                autocommit=True,
                charset=str(config.get("charset", "utf8mb4")),
                client_flag=CLIENT.FOUND_ROWS,
                init_command="SET time_zone = '+00:00'",
                cursorclass=RowCursor,
            )
        except (TimeoutError, OSError, pymysql.err.Error) as exc:
            from ._config import describe

            raise ConnectionFailed(f"could not connect to {describe(config)}: {exc}") from exc
        if not self.server_version:
            async with pool.acquire() as conn, conn.cursor() as cur:
                await cur.execute("SELECT VERSION() AS v")
                row = await cur.fetchone()
            self._detected(str(row["v"]))
        return pool

    def _detected(self, version: str) -> None:
        self.server_version = version
        self.server = "mariadb" if "mariadb" in version.lower() else "mysql"
        wanted = MariaDbGrammar if self.server == "mariadb" else MySqlGrammar
        if type(self.grammar) is not wanted:
            self.grammar = wanted(self.table_prefix)

    async def detect_server(self) -> str:
        """Connect if needed and return the server's version string."""
        await self._pool(True)
        return self.server_version

    async def _close_pool(self, pool: Any) -> None:
        pool.close()
        await pool.wait_closed()

    def _classify(self, exc: Exception) -> str | None:
        if not isinstance(exc, pymysql.err.Error):
            return None
        code = exc.args[0] if exc.args and isinstance(exc.args[0], int) else None
        if code == 1062:
            return "unique"
        if code in _DEADLOCK_CODES:
            return "deadlock"
        return "query"

    def _is_lost_connection(self, exc: Exception) -> bool:
        """``server has gone away``, ``lost connection`` or a closed socket."""
        if isinstance(exc, ConnectionError):
            return True
        if isinstance(exc, pymysql.err.OperationalError | pymysql.err.InterfaceError):
            code = exc.args[0] if exc.args else None
            return code in (0, 2006, 2013, 2055)
        return False

    def _is_closed(self, handle: Any) -> bool:
        """aiomysql marks a dropped connection closed."""
        return bool(handle.closed)

    async def _fetch(self, handle: Any, sql: str, params: list[Any]) -> list[Any]:
        async with handle.cursor() as cur:
            await cur.execute(sql, params)
            return list(await cur.fetchall())

    async def _execute(self, handle: Any, sql: str, params: list[Any]) -> int:
        async with handle.cursor() as cur:
            return int(await cur.execute(sql, params))

    async def _execute_many(self, handle: Any, sql: str, rows: list[list[Any]]) -> int:
        async with handle.cursor() as cur:
            return int(await cur.executemany(sql, rows))

    async def _insert_id(self, handle: Any, sql: str, params: list[Any], key: str) -> Any:
        async with handle.cursor() as cur:
            await cur.execute(sql, params)
            return cur.lastrowid

    async def _raw(self, handle: Any, sql: str) -> None:
        async with handle.cursor() as cur:
            await cur.execute(sql)

    async def _begin(self, handle: Any) -> None:
        await self._raw(handle, "START TRANSACTION")

    def _discard(self, handle: Any) -> None:
        handle.close()
