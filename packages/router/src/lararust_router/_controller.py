"""Controllers: an optional base class and the ``middleware()`` declaration Laravel 11 uses.

Rules: a controller is any class; its ``__init__`` dependencies come from the container. It
declares middleware with a ``middleware()`` classmethod returning names, classes, or
:class:`Middleware` entries limited with ``only``/``except_`` to some methods.
"""

from __future__ import annotations

import inspect
from collections.abc import Iterable
from typing import Any


class Middleware:
    """A controller middleware declaration: ``Middleware("auth", except_=["index"])``."""

    __slots__ = ("except_", "middleware", "only")

    def __init__(
        self,
        middleware: Any,
        only: Iterable[str] | None = None,
        except_: Iterable[str] | None = None,
    ) -> None:
        self.middleware = middleware
        self.only = frozenset(only) if only is not None else None
        self.except_ = frozenset(except_ or ())

    def applies_to(self, method: str) -> bool:
        """Whether the declaration covers controller ``method``."""
        if self.only is not None and method not in self.only:
            return False
        return method not in self.except_


class Controller:
    """Base class for controllers (optional): declares no middleware by default."""

    @classmethod
    def middleware(cls) -> list[Any]:
        """Middleware for this controller's actions (override; entries may be ``Middleware``)."""
        return []


def controller_middleware(cls: Any, method: str) -> list[Any]:
    """The middleware a controller declares for ``method``."""
    if not inspect.isclass(cls):
        return []
    declared = inspect.getattr_static(cls, "middleware", None)
    if not isinstance(declared, (classmethod, staticmethod)):
        return []
    out: list[Any] = []
    entries: list[Any] = getattr(cls, "middleware")()  # noqa: B009 - checked to exist above
    for entry in entries:
        if isinstance(entry, Middleware):
            if entry.applies_to(method):
                out.append(entry.middleware)
        else:
            out.append(entry)
    return out
