"""Log one line per request: method, escaped path, status, duration."""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING

from ._base import Next

if TYPE_CHECKING:
    from .._request import Request
    from .._responses import Response


def escape_path(path: str) -> str:
    """Make a path safe for a log line (no control characters can forge entries)."""
    return path.encode("unicode_escape").decode("ascii").replace('"', '\\"')


class AccessLog:
    """Writes to the ``lararust.access`` logger (configure handlers as for any logger)."""

    def __init__(self, logger: str = "lararust.access") -> None:
        self.logger = logging.getLogger(logger)

    async def handle(self, request: Request, next: Next) -> Response:
        """Time the request and log it."""
        started = time.perf_counter()
        response = await next(request)
        elapsed = (time.perf_counter() - started) * 1000
        self.logger.info(
            '%s - "%s %s" %d %.1fms',
            request.ip() or "-",
            request.method,
            escape_path(request.path),
            response.status_code,
            elapsed,
        )
        return response
