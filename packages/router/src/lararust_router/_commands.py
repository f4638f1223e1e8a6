"""``route:list``, ``route:cache`` and ``route:clear`` (announced as ``lararust.commands``)."""

from __future__ import annotations

import json as jsonlib
import sys
from typing import Any, ClassVar

from lararust_contracts import BootLevel

from ._errors import RouteCacheError, RouteDefinitionError
from ._router import Router


def _app() -> Any:
    from lararust_core import app

    return app()


def _fail(message: str) -> int:
    print(f"ERROR {message}", file=sys.stderr)
    return 1


class RouteList:
    """List every registered route."""

    name: ClassVar[str] = "route:list"
    description: ClassVar[str] = "List all registered routes"
    boot: ClassVar[BootLevel] = "app"

    def handle(self, json: bool = False, method: str = "", name: str = "", path: str = "") -> int:
        """Print the routes as a table (or JSON), optionally filtered."""
        app = _app()
        try:
            rows = [*kernel_routes(app), *app.make("router").list_routes()]
        except (RouteDefinitionError, RouteCacheError) as exc:
            return _fail(str(exc))
        rows = [
            r
            for r in rows
            if (not method or method.upper() in r["method"].split("|"))
            and (not name or name in (r["name"] or ""))
            and (not path or path.strip("/") in r["uri"])
        ]
        if json:
            print(jsonlib.dumps(rows, indent=2))
            return 0
        if not rows:
            print("Your application doesn't have any routes matching the given criteria.")
            return 0
        print(format_table(rows))
        print(f"\nShowing [{len(rows)}] routes")
        return 0


def kernel_routes(app: Any) -> list[dict[str, Any]]:
    """Rows for what the http kernel answers before the router: its health route (``/up``).

    The kernel serves ``with_routing(health=...)`` itself (through the global middleware only),
    so the router does not know it; listing it keeps ``route:list`` honest about what answers.
    """
    if not app.bound("http.kernel"):
        return []
    path = getattr(app.make("http.kernel"), "health_path", None)
    if not path:
        return []
    return [
        {
            "method": "GET|HEAD",
            "uri": str(path),
            "name": None,
            "action": "health check (http kernel)",
            "middleware": [],
            "domain": None,
        }
    ]


def format_table(rows: list[dict[str, Any]]) -> str:
    """An aligned text table: method, URI, name, action, middleware."""
    header = ("METHOD", "URI", "NAME", "ACTION", "MIDDLEWARE")
    cells = [
        (
            r["method"],
            (r["domain"] or "") + r["uri"],
            r["name"] or "",
            r["action"],
            ", ".join(r["middleware"]),
        )
        for r in rows
    ]
    widths = [max(len(h), *(len(c[i]) for c in cells)) for i, h in enumerate(header)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()]
    lines += [
        "  ".join(c.ljust(w) for c, w in zip(cell, widths, strict=True)).rstrip() for cell in cells
    ]
    return "\n".join(lines)


class RouteCache:
    """Write the route cache (boot imports no route file while it exists)."""

    name: ClassVar[str] = "route:cache"
    description: ClassVar[str] = "Create a route cache file for faster route registration"
    boot: ClassVar[BootLevel] = "app"

    def handle(self) -> int:
        """Load the route files afresh (never the stale cache) and write the cache."""
        from . import _cache
        from ._provider import RouterServiceProvider, cache_path

        app = _app()
        fresh = Router(app)
        try:
            RouterServiceProvider(app).load_routes(fresh, use_cache=False)
            fresh.compile()
            path = _cache.write(fresh, cache_path(app))
        except (RouteDefinitionError, RouteCacheError) as exc:
            return _fail(str(exc))
        print(f"Routes cached successfully ({path}).")
        return 0


class RouteClear:
    """Remove the route cache."""

    name: ClassVar[str] = "route:clear"
    description: ClassVar[str] = "Remove the route cache file"
    boot: ClassVar[BootLevel] = "config"

    def handle(self) -> int:
        """Delete ``bootstrap/cache/routes.json``."""
        from ._provider import cache_path

        path = cache_path(_app())
        if path.exists():
            path.unlink()
            print("Route cache cleared successfully.")
        else:
            print("There was no route cache.")
        return 0
