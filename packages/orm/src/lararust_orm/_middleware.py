"""``ConnectionPerRequest``: one pooled database connection per HTTP request (Laravel's model).

Outside a transaction every statement checks a connection out of the pool and gives it back;
a handler running twenty queries pays for twenty checkouts. This middleware wraps the request
in a *lazy* ``DB.pinned()`` block: the connection is checked out at the request's first
statement and released when the request ends (also on exceptions). A request that runs no
query checks nothing out. It is a plain class with ``async def handle(request, next)`` so the
ORM does not depend on the http package.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextlib import AsyncExitStack
from typing import Any, ClassVar

from ._facades import DB


class ConnectionPerRequest:
    """Global HTTP middleware holding one lazily checked-out connection per request."""

    #: The connections to hold (``None`` = the default connection); subclass to change it.
    connections: ClassVar[tuple[str | None, ...]] = (None,)

    async def handle(self, request: Any, next: Callable[[Any], Awaitable[Any]]) -> Any:
        """Run the rest of the pipeline inside a lazy pinned block per connection."""
        names = self.connections
        if len(names) == 1:  # the common case: no exit-stack overhead per request
            async with DB.pinned(lazy=True, connection=names[0]):
                return await next(request)
        async with AsyncExitStack() as stack:
            for name in names:
                await stack.enter_async_context(DB.pinned(lazy=True, connection=name))
            return await next(request)
