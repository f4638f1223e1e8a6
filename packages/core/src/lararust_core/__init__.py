"""Service container, providers, configuration, events, logging, hashing and encryption."""

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
from ._env import EnvError as EnvError
from ._env import EnvFileError as EnvFileError
from ._env import env as env
from ._env import load_env as load_env
from ._provider import ServiceProvider as ServiceProvider
from ._scope import Scope as Scope

__all__ = [
    "Application",
    "ApplicationBuilder",
    "ConfigError",
    "Container",
    "CoreServiceProvider",
    "EnvError",
    "EnvFileError",
    "ProviderError",
    "Repository",
    "Scope",
    "ScopedServiceCaptured",
    "ServiceProvider",
    "__version__",
    "app",
    "config",
    "env",
    "load_env",
]
