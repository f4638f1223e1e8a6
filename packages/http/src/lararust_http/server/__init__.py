"""The embedded HTTP/1.1 server: sans-IO core, httptools or h11 parsing, asyncio transports.

``run(app)`` serves any ASGI 3 application; an app exposing ``direct_handler()`` (the LaraRust
kernel) is served without ASGI message dicts.
"""

from ._config import ServerConfig as ServerConfig
from ._run import run as run
from ._server import Server as Server

__all__ = ["Server", "ServerConfig", "run"]
