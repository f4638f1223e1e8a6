"""The fluent query builder (``DB.table("users").where(...).get()``).

Rules: every clause validates and quotes its identifiers when added and keeps its values in a
bindings bucket (select, from, join, where, having, order, union: the order they appear in the
SQL). The compiled SELECT of a query shape is cached on the grammar. Terminals (``get``,
``first``, ``count``…) never change the builder they are called on.
"""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Self

from ._builder_writes import WritesRows
from ._compat import adopt_rows, collection
from ._errors import MultipleRecordsFound, QueryError, RecordNotFound
from ._expression import Expression
from ._grammar import _offset_only_limit
from ._identifiers import column, direction, identifier, non_negative_int, operator
from ._pagination import (
    CursorPaginator,
    LengthAwarePaginator,
    Paginator,
    current_page,
    current_path,
    decode_cursor,
    encode_cursor,
)
from ._placeholders import translate
from ._where import _MISSING, WhereClauses, _is_builder

if TYPE_CHECKING:
    from ._connection import Connection


_LIST_FIELDS = (
    "_order_columns",
    "_columns", "_select_bindings", "_from_bindings", "_joins", "_join_bindings", "_wheres",
    "_where_bindings", "_groups", "_havings", "_having_bindings", "_orders", "_order_bindings",
    "_unions", "_union_bindings",
)  # fmt: skip
#: Key types ``find`` binds as they are (anything else goes through ``where``).
_PLAIN_KEYS = frozenset({int, str})


class JoinClause(WhereClauses):
    """The ON conditions of one join (``on``/``or_on`` compare columns, ``where`` binds values)."""

    def __init__(self, builder: Builder, kind: str, table_sql: str) -> None:
        self.grammar = builder.grammar
        self._builder = builder
        self.kind = kind
        self.table_sql = table_sql
        self._wheres: list[tuple[str, str]] = []
        self._where_bindings: list[Any] = []

    def _new_nested(self) -> JoinClause:
        return JoinClause(self._builder, self.kind, self.table_sql)

    def _subquery(self, query: Any) -> tuple[str, list[Any]]:
        return self._builder._subquery(query)

    def on(
        self, first: Any, op: str | None = None, second: str | None = None, boolean: str = "and"
    ) -> Self:
        """``on a.x = b.y`` (or a callable grouping several)."""
        if callable(first):
            return self._where_nested(first, boolean, negate=False)
        if op is None:
            raise QueryError("on() needs two columns")
        return self.where_column(first, op, second, boolean)

    def or_on(self, first: Any, op: str | None = None, second: str | None = None) -> Self:
        """``or a.x = b.y``."""
        return self.on(first, op, second, "or")

    def compile(self) -> str:
        """Return ``inner join t on …``."""
        sql = f"{self.kind} join {self.table_sql}"
        return f"{sql} on {self._compile_wheres()}" if self._wheres else sql


class Builder(WhereClauses, WritesRows):
    """Builds and runs one query on a connection."""

    # Scalar state starts as class defaults: one attribute write less each per builder.
    table_name: str | None = None
    primary_key: str | None = None
    _distinct = False
    _from: str | None = None
    _limit: int | None = None
    _offset: int | None = None
    _lock: str | None = None

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self.grammar = connection.grammar
        self._columns: list[str] = []
        self._select_bindings: list[Any] = []
        self._from_bindings: list[Any] = []
        self._joins: list[str] = []
        self._join_bindings: list[Any] = []
        self._wheres: list[tuple[str, str]] = []
        self._where_bindings: list[Any] = []
        self._groups: list[str] = []
        self._havings: list[tuple[str, str]] = []
        self._having_bindings: list[Any] = []
        self._orders: list[str] = []
        self._order_bindings: list[Any] = []
        self._order_columns: list[tuple[str, str]] = []
        self._unions: list[tuple[str, bool]] = []
        self._union_bindings: list[Any] = []

    # -- plumbing ----------------------------------------------------------------------------

    def clone(self) -> Self:
        """Return an independent copy of this builder."""
        new = object.__new__(type(self))
        state = self.__dict__.copy()
        for name in _LIST_FIELDS:
            state[name] = state[name].copy()
        new.__dict__.update(state)
        return new

    def new_query(self) -> Builder:
        """Return an empty builder on the same connection."""
        return Builder(self.connection)

    def _new_nested(self) -> Builder:
        nested = self.new_query()
        nested._from = self._from
        return nested

    def _subquery(self, query: Any) -> tuple[str, list[Any]]:
        if isinstance(query, Expression):
            return query.sql, list(query.bindings)
        if _is_builder(query):
            return query._compile_select_with_bindings()  # type: ignore[no-any-return]
        if callable(query):
            sub = self.new_query()
            query(sub)
            return sub._compile_select_with_bindings()
        raise TypeError(f"expected a query builder or a callable, got {type(query).__name__}")

    def _compile_select_with_bindings(self) -> tuple[str, list[Any]]:
        return self.to_sql(), self.get_bindings()

    # -- select / from ----------------------------------------------------------------------

    def from_(self, table: str | Expression, alias: str | None = None) -> Self:
        """Set the table (``from`` is a Python keyword)."""
        self._from = self.grammar.wrap_table(table, alias)
        if type(table) is str:
            self.table_name = column(table)[0] if " " in table else table
        elif isinstance(table, str):
            self.table_name = column(table)[0]
        else:
            self._from_bindings = list(table.bindings)
        return self

    def from_sub(self, query: Any, alias: str) -> Self:
        """Select from a subquery: ``from (select …) as alias``."""
        sql, bindings = self._subquery(query)
        self._from = f"({sql}) as {self.grammar.quote_identifier(identifier(alias))}"
        self._from_bindings = bindings
        return self

    def from_raw(self, sql: str, bindings: Sequence[Any] = ()) -> Self:
        """Set a raw FROM clause (trusted text)."""
        self._from = Expression(sql).sql
        self._from_bindings = list(bindings)
        return self

    def select(self, *columns: str | Expression | Iterable[str]) -> Self:
        """Set the selected columns (``"name"``, ``"users.id as uid"``, ``DB.raw(...)``)."""
        self._columns = []
        self._select_bindings = []
        return self.add_select(*columns)

    def add_select(self, *columns: Any) -> Self:
        """Add columns; a dict ``{alias: subquery}`` adds subquery columns."""
        for col in columns:
            if isinstance(col, Mapping):
                for alias, query in col.items():
                    self.select_sub(query, alias)
            elif isinstance(col, Expression):
                self._columns.append(col.sql)
                self._select_bindings.extend(col.bindings)
            elif isinstance(col, str):
                self._columns.append(self.grammar.wrap(col))
            else:
                self.add_select(*col)
        return self

    def select_raw(self, sql: str, bindings: Sequence[Any] = ()) -> Self:
        """Add a raw select expression (trusted text; values as ``?`` bindings)."""
        self._columns.append(Expression(sql).sql)
        self._select_bindings.extend(bindings)
        return self

    def select_sub(self, query: Any, alias: str) -> Self:
        """Add ``(subquery) as alias`` to the selected columns."""
        sql, bindings = self._subquery(query)
        self._columns.append(f"({sql}) as {self.grammar.quote_identifier(identifier(alias))}")
        self._select_bindings.extend(bindings)
        return self

    def distinct(self, value: bool = True) -> Self:
        """Select distinct rows."""
        self._distinct = value
        return self

    # -- joins ------------------------------------------------------------------------------

    def join(
        self,
        table: str | Expression,
        first: Any,
        op: str | None = None,
        second: str | None = None,
        kind: str = "inner",
    ) -> Self:
        """``join("posts", "users.id", "=", "posts.user_id")`` or with an ON callable."""
        return self._join(self.grammar.wrap_table(table), [], first, op, second, kind)

    def _join(
        self, table_sql: str, bindings: list[Any], first: Any, op: Any, second: Any, kind: str
    ) -> Self:
        clause = JoinClause(self, kind, table_sql)
        if callable(first):
            first(clause)
        elif first is not None:
            clause.on(first, op, second)
        self._joins.append(clause.compile())
        self._join_bindings.extend(bindings)
        self._join_bindings.extend(clause._where_bindings)
        return self

    def left_join(
        self, table: str | Expression, first: Any, op: str | None = None, second: str | None = None
    ) -> Self:
        """A LEFT JOIN."""
        return self.join(table, first, op, second, "left")

    def right_join(
        self, table: str | Expression, first: Any, op: str | None = None, second: str | None = None
    ) -> Self:
        """A RIGHT JOIN."""
        return self.join(table, first, op, second, "right")

    def cross_join(self, table: str | Expression) -> Self:
        """A CROSS JOIN."""
        return self._join(self.grammar.wrap_table(table), [], None, None, None, "cross")

    def join_sub(
        self,
        query: Any,
        alias: str,
        first: Any,
        op: str | None = None,
        second: str | None = None,
        kind: str = "inner",
    ) -> Self:
        """Join a subquery: ``join (select …) as alias on …``."""
        sql, bindings = self._subquery(query)
        table_sql = f"({sql}) as {self.grammar.quote_identifier(identifier(alias))}"
        return self._join(table_sql, bindings, first, op, second, kind)

    def left_join_sub(
        self, query: Any, alias: str, first: Any, op: str | None = None, second: str | None = None
    ) -> Self:
        """LEFT JOIN a subquery."""
        return self.join_sub(query, alias, first, op, second, "left")

    # -- grouping / ordering / paging ---------------------------------------------------------

    def group_by(self, *columns: str | Expression) -> Self:
        """GROUP BY columns."""
        self._groups.extend(self.grammar.wrap(c) for c in columns)
        return self

    def group_by_raw(self, sql: str) -> Self:
        """A raw GROUP BY expression (trusted text)."""
        self._groups.append(Expression(sql).sql)
        return self

    def having(
        self, column_: str, op: Any = _MISSING, value: Any = _MISSING, boolean: str = "and"
    ) -> Self:
        """``having count(*) > ?``-style conditions on grouped columns or aliases."""
        if value is _MISSING:
            op, value = "=", op
        self._havings.append((boolean, f"{self.grammar.wrap(column_)} {operator(op)} ?"))
        self._having_bindings.append(value)
        return self

    def or_having(self, column_: str, op: Any = _MISSING, value: Any = _MISSING) -> Self:
        """``having`` joined with OR."""
        return self.having(column_, op, value, "or")

    def having_raw(self, sql: str, bindings: Sequence[Any] = (), boolean: str = "and") -> Self:
        """A raw HAVING condition (trusted text; values as ``?`` bindings)."""
        self._havings.append((boolean, Expression(sql).sql))
        self._having_bindings.extend(bindings)
        return self

    def or_having_raw(self, sql: str, bindings: Sequence[Any] = ()) -> Self:
        """``having_raw`` joined with OR."""
        return self.having_raw(sql, bindings, "or")

    def order_by(self, column_: str | Expression | Builder, dir: str = "asc") -> Self:
        """ORDER BY a column (direction ``asc``/``desc`` only) or a subquery."""
        dir_ = direction(dir)
        if isinstance(column_, str):
            self._orders.append(f"{self.grammar.wrap(column_)} {dir_}")
            self._order_columns.append((column_, dir_))
        else:
            sql, bindings = self._subquery(column_)
            self._orders.append(f"({sql}) {dir_}")
            self._order_bindings.extend(bindings)
        return self

    def order_by_desc(self, column_: str | Expression | Builder) -> Self:
        """ORDER BY … DESC."""
        return self.order_by(column_, "desc")

    def order_by_raw(self, sql: str, bindings: Sequence[Any] = ()) -> Self:
        """A raw ORDER BY expression (trusted text)."""
        self._orders.append(Expression(sql).sql)
        self._order_bindings.extend(bindings)
        return self

    def latest(self, column_: str = "created_at") -> Self:
        """Newest first."""
        return self.order_by(column_, "desc")

    def oldest(self, column_: str = "created_at") -> Self:
        """Oldest first."""
        return self.order_by(column_, "asc")

    def in_random_order(self) -> Self:
        """Random order."""
        self._orders.append(self.grammar.random())
        return self

    def reorder(self, column_: str | None = None, dir: str = "asc") -> Self:
        """Drop every order, then optionally order by ``column_``."""
        self._orders = []
        self._order_bindings = []
        self._order_columns = []
        return self.order_by(column_, dir) if column_ else self

    def limit(self, value: int | None) -> Self:
        """LIMIT (an int: text is a ``TypeError``)."""
        self._limit = None if value is None else non_negative_int(value, "limit")
        return self

    def take(self, value: int | None) -> Self:
        """Alias of :meth:`limit`."""
        return self.limit(value)

    def offset(self, value: int | None) -> Self:
        """OFFSET (an int)."""
        self._offset = None if value is None else non_negative_int(value, "offset")
        return self

    def skip(self, value: int | None) -> Self:
        """Alias of :meth:`offset`."""
        return self.offset(value)

    def for_page(self, page: int, per_page: int = 15) -> Self:
        """The rows of page ``page`` (1-based)."""
        page = max(non_negative_int(page, "page"), 1)
        per_page = non_negative_int(per_page, "per_page")
        return self.offset((page - 1) * per_page).limit(per_page)

    def union(self, query: Any, all: bool = False) -> Self:
        """UNION with another query."""
        sql, bindings = self._subquery(query)
        self._unions.append((sql, all))
        self._union_bindings.extend(bindings)
        return self

    def union_all(self, query: Any) -> Self:
        """UNION ALL with another query."""
        return self.union(query, all=True)

    def lock_for_update(self) -> Self:
        """SELECT … FOR UPDATE (ignored by SQLite, which locks the whole database)."""
        self._lock = "update"
        return self

    def shared_lock(self) -> Self:
        """SELECT … FOR SHARE / LOCK IN SHARE MODE."""
        self._lock = "shared"
        return self

    def when(
        self,
        value: Any,
        fn: Callable[[Self, Any], Any],
        default: Callable[[Self, Any], Any] | None = None,
    ) -> Self:
        """Call ``fn(query, value)`` when ``value`` is truthy, else ``default(query, value)``."""
        if value:
            fn(self, value)
        elif default is not None:
            default(self, value)
        return self

    def unless(
        self,
        value: Any,
        fn: Callable[[Self, Any], Any],
        default: Callable[[Self, Any], Any] | None = None,
    ) -> Self:
        """Call ``fn(query, value)`` when ``value`` is falsy, else ``default(query, value)``."""
        if not value:
            fn(self, value)
        elif default is not None:
            default(self, value)
        return self

    def tap(self, fn: Callable[[Self], Any]) -> Self:
        """Call ``fn(query)`` and return the query."""
        fn(self)
        return self

    # -- compiling --------------------------------------------------------------------------

    def _shape(self) -> tuple[Any, ...]:
        return (
            self._distinct, tuple(self._columns), self._from, tuple(self._joins),
            tuple(self._wheres), tuple(self._groups), tuple(self._havings), tuple(self._orders),
            self._limit, self._offset, tuple(self._unions), self._lock,
        )  # fmt: skip

    def to_sql(self) -> str:
        """Return the SELECT this builder runs, with ``?`` placeholders."""
        cache = self.grammar.cache
        key = self._shape()
        sql = cache.get(key)
        if sql is None:
            sql = self._compile_select()
            if len(cache) > 4096:
                cache.clear()
            cache[key] = sql
        return sql

    def get_bindings(self) -> list[Any]:
        """Return the bound values in SQL order."""
        return [
            *self._select_bindings, *self._from_bindings, *self._join_bindings,
            *self._where_bindings, *self._having_bindings, *self._order_bindings,
            *self._union_bindings,
        ]  # fmt: skip

    def _compile_select(self) -> str:
        g = self.grammar
        sql = "select " + ("distinct " if self._distinct else "")
        sql += ", ".join(self._columns) if self._columns else "*"
        if self._from:
            sql += f" from {self._from}"
        if self._joins:
            sql += " " + " ".join(self._joins)
        if self._wheres:
            sql += f" where {self._compile_wheres()}"
        if self._groups:
            sql += " group by " + ", ".join(self._groups)
        if self._havings:
            parts = [f"{b} {s}" for b, s in self._havings]
            parts[0] = self._havings[0][1]
            sql += " having " + " ".join(parts)
        if self._orders:
            sql += " order by " + ", ".join(self._orders)
        if self._limit is not None:
            sql += f" limit {self._limit}"
        if self._offset:
            if self._limit is None:
                sql += _offset_only_limit(g)
            sql += f" offset {self._offset}"
        if self._lock:
            sql += g.lock(self._lock)
        if self._unions:
            sql = g.union(sql, self._unions)
        return sql

    def to_raw_sql(self) -> str:
        """Return the SQL with values inlined — for reading and logs only, never to run."""
        sql, _names, _count = translate(self.to_sql(), "numeric")
        bindings = self.get_bindings()
        for index in range(len(bindings), 0, -1):
            sql = sql.replace(f"${index}", _literal(bindings[index - 1]))
        return sql

    def _table(self) -> str:
        if self.table_name is None:
            raise QueryError("this query has no table: call DB.table(name) first")
        return self.table_name

    # -- reading ----------------------------------------------------------------------------

    async def _select(self, query: Builder) -> list[Any]:
        return await self._fetch_rows(query.to_sql(), query.get_bindings(), query._lock is not None)

    def _fetch_rows(self, sql: str, bindings: list[Any], locking: bool) -> Awaitable[list[Any]]:
        # Hands back the connection's coroutine: one frame less on every read.
        return self.connection.select(sql, bindings, write=locking)

    async def get(self, *columns: str | Expression) -> Any:
        """Run the query; return a Collection of rows."""
        query = self.clone().select(*columns) if columns and not self._columns else self
        return adopt_rows(await self._select(query))

    async def first(self, *columns: str | Expression) -> Any:
        """Return the first row or None."""
        if columns and not self._columns:
            rows = await self._select(self.clone().select(*columns).limit(1))
            return rows[0] if rows else None
        # Compile with LIMIT 1 and restore before awaiting: no clone on this hot path.
        saved, self._limit = self._limit, 1
        try:
            sql, bindings = self.to_sql(), self.get_bindings()
        finally:
            self._limit = saved
        rows = await self._fetch_rows(sql, bindings, self._lock is not None)
        return rows[0] if rows else None

    async def first_or_fail(self, *columns: str | Expression) -> Any:
        """Return the first row or raise :class:`RecordNotFound`."""
        row = await self.first(*columns)
        if row is None:
            raise RecordNotFound(f"No query results for table {self.table_name!r}.")
        return row

    async def sole(self, *columns: str | Expression) -> Any:
        """Return the only matching row; raise if there is none or more than one."""
        query = self.clone().limit(2)
        if columns and not self._columns:
            query.select(*columns)
        rows = await self._select(query)
        if not rows:
            raise RecordNotFound(f"No query results for table {self.table_name!r}.")
        if len(rows) > 1:
            raise MultipleRecordsFound(len(rows))
        return rows[0]

    async def find(self, id: Any, *columns: str | Expression) -> Any:
        """Return the row whose primary key is ``id``, or None."""
        if columns and not self._columns:
            query = self.clone().where(self.primary_key or "id", "=", id).select(*columns)
            rows = await self._select(query.limit(1))
            return rows[0] if rows else None
        # Add the key and LIMIT 1, compile, and take them off again before awaiting.
        wheres, bound, saved = len(self._wheres), len(self._where_bindings), self._limit
        key = self.primary_key or "id"
        try:
            if type(id) in _PLAIN_KEYS and "->" not in key:
                # What where(key, "=", id) adds for a plain key, without its checks.
                self._wheres.append(("and", self.grammar.wrap(key) + " = ?"))
                self._where_bindings.append(id)
            else:
                self.where(key, "=", id)
            self._limit = 1
            sql, bindings = self.to_sql(), self.get_bindings()
        finally:
            del self._wheres[wheres:]
            del self._where_bindings[bound:]
            self._limit = saved
        rows = await self._fetch_rows(sql, bindings, self._lock is not None)
        return rows[0] if rows else None

    async def value(self, column_: str) -> Any:
        """Return one column of the first row (None when there is no row)."""
        row = await self.clone().select(column_).first()
        return None if row is None else next(iter(row.values()))

    async def pluck(self, column_: str, key: str | None = None) -> Any:
        """A Collection of one column's values, or a dict ``{key: value}`` when ``key`` is given."""
        query = self.clone().select(column_, *([key] if key else []))
        rows = await self._select(query)
        value_name = _result_name(column_)
        if key is None:
            return collection(row[value_name] for row in rows)
        key_name = _result_name(key)
        return {row[key_name]: row[value_name] for row in rows}

    async def exists(self) -> bool:
        """Tell whether any row matches."""
        query = self.clone()
        sql = f"select exists({query.to_sql()}) as {self.grammar.quote_identifier('exists')}"
        row = await self.connection.select_one(sql, query.get_bindings())
        return bool(row["exists"]) if row is not None else False

    async def doesnt_exist(self) -> bool:
        """Tell whether no row matches."""
        return not await self.exists()

    async def count(self, column_: str = "*") -> int:
        """COUNT(*) (or of a column)."""
        return int(await self._aggregate("count", column_) or 0)

    async def sum(self, column_: str) -> Any:
        """SUM of a column (0 when no row matches)."""
        result = await self._aggregate("sum", column_)
        return 0 if result is None else result

    async def avg(self, column_: str) -> Any:
        """AVG of a column (None when no row matches)."""
        return await self._aggregate("avg", column_)

    async def average(self, column_: str) -> Any:
        """Alias of :meth:`avg`."""
        return await self.avg(column_)

    async def min(self, column_: str) -> Any:
        """MIN of a column (None when no row matches)."""
        return await self._aggregate("min", column_)

    async def max(self, column_: str) -> Any:
        """MAX of a column (None when no row matches)."""
        return await self._aggregate("max", column_)

    async def _aggregate(self, fn: str, column_: str) -> Any:
        target = "*" if column_ == "*" else self.grammar.wrap(column_)
        query = self.clone()
        query._orders, query._order_bindings = [], []
        query._lock = None  # PostgreSQL refuses FOR UPDATE/SHARE with aggregates
        if query._groups and not query._columns:
            query._columns = list(query._groups)  # ``select *`` is invalid with GROUP BY
        if (
            query._groups
            or query._unions
            or query._limit is not None
            or query._offset
            or (query._distinct and column_ == "*")
        ):
            inner_sql, bindings = query.to_sql(), query.get_bindings()
            alias = self.grammar.quote_identifier("aggregate_table")
            sql = f"select {fn}({target}) as aggregate from ({inner_sql}) as {alias}"
            if target != "*":
                sql = f"select {fn}(*) as aggregate from ({inner_sql}) as {alias}"
                if fn != "count":
                    query._columns = [target]
                    inner_sql = query.to_sql()
                    col = self.grammar.quote_identifier(_result_name(column_))
                    sql = f"select {fn}({alias}.{col}) as aggregate from ({inner_sql}) as {alias}"
            return await self.connection.scalar(sql, bindings)
        word = f"distinct {target}" if query._distinct else target
        query._columns = [f"{fn}({word}) as aggregate"]
        query._select_bindings = []
        query._distinct = False
        return await self.connection.scalar(query.to_sql(), query.get_bindings())

    # -- pagination ---------------------------------------------------------------------------

    async def paginate(
        self, per_page: int = 15, page: int | None = None, page_name: str = "page"
    ) -> LengthAwarePaginator:
        """A page of results plus the total (grouped/distinct/union queries count by subquery)."""
        per_page = non_negative_int(per_page, "per_page") or 15
        page = current_page(page_name) if page is None else max(non_negative_int(page, "page"), 1)
        total = await self.clone().count()
        items = list(await self.clone().for_page(page, per_page).get()) if total else []
        return LengthAwarePaginator(items, total, per_page, page, current_path(), page_name)

    async def simple_paginate(
        self, per_page: int = 15, page: int | None = None, page_name: str = "page"
    ) -> Paginator:
        """A page of results without counting (fetches one extra row to know if more exist)."""
        per_page = non_negative_int(per_page, "per_page") or 15
        page = current_page(page_name) if page is None else max(non_negative_int(page, "page"), 1)
        rows = list(await self.clone().offset((page - 1) * per_page).limit(per_page + 1).get())
        has_more = len(rows) > per_page
        return Paginator(rows[:per_page], per_page, page, has_more, current_path(), page_name)

    async def cursor_paginate(
        self, per_page: int = 15, cursor: str | None = None, cursor_name: str = "cursor"
    ) -> CursorPaginator:
        """Keyset pagination by the query's order (or the primary key) with opaque cursors."""
        per_page = non_negative_int(per_page, "per_page") or 15
        orders = list(self._order_columns)
        if not orders:
            if not self.primary_key and not self._orders:
                orders = [("id", "asc")]
            elif self.primary_key and not self._orders:
                orders = [(self.primary_key, "asc")]
            else:
                raise QueryError("cursor_paginate() orders by plain columns only (not raw SQL)")
        values, forward = decode_cursor(cursor) if cursor else ({}, True)
        query = self.clone().reorder()
        for col, dir_ in orders:
            query.order_by(col, dir_ if forward else ("desc" if dir_ == "asc" else "asc"))
        if values:
            names = [_result_name(col) for col, _ in orders]
            missing = [n for n in names if n not in values]
            if missing:
                raise QueryError(f"pagination cursor lacks {missing[0]!r}")

            def keyset(q: Builder) -> None:
                for i, (col, dir_) in enumerate(orders):
                    ahead = (dir_ == "asc") == forward

                    def step(w: Builder, i: int = i, col: str = col, ahead: bool = ahead) -> None:
                        for prev_col, _ in orders[:i]:
                            w.where(prev_col, "=", values[_result_name(prev_col)])
                        w.where(col, ">" if ahead else "<", values[_result_name(col)])

                    q.or_where(step)

            query.where(keyset)
        rows = list(await query.limit(per_page + 1).get())
        has_more = len(rows) > per_page
        rows = rows[:per_page]
        if not forward:
            rows.reverse()
        names = [_result_name(col) for col, _ in orders]

        def make(row: Any, ahead: bool) -> str:
            return encode_cursor({n: row[n] for n in names}, ahead)

        next_cursor = make(rows[-1], True) if rows and (has_more if forward else True) else None
        prev_cursor = (
            make(rows[0], False) if rows and (bool(cursor) if forward else has_more) else None
        )
        return CursorPaginator(
            rows, per_page, current_path(), next_cursor, prev_cursor, cursor_name
        )

    # -- streaming ----------------------------------------------------------------------------

    def _require_order(self, what: str) -> Self:
        if self._orders:
            return self
        if self.primary_key:
            return self.clone().order_by(self.primary_key)
        raise QueryError(
            f"{what}() needs an order: call order_by(...) first (or use {what}_by_id())"
        )

    async def chunk(self, count: int, fn: Callable[[Any], Any]) -> bool:
        """Call ``fn(rows)`` (sync or async) page by page; returning False stops (result False)."""
        count = non_negative_int(count, "chunk size") or 1
        query = self._require_order("chunk")
        page = 1
        while True:
            rows = await query.clone().for_page(page, count).get()
            if not rows:
                return True
            if await _call(fn, rows) is False:
                return False
            if len(rows) < count:
                return True
            page += 1

    async def chunk_by_id(
        self,
        count: int,
        fn: Callable[[Any], Any],
        column_: str | None = None,
        alias: str | None = None,
    ) -> bool:
        """Chunk by keyset (``where id > last order by id``): safe while updating rows."""
        count = non_negative_int(count, "chunk size") or 1
        async for rows in self._pages_by_id(count, column_, alias):
            if await _call(fn, rows) is False:
                return False
        return True

    async def _pages_by_id(
        self, count: int, column_: str | None, alias: str | None
    ) -> AsyncIterator[list[Any]]:
        key = column_ or self.primary_key or "id"
        name = alias or _result_name(key)
        last: Any = None
        while True:
            query = self.clone()
            if last is not None:
                query.where(key, ">", last)
            query.reorder(key).limit(count)
            rows = await self._select(query)
            if not rows:
                return
            yield rows
            if len(rows) < count:
                return
            last = rows[-1][name]

    async def lazy(self, chunk_size: int = 1000) -> AsyncIterator[Any]:
        """Yield rows one by one, fetching ``chunk_size`` at a time (no open cursor)."""
        chunk_size = non_negative_int(chunk_size, "chunk size") or 1
        if not self._orders and self.primary_key:
            async for rows in self._pages_by_id(chunk_size, None, None):
                for row in rows:
                    yield row
            return
        query = self._require_order("lazy")
        page = 1
        while True:
            rows = await self._select(query.clone().for_page(page, chunk_size))
            for row in rows:
                yield row
            if len(rows) < chunk_size:
                return
            page += 1

    async def lazy_by_id(
        self, chunk_size: int = 1000, column_: str | None = None, alias: str | None = None
    ) -> AsyncIterator[Any]:
        """Yield rows one by one, paging by key."""
        async for rows in self._pages_by_id(chunk_size, column_, alias):
            for row in rows:
                yield row

    async def cursor(self) -> AsyncIterator[Any]:
        """Yield rows one by one: paged like :meth:`lazy` when ordered, else one fetch."""
        if self._orders or self.primary_key:
            async for row in self.lazy():
                yield row
            return
        for row in await self._select(self):
            yield row


async def _call(fn: Callable[[Any], Any], arg: Any) -> Any:
    result = fn(arg)
    if inspect.isawaitable(result):
        result = await result
    return result


def _result_name(name: str) -> str:
    """The key a selected column has in a row (alias, else the last dotted segment)."""
    base, alias, _path = column(name)
    return alias or base.rsplit(".", 1)[-1]


def _literal(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"
