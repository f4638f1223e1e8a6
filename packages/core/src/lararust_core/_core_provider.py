"""Core's own provider: events, logging, hashing, encryption, facades and the timezone."""

from __future__ import annotations

from lararust_support import set_default_timezone, set_facade_resolver

from ._current import facade_resolver
from ._provider import ServiceProvider


class CoreServiceProvider(ServiceProvider):
    """Binds core's services and points support's facades at the current application."""

    def register(self) -> None:
        """Bind core's services (all lazily built singletons)."""
        set_facade_resolver(facade_resolver)

    def boot(self) -> None:
        """Apply ``app.timezone`` to ``now()``/``today()``."""
        timezone = self.app.make("config").get("app.timezone")
        if timezone:
            set_default_timezone(str(timezone))
