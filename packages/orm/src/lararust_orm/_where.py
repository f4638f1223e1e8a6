"""WHERE clauses, shared by the query builder and JOIN clauses.

Each clause is compiled to an SQL fragment as it is added (identifiers validated and quoted,
values appended to the bindings), so a query's shape is a tuple of strings: cheap to hash,
and the cache key of its compiled SQL.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Self

from ._errors import QueryError
from ._expression import Expression
from ._grammar import SQLiteGrammar
from ._identifiers import column, non_negative_int, operator

if TYPE_CHECKING:
    from ._grammar import Grammar

_MISSING: Any = object()
#: Values ``where`` binds as they are (the fast path: no NULL, subquery or expression).
_PLAIN_VALUES = frozenset({int, str, float, bool, bytes})


class WhereClauses:
    """The ``where*`` family: fragments in ``_wheres``, values in ``_where_bindings``."""

    grammar: Grammar
    _wheres: list[tuple[str, str]]
    _where_bindings: list[Any]

    def _new_nested(self) -> WhereClauses:
        raise NotImplementedError

    def _subquery(self, query: Any) -> tuple[str, list[Any]]:
        """Compile a builder or callable given as a subquery; return (sql, bindings)."""
        raise NotImplementedError

    def _add(self, sql: str, boolean: str, bindings: Iterable[Any] = ()) -> Self:
        self._wheres.append((boolean, sql))
        self._where_bindings.extend(bindings)
        return self

    def _compile_wheres(self) -> str:
        if not self._wheres:
            return ""
        parts = [f"{boolean} {sql}" for boolean, sql in self._wheres]
        first = parts[0]
        parts[0] = first[first.index(" ") + 1 :]
        return " ".join(parts)

    def where(
        self,
        column_: str | Expression | Callable[[Any], Any] | Mapping[str, Any],
        op: Any = _MISSING,
        value: Any = _MISSING,
        boolean: str = "and",
    ) -> Self:
        """``where("age", ">", 18)``, ``where("name", "Ann")``, ``where(fn)``, ``where({...})``."""
        if type(column_) is not str:  # the common case skips the ABC and callable checks
            if isinstance(column_, Mapping):
                for key, val in column_.items():
                    self.where(key, "=", val, boolean)
                return self
            if callable(column_) and not isinstance(column_, Expression):
                return self._where_nested(column_, boolean, negate=False)
        if value is _MISSING:
            if op is _MISSING:
                raise QueryError(f"where({column_!r}) needs a value")
            op, value = "=", op
        if type(value) in _PLAIN_VALUES and type(column_) is str and "->" not in column_:
            # The common ``where("id", 5)``: what the general path below adds, minus its checks
            # for NULLs, subqueries and expressions (none of which a plain value is).
            self._wheres.append(
                (boolean, f"{self.grammar.wrap(column_)} {op if op == '=' else operator(op)} ?")
            )
            self._where_bindings.append(value)
            return self
        op = operator(op)
        if value is None:
            if op in ("=",):
                return self.where_null(column_, boolean)
            if op in ("!=", "<>"):
                return self.where_not_null(column_, boolean)
            raise QueryError(f"operator {op!r} cannot compare with None")
        target = self.grammar.wrap(column_)
        lead = list(column_.bindings) if isinstance(column_, Expression) else []
        if callable(value) or _is_builder(value):
            sub, bindings = self._subquery(value)
            return self._add(f"{target} {op} ({sub})", boolean, [*lead, *bindings])
        if isinstance(value, Expression):
            return self._add(f"{target} {op} {value.sql}", boolean, [*lead, *value.bindings])
        if isinstance(column_, str) and "->" in column_:
            value = self.grammar.json_value(value)
        return self._add(f"{target} {op} ?", boolean, [*lead, value])

    def or_where(self, column_: Any, op: Any = _MISSING, value: Any = _MISSING) -> Self:
        """``where`` joined with OR."""
        return self.where(column_, op, value, "or")

    def where_not(self, column_: Any, op: Any = _MISSING, value: Any = _MISSING) -> Self:
        """``not (…)`` around a nested where (callable) or one comparison."""
        if callable(column_) and not isinstance(column_, Expression):
            return self._where_nested(column_, "and", negate=True)
        return self._where_nested(lambda q: q.where(column_, op, value), "and", negate=True)

    def or_where_not(self, column_: Any, op: Any = _MISSING, value: Any = _MISSING) -> Self:
        """``or not (…)``."""
        if callable(column_) and not isinstance(column_, Expression):
            return self._where_nested(column_, "or", negate=True)
        return self._where_nested(lambda q: q.where(column_, op, value), "or", negate=True)

    def _where_nested(self, fn: Callable[[Any], Any], boolean: str, negate: bool) -> Self:
        nested = self._new_nested()
        fn(nested)
        if not nested._wheres:
            return self
        sql = f"({nested._compile_wheres()})"
        return self._add(f"not {sql}" if negate else sql, boolean, nested._where_bindings)

    def where_raw(self, sql: str, bindings: Iterable[Any] = (), boolean: str = "and") -> Self:
        """Add raw SQL to the WHERE clause (trusted text; values as ``?`` bindings)."""
        return self._add(Expression(sql).sql, boolean, bindings)

    def or_where_raw(self, sql: str, bindings: Iterable[Any] = ()) -> Self:
        """``where_raw`` joined with OR."""
        return self.where_raw(sql, bindings, "or")

    def where_column(
        self, first: str, op: str, second: str | None = None, boolean: str = "and"
    ) -> Self:
        """Compare two columns: ``where_column("updated_at", ">", "created_at")``."""
        if second is None:
            op, second = "=", op
        return self._add(
            f"{self.grammar.wrap(first)} {operator(op)} {self.grammar.wrap(second)}", boolean
        )

    def or_where_column(self, first: str, op: str, second: str | None = None) -> Self:
        """``where_column`` joined with OR."""
        return self.where_column(first, op, second, "or")

    def where_in(
        self, column_: str, values: Any, boolean: str = "and", negate: bool = False
    ) -> Self:
        """``col in (…)``; an empty list matches nothing (``not in``: everything)."""
        target = self.grammar.wrap(column_)
        word = "not in" if negate else "in"
        if callable(values) or _is_builder(values):
            sub, bindings = self._subquery(values)
            return self._add(f"{target} {word} ({sub})", boolean, bindings)
        if isinstance(values, str | bytes) or not isinstance(values, Iterable):
            raise TypeError(f"where_in({column_!r}) needs a list of values or a subquery")
        items = list(values)
        if not items:
            return self._add("1 = 1" if negate else "0 = 1", boolean)
        marks = ", ".join(["?"] * len(items))
        return self._add(f"{target} {word} ({marks})", boolean, items)

    def or_where_in(self, column_: str, values: Any) -> Self:
        """``where_in`` joined with OR."""
        return self.where_in(column_, values, "or")

    def where_not_in(self, column_: str, values: Any, boolean: str = "and") -> Self:
        """``col not in (…)``; an empty list matches everything."""
        return self.where_in(column_, values, boolean, negate=True)

    def or_where_not_in(self, column_: str, values: Any) -> Self:
        """``where_not_in`` joined with OR."""
        return self.where_in(column_, values, "or", negate=True)

    def where_null(
        self, column_: str | Expression, boolean: str = "and", negate: bool = False
    ) -> Self:
        """``col is null``."""
        return self._add(f"{self.grammar.wrap(column_)} is {'not ' if negate else ''}null", boolean)

    def or_where_null(self, column_: str) -> Self:
        """``or col is null``."""
        return self.where_null(column_, "or")

    def where_not_null(self, column_: str | Expression, boolean: str = "and") -> Self:
        """``col is not null``."""
        return self.where_null(column_, boolean, negate=True)

    def or_where_not_null(self, column_: str) -> Self:
        """``or col is not null``."""
        return self.where_null(column_, "or", negate=True)

    def where_between(
        self, column_: str, values: Iterable[Any], boolean: str = "and", negate: bool = False
    ) -> Self:
        """``col between ? and ?``."""
        items = list(values)
        if len(items) != 2:
            raise QueryError(f"where_between({column_!r}) needs exactly two values")
        word = "not between" if negate else "between"
        return self._add(f"{self.grammar.wrap(column_)} {word} ? and ?", boolean, items)

    def where_not_between(self, column_: str, values: Iterable[Any]) -> Self:
        """``col not between ? and ?``."""
        return self.where_between(column_, values, negate=True)

    def or_where_between(self, column_: str, values: Iterable[Any]) -> Self:
        """``or col between ? and ?``."""
        return self.where_between(column_, values, "or")

    def where_exists(self, query: Any, boolean: str = "and", negate: bool = False) -> Self:
        """``exists (subquery)`` from a builder or a callable filling one."""
        sub, bindings = self._subquery(query)
        return self._add(f"{'not ' if negate else ''}exists ({sub})", boolean, bindings)

    def or_where_exists(self, query: Any) -> Self:
        """``or exists (…)``."""
        return self.where_exists(query, "or")

    def where_not_exists(self, query: Any, boolean: str = "and") -> Self:
        """``not exists (…)``."""
        return self.where_exists(query, boolean, negate=True)

    def _where_date(self, kind: str, column_: str, op: Any, value: Any, boolean: str) -> Self:
        if value is _MISSING:
            op, value = "=", op
        part = self.grammar.date_part(kind, self.grammar.wrap(column_))
        bound = self.grammar.date_value(kind, value)
        return self._add(f"{part} {operator(op)} ?", boolean, (bound,))

    def where_date(
        self, column_: str, op: Any, value: Any = _MISSING, boolean: str = "and"
    ) -> Self:
        """Compare the date part of a datetime column."""
        return self._where_date("date", column_, op, value, boolean)

    def where_time(
        self, column_: str, op: Any, value: Any = _MISSING, boolean: str = "and"
    ) -> Self:
        """Compare the time part of a datetime column."""
        return self._where_date("time", column_, op, value, boolean)

    def where_year(
        self, column_: str, op: Any, value: Any = _MISSING, boolean: str = "and"
    ) -> Self:
        """Compare the year of a date column."""
        return self._where_date("year", column_, op, value, boolean)

    def where_month(
        self, column_: str, op: Any, value: Any = _MISSING, boolean: str = "and"
    ) -> Self:
        """Compare the month of a date column."""
        return self._where_date("month", column_, op, value, boolean)

    def where_day(self, column_: str, op: Any, value: Any = _MISSING, boolean: str = "and") -> Self:
        """Compare the day of the month of a date column."""
        return self._where_date("day", column_, op, value, boolean)

    def where_like(
        self,
        column_: str,
        value: str,
        case_sensitive: bool = False,
        boolean: str = "and",
        negate: bool = False,
    ) -> Self:
        """``col like ?`` — case-insensitive unless ``case_sensitive=True``."""
        sql = self.grammar.like(self.grammar.wrap(column_), negate, case_sensitive)
        return self._add(sql, boolean, (self.grammar.like_value(value, case_sensitive),))

    def or_where_like(self, column_: str, value: str, case_sensitive: bool = False) -> Self:
        """``where_like`` joined with OR."""
        return self.where_like(column_, value, case_sensitive, "or")

    def where_not_like(self, column_: str, value: str, case_sensitive: bool = False) -> Self:
        """``col not like ?``."""
        return self.where_like(column_, value, case_sensitive, negate=True)

    def where_json_contains(
        self, column_: str, value: Any, boolean: str = "and", negate: bool = False
    ) -> Self:
        """The JSON array/object at ``column_`` (a path like ``options->tags``) holds ``value``."""
        base, _alias, path = column(column_)
        grammar = self.grammar
        if isinstance(grammar, SQLiteGrammar):
            items = value if isinstance(value, list) else [value]
            if not items or any(isinstance(v, dict | list) for v in items):
                raise QueryError("where_json_contains on SQLite takes a scalar or list of scalars")
            nested = self._new_nested()
            for item in items:
                nested._add(grammar.json_contains(base, path, False), "and", (item,))
            sql = f"({nested._compile_wheres()})"
            return self._add(f"not {sql}" if negate else sql, boolean, nested._where_bindings)
        return self._add(grammar.json_contains(base, path, negate), boolean, (json.dumps(value),))

    def where_json_doesnt_contain(self, column_: str, value: Any) -> Self:
        """The JSON at ``column_`` does not hold ``value``."""
        return self.where_json_contains(column_, value, negate=True)

    def where_json_length(
        self, column_: str, op: Any, value: Any = _MISSING, boolean: str = "and"
    ) -> Self:
        """Compare the length of the JSON array at ``column_``."""
        if value is _MISSING:
            op, value = "=", op
        base, _alias, path = column(column_)
        count = non_negative_int(value, "where_json_length value")
        return self._add(self.grammar.json_length(base, path, operator(op)), boolean, (count,))


def _is_builder(value: Any) -> bool:
    return hasattr(value, "_compile_select_with_bindings")
