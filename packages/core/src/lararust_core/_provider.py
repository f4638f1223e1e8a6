"""The ``ServiceProvider`` base class (implements ``lararust_contracts.ServiceProvider``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from ._application import Application


class ServiceProvider:
    """Registers a component's services into the app (``register``), then boots them (``boot``).

    ``register`` only binds (other providers may not be registered yet); ``boot`` runs after
    every provider registered, may be ``async`` and gets its parameters injected. A provider with
    a non-empty ``provides`` list is deferred: it registers the first time one of those keys is
    resolved. ``bindings`` / ``singletons`` are registered for you (Laravel's ``$bindings``).
    An optional ``shutdown()`` (sync or async) runs when the application shuts down.
    """

    provides: list[Any] = []
    bindings: ClassVar[Mapping[Any, Any]] = {}
    singletons: ClassVar[Mapping[Any, Any]] = {}

    def __init__(self, app: Application) -> None:
        self.app = app

    def register(self) -> None:
        """Bind services into the container."""

    def boot(self) -> Any:
        """Use services after every provider registered (may be ``async def``)."""
        return None

    def is_deferred(self) -> bool:
        """Whether the provider waits until one of ``provides`` is asked for."""
        return bool(self.provides)

    def merge_config(self, key: str, defaults: Mapping[str, Any]) -> None:
        """Give config ``key`` the package's ``defaults`` under what the app already set."""
        config = self.app.make("config")
        current = config.get(key, {})
        config.set(key, {**defaults, **(current if isinstance(current, Mapping) else {})})
