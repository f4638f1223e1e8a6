"""Migrations and the database commands end to end, on all three databases."""

from __future__ import annotations

import asyncio
import textwrap
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from lararust_orm import DB, DatabaseManager, Migrator
from lararust_orm._commands import (
    DbShow,
    DbWipe,
    MakeMigration,
    Migrate,
    MigrateFresh,
    MigrateRefresh,
    MigrateReset,
    MigrateRollback,
    MigrateStatus,
)
from lararust_orm_testkit import SUFFIX, connection_config

REPO = f"migrations_{SUFFIX}"


def tbl(stem: str) -> str:
    return f"m_{stem}_{SUFFIX}"


def create_file(folder: Path, stamp: str, stem: str, body: str | None = None) -> None:
    up = body or (
        f'async with Schema.create("{tbl(stem)}") as table:\n'
        "    table.id()\n"
        "    table.string('name').nullable()"
    )
    source = (
        "from lararust_orm import Migration, Schema\n\n\n"
        f"class Create{stem.capitalize()}(Migration):\n"
        "    async def up(self) -> None:\n"
        f"{textwrap.indent(up, ' ' * 8)}\n\n"
        "    async def down(self) -> None:\n"
        f'        await Schema.drop_if_exists("{tbl(stem)}")\n'
    )
    (folder / f"{stamp}_create_{stem}_table.py").write_text(source, encoding="utf-8")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A migrations folder with three files."""
    path = tmp_path / "database" / "migrations"
    path.mkdir(parents=True)
    create_file(path, "2024_01_01_000000", "alpha")
    create_file(path, "2024_01_02_000000", "beta")
    create_file(path, "2024_01_03_000000", "gamma")
    return path


@pytest.fixture
def db(
    driver: str, sqlite_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[DatabaseManager]:
    """The DB facade bound to a manager with this run's migrations table."""
    monkeypatch.setenv("APP_ENV", "testing")
    config = connection_config(driver, sqlite_path)
    manager = DatabaseManager(
        {"default": driver, "connections": {driver: config}, "migrations": {"table": REPO}}
    )
    DB.swap(manager)
    try:
        yield manager
    finally:
        DB.clear()
        asyncio.run(_clean(manager))


async def _clean(manager: DatabaseManager) -> None:
    conn = manager.connection()
    schema = conn.get_schema_builder()
    try:
        for table in await schema.get_tables():
            if table.endswith(SUFFIX) and (table.startswith("m_") or table == REPO):
                await schema.drop_if_exists(table)
    finally:
        await manager.disconnect()


async def tables(manager: DatabaseManager) -> set[str]:
    try:
        found = await manager.connection().get_schema_builder().get_tables()
        return {t for t in found if t.startswith("m_") or t == REPO}
    finally:
        await manager.disconnect()


async def ran(manager: DatabaseManager) -> list[tuple[str, int]]:
    try:
        rows = await manager.table(REPO).order_by("id").get()
        return [(r["migration"], r["batch"]) for r in rows]
    finally:
        await manager.disconnect()


NAMES = [
    "2024_01_01_000000_create_alpha_table",
    "2024_01_02_000000_create_beta_table",
    "2024_01_03_000000_create_gamma_table",
]


async def test_migrate_rollback_reset_and_status(
    db: DatabaseManager, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert await Migrate().handle(path=str(folder)) == 0
    assert await ran(db) == [(n, 1) for n in NAMES]
    assert {tbl("alpha"), tbl("beta"), tbl("gamma"), REPO} <= await tables(db)
    assert await Migrate().handle(path=str(folder)) == 0
    assert "Nothing to migrate" in capsys.readouterr().out
    assert await MigrateStatus().handle(path=str(folder)) == 0
    out = capsys.readouterr().out
    assert f"{NAMES[0]}  [1] Ran" in out
    assert await MigrateRollback().handle(path=str(folder), step=1) == 0
    assert await ran(db) == [(n, 1) for n in NAMES[:2]]
    assert tbl("gamma") not in await tables(db)
    assert await Migrate().handle(path=str(folder)) == 0
    assert await ran(db) == [(NAMES[0], 1), (NAMES[1], 1), (NAMES[2], 2)]
    assert await MigrateRollback().handle(path=str(folder)) == 0
    assert len(await ran(db)) == 2
    assert await MigrateReset().handle(path=str(folder)) == 0
    assert await ran(db) == []
    assert await tables(db) == {REPO}


async def test_migrate_step_gives_each_file_a_batch(db: DatabaseManager, folder: Path) -> None:
    assert await Migrate().handle(path=str(folder), step=True) == 0
    assert await ran(db) == [(NAMES[0], 1), (NAMES[1], 2), (NAMES[2], 3)]
    assert await MigrateRefresh().handle(path=str(folder), step=2) == 0
    assert [b for _, b in await ran(db)] == [1, 2, 2]


async def test_pretend_prints_sql_and_changes_nothing(
    db: DatabaseManager, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert await Migrate().handle(path=str(folder), pretend=True) == 0
    out = capsys.readouterr().out
    assert "create table" in out
    assert tbl("alpha") in out
    assert tbl("alpha") not in await tables(db)


@pytest.fixture
async def scratch(driver: str, tmp_path: Path, sqlite_path: Path) -> AsyncIterator[DatabaseManager]:
    """A manager on a database of its own: ``migrate:fresh`` and ``db:wipe`` drop everything."""
    base = connection_config(driver, sqlite_path)
    name = f"orm_scratch_{SUFFIX}"
    if driver == "sqlite":
        config = base | {"database": str(tmp_path / "scratch.sqlite")}
    else:
        admin = DatabaseManager(base)
        try:
            await admin.statement(f"create database {name}")
        finally:
            await admin.disconnect()
        config = base | {"database": name}
    manager = DatabaseManager(
        {"default": driver, "connections": {driver: config}, "migrations": {"table": REPO}}
    )
    DB.swap(manager)
    try:
        yield manager
    finally:
        await manager.disconnect()
        if driver != "sqlite":
            admin = DatabaseManager(base)
            try:
                await admin.statement(f"drop database if exists {name}")
            finally:
                await admin.disconnect()


async def test_fresh_and_wipe_drop_everything(scratch: DatabaseManager, folder: Path) -> None:
    conn = scratch.connection()
    async with conn.get_schema_builder().create(tbl("stray")) as t:
        t.id()
    await scratch.disconnect()
    assert await MigrateFresh().handle(path=str(folder), force=True) == 0
    assert tbl("stray") not in await tables(scratch)
    assert await ran(scratch) == [(n, 1) for n in NAMES]
    assert await DbWipe().handle(force=True) == 0
    assert await tables(scratch) == set()


async def test_failing_migration_is_rolled_back_and_reported(
    db: DatabaseManager, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    create_file(
        folder,
        "2024_01_04_000000",
        "delta",
        f'async with Schema.create("{tbl("delta")}") as table:\n'
        "    table.id()\n"
        f'await DB.statement("insert into no_such_table_{SUFFIX} values (1)")',
    )
    path = folder / "2024_01_04_000000_create_delta_table.py"
    path.write_text(
        path.read_text().replace("import Migration, Schema", "import DB, Migration, Schema")
    )
    assert await Migrate().handle(path=str(folder)) == 1
    err = capsys.readouterr().err
    assert "2024_01_04_000000_create_delta_table" in err
    assert await ran(db) == [(n, 1) for n in NAMES]
    present = await tables(db)
    if db.connection().driver == "mysql":
        assert "NOT rolled back" in err
        assert "applied statements" in err
        assert f"no_such_table_{SUFFIX}" in err
        assert tbl("delta") in present
    else:
        assert "rolled back" in err
        assert tbl("delta") not in present


async def test_within_transaction_false_runs_outside_a_transaction(
    db: DatabaseManager, tmp_path: Path
) -> None:
    folder = tmp_path / "mig"
    folder.mkdir()
    body = (
        f'async with Schema.create("{tbl("solo")}") as table:\n'
        "    table.id()\n"
        "assert DB.transaction_level() == 0"
    )
    create_file(folder, "2024_02_01_000000", "solo", body)
    path = folder / "2024_02_01_000000_create_solo_table.py"
    text = path.read_text().replace("import Migration, Schema", "import DB, Migration, Schema")
    text = text.replace("(Migration):\n", "(Migration):\n    within_transaction = False\n\n")
    path.write_text(text)
    assert await Migrate().handle(path=str(folder)) == 0
    assert tbl("solo") in await tables(db)


async def test_a_file_without_exactly_one_migration_is_an_error(
    db: DatabaseManager, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "2024_01_01_000000_nothing.py").write_text("x = 1\n")
    assert await Migrate().handle(path=str(folder)) == 1
    assert "exactly one Migration subclass" in capsys.readouterr().err


async def test_two_concurrent_runs_apply_each_migration_once(
    db: DatabaseManager, folder: Path
) -> None:
    first = Migrator(db, [folder], output=lambda _: None)
    second = Migrator(db, [folder], output=lambda _: None)
    try:
        applied = await asyncio.gather(first.run(), second.run())
    finally:
        await db.disconnect()
    assert sorted(applied[0] + applied[1]) == NAMES
    assert len(await ran(db)) == 3


async def test_production_needs_force(
    db: DatabaseManager,
    folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("APP_ENV", "production")
    assert await Migrate().handle(path=str(folder)) == 1
    assert "--force" in capsys.readouterr().err
    assert await DbWipe().handle() == 1
    assert await Migrate().handle(path=str(folder), force=True) == 0


async def test_db_show_and_wipe(
    db: DatabaseManager, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert await Migrate().handle(path=str(folder)) == 0
    capsys.readouterr()
    assert await DbShow().handle() == 0
    out = capsys.readouterr().out
    assert f"Driver      {db.connection().driver}" in out
    assert tbl("alpha") in out
    assert "password" not in out.lower()


def test_make_migration_infers_create_and_table(tmp_path: Path) -> None:
    command = MakeMigration()
    assert command.handle("create_flights_table", path=str(tmp_path)) == 0
    assert command.handle("add_votes_to_users_table", path=str(tmp_path)) == 0
    assert command.handle("custom_step", create="planes", path=str(tmp_path)) == 0
    files = {p.name.split("_", 4)[-1]: p.read_text() for p in tmp_path.glob("*.py")}
    assert 'Schema.create("flights")' in files["create_flights_table.py"]
    assert 'Schema.table("users")' in files["add_votes_to_users_table.py"]
    assert 'Schema.create("planes")' in files["custom_step.py"]
    compile(files["create_flights_table.py"], "x", "exec")


def test_make_migration_refuses_bad_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert MakeMigration().handle("Drop Users; rm -rf", path=str(tmp_path)) == 1
    assert "invalid migration name" in capsys.readouterr().err
    assert MakeMigration().handle("x", create="a b", path=str(tmp_path)) == 1


def test_commands_are_announced_by_entry_points() -> None:
    from importlib.metadata import entry_points

    names = {
        ep.name
        for ep in entry_points(group="lararust.commands")
        if ep.value.startswith("lararust_orm")
    }
    assert {"migrate", "migrate:rollback", "migrate:reset", "migrate:refresh", "migrate:fresh",
            "migrate:status", "make:migration", "db:wipe", "db:show"} <= names  # fmt: skip
    from lararust_contracts import Command

    for ep in entry_points(group="lararust.commands"):
        if ep.value.startswith("lararust_orm"):
            assert isinstance(ep.load()(), Command)
