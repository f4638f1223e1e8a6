"""The router: registers routes, compiles them once, and dispatches requests.

Rules: a static segment beats a parameter at the same place; otherwise registration order is
the tie-break Laravel users expect. Conflicts (same method and URI shape, or a reused name)
raise at once naming both registrations. The compiled table is
rebuilt lazily after any change, so dispatch never pays for registration bookkeeping.
``dispatch`` returns the handler's raw value (the http kernel makes the response) and raises
``NotFound``/``MethodNotAllowed``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lararust_contracts import MethodNotAllowed, NotFound

from ._action import Action, make_action
from ._conflicts import ShapeIndex
from ._errors import RouteConflictError, RouteDefinitionError
from ._group import GroupAttributes, RouteRegistrar, load_routes_file
from ._http import http
from ._matcher import Matcher
from ._resource import PendingResource
from ._route import Route, caller_location
from ._runner import _NO_BODY, build_runner, spoofed_method
from ._singleton import PendingSingletonResource
from ._uri import join
from ._url import UrlGenerator

if TYPE_CHECKING:
    from lararust_contracts import Container

current_request: ContextVar[Any] = ContextVar("lararust_router_request", default=None)
# Set while a cached handler's module is imported: that module may be a route file whose
# Route.* calls must not register twice. A context variable, so other threads are unaffected.
detached: ContextVar[bool] = ContextVar("lararust_router_detached", default=False)
ALL_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
_SPOOFABLE = ("PUT", "PATCH", "DELETE")


class Router:
    """Laravel's router: ``get``/``post``/…, groups, resources, names, and dispatch."""

    def __init__(self, container: Container | None = None) -> None:
        self.container = container
        self.routes: list[Route] = []
        self._names: dict[str, Route] = {}
        self._shapes = ShapeIndex()
        self._patterns: dict[str, str] = {}
        self._stack: list[GroupAttributes] = [GroupAttributes()]
        self._matcher: Matcher | None = None
        # Fallback routes by the group prefix they were registered under ("" = everywhere);
        # a request gets the one of the longest prefix its path is under.
        self._fallbacks: dict[tuple[str, str], Route] = {}
        self._spoofs: bool | None = None
        self.binders: dict[str, Callable[[str, str | None], Any]] = {}
        self.middleware_aliases: dict[str, Any] = {}
        self.middleware_groups: dict[str, list[Any]] = {}
        self.url = UrlGenerator(self)

    # -- registration ---------------------------------------------------------------------
    def get(self, uri: str, action: Any = None) -> Route:
        """Register a GET route (HEAD is answered too). Without action: a decorator."""
        return self.add_route(["GET"], uri, action)

    def post(self, uri: str, action: Any = None) -> Route:
        """Register a POST route."""
        return self.add_route(["POST"], uri, action)

    def put(self, uri: str, action: Any = None) -> Route:
        """Register a PUT route."""
        return self.add_route(["PUT"], uri, action)

    def patch(self, uri: str, action: Any = None) -> Route:
        """Register a PATCH route."""
        return self.add_route(["PATCH"], uri, action)

    def delete(self, uri: str, action: Any = None) -> Route:
        """Register a DELETE route."""
        return self.add_route(["DELETE"], uri, action)

    def options(self, uri: str, action: Any = None) -> Route:
        """Register an OPTIONS route."""
        return self.add_route(["OPTIONS"], uri, action)

    def match(self, methods: Iterable[str], uri: str, action: Any = None) -> Route:
        """Register a route for several methods (``["get", "post"]``)."""
        return self.add_route(list(methods), uri, action)

    def any(self, uri: str, action: Any = None) -> Route:
        """Register a route for every method."""
        return self.add_route(list(ALL_METHODS), uri, action)

    def view(
        self,
        uri: str,
        view: str,
        data: Mapping[str, Any] | None = None,
        status: int = 200,
        headers: Mapping[str, str] | None = None,
    ) -> Route:
        """A GET route rendering a view with ``status`` and ``headers`` (needs the "view"
        factory bound); route parameters join ``data``."""
        payload = {"data": dict(data or {}), "status": status, "headers": dict(headers or {})}
        return self.add_route(["GET"], uri, Action("view", view, None, payload))

    def redirect(self, uri: str, destination: str, status: int = 302) -> Route:
        """A route (every method) redirecting to ``destination``."""
        action = Action("redirect", destination, None, {"status": status})
        return self.add_route(list(ALL_METHODS), uri, action)

    def permanent_redirect(self, uri: str, destination: str) -> Route:
        """A 301 redirect route."""
        return self.redirect(uri, destination, 301)

    def fallback(self, action: Any = None) -> Route:
        """The route run when nothing else matches a GET/HEAD request (instead of a 404).

        Inside a group with a prefix it answers only for paths under that prefix
        (``Route.prefix("admin").group(...)``: ``/admin/...``); the innermost prefix wins.
        Inside a domain group it answers only for that host, and receives the domain's
        parameters (``{account}.example.com``) as route parameters.
        """
        group = self._stack[-1]
        uri = join(group.prefix, "")
        route = Route(self, ["GET"], uri, make_action(action, group.controller), caller_location())
        route.is_fallback = True
        route.middleware_ = list(group.middleware)
        route.excluded_middleware = list(group.without)
        route.name_prefix = group.name
        route.wheres = dict(group.wheres)
        route.domain_ = group.domain
        route.scope_bindings_ = group.scope_bindings
        if not detached.get():
            # One fallback per (domain, prefix): a later one replaces an earlier one.
            self._fallbacks[(group.domain or "", uri)] = route
            self._matcher = None
        return route

    def fallbacks(self) -> list[Route]:
        """Every fallback route, the most specific first (longest prefix, then a domain's)."""
        return sorted(self._fallbacks.values(), key=_fallback_order)

    def resource(self, name: str, controller: Any, **options: Any) -> PendingResource:
        """The seven resource routes (index, create, store, show, edit, update, destroy)."""
        return PendingResource(self, name, controller, **options)

    def api_resource(self, name: str, controller: Any, **options: Any) -> PendingResource:
        """Resource routes without ``create``/``edit`` (the HTML forms)."""
        return PendingResource(self, name, controller, api=True, **options)

    def singleton(self, name: str, controller: Any, **options: Any) -> PendingSingletonResource:
        """A singleton resource: ``show``/``edit``/``update`` of ``/<name>`` (no index, no id);
        ``.creatable()`` adds ``create``/``store``/``destroy``, ``.destroyable()`` ``destroy``."""
        return PendingSingletonResource(self, name, controller, **options)

    def api_singleton(self, name: str, controller: Any, **options: Any) -> PendingSingletonResource:
        """A singleton resource without the HTML forms (``show``/``update``)."""
        return PendingSingletonResource(self, name, controller, api=True, **options)

    def resources(self, resources: Mapping[str, Any], **options: Any) -> list[PendingResource]:
        """Several resources at once."""
        return [self.resource(n, c, **options) for n, c in resources.items()]

    def api_resources(self, resources: Mapping[str, Any], **options: Any) -> list[PendingResource]:
        """Several API resources at once."""
        return [self.api_resource(n, c, **options) for n, c in resources.items()]

    def add_route(
        self, methods: list[str], uri: str, action: Any, location: str | None = None
    ) -> Route:
        """Register a route under the open groups; the primitive every verb uses."""
        group = self._stack[-1]
        bad = [m for m in methods if m.upper() not in ALL_METHODS]
        location = location or caller_location()
        if bad or not methods:
            raise RouteDefinitionError(f"Unknown HTTP method(s) {bad or methods} ({location})")
        route = Route(
            self, methods, join(group.prefix, uri), make_action(action, group.controller), location
        )
        route.name_prefix = group.name
        route.middleware_ = list(group.middleware)
        route.excluded_middleware = list(group.without)
        route.wheres = dict(group.wheres)
        route.domain_ = group.domain
        route.scope_bindings_ = group.scope_bindings
        if detached.get():
            return route  # a cached handler's route file is being imported: register nothing
        self._shapes.add(route)
        self.routes.append(route)
        route.registered = True
        self._matcher = None
        return route

    def remove_route(self, route: Route) -> None:
        """Unregister a route (resources re-register themselves this way)."""
        if not route.registered:
            return
        route.registered = False
        self.routes.remove(route)
        self._shapes.remove(route)
        if route.route_name is not None and self._names.get(route.route_name) is route:
            del self._names[route.route_name]
        self._matcher = None

    def pattern(self, name: str, pattern: str) -> None:
        """A global constraint for every parameter called ``name``."""
        if detached.get():
            return
        self._patterns[name] = pattern
        self._matcher = None

    def patterns(self, patterns: Mapping[str, str]) -> None:
        """Several global constraints."""
        for name, pattern in patterns.items():
            self.pattern(name, pattern)

    def bind(self, name: str, resolver: Callable[[str], Any]) -> None:
        """Explicit binding: ``resolver(value)`` (sync or async) gives what ``{name}`` stands
        for; None is a 404 (or the route's ``missing``). Register binders in a provider's
        ``boot``: a cached route table does not run route files."""
        self.binders[name] = lambda value, field: resolver(value)
        self._reset_runners()

    def model(self, name: str, model: Any) -> None:
        """Bind ``{name}`` to a ``UrlRoutable`` type whatever the handler's annotation."""
        self.binders[name] = model.resolve_route_binding
        self._reset_runners()

    def alias_middleware(self, name: str, middleware: Any) -> None:
        """Give a middleware class a short name (``"auth"``) for routes to use."""
        self.middleware_aliases[name] = middleware
        self._reset_runners()

    def middleware_group(self, name: str, middleware: list[Any]) -> None:
        """Name a list of middleware (``"web"``); routes use the name like an alias."""
        self.middleware_groups[name] = list(middleware)
        self._reset_runners()

    def push_middleware_to_group(self, group: str, middleware: Any) -> None:
        """Append a middleware to a group (created when absent)."""
        items = self.middleware_groups.setdefault(group, [])
        if middleware not in items:
            items.append(middleware)
        self._reset_runners()

    def _reset_runners(self) -> None:
        for route in [*self.routes, *self._fallbacks.values()]:
            route.runner = None

    # -- groups ---------------------------------------------------------------------------
    def group(
        self, routes: Callable[..., Any] | str | Path | None = None, **attributes: Any
    ) -> Any:
        """Open a group: ``Route.group(fn, prefix="admin")`` or ``with Route.group(...):``."""
        registrar = RouteRegistrar(self)
        for key, value in attributes.items():
            if not hasattr(RouteRegistrar, key) or key.startswith("_"):
                raise RouteDefinitionError(f"Unknown group attribute [{key}]")
            values = value if isinstance(value, (list, tuple)) and key == "middleware" else [value]
            getattr(registrar, key)(*values)
        return registrar.group(routes)

    def prefix(self, prefix: str) -> RouteRegistrar:
        """Start a group with a URI prefix."""
        return RouteRegistrar(self).prefix(prefix)

    def name(self, name: str) -> RouteRegistrar:
        """Start a group with a name prefix."""
        return RouteRegistrar(self).name(name)

    def middleware(self, *middleware: Any) -> RouteRegistrar:
        """Start a group with middleware."""
        return RouteRegistrar(self).middleware(*middleware)

    def without_middleware(self, *middleware: Any) -> RouteRegistrar:
        """Start a group excluding middleware."""
        return RouteRegistrar(self).without_middleware(*middleware)

    def domain(self, domain: str) -> RouteRegistrar:
        """Start a group for a host (``{account}.example.com``)."""
        return RouteRegistrar(self).domain(domain)

    def controller(self, controller: Any) -> RouteRegistrar:
        """Start a group whose string actions are methods of ``controller``."""
        return RouteRegistrar(self).controller(controller)

    def where(self, name: str | Mapping[str, str], pattern: str | None = None) -> RouteRegistrar:
        """Start a group with parameter constraints."""
        return RouteRegistrar(self).where(name, pattern)

    def scope_bindings(self) -> RouteRegistrar:
        """Start a group whose child bindings resolve through their parent (``scopeBindings``)."""
        return RouteRegistrar(self).scope_bindings()

    def without_scoped_bindings(self) -> RouteRegistrar:
        """Start a group whose bindings never resolve through their parent."""
        return RouteRegistrar(self).without_scoped_bindings()

    def current_group(self) -> GroupAttributes:
        """The merged attributes of the groups open right now."""
        return self._stack[-1]

    @contextmanager
    def using_group(self, attributes: GroupAttributes, replace: bool = False) -> Iterator[None]:
        """Open a group for the duration of a ``with`` block."""
        self._stack.append(attributes if replace else self._stack[-1].merge(attributes))
        try:
            yield
        finally:
            self._stack.pop()

    def load(self, path: str | Path, base: Path | None = None) -> None:
        """Load a route file into this router."""
        load_routes_file(Path(path), base)

    # -- names and conflicts --------------------------------------------------------------
    def _name_route(self, route: Route, name: str) -> None:
        if not route.registered:
            route.route_name = name
            return
        other = self._names.get(name)
        if other is not None and other is not route:
            raise RouteConflictError(
                f"Route name [{name}] is used twice: {_where(other)} and {_where(route)}"
            )
        if route.route_name is not None and self._names.get(route.route_name) is route:
            del self._names[route.route_name]
        route.route_name = name
        self._names[name] = route

    def _route_changed(self, route: Route) -> None:
        route.runner = None
        if route.registered:
            self._shapes.add(route)
            self._matcher = None
        elif route.is_fallback and route in self._fallbacks.values():
            self._matcher = None

    # -- lookup ---------------------------------------------------------------------------
    def has(self, *names: str) -> bool:
        """Whether every name is a route name."""
        return all(n in self._names for n in names)

    def get_by_name(self, name: str) -> Route | None:
        """The route called ``name``, or None."""
        return self._names.get(name)

    def current(self) -> Route | None:
        """The route of the request being handled."""
        request = current_request.get()
        if request is None:  # dispatched under the http kernel: its current request
            try:
                request = http.request()
            except RuntimeError:
                return None
        route = getattr(request, "route", None)
        return route if isinstance(route, Route) else None

    def current_route_name(self) -> str | None:
        """The name of the route being handled."""
        route = self.current()
        return route.route_name if route is not None else None

    def is_(self, *patterns: str) -> bool:
        """Whether the current route's name matches one of the ``fnmatch`` patterns."""
        import fnmatch

        name = self.current_route_name()
        return name is not None and any(fnmatch.fnmatchcase(name, p) for p in patterns)

    def compile(self) -> Matcher:
        """Build the matching table (done lazily; call it at boot to surface errors early)."""
        matcher = Matcher()
        for route in self.routes:
            if route.action is None:
                raise RouteDefinitionError(
                    f"Route {route.display_uri()} ({route.location}) has no action"
                )
            try:
                matcher.add(route, route.methods, route.segments, route.patterns(), route.domain_)
            except re.error as exc:  # a global pattern or a group's where()
                raise RouteDefinitionError(
                    f"Route {route.display_uri()} ({route.location}) has an invalid parameter "
                    f"pattern: {exc}"
                ) from None
        for route in self.fallbacks():
            try:
                matcher.add_fallback(route, route.uri, route.patterns(), route.domain_)
            except re.error as exc:
                raise RouteDefinitionError(
                    f"Fallback {route.display_uri()} ({route.location}) has an invalid domain "
                    f"pattern: {exc}"
                ) from None
        self._matcher = matcher
        return matcher

    def find(self, method: str, path: str, host: str = "") -> tuple[Route, dict[str, str]]:
        """The route and parameters for a request; raises NotFound/MethodNotAllowed.

        An OPTIONS request for a path without an OPTIONS route raises MethodNotAllowed here;
        ``dispatch`` answers it with the ``Allow`` header instead.
        """
        try:
            found = self._match(method.upper(), path, host)
        except _Options as options:
            raise MethodNotAllowed(options.allowed) from None
        if found is None:
            raise NotFound()
        return found

    def _lookup(self, method: str, path: str, host: str) -> tuple[Route, dict[str, str]]:
        found = self._match(method, path, host)
        if found is None:
            raise NotFound()
        return found

    def _match(self, method: str, path: str, host: str) -> tuple[Route, dict[str, str]] | None:
        """Like ``_lookup``, but None when nothing matches (no exception on the 404 path)."""
        matcher = self._matcher or self.compile()
        values: list[str] = []
        endpoint = matcher.match(method, path, host, values)
        if endpoint is not None:
            return endpoint.route, _params(endpoint.names, values)
        return self._unmatched(matcher, method, path, host)

    def _unmatched(
        self, matcher: Matcher, method: str, path: str, host: str
    ) -> tuple[Route, dict[str, str]] | None:
        """What a path no route matches gets: 405/OPTIONS, a fallback, or None (404)."""
        allowed = matcher.allowed(path, host)
        if allowed and method != "OPTIONS":
            raise MethodNotAllowed(sorted(_with_implied(allowed)))
        if matcher.fallbacks and method in ("GET", "HEAD"):
            fallback = matcher.fallback(path, host)
            if fallback is not None:
                return fallback
        if allowed:
            raise _Options(sorted(_with_implied(allowed)))
        return None

    # -- dispatch -------------------------------------------------------------------------
    def dispatch(self, request: Any) -> Any:
        """Match ``request`` and run its route (route middleware included); await the result.

        Not ``async def``: under the http kernel (which sets the current request) a built
        route's runner coroutine is returned as is, one frame less per request; NotFound and
        MethodNotAllowed may raise before anything is awaited.
        """
        return self.dispatch_current(request, self._under_kernel(request))

    def dispatch_current(self, request: Any, current: bool = True) -> Any:
        """``dispatch`` for a caller that made ``request`` the http current request (the
        kernel): nothing checks it again. With ``current`` false, the router sets its own."""
        method = request.method
        if method == "POST" and self._spoofs_methods():
            return self._dispatch(request, method)
        matcher = self._matcher or self.compile()
        path = request.path
        # A static path as requested ("/users") is one lookup, without match()'s call.
        leaf = None if matcher.hosts else matcher.exact.get(path)
        endpoint = leaf.get(method) if leaf is not None else None
        if endpoint is not None:
            route = endpoint.route
            params: dict[str, str] = {}
        else:
            host = _request_host(request) if matcher.hosts else ""
            values: list[str] = []
            endpoint = matcher.match(method, path, host, values)  # _match inlined: hot path
            if endpoint is not None:
                route = endpoint.route
                if not values:
                    params = {}
                elif len(values) == 1:
                    params = {endpoint.names[0]: values[0]}
                else:
                    params = dict(zip(endpoint.names, values))  # noqa: B905 - same length
            else:
                try:
                    found = self._unmatched(matcher, method, path, host)
                except _Options as options:
                    return _ready(options.response())
                if found is None:
                    # Raised when awaited, one frame deep, not through the five between
                    # here and the kernel: scanners' 404s come all day.
                    return _not_found()
                route, params = found
        runner = route.runner
        if runner is None or not current:
            return self._run(request, route, params)
        request.route = route
        request.route_params = params
        bare = route.bare_handler
        if bare is not None and method in _NO_BODY:
            return bare()  # what the runner would do, one call less
        return runner(request)

    async def _dispatch(self, request: Any, method: str) -> Any:
        method = await spoofed_method(request)
        matcher = self._matcher or self.compile()
        try:
            route, params = self._lookup(
                method, request.path, _request_host(request) if matcher.hosts else ""
            )
        except _Options as options:
            return options.response()
        return await self._run(request, route, params)

    async def _run(self, request: Any, route: Route, params: dict[str, str]) -> Any:
        # For url().current() and router.current() (the route itself lives on the request).
        token = current_request.set(request)
        try:
            runner = route.runner
            if runner is None:
                runner = route.runner = await build_runner(self, route)
            request.route = route
            request.route_params = params
            return await runner(request)
        finally:
            current_request.reset(token)

    def _under_kernel(self, request: Any) -> bool:
        """Whether the http kernel is handling ``request`` (it is then the current request
        that ``router.current()`` and ``url().current()`` read)."""
        try:
            return http.request() is request
        except RuntimeError:
            return False

    async def limit_body(self, request: Any) -> None:
        """Cap a POSTed form that must be read before routing (for ``_method``) at the
        largest ``body_limit:`` of the routes it may reach (the http kernel calls this), so
        the limit holds while the body streams in; each route then checks its own."""
        matcher = self._matcher or self.compile()
        host = _request_host(request) if matcher.hosts else ""
        limits: list[int | None] = []
        for method in ("POST", *_SPOOFABLE):
            try:
                route, _ = self._lookup(method, request.path, host)
            except (NotFound, MethodNotAllowed, _Options):
                continue
            if route.runner is None:
                route.runner = await build_runner(self, route)
            limit = route.body_limit_
            limits.append(request.max_body_size if limit is None else limit)
        if limits:
            request.max_body_size = None if None in limits else max(int(x or 0) for x in limits)

    def _spoofs_methods(self) -> bool:
        """``_method`` spoofing is the http kernel's (it may be turned off there); a router
        without a kernel does it itself."""
        spoofs = self._spoofs
        if spoofs is None:
            container = self.container
            spoofs = self._spoofs = not (container is not None and container.bound("http.kernel"))
        return spoofs

    def list_routes(self) -> list[dict[str, Any]]:
        """What ``route:list`` shows: method, URI, name, action, middleware, domain."""
        from ._listing import list_routes

        return list_routes(self)


class _Options(Exception):
    """Internal: an automatic OPTIONS answer (no OPTIONS route, but the path exists)."""

    def __init__(self, allowed: list[str]) -> None:
        super().__init__()
        self.allowed = allowed

    def response(self) -> Any:
        return http.Response("", 200, headers={"Allow": ", ".join(self.allowed)})


def _params(names: tuple[str, ...], values: list[str]) -> dict[str, str]:
    if not values:
        return {}
    if len(values) == 1:
        return {names[0]: values[0]}
    return dict(zip(names, values))  # noqa: B905 - same length


async def _ready(value: Any) -> Any:
    return value


async def _not_found() -> Any:
    raise NotFound()


def _fallback_order(route: Route) -> tuple[int, bool]:
    """Longest prefix first; at the same prefix, a domain's fallback before the catch-all."""
    return -len(route.uri), not route.domain_


def _with_implied(allowed: set[str]) -> set[str]:
    out = set(allowed)
    if "GET" in out:
        out.add("HEAD")
    out.add("OPTIONS")
    return out


def _where(route: Route) -> str:
    return f"{'|'.join(route.methods)} {route.display_uri()} ({route.location})"


def _request_host(request: Any) -> str:
    """The host a request asked for (the http Request's honours trusted proxies)."""
    host = getattr(request, "host", None)
    return host if isinstance(host, str) else _host(request.scope)


def _host(scope: Mapping[str, Any]) -> str:
    for key, value in scope.get("headers") or ():
        if key == b"host":
            return str(value.decode("latin-1"))
    server = scope.get("server")
    return str(server[0]) if server else ""
