"""The rows ``route:list`` shows (method, URI, name, action, middleware, domain)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._router import Router


def list_routes(router: Router) -> list[dict[str, Any]]:
    """One row per route in registration order, the fallbacks last; GET routes list HEAD."""
    rows = []
    for route in [*router.routes, *reversed(router.fallbacks())]:
        methods = list(route.methods)
        if "GET" in methods and "HEAD" not in methods:
            methods.insert(methods.index("GET") + 1, "HEAD")
        rows.append(
            {
                "method": "|".join(methods),
                "uri": "/" + route.uri if not route.is_fallback else _fallback_uri(route.uri),
                "name": route.route_name,
                "action": route.action_name(),
                "middleware": [_display_middleware(m) for m in route.gather_middleware()],
                "domain": route.domain_,
            }
        )
    return rows


def _fallback_uri(prefix: str) -> str:
    return f"/{prefix}/{{fallback}}" if prefix else "{fallback}"


def _display_middleware(item: Any) -> str:
    if isinstance(item, str):
        return item
    if isinstance(item, type):
        return f"{item.__module__}.{item.__qualname__}"
    return type(item).__qualname__
