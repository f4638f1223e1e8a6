"""Encrypt outgoing cookies and decrypt incoming ones with the app's encrypter.

Rules: a value is encrypted together with its cookie's name, so one cookie's value cannot be
replayed as another's; an incoming cookie that fails to decrypt is dropped (tampered, or made
with another key), never passed on raw. ``except_`` names stay in clear both ways.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lararust_contracts import DecryptError, Encrypter

from .._context import make_service, render_exception
from ._base import Next

if TYPE_CHECKING:
    from .._request import Request
    from .._responses import Response


class EncryptCookies:
    """Cookies are opaque to the browser and tamper-proof."""

    except_: list[str] = []

    def __init__(self, encrypter: Any = None, except_: list[str] | None = None) -> None:
        self._encrypter: Encrypter | None = encrypter
        self.except_ = list(type(self).except_) + list(except_ or [])

    @property
    def encrypter(self) -> Encrypter:
        """The app's encrypter (resolved on first use)."""
        if self._encrypter is None:
            self._encrypter = make_service("encrypter")
            if self._encrypter is None:
                raise RuntimeError("EncryptCookies needs an 'encrypter' bound (set APP_KEY).")
        return self._encrypter

    def encrypt_value(self, name: str, value: str) -> str:
        """Encrypt ``value`` bound to cookie ``name``."""
        return self.encrypter.encrypt(f"{name}|{value}", serialize=False)

    def decrypt_value(self, name: str, payload: str) -> str | None:
        """The clear value, or None when the payload is foreign or tampered."""
        try:
            clear = self.encrypter.decrypt(payload, unserialize=False)
        except (DecryptError, ValueError, TypeError):
            return None
        prefix = f"{name}|"
        if not isinstance(clear, str) or not clear.startswith(prefix):
            return None
        return clear[len(prefix) :]

    async def handle(self, request: Request, next: Next) -> Response:
        """Decrypt the request's cookies; encrypt the response's."""
        decrypted: dict[str, str] = {}
        for name, value in request.cookies.items():
            if name in self.except_:
                decrypted[name] = value
                continue
            clear = self.decrypt_value(name, value)
            if clear is not None:
                decrypted[name] = clear
        request.cookies = decrypted
        request.attributes["cookies.encrypted"] = True
        try:
            response = await next(request)
        except Exception as exc:
            response = await render_exception(request, exc)
        queued = response.cookies_queued
        if queued:
            values = {
                cookie.name: self.encrypt_value(cookie.name, cookie.value)
                for cookie in queued
                if cookie.encrypt and cookie.name not in self.except_ and cookie.max_age != 0
            }
            response.sync_cookie_headers(values)
        return response
