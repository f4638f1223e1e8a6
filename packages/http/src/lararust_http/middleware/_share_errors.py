"""Share validation errors flashed in the session with every view as ``errors``.

Views are shared ONCE with a lazy :class:`ErrorBag` reading the current request's session (a
context variable): sharing per request into a process-wide view factory would leak one user's
errors into another's page under concurrency.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from .._context import current_request, make_service
from ._base import Next

if TYPE_CHECKING:
    from .._request import Request
    from .._responses import Response


class ErrorBag:
    """Messages by field of one bag (``default`` unless named): ``errors.first("email")``."""

    def __init__(self, name: str = "default", messages: dict[str, list[str]] | None = None) -> None:
        self.name = name
        self._fixed = messages

    def messages(self) -> dict[str, list[str]]:
        """Field -> messages."""
        if self._fixed is not None:
            return self._fixed
        request = current_request.get()
        if request is None or not request.has_session():
            return {}
        bags = request.session().get("errors", {}) or {}
        return dict(bags.get(self.name, {}) or {})

    def bag(self, name: str) -> ErrorBag:
        """Another named bag (``errors.bag("login")``)."""
        return ErrorBag(name)

    def has(self, key: str) -> bool:
        """Whether ``key`` has errors."""
        return bool(self.messages().get(key))

    def first(self, key: str | None = None, default: str = "") -> str:
        """The first message of ``key`` (or of any field)."""
        messages = self.messages()
        values = messages.get(key, []) if key else [m for v in messages.values() for m in v]
        return values[0] if values else default

    def get(self, key: str) -> list[str]:
        """Every message of ``key``."""
        return list(self.messages().get(key, []))

    def all(self) -> list[str]:
        """Every message."""
        return [m for values in self.messages().values() for m in values]

    def any(self) -> bool:
        """Whether there is any error."""
        return bool(self.all())

    def count(self) -> int:
        """How many messages."""
        return len(self.all())

    def __iter__(self) -> Iterator[str]:
        return iter(self.all())

    def __bool__(self) -> bool:
        return self.any()

    def __len__(self) -> int:
        return self.count()

    def to_dict(self) -> dict[str, Any]:
        """Field -> messages."""
        return dict(self.messages())


def old(key: str | None = None, default: Any = None) -> Any:
    """Input flashed by the previous request (``{{ old('email') }}`` in views)."""
    request = current_request.get()
    if request is None:
        return default
    return request.old(key, default)


class ShareErrorsFromSession:
    """Makes ``errors`` available in views (when a "view" factory is bound)."""

    def __init__(self) -> None:
        factory = make_service("view")
        if factory is not None:
            factory.share("errors", ErrorBag())
            factory.share("old", old)

    async def handle(self, request: Request, next: Next) -> Response:
        """Nothing per request: the shared bag reads the current session lazily."""
        return await next(request)
