"""``ViewServiceProvider``: binds the view factory as ``"view"`` in a LaraRust application.

Rules: view never imports core. The provider reads ``view.paths`` (default
``resources/views``) and ``view.compiled`` (default ``storage/framework/views``) from the
``"config"`` binding (``lararust_contracts.ConfigRepository``); debug mode follows the app.
It shares ``app_env`` so ``@env``/``@production`` work in the framework.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from lararust_contracts import Application, ConfigRepository
from lararust_contracts import ViewFactory as ViewFactoryContract

if TYPE_CHECKING:
    from ._factory import ViewFactory

__all__ = ["ViewServiceProvider"]


class ViewServiceProvider:
    """Registers the view factory (``"view"`` and the ``ViewFactory`` contract)."""

    provides: list[Any] = []

    def __init__(self, app: Application) -> None:
        self.app = app

    def register(self) -> None:
        """Bind ``"view"`` (a singleton) and alias the contract to it."""
        self.app.singleton("view", self._make_factory)
        alias = getattr(self.app, "alias", None)
        if callable(alias):
            alias("view", ViewFactoryContract)
        else:
            self.app.singleton(ViewFactoryContract, lambda: self.app.make("view"))

    def boot(self) -> None:
        """Nothing to boot: the factory is built on first use."""

    def _make_factory(self) -> ViewFactory:
        # Imported on first use: registering the provider (every ``lararust`` command that
        # creates the app) must not load the template engine.
        from ._factory import ViewFactory

        base = Path(self.app.base_path)
        config: ConfigRepository | None = (
            self.app.make("config") if self.app.bound("config") else None
        )
        paths = config.get("view.paths") if config is not None else None
        compiled = config.get("view.compiled") if config is not None else None
        if not paths:
            paths = [base / "resources" / "views"]
        elif isinstance(paths, str | Path):
            paths = [paths]
        resolved = [p if Path(p).is_absolute() else base / p for p in paths]
        if compiled is None:
            compiled = base / "storage" / "framework" / "views"
        elif not Path(compiled).is_absolute():
            compiled = base / compiled
        factory = ViewFactory(resolved, cache_path=compiled, debug=bool(self.app.debug))
        factory.share("app_env", self.app.environment)
        return factory
