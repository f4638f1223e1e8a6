"""One registered route and its fluent modifiers (``.name()``, ``.where()``, ``.middleware()``).

Rules: every modifier returns the route, so calls chain as in Laravel. A modifier that changes
how the route matches (or its name) tells the router at once, which re-checks for conflicts and
recompiles the table lazily. The route records the file and line of its registration: every
conflict error names both places.
"""

from __future__ import annotations

import re
import sys
import types
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from ._action import Action, make_action
from ._errors import RouteDefinitionError
from ._uri import PARAM_RE, Param, Segment, parse_uri

if TYPE_CHECKING:
    from ._router import Router

F = TypeVar("F", bound=Callable[..., Any])

NUMBER = "[0-9]+"
ALPHA = "[a-zA-Z]+"
ALPHA_NUMERIC = "[a-zA-Z0-9]+"
UUID = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
ULID = "[0-7][0-9a-hjkmnp-tv-zA-HJKMNP-TV-Z]{25}"

_INTERNAL = ("lararust_router", "lararust_support")


def caller_location() -> str:
    """``file:line`` of the first frame outside the router (the user's registration)."""
    frame: types.FrameType | None = sys._getframe(1)
    while frame is not None:
        module = frame.f_globals.get("__name__", "")
        if not (isinstance(module, str) and module.startswith(_INTERNAL)):
            return f"{frame.f_code.co_filename}:{frame.f_lineno}"
        frame = frame.f_back
    return "<unknown>"


def middleware_list(items: Iterable[Any]) -> list[Any]:
    """Flatten ``"a", ["b", "c"]`` into a list, keeping classes and instances as they are."""
    out: list[Any] = []
    for item in items:
        if isinstance(item, (list, tuple)):
            out.extend(item)
        else:
            out.append(item)
    return out


class Route:
    """A route: methods, URI, action and everything that shapes how it matches and runs."""

    def __init__(
        self,
        router: Router,
        methods: Iterable[str],
        uri: str,
        action: Action | None,
        location: str,
    ) -> None:
        self.router = router
        self.methods: tuple[str, ...] = tuple(dict.fromkeys(m.upper() for m in methods))
        self.uri = uri
        self.segments: tuple[Segment, ...] = parse_uri(uri)
        self.action = action
        self.location = location
        self.route_name: str | None = None
        self.name_prefix = ""
        self.middleware_: list[Any] = []
        self.excluded_middleware: list[Any] = []
        self.wheres: dict[str, str] = {}
        self.defaults_: dict[str, Any] = {}
        self.domain_: str | None = None
        self.missing_: Callable[..., Any] | None = None
        self.is_fallback = False
        self.registered = False  # in the router's table (set by Router.add_route)
        self.url_template: list[Any] | None = None  # built by the UrlGenerator on first use
        # Filled lazily by the router on first dispatch (the compiled handler + middleware).
        self.runner: Any = None
        # Built with the runner: an ``async def`` handler taking nothing and no route
        # middleware, which a GET/HEAD/OPTIONS request calls directly (else None).
        self.bare_handler: Any = None
        # The route's ``body_limit:`` in bytes (None: the global limit), known with the runner.
        self.body_limit_: int | None = None
        # True: child bindings resolve through their parent; False: never; None: only those
        # with a custom key (``{post:slug}``), as in Laravel.
        self.scope_bindings_: bool | None = None

    # -- the decorator form -------------------------------------------------------------
    def __call__(self, fn: F) -> F:
        """Use the route as a decorator: ``@Route.get("/ping")`` sets the handler."""
        if self.action is not None:
            raise RouteDefinitionError(
                f"Route {self.display_uri()} ({self.location}) already has an action"
            )
        self.action = make_action(fn)
        self.router._route_changed(self)
        return fn

    # -- modifiers ----------------------------------------------------------------------
    def name(self, name: str) -> Route:
        """Name the route (a group's name prefix is prepended)."""
        self.router._name_route(self, self.name_prefix + name)
        return self

    def middleware(self, *middleware: Any) -> Route:
        """Add middleware (aliases like ``"auth"``, ``"throttle:60,1"``, or classes)."""
        self.middleware_.extend(middleware_list(middleware))
        self.router._route_changed(self)
        return self

    def without_middleware(self, *middleware: Any) -> Route:
        """Exclude middleware a group would add."""
        self.excluded_middleware.extend(middleware_list(middleware))
        self.router._route_changed(self)
        return self

    def where(self, name: str | Mapping[str, str], pattern: str | None = None) -> Route:
        """Constrain parameters by regular expression (``where("id", r"\\d+")``)."""
        items = name.items() if isinstance(name, Mapping) else [(name, pattern)]
        for key, value in items:
            if value is None:
                raise RouteDefinitionError(f"where({key!r}) needs a pattern")
            try:
                re.compile(value)
            except re.error as exc:
                raise RouteDefinitionError(
                    f"where({key!r}, {value!r}) of route {self.display_uri()} ({self.location}) "
                    f"is not a valid regular expression: {exc}"
                ) from None
            self.wheres[key] = value
        self.router._route_changed(self)
        return self

    def where_number(self, *names: str) -> Route:
        """Constrain parameters to digits."""
        return self.where({n: NUMBER for n in names})

    def where_alpha(self, *names: str) -> Route:
        """Constrain parameters to ASCII letters."""
        return self.where({n: ALPHA for n in names})

    def where_alpha_numeric(self, *names: str) -> Route:
        """Constrain parameters to ASCII letters and digits."""
        return self.where({n: ALPHA_NUMERIC for n in names})

    def where_uuid(self, *names: str) -> Route:
        """Constrain parameters to UUIDs."""
        return self.where({n: UUID for n in names})

    def where_ulid(self, *names: str) -> Route:
        """Constrain parameters to ULIDs."""
        return self.where({n: ULID for n in names})

    def where_in(self, name: str, values: Iterable[Any]) -> Route:
        """Constrain a parameter to one of ``values``."""
        return self.where(name, "|".join(re.escape(str(v)) for v in values))

    def defaults(self, key: str | Mapping[str, Any], value: Any = None) -> Route:
        """Default values for parameters (used when an optional one is absent)."""
        items = key.items() if isinstance(key, Mapping) else [(key, value)]
        self.defaults_.update(items)
        return self

    def domain(self, domain: str) -> Route:
        """Only match requests for this host (``{account}.example.com``)."""
        self.domain_ = domain
        self.router._route_changed(self)
        return self

    def scope_bindings(self) -> Route:
        """Resolve each bound parameter through the one before it (Laravel's
        ``scopeBindings``): in ``/users/{user}/posts/{post}`` the post is asked of the user
        (``user.resolve_child_route_binding("post", value, field)``), so another user's post
        is a 404. A custom key (``{post:slug}``) scopes without asking."""
        self.scope_bindings_ = True
        self.router._route_changed(self)
        return self

    def without_scoped_bindings(self) -> Route:
        """Resolve every bound parameter on its own, even ``{post:slug}`` after a parent."""
        self.scope_bindings_ = False
        self.router._route_changed(self)
        return self

    def missing(self, handler: Callable[..., Any]) -> Route:
        """Call ``handler(request)`` instead of a 404 when a bound model is not found."""
        self.missing_ = handler
        return self

    # -- introspection ------------------------------------------------------------------
    def get_name(self) -> str | None:
        """The route's full name, or None."""
        return self.route_name

    def parameter_names(self) -> list[str]:
        """The names of the URI's parameters, in order."""
        return [p.name for s in self.segments for p in s.params]

    def domain_params(self) -> list[Param]:
        """The parameters of the route's domain (``{account}.example.com``)."""
        if not self.domain_:
            return []
        return [Param(m.group(1), m.group(2), False) for m in PARAM_RE.finditer(self.domain_)]

    def display_uri(self) -> str:
        """The URI with its leading slash (and domain), as listings show it."""
        path = "/" + self.uri
        return f"{self.domain_}{path}" if self.domain_ else path

    def patterns(self) -> dict[str, str]:
        """Effective constraints: the router's global patterns overlaid by this route's."""
        return {**self.router._patterns, **self.wheres}

    def gather_middleware(self) -> list[Any]:
        """Route + controller middleware, minus the excluded ones, without duplicates."""
        items = list(self.middleware_)
        action = self.action
        if action is not None and action.kind == "controller":
            from ._controller import controller_middleware

            items.extend(controller_middleware(action.resolve(), action.method or "__call__"))
        # Top-level exclusions go here; ones inside groups are dropped once groups expand.
        excluded = set(map(_key, self.excluded_middleware))
        out: list[Any] = []
        seen: set[Any] = set()
        for item in items:
            key = _key(item)
            base = key.split(":", 1)[0] if isinstance(key, str) else key
            if key in excluded or base in excluded or key in seen:
                continue
            seen.add(key)
            out.append(item)
        return out

    def action_name(self) -> str:
        """The action as ``route:list`` shows it."""
        return self.action.display() if self.action is not None else "(no action)"

    def __repr__(self) -> str:
        return f"<Route {'|'.join(self.methods)} {self.display_uri()} name={self.route_name!r}>"


def _key(item: Any) -> Any:
    if isinstance(item, str):
        return item
    if isinstance(item, type):
        return f"{item.__module__}:{item.__qualname__}"
    return id(item)
