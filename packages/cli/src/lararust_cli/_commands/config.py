"""``lararust config:cache`` / ``config:clear``: core's configuration cache."""

from __future__ import annotations

from pathlib import Path

from .._app import find_root, load_application, require_root
from .._base import Command

CACHE = Path("bootstrap") / "cache" / "config.json"


class ConfigCache(Command):
    """Create a cache file for faster configuration loading."""

    name = "config:cache"
    description = "Create a cache file for faster configuration loading"
    boot = "none"  # the stale cache must go before the configuration is read again

    def handle(self) -> int:
        """Clear the cache, load ``.env`` and ``config/`` afresh, write the cache."""
        root = require_root(find_root(), self.name)
        (root / CACHE).unlink(missing_ok=True)
        path = load_application(root).cache_config()
        self.info(f"Configuration cached successfully ({Path(path).relative_to(root)}).")
        return 0


class ConfigClear(Command):
    """Remove the configuration cache file."""

    name = "config:clear"
    description = "Remove the configuration cache file"
    boot = "none"  # works even when the cache itself is broken

    def handle(self) -> int:
        """Delete ``bootstrap/cache/config.json``."""
        root = require_root(find_root(), self.name)
        cache = root / CACHE
        if cache.exists():
            cache.unlink()
            self.info("Configuration cache cleared successfully.")
        else:
            self.comment("There was no configuration cache.")
        return 0
