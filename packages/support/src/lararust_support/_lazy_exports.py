"""Lazy public names for a package's ``__init__`` (PEP 562), written once for every package.

Rules: a package lists ``name -> (relative module, attribute or None)`` and keeps its real imports
under ``TYPE_CHECKING`` so type checkers see exact types; at run time a name is imported on first
access and cached in the module, so later lookups never reach ``__getattr__`` again.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterable, Mapping

LazyTable = Mapping[str, tuple[str, str | None]]


def lazy_exports(
    module_name: str, table: LazyTable, public: Iterable[str]
) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """Return the ``(__getattr__, __dir__)`` pair of module ``module_name``.

    ``__dir__`` lists the public names plus the private ones already set, as an eager module's
    ``dir()`` would; ``__getattr__`` raises the usual ``AttributeError`` for unknown names.
    """
    names = frozenset(public)

    def __getattr__(name: str) -> object:
        try:
            module, attribute = table[name]
        except KeyError:
            raise AttributeError(f"module {module_name!r} has no attribute {name!r}") from None
        found = importlib.import_module(module, module_name)
        value = found if attribute is None else getattr(found, attribute)
        vars(sys.modules[module_name])[name] = value
        return value

    def __dir__() -> list[str]:
        present = vars(sys.modules[module_name])
        return sorted({*names, *(name for name in present if name.startswith("_"))})

    return __getattr__, __dir__
