"""Running migration files: the migrations table, batches, a run-wide lock and transactions.

Rules: files are loaded by path (the stem is the migration's name) and must define exactly one
:class:`Migration` subclass. The whole run holds a lock (``pg_advisory_lock``, ``GET_LOCK``, a
file lock beside the SQLite database) so two deploys never apply a migration twice. On
PostgreSQL and SQLite each file runs in its own transaction with its row in the migrations
table, so a failure leaves both exactly as before that file. MySQL/MariaDB commit every DDL
statement: a failure there reports the statements already applied and the one that failed.
"""

from __future__ import annotations

import asyncio
import contextlib
import importlib.util
import inspect
import sys
import zlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ._connection import Connection, QueryExecuted
from ._errors import MigrationError, QueryException
from ._manager import DatabaseManager
from ._migration import Migration
from ._schema import SchemaBuilder

_LOCK_NAME = "lararust_migrations"


@dataclass
class MigrationStatus:
    """One row of ``migrate:status``."""

    name: str
    ran: bool
    batch: int | None


def load_migration(path: Path) -> Migration:
    """Import ``path`` and return an instance of its one Migration subclass."""
    module_name = f"lararust_migration_{zlib.crc32(str(path.resolve()).encode()):08x}_{path.stem}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise MigrationError(f"cannot load migration file {path}")
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        raise MigrationError(f"migration file {path} failed to import: {exc!r}") from exc
    found = [
        obj
        for obj in vars(module).values()
        if inspect.isclass(obj)
        and issubclass(obj, Migration)
        and obj is not Migration
        and obj.__module__ == module_name
    ]
    if len(found) != 1:
        raise MigrationError(
            f"migration file {path} must define exactly one Migration subclass, found {len(found)}"
        )
    sys.modules.pop(module_name, None)
    return found[0]()


class Migrator:
    """Applies and reverts migration files on one connection."""

    def __init__(
        self,
        manager: DatabaseManager,
        paths: list[Path],
        connection: str | None = None,
        output: Callable[[str], Any] = print,
    ) -> None:
        self.manager = manager
        self.paths = paths
        self.connection_name = connection or manager.get_default_connection()
        self.table = manager.migrations_table()
        self.output = output

    @property
    def connection(self) -> Connection:
        """The connection migrations run on."""
        return self.manager.connection(self.connection_name)

    # -- files ------------------------------------------------------------------------------

    def files(self) -> dict[str, Path]:
        """Migration files by name, in name (= timestamp) order."""
        found: dict[str, Path] = {}
        for folder in self.paths:
            if folder.is_file():
                found[folder.stem] = folder
                continue
            if not folder.is_dir():
                continue
            for path in folder.glob("*.py"):
                if not path.name.startswith("_"):
                    found[path.stem] = path
        return dict(sorted(found.items()))

    # -- repository -------------------------------------------------------------------------

    async def repository_exists(self) -> bool:
        """Tell whether the migrations table exists."""
        return await SchemaBuilder(self.connection).has_table(self.table)

    async def create_repository(self) -> None:
        """Create the migrations table when missing."""
        if await self.repository_exists():
            return
        async with SchemaBuilder(self.connection).create(self.table) as table:
            table.increments("id")
            table.string("migration")
            table.integer("batch")

    async def ran(self) -> dict[str, int]:
        """Applied migrations and their batch."""
        if not await self.repository_exists():
            return {}
        rows = await self.connection.table(self.table).order_by("batch").order_by("migration").get()
        return {row["migration"]: int(row["batch"]) for row in rows}

    async def status(self) -> list[MigrationStatus]:
        """Every known migration (files and applied rows) with its state."""
        ran = await self.ran()
        names = sorted(set(self.files()) | set(ran))
        return [MigrationStatus(n, n in ran, ran.get(n)) for n in names]

    # -- lock -------------------------------------------------------------------------------

    @contextlib.asynccontextmanager
    async def lock(self) -> AsyncIterator[None]:
        """Hold the run-wide migration lock."""
        conn = self.connection
        if conn.driver == "sqlite":
            async with _file_lock(conn):
                yield
            return
        async with conn._acquire(True) as handle:
            if conn.driver == "pgsql":
                key = zlib.crc32(_LOCK_NAME.encode())
                await handle.execute("select pg_advisory_lock($1)", key)
                try:
                    yield
                finally:
                    await handle.execute("select pg_advisory_unlock($1)", key)
            else:
                async with handle.cursor() as cur:
                    await cur.execute("select get_lock(%s, %s) as l", (_LOCK_NAME, 600))
                    row = await cur.fetchone()
                if not row or row["l"] != 1:
                    raise MigrationError("another migration run holds the lock (waited 600 s)")
                try:
                    yield
                finally:
                    async with handle.cursor() as cur:
                        await cur.execute("select release_lock(%s)", (_LOCK_NAME,))

    @contextlib.asynccontextmanager
    async def _as_default(self) -> AsyncIterator[None]:
        """Make the migrated connection the default while migrations run (``--database``)."""
        config = self.manager.config
        previous = config["default"]
        config["default"] = self.connection_name
        try:
            yield
        finally:
            config["default"] = previous

    # -- operations -------------------------------------------------------------------------

    async def run(self, step: bool = False, pretend: bool = False) -> list[str]:
        """Apply pending migrations in one batch (one batch each with ``step``)."""
        async with self.lock(), self._as_default():
            await self.create_repository()
            ran = await self.ran()
            pending = [(n, p) for n, p in self.files().items() if n not in ran]
            if not pending:
                self.output("Nothing to migrate.")
                return []
            batch = max(ran.values(), default=0) + 1
            applied = []
            for name, path in pending:
                await self._apply(name, load_migration(path), "up", batch, pretend)
                applied.append(name)
                if step:
                    batch += 1
            return applied

    async def rollback(self, steps: int = 0, pretend: bool = False) -> list[str]:
        """Revert the last batch (or the last ``steps`` migrations)."""
        async with self.lock(), self._as_default():
            ran = await self.ran()
            if not ran:
                self.output("Nothing to rollback.")
                return []
            ordered = sorted(ran.items(), key=lambda kv: (kv[1], kv[0]), reverse=True)
            if steps > 0:
                targets = [n for n, _ in ordered[:steps]]
            else:
                last = max(ran.values())
                targets = [n for n, b in ordered if b == last]
            return await self._revert(targets, pretend)

    async def reset(self, pretend: bool = False) -> list[str]:
        """Revert every applied migration."""
        async with self.lock(), self._as_default():
            ran = await self.ran()
            ordered = sorted(ran.items(), key=lambda kv: (kv[1], kv[0]), reverse=True)
            if not ordered:
                self.output("Nothing to rollback.")
            return await self._revert([n for n, _ in ordered], pretend)

    async def _revert(self, names: list[str], pretend: bool) -> list[str]:
        files = self.files()
        done = []
        for name in names:
            path = files.get(name)
            if path is None:
                self.output(f"Migration not found: {name} (left in the migrations table)")
                continue
            await self._apply(name, load_migration(path), "down", 0, pretend)
            done.append(name)
        return done

    async def wipe(self, drop_views: bool = False) -> list[str]:
        """Drop every table (and views) of the connection."""
        schema = SchemaBuilder(self.connection)
        if drop_views:
            await schema.drop_all_views()
        return await schema.drop_all_tables()

    async def _apply(
        self, name: str, migration: Migration, direction: str, batch: int, pretend: bool
    ) -> None:
        conn = self.manager.connection(migration.connection or self.connection_name)
        method = migration.up if direction == "up" else migration.down
        verb = "Running" if direction == "up" else "Rolling back"
        if pretend:
            async with conn.pretend() as statements:
                await method()
            self.output(f"{name}:")
            for sql in statements:
                self.output(f"  {sql}")
            return
        self.output(f"{verb} {name}")
        atomic = conn.driver in ("pgsql", "sqlite") and migration.within_transaction
        if atomic:
            await self._atomic(conn, name, method, direction, batch)
        else:
            await self._non_atomic(conn, name, method, direction, batch)
        self.output(f"  done {name}")

    async def _record(self, name: str, direction: str, batch: int) -> None:
        table = self.connection.table(self.table)
        if direction == "up":
            await table.insert({"migration": name, "batch": batch})
        else:
            await table.where("migration", name).delete()

    async def _atomic(
        self, conn: Connection, name: str, method: Callable[[], Any], direction: str, batch: int
    ) -> None:
        sqlite = conn.driver == "sqlite"
        if sqlite:
            await conn.statement("PRAGMA foreign_keys = OFF")
        try:
            async with conn.transaction():
                try:
                    await method()
                except Exception as exc:
                    raise MigrationError(
                        f"migration {name} failed and was rolled back: {exc}"
                    ) from exc
                if sqlite:
                    problems = await conn.select("PRAGMA foreign_key_check")
                    if problems:
                        raise MigrationError(
                            f"migration {name} would break {len(problems)} foreign key(s) "
                            f"(first in table {problems[0]['table']!r}); rolled back"
                        )
                await self._record(name, direction, batch)
        finally:
            if sqlite and conn.config.get("foreign_key_constraints", True):
                await conn.statement("PRAGMA foreign_keys = ON")

    async def _non_atomic(
        self, conn: Connection, name: str, method: Callable[[], Any], direction: str, batch: int
    ) -> None:
        applied: list[str] = []

        def collect(event: QueryExecuted) -> None:
            applied.append(event.sql)

        conn._listeners.append(collect)
        try:
            await method()
        except Exception as exc:
            failed = exc.sql if isinstance(exc, QueryException) else None
            lines = "\n".join(f"    {s}" for s in applied) or "    (none)"
            note = (
                " MySQL/MariaDB commit each DDL statement, so this migration is NOT rolled back."
                if conn.driver == "mysql"
                else ""
            )
            raise MigrationError(
                f"migration {name} failed: {exc}.{note}\n  applied statements:\n{lines}\n"
                f"  failed statement:\n    {failed or '(not SQL)'}",
                applied,
                failed,
            ) from exc
        finally:
            conn._listeners.remove(collect)
        await self._record(name, direction, batch)


@contextlib.asynccontextmanager
async def _file_lock(conn: Connection) -> AsyncIterator[None]:
    """An exclusive OS lock on ``<database>.migrate-lock`` (no-op for ``:memory:``)."""
    database = str(conn.config.get("database") or ":memory:")
    if database == ":memory:" or "mode=memory" in database:
        yield
        return
    try:
        import fcntl
    except ImportError:  # Windows: no cross-process lock; single deploys only
        yield
        return
    path = Path(database).with_name(Path(database).name + ".migrate-lock")
    handle = await asyncio.to_thread(open, path, "a+")
    try:
        await asyncio.to_thread(fcntl.flock, handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
    finally:
        handle.close()
