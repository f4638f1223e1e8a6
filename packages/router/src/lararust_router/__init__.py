"""Routes, groups, named routes, URL generation, controllers and resources."""

from .__about__ import __version__ as __version__
from ._controller import Controller as Controller
from ._controller import Middleware as Middleware
from ._errors import RouteCacheError as RouteCacheError
from ._errors import RouteConflictError as RouteConflictError
from ._errors import RouteDefinitionError as RouteDefinitionError
from ._errors import UrlGenerationError as UrlGenerationError
from ._facade import Route as Route
from ._group import RouteRegistrar as RouteRegistrar
from ._helpers import asset as asset
from ._helpers import route as route
from ._helpers import url as url
from ._provider import RouterServiceProvider as RouterServiceProvider
from ._resource import PendingResource as PendingResource
from ._route import Route as RouteDefinition
from ._router import Router as Router
from ._signature import InvalidSignature as InvalidSignature
from ._signature import ValidateSignature as ValidateSignature
from ._url import UrlGenerator as UrlGenerator

__all__ = [
    "Controller",
    "InvalidSignature",
    "Middleware",
    "PendingResource",
    "Route",
    "RouteCacheError",
    "RouteConflictError",
    "RouteDefinition",
    "RouteDefinitionError",
    "RouteRegistrar",
    "Router",
    "RouterServiceProvider",
    "UrlGenerationError",
    "UrlGenerator",
    "ValidateSignature",
    "__version__",
    "asset",
    "route",
    "url",
]
