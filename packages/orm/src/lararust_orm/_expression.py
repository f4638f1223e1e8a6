"""Raw SQL fragments: the only way untrusted-looking text reaches a query."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


class Expression:
    """Raw SQL (with its own ``?`` bindings) embedded verbatim in a query: trusted text only."""

    __slots__ = ("bindings", "sql")

    def __init__(self, sql: str, bindings: Sequence[Any] = ()) -> None:
        if not isinstance(sql, str):
            raise TypeError(f"raw SQL must be a str, got {type(sql).__name__}")
        self.sql = sql
        self.bindings = list(bindings)

    def __repr__(self) -> str:
        return f"Expression({self.sql!r})"

    def __str__(self) -> str:
        return self.sql
