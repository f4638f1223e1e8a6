"""Route middleware: resolving names (``"auth"``, ``"throttle:60,1"``, groups) and chaining them.

Rules: a name resolves through the router's own aliases and groups and the built-ins
(``signed``); ``package.module:Class`` is imported. With an http kernel bound, every other name
goes to the kernel, which compiles the route's chain (its aliases, groups, priority order and
exception handling); a standalone router chains the middleware itself. Unknown names fail on
the route's first request naming the route and where it was registered. Each middleware is
built once per route (through the container, so its ``__init__`` gets dependencies) and must
keep no per-request state, as in Starlette. A middleware is
``async def handle(request, next, *params)``; ``next`` returns a response.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from ._action import import_string
from ._errors import RouteDefinitionError

if TYPE_CHECKING:
    from ._route import Route
    from ._router import Router

Handler = Callable[[Any], Awaitable[Any]]


def split_name(item: str) -> tuple[str, list[str]]:
    """``"throttle:60,1"`` -> ``("throttle", ["60", "1"])``."""
    name, _, params = item.partition(":")
    return name, params.split(",") if params else []


def _kernel(router: Router) -> Any:
    container = router.container
    if container is None:
        return None
    if not container.bound("http.kernel"):
        return None
    kernel = container.make("http.kernel")
    return kernel if hasattr(kernel, "resolve_middleware") else None


def expand(
    router: Router, route: Route, items: list[Any], depth: int = 0
) -> list[tuple[Any, list[str]]]:
    """Turn middleware entries into (class-or-instance, parameters), expanding groups
    (a router without http kernel)."""
    if depth > 10:
        raise RouteDefinitionError(f"Middleware groups nest too deeply ({route.location})")
    out: list[tuple[Any, list[str]]] = []
    for item in items:
        if not isinstance(item, str):
            out.append((item, []))
            continue
        if ":" in item and "." in item.split(":", 1)[0]:
            out.append((import_string(item), []))  # "package.module:Class"
            continue
        name, params = split_name(item)
        group = router.middleware_groups.get(name)
        if group is not None:
            out.extend(expand(router, route, list(group), depth + 1))
            continue
        target = router.middleware_aliases.get(name)
        if target is None:
            target = _builtin(router, name)
        if target is None:
            raise RouteDefinitionError(
                f"Middleware [{name}] of route {route.display_uri()} ({route.location}) is not "
                "defined: alias it (Route.alias_middleware or the kernel's aliases)"
            )
        if isinstance(target, str):
            target = import_string(target)
        out.append((target, params))
    return out


def _builtin(router: Router, name: str) -> Any:
    if name == "signed":
        from ._signature import ValidateSignature

        return ValidateSignature(router.url)
    if name in ("web", "api"):
        return _NOOP_GROUP  # Laravel's groups exist even when nothing fills them
    return None


class _NoOp:
    async def handle(self, request: Any, next: Handler) -> Any:
        return await next(request)


_NOOP_GROUP = _NoOp()


async def _instantiate(router: Router, target: Any) -> Any:
    if not inspect.isclass(target):
        return target
    container = router.container
    if container is None:
        return target()
    amake = getattr(container, "amake", None)
    return await amake(target) if amake is not None else container.make(target)


class _Bound:
    """A middleware instance with its route parameters (``throttle:60,1``) bound in."""

    __slots__ = ("handle_", "params")

    def __init__(self, instance: Any, params: tuple[str, ...]) -> None:
        self.handle_ = getattr(instance, "handle", instance)
        self.params = params

    async def handle(self, request: Any, next: Handler) -> Any:
        """Call the wrapped middleware with its parameters."""
        return await self.handle_(request, next, *self.params)


async def _for_kernel(router: Router, route: Route, items: list[Any], depth: int = 0) -> list[Any]:
    """Resolve what only the router knows (its aliases, groups, ``signed``); leave the rest
    (the kernel's aliases and groups) as names for the kernel to resolve."""
    if depth > 10:
        raise RouteDefinitionError(f"Middleware groups nest too deeply ({route.location})")
    refs: list[Any] = []
    for item in items:
        if not isinstance(item, str):
            if not inspect.isclass(item) and not hasattr(item, "handle") and callable(item):
                item = _Bound(item, ())  # a plain ``async def mw(request, next)`` function
            refs.append(item)
            continue
        if ":" in item and "." in item.split(":", 1)[0]:
            refs.append(import_string(item))
            continue
        name, params = split_name(item)
        group = router.middleware_groups.get(name)
        if group is not None:
            refs.extend(await _for_kernel(router, route, list(group), depth + 1))
            continue
        target = router.middleware_aliases.get(name)
        if target is None and name == "signed":
            target = _builtin(router, name)
        if target is None:
            refs.append(item)
            continue
        if isinstance(target, str):
            target = import_string(target)
        refs.append(_Bound(await _instantiate(router, target), tuple(params)) if params else target)
    return refs


async def build_pipeline(
    router: Router, route: Route, items: list[Any], handler: Handler
) -> Handler:
    """The route's middleware around ``handler`` (which is made to return a response).

    With an http kernel bound, the kernel compiles the chain (its aliases, groups, priority
    order and exception handling apply); a standalone router chains the middleware itself.
    """
    kernel = _kernel(router)
    if kernel is not None and callable(getattr(kernel, "compile", None)):
        try:
            refs = await _for_kernel(router, route, items)
            if route.excluded_middleware:
                refs = await _without_excluded(router, route, kernel, refs)
            resolved = kernel.resolve_middleware(refs)
            if not resolved:
                # Only empty groups (``api``): the kernel renders errors and converts the
                # value around the whole request, and the handler loads the body itself.
                return handler
            route.body_limit_ = _body_limit(kernel, resolved)
            compiled: Handler = kernel.compile(refs, handler)
        except ValueError as exc:
            raise RouteDefinitionError(
                f"Route {route.display_uri()} ({route.location}): {exc}"
            ) from exc
        return compiled
    resolved = expand(router, route, items)
    if route.excluded_middleware:
        excluded = {_identity(t) for t, _ in expand(router, route, route.excluded_middleware)}
        resolved = [(t, p) for t, p in resolved if _identity(t) not in excluded]
    chain = _responding(handler)
    for target, params in reversed(resolved):
        instance = await _instantiate(router, target)
        chain = _link(instance, tuple(params), chain, route)
    return chain


def _body_limit(kernel: Any, resolved: list[tuple[Any, tuple[str, ...]]]) -> int | None:
    """The bytes a route's ``body_limit:`` allows (the http kernel's LimitRequestBody)."""
    from ._http import http

    for ref, params in resolved:
        instance = kernel.instance(ref)
        if isinstance(instance, http.middleware.LimitRequestBody):
            return int(instance.limit(params[0] if params else None))
    return None


def _identity(target: Any) -> Any:
    return target if isinstance(target, type) else type(target)


async def _without_excluded(
    router: Router, route: Route, kernel: Any, refs: list[Any]
) -> list[Any]:
    """Drop excluded middleware even when a group brought them (``without_middleware("csrf")``
    on a ``web`` route): expand everything to classes, filter, keep parameters bound."""
    excluded_refs = await _for_kernel(router, route, list(route.excluded_middleware))
    excluded = {_identity(ref) for ref, _ in kernel.resolve_middleware(excluded_refs)}
    kept: list[Any] = []
    for ref, params in kernel.resolve_middleware(refs):
        if _identity(ref) in excluded:
            continue
        kept.append(_Bound(kernel.instance(ref), params) if params else ref)
    return kept


def _responding(handler: Handler) -> Handler:
    async def call(request: Any) -> Any:
        return to_response(request, await handler(request))

    return call


def _link(instance: Any, params: tuple[str, ...], nxt: Handler, route: Route) -> Handler:
    handle = getattr(instance, "handle", None)
    if handle is None:
        if not callable(instance):
            raise RouteDefinitionError(
                f"Middleware {instance!r} of route {route.display_uri()} has no handle()"
            )
        handle = instance
    if params:

        async def call_with(request: Any) -> Any:
            return await handle(request, nxt, *params)

        return call_with

    async def call(request: Any) -> Any:
        return await handle(request, nxt)

    return call


def to_response(request: Any, value: Any) -> Any:
    """Make a handler's return value a response (middleware work on responses)."""
    if hasattr(value, "status_code") and hasattr(value, "raw_headers"):
        return value
    from ._http import http

    http_to_response = getattr(http, "to_response", None)
    if http_to_response is not None:
        return http_to_response(value, request)
    return _fallback_response(request, value)


def _fallback_response(request: Any, value: Any) -> Any:
    from ._http import http

    if value is None:
        return http.Response(b"", 204)
    to_resp = getattr(value, "to_response", None)
    if callable(to_resp):
        return to_resp(request)
    render = getattr(value, "render", None)
    if callable(render):
        return http.HtmlResponse(str(render()))
    if isinstance(value, (str, bytes)):
        return http.HtmlResponse(value)
    return http.JsonResponse(value)
