"""``has_one``/``has_many`` and the ``*_through`` relations."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from ._model_builder import ModelBuilder

if TYPE_CHECKING:
    from ._model import Model
from ._relation import (
    Constraint,
    R,
    Relation,
    _fetch,
    _group,
    _key_of,
    _match,
    _parent_keys,
    _run,
)


class HasOneOrMany(Relation[R]):
    """The parent's key is stored in the related table (``posts.user_id``)."""

    def __init__(self, parent: Model, related: type[R], foreign_key: str, local_key: str) -> None:
        super().__init__(parent, related)
        self.foreign_key = foreign_key
        self.local_key = local_key

    def query(self) -> ModelBuilder[R]:
        """``where posts.user_id = <user.id>``."""
        column = f"{self.related.get_table()}.{self.foreign_key}"
        return self.base_query().where(column, self.parent.get_attribute(self.local_key))

    async def eager(
        self, models: list[Model], name: str, constraint: Constraint, nested: dict[str, Any]
    ) -> None:
        """One ``where fk in (…)`` query for every parent."""
        found: dict[Any, list[Any]] = {}
        if keys := _parent_keys(models, self.local_key):
            column = f"{self.related.get_table()}.{self.foreign_key}"
            query = _run(self.base_query().where_in(column, keys), constraint)
            found = _group(await _fetch(query, nested), self.foreign_key)
        _match(models, name, self.local_key, found, self.many)

    def existence_query(self) -> ModelBuilder[R]:
        """``posts.user_id = users.id``."""
        parent_table = type(self.parent).get_table()
        return self.base_query().where_column(
            f"{self.related.get_table()}.{self.foreign_key}", f"{parent_table}.{self.local_key}"
        )

    def _prepare(self, model: R) -> R:
        model.set_attribute(self.foreign_key, self.parent.get_attribute(self.local_key))
        return model

    async def create(self, attributes: Mapping[str, Any] | None = None, **values: Any) -> R:
        """Create a related model with the foreign key set."""
        model = self._prepare(self.related(dict(attributes or {}) | values))
        await model.save()
        return model

    async def save(self, model: R) -> R:
        """Set the foreign key on ``model`` and save it."""
        await self._prepare(model).save()
        return model

    async def save_many(self, models: Iterable[R]) -> list[R]:
        """Save several related models."""
        return [await self.save(m) for m in models]

    async def create_many(self, records: Iterable[Mapping[str, Any]]) -> list[R]:
        """Create several related models."""
        return [await self.create(r) for r in records]


class HasMany(HasOneOrMany[R]):
    """``user.posts()``: many related models."""

    many = True


class HasOne(HasOneOrMany[R]):
    """``user.profile()``: one related model."""


class HasManyThrough(Relation[R]):
    """Related models reached through an intermediate model (``country.posts`` via users)."""

    many = True

    def __init__(
        self,
        parent: Model,
        related: type[R],
        through: type[Any],
        first_key: str,
        second_key: str,
        local_key: str,
        second_local_key: str,
    ) -> None:
        super().__init__(parent, related)
        self.through = through
        self.first_key = first_key
        self.second_key = second_key
        self.local_key = local_key
        self.second_local_key = second_local_key

    def _joined(self) -> ModelBuilder[R]:
        related, through = self.related.get_table(), self.through.get_table()
        query = self.base_query().join(
            through, f"{through}.{self.second_local_key}", "=", f"{related}.{self.second_key}"
        )
        return query.select(f"{related}.*", f"{through}.{self.first_key} as laravel_through_key")

    def query(self) -> ModelBuilder[R]:
        """Related rows joined to the intermediate table, for this parent."""
        column = f"{self.through.get_table()}.{self.first_key}"
        return self._joined().where(column, _key_of(self.parent, self.local_key))

    def existence_query(self) -> ModelBuilder[R]:
        """Correlated with the parent's table."""
        parent_table = type(self.parent).get_table()
        return self._joined().where_column(
            f"{self.through.get_table()}.{self.first_key}", f"{parent_table}.{self.local_key}"
        )

    async def eager(
        self, models: list[Model], name: str, constraint: Constraint, nested: dict[str, Any]
    ) -> None:
        """One joined query for every parent."""
        found: dict[Any, list[Any]] = {}
        if keys := _parent_keys(models, self.local_key):
            column = f"{self.through.get_table()}.{self.first_key}"
            query = _run(self._joined().where_in(column, keys), constraint)
            found = _group(await _fetch(query, nested), "laravel_through_key")
        _match(models, name, self.local_key, found, self.many)


class HasOneThrough(HasManyThrough[R]):
    """One related model reached through an intermediate model."""

    many = False
