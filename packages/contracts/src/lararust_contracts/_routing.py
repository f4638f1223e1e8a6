"""What the http kernel, views and the ORM need from routing, without importing the router."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol, runtime_checkable


@runtime_checkable
class Dispatcher(Protocol):
    """Routes a request to its handler (the router implements it; the http kernel calls it).

    ``dispatch`` returns the handler's raw return value (the kernel makes it a response) and
    raises ``NotFound``/``MethodNotAllowed`` when nothing matches.
    """

    async def dispatch(self, request: Any) -> Any:
        """Match ``request`` and run its route (route middleware included)."""
        ...


@runtime_checkable
class UrlGenerator(Protocol):
    """Builds URLs (``route(...)``, ``url(...)``, ``asset(...)``)."""

    def route(
        self, name: str, parameters: Mapping[str, Any] | None = None, absolute: bool = True
    ) -> str:
        """URL of the named route; unknown parameters become the query string."""
        ...

    def to(self, path: str, absolute: bool = True) -> str:
        """URL of a path of this application."""
        ...

    def asset(self, path: str) -> str:
        """URL of a public asset."""
        ...


@runtime_checkable
class UrlRoutable(Protocol):
    """A type that route-model binding can resolve from a URL segment.

    For scoped bindings (``/users/{user}/posts/{post:slug}``) a parent instance may also offer
    ``async def resolve_child_route_binding(child, value, field)``, returning the child named
    ``child`` (the parameter's name) that belongs to it, or None; the router asks for it when
    present and binds the child on its own otherwise. It is optional, so not part of this
    protocol's structural check.
    """

    @classmethod
    def route_key_name(cls) -> str:
        """The field a bare ``{param}`` is looked up by (``id``)."""
        ...

    @classmethod
    async def resolve_route_binding(cls, value: str, field: str | None = None) -> Any:
        """Return the instance for ``value`` (by ``field``) or None when absent."""
        ...

    def get_route_key(self) -> Any:
        """The value that stands for this instance in URLs."""
        ...
