"""``HttpServiceProvider``: binds the kernel and applies the app builder's callbacks."""

from __future__ import annotations

import inspect
from typing import Any

from lararust_contracts import PageResolver
from lararust_core import ServiceProvider

from ._context import current_request, set_container
from ._exception_handler import ExceptionHandler
from ._kernel import Kernel
from ._middleware_config import MiddlewareConfig
from ._request import Request


class RequestPageResolver:
    """Tells paginators the current page (``?page=``) and path from the current request."""

    def current_page(self, page_name: str = "page") -> int:
        """The page number asked for (1 when absent or invalid)."""
        request = current_request.get()
        if request is None:
            return 1
        try:
            page = int(request.query.get(page_name, 1))
        except (TypeError, ValueError):
            return 1
        return page if page >= 1 else 1

    def current_path(self) -> str:
        """The current URL without the query string."""
        request = current_request.get()
        return request.url() if request is not None else "/"


class HttpServiceProvider(ServiceProvider):
    """Binds "http.kernel" (and :class:`Kernel`), the exception handler and the page resolver."""

    kernel_class: type[Kernel] = Kernel

    def register(self) -> None:
        """Bind the services lazily."""
        app = self.app
        set_container(app)
        app.singleton(
            ExceptionHandler, lambda: ExceptionHandler(debug=bool(getattr(app, "debug", False)))
        )
        app.singleton("http.kernel", self._make_kernel)
        if hasattr(app, "alias"):
            app.alias("http.kernel", Kernel)
        app.singleton(PageResolver, RequestPageResolver)
        # ``app.make(Request)`` / ``app.make("request")``: the request being handled (Laravel's
        # ``app('request')``), so services can take it by type through the container.
        app.bind(Request, current_request_or_fail)
        app.bind("request", current_request_or_fail)

    def _make_kernel(self) -> Kernel:
        app = self.app
        kernel = self.kernel_class(app, exception_handler=app.make(ExceptionHandler))
        routing = app.make("config").get("app.routing", {}) if app.bound("config") else {}
        if isinstance(routing, dict) and "health" in routing:
            kernel.health_path = routing["health"] or None
        config = MiddlewareConfig(kernel)
        for callback in _callbacks(app, "app.middleware_callbacks"):
            callback(config)
        for callback in _callbacks(app, "app.exception_callbacks"):
            callback(kernel.exceptions)
        return kernel

    async def boot(self) -> None:
        """Build the kernel now so configuration errors surface at startup."""
        kernel = self.app.make("http.kernel")
        if inspect.isawaitable(kernel):
            await kernel


def current_request_or_fail() -> Request:
    """The current request, or a clear error outside of one."""
    found = current_request.get()
    if found is None:
        raise RuntimeError("No request is being handled: Request is only resolvable during one.")
    return found


def _callbacks(app: Any, key: str) -> list[Any]:
    if not app.bound(key):
        return []
    return list(app.make(key) or [])
