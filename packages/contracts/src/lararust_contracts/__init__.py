"""Protocols, type aliases and exception bases every LaraRust component codes against.

This distribution has no runtime dependencies. Components meet here, never through each
other's internals.
"""

from .__about__ import __version__ as __version__
from ._asgi import ASGIApp as ASGIApp
from ._asgi import Message as Message
from ._asgi import Receive as Receive
from ._asgi import Scope as Scope
from ._asgi import Send as Send
from ._command import BootLevel as BootLevel
from ._command import Command as Command
from ._container import Application as Application
from ._container import Container as Container
from ._container import ServiceProvider as ServiceProvider
from ._exceptions import BindingResolutionError as BindingResolutionError
from ._exceptions import DecryptError as DecryptError
from ._exceptions import HttpException as HttpException
from ._exceptions import LaraRustError as LaraRustError
from ._exceptions import MethodNotAllowed as MethodNotAllowed
from ._exceptions import NotFound as NotFound
from ._routing import Dispatcher as Dispatcher
from ._routing import UrlGenerator as UrlGenerator
from ._routing import UrlRoutable as UrlRoutable
from ._services import Authenticatable as Authenticatable
from ._services import CacheStore as CacheStore
from ._services import ConfigRepository as ConfigRepository
from ._services import DatabaseResolver as DatabaseResolver
from ._services import Encrypter as Encrypter
from ._services import EventDispatcher as EventDispatcher
from ._services import Hasher as Hasher
from ._services import Logger as Logger
from ._services import PageResolver as PageResolver
from ._services import Queue as Queue
from ._services import SessionStore as SessionStore
from ._services import View as View
from ._services import ViewFactory as ViewFactory
from ._support import Arrayable as Arrayable
from ._support import Htmlable as Htmlable
from ._support import Jsonable as Jsonable
from ._support import Renderable as Renderable
from ._support import Responsable as Responsable

__all__ = [
    "ASGIApp",
    "Application",
    "Arrayable",
    "Authenticatable",
    "BindingResolutionError",
    "BootLevel",
    "CacheStore",
    "Command",
    "ConfigRepository",
    "Container",
    "DatabaseResolver",
    "DecryptError",
    "Dispatcher",
    "Encrypter",
    "EventDispatcher",
    "Hasher",
    "Htmlable",
    "HttpException",
    "Jsonable",
    "LaraRustError",
    "Logger",
    "Message",
    "MethodNotAllowed",
    "NotFound",
    "PageResolver",
    "Queue",
    "Receive",
    "Renderable",
    "Responsable",
    "Scope",
    "Send",
    "ServiceProvider",
    "SessionStore",
    "UrlGenerator",
    "UrlRoutable",
    "View",
    "ViewFactory",
    "__version__",
]
