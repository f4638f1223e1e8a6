"""ASGI lifespan: run the app's startup before listening and its shutdown after draining.

Mode ``auto`` tolerates apps without lifespan support (an exception before startup completes is
logged at debug level and ignored); ``on`` makes such an app a startup failure; ``off`` skips it.
"""

from __future__ import annotations

import asyncio
from typing import Any

import anyio

from ._access_log import error_logger
from ._config import LifespanMode


class LifespanFailure(Exception):
    """The application reported (or raised) a startup or shutdown failure."""


class Lifespan:
    """Drives the ``lifespan`` scope of one ASGI app."""

    def __init__(self, app: Any, mode: LifespanMode) -> None:
        self.app = app
        self.mode = mode
        self.state: dict[str, Any] = {}
        self.supported = mode != "off"
        self._queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self._startup_done = anyio.Event()
        self._shutdown_done = anyio.Event()
        self._error: str | None = None
        self._task: asyncio.Task[None] | None = None

    async def startup(self) -> None:
        """Send ``lifespan.startup`` and wait for the answer.

        Raises:
            LifespanFailure: the app failed to start (or, in mode ``on``, lacks lifespan).
        """
        if not self.supported:
            return
        self._task = asyncio.get_running_loop().create_task(self._main())
        await self._queue.put({"type": "lifespan.startup"})
        await self._startup_done.wait()
        if self._error is not None:
            raise LifespanFailure(self._error)

    async def shutdown(self) -> None:
        """Send ``lifespan.shutdown`` and wait for the app to finish it."""
        if not self.supported or self._task is None:
            return
        await self._queue.put({"type": "lifespan.shutdown"})
        await self._shutdown_done.wait()
        if self._error is not None:
            error_logger.error("Lifespan shutdown failed: %s", self._error)

    async def _main(self) -> None:
        scope = {
            "type": "lifespan",
            "asgi": {"version": "3.0", "spec_version": "2.4"},
            "state": self.state,
        }
        try:
            await self.app(scope, self._receive, self._send)
        except BaseException as exc:
            if isinstance(exc, asyncio.CancelledError):
                raise
            if not self._startup_done.is_set() and self.mode == "auto":
                error_logger.debug("ASGI lifespan unsupported by the app (%r); continuing", exc)
                self.supported = False
            else:
                error_logger.exception("Exception in the ASGI lifespan")
                self._error = self._error or f"lifespan raised {exc!r}"
        finally:
            if not self._startup_done.is_set() and self.supported and self._error is None:
                if self.mode == "auto":
                    self.supported = False  # returned without a word: no lifespan support
                else:
                    self._error = "the application returned before completing lifespan startup"
            self._startup_done.set()
            self._shutdown_done.set()

    async def _receive(self) -> dict[str, Any]:
        return await self._queue.get()

    async def _send(self, message: dict[str, Any]) -> None:
        kind = message["type"]
        if kind == "lifespan.startup.complete":
            self._startup_done.set()
        elif kind == "lifespan.startup.failed":
            self._error = message.get("message") or "lifespan startup failed"
            self._startup_done.set()
        elif kind == "lifespan.shutdown.complete":
            self._shutdown_done.set()
        elif kind == "lifespan.shutdown.failed":
            self._error = message.get("message") or "lifespan shutdown failed"
            self._shutdown_done.set()
        else:
            raise RuntimeError(f"unexpected lifespan message {kind!r}")
