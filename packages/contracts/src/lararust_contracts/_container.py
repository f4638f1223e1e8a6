"""The service container and application seen from packages that must not import core."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol, TypeVar, runtime_checkable

T = TypeVar("T")


@runtime_checkable
class Container(Protocol):
    """Builds and holds services (core's ``Container`` implements it)."""

    def bind(self, abstract: Any, concrete: Any = None) -> None:
        """Register a factory that builds a new instance on every ``make``."""
        ...

    def singleton(self, abstract: Any, concrete: Any = None) -> None:
        """Register a factory whose first result is shared."""
        ...

    def instance(self, abstract: Any, instance: Any) -> Any:
        """Share an already-built object."""
        ...

    def bound(self, abstract: Any) -> bool:
        """Tell whether ``abstract`` has a binding or instance."""
        ...

    def make(self, abstract: type[T] | str, **parameters: Any) -> Any:
        """Build or fetch ``abstract``, autowiring constructor arguments."""
        ...

    def call(self, fn: Callable[..., Any], **parameters: Any) -> Any:
        """Call ``fn`` with arguments injected by name and type."""
        ...


@runtime_checkable
class Application(Container, Protocol):
    """The container that is also the application (base path, environment, booted state)."""

    @property
    def base_path(self) -> Path:
        """The application's root directory."""
        ...

    @property
    def environment(self) -> str:
        """``APP_ENV``: local, testing, production…"""
        ...

    @property
    def debug(self) -> bool:
        """Whether debug mode is on."""
        ...

    def is_booted(self) -> bool:
        """Whether every provider has booted."""
        ...


@runtime_checkable
class ServiceProvider(Protocol):
    """Registers a component's services into the app, then boots them.

    Providers are announced by the ``lararust.providers`` entry point group; core builds each
    with the application as the only argument. ``register`` only binds; ``boot`` may use other
    services. A provider with a non-empty ``provides`` list is deferred until one is asked for.
    """

    provides: list[Any]

    def register(self) -> None:
        """Bind services into the container."""
        ...

    def boot(self) -> Any:
        """Use services after every provider registered (may return an awaitable)."""
        ...
