"""``lararust down`` / ``up``: maintenance mode through ``storage/framework/down`` (Laravel's file).

The file holds Laravel's JSON payload (``except``, ``redirect``, ``retry``, ``refresh``,
``secret``, ``status``, ``template``); the http kernel's maintenance middleware reads it on each
request, so no restart is needed either way.
"""

from __future__ import annotations

import json
import secrets as secrets_
from pathlib import Path
from typing import Any

from .._app import find_root, load_application, require_root
from .._base import Command
from .._errors import CommandError

DOWN = Path("storage") / "framework" / "down"


class Down(Command):
    """Put the application into maintenance mode."""

    name = "down"
    description = "Put the application into maintenance / demo mode"
    boot = "none"

    def handle(
        self,
        retry: int | None = None,
        refresh: int | None = None,
        secret: str = "",
        with_secret: bool = False,
        redirect: str = "",
        status: int = 503,
        except_: str = "",
        render: str = "",
    ) -> int:
        """Write ``storage/framework/down``; every request answers ``status`` until ``up``.

        Args:
            retry: Seconds for the Retry-After header.
            refresh: Seconds for the Refresh header (browsers reload by themselves).
            secret: A path segment that lets you in (``/SECRET`` sets a bypass cookie).
            with_secret: Generate the secret and print it.
            redirect: Redirect every request to this path.
            status: The HTTP status of the maintenance answer.
            except_: Comma-separated paths that keep working (``/up,/api/status``).
            render: A view pre-rendered now and served as the maintenance page (``errors.503``).
        """
        root = require_root(find_root(), self.name)
        if not 200 <= status <= 599:
            raise CommandError(f"--status must be an HTTP status (200-599), not {status}")
        if with_secret and not secret:
            secret = secrets_.token_urlsafe(24)
        payload: dict[str, Any] = {
            "except": [p.strip() for p in except_.split(",") if p.strip()],
            "redirect": redirect or None,
            "retry": retry,
            "refresh": refresh,
            "secret": secret or None,
            "status": status,
            "template": _render(root, render) if render else None,
        }
        path = root / DOWN
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(payload, indent=4) + "\n", "utf-8")
        self.info("Application is now in maintenance mode.")
        if secret:
            self.comment(f"Bypass: visit /{secret}")
        return 0


def _render(root: Path, name: str) -> str:
    """Render view ``name`` with the app booted (the page must not need the app while down)."""
    import asyncio

    app = load_application(root)
    app.boot_sync()
    try:
        if not app.bound("view"):
            raise CommandError("--render needs lararust-view (nothing is bound to 'view')")
        factory = app.make("view")
        if not factory.exists(name):
            raise CommandError(f"--render: no view named {name!r} in {app.resource_path('views')}")
        return str(factory.render(name))
    finally:
        asyncio.run(app.shutdown())


class Up(Command):
    """Bring the application out of maintenance mode."""

    name = "up"
    description = "Bring the application out of maintenance mode"
    boot = "none"

    def handle(self) -> int:
        """Delete ``storage/framework/down``."""
        path = require_root(find_root(), self.name) / DOWN
        if not path.exists():
            self.comment("Application is already up.")
            return 0
        path.unlink()
        self.info("Application is now live.")
        return 0
