"""Singleton resources: one unnamed thing per parent (``/profile``, ``/photos/{photo}/thumbnail``).

Rules (Laravel's ``Route::singleton``): ``show``, ``edit`` and ``update`` by default, no index
and no ``{id}`` of its own; ``creatable()`` adds ``create``, ``store`` and ``destroy``,
``destroyable()`` adds ``destroy``; the API form drops the HTML forms (``create``, ``edit``).
Every modifier of :class:`PendingResource` applies, re-registering the routes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ._resource import PendingResource

if TYPE_CHECKING:
    from ._router import Router

_ORDER = ("create", "store", "show", "edit", "update", "destroy")


class PendingSingletonResource(PendingResource):
    """The routes of one singleton resource; chain modifiers on it."""

    def __init__(
        self,
        router: Router,
        name: str,
        controller: Any,
        *,
        api: bool = False,
        only: Iterable[str] | None = None,
        except_: Iterable[str] | None = None,
        **options: Any,
    ) -> None:
        self._api = api
        self._extra: set[str] = set()
        self._keep: set[str] | None = set(only) if only is not None else None
        self._drop: set[str] = set(except_ or ())
        super().__init__(router, name, controller, api=api, **options)

    def creatable(self) -> PendingSingletonResource:
        """Also ``create`` (HTML form; not for the API form), ``store`` and ``destroy``."""
        self._extra.update(("store", "destroy") if self._api else ("create", "store", "destroy"))
        self._register()
        return self

    def destroyable(self) -> PendingSingletonResource:
        """Also ``destroy`` (``DELETE /profile``)."""
        self._extra.add("destroy")
        self._register()
        return self

    def only(self, actions: Iterable[str] | str, *more: str) -> PendingSingletonResource:
        """Keep only these actions."""
        self._keep = {actions, *more} if isinstance(actions, str) else set(actions) | set(more)
        self._register()
        return self

    def except_(self, actions: Iterable[str] | str, *more: str) -> PendingSingletonResource:
        """Drop these actions."""
        self._drop |= {actions, *more} if isinstance(actions, str) else set(actions) | set(more)
        self._register()
        return self

    def _register(self) -> PendingSingletonResource:
        wanted = {"show", "update"} if self._api else {"show", "edit", "update"}
        wanted |= self._extra
        if self._keep is not None:
            wanted &= self._keep
        self._actions = [a for a in _ORDER if a in wanted and a not in self._drop]
        super()._register()
        return self

    def _uri(self, action: str) -> str:
        prefix, _, path = self._name.rpartition("/")
        *parents, last = path.split(".")
        pieces = [prefix] if prefix else []
        pieces += [f"{p}/{{{self._param(p)}}}" for p in parents]
        pieces.append(last)
        if action in ("create", "edit"):
            pieces.append(action)
        return "/".join(pieces)

    def _route_name(self, action: str) -> str:
        if action in self._names:
            return self._names[action]
        parts = self._name.rpartition("/")[2].split(".")
        base = self._name_prefix if self._name_prefix is not None else ".".join(parts)
        return f"{base}.{action}"
