"""The ``View`` facade and the ``view()`` helper.

Rules: in an application both reach the ``"view"`` binding (through support's facade
resolver); in a plain script, a factory over ``resources/views`` under the working directory
(memory cache, debug on) is made on first use.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast, overload

from lararust_support import Facade

if TYPE_CHECKING:
    from ._factory import ViewFactory
    from ._view import ViewInstance

__all__ = ["View", "view"]


def _standalone() -> ViewFactory:
    # The factory (and what it imports) loads when a view is first made, not with the helper:
    # a route file importing ``view`` costs nothing to ``route:list``.
    from ._factory import ViewFactory

    return ViewFactory([Path.cwd() / "resources" / "views"], cache_path=None, debug=True)


if TYPE_CHECKING:
    from lararust_support import FacadeControls

    class _ViewFacade(ViewFactory, FacadeControls[ViewFactory]):
        """The factory's methods plus the facade's test controls."""


#: ``View.make(...)``, ``View.share(...)``, ``View.exists(...)``, ``View.render(...)``.
View = cast("_ViewFacade", Facade("view", _standalone))


@overload
def view() -> ViewFactory: ...
@overload
def view(name: str, context: Mapping[str, Any] | None = None) -> ViewInstance: ...
def view(name: str | None = None, context: Mapping[str, Any] | None = None) -> Any:
    """``view("pages.home", {...})`` makes a view; ``view()`` returns the factory."""
    factory = cast("ViewFactory", cast(Any, View).resolve())
    if name is None:
        return factory
    return factory.make(name, context)
