"""Seeders: ``class DatabaseSeeder(Seeder): async def run(self): await self.call([...])``."""

from __future__ import annotations

import importlib.util
import inspect
import sys
from pathlib import Path
from typing import Any

from lararust_support import Str

from ._errors import DatabaseError


class Seeder:
    """Fills the database; ``run`` is async; ``call`` runs other seeders."""

    async def run(self) -> None:
        """Seed."""
        raise NotImplementedError(f"{type(self).__name__}.run() is not written")

    async def call(self, seeders: type[Seeder] | list[type[Seeder]]) -> None:
        """Run other seeders in order."""
        for seeder in seeders if isinstance(seeders, list) else [seeders]:
            print(f"Seeding {seeder.__name__}", file=sys.stdout)
            await seeder().run()


def load_seeder(folder: Path, name: str) -> type[Seeder]:
    """Load class ``name`` from ``folder/<snake name>.py``."""
    if not name.isidentifier():
        raise DatabaseError(f"invalid seeder class name {name!r}")
    path = folder / f"{Str.snake(name)}.py"
    if not path.is_file():
        raise DatabaseError(f"seeder {name} not found: expected {path}")
    spec = importlib.util.spec_from_file_location(f"lararust_seeder_{path.stem}", path)
    if spec is None or spec.loader is None:
        raise DatabaseError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        raise DatabaseError(f"seeder file {path} failed to import: {exc!r}") from exc
    found: Any = getattr(module, name, None)
    if not (inspect.isclass(found) and issubclass(found, Seeder)):
        raise DatabaseError(f"{path} does not define a Seeder subclass named {name}")
    return found
