"""Query grammars: turn validated builder parts into each database's SQL.

Rules: every identifier passes :mod:`._identifiers` then is quoted here (``"x"`` on
PostgreSQL/SQLite, backticks on MySQL, embedded quotes doubled); every value is a ``?``
placeholder. JSON path keys are validated before they are written into a path literal, so a
path can never close its quote. Fragments are built when a clause is added; the full SQL of a
query shape is cached per grammar.
"""

from __future__ import annotations

import json
from datetime import date, datetime, time
from typing import Any

from ._errors import QueryError
from ._expression import Expression
from ._identifiers import PathKey, column, identifier


class Grammar:
    """The SQL shared by every database; subclasses override what differs."""

    quote = '"'
    supports_returning = True
    max_bindings = 32766

    def __init__(self, prefix: str = "") -> None:
        self.prefix = prefix
        self.cache: dict[tuple[Any, ...], str] = {}
        self._wrapped: dict[str, str] = {}
        self._tables: dict[tuple[str, str | None], str] = {}

    # -- identifiers ------------------------------------------------------------------------

    def quote_identifier(self, name: str) -> str:
        """Quote one identifier segment (``*`` stays bare)."""
        if name == "*":
            return name
        q = self.quote
        return f"{q}{name.replace(q, q + q)}{q}"

    def wrap(self, value: str | Expression) -> str:
        """Quote a column reference (``t.c``, ``c as a``, ``opts->key``) or pass raw SQL."""
        if isinstance(value, Expression):
            return value.sql
        cached = self._wrapped.get(value)
        if cached is not None:
            return cached
        base, alias, path = column(value)
        sql = self.json_selector(base, path, as_text=True) if path else self._segments(base)
        if alias:
            sql = f"{sql} as {self.quote_identifier(alias)}"
        if len(self._wrapped) < 8192:
            self._wrapped[value] = sql
        return sql

    def wrap_column(self, name: str) -> str:
        """Quote a plain column (no alias, no JSON path) for DDL and INSERT lists."""
        base, alias, path = column(name)
        if alias or path:
            raise QueryError(f"invalid column name {name!r} here: a plain column is required")
        return self._segments(base)

    def _segments(self, base: str) -> str:
        parts = base.split(".")
        if len(parts) > 1 and self.prefix:
            parts[-2] = self.prefix + parts[-2]
        return ".".join(self.quote_identifier(p) for p in parts)

    def wrap_table(self, table: str | Expression, alias: str | None = None) -> str:
        """Quote a table name (with the connection's prefix and an optional alias)."""
        if isinstance(table, Expression):
            return table.sql
        key = (table, alias)
        cached = self._tables.get(key)
        if cached is not None:
            return cached
        sql = self._wrap_table(table, alias)
        if len(self._tables) < 4096:
            self._tables[key] = sql
        return sql

    def _wrap_table(self, table: str, alias: str | None) -> str:
        base, parsed_alias, path = column(table)
        if path or base.endswith("*"):
            raise QueryError(f"invalid table name {table!r}")
        alias = alias or parsed_alias
        parts = base.split(".")
        parts[-1] = self.prefix + parts[-1]
        sql = ".".join(self.quote_identifier(p) for p in parts)
        if alias:
            sql += f" as {self.quote_identifier(self.prefix + identifier(alias))}"
        return sql

    def json_path_literal(self, path: tuple[PathKey, ...]) -> str:
        """Return ``'$."a"[0]'`` for MySQL/SQLite (keys are pre-validated: no quotes)."""
        out = "$"
        for key in path:
            out += f"[{key}]" if isinstance(key, int) else f'."{key}"'
        return f"'{out}'"

    def json_selector(self, base: str, path: tuple[PathKey, ...], as_text: bool) -> str:
        """Return SQL reading ``path`` inside JSON column ``base``."""
        raise NotImplementedError

    def json_value(self, value: Any) -> Any:
        """Convert a value compared against a JSON path to what the database returns."""
        return value

    # -- where fragments ---------------------------------------------------------------------

    def like(self, column_sql: str, negate: bool, case_sensitive: bool) -> str:
        """Return a LIKE test (case-insensitive unless asked)."""
        op = "not like" if negate else "like"
        return f"{column_sql} {op} ?"

    def like_value(self, value: str, case_sensitive: bool) -> str:
        """Adapt a LIKE pattern to the operator :meth:`like` uses."""
        return value

    def date_part(self, kind: str, column_sql: str) -> str:
        """Return SQL extracting ``kind`` (date/time/year/month/day) from a column."""
        return f"{kind}({column_sql})"

    def date_value(self, kind: str, value: Any) -> Any:
        """Adapt a value compared with :meth:`date_part`."""
        if kind == "date" and isinstance(value, datetime):
            return value.date().isoformat()
        if isinstance(value, date | time):
            return value.isoformat()
        return value

    def json_contains(self, base: str, path: tuple[PathKey, ...], negate: bool) -> str:
        """Return a test that the JSON at ``base``/``path`` contains the bound value."""
        raise NotImplementedError

    def json_length(self, base: str, path: tuple[PathKey, ...], op: str) -> str:
        """Return a comparison of the length of the JSON array at ``base``/``path``."""
        raise NotImplementedError

    def random(self, seed: str = "") -> str:
        """Return the ORDER BY expression for a random order."""
        return "RANDOM()"

    def lock(self, kind: str) -> str:
        """Return the row-locking clause (``update`` or ``shared``)."""
        return " for update" if kind == "update" else " for share"

    def union(self, first: str, rest: list[tuple[str, bool]]) -> str:
        """Combine selects with UNION [ALL]."""
        sql = f"({first})"
        for other, all_ in rest:
            sql += f" union {'all ' if all_ else ''}({other})"
        return sql

    # -- statements --------------------------------------------------------------------------

    def insert(self, table: str, columns: list[str], rows: int) -> str:
        """Return a multi-row INSERT for ``rows`` rows."""
        cols = ", ".join(self.wrap_column(c) for c in columns)
        one = "(" + ", ".join("?" for _ in columns) + ")"
        return f"insert into {self.wrap_table(table)} ({cols}) values {', '.join([one] * rows)}"

    def insert_get_id(self, table: str, columns: list[str], key: str) -> str:
        """Return an INSERT of one row that yields its new key."""
        return f"{self.insert(table, columns, 1)} returning {self.wrap_column(key)}"

    def insert_or_ignore(self, table: str, columns: list[str], rows: int) -> str:
        """Return an INSERT that skips rows breaking a unique constraint."""
        return f"{self.insert(table, columns, rows)} on conflict do nothing"

    def upsert(
        self, table: str, columns: list[str], rows: int, unique_by: list[str], update: list[str]
    ) -> str:
        """Return an INSERT that updates ``update`` columns on a conflict of ``unique_by``."""
        keys = ", ".join(self.wrap_column(c) for c in unique_by)
        sql = f"{self.insert(table, columns, rows)} on conflict ({keys}) do "
        if not update:
            return sql + "nothing"
        sets = ", ".join(
            f"{self.wrap_column(c)} = {self.quote_identifier('excluded')}.{self.wrap_column(c)}"
            for c in update
        )
        return sql + f"update set {sets}"

    def update_set(self, name: str) -> str:
        """Return ``col = ?`` (or a JSON path update) for one column of an UPDATE."""
        base, alias, path = column(name)
        if alias or ("." in base and path):
            raise QueryError(f"invalid column to update {name!r}")
        if path:
            return self.json_set(base, path)
        return f"{self._segments(base)} = ?"

    def json_set(self, base: str, path: tuple[PathKey, ...]) -> str:
        """Return SQL setting ``path`` inside JSON column ``base`` to the bound JSON value."""
        raise NotImplementedError

    def truncate(self, table: str) -> list[str]:
        """Return the statements emptying ``table`` and restarting its ids."""
        return [f"truncate table {self.wrap_table(table)}"]


class PostgresGrammar(Grammar):
    """PostgreSQL."""

    max_bindings = 32767

    def json_selector(self, base: str, path: tuple[PathKey, ...], as_text: bool) -> str:
        """Return ``("col"->'a'->>'b')``."""
        parts = [self._segments(base)]
        for i, key in enumerate(path):
            arrow = "->>" if as_text and i == len(path) - 1 else "->"
            parts.append(f"{arrow}{key}" if isinstance(key, int) else f"{arrow}'{key}'")
        return "(" + "".join(parts) + ")"

    def json_value(self, value: Any) -> Any:
        """``->>`` yields text: compare with the JSON text of the value."""
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, int | float):
            return str(value)
        return value

    def like(self, column_sql: str, negate: bool, case_sensitive: bool) -> str:
        """Use ILIKE unless case sensitive."""
        op = "like" if case_sensitive else "ilike"
        return f"{column_sql}::text {'not ' if negate else ''}{op} ?"

    def date_part(self, kind: str, column_sql: str) -> str:
        """Cast or extract."""
        if kind in ("date", "time"):
            return f"{column_sql}::{kind}"
        return f"extract({kind} from {column_sql})"

    def date_value(self, kind: str, value: Any) -> Any:
        """asyncpg wants date/time objects for ``::date``/``::time``."""
        if kind == "date":
            if isinstance(value, datetime):
                return value.date()
            if isinstance(value, str):
                return date.fromisoformat(value)
        if kind == "time" and isinstance(value, str):
            return time.fromisoformat(value)
        if kind in ("year", "month", "day") and isinstance(value, str):
            return int(value)
        return value

    def json_contains(self, base: str, path: tuple[PathKey, ...], negate: bool) -> str:
        """``(col->path)::jsonb @> ?``."""
        sql = f"{self.json_selector(base, path, as_text=False)}::jsonb @> ?::jsonb"
        return f"not {sql}" if negate else sql

    def json_length(self, base: str, path: tuple[PathKey, ...], op: str) -> str:
        """``jsonb_array_length(...)``."""
        return f"jsonb_array_length({self.json_selector(base, path, as_text=False)}::jsonb) {op} ?"

    def json_set(self, base: str, path: tuple[PathKey, ...]) -> str:
        """``col = jsonb_set(col::jsonb, '{a,b}', ?::jsonb)``."""
        col = self._segments(base)
        keys = ",".join(str(k) for k in path)
        return f"{col} = jsonb_set(coalesce({col}::jsonb, '{{}}'), '{{{keys}}}', ?::jsonb, true)"

    def truncate(self, table: str) -> list[str]:
        """Restart identities and cascade, as Laravel does."""
        return [f"truncate {self.wrap_table(table)} restart identity cascade"]


class MySqlGrammar(Grammar):
    """MySQL 8 (the grammar MariaDB refines; untested until MySQL runs in CI)."""

    quote = "`"
    supports_returning = False
    max_bindings = 65535

    def json_selector(self, base: str, path: tuple[PathKey, ...], as_text: bool) -> str:
        """``json_unquote(json_extract(col, '$."a"'))``."""
        sql = f"json_extract({self._segments(base)}, {self.json_path_literal(path)})"
        return f"json_unquote({sql})" if as_text else sql

    def json_value(self, value: Any) -> Any:
        """``json_unquote`` yields text: booleans read as ``true``/``false``."""
        if isinstance(value, bool):
            return "true" if value else "false"
        return value

    def like(self, column_sql: str, negate: bool, case_sensitive: bool) -> str:
        """``like binary`` when case sensitive (the default collations ignore case)."""
        op = "like binary" if case_sensitive else "like"
        return f"{column_sql} {'not ' if negate else ''}{op} ?"

    def json_contains(self, base: str, path: tuple[PathKey, ...], negate: bool) -> str:
        """``json_contains(col, ?, '$.path')``."""
        target = self._segments(base)
        sql = f"json_contains({target}, ?" + (f", {self.json_path_literal(path)})" if path else ")")
        return f"not {sql}" if negate else sql

    def json_length(self, base: str, path: tuple[PathKey, ...], op: str) -> str:
        """``json_length(col, '$.path')``."""
        target = self._segments(base)
        extra = f", {self.json_path_literal(path)}" if path else ""
        return f"json_length({target}{extra}) {op} ?"

    def random(self, seed: str = "") -> str:
        """``RAND()``."""
        return "RAND()"

    def lock(self, kind: str) -> str:
        """``lock in share mode`` works on MySQL and MariaDB alike."""
        return " for update" if kind == "update" else " lock in share mode"

    def insert_get_id(self, table: str, columns: list[str], key: str) -> str:
        """MySQL has no RETURNING: the driver reads ``lastrowid``."""
        return self.insert(table, columns, 1)

    def insert_or_ignore(self, table: str, columns: list[str], rows: int) -> str:
        """``insert ignore`` (it also turns other errors into warnings: see the README)."""
        return "insert ignore" + self.insert(table, columns, rows)[len("insert") :]

    def upsert(
        self, table: str, columns: list[str], rows: int, unique_by: list[str], update: list[str]
    ) -> str:
        """``on duplicate key update c = values(c)`` (MySQL uses the unique keys it has)."""
        if not update:
            return self.insert_or_ignore(table, columns, rows)
        sets = ", ".join(f"{self.wrap_column(c)} = values({self.wrap_column(c)})" for c in update)
        return f"{self.insert(table, columns, rows)} on duplicate key update {sets}"

    def json_set(self, base: str, path: tuple[PathKey, ...]) -> str:
        """``col = json_set(col, '$.a', json_extract(?, '$'))`` (works on MariaDB too)."""
        col = self._segments(base)
        return (
            f"{col} = json_set(coalesce({col}, '{{}}'), {self.json_path_literal(path)}, "
            "json_extract(?, '$'))"
        )


class MariaDbGrammar(MySqlGrammar):
    """MariaDB: like MySQL here (JSON through functions, no ``->`` operators)."""


class SQLiteGrammar(Grammar):
    """SQLite 3.35+ (RETURNING, DROP COLUMN, JSON1)."""

    def json_selector(self, base: str, path: tuple[PathKey, ...], as_text: bool) -> str:
        """``json_extract(col, '$."a"')`` (returns SQL values: 1/0 for booleans)."""
        return f"json_extract({self._segments(base)}, {self.json_path_literal(path)})"

    def json_value(self, value: Any) -> Any:
        """json_extract returns 1/0 for JSON booleans."""
        if isinstance(value, bool):
            return int(value)
        return value

    def like(self, column_sql: str, negate: bool, case_sensitive: bool) -> str:
        """``glob`` when case sensitive (LIKE ignores ASCII case in SQLite)."""
        op = "glob" if case_sensitive else "like"
        return f"{column_sql} {'not ' if negate else ''}{op} ?"

    def like_value(self, value: str, case_sensitive: bool) -> str:
        """Translate ``%``/``_`` to GLOB's ``*``/``?`` for case-sensitive matching."""
        if not case_sensitive:
            return value
        escaped = value.replace("[", "[[]").replace("*", "[*]").replace("?", "[?]")
        return escaped.replace("%", "*").replace("_", "?")

    def date_part(self, kind: str, column_sql: str) -> str:
        """``strftime`` compared as text."""
        fmt = {"date": "%Y-%m-%d", "time": "%H:%M:%S", "year": "%Y", "month": "%m", "day": "%d"}
        return f"strftime('{fmt[kind]}', {column_sql})"

    def date_value(self, kind: str, value: Any) -> Any:
        """Zero-pad months and days, as strftime writes them."""
        if kind in ("month", "day"):
            return f"{int(value):02d}"
        if kind == "year":
            return f"{int(value):04d}"
        return str(super().date_value(kind, value))

    def json_contains(self, base: str, path: tuple[PathKey, ...], negate: bool) -> str:
        """``exists (select 1 from json_each(col, path) where value = ?)``."""
        args = self._segments(base) + (f", {self.json_path_literal(path)}" if path else "")
        sql = f"exists (select 1 from json_each({args}) where json_each.value = ?)"
        return f"not {sql}" if negate else sql

    def json_length(self, base: str, path: tuple[PathKey, ...], op: str) -> str:
        """``json_array_length(col, path)``."""
        args = self._segments(base) + (f", {self.json_path_literal(path)}" if path else "")
        return f"json_array_length({args}) {op} ?"

    def lock(self, kind: str) -> str:
        """SQLite locks the whole database: no row locks."""
        return ""

    def union(self, first: str, rest: list[tuple[str, bool]]) -> str:
        """SQLite refuses parenthesised union members: wrap each as a subquery."""
        sql = f"select * from ({first})"
        for other, all_ in rest:
            sql += f" union {'all ' if all_ else ''}select * from ({other})"
        return sql

    def json_set(self, base: str, path: tuple[PathKey, ...]) -> str:
        """``col = json_set(col, '$.a', json(?))``."""
        col = self._segments(base)
        return f"{col} = json_set(coalesce({col}, '{{}}'), {self.json_path_literal(path)}, json(?))"

    def truncate(self, table: str) -> list[str]:
        """Delete every row and reset the AUTOINCREMENT sequence."""
        return [f"delete from {self.wrap_table(table)}"]


def json_binding(value: Any) -> str:
    """Serialise a value bound as JSON."""
    return json.dumps(value)


def _offset_only_limit(grammar: Grammar) -> str:
    """The LIMIT a database needs before a bare OFFSET."""
    if isinstance(grammar, MySqlGrammar):
        return " limit 18446744073709551615"
    if isinstance(grammar, SQLiteGrammar):
        return " limit -1"
    return ""
