"""What a middleware looks like (for type checkers and ``make:middleware`` templates)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from .._request import Request
    from .._responses import Response

Next = Callable[["Request"], Awaitable["Response"]]


class Middleware(Protocol):
    """``async def handle(self, request, next, *params)`` returning a response."""

    async def handle(self, request: Request, next: Next, *params: str) -> Response:
        """Do work before/after ``await next(request)``."""
        ...


def parse_size(value: int | str) -> int:
    """``"10M"``/``"512K"``/``"1G"``/``1024`` -> bytes."""
    if isinstance(value, int):
        return value
    text = value.strip().upper().removesuffix("B")
    factor = {"K": 1024, "M": 1024**2, "G": 1024**3}.get(text[-1:], 1)
    number = text[:-1] if text[-1:] in "KMG" else text
    try:
        return int(float(number) * factor)
    except ValueError:
        raise ValueError(f"not a size: {value!r} (use bytes or 512K, 10M, 1G)") from None


def as_list(value: Any) -> list[str]:
    """A config value given as a string, a comma list or a list -> list of strings."""
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.split(",") if part.strip()]
    return [str(item) for item in value]
