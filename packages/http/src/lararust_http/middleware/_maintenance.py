"""Answer 503 while the application is down (``storage/framework/down`` exists).

The file is JSON written by the ``down`` command: ``{"retry": 60, "refresh": 15,
"secret": "...", "status": 503, "redirect": "/maintenance", "except": ["/status"],
"template": "<html>..."}``. Laravel's semantics: ``redirect`` sends every other path there (302);
``template`` is a pre-rendered HTML page served as the body (``down --render VIEW``);
``retry``/``refresh`` become the ``Retry-After``/``Refresh`` headers. Visiting ``/<secret>``
sets a bypass cookie. The file is checked at most once a second, so a running server notices
``down``/``up`` without a stat call on every request.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Awaitable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._context import get_container
from .._exceptions import ServiceUnavailable
from .._responses import HtmlResponse, RedirectResponse
from ._base import Next

if TYPE_CHECKING:
    from .._request import Request
    from .._responses import Response

BYPASS_COOKIE = "lararust_maintenance"


class PreventRequestsDuringMaintenance:
    """503 (or the configured status) for everyone but bypass-cookie holders and ``except_``."""

    def __init__(self, file: str | Path | None = None, except_: list[str] | None = None) -> None:
        if file is None:
            app = get_container()
            storage = getattr(app, "storage_path", None)
            file = (
                storage("framework", "down")
                if callable(storage)
                else Path("storage/framework/down")
            )
        self.file = Path(file)
        self.except_ = except_ or []
        self._checked_at = -1.0
        self._payload: dict[str, Any] | None = None

    def down_payload(self) -> dict[str, Any] | None:
        """The maintenance payload, or None when up (re-read at most once a second)."""
        now = time.monotonic()
        if now - self._checked_at >= 1.0:
            self._checked_at = now
            try:
                self._payload = json.loads(self.file.read_text() or "{}")
            except FileNotFoundError:
                self._payload = None
            except (OSError, ValueError):
                self._payload = {}
        return self._payload

    def handle(self, request: Request, next: Next) -> Awaitable[Response]:
        """Let the request through unless the app is down (await the result)."""
        # Not ``async def``: while up (nearly always) the next layer's coroutine is returned as
        # is, one frame less per request; a fresh "up" answer is read without a call.
        if self._payload is None and time.monotonic() - self._checked_at < 1.0:
            return next(request)
        payload = self.down_payload()
        if payload is None:
            return next(request)
        return self._while_down(request, next, payload)

    async def _while_down(self, request: Request, next: Next, payload: dict[str, Any]) -> Response:
        secret = payload.get("secret")
        if secret and request.path == f"/{secret}":
            response = RedirectResponse("/")
            response.set_cookie(
                BYPASS_COOKIE, _bypass_token(secret), max_age=12 * 3600, encrypt=False
            )
            return response
        if secret and hmac.compare_digest(
            request.cookie(BYPASS_COOKIE, "") or "", _bypass_token(secret)
        ):
            return await next(request)
        if request.is_(*(p.strip("/") for p in [*self.except_, *(payload.get("except") or [])])):
            return await next(request)
        target = payload.get("redirect")
        if isinstance(target, str) and target.strip("/") != request.path.strip("/"):
            # Compared without slashes (Laravel's path()): "maintenance" must not loop.
            return RedirectResponse("/" + target.lstrip("/"))
        status = int(payload.get("status") or 503)
        headers = {}
        if payload.get("retry"):
            headers["Retry-After"] = str(int(payload["retry"]))
        if payload.get("refresh"):
            headers["Refresh"] = str(int(payload["refresh"]))
        template = payload.get("template")
        if isinstance(template, str) and template:
            return HtmlResponse(template, status, headers)
        raise _Down(status, headers)


def _bypass_token(secret: str) -> str:
    return hmac.new(secret.encode(), b"lararust-maintenance-bypass", hashlib.sha256).hexdigest()


class _Down(ServiceUnavailable):
    def __init__(self, status: int, headers: dict[str, str]) -> None:
        super().__init__("Service Unavailable")
        self.status = status
        self.headers.update(headers)
