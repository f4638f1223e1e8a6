"""The ``Route`` facade: ``Route.get(...)`` on the application's router ("router")."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from lararust_support import Facade

from ._router import Router

if TYPE_CHECKING:
    from lararust_support import FacadeControls

    class _RouteFacade(Router, FacadeControls[Router]): ...


Route = cast("_RouteFacade", Facade("router", default=Router))
"""The router of the running application (a standalone one in a plain script)."""
