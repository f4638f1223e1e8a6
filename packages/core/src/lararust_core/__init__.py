"""Service container, providers, configuration, events, logging, hashing and encryption."""

from . import facades as facades
from .__about__ import __version__ as __version__
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
