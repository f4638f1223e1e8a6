"""Gzip responses for clients that accept it (bodies and streams)."""

from __future__ import annotations

import gzip
import zlib
from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

from ._base import Next

if TYPE_CHECKING:
    from .._request import Request
    from .._responses import Response

_COMPRESSIBLE = (
    "text/",
    "application/json",
    "application/javascript",
    "application/xml",
    "image/svg+xml",
    "application/ld+json",
)


class GZip:
    """Compress bodies of ``minimum_size`` bytes or more with a compressible type."""

    def __init__(self, minimum_size: int = 500, compresslevel: int = 6) -> None:
        self.minimum_size = minimum_size
        self.compresslevel = compresslevel

    async def handle(self, request: Request, next: Next) -> Response:
        """Compress the response when worth it."""
        response = await next(request)
        accept = request.headers.get("accept-encoding") or ""
        if "gzip" not in accept.lower() or not self._eligible(response):
            return response
        headers = response.headers
        headers.add_vary("Accept-Encoding")
        if response.stream is None:
            if len(response.body) < self.minimum_size:
                return response
            response.body = gzip.compress(response.body, self.compresslevel, mtime=0)
            headers.remove("content-length")
        else:
            response.stream = self._compress(response.stream)
            headers.remove("content-length")
        headers.set("content-encoding", "gzip")
        return response

    def _eligible(self, response: Response) -> bool:
        headers = response.headers
        if "content-encoding" in headers or response.status_code in (204, 206, 304):
            return False
        content_type = (headers.get("content-type") or "").lower()
        return content_type.startswith(_COMPRESSIBLE)

    async def _compress(self, stream: AsyncIterator[bytes]) -> AsyncIterator[bytes]:
        compressor = zlib.compressobj(self.compresslevel, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
        async for chunk in stream:
            # Flush per chunk so server-sent events and progress output still arrive promptly.
            data = compressor.compress(chunk) + compressor.flush(zlib.Z_SYNC_FLUSH)
            if data:
                yield data
        yield compressor.flush()
