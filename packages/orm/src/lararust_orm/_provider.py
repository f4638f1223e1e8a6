"""``DatabaseServiceProvider``: binds ``"db"`` (the manager) and ``"db.schema"``.

It reads the application's ``database`` config (Laravel's ``config/database.py`` shape);
with none, the ``DB_*`` environment variables. Pools are closed when the app shuts down.
"""

from __future__ import annotations

from typing import Any

from lararust_contracts import DatabaseResolver
from lararust_core import ServiceProvider

from ._config import from_env
from ._facades import SchemaManager
from ._manager import DatabaseManager


class DatabaseServiceProvider(ServiceProvider):
    """Registers the database manager and the schema manager."""

    def register(self) -> None:
        """Bind ``db``, ``db.schema`` and the ``DatabaseResolver`` contract."""
        self.app.singleton("db", lambda app: _make_manager(app))
        self.app.alias("db", DatabaseManager)
        self.app.alias("db", DatabaseResolver)
        self.app.singleton("db.schema", lambda app: SchemaManager(app.make("db")))

    async def shutdown(self) -> None:
        """Close the pools this event loop opened."""
        if self.app.resolved("db"):
            await self.app.make("db").disconnect()


def _make_manager(app: Any) -> DatabaseManager:
    config = app.make("config").get("database")
    return DatabaseManager(config if config else from_env())
