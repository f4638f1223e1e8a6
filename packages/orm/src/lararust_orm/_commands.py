"""The database commands (``lararust migrate`` …), announced by ``lararust.commands``.

Each ``handle`` signature is its command line. Errors print one clear line and exit 1; a
production environment needs ``--force`` for anything destructive.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, ClassVar, Literal

from lararust_support import Str

from ._compat import base_path, environment
from ._errors import DatabaseError
from ._facades import DB
from ._manager import DatabaseManager
from ._migrator import Migrator
from ._schema import SchemaBuilder
from ._seeder import load_seeder

Boot = Literal["none", "config", "app"]


def _err(message: str) -> int:
    print(f"error: {message}", file=sys.stderr)
    return 1


class _DatabaseCommand:
    """Shared plumbing: the manager, the migrator, the production guard, error reporting."""

    name: ClassVar[str] = ""
    description: ClassVar[str] = ""
    boot: ClassVar[Boot] = "app"

    def manager(self) -> DatabaseManager:
        return DB.resolve()

    def migrator(self, database: str, path: str) -> Migrator:
        folder = Path(path) if path else base_path() / "database" / "migrations"
        if path and not folder.is_absolute():
            folder = base_path() / folder
        return Migrator(self.manager(), [folder], database or None)

    def confirmed(self, force: bool) -> bool:
        if environment() == "production" and not force:
            print(
                f"error: the application is in production: run `{self.name} --force` to proceed",
                file=sys.stderr,
            )
            return False
        return True

    async def guarded(
        self, force: bool, action: Callable[[], Awaitable[None]], pretend: bool = False
    ) -> int:
        """Run ``action`` once the production guard allows it (``--pretend`` writes nothing,
        so it needs no ``--force``)."""
        if not pretend and not self.confirmed(force):
            return 1

        async def done() -> int:
            await action()
            return 0

        return await self.run(done)

    async def run(self, action: Any) -> int:
        try:
            result = await action()
        except DatabaseError as exc:
            return _err(str(exc))
        finally:
            await self.manager().disconnect()
        return int(result or 0)


class Migrate(_DatabaseCommand):
    """Run the pending migrations."""

    name = "migrate"
    description = "Run the database migrations"

    async def handle(
        self,
        database: str = "",
        path: str = "",
        step: bool = False,
        pretend: bool = False,
        force: bool = False,
        seed: bool = False,
    ) -> int:
        """Apply pending migrations (``--step``: one batch each; ``--pretend``: print SQL)."""

        async def action() -> None:
            await self.migrator(database, path).run(step=step, pretend=pretend)
            if seed and not pretend:
                await run_seeder("DatabaseSeeder", database)

        return await self.guarded(force, action, pretend)


class MigrateRollback(_DatabaseCommand):
    """Revert the last batch."""

    name = "migrate:rollback"
    description = "Rollback the last database migration batch"

    async def handle(
        self,
        database: str = "",
        path: str = "",
        step: int = 0,
        pretend: bool = False,
        force: bool = False,
    ) -> int:
        """Revert the last batch, or the last ``--step N`` migrations."""

        async def action() -> None:
            await self.migrator(database, path).rollback(steps=step, pretend=pretend)

        return await self.guarded(force, action, pretend)


class MigrateReset(_DatabaseCommand):
    """Revert every migration."""

    name = "migrate:reset"
    description = "Rollback all database migrations"

    async def handle(
        self, database: str = "", path: str = "", pretend: bool = False, force: bool = False
    ) -> int:
        """Revert all applied migrations."""

        async def action() -> None:
            await self.migrator(database, path).reset(pretend=pretend)

        return await self.guarded(force, action, pretend)


class MigrateRefresh(_DatabaseCommand):
    """Reset and re-run."""

    name = "migrate:refresh"
    description = "Reset and re-run all migrations"

    async def handle(
        self,
        database: str = "",
        path: str = "",
        step: int = 0,
        force: bool = False,
        seed: bool = False,
    ) -> int:
        """Revert all (or ``--step N``) migrations, then migrate (and seed with ``--seed``)."""

        async def action() -> None:
            migrator = self.migrator(database, path)
            if step:
                await migrator.rollback(steps=step)
            else:
                await migrator.reset()
            await migrator.run()
            if seed:
                await run_seeder("DatabaseSeeder", database)

        return await self.guarded(force, action)


class MigrateFresh(_DatabaseCommand):
    """Drop everything and migrate."""

    name = "migrate:fresh"
    description = "Drop all tables and re-run all migrations"

    async def handle(
        self,
        database: str = "",
        path: str = "",
        drop_views: bool = False,
        force: bool = False,
        seed: bool = False,
    ) -> int:
        """Drop every table (and views with ``--drop-views``), then migrate (and seed)."""

        async def action() -> None:
            migrator = self.migrator(database, path)
            dropped = await migrator.wipe(drop_views)
            print(f"Dropped all tables ({len(dropped)}).")
            await migrator.run()
            if seed:
                await run_seeder("DatabaseSeeder", database)

        return await self.guarded(force, action)


class MigrateStatus(_DatabaseCommand):
    """Show which migrations ran."""

    name = "migrate:status"
    description = "Show the status of each migration"

    async def handle(self, database: str = "", path: str = "") -> int:
        """Print a table of migrations: name, batch, ran or pending."""

        async def action() -> int:
            rows = await self.migrator(database, path).status()
            if not rows:
                print("No migrations found.")
                return 0
            width = max(len(r.name) for r in rows)
            print(f"{'Migration name'.ljust(width)}  Batch / Status")
            for r in rows:
                state = f"[{r.batch}] Ran" if r.ran else "Pending"
                print(f"{r.name.ljust(width)}  {state}")
            return 0

        return await self.run(action)


_CREATE = re.compile(r"^create_(\w+?)_table$")
_CHANGE = re.compile(r"^\w+_(?:to|from|in)_(\w+?)_table$")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")

_STUB = '''"""{doc}"""

from __future__ import annotations

from lararust_orm import Migration, Schema


class {cls}(Migration):
    async def up(self) -> None:
{up}

    async def down(self) -> None:
{down}
'''


def migration_source(name: str, create: str = "", table: str = "") -> str:
    """The source of a new migration file (create/table inferred from ``name``)."""
    if not create and not table:
        if m := _CREATE.match(name):
            create = m.group(1)
        elif m := _CHANGE.match(name):
            table = m.group(1)
    cls = "".join(part.capitalize() for part in name.split("_"))
    if create:
        up = (
            f'        async with Schema.create("{create}") as table:\n'
            "            table.id()\n            table.timestamps()"
        )
        down = f'        await Schema.drop_if_exists("{create}")'
    elif table:
        up = f'        async with Schema.table("{table}") as table:\n            pass'
        down = f'        async with Schema.table("{table}") as table:\n            pass'
    else:
        up = down = "        pass"
    return _STUB.format(doc=name.replace("_", " ").capitalize() + ".", cls=cls, up=up, down=down)


class MakeMigration:
    """Create a migration file."""

    name: ClassVar[str] = "make:migration"
    description: ClassVar[str] = "Create a new migration file"
    boot: ClassVar[Boot] = "none"

    def handle(self, name: str, create: str = "", table: str = "", path: str = "") -> int:
        """Write ``database/migrations/<timestamp>_<name>.py``."""
        if not _NAME.match(name):
            return _err(f"invalid migration name {name!r}: use snake_case like create_users_table")
        for option, value in (("--create", create), ("--table", table)):
            if value and not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", value):
                return _err(f"invalid table name {value!r} for {option}")
        folder = Path(path) if path else base_path() / "database" / "migrations"
        if path and not folder.is_absolute():
            folder = base_path() / folder
        existing = [p for p in folder.glob(f"*_{name}.py")] if folder.is_dir() else []
        if existing:
            return _err(f"a migration named {name!r} already exists: {existing[0]}")
        folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y_%m_%d_%H%M%S")
        target = folder / f"{stamp}_{name}.py"
        target.write_text(migration_source(name, create, table), encoding="utf-8")
        print(f"Created migration {target}")
        return 0


class DbWipe(_DatabaseCommand):
    """Drop every table."""

    name = "db:wipe"
    description = "Drop all tables, views and types"

    async def handle(
        self, database: str = "", drop_views: bool = False, force: bool = False
    ) -> int:
        """Drop every table of the connection."""

        async def action() -> None:
            dropped = await self.migrator(database, "").wipe(drop_views)
            print(f"Dropped all tables ({len(dropped)}).")

        return await self.guarded(force, action)


class DbShow(_DatabaseCommand):
    """Describe the database."""

    name = "db:show"
    description = "Display information about the given database"

    async def handle(self, database: str = "") -> int:
        """Print the driver, server, database and its tables with row counts."""

        async def action() -> int:
            conn = self.manager().connection(database or None)
            if conn.driver == "sqlite":
                version = await conn.scalar("select sqlite_version()")
            else:
                version = await conn.scalar("select version()")
            schema = SchemaBuilder(conn)
            tables = await schema.get_tables()
            print(f"Connection  {conn.name}")
            print(f"Driver      {conn.driver}")
            print(f"Database    {conn.describe()}")
            print(f"Version     {version}")
            print(f"Tables      {len(tables)}")
            for table in tables:
                count = await conn.table(table).count()
                print(f"  {table}  {count} rows")
            return 0

        return await self.run(action)


async def run_seeder(name: str, database: str = "") -> None:
    """Run seeder class ``name`` from ``database/seeders`` (on ``database`` as the default)."""
    manager = DB.resolve()
    config = manager.config
    previous = config["default"]
    if database:
        manager.connection(database)  # fail early on an unknown name
        config["default"] = database
    try:
        seeder = load_seeder(base_path() / "database" / "seeders", name)
        print(f"Seeding {name}")
        await seeder().run()
    finally:
        config["default"] = previous


class DbSeed(_DatabaseCommand):
    """Seed the database."""

    name = "db:seed"
    description = "Seed the database with records"

    async def handle(
        self, class_: str = "DatabaseSeeder", database: str = "", force: bool = False
    ) -> int:
        """Run ``database/seeders/database_seeder.py`` (or ``--class Name``)."""
        if not self.confirmed(force):
            return 1

        async def action() -> int:
            await run_seeder(class_, database)
            return 0

        return await self.run(action)


_SEEDER_STUB = '''"""{name}."""

from __future__ import annotations

from lararust_orm import Seeder


class {name}(Seeder):
    async def run(self) -> None:
        pass
'''

_FACTORY_STUB = '''"""The factory of {model}."""

from __future__ import annotations

from typing import Any

from lararust_orm import Factory

from app.models.{module} import {model}


class {model}Factory(Factory[{model}]):
    model = {model}

    def definition(self) -> dict[str, Any]:
        return {{
            "name": self.faker.name(),
        }}
'''


def _write(kind: str, folder: Path, filename: str, source: str) -> int:
    target = folder / filename
    if target.exists():
        return _err(f"{kind} already exists: {target}")
    folder.mkdir(parents=True, exist_ok=True)
    target.write_text(source, encoding="utf-8")
    print(f"Created {kind} {target}")
    return 0


class MakeSeeder:
    """Create a seeder class."""

    name: ClassVar[str] = "make:seeder"
    description: ClassVar[str] = "Create a new seeder class"
    boot: ClassVar[Boot] = "none"

    def handle(self, name: str, path: str = "") -> int:
        """Write ``database/seeders/<snake name>.py``."""
        if not name.isidentifier() or not name[0].isupper():
            return _err(f"invalid seeder name {name!r}: use StudlyCase like UserSeeder")
        folder = Path(path) if path else base_path() / "database" / "seeders"
        return _write("seeder", folder, f"{Str.snake(name)}.py", _SEEDER_STUB.format(name=name))


class MakeFactory:
    """Create a model factory."""

    name: ClassVar[str] = "make:factory"
    description: ClassVar[str] = "Create a new model factory"
    boot: ClassVar[Boot] = "none"

    def handle(self, name: str, model: str = "", path: str = "") -> int:
        """Write ``database/factories/<model>_factory.py`` (``name`` like UserFactory)."""
        model = model or name.removesuffix("Factory")
        if not model.isidentifier() or not model[0].isupper():
            return _err(f"invalid model name {model!r}: use StudlyCase like User")
        folder = Path(path) if path else base_path() / "database" / "factories"
        source = _FACTORY_STUB.format(model=model, module=Str.snake(model))
        return _write("factory", folder, f"{Str.snake(model)}_factory.py", source)


_MODEL_STUB = '''"""The {name} model."""

from __future__ import annotations

from lararust_orm import Model


class {name}(Model):
    fillable: list[str] = []

    id: int
'''


class MakeModel:
    """Create a model (with its migration, factory, seeder and controller on request)."""

    name: ClassVar[str] = "make:model"
    description: ClassVar[str] = "Create a new model class"
    boot: ClassVar[Boot] = "none"

    def handle(
        self,
        name: str,
        migration: bool = False,
        factory: bool = False,
        seed: bool = False,
        controller: bool = False,
        all: bool = False,
    ) -> int:
        """Write ``app/models/<snake name>.py`` (``--all``: migration, factory, seeder, controller).

        Args:
            name: The model's class name (``Post``).
            migration: Also create ``create_<table>_table``.
            factory: Also create ``database/factories/<model>_factory.py``.
            seed: Also create ``database/seeders/<model>_seeder.py``.
            controller: Also create a resource controller (``make:controller``).
            all: All of the above.
        """
        if not name.isidentifier() or not name[0].isupper():
            return _err(f"invalid model name {name!r}: use StudlyCase like Post")
        root = base_path()
        source = _MODEL_STUB.format(name=name)
        code = _write("model", root / "app" / "models", f"{Str.snake(name)}.py", source)
        if code:
            return code
        table = Str.snake(Str.plural_studly(name))
        if migration or all:
            code = code or MakeMigration().handle(f"create_{table}_table")
        if factory or all:
            code = code or MakeFactory().handle(f"{name}Factory")
        if seed or all:
            code = code or MakeSeeder().handle(f"{name}Seeder")
        if controller or all:
            code = code or _make_controller(f"{name}Controller")
        return code


def _make_controller(name: str) -> int:
    """Run the cli's ``make:controller`` through its entry point (no import of cli)."""
    from importlib.metadata import entry_points

    from lararust_contracts import LaraRustError

    found = [ep for ep in entry_points(group="lararust.commands") if ep.name == "make:controller"]
    if not found:
        return _err("make:controller is not installed (it comes with lararust-cli)")
    command = found[0].load()
    instance = command() if isinstance(command, type) else command
    try:
        return int(instance.handle(name, resource=True) or 0)
    except LaraRustError as exc:  # the cli's own errors (e.g. not inside an app): a message
        return _err(f"make:controller {name}: {exc}")


class ModelPrune(_DatabaseCommand):
    """Delete prunable models."""

    name = "model:prune"
    description = "Prune models that are no longer needed"

    async def handle(self, model: str = "", path: str = "", chunk: int = 1000) -> int:
        """Run ``prune_all`` on every ``Prunable`` model of ``app/models`` (or ``--model Name``).

        Args:
            model: Only this model class.
            path: The models folder (default ``app/models``).
            chunk: Models loaded per batch.
        """
        from ._prunable import prunable_models

        async def action() -> int:
            folder = Path(path) if path else base_path() / "app" / "models"
            models = [m for m in prunable_models(folder) if not model or m.__name__ == model]
            if model and not models:
                return _err(f"no Prunable model named {model!r} in {folder}")
            for cls in models:
                count = await cls.prune_all(chunk)
                print(f"{count} [{cls.__name__}] records have been pruned.")
            if not models:
                print("No prunable models found.")
            return 0

        return await self.run(action)
