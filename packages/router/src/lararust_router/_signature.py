"""The ``signed`` middleware: reject requests whose URL signature is missing or wrong."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from lararust_contracts import HttpException


class InvalidSignature(HttpException):
    """The URL's signature is invalid or expired (403)."""

    def __init__(self) -> None:
        super().__init__(403, "Invalid signature.")


class ValidateSignature:
    """Route middleware ``signed`` (``signed:relative`` checks the path only)."""

    def __init__(self, url: Any = None) -> None:
        self._url = url

    async def handle(
        self, request: Any, next: Callable[[Any], Awaitable[Any]], *options: str
    ) -> Any:
        """Pass the request on only when its signature is valid."""
        url = self._url
        if url is None:
            from ._helpers import url as url_helper

            url = url_helper()
        if not url.has_valid_signature(request, absolute="relative" not in options):
            raise InvalidSignature()
        return await next(request)
