"""Running a matched route: its middleware, then its handler with injected arguments.

Rules: everything that can be decided once per route (the handler, its controller instance,
how each argument is obtained, the middleware chain) is decided on the route's first request
and kept on the route; a request then only builds the keyword arguments. Path parameters are
coerced to the annotated type (a failed coercion is a 404, as an unmatched constraint would
be); ``UrlRoutable`` annotations are resolved by key (absent: the route's ``missing`` handler,
else 404); the ``Request`` by type or by the name ``request``; any other annotated parameter
is left to core's ``container.call``/``acall``. Sync handlers run in a worker thread so they
never block the event loop.
"""

from __future__ import annotations

import asyncio
import decimal
import enum
import inspect
import types
import typing
import uuid
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from lararust_contracts import NotFound

from ._errors import RouteDefinitionError

if TYPE_CHECKING:
    from ._route import Route
    from ._router import Router

Handler = Callable[[Any], Awaitable[Any]]
_SPOOFABLE = frozenset({"PUT", "PATCH", "DELETE"})
_NO_BODY = frozenset({"GET", "HEAD", "OPTIONS"})
_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off"})


async def spoofed_method(request: Any) -> str:
    """``_method`` (form field) or ``X-HTTP-Method-Override`` turns a POST into PUT/PATCH/DELETE."""
    override = None
    for key, value in request.scope.get("headers") or ():
        if key == b"x-http-method-override":
            override = value.decode("latin-1")
            break
    if override is None:
        content_type = ""
        for key, value in request.scope.get("headers") or ():
            if key == b"content-type":
                content_type = value.decode("latin-1")
                break
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            load = getattr(request, "load", None)
            if load is not None:
                await load()
            override = request.form.get("_method")
    if override and override.upper() in _SPOOFABLE:
        method: str = override.upper()
        request.method = method
        return method
    return "POST"


async def build_runner(router: Router, route: Route) -> Handler:
    """The handler running ``route``'s middleware and action (built once per route)."""
    invoke = await _build_invoker(router, route)
    middleware = route.gather_middleware()
    runner = invoke
    if middleware:
        from ._middleware import build_pipeline

        runner = await build_pipeline(router, route, middleware, invoke)
    # No middleware around it (none, or only empty groups such as ``api``): a bare handler
    # may be called directly by the router.
    route.bare_handler = getattr(invoke, "bare", None) if runner is invoke else None
    return runner


async def _load_body(request: Any) -> None:
    """Parse a form/JSON body right before the handler (after route middleware such as a body
    limit ran), so handlers read ``request.input()`` synchronously. ``load()`` is idempotent."""
    load = getattr(request, "load", None)
    if load is not None:
        await load()


# -- handlers -------------------------------------------------------------------------------
async def _build_invoker(router: Router, route: Route) -> Handler:
    action = route.action
    if action is None:
        raise RouteDefinitionError(f"Route {route.display_uri()} ({route.location}) has no action")
    if action.kind == "view":
        return _view_invoker(router, action.target, action.data)
    if action.kind == "redirect":
        return _redirect_invoker(action.target, int(action.data.get("status", 302)))
    target = action.resolve()
    if action.kind == "controller":
        instance = await _make(router, target)
        fn = getattr(instance, action.method or "__call__", None)
        if fn is None:
            raise RouteDefinitionError(
                f"Controller [{target.__qualname__}] has no method [{action.method}] "
                f"(route {route.display_uri()}, {route.location})"
            )
    else:
        fn = target
    return _invoker(router, route, fn)


async def _make(router: Router, cls: Any) -> Any:
    container = router.container
    if container is None:
        return cls()
    amake = getattr(container, "amake", None)
    if amake is not None:
        return await amake(cls)
    return container.make(cls)


_PATH, _BIND, _REQUEST, _SERVICE = range(4)


def _invoker(router: Router, route: Route, fn: Callable[..., Any]) -> Handler:
    plan = _plan(router, route, fn)
    is_async = inspect.iscoroutinefunction(fn) or inspect.iscoroutinefunction(
        getattr(fn, "__call__", None)  # noqa: B004 - an async __call__ on an object
    )
    defaults = route.defaults_
    missing = route.missing_
    services = any(kind == _SERVICE for _, kind, _, _ in plan)
    container: Any = router.container if services else None

    if not plan:
        if is_async:

            async def load_then_call(request: Any) -> Any:
                await _load_body(request)
                return await fn()

            def call_bare(request: Any) -> Awaitable[Any]:
                # Not ``async def``: without a body to load, the handler's own coroutine is
                # returned as is (one frame less per request).
                if request.method not in _NO_BODY:
                    return load_then_call(request)
                return fn()  # type: ignore[no-any-return]

            call_bare.bare = fn  # type: ignore[attr-defined]  # the router calls it directly
            return call_bare

        async def call_bare_sync(request: Any) -> Any:
            if request.method not in _NO_BODY:
                await _load_body(request)
            return await asyncio.to_thread(fn)

        return call_bare_sync

    async def call(request: Any) -> Any:
        if request.method not in _NO_BODY:
            await _load_body(request)
        params = request.route_params
        kwargs: dict[str, Any] = {}
        for name, kind, extra, default in plan:
            if kind == _PATH:
                value = params.get(name)
                if value is None:
                    value = defaults.get(name, default)
                    if value is inspect.Parameter.empty:
                        value = None
                elif extra is not None:
                    value = extra(value)
                kwargs[name] = value
            elif kind == _REQUEST:
                kwargs[name] = request
            elif kind == _BIND:
                value = params.get(name)
                if value is None:
                    kwargs[name] = None if default is inspect.Parameter.empty else default
                    continue
                resolve, field, what, parent_name = extra
                bound = _resolve_binding(resolve, value, field, name, params, parent_name)
                if inspect.isawaitable(bound):
                    bound = await bound
                if bound is None:
                    if missing is not None:
                        return await _call_missing(missing, request)
                    raise NotFound(f"No {what} matches [{value}].")
                kwargs[name] = params[name] = bound  # request.route_param() gives the model
        if container is not None:
            # The rest comes from core's container.call/acall, so contextual bindings
            # (``when(Controller).needs(X).give(Y)``) apply to method injection too.
            if not is_async:
                return await asyncio.to_thread(container.call, fn, **kwargs)
            acall = getattr(container, "acall", None)
            if acall is not None:
                return await acall(fn, **kwargs)
            return await container.call(fn, **kwargs)
        if is_async:
            return await fn(**kwargs)
        return await asyncio.to_thread(fn, **kwargs)

    if is_async and container is None and all(kind in (_PATH, _REQUEST) for _, kind, _, _ in plan):
        if len(plan) == 1 and plan[0][1] == _PATH and _leads(fn, plan[0][0]):
            return _direct_call_one(fn, plan[0], defaults, call)
        return _direct_call(fn, plan, defaults, call)
    return call


def _direct_call(
    fn: Callable[..., Any],
    plan: list[tuple[str, int, Any, Any]],
    defaults: dict[str, Any],
    slow: Handler,
) -> Handler:
    """An ``async def`` handler taking only path values and the request, called without a
    coroutine of our own: its coroutine is returned as is (one frame less per request)."""

    def call(request: Any) -> Awaitable[Any]:
        if request.method not in _NO_BODY:
            return slow(request)  # the body is loaded first
        params = request.route_params
        kwargs: dict[str, Any] = {}
        for name, kind, convert, default in plan:
            if kind == _REQUEST:
                kwargs[name] = request
                continue
            value = params.get(name)
            if value is None:
                value = defaults.get(name, default)
                if value is inspect.Parameter.empty:
                    value = None
            elif convert is not None:
                value = convert(value)
            kwargs[name] = value
        return fn(**kwargs)  # type: ignore[no-any-return]

    return call


def _leads(fn: Callable[..., Any], name: str) -> bool:
    """Whether ``name`` is ``fn``'s own first parameter (not the one a decorator's
    ``__wrapped__`` shows) and may be passed by position."""
    try:
        first = next(iter(inspect.signature(fn, follow_wrapped=False).parameters.values()), None)
    except (TypeError, ValueError):
        return False
    return (
        first is not None
        and first.name == name
        and first.kind in (first.POSITIONAL_ONLY, first.POSITIONAL_OR_KEYWORD)
    )


def _direct_call_one(
    fn: Callable[..., Any],
    entry: tuple[str, int, Any, Any],
    defaults: dict[str, Any],
    slow: Handler,
) -> Handler:
    """:func:`_direct_call` for a handler whose one injected argument is its first parameter,
    a path value (``async def show(id: int)``): passed by position, a plain type coerced
    inline."""
    name, _, convert, default = entry
    target = getattr(convert, "target", None)  # int, float, UUID, Decimal, an Enum
    if target is not None:
        convert = None

    def call(request: Any) -> Awaitable[Any]:
        if request.method not in _NO_BODY:
            return slow(request)  # the body is loaded first
        value = request.route_params.get(name)
        if value is None:
            value = defaults.get(name, default)
            if value is inspect.Parameter.empty:
                value = None
        elif target is not None:
            try:
                value = target(value)
            except (ValueError, ArithmeticError) as exc:
                raise NotFound(
                    f"Route parameter [{name}] is not a valid {_tname(target)}."
                ) from exc
        elif convert is not None:
            value = convert(value)
        return fn(value)  # type: ignore[no-any-return]

    return call


def _resolve_binding(
    resolve: Callable[..., Any],
    value: Any,
    field: str | None,
    name: str,
    params: dict[str, Any],
    parent_name: str | None,
) -> Any:
    """The bound value of ``name``: asked of its parent when scoped and the parent (already
    resolved, a ``UrlRoutable``) offers ``resolve_child_route_binding``, else on its own."""
    if parent_name is not None:
        child = getattr(params.get(parent_name), "resolve_child_route_binding", None)
        if callable(child):
            return child(name, value, field)
    return resolve(value, field)


async def _call_missing(missing: Callable[..., Any], request: Any) -> Any:
    result = missing(request)
    if inspect.isawaitable(result):
        result = await result
    return result


def _plan(router: Router, route: Route, fn: Callable[..., Any]) -> list[tuple[str, int, Any, Any]]:
    try:
        signature = inspect.signature(fn)
    except (TypeError, ValueError):
        return []
    hints = _hints(fn)
    names = {p.name: p for p in route.domain_params()}
    names.update((p.name, p) for s in route.segments for p in s.params)
    order = list(names)  # URI order (domain first): a parameter's parent is the one before
    request_types = _request_types()
    plan: list[tuple[str, int, Any, Any]] = []
    for param in signature.parameters.values():
        if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            continue
        name = param.name
        annotation = _unwrap_optional(hints.get(name, param.annotation))
        if name in names:
            field = names[name].field
            binder = router.binders.get(name)
            if binder is not None:
                plan.append((name, _BIND, (binder, field, name, None), param.default))
            elif _is_routable(annotation):
                resolve = annotation.resolve_route_binding
                parent = _scoping_parent(route, order, name, field)
                plan.append(
                    (name, _BIND, (resolve, field, annotation.__name__, parent), param.default)
                )
            else:
                plan.append((name, _PATH, _converter(annotation, name), param.default))
        elif (isinstance(annotation, type) and issubclass(annotation, request_types)) or (
            name == "request" and annotation in (inspect.Parameter.empty, Any)
        ):
            plan.append((name, _REQUEST, None, param.default))
        elif param.default is not inspect.Parameter.empty:
            continue
        elif annotation is not inspect.Parameter.empty and isinstance(annotation, (type, str)):
            if router.container is None:
                raise RouteDefinitionError(
                    f"Cannot inject [{name}: {_tname(annotation)}] into "
                    f"{getattr(fn, '__qualname__', fn)!r} for route {route.display_uri()} "
                    f"({route.location}): this router has no container"
                )
            plan.append((name, _SERVICE, annotation, param.default))
        else:
            raise RouteDefinitionError(
                f"Cannot inject parameter [{name}] of {getattr(fn, '__qualname__', fn)!r} for "
                f"route {route.display_uri()} ({route.location}): it is not a route parameter, "
                "the request, nor annotated with a type the container can build"
            )
    # Bound parameters resolve in URI order, so a scoped child finds its parent resolved.
    plan.sort(key=lambda item: order.index(item[0]) if item[1] == _BIND else -1)
    return plan


def _scoping_parent(route: Route, order: list[str], name: str, field: str | None) -> str | None:
    """The parameter ``name`` resolves through (Laravel's scoped bindings), or None.

    Scoped when the route (or its group) asks for it, or, unless it forbids it, when the
    parameter has a custom key (``{post:slug}``) and a parameter comes before it.
    """
    index = order.index(name)
    if index == 0 or route.scope_bindings_ is False:
        return None
    if route.scope_bindings_ or field is not None:
        return order[index - 1]
    return None


def _hints(fn: Callable[..., Any]) -> dict[str, Any]:
    """Evaluated annotations; one unresolvable name (a TYPE_CHECKING import) spoils only its
    own parameter, not the coercion of every other one."""
    target: Any = fn if inspect.isroutine(fn) else getattr(fn, "__call__", fn)  # noqa: B004
    try:
        return typing.get_type_hints(target)
    except Exception:
        pass
    raw = getattr(inspect.unwrap(target), "__annotations__", {}) or {}
    namespace = getattr(inspect.unwrap(target), "__globals__", {})
    hints: dict[str, Any] = {}
    for name, annotation in raw.items():
        if isinstance(annotation, str):
            try:
                # The source's own annotation text, as typing.get_type_hints evaluates it.
                annotation = eval(annotation, namespace)
            except Exception:
                continue
        hints[name] = annotation
    return hints


def _request_types() -> tuple[type, ...]:
    from ._http import http

    return (http.Request,)


def _unwrap_optional(annotation: Any) -> Any:
    origin = typing.get_origin(annotation)
    if origin is typing.Union or origin is types.UnionType:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation


def _is_routable(annotation: Any) -> bool:
    return (
        isinstance(annotation, type)
        and callable(getattr(annotation, "resolve_route_binding", None))
        and callable(getattr(annotation, "route_key_name", None))
    )


def _converter(annotation: Any, name: str) -> Callable[[str], Any] | None:
    """A function coercing a path value to ``annotation`` (raising NotFound when it cannot)."""
    if annotation in (inspect.Parameter.empty, str, Any):
        return None
    if typing.get_origin(annotation) is typing.Literal:
        choices = {str(v): v for v in typing.get_args(annotation)}

        def to_literal(value: str) -> Any:
            try:
                return choices[value]
            except KeyError:
                raise NotFound(
                    f"Route parameter [{name}] must be one of {list(choices)}."
                ) from None

        return to_literal
    if annotation is bool:

        def to_bool(value: str) -> bool:
            lowered = value.lower()
            if lowered in _TRUE:
                return True
            if lowered in _FALSE:
                return False
            raise NotFound(f"Route parameter [{name}] is not a boolean.")

        return to_bool
    if annotation in (int, float, uuid.UUID, decimal.Decimal) or (
        isinstance(annotation, type) and issubclass(annotation, enum.Enum)
    ):
        convert: Callable[[str], Any] = annotation

        def to_type(value: str) -> Any:
            try:
                return convert(value)
            except (ValueError, ArithmeticError) as exc:
                raise NotFound(
                    f"Route parameter [{name}] is not a valid {_tname(convert)}."
                ) from exc

        to_type.target = convert  # type: ignore[attr-defined]  # _direct_call_one inlines it
        return to_type
    return None


def _tname(tp: Any) -> str:
    return getattr(tp, "__name__", str(tp))


# -- view and redirect routes ---------------------------------------------------------------
def _view_invoker(router: Router, view: str, data: Any) -> Handler:
    context = dict(data.get("data") or {})
    status = int(data.get("status", 200))
    headers = dict(data.get("headers") or {})

    async def call(request: Any) -> Any:
        container = router.container
        if container is None or not container.bound("view"):
            raise RouteDefinitionError(f'Route.view({view!r}) needs a "view" factory bound')
        rendered = container.make("view").render(view, {**context, **request.route_params})
        from ._http import http

        return http.HtmlResponse(rendered, status, headers or None)

    return call


def _redirect_invoker(destination: str, status: int) -> Handler:
    async def call(request: Any) -> Any:
        from ._http import http

        return http.RedirectResponse(destination, status)

    return call
