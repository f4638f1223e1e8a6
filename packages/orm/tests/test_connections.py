"""Configuration, connection errors, pools per event loop, read/write splitting, facades."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from lararust_orm import (
    DB,
    ConfigurationError,
    ConnectionFailed,
    DatabaseManager,
    Schema,
)
from lararust_orm._config import normalize, parse_url
from lararust_orm_testkit import T, connection_config


@pytest.mark.smoke
@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("sqlite:///rel.db", {"driver": "sqlite", "database": "rel.db"}),
        ("sqlite:////abs/path.db", {"driver": "sqlite", "database": "/abs/path.db"}),
        ("sqlite:///:memory:", {"driver": "sqlite", "database": ":memory:"}),
        ("sqlite://", {"driver": "sqlite", "database": ":memory:"}),
    ],
)
def test_sqlite_urls_follow_sqlalchemy_rules(url: str, expected: dict[str, str]) -> None:
    assert parse_url(url) == expected


@pytest.mark.smoke
def test_server_urls() -> None:
    assert parse_url("postgresql://u:p%40ss@db.host:6543/app") == {
        "driver": "pgsql", "host": "db.host", "port": 6543, "database": "app",
        "username": "u", "password": "p@ss",
    }  # fmt: skip
    mysql = parse_url("mariadb://root@127.0.0.1/test?charset=utf8mb4")
    assert (mysql["driver"], mysql["port"], mysql["server"], mysql["charset"]) == (
        "mysql", 3306, "mariadb", "utf8mb4",
    )  # fmt: skip


@pytest.mark.smoke
def test_bad_configuration_is_a_clear_error() -> None:
    with pytest.raises(ConfigurationError, match="unknown database URL scheme"):
        normalize("oracle://x")
    with pytest.raises(ConfigurationError, match="'x' has unknown driver"):
        normalize({"connections": {"x": {"driver": "mongo"}}})
    with pytest.raises(ConfigurationError, match="'nope' is not configured"):
        DatabaseManager("sqlite://").connection("nope")


@pytest.mark.smoke
def test_env_vars_configure_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DB_CONNECTION", "pgsql")
    monkeypatch.setenv("DB_HOST", "10.0.0.9")
    monkeypatch.setenv("DB_DATABASE", "shop")
    monkeypatch.delenv("DB_URL", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    conn = DatabaseManager().connection()
    assert (conn.driver, conn.config["host"], conn.config["database"]) == (
        "pgsql",
        "10.0.0.9",
        "shop",
    )


@pytest.mark.parametrize("driver", ["pgsql", "mysql"])
async def test_connection_failures_name_the_server_never_the_password(driver: str) -> None:
    scheme = "postgresql" if driver == "pgsql" else "mysql"
    manager = DatabaseManager(
        {"driver": driver, "host": "127.0.0.1", "port": 1, "database": "appdb",
         "username": "bob", "password": "s3cret-pw", "connect_timeout": 2}
    )  # fmt: skip
    with pytest.raises(ConnectionFailed) as info:
        await manager.select("select 1")
    message = str(info.value)
    assert f"{driver} server 127.0.0.1:1 database 'appdb'" in message
    assert "s3cret-pw" not in message
    assert scheme  # both drivers report through the same message shape


async def test_wrong_database_name_is_reported(driver: str) -> None:
    if driver == "sqlite":
        manager = DatabaseManager("sqlite:////nonexistent-dir/x/y.db")
    else:
        config = connection_config(driver, Path("unused")) | {"database": "no_such_db_xyz"}
        manager = DatabaseManager(config)
    with pytest.raises(ConnectionFailed, match=r"no_such_db_xyz|nonexistent-dir"):
        await manager.select("select 1")


def test_pools_belong_to_the_loop_that_opened_them(manager: DatabaseManager) -> None:

    async def count() -> int:
        try:
            return await manager.table(T.users).count()
        finally:
            await manager.disconnect()

    assert asyncio.run(count()) == 5
    assert asyncio.run(count()) == 5


@pytest.mark.smoke
async def test_memory_database_is_one_shared_connection() -> None:
    manager = DatabaseManager("sqlite:///:memory:")
    try:
        await manager.statement("create table t (id integer primary key, v text)")
        await manager.insert("insert into t (v) values (?)", ["a"])
        results = await asyncio.gather(
            *(manager.scalar("select count(*) from t") for _ in range(5))
        )
        assert results == [1, 1, 1, 1, 1]
    finally:
        await manager.disconnect()


async def _seed_replica(driver: str, config: dict[str, object], table: str, label: str) -> None:
    manager = DatabaseManager({"default": "x", "connections": {"x": config}})
    schema = manager.connection().get_schema_builder()
    try:
        await schema.drop_if_exists(table)
        async with schema.create(table) as t:
            t.id()
            t.string("label")
        await manager.table(table).insert({"label": label})
    finally:
        await manager.disconnect()


async def test_read_replicas_and_sticky_writes(driver: str, sqlite_path: Path) -> None:
    """Reads go to a replica until this context writes; then they stick to the writer."""
    base = connection_config(driver, sqlite_path)
    table = f"rw_{T.users}"
    if driver == "sqlite":
        await _sqlite_readers_do_not_wait_for_the_writer(base, table)
        return
    replica = "postgres" if driver == "pgsql" else "lararust_replica_test"
    if driver == "mysql":
        admin = DatabaseManager(base)
        try:
            await admin.statement(f"create database if not exists {replica}")
        finally:
            await admin.disconnect()
    await _seed_replica(driver, base | {"database": replica}, table, "replica")
    await _seed_replica(driver, base, table, "primary")
    config = base | {"read": {"database": replica}, "write": {"database": "test"}, "sticky": True}
    manager = DatabaseManager({"default": "rw", "connections": {"rw": config}})
    try:
        assert list(await manager.table(table).pluck("label")) == ["replica"]
        await manager.table(table).insert({"label": "new"})
        assert sorted(await manager.table(table).pluck("label")) == ["new", "primary"]
    finally:
        await manager.disconnect()
        for database in (replica, "test"):
            cleanup = DatabaseManager(base | {"database": database})
            try:
                await cleanup.connection().get_schema_builder().drop_if_exists(table)
            finally:
                await cleanup.disconnect()


async def _sqlite_readers_do_not_wait_for_the_writer(config: dict[str, object], table: str) -> None:
    manager = DatabaseManager(config)
    conn = manager.connection()
    schema = conn.get_schema_builder()
    await schema.drop_if_exists(table)
    async with schema.create(table) as t:
        t.id()
        t.string("label")
    try:
        inside = asyncio.Event()
        release = asyncio.Event()

        async def writer() -> None:
            async with conn.transaction():
                await conn.table(table).insert({"label": "uncommitted"})
                inside.set()
                await release.wait()

        task = asyncio.create_task(writer())
        await inside.wait()
        # A reader connection answers while the writer holds its transaction open (WAL).
        assert await asyncio.wait_for(conn.table(table).count(), timeout=5) == 0
        release.set()
        await task
        assert await conn.table(table).count() == 1
    finally:
        await schema.drop_if_exists(table)
        await manager.disconnect()


@pytest.mark.smoke
async def test_db_facade_works_in_a_plain_script(tmp_path: Path) -> None:
    DB.configure(f"sqlite:///{tmp_path / 'facade.db'}")
    try:
        async with Schema.create("notes") as table:
            table.id()
            table.string("body")
        await DB.table("notes").insert({"body": "hi"})
        assert await DB.table("notes").value("body") == "hi"
        assert await Schema.has_table("notes")
    finally:
        await DB.disconnect()
        DB.clear()


async def test_a_connection_killed_by_the_server_is_replaced(
    driver: str, sqlite_path: Path
) -> None:
    """The pool hands out a dead connection once; the statement runs again on a fresh one."""
    if driver == "sqlite":
        manager = DatabaseManager(connection_config(driver, sqlite_path))
        try:
            assert await manager.scalar("select 1") == 1  # no server: nothing to lose
        finally:
            await manager.disconnect()
        return
    config = connection_config(driver, sqlite_path) | {"pool": {"min": 1, "max": 1}}
    manager, admin = (
        DatabaseManager(config),
        DatabaseManager(connection_config(driver, sqlite_path)),
    )
    try:
        if driver == "pgsql":
            pid = await manager.scalar("select pg_backend_pid()")
            await admin.scalar("select pg_terminate_backend(?)", [pid])
        else:
            pid = await manager.scalar("select connection_id()")
            await admin.statement(f"kill {int(pid)}")
        assert await manager.scalar("select 41 + 1") == 42
    finally:
        await manager.disconnect()
        await admin.disconnect()


async def test_mariadb_is_detected_on_connect(sqlite_path: Path) -> None:
    from lararust_orm._grammar import MariaDbGrammar
    from lararust_orm._mysql import MySqlConnection

    manager = DatabaseManager(connection_config("mysql", sqlite_path))
    conn = manager.connection()
    assert isinstance(conn, MySqlConnection)
    try:
        version = await conn.detect_server()
        assert "mariadb" in version.lower()
        assert conn.server == "mariadb"
        assert isinstance(conn.grammar, MariaDbGrammar)
    finally:
        await manager.disconnect()


@pytest.mark.parametrize(("full_reset", "expected"), [(False, "lr_test"), (True, "")])
async def test_postgres_release_reset(sqlite_path: Path, full_reset: bool, expected: str) -> None:
    """Releasing skips asyncpg's reset round trip unless ``reset_on_release`` asks for it."""
    _check = connection_config("pgsql", sqlite_path)
    manager = DatabaseManager(
        _check | {"pool": {"min": 1, "max": 1}, "reset_on_release": full_reset}
    )
    try:
        await manager.statement("set application_name = 'lr_test'")
        assert await manager.scalar("show application_name") == expected
    finally:
        await manager.disconnect()
