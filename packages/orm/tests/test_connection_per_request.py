"""One pooled connection per request: lazy ``pinned()`` blocks and ``ConnectionPerRequest``."""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from lararust_core import Application
from lararust_orm import (
    DB,
    Connection,
    ConnectionPerRequest,
    DatabaseManager,
    DatabaseServiceProvider,
    TransactionError,
)
from lararust_orm_testkit import T, connection_config
from lararust_support import set_facade_resolver

#: Generous guard against a hang (a connection never given back to a one-connection pool);
#: not a timing assertion: a correct run finishes in milliseconds.
HANG = 20


@pytest.fixture
async def single(
    driver: str, sqlite_path: Path, manager: DatabaseManager
) -> AsyncIterator[Connection]:
    """The database under test through a pool of ONE connection: a leak would hang."""
    config = connection_config(driver, sqlite_path)
    if "pool" in config:
        config["pool"] = {"min": 1, "max": 1}
    one = DatabaseManager({"default": driver, "connections": {driver: config}})
    try:
        yield one.connection()
    finally:
        await one.disconnect()


def _session_id(conn: Connection) -> str:
    return "select pg_backend_pid()" if conn.driver == "pgsql" else "select connection_id()"


async def _outside(conn: Connection) -> int:
    """Count users from a fresh context (no pinned block): needs a free pooled connection."""
    task = asyncio.create_task(conn.table(T.users).count(), context=contextvars.Context())
    return await asyncio.wait_for(task, HANG)


async def test_statements_of_a_lazy_block_share_one_connection(single: Connection) -> None:
    async with single.pinned(lazy=True):
        if single.driver == "sqlite":  # a no-op there: SQLite has no pool to save trips to
            assert await single.table(T.users).count() > 0
            return
        ids = {await single.scalar(_session_id(single)) for _ in range(5)}
        assert len(ids) == 1


async def test_a_lazy_block_checks_nothing_out_before_its_first_statement(
    single: Connection,
) -> None:
    async with single.pinned(lazy=True):
        # The only pooled connection is still free for someone else.
        assert await _outside(single) > 0
        assert await single.table(T.users).count() > 0


async def test_the_connection_is_released_at_block_end_even_on_exceptions(
    single: Connection,
) -> None:
    with pytest.raises(RuntimeError, match="boom"):  # noqa: PT012
        async with single.pinned(lazy=True):
            await single.table(T.users).count()
            raise RuntimeError("boom")
    # Would hang on the one-connection pool if the pinned connection had leaked.
    assert await _outside(single) > 0
    assert await asyncio.wait_for(single.table(T.users).count(), HANG) > 0


async def test_concurrent_tasks_in_one_block_are_serialised(single: Connection) -> None:
    async with single.pinned(lazy=True):
        counts = await asyncio.gather(*(single.table(T.users).count() for _ in range(10)))
        assert len(set(counts)) == 1
        if single.driver != "sqlite":
            ids = await asyncio.gather(*(single.scalar(_session_id(single)) for _ in range(6)))
            assert len(set(ids)) == 1


async def test_a_transaction_inside_uses_the_pinned_connection(conn: Connection) -> None:
    try:
        async with conn.pinned(lazy=True):
            before = None if conn.driver == "sqlite" else await conn.scalar(_session_id(conn))
            with pytest.raises(RuntimeError):  # noqa: PT012
                async with conn.transaction():
                    await conn.table(T.users).insert(
                        {"name": "cpr-lost", "email": "lost@cpr.test", "age": 1}
                    )
                    raise RuntimeError
            async with conn.transaction():
                assert conn.transaction_level() == 1
                if before is not None:
                    assert await conn.scalar(_session_id(conn)) == before
                await conn.table(T.users).insert(
                    {"name": "cpr-kept", "email": "kept@cpr.test", "age": 1}
                )
            assert conn.transaction_level() == 0
        assert await conn.table(T.users).where("name", "cpr-lost").count() == 0
        assert await conn.table(T.users).where("name", "cpr-kept").count() == 1
    finally:
        await conn.table(T.users).where_like("email", "%@cpr.test").delete()


async def test_a_transaction_as_first_statement_checks_the_connection_out(
    single: Connection,
) -> None:
    async with single.pinned(lazy=True), single.transaction():
        assert single.transaction_level() == 1
        assert await single.table(T.users).count() > 0
    assert await _outside(single) > 0


async def test_concurrent_transactions_in_one_block_get_a_clear_error(conn: Connection) -> None:
    if conn.driver == "sqlite":  # pinned is a no-op: each task gets its own transaction
        return
    started = asyncio.Event()
    release = asyncio.Event()

    async def first() -> None:
        async with conn.transaction():
            started.set()
            await release.wait()

    async with conn.pinned(lazy=True):
        task = asyncio.create_task(first())
        await asyncio.wait_for(started.wait(), HANG)
        try:
            with pytest.raises(TransactionError, match="other than the one"):
                async with conn.transaction():
                    pass  # pragma: no cover
        finally:
            release.set()
            await task


async def test_a_task_outliving_the_block_goes_back_to_the_pool(single: Connection) -> None:
    go = asyncio.Event()

    async def later() -> int:
        await go.wait()
        return await single.table(T.users).count()

    async with single.pinned(lazy=True):
        await single.table(T.users).count()
        task = asyncio.create_task(later())
    go.set()
    assert await asyncio.wait_for(task, HANG) > 0
    assert await _outside(single) > 0


async def test_the_middleware_holds_one_connection_for_the_request(
    single: Connection,
) -> None:
    manager = DatabaseManager({"default": single.name, "connections": {single.name: single.config}})
    DB.swap(manager)
    seen: list[Any] = []

    async def handler(request: object) -> str:
        assert request == "request"
        conn = DB.connection()
        if conn.driver != "sqlite":
            seen.extend(await asyncio.gather(*(conn.scalar(_session_id(conn)) for _ in range(4))))
        seen.append(await conn.table(T.users).count())
        return "response"

    try:
        assert await ConnectionPerRequest().handle("request", handler) == "response"
        if single.driver != "sqlite":
            assert len(set(seen[:4])) == 1
        with pytest.raises(RuntimeError):
            await ConnectionPerRequest().handle("request", _failing)
        assert await _outside(manager.connection()) > 0
    finally:
        DB.clear()
        await manager.disconnect()


async def _failing(request: object) -> None:
    await DB.table(T.users).count()
    raise RuntimeError("handler failed")


class _Recorder:
    """Stands in for the http kernel's middleware configurator."""

    def __init__(self) -> None:
        self.prepended: list[Any] = []

    def prepend(self, *middleware: Any) -> _Recorder:
        self.prepended.extend(middleware)
        return self


@pytest.mark.smoke
@pytest.mark.parametrize("enabled", [True, False])
async def test_provider_registers_the_middleware_when_configured(
    tmp_path: Path, enabled: bool
) -> None:
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "database.py").write_text(
        'config = {"default": "main", "connection_per_request": '
        f'{enabled}, "connections": {{"main": {{"driver": "sqlite", '
        f'"database": "{tmp_path / "app.sqlite"}"}}}}}}\n',
        encoding="utf-8",
    )
    (tmp_path / "config" / "app.py").write_text('config = {"dont_discover": ["*"]}\n')
    app = Application.configure(base_path=tmp_path).with_providers([DatabaseServiceProvider])
    application = app.create()
    try:
        await application.boot()
        recorder = _Recorder()
        for callback in application.make("app.middleware_callbacks"):
            callback(recorder)
        assert recorder.prepended == ([ConnectionPerRequest] if enabled else [])
    finally:
        await application.shutdown()
        set_facade_resolver(None)
        DB.clear()
