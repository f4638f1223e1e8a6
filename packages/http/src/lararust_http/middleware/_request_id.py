"""Give every request an ID (kept from ``X-Request-Id`` when sane) and echo it back."""

from __future__ import annotations

import re
import uuid
from typing import TYPE_CHECKING

from ._base import Next

if TYPE_CHECKING:
    from .._request import Request
    from .._responses import Response

_SAFE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


class RequestId:
    """Stores the ID in ``request.attributes["request_id"]`` and the response header."""

    def __init__(self, header: str = "X-Request-Id", trust_incoming: bool = True) -> None:
        self.header = header
        self.trust_incoming = trust_incoming

    async def handle(self, request: Request, next: Next) -> Response:
        """Attach the ID."""
        incoming = request.headers.get(self.header) if self.trust_incoming else None
        request_id = incoming if incoming and _SAFE_ID.match(incoming) else uuid.uuid4().hex
        request.attributes["request_id"] = request_id
        response = await next(request)
        response.headers.set(self.header, request_id)
        return response
