"""Cookie parsing and ``Set-Cookie`` building (secure defaults: HttpOnly, SameSite=Lax)."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Literal
from urllib.parse import quote, unquote

from ._headers import check_header

SameSite = Literal["lax", "strict", "none"]
# RFC 6265 cookie-name = token (RFC 9110): no separators, so a name cannot add attributes.
_TOKEN = frozenset("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_FORBIDDEN = frozenset("\r\n\x00")


def parse_cookie_header(header: str) -> dict[str, str]:
    """Parse a ``Cookie`` header leniently (browsers send what they got; first one wins)."""
    cookies: dict[str, str] = {}
    for chunk in header.split(";"):
        key, sep, value = chunk.partition("=")
        key = key.strip()
        if not sep or not key or key in cookies:
            continue
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] == '"':
            value = value[1:-1]
        cookies[key] = unquote(value)
    return cookies


@dataclass
class Cookie:
    """One cookie to send; ``encrypt`` tells :class:`EncryptCookies` to encrypt its value."""

    name: str
    value: str
    max_age: int | None = None
    expires: datetime | None = None
    path: str = "/"
    domain: str | None = None
    secure: bool = False
    http_only: bool = True
    same_site: SameSite | None = "lax"
    partitioned: bool = False
    encrypt: bool = True

    def header_value(self) -> str:
        """The ``Set-Cookie`` value, checked against header splitting and attribute injection."""
        if not self.name or not _TOKEN.issuperset(self.name):
            raise ValueError(
                f"invalid cookie name {self.name!r}: use letters, digits and -_.!#$%&'*+^`|~"
            )
        for attribute in (self.path, self.domain or ""):
            if ";" in attribute or _FORBIDDEN.intersection(attribute):
                raise ValueError(f"invalid cookie attribute {attribute!r} of {self.name!r}")
        parts = [f"{self.name}={quote(self.value, safe='')}"]
        if self.max_age is not None:
            parts.append(f"Max-Age={self.max_age}")
            when = self.expires or datetime.fromtimestamp(
                datetime.now(UTC).timestamp() + self.max_age, UTC
            )
            parts.append(f"expires={format_datetime(when.astimezone(UTC), usegmt=True)}")
        elif self.expires is not None:
            parts.append(f"expires={format_datetime(self.expires.astimezone(UTC), usegmt=True)}")
        if self.path:
            parts.append(f"Path={self.path}")
        if self.domain:
            parts.append(f"Domain={self.domain}")
        if self.secure or self.same_site == "none":
            parts.append("Secure")
        if self.http_only:
            parts.append("HttpOnly")
        if self.same_site:
            parts.append(f"SameSite={self.same_site.capitalize()}")
        if self.partitioned:
            parts.append("Partitioned")
        value = "; ".join(parts)
        check_header("set-cookie", value)
        return value


def signing_key(key: str | bytes | None = None) -> bytes:
    """The HMAC key for signed cookies: ``key`` or the app's ``app.key``."""
    if key is None:
        from ._context import config_value

        key = config_value("app.key")
        if not key:
            raise RuntimeError("Signed cookies need a key: set APP_KEY (config app.key).")
    material = key.encode() if isinstance(key, str) else key
    return hmac.new(material, b"lararust-signed-cookie", hashlib.sha256).digest()


def sign_cookie_value(name: str, value: str, key: bytes) -> str:
    """Append an HMAC-SHA256 (bound to the cookie name) to ``value``."""
    mac = hmac.new(key, f"{name}|{value}".encode(), hashlib.sha256).hexdigest()
    return f"{value}.{mac}"


def unsign_cookie_value(name: str, signed: str, key: bytes) -> str | None:
    """Return the value of a signed cookie, or None when the signature is wrong."""
    value, sep, mac = signed.rpartition(".")
    if not sep:
        return None
    expected = hmac.new(key, f"{name}|{value}".encode(), hashlib.sha256).hexdigest()
    return value if hmac.compare_digest(mac, expected) else None
