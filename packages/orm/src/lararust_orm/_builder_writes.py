"""The writing half of the query builder: ``insert``, ``upsert``, ``update``, ``delete``…

Rules: rows are validated (same columns in every row) and written in chunks below the
driver's bound-parameter limit, inside one transaction when it takes more than one
statement; INSERT statements are cached on the grammar per shape.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from operator import itemgetter
from typing import TYPE_CHECKING, Any, cast

from ._errors import QueryError
from ._expression import Expression
from ._where import _MISSING

if TYPE_CHECKING:
    from ._builder import Builder


class WritesRows:
    """Mixed into :class:`Builder` (its methods read the builder's state)."""

    def _rows(
        self, values: Mapping[str, Any] | Sequence[Mapping[str, Any]]
    ) -> tuple[list[str], list[Sequence[Any]]]:
        b = cast("Builder", self)
        rows = [values] if isinstance(values, Mapping) else list(values)
        if not rows:
            return [], []
        columns = list(rows[0].keys())
        for c in columns:
            b.grammar.wrap_column(c)
        # C-level work per row (len, one itemgetter call): every row the same size and holding
        # every column means the same keys; the slow loop below only names a bad row.
        pick = itemgetter(*columns)
        try:
            if set(map(len, rows)) != {len(columns)}:
                raise KeyError(columns)
            picked = list(map(pick, rows))
        except (KeyError, TypeError):
            wanted = set(columns)
            for index, row in enumerate(rows):
                if row.keys() != wanted:  # a keys view compares with a set in C
                    raise QueryError(
                        f"insert row {index} has columns {sorted(row)}; "
                        f"every row needs {sorted(wanted)}"
                    ) from None
            raise
        if len(columns) == 1:
            return columns, [(value,) for value in picked]
        return columns, picked

    def _insert_sql(self, kind: str, columns: list[str], count: int, *extra: Any) -> str:
        b = cast("Builder", self)
        key = (kind, b._table(), tuple(columns), count, *extra)
        cache = b.grammar.cache
        sql = cache.get(key)
        if sql is None:
            table = b._table()
            g = b.grammar
            if kind == "insert":
                sql = g.insert(table, columns, count)
            elif kind == "ignore":
                sql = g.insert_or_ignore(table, columns, count)
            else:
                sql = g.upsert(table, columns, count, list(extra[0]), list(extra[1]))
            if len(cache) > 4096:
                cache.clear()
            cache[key] = sql
        return sql

    async def _write_chunks(
        self, kind: str, columns: list[str], rows: list[Sequence[Any]], *extra: Any
    ) -> int:
        b = cast("Builder", self)
        if kind == "insert" and len(rows) > 1 and b.connection.bulk_insert_many:
            # One prepared one-row INSERT, pipelined by the driver (asyncpg's executemany is
            # atomic): less client work than binding thousands of parameters to one statement.
            sql = b._insert_sql(kind, columns, 1)
            return await b.connection.insert_many(sql, rows)
        per = max(1, b.grammar.max_bindings // max(len(columns), 1))
        chunks = [rows[i : i + per] for i in range(0, len(rows), per)]

        async def run() -> int:
            total = 0
            for chunk in chunks:
                sql = b._insert_sql(kind, columns, len(chunk), *extra)
                flat = [v for row in chunk for v in row]
                total += await b.connection.affecting_statement(sql, flat)
            return total

        if len(chunks) == 1:
            return await run()
        async with b.connection.transaction():
            return await run()

    async def insert(self, values: Mapping[str, Any] | Sequence[Mapping[str, Any]]) -> bool:
        """Insert one row (a dict) or many (a list of dicts, one statement); return True."""
        b = cast("Builder", self)
        columns, rows = b._rows(values)
        if rows:
            await b._write_chunks("insert", columns, rows)
        return True

    async def insert_get_id(self, values: Mapping[str, Any], sequence: str | None = None) -> Any:
        """Insert one row and return its new key."""
        b = cast("Builder", self)
        columns, rows = b._rows(values)
        key = sequence or b.primary_key or "id"
        sql = b.grammar.insert_get_id(b._table(), columns, key)
        return await b.connection.insert_get_id(sql, rows[0], key)

    async def insert_or_ignore(
        self, values: Mapping[str, Any] | Sequence[Mapping[str, Any]]
    ) -> int:
        """Insert, skipping rows that break a unique key; return how many were inserted.

        On MySQL/MariaDB this is ``INSERT IGNORE``, which also turns other errors (bad values,
        NULL into NOT NULL columns) into warnings and stores adjusted values.
        """
        b = cast("Builder", self)
        columns, rows = b._rows(values)
        if not rows:
            return 0
        return await b._write_chunks("ignore", columns, rows)

    async def upsert(
        self,
        values: Mapping[str, Any] | Sequence[Mapping[str, Any]],
        unique_by: str | Sequence[str],
        update: Sequence[str] | None = None,
    ) -> int:
        """Insert rows, updating ``update`` columns of rows that clash on ``unique_by``.

        Returns the number of input rows written (inserted or updated) on every database.
        """
        b = cast("Builder", self)
        columns, rows = b._rows(values)
        if not rows:
            return 0
        unique = (unique_by,) if isinstance(unique_by, str) else tuple(unique_by)
        updates = tuple(c for c in columns if c not in unique) if update is None else tuple(update)
        if not updates:
            return await b._write_chunks("ignore", columns, rows)
        written = await b._write_chunks("upsert", columns, rows, unique, updates)
        return len(rows) if b.connection.driver == "mysql" else written

    def _update_parts(self, values: Mapping[str, Any]) -> tuple[list[str], list[Any]]:
        b = cast("Builder", self)
        if not values:
            raise QueryError("update() needs at least one column")
        sets, bindings = [], []
        for name, value in values.items():
            if isinstance(value, Expression):
                sets.append(f"{b.grammar.wrap_column(name)} = {value.sql}")
                bindings.extend(value.bindings)
                continue
            sets.append(b.grammar.update_set(name))
            bindings.append(_json_text(value) if "->" in name else value)
        return sets, bindings

    def _write_target(self, verb: str) -> str:
        b = cast("Builder", self)
        if b._joins or b._unions or b._groups:
            raise QueryError(f"{verb}() does not support joins, unions or groups; use a subquery")
        return b.grammar.wrap_table(b._table())

    def _update_statement(self, values: Mapping[str, Any]) -> tuple[str, list[Any]]:
        """The UPDATE :meth:`update` runs, and its bindings."""
        b = cast("Builder", self)
        sets, bindings = b._update_parts(values)
        sql = f"update {b._write_target('update')} set {', '.join(sets)}"
        if b._wheres:
            sql += f" where {b._compile_wheres()}"
        return sql, [*bindings, *b._where_bindings]

    async def update(self, values: Mapping[str, Any]) -> int:
        """Update matching rows; return the number of rows matched."""
        b = cast("Builder", self)
        sql, bindings = b._update_statement(values)
        return await b.connection.update(sql, bindings)

    async def update_or_insert(
        self, attributes: Mapping[str, Any], values: Mapping[str, Any] | None = None
    ) -> bool:
        """Update the row matching ``attributes`` or insert ``attributes | values``."""
        b = cast("Builder", self)
        values = dict(values or {})
        if not await b.clone().where(attributes).exists():
            return await b.insert({**attributes, **values})
        if not values:
            return True
        return bool(await b.clone().where(attributes).update(values))

    async def increment(
        self, column_: str, amount: int | float = 1, extra: Mapping[str, Any] | None = None
    ) -> int:
        """Add ``amount`` to a column of matching rows (and set ``extra``); return rows matched."""
        return await self._step("increment", "+", column_, amount, extra)

    async def decrement(
        self, column_: str, amount: int | float = 1, extra: Mapping[str, Any] | None = None
    ) -> int:
        """Subtract ``amount`` from a column of matching rows; return rows matched."""
        return await self._step("decrement", "-", column_, amount, extra)

    async def _step(
        self,
        name: str,
        op: str,
        column_: str,
        amount: int | float,
        extra: Mapping[str, Any] | None,
    ) -> int:
        b = cast("Builder", self)
        if isinstance(amount, bool) or not isinstance(amount, int | float):
            raise TypeError(f"{name} amount must be a number, got {type(amount).__name__}")
        wrapped = b.grammar.wrap_column(column_)
        return await b.update({column_: Expression(f"{wrapped} {op} ?", [amount]), **(extra or {})})

    async def delete(self, id: Any = _MISSING) -> int:
        """Delete matching rows (or the row with key ``id``); return how many."""
        b = cast("Builder", self)
        query = b if id is _MISSING else b.clone().where(b.primary_key or "id", id)
        sql = f"delete from {query._write_target('delete')}"
        if query._wheres:
            sql += f" where {query._compile_wheres()}"
        return await b.connection.delete(sql, query._where_bindings)

    async def truncate(self) -> None:
        """Delete every row and restart the ids."""
        b = cast("Builder", self)
        for sql in b.grammar.truncate(b._table()):
            await b.connection.statement(sql)
        if b.connection.driver == "sqlite":
            has_seq = await b.connection.scalar(
                "select count(*) from sqlite_master where name = 'sqlite_sequence'"
            )
            if has_seq:
                name = b.connection.table_prefix + b._table()
                await b.connection.statement("delete from sqlite_sequence where name = ?", [name])


def _json_text(value: Any) -> str:
    return json.dumps(value)
