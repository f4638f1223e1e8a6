"""Thin adapters over sibling packages that may not be installed at the agreed version yet.

The ORM codes against the agreed APIs of ``lararust_support`` (``Collection``, ``Facade``) and
``lararust_core`` (``config``). They are looked up at runtime; when absent, a minimal local
stand-in with the same surface keeps the ORM usable in a plain script.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable, Iterable
from typing import Any, Generic, TypeVar

T = TypeVar("T")


def _lookup(module: str, name: str) -> Any:
    try:
        return getattr(importlib.import_module(module), name, None)
    except ImportError:
        return None


class LocalCollection(list[T]):
    """The stand-in for support's ``Collection`` (a list with a few helpers)."""

    def all(self) -> list[T]:
        """Return the items as a plain list."""
        return list(self)

    def count(self, *args: Any) -> int:
        """Return the number of items."""
        return len(self)

    def first(self) -> T | None:
        """Return the first item or None."""
        return self[0] if self else None

    def is_empty(self) -> bool:
        """Tell whether there are no items."""
        return not self

    def pluck(self, key: str) -> LocalCollection[Any]:
        """Return the values of ``key`` of every item."""
        return LocalCollection(item[key] for item in self)  # type: ignore[index]

    def to_list(self) -> list[T]:
        """Return the items as a plain list."""
        return list(self)


def collection(items: Iterable[Any]) -> Any:
    """Build a support ``Collection`` (or the local stand-in) from ``items``."""
    cls = _lookup("lararust_support", "Collection")
    if cls is None:
        return LocalCollection(items)
    return cls(list(items))


class LocalFacade(Generic[T]):
    """The stand-in for support's ``Facade``: swapped instance > app resolver > standalone."""

    def __init__(self, accessor: str, default: Callable[[], T] | None = None) -> None:
        self._accessor = accessor
        self._default = default
        self._swapped: Any = None
        self._standalone: Any = None

    def resolve(self) -> T:
        """Return the object this facade stands for."""
        if self._swapped is not None:
            return self._swapped  # type: ignore[no-any-return]
        if self._standalone is None:
            if self._default is None:
                raise LookupError(f"facade {self._accessor!r} is not bound")
            self._standalone = self._default()
        return self._standalone  # type: ignore[no-any-return]

    def swap(self, obj: Any) -> None:
        """Replace the resolved object (tests)."""
        self._swapped = obj

    def fake(self, obj: Any = None) -> Any:
        """Swap in ``obj`` (tests) and return it."""
        self._swapped = obj
        return obj

    def clear(self) -> None:
        """Forget swapped and standalone instances."""
        self._swapped = None
        self._standalone = None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.resolve(), name)


def facade(accessor: str, default: Callable[[], Any]) -> Any:
    """Build a support ``Facade`` (or the local stand-in)."""
    cls = _lookup("lararust_support", "Facade")
    if cls is None:
        return LocalFacade(accessor, default)
    return cls(accessor, default)


def app_config(key: str, default: Any = None) -> Any:
    """Read core's configuration when an application is running, else ``default``."""
    fn = _lookup("lararust_core", "config")
    if fn is None:
        return default
    try:
        return fn(key, default)
    except Exception:  # no application running: scripts use DB.configure or env vars
        return default


def environment() -> str:
    """Return the application environment (``APP_ENV``)."""
    return str(app_config("app.env", None) or os.environ.get("APP_ENV", "production"))
