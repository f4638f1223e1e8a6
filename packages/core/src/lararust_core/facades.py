"""Core's facades: ``Log``, ``Config``, ``Event``, ``Hash``, ``Crypt``.

Each resolves the service bound in the current application (``"log"``, ``"config"``,
``"events"``, ``"hash"``, ``"encrypter"``); with no application a standalone default serves a
plain script (``Crypt`` then reads ``APP_KEY`` from the environment). Typed with the idiom of
the support README so editors complete both the service's methods and ``fake()``/``swap()``.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, cast

from lararust_support import Facade

from ._config import Repository
from ._encryption import Encrypter, make_encrypter
from ._event_fake import EventFake
from ._events import Dispatcher
from ._hashing import HashManager
from ._logging import LogManager

if TYPE_CHECKING:
    from lararust_support import FacadeControls

    class _LogFacade(LogManager, FacadeControls[LogManager]): ...

    class _ConfigFacade(Repository, FacadeControls[Repository]): ...

    class _EventFacade(Dispatcher, FacadeControls[Dispatcher]):
        def fake(self, instance: Dispatcher | None = None) -> EventFake:  # type: ignore[override]
            """Record events instead of dispatching them; return the recorder."""
            ...

    class _HashFacade(HashManager, FacadeControls[HashManager]): ...

    class _CryptFacade(Encrypter, FacadeControls[Encrypter]): ...


def _standalone_crypt() -> Encrypter:
    return make_encrypter(Repository({"app": {"key": os.environ.get("APP_KEY")}}))


Log = cast("_LogFacade", Facade("log", default=LogManager))
Config = cast("_ConfigFacade", Facade("config", default=Repository))
Event = cast("_EventFacade", Facade("events", default=Dispatcher, fake=EventFake))
Hash = cast("_HashFacade", Facade("hash", default=HashManager))
Crypt = cast("_CryptFacade", Facade("encrypter", default=_standalone_crypt))

__all__ = ["Config", "Crypt", "Event", "Hash", "Log"]
