"""Protocols of the services components provide to each other."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, Protocol, runtime_checkable


@runtime_checkable
class ConfigRepository(Protocol):
    """Dot-notation configuration (``config("app.name")``)."""

    def get(self, key: str, default: Any = None) -> Any:
        """Read ``key`` (dot notation) or ``default``."""
        ...

    def set(self, key: str, value: Any) -> None:
        """Set ``key`` at runtime."""
        ...

    def has(self, key: str) -> bool:
        """Tell whether ``key`` exists."""
        ...


@runtime_checkable
class Hasher(Protocol):
    """Password hashing (Argon2id by default)."""

    async def make(self, value: str) -> str:
        """Hash ``value`` off the event loop."""
        ...

    async def check(self, value: str, hashed: str) -> bool:
        """Verify ``value`` against ``hashed`` off the event loop."""
        ...

    def make_sync(self, value: str) -> str:
        """Hash ``value`` in the calling thread."""
        ...

    def check_sync(self, value: str, hashed: str) -> bool:
        """Verify ``value`` in the calling thread."""
        ...

    def needs_rehash(self, hashed: str) -> bool:
        """Tell whether ``hashed`` was made with other parameters or another algorithm."""
        ...


@runtime_checkable
class Encrypter(Protocol):
    """Authenticated encryption with the app key (raises ``DecryptError`` on tampering)."""

    def encrypt(self, value: Any, serialize: bool = True) -> str:
        """Encrypt ``value`` (JSON-serialised unless ``serialize`` is False)."""
        ...

    def decrypt(self, payload: str, unserialize: bool = True) -> Any:
        """Decrypt a payload made by ``encrypt``."""
        ...


@runtime_checkable
class EventDispatcher(Protocol):
    """Dispatches events to listeners (sync or async)."""

    def listen(self, events: str | type | Iterable[str | type], listener: Any) -> None:
        """Register ``listener`` for one or more events (``*`` wildcards allowed)."""
        ...

    async def dispatch(self, event: Any, payload: Any = None) -> list[Any]:
        """Call every listener of ``event``; return their results."""
        ...

    def has_listeners(self, event: str | type) -> bool:
        """Tell whether anything listens for ``event``."""
        ...


@runtime_checkable
class Logger(Protocol):
    """A PSR-3 shaped logger (``Log.info(...)``)."""

    def debug(self, message: str, context: Mapping[str, Any] | None = None) -> None: ...
    def info(self, message: str, context: Mapping[str, Any] | None = None) -> None: ...
    def notice(self, message: str, context: Mapping[str, Any] | None = None) -> None: ...
    def warning(self, message: str, context: Mapping[str, Any] | None = None) -> None: ...
    def error(self, message: str, context: Mapping[str, Any] | None = None) -> None: ...
    def critical(self, message: str, context: Mapping[str, Any] | None = None) -> None: ...


@runtime_checkable
class View(Protocol):
    """A view ready to render (name + data)."""

    name: str

    def render(self) -> str:
        """Render to HTML."""
        ...


@runtime_checkable
class ViewFactory(Protocol):
    """Makes and renders views by name (``view("pages.home", {...})``)."""

    def make(self, name: str, context: Mapping[str, Any] | None = None) -> View:
        """Return a view of ``name`` with ``context``."""
        ...

    def render(
        self, name: str, context: Mapping[str, Any] | None = None, fragment: str | None = None
    ) -> str:
        """Render ``name`` (or one of its fragments) to a string."""
        ...

    def exists(self, name: str) -> bool:
        """Tell whether a view of that name exists."""
        ...

    def share(self, key: str | Mapping[str, Any], value: Any = None) -> None:
        """Share data with every view."""
        ...

    def composer(self, names: str | Iterable[str], fn: Callable[..., Any]) -> None:
        """Run ``fn(view_context)`` before views matching ``names`` render."""
        ...


@runtime_checkable
class SessionStore(Protocol):
    """The session of one request."""

    def get(self, key: str, default: Any = None) -> Any: ...
    def put(self, key: str | Mapping[str, Any], value: Any = None) -> None: ...
    def pull(self, key: str, default: Any = None) -> Any: ...
    def forget(self, key: str | Iterable[str]) -> None: ...
    def flush(self) -> None: ...
    def has(self, key: str) -> bool: ...
    def all(self) -> dict[str, Any]: ...
    def flash(self, key: str, value: Any) -> None: ...
    def token(self) -> str: ...
    def regenerate(self, destroy: bool = False) -> None: ...
    def invalidate(self) -> None: ...


@runtime_checkable
class CacheStore(Protocol):
    """A key/value cache with expiry."""

    async def get(self, key: str, default: Any = None) -> Any: ...
    async def put(self, key: str, value: Any, seconds: int | None = None) -> None: ...
    async def forget(self, key: str) -> bool: ...
    async def increment(self, key: str, value: int = 1) -> int: ...


@runtime_checkable
class Queue(Protocol):
    """Pushes jobs onto a queue."""

    async def push(self, job: Any, data: Any = None, queue: str | None = None) -> str: ...
    async def later(
        self, delay: float, job: Any, data: Any = None, queue: str | None = None
    ) -> str: ...
    async def size(self, queue: str | None = None) -> int: ...


@runtime_checkable
class DatabaseResolver(Protocol):
    """Gives named database connections (the ORM's ``DatabaseManager``)."""

    def connection(self, name: str | None = None) -> Any:
        """Return the connection called ``name`` (the default when None)."""
        ...


@runtime_checkable
class Authenticatable(Protocol):
    """A user the auth layer can sign in."""

    def get_auth_identifier(self) -> Any: ...
    def get_auth_password(self) -> str: ...


@runtime_checkable
class PageResolver(Protocol):
    """Tells paginators the current page and URL path (http fills it from the request)."""

    def current_page(self, page_name: str = "page") -> int: ...
    def current_path(self) -> str: ...
