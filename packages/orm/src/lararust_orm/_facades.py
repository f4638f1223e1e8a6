"""The ``DB`` and ``Schema`` facades.

Inside an application they resolve ``"db"``/``"db.schema"`` from the container (bound by
:class:`DatabaseServiceProvider`); in a plain script they fall back to one standalone
:class:`DatabaseManager`, so ``DB.configure("sqlite:///app.db")`` is all the setup needed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from lararust_support import Facade

from ._manager import DatabaseManager
from ._schema import SchemaBuilder


class SchemaManager:
    """What ``Schema`` stands for: the default connection's schema builder, or a named one."""

    def __init__(self, manager: DatabaseManager | None = None) -> None:
        self._manager = manager

    def _db(self) -> Any:
        return self._manager if self._manager is not None else DB

    def connection(self, name: str | None = None) -> SchemaBuilder:
        """The schema builder of connection ``name``."""
        return SchemaBuilder(self._db().connection(name))

    def __getattr__(self, name: str) -> Any:
        return getattr(self.connection(), name)


if TYPE_CHECKING:

    class _FacadeControls:
        def swap(self, obj: Any) -> None: ...
        def fake(self, obj: Any = None) -> Any: ...
        def clear(self) -> None: ...

    class _DBFacade(DatabaseManager, _FacadeControls):
        def resolve(self) -> DatabaseManager: ...

    class _SchemaFacade(SchemaBuilder, _FacadeControls):
        def connection(self, name: str | None = None) -> SchemaBuilder: ...  # type: ignore[override]
        def resolve(self) -> SchemaManager: ...


DB = cast("_DBFacade", Facade("db", DatabaseManager))
Schema = cast("_SchemaFacade", Facade("db.schema", SchemaManager))
