"""Rows as light dict-like records: ``row["name"]`` and ``row.name``.

SQLite and MySQL rows are :class:`Row` (a ``dict`` subclass, so building one costs a dict);
PostgreSQL rows are :class:`PgRecord`, an ``asyncpg.Record`` subclass asyncpg builds directly
(``record_class`` of each builder fetch) with no copy. ``PgRecord`` is compiled
(``_pgrecord.c``): a subclass written in Python misses asyncpg's free list, so every row would
be a fresh allocation counted by the garbage collector (fetching 1,000 rows then costs ~1.2x
raw asyncpg's time, mostly in collections); the compiled type recycles its rows as asyncpg
does its own. :class:`PurePgRecord` is the same type in Python, used when the extension is
not built (``LARARUST_NO_EXTENSIONS=1``, no C compiler, PyPy).
"""

from __future__ import annotations

from typing import Any

import asyncpg


class Row(dict[str, Any]):
    """A result row: a dict that also reads columns as attributes."""

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(f"row has no column {name!r}") from None


class PurePgRecord(asyncpg.Record):
    """An ``asyncpg.Record`` that also reads columns as attributes (the pure-Python build)."""

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(f"row has no column {name!r}") from None

    def to_dict(self) -> dict[str, Any]:
        """Return the row as a plain dict."""
        return dict(self.items())


#: True when PostgreSQL rows are the compiled type.
COMPILED_PGRECORD: bool
try:
    from ._pgrecord import PgRecord as PgRecord

    COMPILED_PGRECORD = True
except ImportError:  # not compiled: the same behaviour, slower (see the module docstring)
    PgRecord = PurePgRecord  # type: ignore[misc,assignment]
    COMPILED_PGRECORD = False
