"""Routes, groups, named routes, URL generation, controllers and resources."""

from __future__ import annotations

from typing import TYPE_CHECKING

from lararust_support import lazy_exports as _lazy_exports

from .__about__ import __version__ as __version__

if TYPE_CHECKING:
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
    from ._singleton import PendingSingletonResource as PendingSingletonResource
    from ._url import UrlGenerator as UrlGenerator

__all__ = [
    "Controller",
    "InvalidSignature",
    "Middleware",
    "PendingResource",
    "PendingSingletonResource",
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

# Public name -> (module, attribute; None for a submodule). Imported on first use (PEP 562)
# so `import lararust_router` stays cheap: a command pays only for the names it touches.
_LAZY: dict[str, tuple[str, str | None]] = {
    "Controller": ("._controller", "Controller"),
    "Middleware": ("._controller", "Middleware"),
    "RouteCacheError": ("._errors", "RouteCacheError"),
    "RouteConflictError": ("._errors", "RouteConflictError"),
    "RouteDefinitionError": ("._errors", "RouteDefinitionError"),
    "UrlGenerationError": ("._errors", "UrlGenerationError"),
    "Route": ("._facade", "Route"),
    "RouteRegistrar": ("._group", "RouteRegistrar"),
    "asset": ("._helpers", "asset"),
    "route": ("._helpers", "route"),
    "url": ("._helpers", "url"),
    "RouterServiceProvider": ("._provider", "RouterServiceProvider"),
    "PendingResource": ("._resource", "PendingResource"),
    "PendingSingletonResource": ("._singleton", "PendingSingletonResource"),
    "RouteDefinition": ("._route", "Route"),
    "Router": ("._router", "Router"),
    "InvalidSignature": ("._signature", "InvalidSignature"),
    "ValidateSignature": ("._signature", "ValidateSignature"),
    "UrlGenerator": ("._url", "UrlGenerator"),
}


if not TYPE_CHECKING:  # mypy reads the exact types from the imports above
    __getattr__, __dir__ = _lazy_exports(__name__, _LAZY, __all__)
