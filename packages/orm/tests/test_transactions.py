"""Transactions, savepoints, after-commit callbacks, concurrency and the query log."""

from __future__ import annotations

import asyncio
import contextlib

import pytest
from lararust_orm import Connection, DeadlockDetected, QueryExecuted, TransactionError
from lararust_orm_testkit import T


def _row(name: str) -> dict[str, object]:
    return {"name": name, "email": f"{name}@tx.test", "age": 1}


async def _cleanup(conn: Connection) -> None:
    await conn.table(T.users).where_like("email", "%@tx.test").delete()


async def test_commit_keeps_and_exception_rolls_back(conn: Connection) -> None:
    try:
        async with conn.transaction():
            await conn.table(T.users).insert(_row("kept"))
        with pytest.raises(RuntimeError):  # noqa: PT012
            async with conn.transaction():
                await conn.table(T.users).insert(_row("lost"))
                raise RuntimeError("boom")
        assert await conn.table(T.users).where("name", "kept").count() == 1
        assert await conn.table(T.users).where("name", "lost").count() == 0
    finally:
        await _cleanup(conn)


async def test_nested_transaction_rolls_back_its_savepoint_only(conn: Connection) -> None:
    try:
        async with conn.transaction():
            await conn.table(T.users).insert(_row("outer"))
            with pytest.raises(ValueError, match="inner"):  # noqa: PT012
                async with conn.transaction():
                    assert conn.transaction_level() == 2
                    await conn.table(T.users).insert(_row("inner"))
                    raise ValueError("inner")
            assert conn.transaction_level() == 1
        assert await conn.table(T.users).where("name", "outer").count() == 1
        assert await conn.table(T.users).where("name", "inner").count() == 0
    finally:
        await _cleanup(conn)


async def test_after_commit_runs_after_outermost_commit_only(conn: Connection) -> None:
    calls: list[str] = []

    async def async_callback() -> None:
        calls.append("async")

    try:
        async with conn.transaction():
            await conn.after_commit(lambda: calls.append("sync"))
            async with conn.transaction():
                await conn.after_commit(async_callback)
            assert calls == []
        assert calls == ["sync", "async"]
        with pytest.raises(RuntimeError):  # noqa: PT012
            async with conn.transaction():
                await conn.after_commit(lambda: calls.append("never"))
                raise RuntimeError
        assert "never" not in calls
        await conn.after_commit(lambda: calls.append("now"))
        assert calls[-1] == "now"
    finally:
        await _cleanup(conn)


async def test_after_commit_of_a_rolled_back_savepoint_is_dropped(conn: Connection) -> None:
    calls: list[str] = []
    async with conn.transaction():
        with pytest.raises(KeyError):  # noqa: PT012
            async with conn.transaction():
                await conn.after_commit(lambda: calls.append("dropped"))
                raise KeyError
    assert calls == []


async def test_concurrent_tasks_in_one_transaction_are_serialised(conn: Connection) -> None:
    try:
        async with conn.transaction():
            await asyncio.gather(*(conn.table(T.users).insert(_row(f"g{i}")) for i in range(8)))
            counts = await asyncio.gather(
                *(conn.table(T.users).where_like("email", "%@tx.test").count() for _ in range(4))
            )
        assert counts == [8, 8, 8, 8]
        assert await conn.table(T.users).where_like("email", "%@tx.test").count() == 8
    finally:
        await _cleanup(conn)


async def test_nested_transaction_from_another_task_is_a_clear_error(conn: Connection) -> None:
    async def nested() -> None:
        async with conn.transaction():
            pass

    async with conn.transaction():
        with pytest.raises(TransactionError, match="other than the one"):
            await asyncio.gather(nested())


async def test_transaction_callable_retries_deadlocks(conn: Connection) -> None:
    attempts: list[int] = []

    async def work() -> str:
        attempts.append(1)
        if len(attempts) < 3:
            raise DeadlockDetected(conn.name, "select 1", [], RuntimeError("deadlock"))
        return "ok"

    assert await conn.transaction(work, attempts=3) == "ok"
    assert len(attempts) == 3
    attempts.clear()
    with pytest.raises(DeadlockDetected):
        await conn.transaction(work, attempts=2)


async def test_query_log_and_events_skip_transaction_control(conn: Connection) -> None:
    events: list[QueryExecuted] = []
    conn.listen(events.append)
    conn.enable_query_log()
    async with conn.transaction():
        await conn.table(T.users).where("age", ">", 40).count()
    log = conn.get_query_log()
    assert len(log) == 1
    assert log[0]["bindings"] == [40]
    assert log[0]["time_ms"] >= 0
    assert "count(*)" in log[0]["sql"]
    assert [e.connection for e in events] == [conn.name]
    conn.flush_query_log()
    assert conn.get_query_log() == []


async def test_writes_outside_transactions_are_visible_to_other_tasks(conn: Connection) -> None:
    try:
        await conn.table(T.users).insert(_row("vis"))
        seen = await asyncio.gather(
            *(conn.table(T.users).where("name", "vis").count() for _ in range(3))
        )
        assert seen == [1, 1, 1]
    finally:
        await _cleanup(conn)


async def test_pinned_uses_one_connection_and_transactions_inside_it(conn: Connection) -> None:
    calls: list[str] = []
    try:
        async with conn.pinned():
            assert conn.transaction_level() == 0
            if conn.driver != "sqlite":
                first = await conn.scalar(_session_id(conn))
                assert await conn.scalar(_session_id(conn)) == first
            await conn.after_commit(lambda: calls.append("now"))
            with pytest.raises(RuntimeError):  # noqa: PT012
                async with conn.transaction():
                    await conn.table(T.users).insert(_row("pinned-lost"))
                    await conn.after_commit(lambda: calls.append("never"))
                    raise RuntimeError
            async with conn.transaction():
                assert conn.transaction_level() == 1
                await conn.table(T.users).insert(_row("pinned-kept"))
                await conn.after_commit(lambda: calls.append("committed"))
            assert conn.transaction_level() == 0
            async with conn.pinned():  # nesting is a no-op
                assert await conn.table(T.users).where("name", "pinned-kept").count() == 1
        assert calls == ["now", "committed"]
        assert await conn.table(T.users).where("name", "pinned-lost").count() == 0
        assert await conn.table(T.users).where("name", "pinned-kept").count() == 1
    finally:
        await _cleanup(conn)


def _session_id(conn: Connection) -> str:
    return "select pg_backend_pid()" if conn.driver == "pgsql" else "select connection_id()"


async def test_a_real_deadlock_is_retried_until_both_commit(conn: Connection) -> None:
    """Two transactions lock two rows in opposite orders; the loser is retried and succeeds."""
    table = conn.table(T.users)
    first = await table.insert_get_id(_row("dl-a"))
    second = await conn.table(T.users).insert_get_id(_row("dl-b"))
    attempts: list[str] = []
    both_hold_one = asyncio.Event()
    holding: set[str] = set()

    async def work(name: str, one: int, other: int) -> None:
        async def body() -> None:
            attempts.append(name)
            await conn.table(T.users).where("id", one).increment("age")
            holding.add(name)
            if len(holding) == 2:
                both_hold_one.set()
            # SQLite serialises writers: the second never gets here while the first waits.
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(both_hold_one.wait(), timeout=0.5)
            await conn.table(T.users).where("id", other).increment("age")

        await conn.transaction(body, attempts=5)

    try:
        await asyncio.wait_for(
            asyncio.gather(work("x", first, second), work("y", second, first)), timeout=30
        )
        ages = await conn.table(T.users).where_in("id", [first, second]).pluck("age")
        assert sorted(ages) == [3, 3]  # every increment committed exactly once
        if conn.driver != "sqlite":
            assert len(attempts) > 2  # a deadlock victim was rolled back and run again
    finally:
        await _cleanup(conn)
