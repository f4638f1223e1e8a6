"""``SoftDeletes``: deleting sets ``deleted_at``; queries hide trashed rows."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from ._model_builder import ModelBuilder

SCOPE = "soft_deletes"


class SoftDeletes:
    """Mix into a model before ``Model``: ``class Post(SoftDeletes, Model)``."""

    DELETED_AT: ClassVar[str] = "deleted_at"

    @classmethod
    def boot_trait(cls) -> None:
        """Hide trashed rows from every query."""
        column = f"{cls.get_table()}.{cls.DELETED_AT}"  # type: ignore[attr-defined]
        cls.add_global_scope(SCOPE, lambda query: query.where_null(column))  # type: ignore[attr-defined]

    @classmethod
    def with_trashed(cls) -> ModelBuilder[Any]:
        """A query including trashed rows."""
        return cls.query().without_global_scope(SCOPE)  # type: ignore[attr-defined,no-any-return]

    @classmethod
    def only_trashed(cls) -> ModelBuilder[Any]:
        """A query of trashed rows only."""
        return cls.with_trashed().where_not_null(f"{cls.get_table()}.{cls.DELETED_AT}")  # type: ignore[attr-defined]

    def trashed(self) -> bool:
        """Whether this model is soft deleted."""
        return self.get_attribute(self.DELETED_AT) is not None  # type: ignore[attr-defined]

    async def _perform_delete(self) -> None:
        model: Any = self
        if model.__dict__.get("_force_deleting"):
            await type(model).new_model_query().where(model.primary_key, model.get_key()).delete()
            model.__dict__["exists"] = False
            return
        now = datetime.now(UTC)
        values = {self.DELETED_AT: now}
        if model.timestamps:
            values[model.UPDATED_AT] = now
        await type(model).new_model_query().where(model.primary_key, model.get_key()).update(values)
        for key, value in values.items():
            model.set_attribute(key, value)
        model._sync(model.get_dirty())

    async def restore(self) -> bool:
        """Undelete; False when a ``restoring`` listener cancelled it."""
        model: Any = self
        if not await model.fire_event("restoring", halt=True):
            return False
        model.set_attribute(self.DELETED_AT, None)
        model.__dict__["exists"] = True
        await model.save()
        await model.fire_event("restored")
        return True

    async def force_delete(self) -> bool:
        """Really delete the row."""
        model: Any = self
        if not await model.fire_event("force_deleting", halt=True):
            return False
        model.__dict__["_force_deleting"] = True
        try:
            deleted = await model.delete()
        finally:
            model.__dict__.pop("_force_deleting", None)
        if deleted:
            await model.fire_event("force_deleted")
        return bool(deleted)
