"""Protocols for values that know how to present themselves (Laravel's Support contracts)."""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable


@runtime_checkable
class Arrayable(Protocol):
    """A value that converts to plain Python data (dict or list) for JSON responses."""

    def to_dict(self) -> Any:
        """Return plain data (dicts, lists, scalars)."""
        ...


@runtime_checkable
class Jsonable(Protocol):
    """A value that serialises itself to a JSON string."""

    def to_json(self) -> str:
        """Return the JSON text of this value."""
        ...


@runtime_checkable
class Htmlable(Protocol):
    """A value that is already safe HTML (the ``__html__`` convention of MarkupSafe/Jinja2)."""

    def __html__(self) -> str:
        """Return the HTML, which must not be escaped again."""
        ...


@runtime_checkable
class Renderable(Protocol):
    """A value that renders itself to a string (a view, a paginator's links)."""

    def render(self) -> str:
        """Return the rendered text."""
        ...


@runtime_checkable
class Responsable(Protocol):
    """A value that turns itself into an HTTP response for a request."""

    def to_response(self, request: Any) -> Any:
        """Return a response object (may be awaitable) for ``request``."""
        ...
