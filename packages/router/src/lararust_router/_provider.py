"""``RouterServiceProvider``: binds the router, loads the route files (or the cache) at boot.

Rules: routes are registered by the application, never on import. ``app.routing`` (from
``Application.configure(...).with_routing(web=..., api=...)``) names route files (paths,
relative to the base path) or modules: ``web`` routes get the ``web`` middleware group, ``api``
routes the ``api`` group under the ``api`` prefix. When ``bootstrap/cache/routes.json`` exists
it is loaded instead, importing no route file. ``route``, ``url`` and ``asset`` are shared
with the view factory, when one is bound, so templates call them.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from lararust_contracts import Dispatcher
from lararust_contracts import UrlGenerator as UrlGeneratorContract
from lararust_core import ServiceProvider

from . import _cache
from ._errors import RouteDefinitionError
from ._facade import routing_to
from ._group import load_routes_file
from ._helpers import asset, route, url
from ._router import Router
from ._url import UrlGenerator


def cache_path(app: Any) -> Path:
    """Where the route cache lives (``bootstrap/cache/routes.json``)."""
    return Path(app.base_path) / "bootstrap" / "cache" / "routes.json"


class RouterServiceProvider(ServiceProvider):
    """Binds "router" (Dispatcher) and "url" (UrlGenerator); loads routes at boot."""

    def register(self) -> None:
        """Bind the router and its URL generator as singletons."""
        app = self.app
        app.singleton("router", lambda: Router(app))
        app.alias("router", Router)
        app.alias("router", Dispatcher)
        app.singleton("url", lambda: app.make("router").url)
        app.alias("url", UrlGenerator)
        app.alias("url", UrlGeneratorContract)

    def boot(self) -> None:
        """Load the routes (cache or files), compile them, share helpers with views."""
        router: Router = self.app.make("router")
        self.load_routes(router)
        router.compile()
        if self.app.bound("view"):
            self.app.make("view").share({"route": route, "url": url, "asset": asset})

    def _config(self, key: str, default: Any = None) -> Any:
        if not self.app.bound("config"):
            return default
        return self.app.make("config").get(key, default)

    def load_routes(self, router: Router, use_cache: bool = True) -> None:
        """Register the application's routes into ``router``."""
        cache = cache_path(self.app)
        if use_cache and cache.is_file():
            _cache.load(router, cache)
            return
        routing = self._config("app.routing") or {}
        if not isinstance(routing, Mapping):
            raise RouteDefinitionError(f"config app.routing must be a mapping, got {routing!r}")
        base = Path(self.app.base_path)
        if str(base) not in sys.path:
            # Route files import the app's controllers ("app.http.controllers...") from here.
            sys.path.insert(0, str(base))
        api_prefix = str(routing.get("api_prefix", "api") or "")
        with routing_to(router):
            for target in _targets(routing.get("web")):
                with router.middleware("web").group():
                    _load(target, base)
            for target in _targets(routing.get("api")):
                with router.prefix(api_prefix).middleware("api").group():
                    _load(target, base)


def _targets(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _load(target: Any, base: Path) -> None:
    if callable(target):
        target()
        return
    text = str(target)
    if isinstance(target, Path) or text.endswith(".py") or "/" in text or "\\" in text:
        path = Path(text)
        load_routes_file(path if path.is_absolute() else base / path, base)
        return
    spec = importlib.util.find_spec(text)
    if spec is None or spec.origin is None:
        raise RouteDefinitionError(f"Route module [{text}] (config app.routing) not found")
    load_routes_file(Path(spec.origin), base, module_name=text)
