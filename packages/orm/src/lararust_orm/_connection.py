"""The driver-independent connection: raw statements, transactions, query log and events.

Rules: every statement goes through :meth:`Connection._run`, which translates placeholders
(cached), converts bindings (datetimes to UTC, dicts to JSON...), picks the handle (the current
transaction's, else a pooled one: reader or writer) and logs. Drivers implement the small
``_`` hooks at the bottom. Pools belong to the event loop that opened them, so a new loop (a
test per loop) gets fresh pools and ``disconnect()`` closes the current loop's.
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import json
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, TypeVar, overload

from ._config import describe
from ._errors import DeadlockDetected, QueryError, QueryException, UniqueConstraintViolation
from ._placeholders import Style, bind
from ._transaction import Callback, Pinned, Transaction, TransactionState, run_callbacks

if TYPE_CHECKING:
    from ._builder import Builder
    from ._expression import Expression
    from ._grammar import Grammar
    from ._schema import SchemaBuilder
    from ._schema_grammar import SchemaGrammar

T = TypeVar("T")
Bindings = Sequence[Any] | Mapping[str, Any] | None
_PLAIN = frozenset({int, float, str, bytes, bool, type(None)})


@dataclass(frozen=True, slots=True)
class QueryExecuted:
    """Dispatched after every statement (not BEGIN/COMMIT/SAVEPOINT)."""

    sql: str
    bindings: list[Any]
    time_ms: float
    connection: str


class Connection:
    """A named database connection (one per name, shared by every event loop)."""

    driver: str = ""
    style: Style = "qmark"
    #: Whether the builder's ``insert([...])`` runs one ``insert_many`` (driver executemany)
    #: rather than one multi-row statement.
    bulk_insert_many: bool = False

    def __init__(self, name: str, config: dict[str, Any]) -> None:
        self.name = name
        self.config = config
        self._tx: ContextVar[Any] = ContextVar(f"lararust_orm.tx.{name}", default=None)
        self._wrote: ContextVar[bool] = ContextVar(f"lararust_orm.wrote.{name}", default=False)
        self._logging = False
        self._log: list[dict[str, Any]] = []
        self._listeners: list[Callable[[QueryExecuted], Any]] = []
        self._pretending: list[str] | None = None
        self.table_prefix = str(config.get("prefix", ""))
        self._sticky = bool(config.get("sticky", False))
        self.grammar: Grammar = self._make_grammar()

    # -- public API -------------------------------------------------------------------------

    def table(self, name: str | Expression, alias: str | None = None) -> Builder:
        """Begin a query builder on ``name``."""
        return _builder_class()(self).from_(name, alias)

    def query(self) -> Builder:
        """Begin a query builder with no table yet."""
        from ._builder import Builder

        return Builder(self)

    def raw(self, sql: str, bindings: Sequence[Any] = ()) -> Expression:
        """Return raw SQL to embed in a builder (never escaped: only trusted text)."""
        from ._expression import Expression

        return Expression(sql, list(bindings))

    def get_schema_builder(self) -> SchemaBuilder:
        """Return the schema builder of this connection."""
        from ._schema import SchemaBuilder

        return SchemaBuilder(self)

    def schema_grammar(self) -> SchemaGrammar:
        """Return the DDL grammar of this connection."""
        raise NotImplementedError

    # select/select_records are plain functions handing back the statement's coroutine: one
    # coroutine frame less on every read (``await conn.select(...)`` reads the same).
    def select(
        self, sql: str, bindings: Bindings = None, write: bool = False
    ) -> Coroutine[Any, Any, list[Any]]:
        """Run a query and return its rows (dict-like records); ``write`` reads the writer."""
        return self._run(sql, bindings, self._fetch, write=write)

    def select_records(
        self, sql: str, bindings: Bindings = None, write: bool = False
    ) -> Coroutine[Any, Any, list[Any]]:
        """:meth:`select` for rows only read by key (what models hydrate from).

        A driver may return its plainest row type here: PostgreSQL gives bare
        ``asyncpg.Record`` objects, which asyncpg recycles from a free list, so a big result
        set adds nothing for the garbage collector to scan (its ``row.name`` subclass does).
        """
        return self._run(sql, bindings, self._fetch_records, write=write)

    async def select_one(self, sql: str, bindings: Bindings = None) -> Any:
        """Run a query and return its first row or None."""
        rows = await self.select(sql, bindings)
        return rows[0] if rows else None

    async def scalar(self, sql: str, bindings: Bindings = None) -> Any:
        """Run a query and return the first column of its first row (None when empty)."""
        row = await self.select_one(sql, bindings)
        if row is None:
            return None
        return next(iter(row.values()))

    async def insert(self, sql: str, bindings: Bindings = None) -> bool:
        """Run an INSERT; return True."""
        await self._run(sql, bindings, self._execute, write=True)
        return True

    def update(self, sql: str, bindings: Bindings = None) -> Coroutine[Any, Any, int]:
        """Run an UPDATE; return the number of rows matched."""
        return self._run(sql, bindings, self._execute, write=True)

    def delete(self, sql: str, bindings: Bindings = None) -> Coroutine[Any, Any, int]:
        """Run a DELETE; return the number of rows deleted."""
        return self._run(sql, bindings, self._execute, write=True)

    async def statement(self, sql: str, bindings: Bindings = None) -> bool:
        """Run any statement; return True."""
        await self._run(sql, bindings, self._execute, write=True)
        return True

    def affecting_statement(self, sql: str, bindings: Bindings = None) -> Coroutine[Any, Any, int]:
        """Run a statement; return the number of rows it affected."""
        return self._run(sql, bindings, self._execute, write=True)

    async def insert_get_id(self, sql: str, bindings: Bindings, key: str = "id") -> Any:
        """Run an INSERT of one row and return the new row's key."""

        async def op(handle: Any, driver_sql: str, params: list[Any]) -> Any:
            return await self._insert_id(handle, driver_sql, params, key)

        return await self._run(sql, bindings, op, write=True)

    async def insert_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> int:
        """Run a one-row INSERT (``?`` placeholders) once per row of ``rows``, atomically.

        The query log and the query event get one entry whose bindings are the rows.
        """
        if not rows:
            return 0
        driver_sql, _params = bind(sql, rows[0], self.style)
        count = len(_params)
        if set(map(len, rows)) != {count}:
            index = next(i for i, row in enumerate(rows) if len(row) != count)
            raise QueryError(
                f"SQL has {count} placeholder(s) but row {index} has {len(rows[index])} value(s)"
            )
        prepared = self._prepare_rows(rows, count)

        async def op(handle: Any, driver_sql: str, params: list[Any]) -> int:
            return await self._execute_many(handle, driver_sql, params)

        return await self._run_driver(sql, driver_sql, prepared, op, write=True)  # type: ignore[no-any-return]

    def _prepare_rows(self, rows: Sequence[Sequence[Any]], width: int) -> list[Any]:
        """Convert the bindings of many rows column by column, only where a column needs it."""
        plain = _PLAIN
        columns: list[Any] = list(zip(*rows, strict=True))  # transposed in C
        changed = False
        for i, values in enumerate(columns):
            types = set(map(type, values))
            if not types <= plain:
                new = self._prepare_column(values, types)
                if new is not values:
                    columns[i], changed = new, True
        if not changed:
            return rows if isinstance(rows, list) else list(rows)
        return list(zip(*columns, strict=True))

    def _prepare_column(self, values: Sequence[Any], types: set[type]) -> Sequence[Any]:
        """Convert one column of bindings (``values`` itself when nothing changes)."""
        plain = _PLAIN
        prepare = self.prepare_value
        return [v if type(v) in plain else prepare(v) for v in values]

    @overload
    def transaction(self, fn: None = None, attempts: int = 1) -> Transaction: ...
    @overload
    def transaction(self, fn: Callable[[], Awaitable[T]], attempts: int = 1) -> Awaitable[T]: ...
    def transaction(
        self, fn: Callable[[], Awaitable[T]] | None = None, attempts: int = 1
    ) -> Transaction | Awaitable[T]:
        """``async with conn.transaction():`` or ``await conn.transaction(fn, attempts=3)``.

        With ``fn``, deadlocks and serialization failures are retried up to ``attempts`` times.
        """
        if fn is None:
            return Transaction(self)
        return self._transaction_with(fn, attempts)

    async def _transaction_with(self, fn: Callable[[], Awaitable[T]], attempts: int) -> T:
        for attempt in range(1, max(attempts, 1) + 1):
            try:
                async with Transaction(self):
                    return await fn()
            except DeadlockDetected:
                if attempt >= attempts or self.transaction_level() > 0:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    def pinned(self, lazy: bool = False) -> Pinned:
        """``async with conn.pinned():`` one pooled connection for the whole block.

        ``lazy=True`` checks it out at the first statement instead of on entry.
        """
        return Pinned(self, lazy=lazy)

    def transaction_level(self) -> int:
        """Return how deep the current task is in transactions (0 outside)."""
        state = self._tx.get()
        return 0 if state is None else int(state.depth)

    async def after_commit(self, callback: Callback) -> None:
        """Run ``callback`` after the outermost transaction commits (at once outside one)."""
        state = self._tx.get()
        if state is None or state.depth == 0:
            await run_callbacks([callback])
        else:
            state.callbacks[-1].append(callback)

    def enable_query_log(self) -> None:
        """Start recording statements in the query log."""
        self._logging = True

    def disable_query_log(self) -> None:
        """Stop recording statements."""
        self._logging = False

    def get_query_log(self) -> list[dict[str, Any]]:
        """Return the recorded statements (dicts of ``sql``, ``bindings``, ``time_ms``)."""
        return list(self._log)

    def flush_query_log(self) -> None:
        """Forget the recorded statements."""
        self._log.clear()

    def listen(self, callback: Callable[[QueryExecuted], Any]) -> None:
        """Call ``callback(QueryExecuted)`` after every statement.

        A callback object may define ``is_listening() -> bool``: while it returns False,
        statements are neither timed nor reported to it (asked before each statement).
        """
        self._listeners.append(callback)

    @contextlib.asynccontextmanager
    async def pretend(self) -> AsyncIterator[list[str]]:
        """Collect the SQL of write statements instead of running them (``--pretend``)."""
        previous, self._pretending = self._pretending, []
        try:
            yield self._pretending
        finally:
            self._pretending = previous

    def records_have_been_modified(self) -> bool:
        """Tell whether this context wrote (reads then stick to the writer)."""
        return self._wrote.get()

    async def disconnect(self) -> None:
        """Close this connection's pools of the running event loop."""
        raise NotImplementedError

    def describe(self) -> str:
        """Name this connection for messages (never the password)."""
        return describe(self.config)

    # -- machinery --------------------------------------------------------------------------

    def prepare_value(self, value: Any) -> Any:
        """Convert one binding for the driver (shared conversions; drivers refine)."""
        if isinstance(value, dict | list):
            return json.dumps(value)
        if isinstance(value, enum.Enum):
            return value.value
        if isinstance(value, uuid.UUID):
            return str(value)
        return value

    def _run(
        self,
        sql: str,
        bindings: Bindings,
        op: Callable[[Any, str, list[Any]], Awaitable[Any]],
        write: bool,
    ) -> Coroutine[Any, Any, Any]:
        # A plain function handing back the driver coroutine: one coroutine frame less per
        # statement (bad bindings still raise before anything is sent).
        driver_sql, params = bind(sql, bindings, self.style)
        # Most values pass unchanged: convert only when one needs it (no list comprehension
        # frame for a plain key; the log copies the list it keeps).
        for value in params:
            if type(value) not in _PLAIN:
                prepare = self.prepare_value
                params = [v if type(v) in _PLAIN else prepare(v) for v in params]
                break
        return self._run_driver(sql, driver_sql, params, op, write)

    async def _run_driver(
        self,
        sql: str,
        driver_sql: str,
        params: list[Any],
        op: Callable[[Any, str, list[Any]], Awaitable[Any]],
        write: bool,
    ) -> Any:
        if write and self._pretending is not None:
            self._pretending.append(sql)
            return 0
        state = self._tx.get()
        timing = self._logging or (bool(self._listeners) and self._listening())
        start = time.perf_counter() if timing else 0.0
        try:
            if state is not None and not state.closed:
                lock = state.lock
                if lock.free and not lock.waiters:  # the usual case: no call, no await
                    lock.free = 0
                else:
                    await lock.enter()
                try:
                    if state.handle is None:
                        await self._check_out_pinned(state)
                    result = await op(state.handle, driver_sql, params)
                finally:
                    if lock.waiters:
                        lock.leave()
                    else:
                        lock.free = 1
            else:
                use_writer = write or (self._sticky and self._wrote.get())
                retry = False
                async with self._acquire(use_writer) as handle:
                    try:
                        result = await op(handle, driver_sql, params)
                    except Exception as exc:
                        if not (self._is_lost_connection(exc) or self._is_closed(handle)):
                            raise
                        retry = True
                if retry:
                    # The server dropped a pooled connection (restart, idle kill): outside a
                    # transaction nothing is lost by running the statement once more on a
                    # fresh one, as Laravel does.
                    async with self._acquire(use_writer) as handle:
                        result = await op(handle, driver_sql, params)
        except (QueryException, asyncio.CancelledError):
            raise
        except Exception as exc:
            raise self._wrap_error(sql, params, exc) from exc
        if write and not self._wrote.get():
            self._wrote.set(True)
        if timing:
            self._record(sql, params, (time.perf_counter() - start) * 1000)
        return result

    def _listening(self) -> bool:
        """Whether a listener wants this statement's event (then it is timed and built).

        A listener with an ``is_listening()`` method is asked first: the application's
        forwarder to its event dispatcher says no while nothing listens for
        ``QueryExecuted``, so an app that never listens pays no clock or event per statement.
        """
        for listener in self._listeners:
            probe = getattr(listener, "is_listening", None)
            if probe is None or probe():
                return True
        return False

    def _record(self, sql: str, params: list[Any], time_ms: float) -> None:
        params = list(params)  # may be the caller's list (see _run)
        if self._logging:
            self._log.append({"sql": sql, "bindings": params, "time_ms": time_ms})
        if self._listeners:
            event = QueryExecuted(sql, params, time_ms, self.name)
            for listener in list(self._listeners):
                listener(event)

    def _wrap_error(self, sql: str, params: list[Any], exc: Exception) -> Exception:
        kind = self._classify(exc)
        if kind is None:
            return exc
        cls = {"unique": UniqueConstraintViolation, "deadlock": DeadlockDetected}.get(
            kind, QueryException
        )
        return cls(self.name, sql, params, exc)

    async def _check_out_pinned(self, state: TransactionState) -> None:
        """Check out the connection of a lazy pinned block (called under its lock)."""
        state.handle, state.release = await self._open_pinned_handle()

    async def _open_pinned_handle(self) -> tuple[Any, Callable[[], Awaitable[None]]]:
        """Check out a handle for ``pinned()`` (SQLite: the writer, as for transactions)."""
        return await self._open_transaction_handle()

    async def _open_transaction_handle(self) -> tuple[Any, Callable[[], Awaitable[None]]]:
        """Check out the writer handle for a whole transaction; return it and its release."""
        cm = self._acquire(True)
        handle = await cm.__aenter__()

        async def release() -> None:
            await cm.__aexit__(None, None, None)

        return handle, release

    # -- driver hooks -----------------------------------------------------------------------

    def _make_grammar(self) -> Grammar:
        raise NotImplementedError

    def _classify(self, exc: Exception) -> str | None:
        """Return "unique", "deadlock", "query" for a driver error, None for a foreign one."""
        raise NotImplementedError

    def _is_lost_connection(self, exc: Exception) -> bool:
        """Tell whether ``exc`` means the server closed the connection."""
        return False

    def _is_closed(self, handle: Any) -> bool:
        """Tell whether a driver handle is closed (after a failure: the server dropped it)."""
        return False

    def _acquire(self, write: bool) -> contextlib.AbstractAsyncContextManager[Any]:
        raise NotImplementedError

    def _fetch_records(self, handle: Any, sql: str, params: list[Any]) -> Awaitable[list[Any]]:
        return self._fetch(handle, sql, params)

    def _fetch(self, handle: Any, sql: str, params: list[Any]) -> Awaitable[list[Any]]:
        raise NotImplementedError

    async def _execute(self, handle: Any, sql: str, params: list[Any]) -> int:
        raise NotImplementedError

    async def _execute_many(self, handle: Any, sql: str, rows: list[list[Any]]) -> int:
        raise NotImplementedError

    async def _insert_id(self, handle: Any, sql: str, params: list[Any], key: str) -> Any:
        raise NotImplementedError

    async def _raw(self, handle: Any, sql: str) -> None:
        """Run transaction control SQL (never logged)."""
        raise NotImplementedError

    async def _begin(self, handle: Any) -> None:
        await self._raw(handle, "BEGIN")

    async def _commit(self, handle: Any) -> None:
        await self._raw(handle, "COMMIT")

    async def _rollback(self, handle: Any) -> None:
        await self._raw(handle, "ROLLBACK")

    def _discard(self, handle: Any) -> None:
        """Mark a broken handle so its pool replaces it."""


_BUILDER: Any = None


def _builder_class() -> type[Builder]:
    """The Builder class, imported once (the builder module imports this one)."""
    global _BUILDER
    if _BUILDER is None:
        from ._builder import Builder

        _BUILDER = Builder
    return _BUILDER  # type: ignore[no-any-return]


def utc_naive(value: datetime) -> datetime:
    """Return ``value`` in UTC without tzinfo (naive values are taken as UTC already)."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value
