"""The route cache: the route table as JSON, loaded at boot instead of the route files.

Rules: every handler is stored as ``module:qualname`` (imported on the route's first request),
so loading the cache imports no controller. Closures, lambdas and nested functions cannot be
imported back: caching refuses them, naming the route and where it was registered. Middleware
classes and functions are stored by reference and imported when the cache loads.
"""

from __future__ import annotations

import inspect
import json
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._action import Action, import_handler, reference
from ._errors import RouteCacheError
from ._group import GroupAttributes
from ._route import Route

if TYPE_CHECKING:
    from ._router import Router

VERSION = 1


def _describe(route: Route) -> str:
    name = f" [{route.route_name}]" if route.route_name else ""
    return f"route {'|'.join(route.methods)} {route.display_uri()}{name} ({route.location})"


def _middleware(items: list[Any], route: Route) -> list[Any]:
    out: list[Any] = []
    for item in items:
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, type) or inspect.isfunction(item):
            out.append({"ref": _ref(item, route, "middleware")})
        else:
            raise RouteCacheError(
                f"Cannot cache {_describe(route)}: middleware {item!r} is an instance; "
                "use its class or an alias"
            )
    return out


def _ref(obj: Any, route: Route, what: str) -> str:
    if isinstance(obj, _LazyCallable):
        return obj.ref
    try:
        return reference(obj)
    except RouteCacheError as exc:
        raise RouteCacheError(f"Cannot cache {_describe(route)}: its {what} {exc}") from None


def dump_route(route: Route) -> dict[str, Any]:
    """One route as JSON-ready data (raises RouteCacheError naming the route)."""
    if route.action is None:
        raise RouteCacheError(f"Cannot cache {_describe(route)}: it has no action")
    try:
        action = route.action.cache_data()
    except RouteCacheError as exc:
        raise RouteCacheError(
            f"Cannot cache {_describe(route)}: its handler {exc}; "
            "move it to a module-level function or a controller"
        ) from None
    data = {
        "methods": list(route.methods),
        "uri": route.uri,
        "name": route.route_name,
        "action": action,
        "middleware": _middleware(route.middleware_, route),
        "excluded": _middleware(route.excluded_middleware, route),
        "wheres": route.wheres,
        "defaults": route.defaults_,
        "domain": route.domain_,
        "missing": _ref(route.missing_, route, "missing() handler") if route.missing_ else None,
        "location": route.location,
        "fallback": route.is_fallback,
        "scope_bindings": route.scope_bindings_,
    }
    try:
        json.dumps(data)
    except TypeError as exc:
        raise RouteCacheError(f"Cannot cache {_describe(route)}: {exc}") from None
    return data


def dump(router: Router) -> dict[str, Any]:
    """The whole table as JSON-ready data."""
    routes = [*router.routes, *reversed(router.fallbacks())]
    return {
        "version": VERSION,
        "patterns": dict(router._patterns),
        "routes": [dump_route(route) for route in routes],
    }


def write(router: Router, path: Path) -> Path:
    """Write the cache atomically (a crash mid-write never leaves a broken cache)."""
    data = json.dumps(dump(router), indent=1, sort_keys=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".routes-", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def _load_middleware(items: list[Any]) -> list[Any]:
    return [import_handler(i["ref"]) if isinstance(i, dict) else i for i in items]


def load(router: Router, path: Path) -> None:
    """Register the cached routes into ``router`` (no handler module is imported)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise RouteCacheError(
            f"The route cache {path} is unreadable ({exc}); run `lararust route:clear`"
        ) from exc
    if not isinstance(data, dict) or data.get("version") != VERSION:
        raise RouteCacheError(
            f"The route cache {path} is from another version; run `lararust route:cache`"
        )
    router.patterns(data.get("patterns") or {})
    for item in data["routes"]:
        action = Action.from_cache(item["action"])
        # The stored attributes act as the route's group, so it is indexed once, as it was.
        attributes = GroupAttributes(
            middleware=tuple(_load_middleware(item["middleware"])),
            without=tuple(_load_middleware(item["excluded"])),
            domain=item["domain"],
            wheres=dict(item["wheres"]),
            # A fallback's URI is its group's prefix (the paths it answers for).
            prefix=item["uri"] if item.get("fallback") else "",
            scope_bindings=item.get("scope_bindings"),
        )
        with router.using_group(attributes, replace=True):
            if item.get("fallback"):
                route = router.fallback(action)
                route.location = item["location"]
            else:
                route = router.add_route(item["methods"], item["uri"], action, item["location"])
        route.defaults_ = dict(item["defaults"])
        if item.get("missing"):
            route.missing_ = _LazyCallable(item["missing"])
        if item["name"]:
            router._name_route(route, item["name"])


class _LazyCallable:
    """A ``module:qualname`` callable imported on first call."""

    __slots__ = ("_fn", "ref")

    def __init__(self, ref: str) -> None:
        self.ref = ref
        self._fn: Any = None

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if self._fn is None:
            self._fn = import_handler(self.ref)
        return self._fn(*args, **kwargs)
