"""Rows as light dict-like records: ``row["name"]`` and ``row.name``.

SQLite and MySQL rows are :class:`Row` (a ``dict`` subclass, so building one costs a dict);
PostgreSQL rows are :class:`PgRecord`, an ``asyncpg.Record`` subclass asyncpg builds directly
(``record_class`` of each builder fetch) with no copy.
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


class PgRecord(asyncpg.Record):
    """An ``asyncpg.Record`` that also reads columns as attributes."""

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(f"row has no column {name!r}") from None

    def to_dict(self) -> dict[str, Any]:
        """Return the row as a plain dict."""
        return dict(self.items())
