"""The database manager behind the ``DB`` facade: named connections made on first use.

Rules: configuration comes from ``DB.configure(url_or_dict)`` (scripts), the application's
``database`` config (the service provider), or ``DB_*`` environment variables, in that order.
Methods not defined here are the default connection's (``DB.select``, ``DB.table``…).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeVar, overload

from ._config import from_env, normalize
from ._connection import Bindings, Connection, QueryExecuted
from ._errors import ConfigurationError
from ._expression import Expression

if TYPE_CHECKING:
    from ._builder import Builder
    from ._transaction import Callback, Pinned, Transaction

T = TypeVar("T")


def _driver_class(driver: str) -> type[Connection]:
    if driver == "sqlite":
        from ._sqlite import SQLiteConnection

        return SQLiteConnection
    if driver == "pgsql":
        from ._postgres import PostgresConnection

        return PostgresConnection
    from ._mysql import MySqlConnection

    return MySqlConnection


class DatabaseManager:
    """Gives named connections (implements contracts ``DatabaseResolver``)."""

    def __init__(self, config: str | Mapping[str, Any] | None = None) -> None:
        self._config: dict[str, Any] | None = None
        self._connections: dict[str, Connection] = {}
        self._listeners: list[Callable[[QueryExecuted], Any]] = []
        self._logging = False
        if config is not None:
            self.configure(config)

    def configure(self, config: str | Mapping[str, Any]) -> DatabaseManager:
        """Set the configuration: a URL (one connection named ``default``) or a full dict.

        Pools open lazily on first use; connections made earlier are forgotten.
        """
        self._config = normalize(config if isinstance(config, str) else dict(config))
        self._connections = {}
        return self

    @property
    def config(self) -> dict[str, Any]:
        """The normalised configuration."""
        if self._config is None:
            self._config = from_env()
        return self._config

    def get_default_connection(self) -> str:
        """The name of the default connection."""
        return str(self.config["default"])

    def connection(self, name: str | None = None) -> Connection:
        """Return the connection called ``name`` (the default when None)."""
        if not name:  # every model read asks for the default: skip the property call
            name = (self._config or self.config)["default"]
        conn = self._connections.get(name)
        if conn is not None:
            return conn
        return self._make_connection(name)

    def _make_connection(self, name: str) -> Connection:
        settings = self.config["connections"].get(name)
        if settings is None:
            known = ", ".join(sorted(self.config["connections"])) or "none"
            raise ConfigurationError(
                f"database connection {name!r} is not configured (configured: {known})"
            )
        conn = _driver_class(settings["driver"])(name, settings)
        if self._logging:
            conn.enable_query_log()
        for listener in self._listeners:
            conn.listen(listener)
        self._connections[name] = conn
        return conn

    def migrations_table(self) -> str:
        """The migrations table name (``database.migrations.table``)."""
        migrations = self.config.get("migrations") or {}
        if isinstance(migrations, str):
            return migrations
        return str(migrations.get("table", "migrations"))

    async def disconnect(self, name: str | None = None) -> None:
        """Close the pools of one connection, or of all, for the running event loop."""
        targets = [self._connections[name]] if name in self._connections else []
        if name is None:
            targets = list(self._connections.values())
        for conn in targets:
            await conn.disconnect()

    # -- the default connection's API -------------------------------------------------------

    def table(self, name: str | Expression, alias: str | None = None) -> Builder:
        """Begin a query on ``name`` (default connection)."""
        return self.connection().table(name, alias)

    def query(self) -> Builder:
        """Begin a query with no table."""
        return self.connection().query()

    def raw(self, sql: str, bindings: Sequence[Any] = ()) -> Expression:
        """Raw SQL to embed in a query (trusted text only)."""
        return Expression(sql, bindings)

    async def select(self, sql: str, bindings: Bindings = None) -> list[Any]:
        """Run a SELECT with ``?`` (list) or ``:name`` (dict) bindings; return rows."""
        return await self.connection().select(sql, bindings)

    async def select_one(self, sql: str, bindings: Bindings = None) -> Any:
        """Run a SELECT; return the first row or None."""
        return await self.connection().select_one(sql, bindings)

    async def scalar(self, sql: str, bindings: Bindings = None) -> Any:
        """Run a SELECT; return the first column of the first row."""
        return await self.connection().scalar(sql, bindings)

    async def insert(self, sql: str, bindings: Bindings = None) -> bool:
        """Run an INSERT; return True."""
        return await self.connection().insert(sql, bindings)

    async def update(self, sql: str, bindings: Bindings = None) -> int:
        """Run an UPDATE; return rows matched."""
        return await self.connection().update(sql, bindings)

    async def delete(self, sql: str, bindings: Bindings = None) -> int:
        """Run a DELETE; return rows deleted."""
        return await self.connection().delete(sql, bindings)

    async def statement(self, sql: str, bindings: Bindings = None) -> bool:
        """Run any statement; return True."""
        return await self.connection().statement(sql, bindings)

    async def affecting_statement(self, sql: str, bindings: Bindings = None) -> int:
        """Run a statement; return rows affected."""
        return await self.connection().affecting_statement(sql, bindings)

    @overload
    def transaction(self, fn: None = None, attempts: int = 1) -> Transaction: ...
    @overload
    def transaction(self, fn: Callable[[], Awaitable[T]], attempts: int = 1) -> Awaitable[T]: ...
    def transaction(
        self, fn: Callable[[], Awaitable[T]] | None = None, attempts: int = 1
    ) -> Transaction | Awaitable[T]:
        """``async with DB.transaction():`` or ``await DB.transaction(fn, attempts=3)``."""
        return self.connection().transaction(fn, attempts)

    def pinned(self, lazy: bool = False, connection: str | None = None) -> Pinned:
        """``async with DB.pinned():`` one pooled connection for the block (default connection).

        ``lazy=True`` checks it out at the block's first statement (what
        :class:`ConnectionPerRequest` uses).
        """
        return self.connection(connection).pinned(lazy)

    def transaction_level(self) -> int:
        """How deep the current task is in transactions on the default connection."""
        return self.connection().transaction_level()

    async def after_commit(self, callback: Callback) -> None:
        """Run ``callback`` after the current transaction commits (at once outside one)."""
        await self.connection().after_commit(callback)

    def enable_query_log(self) -> None:
        """Record statements on every connection."""
        self._logging = True
        for conn in self._connections.values():
            conn.enable_query_log()

    def disable_query_log(self) -> None:
        """Stop recording statements."""
        self._logging = False
        for conn in self._connections.values():
            conn.disable_query_log()

    def get_query_log(self) -> list[dict[str, Any]]:
        """The default connection's recorded statements."""
        return self.connection().get_query_log()

    def flush_query_log(self) -> None:
        """Forget recorded statements on every connection."""
        for conn in self._connections.values():
            conn.flush_query_log()

    def listen(self, callback: Callable[[QueryExecuted], Any]) -> None:
        """Call ``callback(QueryExecuted)`` after every statement on every connection."""
        self._listeners.append(callback)
        for conn in self._connections.values():
            conn.listen(callback)
