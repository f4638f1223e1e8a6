"""Closure commands declared in an app's ``routes/console.py`` (Laravel's ``Artisan::command``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from lararust_contracts import BootLevel

F = TypeVar("F", bound=Callable[..., Any])

_REGISTERED: dict[str, ClosureCommand] = {}


class ClosureCommand:
    """A function registered as a command; its signature is the command line."""

    def __init__(self, name: str, fn: Callable[..., Any], description: str, boot: BootLevel):
        self.name = name
        self.handle = fn
        self.description = description or (fn.__doc__ or "").strip().partition("\n")[0]
        self.boot = boot


def command(name: str, description: str = "", *, boot: BootLevel = "app") -> Callable[[F], F]:
    """Register the decorated function as the command ``name`` (used in ``routes/console.py``)."""

    def register(fn: F) -> F:
        _REGISTERED[name] = ClosureCommand(name, fn, description, boot)
        return fn

    return register


def registered() -> dict[str, ClosureCommand]:
    """Every closure command registered so far, by name."""
    return dict(_REGISTERED)
