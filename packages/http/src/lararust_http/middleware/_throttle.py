"""``throttle:60,1``: at most N requests per M minutes per user (or IP) and route.

An in-memory fixed-window limiter, per process: right for one process and for tests; a shared
cache-backed limiter comes with the cache issue.
"""

from __future__ import annotations

import hashlib
import time
from typing import TYPE_CHECKING

from .._exceptions import TooManyRequests
from ._base import Next

if TYPE_CHECKING:
    from .._request import Request
    from .._responses import Response


class ThrottleRequests:
    """Counts hits per key and window; 429 with ``Retry-After`` over the limit."""

    def __init__(self) -> None:
        self._hits: dict[str, tuple[int, float]] = {}

    def key(self, request: Request, prefix: str) -> str:
        """The bucket: the user's identifier when signed in, else the IP, plus the route."""
        user = request.user()
        ident = getattr(user, "get_auth_identifier", None)
        who = f"user:{ident()}" if callable(ident) else f"ip:{request.ip()}"
        route = getattr(request.route, "uri", None) or request.path
        return hashlib.sha1(f"{prefix}|{who}|{request.host}|{route}".encode()).hexdigest()

    def hit(self, key: str, max_attempts: int, decay: float) -> tuple[int, float]:
        """Count one hit; return (hits in window, seconds until it resets)."""
        now = time.monotonic()
        hits, reset_at = self._hits.get(key, (0, 0.0))
        if now >= reset_at:
            hits, reset_at = 0, now + decay
            if len(self._hits) > 10000:  # drop expired buckets so memory stays bounded
                self._hits = {k: v for k, v in self._hits.items() if v[1] > now}
        hits += 1
        self._hits[key] = (hits, reset_at)
        return hits, reset_at - now

    async def handle(
        self,
        request: Request,
        next: Next,
        max_attempts: str = "60",
        decay_minutes: str = "1",
        prefix: str = "",
    ) -> Response:
        """Count and limit."""
        limit = int(max_attempts)
        hits, retry = self.hit(self.key(request, prefix), limit, float(decay_minutes) * 60)
        if hits > limit:
            raise TooManyRequests(
                max(int(retry + 0.999), 1),
                headers={"X-RateLimit-Limit": str(limit), "X-RateLimit-Remaining": "0"},
            )
        response = await next(request)
        response.headers.set("x-ratelimit-limit", str(limit))
        response.headers.set("x-ratelimit-remaining", str(max(limit - hits, 0)))
        return response
