"""Process-wide handles: the current request (a context variable) and the app container."""

from __future__ import annotations

from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._request import Request

current_request: ContextVar[Request | None] = ContextVar("lararust_request", default=None)
_container: list[Any] = []


def set_container(container: Any) -> None:
    """Remember the application the kernel serves (for ``redirect().route()`` and views)."""
    _container[:] = [container]


def get_container() -> Any:
    """The application the kernel serves, or core's current app, or None."""
    if _container:
        return _container[0]  # set by the kernel (None for a kernel without an app)
    try:
        from lararust_core import app

        return app()
    except Exception:  # core absent or no app made yet: callers fall back
        return None


def make_service(key: str) -> Any:
    """Resolve ``key`` from the container, or None when unbound or no app exists."""
    container = _container[0] if _container else get_container()  # the common case inline
    if container is None:
        return None
    bound = getattr(container, "bound", None)
    if bound is None or not bound(key):
        return None  # an optional service (view, url) that is not there
    return container.make(key)  # a bound service that fails to build IS an error: surface it


def config_value(key: str, default: Any = None) -> Any:
    """Read configuration ``key`` from the container's "config", or ``default``."""
    config = make_service("config")
    if config is None:
        return default
    return config.get(key, default)


_exception_handler: list[Any] = []


def set_exception_handler(handler: Any) -> None:
    """Remember the kernel's exception handler (middleware render errors through it)."""
    _exception_handler[:] = [handler]


async def render_exception(request: Any, exc: Exception) -> Any:
    """Report and render ``exc`` through the kernel's handler (a plain one if none exists)."""
    if _exception_handler:
        handler = _exception_handler[0]
    else:
        from ._exception_handler import ExceptionHandler

        handler = ExceptionHandler()
        _exception_handler.append(handler)
    return await handler.handle(request, exc)
