"""SQLite on aiosqlite: WAL, one writer behind a lock, pooled readers.

Rules: SQLite allows one writer at a time, so every write (and every transaction, opened with
``BEGIN IMMEDIATE`` so it takes the write lock up front instead of failing on upgrade) runs on
the single writer connection behind an ``asyncio.Lock``; a busy timeout covers other processes.
Reads use a small pool of reader connections (WAL lets them run beside the writer).
``:memory:`` is exactly one connection: reads share the writer. Bindings are converted here
(datetimes to ISO-8601 UTC text) so the sqlite3 default adapters, deprecated in Python 3.12,
are never used.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import weakref
from collections.abc import AsyncIterator
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

import aiosqlite

from ._connection import Connection, utc_naive
from ._errors import ConnectionFailed
from ._grammar import Grammar, SQLiteGrammar
from ._records import Row
from ._schema_grammar import SchemaGrammar, SQLiteSchemaGrammar
from ._transaction import Pinned


class _LoopState:
    """The handles of one event loop."""

    def __init__(self, readers: int) -> None:
        self.writer: aiosqlite.Connection | None = None
        self.write_lock = asyncio.Lock()
        self.idle: list[aiosqlite.Connection] = []
        self.opened: list[aiosqlite.Connection] = []
        self.reader_slots = asyncio.Semaphore(readers)


class SQLiteConnection(Connection):
    """A SQLite database file (or ``:memory:``)."""

    driver = "sqlite"
    style = "qmark"

    def __init__(self, name: str, config: dict[str, Any]) -> None:
        super().__init__(name, config)
        self.database = str(config.get("database") or ":memory:")
        self.memory = self.database == ":memory:" or "mode=memory" in self.database
        self._states: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _LoopState] = (
            weakref.WeakKeyDictionary()
        )

    def _make_grammar(self) -> Grammar:
        return SQLiteGrammar(self.table_prefix)

    def schema_grammar(self) -> SchemaGrammar:
        """Return SQLite's DDL grammar."""
        return SQLiteSchemaGrammar(self.grammar)

    def pinned(self, lazy: bool = False) -> Pinned:
        """A no-op on SQLite: no round trip to save, and pinning the writer would block."""
        return Pinned(self, noop=True)

    def prepare_value(self, value: Any) -> Any:
        """Convert a binding: datetimes to ISO-8601 UTC text, decimals to text."""
        if isinstance(value, datetime):
            return utc_naive(value).isoformat(sep=" ")
        if isinstance(value, date | time):
            return value.isoformat()
        if isinstance(value, Decimal):
            return str(value)
        return super().prepare_value(value)

    def _state(self) -> _LoopState:
        loop = asyncio.get_running_loop()
        state = self._states.get(loop)
        if state is None:
            state = _LoopState(int(self.config.get("readers", 4)))
            self._states[loop] = state
        return state

    async def _open(self) -> aiosqlite.Connection:
        thread = None
        try:
            conn = aiosqlite.connect(
                self.database, isolation_level=None, uri=self.database.startswith("file:")
            )
            # A forgotten ``DB.disconnect()`` must not keep a script alive at exit.
            thread = getattr(conn, "_thread", None)
            if thread is not None:
                thread.daemon = True
            await conn
        except (sqlite3.Error, OSError) as exc:
            if thread is not None:
                # aiosqlite stops its worker on failure; let it finish while this loop lives.
                await asyncio.to_thread(thread.join, 5)
            raise ConnectionFailed(f"could not open {self.describe()}: {exc}") from exc
        timeout = int(self.config.get("busy_timeout", 5000))
        await conn.execute(f"PRAGMA busy_timeout = {timeout}")
        fks = self.config.get("foreign_key_constraints", True)
        await conn.execute(f"PRAGMA foreign_keys = {'ON' if fks else 'OFF'}")
        return conn

    async def _writer(self, state: _LoopState) -> aiosqlite.Connection:
        if state.writer is None:
            conn = await self._open()
            if not self.memory:
                mode = str(self.config.get("journal_mode", "WAL"))
                await conn.execute(f"PRAGMA journal_mode = {mode}")
                await conn.execute("PRAGMA synchronous = NORMAL")
            state.writer = conn
        return state.writer

    @contextlib.asynccontextmanager
    async def _acquire(self, write: bool) -> AsyncIterator[Any]:
        state = self._state()
        if write or self.memory:
            async with state.write_lock:
                yield await self._writer(state)
            return
        async with state.reader_slots:
            if state.writer is None and not self.memory:
                async with state.write_lock:  # the writer creates the file and turns on WAL
                    await self._writer(state)
            conn = state.idle.pop() if state.idle else None
            if conn is None:
                conn = await self._open()
                state.opened.append(conn)
            try:
                yield conn
            finally:
                state.idle.append(conn)

    async def disconnect(self) -> None:
        """Close the writer and readers of the running loop."""
        loop = asyncio.get_running_loop()
        state = self._states.pop(loop, None)
        if state is None:
            return
        for conn in state.opened:
            await conn.close()
        if state.writer is not None:
            await state.writer.close()

    def _classify(self, exc: Exception) -> str | None:
        if not isinstance(exc, sqlite3.Error):
            return None
        text = str(exc)
        if "UNIQUE constraint failed" in text:
            return "unique"
        if "database is locked" in text or "database table is locked" in text:
            return "deadlock"
        return "query"

    async def _fetch(self, handle: Any, sql: str, params: list[Any]) -> list[Any]:
        async with handle.execute(sql, params) as cursor:
            rows = await cursor.fetchall()
            if not rows:
                return []
            names = [d[0] for d in cursor.description]
        return [Row(zip(names, row, strict=True)) for row in rows]

    async def _execute(self, handle: Any, sql: str, params: list[Any]) -> int:
        async with handle.execute(sql, params) as cursor:
            return int(cursor.rowcount)

    async def _execute_many(self, handle: Any, sql: str, rows: list[list[Any]]) -> int:
        async with handle.executemany(sql, rows) as cursor:
            return int(cursor.rowcount)

    async def _insert_id(self, handle: Any, sql: str, params: list[Any], key: str) -> Any:
        async with handle.execute(sql, params) as cursor:
            return cursor.lastrowid

    async def _raw(self, handle: Any, sql: str) -> None:
        await handle.execute(sql)

    async def _begin(self, handle: Any) -> None:
        await handle.execute("BEGIN IMMEDIATE")
