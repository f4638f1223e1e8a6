"""LaraRust: Laravel's productivity, in Python, on a fast async core.

The umbrella only re-exports. Names load lazily (PEP 562 module ``__getattr__``), so
``import lararust`` stays cheap and ``from lararust import Route`` imports only the router.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from .__about__ import __version__ as __version__

if TYPE_CHECKING:
    from lararust_core import Application as Application
    from lararust_core import Container as Container
    from lararust_core import ServiceProvider as ServiceProvider
    from lararust_core import app as app
    from lararust_core import config as config
    from lararust_core import env as env
    from lararust_core.facades import Config as Config
    from lararust_core.facades import Crypt as Crypt
    from lararust_core.facades import Event as Event
    from lararust_core.facades import Hash as Hash
    from lararust_core.facades import Log as Log
    from lararust_http import JsonResponse as JsonResponse
    from lararust_http import RedirectResponse as RedirectResponse
    from lararust_http import Request as Request
    from lararust_http import Response as Response
    from lararust_http import abort as abort
    from lararust_http import redirect as redirect
    from lararust_http import request as request
    from lararust_orm import DB as DB
    from lararust_orm import Migration as Migration
    from lararust_orm import Model as Model
    from lararust_orm import Schema as Schema
    from lararust_router import Route as Route
    from lararust_router import asset as asset
    from lararust_router import route as route
    from lararust_router import url as url
    from lararust_support import Arr as Arr
    from lararust_support import Collection as Collection
    from lararust_support import HtmlString as HtmlString
    from lararust_support import Str as Str
    from lararust_support import collect as collect
    from lararust_support import now as now
    from lararust_view import Blade as Blade
    from lararust_view import View as View
    from lararust_view import view as view

# public name -> module that defines it
_EXPORTS: dict[str, str] = {
    "Application": "lararust_core",
    "Container": "lararust_core",
    "ServiceProvider": "lararust_core",
    "app": "lararust_core",
    "config": "lararust_core",
    "env": "lararust_core",
    "Config": "lararust_core.facades",
    "Crypt": "lararust_core.facades",
    "Event": "lararust_core.facades",
    "Hash": "lararust_core.facades",
    "Log": "lararust_core.facades",
    "Request": "lararust_http",
    "Response": "lararust_http",
    "JsonResponse": "lararust_http",
    "RedirectResponse": "lararust_http",
    "abort": "lararust_http",
    "redirect": "lararust_http",
    "request": "lararust_http",
    "Route": "lararust_router",
    "route": "lararust_router",
    "url": "lararust_router",
    "asset": "lararust_router",
    "Blade": "lararust_view",
    "View": "lararust_view",
    "view": "lararust_view",
    "DB": "lararust_orm",
    "Model": "lararust_orm",
    "Schema": "lararust_orm",
    "Migration": "lararust_orm",
    "Arr": "lararust_support",
    "Collection": "lararust_support",
    "HtmlString": "lararust_support",
    "Str": "lararust_support",
    "collect": "lararust_support",
    "now": "lararust_support",
}

__all__ = sorted([*_EXPORTS, "__version__"])


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'lararust' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later lookups skip __getattr__
    return value


def __dir__() -> list[str]:
    return __all__
