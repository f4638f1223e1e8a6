"""Conflict detection at registration: no two routes share a method and a URI shape.

Rules: a route's shape is its URI with each parameter replaced by its constraint, per
variant (each omitted trailing optional parameter gives one), per method and domain. Two
routes with the same shape could never both be reached, so the second registration raises,
naming both places. Changing a route's constraints or domain re-checks it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from ._errors import RouteConflictError
from ._uri import Segment, required_count

if TYPE_CHECKING:
    from ._route import Route

Key = tuple[str | None, str, str]


class ShapeIndex:
    """Every registered route by (domain, method, shape)."""

    __slots__ = ("_keys", "_shapes")

    def __init__(self) -> None:
        self._shapes: dict[Key, Route] = {}
        self._keys: dict[int, list[Key]] = {}

    def add(self, route: Route) -> None:
        """Index ``route`` (again, after a change); raise when another route has its shape."""
        patterns = route.patterns()
        keys = []
        for end in range(required_count(route.segments), len(route.segments) + 1):
            shape = "/".join(_shape(s, patterns) for s in route.segments[:end])
            for method in route.methods:
                key = (route.domain_, method, shape)
                other = self._shapes.get(key)
                if other is not None and other is not route:
                    raise RouteConflictError(
                        f"Route {method} {route.display_uri()} ({route.location}) conflicts "
                        f"with {method} {other.display_uri()} ({other.location})"
                    )
                keys.append(key)
        self.remove(route)
        for key in keys:
            self._shapes[key] = route
        self._keys[id(route)] = keys

    def remove(self, route: Route) -> None:
        """Forget ``route``."""
        for key in self._keys.pop(id(route), []):
            if self._shapes.get(key) is route:
                del self._shapes[key]


def _shape(segment: Segment, patterns: Mapping[str, str]) -> str:
    if segment.static:
        return segment.text
    return "".join(
        part if isinstance(part, str) else "{" + patterns.get(part.name, "") + "}"
        for part in segment.parts
    )
