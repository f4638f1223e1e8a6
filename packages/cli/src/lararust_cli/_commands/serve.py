"""``lararust serve``: run the application on the embedded HTTP server."""

from __future__ import annotations

import importlib.util
import os
import ssl
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
        uds: str | None = None,
        ssl_certfile: str | None = None,
        ssl_keyfile: str | None = None,
        forwarded_allow_ips: str | None = None,
        no_proxy_headers: bool = False,
        no_access_log: bool = False,
    ) -> int:
        """Load ``bootstrap/app.py``'s ``app`` and serve it until SIGINT/SIGTERM.

        Args:
            host: The interface to bind (0.0.0.0 for every one).
            port: The port (APP_PORT, else 8000); 0 picks a free one and prints it.
            workers: Worker processes sharing the port.
            reload: Restart when a file of the app changes (development).
            http: The HTTP/1.1 parser: httptools (fast) or h11 (pure Python).
            uds: Listen on this unix socket path instead of host and port.
            ssl_certfile: Serve HTTPS with this PEM certificate (needs --ssl-keyfile).
            ssl_keyfile: The PEM private key of --ssl-certfile.
            forwarded_allow_ips: Proxies trusted for X-Forwarded-* / Forwarded, comma-separated
                (FORWARDED_ALLOW_IPS, else 127.0.0.1,::1; * trusts every peer).
            no_proxy_headers: Ignore X-Forwarded-* / Forwarded headers even from trusted proxies.
            no_access_log: Do not log one line per request.
        """
        root = require_root(find_root(), self.name)
        if http not in PARSERS:
            raise CommandError(f"--http must be one of {', '.join(PARSERS)}, not {http!r}")
        if workers < 1:
            raise CommandError(f"--workers must be at least 1, not {workers}")
        if reload and importlib.util.find_spec("watchfiles") is None:
            raise CommandError("--reload needs watchfiles: pip install 'watchfiles>=0.24'")
        options = _server_options(
            uds, ssl_certfile, ssl_keyfile, forwarded_allow_ips, no_proxy_headers, no_access_log
        )
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
        run(app, host=host, port=chosen, workers=workers, reload=reload, http=http, **options)  # type: ignore[arg-type]
        return 0


def _server_options(
    uds: str | None,
    certfile: str | None,
    keyfile: str | None,
    forwarded_allow_ips: str | None,
    no_proxy_headers: bool,
    no_access_log: bool,
) -> dict[str, object]:
    """The server settings the command line asked for, checked before anything starts."""
    if (certfile is None) != (keyfile is None):
        raise CommandError("--ssl-certfile and --ssl-keyfile go together: give both or neither")
    options: dict[str, object] = {}
    for flag, path in (("--ssl-certfile", certfile), ("--ssl-keyfile", keyfile)):
        if path is not None and not Path(path).is_file():
            raise CommandError(f"{flag}: no such file: {path}")
    # Absolute: with --workers or --reload the command moves to the app root before the
    # server opens these, and a path given relative to where it was run must keep its meaning.
    if certfile is not None and keyfile is not None:
        try:  # here, once: with --workers each worker would fail on it, and be restarted, forever
            ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER).load_cert_chain(certfile, keyfile)
        except ssl.SSLError as exc:  # a key that does not match its certificate, a bad PEM
            raise CommandError(f"--ssl-certfile/--ssl-keyfile could not be loaded: {exc}") from None
        options.update(ssl_certfile=os.path.abspath(certfile), ssl_keyfile=os.path.abspath(keyfile))
    if uds is not None:
        if not Path(uds).parent.is_dir():
            raise CommandError(f"--uds: no such directory for the socket: {Path(uds).parent}")
        options["uds"] = os.path.abspath(uds)
    if forwarded_allow_ips is not None:
        options["forwarded_allow_ips"] = tuple(
            part.strip() for part in forwarded_allow_ips.split(",") if part.strip()
        )
    if no_proxy_headers:
        options["proxy_headers"] = False
    if no_access_log:
        options["access_log"] = False
    return options


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
