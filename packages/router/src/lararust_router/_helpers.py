"""Global helpers: ``route()``, ``url()``, ``asset()`` (templates get them shared too)."""

from __future__ import annotations

from typing import Any, overload

from ._facade import Route
from ._url import UrlGenerator


def _generator() -> UrlGenerator:
    return Route.resolve().url


def route(name: str, parameters: Any = None, absolute: bool = True, **kwargs: Any) -> str:
    """URL of a named route: ``route("users.show", user=1)``; extras become the query string."""
    return _generator().route(name, parameters, absolute, **kwargs)


@overload
def url() -> UrlGenerator: ...
@overload
def url(path: str, absolute: bool = True, **query: Any) -> str: ...
def url(path: str | None = None, absolute: bool = True, **query: Any) -> UrlGenerator | str:
    """The URL generator (``url().current()``), or the URL of ``path``."""
    generator = _generator()
    if path is None:
        return generator
    return generator.to(path, absolute, **query)


def asset(path: str, secure: bool | None = None) -> str:
    """URL of a public asset (``asset("css/app.css")``)."""
    return _generator().asset(path, secure)
