"""HTTP errors of this package, all :class:`lararust_contracts.HttpException` subclasses."""

from __future__ import annotations

from collections.abc import Mapping

from lararust_contracts import HttpException


class BadRequest(HttpException):
    """The request is malformed (400): bad JSON, a broken multipart body, too many fields."""

    def __init__(self, message: str = "Bad Request") -> None:
        super().__init__(400, message)


class PayloadTooLarge(HttpException):
    """The body or one of its parts is over its limit (413)."""

    def __init__(self, message: str = "Payload Too Large") -> None:
        super().__init__(413, message)


class TokenMismatch(HttpException):
    """The CSRF token is missing or wrong, or the Origin is foreign (419 Page Expired)."""

    def __init__(self, message: str = "CSRF token mismatch.") -> None:
        super().__init__(419, message)


class TooManyRequests(HttpException):
    """The client went over a rate limit (429, with ``Retry-After``)."""

    def __init__(
        self,
        retry_after: int,
        message: str = "Too Many Attempts.",
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(429, message, {"Retry-After": str(retry_after), **(headers or {})})
        self.retry_after = retry_after


class ServiceUnavailable(HttpException):
    """The application is down for maintenance (503)."""

    def __init__(self, message: str = "Service Unavailable", retry: int | None = None) -> None:
        super().__init__(503, message, {"Retry-After": str(retry)} if retry else None)


class ClientDisconnect(Exception):
    """The client went away while its body was being read."""
