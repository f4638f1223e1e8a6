"""``run()``: the one call behind ``lararust serve``."""

from __future__ import annotations

import logging
import sys
from typing import Any

from ._config import HttpParser, ServerConfig
from ._importer import import_app
from ._server import Server
from ._supervisor import Supervisor, watch_and_reload


def run(
    app: Any,
    host: str = "127.0.0.1",
    port: int = 8000,
    workers: int = 1,
    reload: bool = False,
    http: HttpParser = "httptools",
    uds: str | None = None,
    ssl_certfile: str | None = None,
    ssl_keyfile: str | None = None,
    proxy_headers: bool = True,
    **options: Any,
) -> None:
    """Serve an ASGI app (object or ``"module:attr"``) until SIGINT/SIGTERM.

    ``workers > 1`` and ``reload=True`` need an import string: each worker process imports the
    app itself. Any other ``ServerConfig`` field may be passed as a keyword (``access_log``,
    ``timeout_keep_alive``, ``max_body_size``...).
    """
    config = ServerConfig(
        host=host,
        port=port,
        workers=workers,
        reload=reload,
        http=http,
        uds=uds,
        ssl_certfile=ssl_certfile,
        ssl_keyfile=ssl_keyfile,
        proxy_headers=proxy_headers,
        **options,
    )
    _configure_logging()
    if workers > 1 or reload:
        if not isinstance(app, str):
            raise ValueError(
                'workers > 1 and reload=True need the app as an import string, e.g. "main:app"'
            )
        supervisor = Supervisor(app, config, 1 if reload else workers)
        supervisor.run(watch_and_reload if reload else None)
        return
    if isinstance(app, str):
        app = import_app(app)
    Server(app, config).run()


def _configure_logging() -> None:
    """A plain stderr handler for our loggers unless the host app configured logging itself."""
    logger = logging.getLogger("lararust.server")
    if logger.handlers or logging.getLogger().handlers:
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s: %(message)s"))
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
