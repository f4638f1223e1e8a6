"""CSRF protection: a token per session, checked on every state-changing request.

Rules (Laravel's VerifyCsrfToken plus an Origin check): GET/HEAD/OPTIONS pass; otherwise the
token comes from the ``_token`` field, ``X-CSRF-TOKEN``, or ``X-XSRF-TOKEN`` (the encrypted
``XSRF-TOKEN`` cookie JavaScript echoes back); comparison is constant-time; a present ``Origin``
that is not this site (nor in ``allowed_origins``) fails even with a valid token; failures are
419. Paths in ``except_`` (``"webhooks/*"``) are skipped. The ``XSRF-TOKEN`` cookie is refreshed
on every response, readable by JavaScript (not HttpOnly).
"""

from __future__ import annotations

import hmac
from typing import TYPE_CHECKING, Any

from .._context import current_request, get_container, make_service
from .._cookies import Cookie
from .._exceptions import TokenMismatch
from ._base import Next
from ._encrypt_cookies import EncryptCookies

if TYPE_CHECKING:
    from .._request import Request
    from .._responses import Response

_SAFE = frozenset({"GET", "HEAD", "OPTIONS"})


def csrf_token() -> str:
    """The current request's CSRF token (what ``@csrf`` puts in forms)."""
    request = current_request.get()
    if request is None or not request.has_session():
        raise RuntimeError("csrf_token() needs a request with a session (the web group).")
    return request.session().token()


class VerifyCsrfToken:
    """419 for unsafe requests without this session's token or from a foreign Origin."""

    except_: list[str] = []
    add_http_cookie = True
    skip_when_testing = True

    def __init__(
        self, except_: list[str] | None = None, allowed_origins: list[str] | None = None
    ) -> None:
        self.except_ = [p.strip("/") or "/" for p in [*type(self).except_, *(except_ or [])]]
        self.allowed_origins = [o.rstrip("/").lower() for o in allowed_origins or []]
        self._cookie_codec = EncryptCookies()
        factory = make_service("view")
        if factory is not None:
            factory.share("csrf_token", csrf_token)

    async def handle(self, request: Request, next: Next) -> Response:
        """Check, then refresh the XSRF-TOKEN cookie."""
        if not (request.method in _SAFE or self._skipped(request)):
            await request.load()
            self._check_origin(request)
            if not self.tokens_match(request):
                raise TokenMismatch()
        response = await next(request)
        if self.add_http_cookie and request.has_session():
            response.with_cookie(
                Cookie(
                    "XSRF-TOKEN",
                    request.session().token(),
                    max_age=7200,
                    http_only=False,
                    secure=request.is_secure(),
                )
            )
        return response

    def _skipped(self, request: Request) -> bool:
        if self.skip_when_testing:
            app = get_container()
            if getattr(app, "environment", None) == "testing":
                return True
        return bool(self.except_) and request.is_(*self.except_)

    def _check_origin(self, request: Request) -> None:
        origin = request.headers.get("origin")
        if origin is None:
            return
        origin = origin.rstrip("/").lower()
        own = f"{request.scheme}://{request.host}".lower()
        if origin == own or origin in self.allowed_origins:
            return
        raise TokenMismatch(f"CSRF check failed: the Origin {origin!r} is not this site.")

    def tokens_match(self, request: Request) -> bool:
        """Whether the request carries this session's token."""
        if not request.has_session():
            raise RuntimeError("VerifyCsrfToken needs StartSession before it (the web group).")
        expected = request.session().token()
        supplied = self.token_from(request)
        if not supplied:
            return False
        return hmac.compare_digest(supplied.encode(), expected.encode())

    def token_from(self, request: Request) -> str | None:
        """The token the request carries."""
        token: Any = request.input("_token") or request.headers.get("x-csrf-token")
        if not token:
            header = request.headers.get("x-xsrf-token")
            if header:
                token = self._decode_xsrf(request, header)
        return token if isinstance(token, str) else None

    def _decode_xsrf(self, request: Request, header: str) -> str | None:
        # With EncryptCookies on, the cookie (so the header echoing it) is encrypted.
        if request._attributes and request._attributes.get("cookies.encrypted"):
            return self._cookie_codec.decrypt_value("XSRF-TOKEN", header)
        return header
