"""The HTTP kernel: global middleware, groups, aliases, priority, then the router.

Rules: the kernel is an ASGI 3 app (http + lifespan) and offers ``handle_direct(scope, receive)``
for our server's fast path. Middleware chains are compiled ONCE with support's ``Pipeline`` (linked
layers, no per-request list walking); middleware classes are built once through the
container (so they must not keep per-request state on ``self``). Every layer turns exceptions
into responses, so ``await next(request)`` always returns a response — session and cookie
middleware still see (and save for) error responses, as in Laravel.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Iterable, Mapping
from contextvars import ContextVar
from typing import Any

from lararust_contracts import Dispatcher, NotFound, Receive, Scope, Send
from lararust_support import Pipeline

from ._context import config_value, current_request, set_container, set_exception_handler
from ._conversion import prepare_response
from ._exception_handler import ExceptionHandler
from ._request import Request
from ._responses import Response, returned_response
from .middleware import (
    EncryptCookies,
    GZip,
    HandleCors,
    LimitRequestBody,
    PreventRequestsDuringMaintenance,
    RequestId,
    ShareErrorsFromSession,
    StartSession,
    ThrottleRequests,
    TrustHosts,
    TrustProxies,
    VerifyCsrfToken,
)

Handler = Callable[[Request], Awaitable[Response]]
MiddlewareRef = Any  # a class, an instance, "alias", "alias:param,param" or a group name

_NO_BODY = frozenset({"GET", "HEAD", "OPTIONS"})
_new = object.__new__
_request_init = Request.__init__
# Global middleware that never change request.method or request.path (exact types: a subclass
# may): behind only these, handle_direct may route a request straight to the dispatcher.
_KEEPS_ROUTE: frozenset[type] = frozenset(
    {TrustProxies, HandleCors, PreventRequestsDuringMaintenance, TrustHosts, RequestId}
)
_HEALTH_PAGE = (
    "<!doctype html><html><head><meta charset='utf-8'><title>Application up</title></head>"
    "<body><h1>Application up</h1></body></html>"
)


class Kernel:
    """Runs requests through middleware to the router and returns responses."""

    middleware: list[MiddlewareRef] = [
        TrustProxies,
        HandleCors,
        PreventRequestsDuringMaintenance,
    ]
    middleware_groups: dict[str, list[MiddlewareRef]] = {
        "web": [EncryptCookies, StartSession, ShareErrorsFromSession, VerifyCsrfToken],
        "api": [],
    }
    middleware_aliases: dict[str, MiddlewareRef] = {
        "throttle": ThrottleRequests,
        "body_limit": LimitRequestBody,
        "gzip": GZip,
        "request_id": RequestId,
        "trusted_hosts": TrustHosts,
        "csrf": VerifyCsrfToken,
        "session": StartSession,
        "encrypt_cookies": EncryptCookies,
    }
    middleware_priority: list[MiddlewareRef] = [
        TrustProxies,
        TrustHosts,
        HandleCors,
        PreventRequestsDuringMaintenance,
        LimitRequestBody,
        EncryptCookies,
        StartSession,
        ShareErrorsFromSession,
        VerifyCsrfToken,
        ThrottleRequests,
    ]

    def __init__(
        self,
        app: Any = None,
        dispatcher: Dispatcher | None = None,
        exception_handler: ExceptionHandler | None = None,
        debug: bool | None = None,
    ) -> None:
        self.app = app
        set_container(app)
        self.middleware = list(type(self).middleware)
        self.middleware_groups = {k: list(v) for k, v in type(self).middleware_groups.items()}
        self.middleware_aliases = dict(type(self).middleware_aliases)
        self.middleware_priority = list(type(self).middleware_priority)
        self.middleware_options: dict[type, dict[str, Any]] = {}
        if debug is None:
            debug = bool(getattr(app, "debug", False)) if app is not None else False
        self.exceptions = exception_handler or ExceptionHandler(debug=debug)
        set_exception_handler(self.exceptions)
        self._dispatcher = dispatcher
        self._dispatch_current: Callable[[Request], Awaitable[Any]] | None = None
        self._handler: Handler | None = None
        # (first, rest, fast): handle_direct awaits first(request, rest), or fast for rest
        # when _dispatch would only pass the request on; set with _handler.
        self._entry: (
            tuple[Callable[[Request, Handler], Awaitable[Any]], Handler, Handler] | None
        ) = None
        self._instances: dict[Any, Any] = {}
        self.health_path: str | None = "/up"
        self.request_class = request_class_from_config(
            config_value("http", {}) if app is not None else {}
        )
        self.spoof_methods = True

    # -- configuration -----------------------------------------------------------------------
    @property
    def request_class(self) -> type[Request]:
        """The class each request is built as (``Request`` or a subclass)."""
        return self._request_class

    @request_class.setter
    def request_class(self, cls: type[Request]) -> None:
        self._request_class = cls
        # A class keeping Request's constructor is built inline by handle_direct (the same
        # four stores without a constructor call); any other class is called.
        plain = cls.__init__ is _request_init and cls.__new__ is object.__new__
        self._inline_request: type[Request] | None = cls if plain else None

    def set_dispatcher(self, dispatcher: Dispatcher) -> None:
        """Route through ``dispatcher`` (otherwise the container's "router")."""
        self._dispatcher = dispatcher
        self._dispatch_current = None
        self.invalidate()

    def push_middleware(self, middleware: MiddlewareRef) -> None:
        """Append a global middleware."""
        if middleware not in self.middleware:
            self.middleware.append(middleware)
        self.invalidate()

    def prepend_middleware(self, middleware: MiddlewareRef) -> None:
        """Prepend a global middleware."""
        if middleware not in self.middleware:
            self.middleware.insert(0, middleware)
        self.invalidate()

    def has_middleware(self, middleware: MiddlewareRef) -> bool:
        """Whether ``middleware`` is global."""
        return middleware in self.middleware

    def configure(self, middleware: type, **options: Any) -> None:
        """Give a middleware class constructor options (``trust_proxies(at=...)`` uses it)."""
        self.middleware_options.setdefault(middleware, {}).update(options)
        self._instances.pop(middleware, None)
        self.invalidate()

    def invalidate(self) -> None:
        """Recompile the global chain on the next request (after configuration changes)."""
        self._handler = None
        self._entry = None

    # -- resolution (the router uses these for route middleware) ------------------------------
    def resolve_middleware(
        self, refs: Iterable[MiddlewareRef]
    ) -> list[tuple[Any, tuple[str, ...]]]:
        """Expand groups and aliases, parse parameters, drop duplicates, sort by priority."""
        resolved: list[tuple[Any, tuple[str, ...]]] = []
        for ref in refs:
            for item in self._expand(ref, depth=0):
                if item not in resolved:
                    resolved.append(item)
        return self._sort(resolved)

    def _expand(self, ref: MiddlewareRef, depth: int) -> list[tuple[Any, tuple[str, ...]]]:
        if depth > 10:
            raise ValueError(f"middleware group {ref!r} nests too deep (a cycle?)")
        if not isinstance(ref, str):
            return [(ref, ())]
        if ref in self.middleware_groups:
            expanded: list[tuple[Any, tuple[str, ...]]] = []
            for item in self.middleware_groups[ref]:
                expanded.extend(self._expand(item, depth + 1))
            return expanded
        name, _, raw_params = ref.partition(":")
        params = tuple(p.strip() for p in raw_params.split(",")) if raw_params else ()
        target = self.middleware_aliases.get(name)
        if target is None:
            known = sorted([*self.middleware_aliases, *self.middleware_groups])
            raise ValueError(f"unknown middleware {name!r}: known aliases and groups are {known}")
        if isinstance(target, str):
            return [(key, params or p) for key, p in self._expand(target, depth + 1)]
        return [(target, params)]

    def _sort(self, items: list[tuple[Any, tuple[str, ...]]]) -> list[tuple[Any, tuple[str, ...]]]:
        priority = {ref: i for i, ref in enumerate(self.middleware_priority)}
        slots = [i for i, (ref, _) in enumerate(items) if _key(ref) in priority]
        ranked = sorted((items[i] for i in slots), key=lambda item: priority[_key(item[0])])
        result = list(items)
        for slot, item in zip(slots, ranked, strict=True):
            result[slot] = item
        return result

    def instance(self, ref: Any) -> Any:
        """The shared instance of a middleware class (built through the container)."""
        if not isinstance(ref, type):
            return ref
        built = self._instances.get(ref)
        if built is None:
            options = self.middleware_options.get(ref, {})
            if self.app is not None and hasattr(self.app, "make"):
                built = self.app.make(ref, **options)
            else:
                built = ref(**options)
            self._instances[ref] = built
        return built

    def compile(
        self, refs: Iterable[MiddlewareRef], destination: Handler, load_body: bool = True
    ) -> Handler:
        """Build one handler running ``refs`` (resolved) around ``destination``.

        The router calls this once per route with the route's middleware; the result takes a
        request and always returns a :class:`Response`. With ``load_body``, a form, multipart
        or JSON body is parsed right before ``destination`` (after route middleware such as
        ``body_limit:`` ran), so handlers read ``request.input()`` synchronously.
        """
        stages = [
            _Stage(self.instance(ref), params, self.exceptions)
            for ref, params in self.resolve_middleware(refs)
        ]
        handler: Handler = Pipeline(stages).compile(self._guard(destination, load_body))
        return handler

    def _guard(self, destination: Handler, load_body: bool) -> Handler:
        exceptions = self.exceptions

        async def guarded(request: Request) -> Response:
            try:
                if load_body and request.method not in _NO_BODY and not request._loaded:
                    await request.load()
                value: Any = await destination(request)
                # The common return types without a coroutine of their own.
                response = returned_response(value)
                if response is not None:
                    return response
                return await prepare_response(request, value)
            except Exception as exc:
                return await exceptions.handle(request, exc)

        return guarded

    # -- the request path --------------------------------------------------------------------
    def _compile_global(self) -> Handler:
        active = [
            ref for ref in self.middleware if getattr(self.instance(ref), "enabled", lambda: True)()
        ]
        resolved = [(self.instance(ref), params) for ref, params in self.resolve_middleware(active)]
        handler: Handler
        if all(_frameless(middleware, params) for middleware, params in resolved):
            # No global middleware awaits around the router (the default: maintenance only
            # checks a flag), so no layer needs a response from below: each calls the next
            # and the router's coroutine goes up as is. handle()/handle_direct() render what
            # raises and convert what a route returns: no coroutine frame between them and
            # the route.
            # A second chain ends in the dispatcher itself: handle_direct takes it for a
            # request _dispatch would only pass on (not a POST, not the health path). It
            # decides on the request as it arrives, so only when every global middleware is
            # one of ours that leaves method and path alone: an application's middleware may
            # rewrite them (a path rewritten to the health path, a method made POST), and then
            # _dispatch must see the request as that middleware left it.
            handler = self._dispatch
            fast: Handler = handler
            if all(type(middleware) in _KEEPS_ROUTE for middleware, _ in resolved):
                try:
                    fast = self._dispatcher_entry() or handler
                except Exception:  # a router that fails to build fails each request, as before
                    fast = handler
            for middleware, _ in reversed(resolved[1:]):
                handler = _link(middleware.handle, handler)
                fast = _link(middleware.handle, fast)
            if resolved:
                # handle_direct calls the outermost layer itself: one call less per request.
                first = resolved[0][0].handle
                self._entry = (first, handler, fast)
                handler = _link(first, handler)
            else:
                self._entry = (_through, handler, fast)
        else:
            handler = self.compile(active, self._dispatch, load_body=False)
            self._entry = (_through, handler, handler)
        self._handler = handler
        return handler

    async def _prepare(self) -> Handler:
        """Boot the application (first request without lifespan) and compile the chain."""
        app = self.app
        if app is not None and hasattr(app, "boot") and not app.is_booted():
            result = app.boot()
            if inspect.isawaitable(result):
                await result
        return self._handler or self._compile_global()

    def _resolve_dispatcher(self) -> Dispatcher | None:
        if self._dispatcher is None and self.app is not None and self.app.bound("router"):
            self._dispatcher = self.app.make("router")
        return self._dispatcher

    def _resolve_dispatch(self) -> Callable[[Request], Awaitable[Any]]:
        dispatch = self._dispatcher_entry()
        if dispatch is None:
            raise NotFound("No routes: nothing is bound as the router.")
        return dispatch

    def _dispatcher_entry(self) -> Callable[[Request], Awaitable[Any]] | None:
        """The dispatcher's entry for a request the kernel made current: its
        ``dispatch_current`` (the router's, which then need not check) or ``dispatch``."""
        dispatcher = self._resolve_dispatcher()
        if dispatcher is None:
            return None
        dispatch = getattr(dispatcher, "dispatch_current", None) or dispatcher.dispatch
        self._dispatch_current = dispatch
        return dispatch

    def _dispatch(self, request: Request) -> Awaitable[Any]:
        # Not ``async def``: on the common path the router's own coroutine is returned as is
        # (one frame less per request); the rarer paths get their coroutine below.
        if request.method == "POST" and self.spoof_methods:
            return self._dispatch_spoofed(request)
        if request.path == self.health_path and request.method in ("GET", "HEAD"):
            return self._health()
        dispatch = self._dispatch_current or self._resolve_dispatch()
        return dispatch(request)

    async def _dispatch_spoofed(self, request: Request) -> Any:
        dispatcher = self._dispatcher or self._resolve_dispatcher()
        await _spoof_method(request, dispatcher)
        if request.path == self.health_path and request.method in ("GET", "HEAD"):
            return await self._health()
        if dispatcher is None:
            raise NotFound("No routes: nothing is bound as the router.")
        return await dispatcher.dispatch(request)

    async def _health(self) -> Response:
        events = None
        if self.app is not None and self.app.bound("events"):
            events = self.app.make("events")
        if events is not None:
            await events.dispatch("DiagnosingHealth")
        return Response(_HEALTH_PAGE)

    async def handle(self, request: Request) -> Response:
        """Handle a :class:`Request` through the global middleware and the router."""
        handler = self._handler or await self._prepare()
        token = current_request.set(request)
        try:
            value: Any = await handler(request)
            returned = returned_response(value)
            response = returned if returned is not None else await prepare_response(request, value)
        except Exception as exc:
            response = await self.exceptions.handle(request, exc)
        finally:
            current_request.reset(token)
            container_scope = request.container_scope
            if container_scope is not None:
                container_scope.clear()
        if request._files or request._attributes is not None:
            self._after(request, response)
        return response

    def direct_handler(self) -> Callable[[Scope, Receive], Awaitable[Response]]:
        """What our server calls per request instead of the ASGI edge (the fast path)."""
        return self.handle_direct

    def use_container_scopes(self, scope_var: ContextVar[Any]) -> ContextVar[Request | None]:
        """Let each request stand for its container scope; returns the variable holding it.

        Core's ``Application.direct_handler()`` calls this with its scope variable and, given
        back the kernel's current-request variable, reads the request there while its own
        variable holds no scope (``Container.use_scope_holders``): the kernel sets one
        variable per request, not two, and builds no scope for a request resolving nothing
        scoped (core makes it on the first scoped resolution and keeps it on
        ``request.container_scope``); its instances are dropped when the request ends. Work
        the response schedules to run after it is sent runs outside it.
        """
        return current_request

    async def handle_direct(self, scope: Scope, receive: Receive) -> Response:
        """Our server's fast path: an ASGI scope + body receive in, a response object out."""
        # One frame from here to the route's handler (see _compile_global): whatever is
        # inlined here would otherwise cost a call or a coroutine per request. Kept in step
        # with handle(), which it does not call for the same reason.
        cls = self._inline_request
        if cls is not None:  # Request.__init__'s stores, without the constructor call
            request = _new(cls)
            request.scope = scope
            request._receive = receive
            request.method = scope["method"]
            request.path = scope["path"]
        else:
            request = self._request_class(scope, receive)
        entry = self._entry
        if entry is None:
            await self._prepare()
            entry = self._entry
            assert entry is not None
        first, rest, fast = entry
        if request.method != "POST" and request.path != self.health_path:
            rest = fast  # what _dispatch would only pass on goes to the dispatcher directly
        token = current_request.set(request)  # also core's scope holder (use_container_scopes)
        try:
            value: Any = await first(request, rest)
            returned = returned_response(value)
            response = returned if returned is not None else await prepare_response(request, value)
        except Exception as exc:
            response = await self.exceptions.handle(request, exc)
        finally:
            current_request.reset(token)
            container_scope = request.container_scope
            if container_scope is not None:
                container_scope.clear()
        if request._files or request._attributes is not None:
            self._after(request, response)
        return response

    def _after(self, request: Request, response: Response) -> None:
        if request._files:
            response.add_background(request.close)
        attrs = request._attributes
        if attrs is not None and attrs.get("_terminate"):
            response.add_background(lambda: self.terminate(request, response))

    async def terminate(self, request: Request, response: Response) -> None:
        """Run ``terminate(request, response)`` of the terminable middleware that ran."""
        for middleware in request.attributes.get("_terminate", ()):
            try:
                result = middleware.terminate(request, response)
                if inspect.isawaitable(result):
                    await result
            except Exception as exc:  # a failing terminator must not hide the others
                await self.exceptions.report(exc)

    # -- ASGI --------------------------------------------------------------------------------
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """The ASGI 3 entry point (http and lifespan)."""
        kind = scope["type"]
        if kind == "http":
            response = await self.handle_direct(scope, receive)
            await response(scope, receive, send)
        elif kind == "lifespan":
            await self._lifespan(receive, send)
        elif kind == "websocket":
            await send({"type": "websocket.close", "code": 1000})
        else:
            raise RuntimeError(f"unsupported ASGI scope type {kind!r}")

    async def _lifespan(self, receive: Receive, send: Send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                try:
                    await self._startup()
                except Exception as exc:
                    await send({"type": "lifespan.startup.failed", "message": repr(exc)})
                    return
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def _startup(self) -> None:
        app = self.app
        if app is not None and hasattr(app, "boot") and not app.is_booted():
            result = app.boot()
            if inspect.isawaitable(result):
                await result
        self.invalidate()
        self._compile_global()


class _Stage:
    """One middleware as a support ``Pipeline`` stage: parameters bound, errors rendered."""

    __slots__ = ("exceptions", "handle", "middleware")

    def __init__(self, middleware: Any, params: tuple[str, ...], exceptions: Any) -> None:
        self.middleware = middleware
        self.exceptions = exceptions
        method = middleware.handle
        if params:
            self.handle = self._with_params(method, params)
        elif getattr(middleware, "terminate", None) is not None:
            self.handle = self._terminable
        else:
            self.handle = self._plain

    async def _plain(self, request: Request, next: Handler) -> Response:
        try:
            return await self.middleware.handle(request, next)  # type: ignore[no-any-return]
        except Exception as exc:
            return await self.exceptions.handle(request, exc)  # type: ignore[no-any-return]

    async def _terminable(self, request: Request, next: Handler) -> Response:
        request.attributes.setdefault("_terminate", []).append(self.middleware)
        return await self._plain(request, next)

    def _with_params(self, method: Any, params: tuple[str, ...]) -> Any:
        terminable = getattr(self.middleware, "terminate", None) is not None

        async def handle(request: Request, next: Handler) -> Response:
            if terminable:
                request.attributes.setdefault("_terminate", []).append(self.middleware)
            try:
                return await method(request, next, *params)  # type: ignore[no-any-return]
            except Exception as exc:
                return await self.exceptions.handle(request, exc)  # type: ignore[no-any-return]

        return handle


def request_class_from_config(config: Mapping[str, Any] | None) -> type[Request]:
    """``Request``, or a subclass carrying config ``http``'s limits as class defaults.

    Limits live on the class so building a request stays two attribute stores: config
    ``http.max_body_size`` (bytes or ``"50M"``), ``http.max_form_fields`` and
    ``http.multipart`` (``MultipartLimits`` fields: ``max_files``, ``max_file_size``...).
    """
    from dataclasses import replace

    from .middleware._base import parse_size

    options = dict(config or {})
    attributes: dict[str, Any] = {}
    if options.get("max_body_size") is not None:
        attributes["max_body_size"] = parse_size(options["max_body_size"])
    if options.get("max_form_fields") is not None:
        attributes["max_form_fields"] = int(options["max_form_fields"])
    multipart = options.get("multipart")
    if multipart:
        sizes = {k: parse_size(v) if isinstance(v, str) else v for k, v in multipart.items()}
        try:
            attributes["multipart_limits"] = replace(Request.multipart_limits, **sizes)
        except TypeError as exc:
            raise ValueError(f"config http.multipart: {exc}") from None
    if not attributes:
        return Request
    return type("Request", (Request,), {"__module__": Request.__module__, **attributes})


def _frameless(middleware: Any, params: tuple[str, ...]) -> bool:
    """Whether a global middleware can be linked without a coroutine of its own: a plain
    ``handle`` returning an awaitable (no ``async def``), no parameters, not terminable."""
    handle = getattr(middleware, "handle", None)
    return (
        handle is not None
        and not params
        and getattr(middleware, "terminate", None) is None
        and not inspect.iscoroutinefunction(handle)
    )


def _through(request: Request, handler: Handler) -> Awaitable[Any]:
    return handler(request)


def _link(handle: Callable[[Request, Handler], Awaitable[Response]], next: Handler) -> Handler:
    def call(request: Request) -> Awaitable[Response]:
        return handle(request, next)

    return call


def _key(ref: Any) -> Any:
    return ref if isinstance(ref, (type, str)) else type(ref)


async def _spoof_method(request: Request, dispatcher: Any) -> None:
    """Honour ``_method`` in a POSTed HTML form and ``X-HTTP-Method-Override``.

    A form body has to be parsed before routing to see ``_method`` (Laravel's behaviour). A
    dispatcher offering ``async limit_body(request)`` (the router) first caps it at the largest
    ``body_limit:`` of the routes the form may reach, so the limit holds while it streams in;
    each route's own ``body_limit:`` then refuses what came in beyond it. Other bodies are
    parsed after route middleware.
    """
    override = request.headers.get("x-http-method-override")
    if not override and request.is_form():
        limit_body = getattr(dispatcher, "limit_body", None)
        if limit_body is not None:
            await limit_body(request)
        await request.load()
        if request._form is not None:
            override = request._form.get("_method")
    if override and override.upper() in ("PUT", "PATCH", "DELETE"):
        request.method = override.upper()
