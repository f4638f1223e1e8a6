"""The current application: a context variable with a process-wide fallback.

Rules: ``Application()`` makes itself the process-wide application (Laravel's
``Container::setInstance``); ``app.as_current()`` overrides it for one context (a test running
two apps). Helpers (``app()``, ``config()``) and the facade resolver read it on every call, so
nothing of one application leaks into the next.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, TypeVar, overload

if TYPE_CHECKING:
    from ._application import Application
    from ._config import Repository

T = TypeVar("T")

_current: ContextVar[Application | None] = ContextVar("lararust_application", default=None)
_process_wide: Application | None = None


def set_application(application: Application | None) -> None:
    """Make ``application`` the process-wide current application (None clears it)."""
    global _process_wide
    _process_wide = application


def current_application() -> Application | None:
    """The application of this context, else the process-wide one, else None."""
    return _current.get() or _process_wide


@contextmanager
def using_application(application: Application) -> Iterator[Application]:
    """Make ``application`` current in this context for the ``with`` block."""
    token = _current.set(application)
    try:
        yield application
    finally:
        _current.reset(token)


@overload
def app() -> Application: ...
@overload
def app(abstract: type[T], **parameters: Any) -> T: ...
@overload
def app(abstract: str, **parameters: Any) -> Any: ...
def app(abstract: Any = None, **parameters: Any) -> Any:
    """The current application, or ``app(key)`` to resolve ``key`` from it.

    Raises:
        LookupError: no application has been created in this process.
    """
    application = current_application()
    if application is None:
        raise LookupError(
            "no LaraRust application is running: create one with "
            "Application.configure(base_path=...).create() (bootstrap/app.py)"
        )
    if abstract is None:
        return application
    return application.make(abstract, **parameters)


@overload
def config() -> Repository: ...
@overload
def config(key: str, default: Any = None) -> Any: ...
@overload
def config(key: dict[str, Any]) -> None: ...
def config(key: Any = None, default: Any = None) -> Any:
    """Read config ``key`` (dot notation), set every pair of a dict, or get the repository."""
    repository = app().make("config")
    if key is None:
        return repository
    if isinstance(key, dict):
        repository.set(key)
        return None
    return repository.get(key, default)


def facade_resolver(accessor: str) -> object:
    """What ``lararust_support.set_facade_resolver`` gets: the accessor from the current app."""
    application = current_application()
    if application is None:
        raise LookupError(accessor)
    # A built shared service (the common case, per facade call): one dict probe, as make's.
    instance = application._instances.get(accessor)
    if instance is not None:
        return instance
    if not application.bound(accessor):
        raise LookupError(accessor)
    return application.make(accessor)
