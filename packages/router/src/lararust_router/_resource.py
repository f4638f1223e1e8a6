"""Resource routes: the seven conventional actions of a controller, nested and shallow.

Rules: ``Route.resource("photos", PhotoController)`` registers at once (so the routes exist
even if the result is dropped); each modifier (``only``, ``except_``, ``names``,
``parameters``, ``shallow``, ``missing``, ``middleware``, ``where``) re-registers them with
the group attributes captured at the first call, so modifiers can come in any order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

from ._action import Action
from ._group import GroupAttributes
from ._inflect import singular
from ._route import Route, caller_location, middleware_list

if TYPE_CHECKING:
    from ._router import Router

RESOURCE_ACTIONS = ("index", "create", "store", "show", "edit", "update", "destroy")
API_ACTIONS = ("index", "store", "show", "update", "destroy")
_METHODS = {
    "index": ["GET"],
    "create": ["GET"],
    "store": ["POST"],
    "show": ["GET"],
    "edit": ["GET"],
    "update": ["PUT", "PATCH"],
    "destroy": ["DELETE"],
}
_MEMBER = {"show", "edit", "update", "destroy"}


class PendingResource:
    """The routes of one resource; chain modifiers on it."""

    def __init__(
        self,
        router: Router,
        name: str,
        controller: Any,
        *,
        api: bool = False,
        only: Iterable[str] | None = None,
        except_: Iterable[str] | None = None,
        names: Mapping[str, str] | str | None = None,
        parameters: Mapping[str, str] | None = None,
        shallow: bool = False,
    ) -> None:
        self._router = router
        self._name = name.strip("/")
        self._controller = controller
        self._actions = list(API_ACTIONS if api else RESOURCE_ACTIONS)
        self._group: GroupAttributes = router.current_group()
        self._location = caller_location()
        self._names: dict[str, str] = {}
        self._name_prefix: str | None = None
        self._parameters: dict[str, str] = dict(parameters or {})
        self._fields: dict[str, str] = {}
        self._shallow = shallow
        self._missing: Callable[..., Any] | None = None
        self._middleware: list[Any] = []
        self._without: list[Any] = []
        self._wheres: dict[str, str] = {}
        self.routes: list[Route] = []
        if only is not None:
            self._actions = [a for a in self._actions if a in set(only)]
        if except_ is not None:
            self._actions = [a for a in self._actions if a not in set(except_)]
        self._set_names(names)
        self._register()

    # -- modifiers ------------------------------------------------------------------------
    def only(self, actions: Iterable[str] | str, *more: str) -> PendingResource:
        """Keep only these actions."""
        keep = {actions, *more} if isinstance(actions, str) else set(actions) | set(more)
        self._actions = [a for a in self._actions if a in keep]
        return self._register()

    def except_(self, actions: Iterable[str] | str, *more: str) -> PendingResource:
        """Drop these actions."""
        drop = {actions, *more} if isinstance(actions, str) else set(actions) | set(more)
        self._actions = [a for a in self._actions if a not in drop]
        return self._register()

    def names(self, names: Mapping[str, str] | str) -> PendingResource:
        """Rename routes (``{"index": "photos.all"}``) or replace the name base (``"pics"``)."""
        self._set_names(names)
        return self._register()

    def name(self, action: str, name: str) -> PendingResource:
        """Rename one action's route."""
        self._names[action] = name
        return self._register()

    def parameters(self, parameters: Mapping[str, str]) -> PendingResource:
        """Rename URI parameters (``{"photos": "picture"}`` gives ``{picture}``)."""
        self._parameters.update(parameters)
        return self._register()

    def parameter(self, resource: str, parameter: str) -> PendingResource:
        """Rename one URI parameter."""
        return self.parameters({resource: parameter})

    def scoped(self, fields: Mapping[str, str]) -> PendingResource:
        """Bind parameters by a field: ``scoped({"comment": "slug"})`` gives ``{comment:slug}``."""
        self._fields.update(fields)
        return self._register()

    def shallow(self, shallow: bool = True) -> PendingResource:
        """Nested member routes drop their parents (``/comments/{comment}``)."""
        self._shallow = shallow
        return self._register()

    def missing(self, handler: Callable[..., Any]) -> PendingResource:
        """Call ``handler(request)`` instead of a 404 when a bound model is missing."""
        self._missing = handler
        return self._register()

    def middleware(self, *middleware: Any) -> PendingResource:
        """Middleware for every route of the resource."""
        self._middleware.extend(middleware_list(middleware))
        return self._register()

    def without_middleware(self, *middleware: Any) -> PendingResource:
        """Middleware excluded from the resource's routes."""
        self._without.extend(middleware_list(middleware))
        return self._register()

    def where(self, wheres: Mapping[str, str]) -> PendingResource:
        """Constraints for the resource's parameters."""
        self._wheres.update(wheres)
        return self._register()

    # -- registration ---------------------------------------------------------------------
    def _set_names(self, names: Mapping[str, str] | str | None) -> None:
        if isinstance(names, str):
            self._name_prefix = names
        elif names is not None:
            self._names.update(names)

    def _param(self, resource: str) -> str:
        name = self._parameters.get(resource) or singular(resource).replace("-", "_")
        field = self._fields.get(name)
        return f"{name}:{field}" if field else name

    def _register(self) -> PendingResource:
        for route in self.routes:
            self._router.remove_route(route)
        self.routes = []
        with self._router.using_group(self._group, replace=True):
            for action in self._actions:
                self.routes.append(self._add(action))
        return self

    def _uri(self, action: str) -> str:
        prefix, _, path = self._name.rpartition("/")
        parts = path.split(".")
        *parents, last = parts
        member = action in _MEMBER
        pieces = [prefix] if prefix else []
        if not (self._shallow and member):
            pieces += [f"{p}/{{{self._param(p)}}}" for p in parents]
        pieces.append(last)
        if member:
            pieces.append(f"{{{self._param(last)}}}")
        if action in ("create", "edit"):
            pieces.append(action)
        return "/".join(pieces)

    def _route_name(self, action: str) -> str:
        if action in self._names:
            return self._names[action]
        parts = self._name.rpartition("/")[2].split(".")
        if self._shallow and action in _MEMBER:
            parts = parts[-1:]
        base = self._name_prefix if self._name_prefix is not None else ".".join(parts)
        return f"{base}.{action}"

    def _add(self, action: str) -> Route:
        route = self._router.add_route(
            _METHODS[action],
            self._uri(action),
            # Not validated against the class: .only()/.except_() may drop absent methods.
            Action("controller", self._controller, action),
            self._location,
        )
        if self._middleware:
            route.middleware(*self._middleware)
        if self._without:
            route.without_middleware(*self._without)
        if self._wheres:
            route.where(self._wheres)
        if self._missing is not None:
            route.missing(self._missing)
        return route.name(self._route_name(action))
