"""Str, Arr, Collection, macros, time helpers, Pipeline, HtmlString and the facade base."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .__about__ import __version__ as __version__
from ._lazy_exports import lazy_exports as lazy_exports

if TYPE_CHECKING:
    from ._arr import Arr as Arr
    from ._async_lazy import AsyncLazyCollection as AsyncLazyCollection
    from ._collection import Collection as Collection
    from ._collection import ItemNotFound as ItemNotFound
    from ._collection import MultipleItemsFound as MultipleItemsFound
    from ._collection import collect as collect
    from ._data import data_forget as data_forget
    from ._data import data_get as data_get
    from ._data import data_set as data_set
    from ._facade import Facade as Facade
    from ._facade import FacadeControls as FacadeControls
    from ._facade import clear_facades as clear_facades
    from ._facade import get_facade_resolver as get_facade_resolver
    from ._facade import isolated_facades as isolated_facades
    from ._facade import set_facade_resolver as set_facade_resolver
    from ._helpers import aretry as aretry
    from ._helpers import blank as blank
    from ._helpers import filled as filled
    from ._helpers import retry as retry
    from ._helpers import tap as tap
    from ._helpers import value as value
    from ._html import HtmlString as HtmlString
    from ._lazy import LazyCollection as LazyCollection
    from ._macroable import Macroable as Macroable
    from ._macroable import MacroableMeta as MacroableMeta
    from ._pipeline import Pipeline as Pipeline
    from ._str import Str as Str
    from ._stringable import Stringable as Stringable
    from ._stringable import str_ as str_
    from ._time import get_default_timezone as get_default_timezone
    from ._time import get_test_now as get_test_now
    from ._time import now as now
    from ._time import set_default_timezone as set_default_timezone
    from ._time import set_test_now as set_test_now
    from ._time import today as today

__all__ = [
    "Arr",
    "AsyncLazyCollection",
    "Collection",
    "Facade",
    "FacadeControls",
    "HtmlString",
    "ItemNotFound",
    "LazyCollection",
    "Macroable",
    "MacroableMeta",
    "MultipleItemsFound",
    "Pipeline",
    "Str",
    "Stringable",
    "__version__",
    "aretry",
    "blank",
    "clear_facades",
    "collect",
    "data_forget",
    "data_get",
    "data_set",
    "filled",
    "get_default_timezone",
    "get_facade_resolver",
    "get_test_now",
    "isolated_facades",
    "lazy_exports",
    "now",
    "retry",
    "set_default_timezone",
    "set_facade_resolver",
    "set_test_now",
    "str_",
    "tap",
    "today",
    "value",
]

# Public name -> (module, attribute; None for a submodule). Imported on first use (PEP 562)
# so `import lararust_support` stays cheap: a command pays only for the names it touches.
_LAZY: dict[str, tuple[str, str | None]] = {
    "Arr": ("._arr", "Arr"),
    "AsyncLazyCollection": ("._async_lazy", "AsyncLazyCollection"),
    "Collection": ("._collection", "Collection"),
    "ItemNotFound": ("._collection", "ItemNotFound"),
    "MultipleItemsFound": ("._collection", "MultipleItemsFound"),
    "collect": ("._collection", "collect"),
    "data_forget": ("._data", "data_forget"),
    "data_get": ("._data", "data_get"),
    "data_set": ("._data", "data_set"),
    "Facade": ("._facade", "Facade"),
    "FacadeControls": ("._facade", "FacadeControls"),
    "clear_facades": ("._facade", "clear_facades"),
    "get_facade_resolver": ("._facade", "get_facade_resolver"),
    "isolated_facades": ("._facade", "isolated_facades"),
    "set_facade_resolver": ("._facade", "set_facade_resolver"),
    "aretry": ("._helpers", "aretry"),
    "blank": ("._helpers", "blank"),
    "filled": ("._helpers", "filled"),
    "retry": ("._helpers", "retry"),
    "tap": ("._helpers", "tap"),
    "value": ("._helpers", "value"),
    "HtmlString": ("._html", "HtmlString"),
    "LazyCollection": ("._lazy", "LazyCollection"),
    "Macroable": ("._macroable", "Macroable"),
    "MacroableMeta": ("._macroable", "MacroableMeta"),
    "Pipeline": ("._pipeline", "Pipeline"),
    "Str": ("._str", "Str"),
    "Stringable": ("._stringable", "Stringable"),
    "str_": ("._stringable", "str_"),
    "get_default_timezone": ("._time", "get_default_timezone"),
    "get_test_now": ("._time", "get_test_now"),
    "now": ("._time", "now"),
    "set_default_timezone": ("._time", "set_default_timezone"),
    "set_test_now": ("._time", "set_test_now"),
    "today": ("._time", "today"),
}


if not TYPE_CHECKING:  # mypy reads the exact types from the imports above
    __getattr__, __dir__ = lazy_exports(__name__, _LAZY, __all__)
