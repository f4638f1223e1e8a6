"""``Prunable``: models that delete their own stale rows (``lararust model:prune``)."""

from __future__ import annotations

import importlib.util
import inspect
from pathlib import Path
from typing import Any

from ._errors import DatabaseError


class Prunable:
    """Mix into a model and write ``prunable()`` returning the query of rows to delete."""

    def prunable(self) -> Any:
        """The query of prunable models (``Post.where("created_at", "<", cutoff)``)."""
        raise NotImplementedError(f"{type(self).__name__}.prunable() is not written")

    async def pruning(self) -> None:
        """Called before each model is deleted (clean up files and the like)."""

    @classmethod
    async def prune_all(cls, chunk_size: int = 1000) -> int:
        """Delete every prunable model (events fire; soft-deleted ones are force deleted)."""
        model: Any = cls
        total = 0
        while True:
            batch = list(await model().prunable().limit(chunk_size).get())
            if not batch:
                return total
            for item in batch:
                await item.pruning()
                if hasattr(item, "force_delete"):
                    await item.force_delete()
                else:
                    await item.delete()
                total += 1
            if len(batch) < chunk_size:
                return total


def prunable_models(folder: Path) -> list[type[Any]]:
    """Prunable model classes defined in ``folder/*.py`` (``app/models``)."""
    found: list[type[Any]] = []
    for path in sorted(folder.glob("*.py")) if folder.is_dir() else []:
        spec = importlib.util.spec_from_file_location(f"lararust_models_{path.stem}", path)
        if spec is None or spec.loader is None:
            continue
        module = importlib.util.module_from_spec(spec)
        try:
            spec.loader.exec_module(module)
        except Exception as exc:
            raise DatabaseError(f"model file {path} failed to import: {exc!r}") from exc
        for obj in vars(module).values():
            if (
                inspect.isclass(obj)
                and issubclass(obj, Prunable)
                and obj.__module__ == module.__name__
            ):
                found.append(obj)
    return found
