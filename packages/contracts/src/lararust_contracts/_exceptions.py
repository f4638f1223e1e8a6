"""Exception bases every package raises through.

Rules: a package signals an HTTP outcome by raising :class:`HttpException` (or a subclass) and
never imports the http package; the http kernel turns any of them into a response. The ORM's
not-found errors subclass :class:`NotFound`, so a missing model becomes a 404 with no import
across siblings.
"""

from __future__ import annotations

from collections.abc import Mapping


class LaraRustError(Exception):
    """Base of every error the framework raises on purpose."""


class HttpException(LaraRustError):
    """An error that maps to an HTTP status code (and optional headers)."""

    def __init__(
        self,
        status: int,
        message: str = "",
        headers: Mapping[str, str] | None = None,
    ) -> None:
        if not 400 <= status <= 599:
            raise ValueError(f"HttpException status must be 400-599, got {status}")
        super().__init__(message or f"HTTP {status}")
        self.status = status
        self.message = message
        self.headers: dict[str, str] = dict(headers or {})


class NotFound(HttpException):
    """Something the request asked for does not exist (404)."""

    def __init__(self, message: str = "Not Found", headers: Mapping[str, str] | None = None):
        super().__init__(404, message, headers)


class MethodNotAllowed(HttpException):
    """The path exists but not for this method (405, with an ``Allow`` header)."""

    def __init__(self, allowed: list[str], message: str = "Method Not Allowed") -> None:
        super().__init__(405, message, {"Allow": ", ".join(sorted(set(allowed)))})
        self.allowed = sorted(set(allowed))


class BindingResolutionError(LaraRustError):
    """The service container could not build what was asked (names the whole chain)."""


class DecryptError(LaraRustError):
    """A payload could not be decrypted: tampered, truncated or made with a foreign key."""
