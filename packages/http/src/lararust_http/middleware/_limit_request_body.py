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

    def limit(self, size: str | None = None) -> int:
        """The limit in bytes for a ``body_limit:<size>`` parameter (or this instance's)."""
        return parse_size(size) if size else self.max_size

    async def handle(self, request: Request, next: Next, size: str | None = None) -> Response:
        """Apply the limit before anything reads the body.

        A POSTed form may have been read already (for ``_method``) under the largest limit
        of the routes it could reach; what came in beyond this route's limit is refused here.
        """
        limit = self.limit(size)
        request.max_body_size = limit
        if request.body_bytes_received > limit:
            from .._exceptions import PayloadTooLarge

            raise PayloadTooLarge(f"The request body is over the {limit} byte limit.")
        return await next(request)
