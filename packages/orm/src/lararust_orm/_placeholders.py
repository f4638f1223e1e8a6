"""Translate the ORM's portable placeholders into each driver's own.

Raw SQL uses ``?`` with a list of bindings or ``:name`` with a dict, on every driver. A small
SQL-aware scanner skips string literals, quoted identifiers, comments, PostgreSQL ``$tag$``
quoting and ``::`` casts, so a ``?`` or ``:x`` inside them is left alone. ``??`` is a literal
``?`` (PostgreSQL's jsonb operators). The MySQL driver formats with ``%`` so a literal ``%``
is doubled there. Results are cached per (SQL, style): the scanner runs once per SQL string.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import lru_cache
from typing import Any, Literal

from ._errors import QueryError

Style = Literal["qmark", "numeric", "format"]
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_DOLLAR_TAG = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)?\$")


@lru_cache(maxsize=2048)
def translate(sql: str, style: Style) -> tuple[str, tuple[str, ...] | None, int]:
    """Return ``(driver_sql, names, count)``; names orders ``:name`` params (None for ``?``).

    Mixing ``?`` and ``:name`` in one statement is refused.
    """
    out: list[str] = []
    names: list[str] = []
    positional = 0
    i, n = 0, len(sql)
    while i < n:
        ch = sql[i]
        if ch in "'\"`":
            end = _skip_quoted(sql, i, ch, backslash=style == "format")
            out.append(_escape_percent(sql[i:end], style))
            i = end
        elif ch == "-" and sql.startswith("--", i):
            end = sql.find("\n", i)
            end = n if end < 0 else end
            out.append(_escape_percent(sql[i:end], style))
            i = end
        elif ch == "/" and sql.startswith("/*", i):
            end = sql.find("*/", i + 2)
            end = n if end < 0 else end + 2
            out.append(_escape_percent(sql[i:end], style))
            i = end
        elif ch == "$" and (m := _DOLLAR_TAG.match(sql, i)) is not None:
            tag = m.group(0)
            end = sql.find(tag, m.end())
            end = n if end < 0 else end + len(tag)
            out.append(sql[i:end])
            i = end
        elif ch == "?":
            if sql.startswith("??", i):
                out.append("?")
                i += 2
                continue
            positional += 1
            out.append(_marker(style, positional))
            i += 1
        elif ch == ":":
            if sql.startswith("::", i):
                out.append("::")
                i += 2
                continue
            m = _NAME.match(sql, i + 1)
            if m is None or (i > 0 and (sql[i - 1].isalnum() or sql[i - 1] == "_")):
                out.append(":")
                i += 1
                continue
            names.append(m.group(0))
            out.append(_marker(style, len(names)))
            i = m.end()
        elif ch == "%" and style == "format":
            out.append("%%")
            i += 1
        else:
            out.append(ch)
            i += 1
    if names and positional:
        raise QueryError("SQL mixes '?' and ':name' placeholders; use one style per statement")
    return "".join(out), (tuple(names) if names else None), positional + len(names)


def bind(
    sql: str, bindings: Sequence[Any] | Mapping[str, Any] | None, style: Style
) -> tuple[str, list[Any]]:
    """Translate ``sql`` and order ``bindings`` for a driver; counts are checked."""
    driver_sql, names, count = translate(sql, style)
    if type(bindings) is list:  # the builder's case: skip the ABC check and the copy
        if names is not None:
            raise QueryError("SQL uses ':name' placeholders; pass the bindings as a dict")
        if len(bindings) != count:
            raise QueryError(
                f"SQL has {count} placeholder(s) but {len(bindings)} binding(s) were given"
            )
        return driver_sql, bindings
    if bindings is None:
        bindings = ()
    if isinstance(bindings, Mapping):
        if names is None:
            if count:
                raise QueryError("SQL uses '?' placeholders but the bindings are a dict")
            return driver_sql, []
        missing = [name for name in names if name not in bindings]
        if missing:
            raise QueryError(f"no binding given for :{missing[0]}")
        return driver_sql, [bindings[name] for name in names]
    if names is not None:
        raise QueryError("SQL uses ':name' placeholders; pass the bindings as a dict")
    values = list(bindings)
    if len(values) != count:
        raise QueryError(f"SQL has {count} placeholder(s) but {len(values)} binding(s) were given")
    return driver_sql, values


def _marker(style: Style, index: int) -> str:
    if style == "numeric":
        return f"${index}"
    if style == "format":
        return "%s"
    return "?"


def _escape_percent(text: str, style: Style) -> str:
    return text.replace("%", "%%") if style == "format" else text


def _skip_quoted(sql: str, start: int, quote: str, backslash: bool) -> int:
    """Return the index after the literal/identifier opened at ``start``.

    A doubled quote escapes everywhere; a backslash only in MySQL string literals (PostgreSQL
    and SQLite treat it as an ordinary character).
    """
    i = start + 1
    n = len(sql)
    while i < n:
        if backslash and quote == "'" and sql[i] == "\\":
            i += 2
            continue
        if sql[i] == quote:
            if i + 1 < n and sql[i + 1] == quote:
                i += 2
                continue
            return i + 1
        i += 1
    return n
