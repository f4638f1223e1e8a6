"""Service container, providers, configuration, events, logging, hashing and encryption.

PYTEST_DONT_REWRITE (the package ships a pytest plugin; rewriting would add names here)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lararust_support import lazy_exports as _lazy_exports

from .__about__ import __version__ as __version__

if TYPE_CHECKING:
    from . import facades as facades
    from ._application import Application as Application
    from ._builder import ApplicationBuilder as ApplicationBuilder
    from ._config import ConfigError as ConfigError
    from ._config import Repository as Repository
    from ._container import Container as Container
    from ._container import ScopedServiceCaptured as ScopedServiceCaptured
    from ._core_provider import CoreServiceProvider as CoreServiceProvider
    from ._current import app as app
    from ._current import config as config
    from ._discovery import ProviderError as ProviderError
    from ._encryption import Encrypter as Encrypter
    from ._encryption import MissingAppKeyError as MissingAppKeyError
    from ._encryption import generate_key as generate_key
    from ._env import EnvError as EnvError
    from ._env import EnvFileError as EnvFileError
    from ._env import env as env
    from ._env import load_env as load_env
    from ._event_fake import EventFake as EventFake
    from ._events import Dispatcher as EventDispatcher
    from ._hashing import Argon2idHasher as Argon2idHasher
    from ._hashing import BcryptHasher as BcryptHasher
    from ._hashing import HashManager as HashManager
    from ._logging import LogManager as LogManager
    from ._provider import ServiceProvider as ServiceProvider
    from ._scope import Scope as Scope

__all__ = [
    "Application",
    "ApplicationBuilder",
    "Argon2idHasher",
    "BcryptHasher",
    "ConfigError",
    "Container",
    "CoreServiceProvider",
    "Encrypter",
    "EnvError",
    "EnvFileError",
    "EventDispatcher",
    "EventFake",
    "HashManager",
    "LogManager",
    "MissingAppKeyError",
    "ProviderError",
    "Repository",
    "Scope",
    "ScopedServiceCaptured",
    "ServiceProvider",
    "__version__",
    "app",
    "config",
    "env",
    "facades",
    "generate_key",
    "load_env",
]

# Public name -> (module, attribute; None for a submodule). Imported on first use (PEP 562)
# so `import lararust_core` stays cheap: a command pays only for the names it touches.
_LAZY: dict[str, tuple[str, str | None]] = {
    "facades": (".facades", None),
    "Application": ("._application", "Application"),
    "ApplicationBuilder": ("._builder", "ApplicationBuilder"),
    "ConfigError": ("._config", "ConfigError"),
    "Repository": ("._config", "Repository"),
    "Container": ("._container", "Container"),
    "ScopedServiceCaptured": ("._container", "ScopedServiceCaptured"),
    "CoreServiceProvider": ("._core_provider", "CoreServiceProvider"),
    "app": ("._current", "app"),
    "config": ("._current", "config"),
    "ProviderError": ("._discovery", "ProviderError"),
    "Encrypter": ("._encryption", "Encrypter"),
    "MissingAppKeyError": ("._encryption", "MissingAppKeyError"),
    "generate_key": ("._encryption", "generate_key"),
    "EnvError": ("._env", "EnvError"),
    "EnvFileError": ("._env", "EnvFileError"),
    "env": ("._env", "env"),
    "load_env": ("._env", "load_env"),
    "EventFake": ("._event_fake", "EventFake"),
    "EventDispatcher": ("._events", "Dispatcher"),
    "Argon2idHasher": ("._hashing", "Argon2idHasher"),
    "BcryptHasher": ("._hashing", "BcryptHasher"),
    "HashManager": ("._hashing", "HashManager"),
    "LogManager": ("._logging", "LogManager"),
    "ServiceProvider": ("._provider", "ServiceProvider"),
    "Scope": ("._scope", "Scope"),
}


if not TYPE_CHECKING:  # mypy reads the exact types from the imports above
    __getattr__, __dir__ = _lazy_exports(__name__, _LAZY, __all__)
