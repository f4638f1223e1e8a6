"""Polymorphic relations: ``morph_one``, ``morph_many``, ``morph_to``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._errors import DatabaseError
from ._model_builder import ModelBuilder

if TYPE_CHECKING:
    from ._model import Model
from ._relation import Constraint, R, Relation, _fetch, _key_of, _run, morph_alias, morph_class
from ._relations_has import HasOneOrMany


class MorphOneOrMany(HasOneOrMany[R]):
    """The parent's key and type alias are stored in the related table (``imageable_*``)."""

    def __init__(
        self, parent: Model, related: type[R], type_column: str, id_column: str, local_key: str
    ) -> None:
        super().__init__(parent, related, id_column, local_key)
        self.type_column = type_column

    def base_query(self) -> ModelBuilder[R]:
        """Only rows of the parent's type."""
        column = f"{self.related.get_table()}.{self.type_column}"
        return super().base_query().where(column, morph_alias(type(self.parent)))

    def _prepare(self, model: R) -> R:
        model.set_attribute(self.type_column, morph_alias(type(self.parent)))
        return super()._prepare(model)


class MorphMany(MorphOneOrMany[R]):
    """``post.comments()`` where comments belong to many kinds of parents."""

    many = True


class MorphOne(MorphOneOrMany[R]):
    """``user.image()``: one polymorphic related model."""


class MorphTo(Relation[Any]):
    """The polymorphic parent (``image.imageable``): type alias + key on this model."""

    is_morph_to = True  # existence queries go through ModelBuilder.where_has_morph

    def __init__(self, child: Model, type_column: str, id_column: str) -> None:
        from ._model import Model

        super().__init__(child, Model)
        self.type_column = type_column
        self.id_column = id_column

    def _target(self) -> type[Any] | None:
        alias = _key_of(self.parent, self.type_column)
        return None if alias is None else morph_class(str(alias))

    def query(self) -> ModelBuilder[Any]:
        """The parent's query (needs the type column set)."""
        target = self._target()
        if target is None:
            raise DatabaseError(f"{type(self.parent).__name__}.{self.type_column} is empty")
        query: ModelBuilder[Any] = target.query()
        return query.where(target.primary_key, _key_of(self.parent, self.id_column))

    async def get_results(self) -> Any:
        """The parent model or None."""
        return None if self._target() is None else await self.query().first()

    async def eager(
        self, models: list[Model], name: str, constraint: Constraint, nested: dict[str, Any]
    ) -> None:
        """One query per parent type."""
        by_type: dict[str, list[Any]] = {}
        for model in models:
            alias = _key_of(model, self.type_column)
            if alias is not None:
                by_type.setdefault(str(alias), []).append(_key_of(model, self.id_column))
        owners: dict[tuple[str, Any], Any] = {}
        for alias, ids in by_type.items():
            cls = morph_class(alias)
            query = _run(
                cls.query().where_in(cls.primary_key, list(dict.fromkeys(ids))), constraint
            )
            for owner in await _fetch(query, nested):
                owners[(alias, _key_of(owner, cls.primary_key))] = owner
        for model in models:
            key = (str(_key_of(model, self.type_column)), _key_of(model, self.id_column))
            model.set_relation(name, owners.get(key))

    def associate(self, model: Any | None) -> Model:
        """Point at ``model`` (unsaved: call ``save()``)."""
        self.parent.set_attribute(
            self.type_column, None if model is None else morph_alias(type(model))
        )
        self.parent.set_attribute(self.id_column, None if model is None else model.get_key())
        if self.name:
            self.parent.set_relation(self.name, model)
        return self.parent
