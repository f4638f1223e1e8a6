"""The ``Route`` facade: ``Route.get(...)`` on the application's router ("router")."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, cast

from lararust_support import Facade

from ._router import Router

if TYPE_CHECKING:
    from lararust_support import FacadeControls

    class _RouteFacade(Router, FacadeControls[Router]): ...


Route = cast("_RouteFacade", Facade("router", default=Router))
"""The router of the running application (a standalone one in a plain script)."""


@contextmanager
def routing_to(router: Router) -> Iterator[None]:
    """Point ``Route`` at ``router`` while route files run (restoring what was swapped)."""
    facade: Any = Route
    previous = facade.resolve() if facade.is_swapped else None
    facade.swap(router)
    try:
        yield
    finally:
        if previous is not None:
            facade.swap(previous)
        else:
            facade.clear()
