"""The exception handler: report (log) then render errors as responses.

Rules: ``HttpException`` and client disconnects are not reported; an exception with its own
``report()``/``render(request)`` is asked first; callbacks registered with :meth:`reportable` /
:meth:`renderable` (filtered by the type hint of their first parameter) come next. Rendering:
JSON when the client expects JSON; in debug, the debug page for non-HTTP errors; otherwise a plain
page, or the ``errors.<status>`` view when a "view" factory is bound and has it.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import logging
from collections.abc import Callable
from html import escape
from typing import Any, get_type_hints

from lararust_contracts import HttpException

from ._context import make_service
from ._debug_page import frames, render_debug_page
from ._exceptions import ClientDisconnect
from ._responses import JsonResponse, Response, text_response

_REASONS = {
    400: "Bad Request",
    401: "Unauthorized",
    402: "Payment Required",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    408: "Request Timeout",
    409: "Conflict",
    410: "Gone",
    413: "Payload Too Large",
    414: "URI Too Long",
    415: "Unsupported Media Type",
    419: "Page Expired",
    422: "Unprocessable Content",
    429: "Too Many Requests",
    431: "Request Header Fields Too Large",
    500: "Server Error",
    501: "Not Implemented",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}
logger = logging.getLogger("lararust.http")


def reason(status: int) -> str:
    """The reason phrase of ``status``."""
    return _REASONS.get(status, "Error")


class ExceptionHandler:
    """Reports and renders exceptions raised while handling a request."""

    def __init__(self, debug: bool = False) -> None:
        self.debug = debug
        self._dont_report: list[type[BaseException]] = [HttpException, ClientDisconnect]
        self._reportables: list[tuple[type[BaseException], Callable[..., Any]]] = []
        self._renderables: list[tuple[type[BaseException], Callable[..., Any]]] = []
        self._views: Any = None  # the view factory the misses below were seen in
        self._missing_views: set[str] = set()

    # -- configuration (also what ``.with_exceptions(fn)`` callbacks receive) -----------------
    def reportable(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        """Register ``fn(exc)``; returning False stops the default logging."""
        self._reportables.append((_first_param_type(fn), fn))
        return fn

    def renderable(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        """Register ``fn(exc, request)``; a non-None return value is the response."""
        self._renderables.append((_first_param_type(fn), fn))
        return fn

    def dont_report(self, *types: type[BaseException]) -> None:
        """Never log these exception types."""
        self._dont_report.extend(types)

    def should_report(self, exc: BaseException) -> bool:
        """Whether ``exc`` is logged."""
        return not isinstance(exc, tuple(self._dont_report))

    # -- work --------------------------------------------------------------------------------
    async def handle(self, request: Any, exc: Exception) -> Response:
        """Report then render ``exc`` (what the kernel calls)."""
        # HttpException (404s, aborts) is never reported: straight to rendering.
        if not isinstance(exc, HttpException) and not getattr(exc, "_lararust_reported", False):
            with contextlib.suppress(AttributeError):
                exc._lararust_reported = True  # type: ignore[attr-defined]
            await self.report(exc)
        try:
            return await self.render(request, exc)
        except Exception as render_error:  # rendering must never take the server down
            logger.exception("rendering an exception failed", exc_info=render_error)
            return Response(_plain_page(500), 500)

    async def report(self, exc: BaseException) -> None:
        """Log ``exc`` (unless filtered) through the container's "log" or ``logging``."""
        if not self.should_report(exc):
            return
        own = getattr(exc, "report", None)
        if callable(own) and await _maybe_await(own()) is False:
            return
        for kind, fn in self._reportables:
            if isinstance(exc, kind) and await _maybe_await(fn(exc)) is False:
                return
        log = make_service("log")
        message = f"{type(exc).__name__}: {exc}"
        if log is not None:
            log.error(message, {"exception": exc})
        else:
            logger.error(message, exc_info=exc)

    async def render(self, request: Any, exc: BaseException) -> Response:
        """Turn ``exc`` into a response for ``request``."""
        own = getattr(exc, "render", None)
        if callable(own):
            rendered = await _maybe_await(own(request))
            if rendered is not None:
                return await _prepare(request, rendered)
        for kind, fn in self._renderables:
            if isinstance(exc, kind):
                rendered = await _maybe_await(fn(exc, request))
                if rendered is not None:
                    return await _prepare(request, rendered)
        status = exc.status if isinstance(exc, HttpException) else 500
        headers = exc.headers if isinstance(exc, HttpException) else None
        if request is not None and request.expects_json():
            return JsonResponse(self._json_body(exc, status), status, headers)
        if self.debug and not isinstance(exc, HttpException):
            return Response(render_debug_page(exc, request, status), status, headers)
        page = self._error_page(exc, status)
        if headers:
            return Response(page, status, headers)
        return text_response(page, status)  # 404s come all day

    def _json_body(self, exc: BaseException, status: int) -> dict[str, Any]:
        if isinstance(exc, HttpException):
            message = exc.message or reason(status)
        else:
            message = str(exc) if self.debug else "Server Error"
        body: dict[str, Any] = {"message": message}
        if self.debug and not isinstance(exc, HttpException):
            body["exception"] = f"{type(exc).__module__}.{type(exc).__qualname__}"
            body["trace"] = [
                {"file": f["file"], "line": f["line"], "function": f["function"]}
                for f in frames(exc)
            ]
        return body

    def _error_page(self, exc: BaseException, status: int) -> str:
        views = make_service("view")
        if views is not None:
            if views is not self._views:
                self._views, self._missing_views = views, set()
            missing = self._missing_views
            message = exc.message if isinstance(exc, HttpException) else ""
            for name in _ERROR_VIEWS.get(status) or _error_views(status):
                if name in missing:
                    continue
                try:
                    if not views.exists(name):
                        # Outside debug, remember the miss: scanners make 404s all day and
                        # each lookup would stat every view folder. Debug re-checks, so an
                        # error view created while developing shows at once.
                        if not self.debug:
                            missing.add(name)
                        continue
                    return str(
                        views.render(name, {"exception": exc, "status": status, "message": message})
                    )
                except Exception as view_error:  # a broken error view falls back to plain
                    logger.exception("rendering error view %s failed", name, exc_info=view_error)
                    break
        return _plain_page(status)


def _error_views(status: int) -> tuple[str, str]:
    names = _ERROR_VIEWS[status] = (f"errors.{status}", f"errors.{str(status)[0]}xx")
    return names


_ERROR_VIEWS: dict[int, tuple[str, str]] = {}


@functools.lru_cache(maxsize=64)
def _plain_page(status: int) -> str:
    text = f"{status} | {escape(reason(status))}"
    return (
        "<!doctype html><html><head><meta charset='utf-8'><title>"
        f"{text}</title><style>body{{font-family:system-ui,sans-serif;display:flex;"
        "align-items:center;justify-content:center;height:100vh;margin:0;color:#555}"
        f"</style></head><body><h1>{text}</h1></body></html>"
    )


def _first_param_type(fn: Callable[..., Any]) -> type[BaseException]:
    try:
        params = list(inspect.signature(fn).parameters.values())
        hints = get_type_hints(fn)
    except (TypeError, ValueError, NameError):
        return Exception
    if params:
        hint = hints.get(params[0].name)
        if isinstance(hint, type) and issubclass(hint, BaseException):
            return hint
    return Exception


async def _prepare(request: Any, value: Any) -> Response:
    from ._conversion import prepare_response  # _conversion imports this module's siblings

    return await prepare_response(request, value)


async def _maybe_await(value: Any) -> Any:
    if inspect.isawaitable(value):
        return await value
    return value
