"""``lararust about``: environment, drivers, paths and caches of the app, at a glance."""

from __future__ import annotations

import platform
import sys
from pathlib import Path
from typing import Any

from .._app import find_root, load_application
from .._base import Command
from .version import framework_version, installed_components


class About(Command):
    """Display basic information about your application."""

    name = "about"
    description = "Display basic information about your application"
    boot = "none"  # works outside an app too (versions only)

    def handle(self, json: bool = False) -> int:
        """Show the environment, drivers, paths and caches.

        Args:
            json: Print a JSON object instead of tables.
        """
        sections = {"Environment": _environment()}
        root = find_root()
        if root is not None:
            app = load_application(root)
            conf = app.make("config")
            sections["Environment"] |= _app_environment(conf, app)
            sections["Cache"] = _caches(root)
            sections["Drivers"] = _drivers(conf)
            sections["Paths"] = {k: str(v) for k, v in _paths(root).items()}
        sections["Components"] = dict(installed_components())
        if json:
            import json as json_

            print(json_.dumps(sections, indent=2, default=str))
            return 0
        for title, rows in sections.items():
            self.table([title, ""], rows.items())
        return 0


def _environment() -> dict[str, Any]:
    return {
        "LaraRust version": framework_version(),
        "Python version": f"{platform.python_version()} ({platform.python_implementation()})",
        "Python executable": sys.executable,
    }


def _app_environment(conf: Any, app: Any) -> dict[str, Any]:
    return {
        "Application name": conf.get("app.name"),
        "Environment": app.environment,
        "Debug mode": "ENABLED" if conf.get("app.debug") else "OFF",
        "URL": conf.get("app.url"),
        "Timezone": conf.get("app.timezone"),
        "Locale": conf.get("app.locale"),
        "Maintenance mode": "ON" if (app.base_path / "storage/framework/down").exists() else "OFF",
    }


def _caches(root: Path) -> dict[str, str]:
    def state(path: Path) -> str:
        return "CACHED" if path.exists() else "NOT CACHED"

    views = root / "storage" / "framework" / "views"
    compiled = views.is_dir() and any(p.name != ".gitkeep" for p in views.iterdir())
    return {
        "Config": state(root / "bootstrap" / "cache" / "config.json"),
        "Routes": state(root / "bootstrap" / "cache" / "routes.json"),
        "Views": "CACHED" if compiled else "NOT CACHED",
    }


def _drivers(conf: Any) -> dict[str, Any]:
    return {
        "Database": conf.get("database.default"),
        "Cache": conf.get("cache.default"),
        "Logs": conf.get("logging.default"),
        "Queue": conf.get("queue.default"),
        "Session": conf.get("session.driver"),
    }


def _paths(root: Path) -> dict[str, Path]:
    return {
        "Base": root,
        "Config": root / "config",
        "Views": root / "resources" / "views",
        "Storage": root / "storage",
        "Public": root / "public",
    }
