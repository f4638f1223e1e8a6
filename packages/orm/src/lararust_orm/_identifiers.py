"""Validation of everything the builder puts into SQL text that is not a bound value.

Rules: identifiers are ``name``, ``table.name``, ``schema.table.name``, ``table.*`` or ``*``,
optionally followed by `` as alias``; JSON paths are ``column->key->key`` where a key is
letters, digits, ``_`` or ``-`` with optional ``[n]`` indexes. Operators and directions come
from fixed lists. Anything else raises :class:`QueryError` naming the offending text, before
any SQL is built. Raw SQL only enters through the explicit ``*_raw`` methods.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ._errors import QueryError

_IDENT = r"[A-Za-z_][A-Za-z0-9_$]*"
_COLUMN = re.compile(rf"(?:{_IDENT}\.){{0,2}}(?:{_IDENT}|\*)|\*")
_ALIAS = re.compile(rf"^(.+?)\s+as\s+({_IDENT})$", re.IGNORECASE)
_PATH_KEY = re.compile(r"([A-Za-z0-9_\-]+)?((?:\[\d+\])*)")
_INDEX = re.compile(r"\[(\d+)\]")
_IDENT_RE = re.compile(_IDENT)

OPERATORS = frozenset(
    {
        "=", "<", ">", "<=", ">=", "<>", "!=",
        "like", "not like", "ilike", "not ilike", "like binary",
        "&", "|", "^", "<<", ">>",
        "regexp", "not regexp", "rlike", "not rlike",
        "~", "~*", "!~", "!~*",
    }
)  # fmt: skip
DIRECTIONS = frozenset({"asc", "desc"})

PathKey = str | int


def identifier(name: str) -> str:
    """Check one bare identifier (table, alias, index name)."""
    if not isinstance(name, str) or not _IDENT_RE.fullmatch(name):
        raise QueryError(f"invalid identifier {name!r}")
    return name


@lru_cache(maxsize=4096)
def column(name: str) -> tuple[str, str | None, tuple[PathKey, ...]]:
    """Split a column reference into ``(column, alias, json_path)``; raise if malformed."""
    if not isinstance(name, str):
        raise QueryError(f"invalid column {name!r}: expected a string")
    text = name.strip()
    alias: str | None = None
    match = _ALIAS.match(text)
    if match:
        text, alias = match.group(1).strip(), match.group(2)
    base, *keys = text.split("->")
    if not _COLUMN.fullmatch(base):
        raise QueryError(f"invalid column name {name!r}")
    path: list[PathKey] = []
    for key in keys:
        m = _PATH_KEY.fullmatch(key)
        if key == "" or m is None or (m.group(1) is None and not m.group(2)):
            raise QueryError(f"invalid JSON path segment {key!r} in {name!r}")
        if m.group(1) is not None:
            path.append(m.group(1))
        path.extend(int(i) for i in _INDEX.findall(m.group(2)))
    if path and base.endswith("*"):
        raise QueryError(f"invalid column name {name!r}")
    return base, alias, tuple(path)


def operator(op: str) -> str:
    """Check a comparison operator against the allowed list; return it lower-cased."""
    if not isinstance(op, str) or op.lower().strip() not in OPERATORS:
        raise QueryError(f"invalid operator {op!r}")
    return op.lower().strip()


def direction(value: str) -> str:
    """Check an order direction (``asc``/``desc``, any case)."""
    if not isinstance(value, str) or value.lower() not in DIRECTIONS:
        raise QueryError(f"invalid order direction {value!r}: use 'asc' or 'desc'")
    return value.lower()


def non_negative_int(value: object, what: str) -> int:
    """Check a LIMIT/OFFSET-like value: an int, never text."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be an int, got {type(value).__name__}")
    if value < 0:
        raise QueryError(f"{what} must not be negative, got {value}")
    return value
