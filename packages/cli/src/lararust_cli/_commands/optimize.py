"""``lararust optimize`` / ``optimize:clear``: every cache a deployment wants, in one command.

Laravel's composition: configuration, routes and views, each through its own command (whatever
package announces it); a cache command that is not installed is skipped and said so.
"""

from __future__ import annotations

from .._app import find_root, require_root
from .._base import Command
from .._discovery import discover

CACHES = ["config:cache", "route:cache", "view:cache"]
CLEARS = ["config:clear", "route:clear", "view:clear"]


def _run_each(command: Command, names: list[str]) -> int:
    from .._runner import resolve, run

    root = require_root(find_root(), command.name)
    known = discover(root)
    for name in names:
        entry = known.get(name)
        if entry is None:
            command.comment(f"  {name}: not installed, skipped")
            continue
        command.line(f"  {name}")
        code = run(entry, resolve(entry, root), [], root)
        if code:
            command.error(f"{name} failed (exit code {code}); stopped")
            return code
    return 0


class Optimize(Command):
    """Cache the configuration, routes and views."""

    name = "optimize"
    description = "Cache the configuration, routes and views for production"
    boot = "none"  # each step boots what it needs

    def handle(self) -> int:
        """Run config:cache, route:cache and view:cache in turn."""
        self.info("Caching the framework bootstrap files.")
        return _run_each(self, CACHES)


class OptimizeClear(Command):
    """Remove the cached configuration, routes and views."""

    name = "optimize:clear"
    description = "Remove the cached configuration, routes and views"
    boot = "none"

    def handle(self) -> int:
        """Run config:clear, route:clear and view:clear in turn."""
        self.info("Clearing the cached bootstrap files.")
        return _run_each(self, CLEARS)
