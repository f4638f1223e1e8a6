"""The per-query shortcuts keep every rule of the long way (all three databases).

``Model.find`` skips the builder for a plain key, listener checks are cached per class, the
statement lock of a pinned connection takes a free lock without awaiting, and an app's
``QueryExecuted`` forwarder is asked whether anything listens before a statement is timed.
Each test here changes what a shortcut depends on and checks the answer follows.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from lararust_orm import DB, Connection, DatabaseManager, Model, ModelNotFound, QueryExecuted
from lararust_orm._transaction import StatementLock
from lararust_orm_testkit import T, rolled_back


class Member(Model):
    table = T.users
    timestamps = False

    id: int
    name: str
    age: int


class Adult(Member):
    """A subclass: listeners of the base reach it too."""

    table = T.users


@pytest.fixture
async def db(manager: DatabaseManager) -> AsyncIterator[Connection]:
    """The DB facade bound to the database under test."""
    DB.swap(manager)
    try:
        yield manager.connection()
    finally:
        for cls in (Member, Adult):
            cls.flush_event_listeners()
            cls.__dict__.get("_global_scopes", {}).clear()
            cls.peer_loading = False
        await manager.disconnect()
        DB.clear()


async def test_find_by_plain_key_gives_a_model_or_none(db: Connection) -> None:
    bob = await Member.find(2)
    assert isinstance(bob, Member)
    assert (bob.id, bob.name, bob["age"]) == (2, "bob", 17)
    assert bob.exists
    assert not bob.is_dirty()
    assert await Member.find(999) is None
    assert await Member.find(None) is None  # where id is null: nothing
    with pytest.raises(ModelNotFound, match=r"\[Member\] 999"):
        await Member.find_or_fail(999)
    assert (await Member.find_or_fail(1)).name == "ann"


async def test_query_find_keeps_what_was_added_to_the_query(db: Connection) -> None:
    assert (await Member.query().find(2)).name == "bob"  # type: ignore[union-attr]
    assert await Member.query().where("age", ">", 18).find(2) is None
    assert await Member.query().where("age", "<", 18).find(2) is not None
    only_name = await Member.query().select("name").find(3)
    assert only_name is not None
    assert only_name.get_attributes() == {"name": "cy"}
    Member._boot()
    Member.add_global_scope("grown", lambda q: q.where("age", ">=", 18))
    assert await Member.query().find(2) is None
    assert await Member.new_model_query().find(2) is not None  # no global scopes there


async def test_find_follows_a_global_scope_added_after_use(db: Connection) -> None:
    assert await Member.find(2) is not None
    Member._boot()
    Member.add_global_scope("grown", lambda q: q.where("age", ">=", 18))
    assert await Member.find(2) is None  # bob is 17
    assert (await Member.find(1)).name == "ann"  # type: ignore[union-attr]


async def test_find_fires_a_retrieved_listener_added_after_use(db: Connection) -> None:
    assert await Adult.find(1) is not None
    seen: list[str] = []
    Member.on("retrieved", lambda m: seen.append(m.name))  # on the base class
    assert Adult.has_listeners("retrieved")
    assert Member.has_listeners("retrieved")
    await Adult.find(3)
    assert seen == ["cy"]
    Member.flush_event_listeners()
    assert not Adult.has_listeners("retrieved")
    await Adult.find(1)
    assert seen == ["cy"]


async def test_find_with_peer_loading_still_shares_the_peer_set(db: Connection) -> None:
    Member.peer_loading = True
    found = await Member.find(1)
    assert found is not None
    assert found.__dict__.get("_peers") == [found]


async def test_find_follows_the_connection_the_facade_resolves(
    db: Connection, manager: DatabaseManager
) -> None:
    assert await Member.find(1) is not None
    other = DatabaseManager(manager.config)
    other.enable_query_log()
    DB.swap(other)
    try:
        assert (await Member.find(3)).name == "cy"  # type: ignore[union-attr]
        assert [entry["bindings"] for entry in other.get_query_log()] == [[3]]
    finally:
        await other.disconnect()
        DB.swap(manager)


async def test_save_without_listeners_writes_and_with_one_can_cancel(db: Connection) -> None:
    async with rolled_back(db):
        member = await Member.find_or_fail(2)
        member.age = 18
        assert await member.save() is True
        assert member.get_changes() == {"age": 18}
        assert (await Member.find_or_fail(2)).age == 18
        Member.on("saving", lambda m: False)
        member.age = 19
        assert await member.save() is False
        assert (await Member.find_or_fail(2)).age == 18


async def test_save_updates_exactly_the_changed_columns_each_time(db: Connection) -> None:
    async with rolled_back(db):
        member = await Member.find_or_fail(3)
        member.age = 46
        await member.save()
        member.name = "cyd"  # another column set: another cached statement
        await member.save()
        member.age = db.raw("age + 1")  # an expression: the builder's way
        await member.save()
        row = await db.table(T.users).where("id", 3).first()
        assert (row["name"], row["age"]) == ("cyd", 47)
        other = await Member.find_or_fail(1)
        other.age = 31  # the same column set on another row: the cached statement, key bound
        db.enable_query_log()
        try:
            await other.save()
        finally:
            db.disable_query_log()
        assert db.get_query_log()[-1]["bindings"] == [31, 1]
        assert (await db.table(T.users).where("id", 1).value("age")) == 31
        assert (await db.table(T.users).where("id", 3).value("age")) == 47


async def test_query_event_listener_is_asked_before_each_statement(db: Connection) -> None:
    class Probe:
        def __init__(self) -> None:
            self.on = False
            self.events: list[QueryExecuted] = []

        def is_listening(self) -> bool:
            return self.on

        def __call__(self, event: QueryExecuted) -> None:
            self.events.append(event)

    probe = Probe()
    db.listen(probe)
    try:
        await Member.find(1)
        assert probe.events == []
        probe.on = True
        await Member.find(1)
        assert [e.bindings for e in probe.events] == [[1]]
        assert probe.events[0].time_ms >= 0
    finally:
        db._listeners.remove(probe)


async def test_pinned_statements_from_many_tasks_are_serialised(db: Connection) -> None:
    async with db.pinned(lazy=True):
        found = await asyncio.gather(*(Member.find(i) for i in (1, 2, 3, 1, 2, 3)))
    assert [m.name for m in found if m is not None] == ["ann", "bob", "cy"] * 2


async def _hold(lock: StatementLock, log: list[str], name: str, gate: asyncio.Event) -> None:
    await lock.acquire()
    try:
        log.append(name)
        await gate.wait()
    finally:
        lock.release()


async def test_statement_lock_is_fifo_and_survives_cancelled_waiters() -> None:
    lock, log, gate = StatementLock(), [], asyncio.Event()
    assert lock.try_acquire()
    assert lock.locked()
    assert not lock.try_acquire()
    tasks: dict[str, Any] = {
        name: asyncio.create_task(_hold(lock, log, name, gate)) for name in "abc"
    }
    await asyncio.sleep(0)
    tasks["b"].cancel()  # a waiter cancelled while queued leaves the queue
    await asyncio.sleep(0)
    lock.release()  # hands over to "a"
    gate.set()
    await asyncio.gather(tasks["a"], tasks["c"])
    assert tasks["b"].cancelled()
    assert log == ["a", "c"]
    assert not lock.locked()


async def test_statement_lock_passes_on_a_handover_cancelled_before_it_ran() -> None:
    lock, log, gate = StatementLock(), [], asyncio.Event()
    gate.set()
    lock.try_acquire()
    first = asyncio.create_task(_hold(lock, log, "first", gate))
    second = asyncio.create_task(_hold(lock, log, "second", gate))
    await asyncio.sleep(0)
    lock.release()  # "first" now owns the lock...
    first.cancel()  # ...but is cancelled before it runs: the lock must reach "second"
    await asyncio.gather(first, second, return_exceptions=True)
    assert log == ["second"]
    assert not lock.locked()
