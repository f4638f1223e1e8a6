"""``Application.configure(base_path=...)``: Laravel 11's ``bootstrap/app.py`` builder."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._application import Application


class ApplicationBuilder:
    """Collects providers, routing, middleware and exception callbacks; ``create()`` builds."""

    def __init__(
        self, application_class: type[Application], base_path: str | os.PathLike[str] | None
    ) -> None:
        self._class = application_class
        self._base_path = base_path
        self._providers: list[Any] = []
        self._routing: dict[str, Any] = {}
        self._middleware: list[Callable[..., Any]] = []
        self._exceptions: list[Callable[..., Any]] = []
        self._env_schema: dict[str, Any] = {}
        self._config_schema: dict[str, Any] = {}

    def with_providers(self, providers: Iterable[Any]) -> ApplicationBuilder:
        """Register these providers (classes or ``"module:Class"``) after the discovered ones."""
        self._providers.extend(providers)
        return self

    def with_routing(
        self,
        web: Any = None,
        api: Any = None,
        commands: Any = None,
        health: str | None = None,
        api_prefix: str = "api",
        **extra: Any,
    ) -> ApplicationBuilder:
        """Route files (paths or modules) the router provider loads: config ``app.routing``."""
        self._routing = {
            "web": web,
            "api": api,
            "commands": commands,
            "health": health,
            "api_prefix": api_prefix,
            **extra,
        }
        return self

    def with_middleware(self, callback: Callable[..., Any]) -> ApplicationBuilder:
        """``callback(middleware)`` configures the http kernel's middleware."""
        self._middleware.append(callback)
        return self

    def with_exceptions(self, callback: Callable[..., Any]) -> ApplicationBuilder:
        """``callback(exceptions)`` configures the http kernel's exception handling."""
        self._exceptions.append(callback)
        return self

    def with_schema(
        self, env: Mapping[str, Any] | None = None, config: Mapping[str, Any] | None = None
    ) -> ApplicationBuilder:
        """Types of env variables and config keys, checked when the app starts."""
        self._env_schema.update(env or {})
        self._config_schema.update(config or {})
        return self

    def create(self, *, register: bool = True) -> Application:
        """Build the application, load its configuration and (by default) register providers.

        ``register=False`` stops after configuration (a CLI command that needs config only).
        """
        application = self._class(self._base_path)
        application.make("app.middleware_callbacks").extend(self._middleware)
        application.make("app.exception_callbacks").extend(self._exceptions)
        if self._routing:
            application.set_routing(self._routing)
        application.add_schema(self._env_schema, self._config_schema)
        application.add_providers(self._providers)
        application.load_configuration()
        if register:
            application.register_providers()
        return application
