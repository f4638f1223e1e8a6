"""``Server``: listen, serve, and stop gracefully (stop accepting, drain, lifespan shutdown)."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import signal
import socket
import sys
import threading
from collections.abc import Sequence
from typing import Any

import anyio

from ._access_log import error_logger
from ._config import ServerConfig
from ._lifespan import Lifespan, LifespanFailure
from ._protocol import HttpProtocol, ServerContext
from ._supervisor import remove_stale_socket

_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Server:
    """The embedded HTTP/1.1 server for one ASGI app (one process; see ``run`` for workers)."""

    def __init__(
        self, app: Any, config: ServerConfig | None = None, *, banner: bool = True
    ) -> None:
        self.app = app
        self.config = config or ServerConfig()
        self.banner = banner
        self.ctx = ServerContext(app, self.config)
        self.lifespan = Lifespan(app, self.config.lifespan)
        self.servers: list[asyncio.Server] = []
        self.should_exit = False
        self.force_exit = False
        self.started = False
        self._exit_event: asyncio.Event | None = None
        self._drain_scope: anyio.CancelScope | None = None
        self._port = 0
        self._freeze_after_startup = False

    @property
    def port(self) -> int:
        """The TCP port actually bound (useful with ``port=0``); 0 for unix sockets."""
        return self._port

    def _bound_port(self) -> int:
        for server in self.servers:
            for sock in server.sockets:
                name = sock.getsockname()
                if isinstance(name, tuple):
                    return int(name[1])
        return 0

    def run(self, sockets: Sequence[socket.socket] | None = None) -> None:
        """Blocking entry point: a fresh event loop (uvloop when installed) until a signal."""
        # Only here: a test or an app embedding ``serve()`` keeps its process's collector as is.
        self._freeze_after_startup = self.config.gc_freeze
        with asyncio.Runner(loop_factory=_loop_factory()) as runner:
            runner.run(self.serve(sockets))

    async def serve(self, sockets: Sequence[socket.socket] | None = None) -> None:
        """Start, wait for SIGINT/SIGTERM (or ``should_exit``), then shut down gracefully."""
        self._exit_event = asyncio.Event()
        with self._signal_handlers():
            try:
                await self.startup(sockets)
            except LifespanFailure as exc:
                error_logger.error("Application startup failed: %s", exc)
                sys.exit(3)
            await self._exit_event.wait()
            await self.shutdown()

    def handle_exit(self) -> None:
        """First signal: graceful stop. Second: stop waiting for in-flight requests."""
        if self.should_exit:
            self.force_exit = True
            if self._drain_scope is not None:
                self._drain_scope.cancel()
        self.should_exit = True
        if self._exit_event is not None:
            self._exit_event.set()

    async def startup(self, sockets: Sequence[socket.socket] | None = None) -> None:
        """Lifespan startup, then listen and print ``LaraRust serving on ...``."""
        await self.lifespan.startup()
        if self.lifespan.supported:
            self.ctx.lifespan_state = self.lifespan.state
        self.ctx.direct = _direct_handler(self.app)
        if self._freeze_after_startup:
            gc.collect()
            gc.freeze()
        loop = asyncio.get_running_loop()
        config = self.config
        ssl_context = config.ssl_context()

        def factory() -> HttpProtocol:
            return HttpProtocol(self.ctx, loop)

        if sockets:
            for sock in sockets:
                if sock.family == socket.AF_UNIX:
                    server = await loop.create_unix_server(
                        factory, sock=sock, ssl=ssl_context, backlog=config.backlog
                    )
                else:
                    server = await loop.create_server(
                        factory, sock=sock, ssl=ssl_context, backlog=config.backlog
                    )
                self.servers.append(server)
        elif config.uds is not None:
            remove_stale_socket(config.uds)
            server = await loop.create_unix_server(
                factory, path=config.uds, ssl=ssl_context, backlog=config.backlog
            )
            os.chmod(config.uds, 0o666)
            self.servers.append(server)
        else:
            server = await loop.create_server(
                factory,
                host=config.host,
                port=config.port,
                ssl=ssl_context,
                backlog=config.backlog,
                reuse_address=True,
            )
            self.servers.append(server)
        self.ctx.start_sweeper(loop)
        self.started = True
        self._port = self._bound_port()
        if self.banner:
            print(f"LaraRust serving on {config.display_url(self.port)}", flush=True)

    async def shutdown(self) -> None:
        """Stop accepting, let in-flight requests finish (bounded), then lifespan shutdown."""
        for server in self.servers:
            server.close()
        for conn in list(self.ctx.connections):
            conn.shutdown()
        with anyio.move_on_after(self.config.timeout_graceful_shutdown) as scope:
            self._drain_scope = scope
            await self._drain()
        for conn in list(self.ctx.connections):
            conn.close()
        for task in list(self.ctx.tasks):
            task.cancel()
        if self.ctx.tasks:
            await asyncio.wait(list(self.ctx.tasks), timeout=1.0)
        for server in self.servers:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(server.wait_closed(), timeout=1.0)
        self.ctx.stop_sweeper()
        await self.lifespan.shutdown()
        if self.config.uds is not None:
            with contextlib.suppress(OSError):
                os.unlink(self.config.uds)

    async def _drain(self) -> None:
        ctx = self.ctx
        while ctx.connections and not self.force_exit:
            ctx.drained.clear()
            await ctx.drained.wait()
        if ctx.tasks and not self.force_exit:
            await asyncio.wait(list(ctx.tasks))

    @contextlib.contextmanager
    def _signal_handlers(self) -> Any:
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        loop = asyncio.get_running_loop()
        installed: list[signal.Signals] = []
        try:
            for sig in _SIGNALS:
                loop.add_signal_handler(sig, self.handle_exit)
                installed.append(sig)
        except NotImplementedError:  # pragma: no cover - Windows
            pass
        try:
            yield
        finally:
            for sig in installed:
                loop.remove_signal_handler(sig)


def _direct_handler(app: Any) -> Any:
    """The app's fast-path handler when it offers one (our kernel), else None (plain ASGI)."""
    factory = getattr(app, "direct_handler", None)
    if not callable(factory):
        return None
    handler = factory()
    return handler if callable(handler) else None


def _loop_factory() -> Any:
    try:
        import uvloop
    except ImportError:  # pragma: no cover - uvloop is optional
        return asyncio.new_event_loop
    return uvloop.new_event_loop
