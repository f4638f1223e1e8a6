"""``lararust serve``: run the application on the embedded HTTP server."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

from .._app import find_root, load_application, require_root
from .._base import Command
from .._errors import CommandError

PARSERS = ("httptools", "h11")


class Serve(Command):
    """Serve the application on the embedded HTTP server."""

    name = "serve"
    description = "Serve the application on the embedded HTTP server"
    boot = "none"  # the server boots the app itself (ASGI lifespan) once it listens

    def handle(
        self,
        host: str = "127.0.0.1",
        port: int | None = None,
        workers: int = 1,
        reload: bool = False,
        http: str = "httptools",
    ) -> int:
        """Load ``bootstrap/app.py``'s ``app`` and serve it until SIGINT/SIGTERM.

        Args:
            host: The interface to bind (0.0.0.0 for every one).
            port: The port (APP_PORT, else 8000); 0 picks a free one and prints it.
            workers: Worker processes sharing the port.
            reload: Restart when a file of the app changes (development).
            http: The HTTP/1.1 parser: httptools (fast) or h11 (pure Python).
        """
        root = require_root(find_root(), self.name)
        if http not in PARSERS:
            raise CommandError(f"--http must be one of {', '.join(PARSERS)}, not {http!r}")
        if workers < 1:
            raise CommandError(f"--workers must be at least 1, not {workers}")
        if reload and importlib.util.find_spec("watchfiles") is None:
            raise CommandError("--reload needs watchfiles: pip install 'watchfiles>=0.24'")
        from lararust_http.server import run

        if workers > 1 or reload:
            # Each worker imports the app itself: hand over an import string and the root.
            _export_root(root)
            app: object = "bootstrap.app:app"
            chosen = port if port is not None else _port_from_env(root)
        else:
            app = load_application(root)
            chosen = port if port is not None else _port_from_config(app, root)
        if not 0 <= chosen <= 65535:
            raise CommandError(f"--port must be between 0 and 65535, not {chosen}")
        run(app, host=host, port=chosen, workers=workers, reload=reload, http=http)  # type: ignore[arg-type]
        return 0


def _export_root(root: Path) -> None:
    os.chdir(root)
    paths = os.environ.get("PYTHONPATH", "")
    os.environ["PYTHONPATH"] = str(root) + (os.pathsep + paths if paths else "")


def _port_from_config(app: object, root: Path) -> int:
    try:
        value = app.make("config").get("app.port")  # type: ignore[attr-defined]
    except Exception:  # an app without the config service still serves on APP_PORT
        value = None
    return _as_port(value if value is not None else _port_from_env(root), "app.port")


def _port_from_env(root: Path) -> int:
    from lararust_core import load_env

    load_env(root / ".env")
    return _as_port(os.environ.get("APP_PORT") or 8000, "APP_PORT")


def _as_port(value: object, where: str) -> int:
    try:
        return int(str(value))
    except ValueError:
        raise CommandError(f"{where} must be a port number, not {value!r}") from None
