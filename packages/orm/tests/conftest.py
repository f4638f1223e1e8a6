"""Shared fixtures: one suite over the three real databases (see ``lararust_orm_testkit``)."""

from __future__ import annotations

import asyncio
import socket
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from lararust_orm import Connection, DatabaseManager, SchemaBuilder
from lararust_orm_testkit import (
    DRIVERS,
    POSTS,
    SERVERS,
    USERS,
    T,
    Tables,
    connection_config,
)


@pytest.fixture(autouse=True)
def _no_leaked_application() -> Iterator[None]:
    """Start each test with no process-wide application; put back whatever was there after.

    ``Application()`` makes itself core's process-wide current application, so one created by
    an earlier test (another package's, in the same pytest process) would otherwise decide this
    suite's environment, base path and config. Saving and restoring (rather than clearing for
    good) keeps this fixture compatible with any plugin of core's doing the same; a test that
    builds its own application still gets it, since it runs after this fixture has cleared.
    """
    from lararust_core import _current

    saved = _current._process_wide
    _current.set_application(None)
    token = _current._current.set(None)
    try:
        yield
    finally:
        _current._current.reset(token)
        _current.set_application(saved)


@pytest.fixture(scope="session")
def sqlite_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The session's SQLite database file."""
    return tmp_path_factory.mktemp("orm") / "test.sqlite"


_REACHABLE: set[str] = set()


def _check_server(driver: str) -> None:
    """Fail (never skip) when a server is down; checked once per session per server."""
    if driver in _REACHABLE:
        return
    host, port = SERVERS[driver]
    try:
        socket.create_connection((host, port), timeout=3).close()
    except OSError as exc:
        pytest.fail(
            f"the {driver} test server at {host}:{port} is not reachable ({exc}); "
            "start it with `bash tools/services.sh`",
            pytrace=False,
        )
    _REACHABLE.add(driver)


async def _build(config: dict[str, Any]) -> None:
    manager = DatabaseManager({"default": "t", "connections": {"t": config}})
    conn = manager.connection()
    schema = SchemaBuilder(conn)
    try:
        await schema.drop_if_exists(T.posts)
        await schema.drop_if_exists(T.users)
        async with schema.create(T.users) as table:
            table.id()
            table.string("name")
            table.string("email").unique()
            table.integer("age")
            table.boolean("active").default(True)
            table.json("options").nullable()
            table.timestamp("created_at").nullable()
        async with schema.create(T.posts) as table:
            table.id()
            table.foreign_id("user_id").constrained(T.users).cascade_on_delete()
            table.string("title")
            table.integer("views").default(0)
        await conn.table(T.users).insert(USERS)
        await conn.table(T.posts).insert(
            [{"user_id": u, "title": t, "views": v} for u, t, v in POSTS]
        )
    finally:
        await manager.disconnect()


async def _drop(config: dict[str, Any]) -> None:
    manager = DatabaseManager({"default": "t", "connections": {"t": config}})
    schema = SchemaBuilder(manager.connection())
    try:
        await schema.drop_if_exists(T.posts)
        await schema.drop_if_exists(T.users)
    finally:
        await manager.disconnect()


@pytest.fixture(scope="session")
def seeded(request: pytest.FixtureRequest, sqlite_path: Path) -> Iterator[set[str]]:
    """Build the schema and seed rows once per database per session; drop them at the end."""
    built: set[str] = set()
    yield built
    for driver in built:
        asyncio.run(_drop(connection_config(driver, sqlite_path)))


@pytest.fixture(params=DRIVERS)
def driver(request: pytest.FixtureRequest) -> str:
    """The database under test."""
    name = str(request.param)
    if name in SERVERS:
        _check_server(name)
    return name


@pytest.fixture
def manager(driver: str, sqlite_path: Path, seeded: set[str]) -> DatabaseManager:
    """A manager whose default connection is the database under test (schema seeded)."""
    config = connection_config(driver, sqlite_path)
    if driver not in seeded:
        asyncio.run(_build(config))
        seeded.add(driver)
    return DatabaseManager({"default": driver, "connections": {driver: config}})


@pytest.fixture
async def conn(manager: DatabaseManager) -> AsyncIterator[Connection]:
    """The connection under test; its pools close after the test."""
    try:
        yield manager.connection()
    finally:
        await manager.disconnect()


@pytest.fixture
def tables() -> Tables:
    """This run's table names."""
    return T


@pytest.fixture
async def asyncpg_connection() -> AsyncIterator[Any]:
    """A plain asyncpg connection to the PostgreSQL test server (the row type's own tests)."""
    import asyncpg

    _check_server("pgsql")
    host, port = SERVERS["pgsql"]
    conn = await asyncpg.connect(host=host, port=port, database="test", user="postgres")
    try:
        yield conn
    finally:
        await conn.close()
