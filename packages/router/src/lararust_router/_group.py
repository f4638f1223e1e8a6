"""Route groups: shared prefix, name prefix, middleware, domain, controller and constraints.

Rules: a group's attributes merge into the enclosing group's (prefixes and names concatenate,
middleware appends, the innermost domain/controller wins) and apply to routes registered while
it is open, whichever form opened it: ``with Route.prefix("admin").group():``, a callback
``Route.middleware("auth").group(fn)``, or a route file path.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._errors import RouteDefinitionError
from ._route import middleware_list
from ._uri import join

if TYPE_CHECKING:
    from ._resource import PendingResource
    from ._route import Route
    from ._router import Router
    from ._singleton import PendingSingletonResource


@dataclass(frozen=True, slots=True)
class GroupAttributes:
    """The merged attributes of the groups currently open."""

    prefix: str = ""
    name: str = ""
    middleware: tuple[Any, ...] = ()
    without: tuple[Any, ...] = ()
    domain: str | None = None
    controller: Any = None
    wheres: Mapping[str, str] = field(default_factory=dict)
    #: True: child bindings resolve through their parent; False: never; None: when keyed.
    scope_bindings: bool | None = None

    def merge(self, other: GroupAttributes) -> GroupAttributes:
        """These attributes with an inner group's on top."""
        return GroupAttributes(
            prefix=join(self.prefix, other.prefix),
            name=self.name + other.name,
            middleware=self.middleware + other.middleware,
            without=self.without + other.without,
            domain=other.domain if other.domain is not None else self.domain,
            controller=other.controller if other.controller is not None else self.controller,
            wheres={**self.wheres, **other.wheres},
            scope_bindings=(
                other.scope_bindings if other.scope_bindings is not None else self.scope_bindings
            ),
        )


class RouteRegistrar:
    """Collects group attributes fluently, then opens a group or registers one route."""

    def __init__(self, router: Router, attributes: GroupAttributes | None = None) -> None:
        self._router = router
        self._attributes = attributes or GroupAttributes()

    def _with(self, **changes: Any) -> RouteRegistrar:
        self._attributes = replace(self._attributes, **changes)
        return self

    def prefix(self, prefix: str) -> RouteRegistrar:
        """URI prefix of the group."""
        return self._with(prefix=join(self._attributes.prefix, prefix))

    def name(self, name: str) -> RouteRegistrar:
        """Name prefix of the group (``"admin."``)."""
        return self._with(name=self._attributes.name + name)

    def middleware(self, *middleware: Any) -> RouteRegistrar:
        """Middleware for every route of the group."""
        return self._with(
            middleware=self._attributes.middleware + tuple(middleware_list(middleware))
        )

    def without_middleware(self, *middleware: Any) -> RouteRegistrar:
        """Middleware excluded from every route of the group."""
        return self._with(without=self._attributes.without + tuple(middleware_list(middleware)))

    def domain(self, domain: str) -> RouteRegistrar:
        """Host the group's routes answer on (``{account}.example.com``)."""
        return self._with(domain=domain)

    def controller(self, controller: Any) -> RouteRegistrar:
        """Controller whose methods the group's string actions name."""
        return self._with(controller=controller)

    def where(self, name: str | Mapping[str, str], pattern: str | None = None) -> RouteRegistrar:
        """Parameter constraints for every route of the group."""
        if not isinstance(name, Mapping) and pattern is None:
            raise RouteDefinitionError(f"where({name!r}) needs a pattern")
        items = dict(name) if isinstance(name, Mapping) else {name: str(pattern)}
        return self._with(wheres={**self._attributes.wheres, **items})

    def scope_bindings(self) -> RouteRegistrar:
        """Resolve the group's child bindings through their parent (Laravel's
        ``scopeBindings``): ``/users/{user}/posts/{post}`` finds the user's post."""
        return self._with(scope_bindings=True)

    def without_scoped_bindings(self) -> RouteRegistrar:
        """Never resolve the group's bindings through their parent, even ``{post:slug}``."""
        return self._with(scope_bindings=False)

    def group(self, routes: Callable[..., Any] | str | Path | None = None) -> Any:
        """Open the group: a context manager without argument, else run a callback or file."""
        if routes is None:
            return self._router.using_group(self._attributes)
        with self._router.using_group(self._attributes):
            if isinstance(routes, (str, Path)):
                load_routes_file(Path(routes))
            else:
                routes(self._router) if _takes_argument(routes) else routes()
        return None

    # Registering one route with the collected attributes (``Route.middleware("a").get(...)``).
    def _add(self, methods: list[str], uri: str, action: Any) -> Route:
        with self._router.using_group(self._attributes):
            return self._router.add_route(methods, uri, action)

    def get(self, uri: str, action: Any = None) -> Route:
        """A GET (and HEAD) route with the group's attributes."""
        return self._add(["GET"], uri, action)

    def post(self, uri: str, action: Any = None) -> Route:
        """A POST route with the group's attributes."""
        return self._add(["POST"], uri, action)

    def put(self, uri: str, action: Any = None) -> Route:
        """A PUT route with the group's attributes."""
        return self._add(["PUT"], uri, action)

    def patch(self, uri: str, action: Any = None) -> Route:
        """A PATCH route with the group's attributes."""
        return self._add(["PATCH"], uri, action)

    def delete(self, uri: str, action: Any = None) -> Route:
        """A DELETE route with the group's attributes."""
        return self._add(["DELETE"], uri, action)

    def options(self, uri: str, action: Any = None) -> Route:
        """An OPTIONS route with the group's attributes."""
        return self._add(["OPTIONS"], uri, action)

    def match(self, methods: list[str], uri: str, action: Any = None) -> Route:
        """A route for several methods with the group's attributes."""
        return self._add(methods, uri, action)

    def any(self, uri: str, action: Any = None) -> Route:
        """A route for every method with the group's attributes."""
        from ._router import ALL_METHODS

        return self._add(list(ALL_METHODS), uri, action)

    def resource(self, name: str, controller: Any, **options: Any) -> PendingResource:
        """A resource controller with the group's attributes."""
        with self._router.using_group(self._attributes):
            return self._router.resource(name, controller, **options)

    def api_resource(self, name: str, controller: Any, **options: Any) -> PendingResource:
        """An API resource controller with the group's attributes."""
        with self._router.using_group(self._attributes):
            return self._router.api_resource(name, controller, **options)

    def singleton(self, name: str, controller: Any, **options: Any) -> PendingSingletonResource:
        """A singleton resource with the group's attributes."""
        with self._router.using_group(self._attributes):
            return self._router.singleton(name, controller, **options)

    def api_singleton(self, name: str, controller: Any, **options: Any) -> PendingSingletonResource:
        """An API singleton resource with the group's attributes."""
        with self._router.using_group(self._attributes):
            return self._router.api_singleton(name, controller, **options)


def _takes_argument(fn: Callable[..., Any]) -> bool:
    import inspect

    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return False
    return any(
        p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
        for p in params
    )


def load_routes_file(path: Path, base: Path | None = None, module_name: str | None = None) -> None:
    """Run a route file (``routes/web.py``) so its ``Route.*`` calls register.

    Under ``base`` the file runs as the module its path names (``routes.web``) and is kept in
    ``sys.modules``, so handlers it defines get an importable ``module:qualname`` (what the
    route cache stores). Running it again re-registers its routes into the current router.
    """
    path = path.resolve()
    if not path.is_file():
        raise RouteDefinitionError(f"Route file [{path}] does not exist")
    if module_name is None:
        module_name = _module_name(path, base)
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise RouteDefinitionError(f"Route file [{path}] cannot be loaded")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)


def _module_name(path: Path, base: Path | None) -> str:
    module_name = f"lararust_routes.{path.stem}"
    if base is not None:
        try:
            relative = path.relative_to(base.resolve()).with_suffix("")
        except ValueError:
            relative = None
        if relative is not None and all(part.isidentifier() for part in relative.parts):
            module_name = ".".join(relative.parts)
    return module_name
