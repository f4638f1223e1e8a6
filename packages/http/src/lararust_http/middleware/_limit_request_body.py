"""Set the request body limit (enforced while the body streams in, 413 beyond it)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._base import Next, parse_size

if TYPE_CHECKING:
    from .._request import Request
    from .._responses import Response


class LimitRequestBody:
    """``body_limit:50M`` on a route, or global with ``max_size`` (the default is 10 MiB)."""

    def __init__(self, max_size: int | str = 10 * 1024 * 1024) -> None:
        self.max_size = parse_size(max_size)

    async def handle(self, request: Request, next: Next, size: str | None = None) -> Response:
        """Apply the limit before anything reads the body."""
        request.max_body_size = parse_size(size) if size else self.max_size
        return await next(request)
