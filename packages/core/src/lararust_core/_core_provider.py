"""Core's own provider: events, logging, hashing, encryption, facades and the timezone."""

from __future__ import annotations

from lararust_contracts import Encrypter as EncrypterContract
from lararust_contracts import EventDispatcher, Hasher, Logger
from lararust_support import set_default_timezone, set_facade_resolver

from ._current import facade_resolver
from ._encryption import Encrypter, make_encrypter
from ._events import Dispatcher
from ._hashing import HashManager
from ._logging import LogManager
from ._provider import ServiceProvider


class CoreServiceProvider(ServiceProvider):
    """Binds ``events``, ``log``, ``hash``, ``encrypter``; points facades at the current app."""

    def register(self) -> None:
        """Bind core's services as lazily built singletons, under names and contracts."""
        app = self.app
        app.singleton("events", lambda app: Dispatcher(app))
        app.singleton(
            "log",
            lambda app: LogManager(
                app.make("config").get("logging"), app.base_path, app, app.environment
            ),
        )
        app.singleton("hash", lambda app: HashManager(app.make("config").get("hashing")))
        app.singleton("encrypter", lambda app: make_encrypter(app.make("config")))
        for key, aliases in {
            "events": (Dispatcher, EventDispatcher),
            "log": (LogManager, Logger),
            "hash": (HashManager, Hasher),
            "encrypter": (Encrypter, EncrypterContract),
        }.items():
            for alias in aliases:
                app.alias(key, alias)
        set_facade_resolver(facade_resolver)

    def boot(self) -> None:
        """Apply ``app.timezone`` to support's ``now()``/``today()``."""
        timezone = self.app.make("config").get("app.timezone")
        if timezone:
            set_default_timezone(str(timezone))

    def shutdown(self) -> None:
        """Close log files."""
        if self.app.resolved("log"):
            self.app.make(LogManager).close()
