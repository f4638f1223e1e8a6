"""``DatabaseServiceProvider``: binds ``"db"`` (the manager) and ``"db.schema"``.

It reads the application's ``database`` config (Laravel's ``config/database.py`` shape);
with none, the ``DB_*`` environment variables. Pools are closed when the app shuts down.
With an ``"events"`` dispatcher bound, every statement is also dispatched to it as a
:class:`QueryExecuted` event while anything listens for that class.
"""

from __future__ import annotations

import asyncio
from typing import Any

from lararust_contracts import DatabaseResolver
from lararust_core import ServiceProvider

from ._config import from_env
from ._connection import QueryExecuted
from ._facades import SchemaManager
from ._manager import DatabaseManager
from ._middleware import ConnectionPerRequest


class DatabaseServiceProvider(ServiceProvider):
    """Registers the database manager and the schema manager."""

    def register(self) -> None:
        """Bind ``db``, ``db.schema`` and the ``DatabaseResolver`` contract."""
        self.app.singleton("db", lambda app: _make_manager(app))
        self.app.alias("db", DatabaseManager)
        self.app.alias("db", DatabaseResolver)
        self.app.singleton("db.schema", lambda app: SchemaManager(app.make("db")))
        # ``database.connection_per_request``: the http kernel runs these callbacks when it is
        # built (after every provider registered), so config is read then, not now.
        if self.app.bound("app.middleware_callbacks"):
            self.app.make("app.middleware_callbacks").append(self._connection_per_request)

    def _connection_per_request(self, middleware: Any) -> None:
        """Prepend :class:`ConnectionPerRequest` when ``database.connection_per_request``."""
        config = self.app.make("config") if self.app.bound("config") else None
        if config is not None and config.get("database.connection_per_request", False):
            middleware.prepend(ConnectionPerRequest)

    async def shutdown(self) -> None:
        """Close the pools this event loop opened."""
        if self.app.resolved("db"):
            await self.app.make("db").disconnect()


def _make_manager(app: Any) -> DatabaseManager:
    config = app.make("config").get("database")
    manager = DatabaseManager(config if config else from_env())
    if app.bound("events"):
        manager.listen(_Forward(app.make("events")))
    return manager


class _Forward:
    """Hands each ``QueryExecuted`` to the application's event dispatcher (Laravel's
    ``Event::listen(QueryExecuted::class, ...)``), only while something listens for it.

    Statements run in sync code paths of the connection, so listeners are called
    synchronously (``dispatch_sync``), as ``DB.listen`` callbacks are; a dispatcher without
    it gets the event as a task on the running loop.
    """

    def __init__(self, events: Any) -> None:
        self.events = events
        self._tasks: set[Any] = set()

    def is_listening(self) -> bool:
        """Whether the dispatcher has a ``QueryExecuted`` listener (asked per statement)."""
        return bool(self.events.has_listeners(QueryExecuted))

    def __call__(self, event: QueryExecuted) -> None:
        if not self.events.has_listeners(QueryExecuted):
            return
        dispatch_sync = getattr(self.events, "dispatch_sync", None)
        if callable(dispatch_sync):
            dispatch_sync(event)
            return
        task = asyncio.get_running_loop().create_task(self.events.dispatch(event))
        self._tasks.add(task)  # a strong reference until it finishes
        task.add_done_callback(self._tasks.discard)
