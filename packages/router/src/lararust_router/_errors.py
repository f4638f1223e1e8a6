"""Errors the router raises on purpose; each names the route and where it was registered."""

from __future__ import annotations

from lararust_contracts import LaraRustError


class RouteDefinitionError(LaraRustError):
    """A route is malformed: bad URI, unknown action, misplaced optional parameter..."""


class RouteConflictError(RouteDefinitionError):
    """Two routes share a name, or the same method and URI (both places are named)."""


class UrlGenerationError(LaraRustError):
    """A URL could not be built: unknown route name or missing parameter."""


class RouteCacheError(LaraRustError):
    """A route cannot be cached (closure, lambda, nested function) or the cache is unreadable."""
