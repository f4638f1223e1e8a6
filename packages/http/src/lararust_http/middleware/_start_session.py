"""Start the session before the route runs; save it and set its cookie afterwards."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .._context import render_exception
from ..session import SessionManager
from ._base import Next

if TYPE_CHECKING:
    from .._request import Request
    from .._responses import Response


class StartSession:
    """Attaches ``request.session()``; the session is saved even for error responses."""

    def __init__(self, manager: SessionManager | None = None) -> None:
        self.manager = manager or SessionManager()

    async def handle(self, request: Request, next: Next) -> Response:
        """Load, run, save, set the cookie."""
        session = self.manager.build(request)
        await session.start()
        request.set_session(session)
        try:
            response = await next(request)
        except Exception as exc:  # render here so flashes made while rendering are saved
            response = await render_exception(request, exc)
        if (
            request.method == "GET"
            and not request.ajax()
            and request.headers.get("purpose") != "prefetch"
            and response.status_code < 300
        ):
            session.set_previous_url(request.full_url())
        await session.save()
        for cookie in self.manager.cookies(request, session):
            response.with_cookie(cookie)
        await self.manager.collect_garbage(session)
        return response
