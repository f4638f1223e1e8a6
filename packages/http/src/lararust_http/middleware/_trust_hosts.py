"""Reject requests whose Host header is not one of ours (host header poisoning)."""

from __future__ import annotations

import fnmatch
from typing import TYPE_CHECKING, Any

from .._context import config_value
from .._exceptions import BadRequest
from ._base import Next, as_list

if TYPE_CHECKING:
    from .._request import Request
    from .._responses import Response


class TrustHosts:
    """Allow only hosts matching ``hosts`` (``example.com``, ``*.example.com``).

    Hosts come from ``at`` or config ``http.trusted_hosts``; with none the middleware is off.
    """

    def __init__(self, at: Any = None) -> None:
        self.hosts = [
            h.lower() for h in as_list(at if at is not None else config_value("http.trusted_hosts"))
        ]

    def enabled(self) -> bool:
        """Whether any host is configured."""
        return bool(self.hosts)

    def allows(self, host: str) -> bool:
        """Whether ``host`` (port stripped) matches a pattern."""
        name = host.lower().rsplit(":", 1)[0] if not host.startswith("[") else host.lower()
        return any(
            name == pattern
            or (pattern.startswith("*.") and fnmatch.fnmatchcase(name, pattern))
            or (pattern.startswith("*.") and name == pattern[2:])
            for pattern in self.hosts
        )

    async def handle(self, request: Request, next: Next, *hosts: str) -> Response:
        """Answer 400 for an untrusted Host."""
        allowed = self if not hosts else TrustHosts(list(hosts))
        if not allowed.allows(request.host):
            raise BadRequest(f"Invalid host header: {request.host!r} is not a trusted host.")
        return await next(request)
