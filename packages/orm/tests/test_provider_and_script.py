"""The service provider inside an application, and the ORM in a plain script."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from lararust_core import Application
from lararust_orm import DB, DatabaseManager, DatabaseServiceProvider, Schema
from lararust_support import set_facade_resolver

SCRIPT = """
import asyncio
from lararust_orm import DB, Schema

async def main():
    DB.configure("sqlite:///script.db")
    async with Schema.create("todos") as table:
        table.id()
        table.string("title")
        table.boolean("done").default(False)
    rows = [{"title": "write", "done": False}, {"title": "ship", "done": True}]
    await DB.table("todos").insert(rows)
    print(await DB.table("todos").where("done", False).value("title"))
    print(await DB.table("todos").count())

asyncio.run(main())
"""


@pytest.mark.smoke
def test_a_plain_script_needs_one_configure_line(tmp_path: Path) -> None:
    (tmp_path / "script.py").write_text(textwrap.dedent(SCRIPT), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "script.py"], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["write", "2"]
    assert (tmp_path / "script.db").exists()


def sqlite_app(root: Path) -> Application:
    """An application at ``root`` whose ``config/database.py`` names one SQLite database."""
    (root / "config").mkdir()
    (root / "config" / "database.py").write_text(
        'config = {"default": "main", "connections": {"main": '
        f'{{"driver": "sqlite", "database": "{root / "app.sqlite"}"}}}}}}\n',
        encoding="utf-8",
    )
    (root / "config" / "app.py").write_text('config = {"dont_discover": ["*"]}\n')
    return Application.configure(base_path=root).with_providers([DatabaseServiceProvider]).create()


@pytest.mark.smoke
async def test_provider_binds_db_from_the_database_config(tmp_path: Path) -> None:
    app = sqlite_app(tmp_path)
    try:
        await app.boot()
        manager = app.make("db")
        assert isinstance(manager, DatabaseManager)
        assert app.make(DatabaseManager) is manager
        assert manager.get_default_connection() == "main"
        assert DB.resolve() is manager
        async with Schema.create("things") as table:
            table.id()
        assert await manager.connection().get_schema_builder().has_table("things")
    finally:
        await app.shutdown()
        set_facade_resolver(None)
        DB.clear()
        Schema.clear()


def test_encrypted_cast_uses_the_application_encrypter(tmp_path: Path) -> None:
    from lararust_core import generate_key
    from lararust_orm import Model

    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "app.py").write_text(
        f'config = {{"key": "{generate_key()}", "dont_discover": ["*"]}}\n'
    )
    app = Application.configure(base_path=tmp_path).create()
    try:

        class Vault(Model):
            table = "vaults"
            timestamps = False
            casts = {"secret": "encrypted"}
            secret: str

        vault = Vault()
        vault.secret = "swordfish"
        stored = vault.get_dirty()["secret"]
        assert "swordfish" not in stored
        assert Vault.hydrate([{"secret": stored}])[0].secret == "swordfish"
    finally:
        set_facade_resolver(None)
        del app


async def test_statements_reach_the_applications_event_dispatcher(tmp_path: Path) -> None:
    from lararust_orm import QueryExecuted

    app = sqlite_app(tmp_path)
    seen: list[QueryExecuted] = []
    try:
        await app.boot()
        manager = app.make("db")
        await manager.select("select 1")  # nobody listens yet: nothing dispatched
        app.make("events").listen(QueryExecuted, seen.append)
        await manager.select("select ? as answer", [42])
        assert [(e.sql, e.bindings, e.connection) for e in seen] == [
            ("select ? as answer", [42], "main")
        ]
        assert seen[0].time_ms >= 0
    finally:
        await app.shutdown()
        set_facade_resolver(None)
        DB.clear()
        Schema.clear()
