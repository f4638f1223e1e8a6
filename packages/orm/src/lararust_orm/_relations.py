"""Relationships: ``has_one``, ``has_many``, ``belongs_to``, ``belongs_to_many``.

Rules: relations are declared as methods returning a relation (``def posts(self) ->
HasMany[Post]: return self.has_many(Post)``); the model class turns each into a descriptor, so
``user.posts()`` is the relation (query it, ``create``, ``attach``…) and ``user.posts`` is the
loaded value — a ``ModelCollection`` for to-many relations, a handle for to-one relations
(falsy when empty, reading through to the model, ``.value`` for the model itself). Reading a
relation that was not loaded never runs a query: it raises :class:`LazyLoadingError` naming
the model, the relation and how to load it (the N+1 guard). Eager loading runs one query per
relation for the whole result set (``User.with_("posts.comments")``, ``await users.load(...)``).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from lararust_support import Str

from ._errors import DatabaseError
from ._model_builder import ModelBuilder, ModelCollection

if TYPE_CHECKING:
    from ._model import Model

R = TypeVar("R", bound="Model")
Constraint = Callable[[Any], Any] | None
RELATION_TYPES = frozenset(
    {"HasOne", "HasMany", "BelongsTo", "BelongsToMany", "HasOneThrough", "HasManyThrough",
     "MorphOne", "MorphMany", "MorphTo"}
)  # fmt: skip
_MORPH_MAP: dict[str, type[Any]] = {}


def morph_map(mapping: Mapping[str, type[Any]] | None = None) -> dict[str, type[Any]]:
    """Register (and return) the morph map: the alias stored in ``*_type`` for each model."""
    if mapping:
        _MORPH_MAP.update(mapping)
    return dict(_MORPH_MAP)


def morph_alias(model: type[Any]) -> str:
    """The ``*_type`` value of ``model``: its morph map alias, else its table name."""
    for alias, cls in _MORPH_MAP.items():
        if cls is model:
            return alias
    return str(model.get_table())


def morph_class(alias: str) -> type[Any]:
    """The model class a ``*_type`` value stands for."""
    if alias in _MORPH_MAP:
        return _MORPH_MAP[alias]
    from ._model import Model

    found: list[type[Any]] = []
    pending = list(Model.__subclasses__())
    while pending:
        cls = pending.pop()
        if cls.get_table() == alias:
            found.append(cls)
        pending.extend(cls.__subclasses__())
    if len(found) == 1:
        return found[0]
    if found:
        names = ", ".join(sorted(c.__name__ for c in found))
        raise DatabaseError(
            f"morph type {alias!r} is ambiguous ({names} use that table): register one "
            "with morph_map({alias: Model})"
        )
    raise DatabaseError(f"no model for morph type {alias!r}: register it with morph_map()")


class LazyLoadingError(DatabaseError):
    """A relation was read before it was loaded (it would have run a query per model)."""


def _key_of(model: Any, key: str) -> Any:
    """A key column's stored value (no cast: keys compare as the driver returns them)."""
    d = model.__dict__
    changes = d.get("_changes")
    if changes and key in changes:
        return changes[key]
    try:
        return d["_original"][key]
    except KeyError:
        return model.get_attribute(key)


def _snake(model: type[Any]) -> str:
    return Str.snake(model.__name__)


class Relation(Generic[R]):
    """A relation of one parent model; builder methods are forwarded to its query."""

    many: ClassVar[bool] = False

    def __init__(self, parent: Model, related: type[R]) -> None:
        self.parent = parent
        self.related = related
        self.name = ""

    def base_query(self) -> ModelBuilder[R]:
        """The related model's query (global scopes applied)."""
        return self.related.query()

    def query(self) -> ModelBuilder[R]:
        """The related query constrained to this parent."""
        raise NotImplementedError

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.query(), name)

    async def get_results(self) -> Any:
        """The related model(s): a collection, or one model / None."""
        return await (self.query().get() if self.many else self.query().first())

    async def eager(
        self, models: list[Model], name: str, constraint: Constraint, nested: dict[str, Any]
    ) -> None:
        """Load this relation for every model of ``models`` in one query."""
        raise NotImplementedError

    def existence_query(self) -> ModelBuilder[R]:
        """The related query correlated with the parent's table (for ``where_has``)."""
        raise NotImplementedError


def _run(query: ModelBuilder[Any], constraint: Constraint) -> ModelBuilder[Any]:
    if constraint is not None:
        result = constraint(query)
        if isinstance(result, ModelBuilder):
            return result
    return query


async def _fetch(query: ModelBuilder[Any], nested: dict[str, Any]) -> list[Any]:
    results = list(await query.get())
    if results and nested:
        await load_relations(results, nested)
    return results


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
        keys = list(dict.fromkeys(_key_of(m, self.local_key) for m in models))
        keys = [k for k in keys if k is not None]
        found: dict[Any, list[Any]] = {}
        if keys:
            column = f"{self.related.get_table()}.{self.foreign_key}"
            for child in await _fetch(
                _run(self.base_query().where_in(column, keys), constraint), nested
            ):
                found.setdefault(_key_of(child, self.foreign_key), []).append(child)
        for model in models:
            children = found.get(_key_of(model, self.local_key), [])
            value = ModelCollection(children) if self.many else (children[0] if children else None)
            model.set_relation(name, value)

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


class BelongsTo(Relation[R]):
    """The related model's key is stored on the parent (``posts.user_id`` -> ``users.id``)."""

    def __init__(self, child: Model, related: type[R], foreign_key: str, owner_key: str) -> None:
        super().__init__(child, related)
        self.foreign_key = foreign_key
        self.owner_key = owner_key

    def query(self) -> ModelBuilder[R]:
        """``where users.id = <post.user_id>``."""
        column = f"{self.related.get_table()}.{self.owner_key}"
        return self.base_query().where(column, self.parent.get_attribute(self.foreign_key))

    async def eager(
        self, models: list[Model], name: str, constraint: Constraint, nested: dict[str, Any]
    ) -> None:
        """One ``where id in (…)`` query for every child."""
        keys = list(dict.fromkeys(_key_of(m, self.foreign_key) for m in models))
        keys = [k for k in keys if k is not None]
        owners: dict[Any, Any] = {}
        if keys:
            column = f"{self.related.get_table()}.{self.owner_key}"
            for owner in await _fetch(
                _run(self.base_query().where_in(column, keys), constraint), nested
            ):
                owners[_key_of(owner, self.owner_key)] = owner
        for model in models:
            model.set_relation(name, owners.get(_key_of(model, self.foreign_key)))

    def existence_query(self) -> ModelBuilder[R]:
        """``users.id = posts.user_id``."""
        child_table = type(self.parent).get_table()
        return self.base_query().where_column(
            f"{self.related.get_table()}.{self.owner_key}", f"{child_table}.{self.foreign_key}"
        )

    def associate(self, model: R | None) -> Model:
        """Point the child at ``model`` (unsaved: call ``save()``)."""
        key = None if model is None else model.get_attribute(self.owner_key)
        self.parent.set_attribute(self.foreign_key, key)
        if self.name:
            self.parent.set_relation(self.name, model)
        return self.parent

    def dissociate(self) -> Model:
        """Clear the foreign key (unsaved: call ``save()``)."""
        return self.associate(None)


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
        keys = [
            k for k in dict.fromkeys(_key_of(m, self.local_key) for m in models) if k is not None
        ]
        found: dict[Any, list[Any]] = {}
        if keys:
            column = f"{self.through.get_table()}.{self.first_key}"
            query = _run(self._joined().where_in(column, keys), constraint)
            for related in await _fetch(query, nested):
                found.setdefault(_key_of(related, "laravel_through_key"), []).append(related)
        for model in models:
            children = found.get(_key_of(model, self.local_key), [])
            value = ModelCollection(children) if self.many else (children[0] if children else None)
            model.set_relation(name, value)


class HasOneThrough(HasManyThrough[R]):
    """One related model reached through an intermediate model."""

    many = False


class Pivot:
    """The pivot row of a ``belongs_to_many`` result (``role.pivot.level``)."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.__dict__.update(values)

    def __getitem__(self, key: str) -> Any:
        return self.__dict__[key]

    def to_dict(self) -> dict[str, Any]:
        """The pivot columns."""
        return dict(self.__dict__)


class BelongsToMany(Relation[R]):
    """Many-to-many through a pivot table (``role_user``)."""

    many = True

    def __init__(
        self,
        parent: Model,
        related: type[R],
        table: str,
        foreign_pivot_key: str,
        related_pivot_key: str,
        parent_key: str,
        related_key: str,
    ) -> None:
        super().__init__(parent, related)
        self.table = table
        self.foreign_pivot_key = foreign_pivot_key
        self.related_pivot_key = related_pivot_key
        self.parent_key = parent_key
        self.related_key = related_key
        self.pivot_columns: list[str] = []
        self.pivot_timestamps = False

    def with_pivot(self, *columns: str) -> BelongsToMany[R]:
        """Also read these pivot columns (``model.pivot.<column>``)."""
        self.pivot_columns.extend(columns)
        return self

    def with_timestamps(self) -> BelongsToMany[R]:
        """Maintain ``created_at``/``updated_at`` on the pivot table."""
        self.pivot_timestamps = True
        self.pivot_columns.extend(["created_at", "updated_at"])
        return self

    def _joined(self) -> ModelBuilder[R]:
        related_table = self.related.get_table()
        query = self.base_query().join(
            self.table,
            f"{related_table}.{self.related_key}",
            "=",
            f"{self.table}.{self.related_pivot_key}",
        )
        columns = [self.foreign_pivot_key, self.related_pivot_key, *self.pivot_columns]
        query.select(f"{related_table}.*", *(f"{self.table}.{c} as pivot_{c}" for c in columns))
        pivot_keys = columns

        def attach_pivots(models: list[Any]) -> None:
            for model in models:
                values = {c: model.__dict__["_original"][f"pivot_{c}"] for c in pivot_keys}
                model.__dict__["pivot"] = Pivot(values)

        query.after_hydrate(attach_pivots)
        return query

    def query(self) -> ModelBuilder[R]:
        """Related models joined through the pivot, for this parent."""
        parent_id = self.parent.get_attribute(self.parent_key)
        return self._joined().where(f"{self.table}.{self.foreign_pivot_key}", parent_id)

    async def eager(
        self, models: list[Model], name: str, constraint: Constraint, nested: dict[str, Any]
    ) -> None:
        """One joined query for every parent."""
        keys = [
            k for k in dict.fromkeys(_key_of(m, self.parent_key) for m in models) if k is not None
        ]
        found: dict[Any, list[Any]] = {}
        if keys:
            query = self._joined().where_in(f"{self.table}.{self.foreign_pivot_key}", keys)
            for related in await _fetch(_run(query, constraint), nested):
                found.setdefault(related.pivot.__dict__[self.foreign_pivot_key], []).append(related)
        for model in models:
            model.set_relation(
                name, ModelCollection(found.get(_key_of(model, self.parent_key), []))
            )

    def existence_query(self) -> ModelBuilder[R]:
        """Related rows joined through the pivot to the parent's table."""
        related_table = self.related.get_table()
        parent_table = type(self.parent).get_table()
        return (
            self.base_query()
            .join(self.table, f"{related_table}.{self.related_key}", "=",
                  f"{self.table}.{self.related_pivot_key}")
            .where_column(f"{self.table}.{self.foreign_pivot_key}",
                          f"{parent_table}.{self.parent_key}")
        )  # fmt: skip

    def _pivot_query(self) -> Any:
        return (
            self.parent.get_connection()
            .table(self.table)
            .where(self.foreign_pivot_key, self.parent.get_attribute(self.parent_key))
        )

    def _ids(self, ids: Any) -> dict[Any, dict[str, Any]]:
        if isinstance(ids, Mapping):
            return {_key(k, self.related_key): dict(v or {}) for k, v in ids.items()}
        if not isinstance(ids, list | tuple | set | ModelCollection):
            ids = [ids]
        return {_key(i, self.related_key): {} for i in ids}

    async def attach(self, ids: Any, attributes: Mapping[str, Any] | None = None) -> None:
        """Insert pivot rows for ``ids`` (keys, models, or ``{id: {pivot columns}}``)."""
        rows = []
        now = datetime.now(UTC)
        parent_id = self.parent.get_attribute(self.parent_key)
        for key, extra in self._ids(ids).items():
            row = {self.foreign_pivot_key: parent_id, self.related_pivot_key: key}
            row |= dict(attributes or {}) | extra
            if self.pivot_timestamps:
                row |= {"created_at": now, "updated_at": now}
            rows.append(row)
        groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
        for row in rows:  # one INSERT per column set: rows may carry different pivot columns
            groups.setdefault(tuple(sorted(row)), []).append(row)
        for group in groups.values():
            await self.parent.get_connection().table(self.table).insert(group)

    async def detach(self, ids: Any = None) -> int:
        """Delete pivot rows (all of this parent's when ``ids`` is None); return how many."""
        query = self._pivot_query()
        if ids is not None:
            query.where_in(self.related_pivot_key, list(self._ids(ids)))
        return int(await query.delete())

    async def update_existing_pivot(self, id: Any, attributes: Mapping[str, Any]) -> int:
        """Update pivot columns of one related row."""
        values = dict(attributes)
        if self.pivot_timestamps:
            values["updated_at"] = datetime.now(UTC)
        query = self._pivot_query().where(self.related_pivot_key, _key(id, self.related_key))
        return int(await query.update(values))

    async def _current(self) -> list[Any]:
        return list(await self._pivot_query().pluck(self.related_pivot_key))

    async def sync(self, ids: Any, detaching: bool = True) -> dict[str, list[Any]]:
        """Make the pivot hold exactly ``ids``; return what was attached/detached/updated."""
        wanted = self._ids(ids)
        current = await self._current()
        detached = [k for k in current if k not in wanted] if detaching else []
        if detached:
            await self.detach(detached)
        attached, updated = [], []
        for key, extra in wanted.items():
            if key not in current:
                await self.attach({key: extra})
                attached.append(key)
            elif extra and await self.update_existing_pivot(key, extra):
                updated.append(key)
        return {"attached": attached, "detached": detached, "updated": updated}

    async def toggle(self, ids: Any) -> dict[str, list[Any]]:
        """Attach the missing ``ids``, detach the present ones."""
        wanted = self._ids(ids)
        current = await self._current()
        detached = [k for k in wanted if k in current]
        attached = [k for k in wanted if k not in current]
        if detached:
            await self.detach(detached)
        for key in attached:
            await self.attach({key: wanted[key]})
        return {"attached": attached, "detached": detached}


def _key(value: Any, key: str) -> Any:
    return value.get_attribute(key) if hasattr(value, "get_attribute") else value


# -- declaring relations on models ----------------------------------------------------------


class RelationsMixin:
    """The ``has_many``/``belongs_to``… factories models call in relation methods."""

    def has_many(
        self, related: type[R], foreign_key: str | None = None, local_key: str | None = None
    ) -> HasMany[R]:
        """Many related models holding this model's key."""
        me: Any = self
        fk = foreign_key or f"{_snake(type(self))}_{me.primary_key}"
        return HasMany(me, related, fk, local_key or me.primary_key)

    def has_one(
        self, related: type[R], foreign_key: str | None = None, local_key: str | None = None
    ) -> HasOne[R]:
        """One related model holding this model's key."""
        me: Any = self
        fk = foreign_key or f"{_snake(type(self))}_{me.primary_key}"
        return HasOne(me, related, fk, local_key or me.primary_key)

    def belongs_to(
        self, related: type[R], foreign_key: str | None = None, owner_key: str | None = None
    ) -> BelongsTo[R]:
        """The model whose key this model holds (foreign key from the method name)."""
        relation_name = sys._getframe(1).f_code.co_name
        fk = foreign_key or f"{Str.snake(relation_name)}_{related.primary_key}"
        relation = BelongsTo(self, related, fk, owner_key or related.primary_key)  # type: ignore[arg-type]
        relation.name = relation_name
        return relation

    def morph_many(
        self,
        related: type[R],
        name: str,
        type: str | None = None,
        id: str | None = None,
        local_key: str | None = None,
    ) -> MorphMany[R]:
        """Polymorphic has-many: ``self.morph_many(Comment, "commentable")``."""
        me: Any = self
        return MorphMany(me, related, type or f"{name}_type", id or f"{name}_id",
                         local_key or me.primary_key)  # fmt: skip

    def morph_one(
        self,
        related: type[R],
        name: str,
        type: str | None = None,
        id: str | None = None,
        local_key: str | None = None,
    ) -> MorphOne[R]:
        """Polymorphic has-one."""
        me: Any = self
        return MorphOne(me, related, type or f"{name}_type", id or f"{name}_id",
                        local_key or me.primary_key)  # fmt: skip

    def morph_to(
        self, name: str | None = None, type: str | None = None, id: str | None = None
    ) -> MorphTo:
        """The polymorphic parent (columns ``<method name>_type`` / ``_id``)."""
        relation_name = name or sys._getframe(1).f_code.co_name
        me: Any = self
        relation = MorphTo(me, type or f"{relation_name}_type", id or f"{relation_name}_id")
        relation.name = relation_name
        return relation

    def has_many_through(
        self,
        related: type[R],
        through: type[Any],
        first_key: str | None = None,
        second_key: str | None = None,
        local_key: str | None = None,
        second_local_key: str | None = None,
    ) -> HasManyThrough[R]:
        """Related models through an intermediate one (``Country`` -> ``User`` -> ``Post``)."""
        me: Any = self
        return HasManyThrough(
            me, related, through,
            first_key or f"{_snake(type(self))}_{me.primary_key}",
            second_key or f"{_snake(through)}_{through.primary_key}",
            local_key or me.primary_key,
            second_local_key or through.primary_key,
        )  # fmt: skip

    def has_one_through(
        self,
        related: type[R],
        through: type[Any],
        first_key: str | None = None,
        second_key: str | None = None,
        local_key: str | None = None,
        second_local_key: str | None = None,
    ) -> HasOneThrough[R]:
        """One related model through an intermediate one."""
        me: Any = self
        return HasOneThrough(
            me, related, through,
            first_key or f"{_snake(type(self))}_{me.primary_key}",
            second_key or f"{_snake(through)}_{through.primary_key}",
            local_key or me.primary_key,
            second_local_key or through.primary_key,
        )  # fmt: skip

    def belongs_to_many(
        self,
        related: type[R],
        table: str | None = None,
        foreign_pivot_key: str | None = None,
        related_pivot_key: str | None = None,
        parent_key: str | None = None,
        related_key: str | None = None,
    ) -> BelongsToMany[R]:
        """Many-to-many through a pivot table (default: the two snake names, sorted)."""
        me: Any = self
        mine, theirs = _snake(type(self)), _snake(related)
        return BelongsToMany(
            me,
            related,
            table or "_".join(sorted([mine, theirs])),
            foreign_pivot_key or f"{mine}_{me.primary_key}",
            related_pivot_key or f"{theirs}_{related.primary_key}",
            parent_key or me.primary_key,
            related_key or related.primary_key,
        )


RelT = TypeVar("RelT")


class LoadedMany(ModelCollection[R], Generic[R, RelT]):
    """A loaded to-many relation: a ModelCollection; calling it gives the relation."""

    __slots__ = ("_factory",)
    _factory: Callable[[], Any]

    def __call__(self) -> RelT:
        return self._factory()  # type: ignore[no-any-return]


class LoadedOne(Generic[R, RelT]):
    """A loaded to-one relation: falsy when empty, reads through to the model (``.value``)."""

    __slots__ = ("_factory", "value")

    def __init__(self, value: R | None, factory: Callable[[], Any]) -> None:
        self.value = value
        self._factory = factory

    def __call__(self) -> RelT:
        return self._factory()  # type: ignore[no-any-return]

    def __bool__(self) -> bool:
        return self.value is not None

    def __getattr__(self, name: str) -> Any:
        if self.value is None:
            raise AttributeError(f"the relation is empty: no {name!r} to read")
        return getattr(self.value, name)

    def __getitem__(self, key: str) -> Any:
        if self.value is None:
            raise KeyError(key)
        return self.value[key]

    def __eq__(self, other: object) -> bool:
        return bool(self.value == (other.value if isinstance(other, LoadedOne) else other))

    def __hash__(self) -> int:
        return hash(self.value)


class Unloaded:
    """A relation not loaded yet: calling gives the relation; any read raises."""

    __slots__ = ("_factory", "_model", "_name")

    def __init__(self, model: Any, name: str, factory: Callable[[], Any]) -> None:
        self._model = model
        self._name = name
        self._factory = factory

    def __call__(self) -> Any:
        return self._factory()

    def _fail(self) -> LazyLoadingError:
        cls, name = type(self._model).__name__, self._name
        return LazyLoadingError(
            f"{cls}.{name} is not loaded (reading it would run a query per model). Load it "
            f"with `await model.load({name!r})`, `{cls}.with_({name!r})`, or query it with "
            f"`await model.{name}().get()`"
        )

    def __getattr__(self, name: str) -> Any:
        raise self._fail()

    def __iter__(self) -> Any:
        raise self._fail()

    def __len__(self) -> int:
        raise self._fail()

    def __bool__(self) -> bool:
        raise self._fail()

    def __getitem__(self, key: Any) -> Any:
        raise self._fail()


class RelationDescriptor:
    """Turns a relation method into ``model.rel`` (loaded value) / ``model.rel()`` (relation)."""

    def __init__(self, fn: Callable[..., Any]) -> None:
        self.fn = fn
        self.name = fn.__name__
        self.__doc__ = fn.__doc__

    def make(self, model: Any) -> Relation[Any]:
        """Build the relation for ``model``."""
        relation: Relation[Any] = self.fn(model)
        relation.name = self.name
        return relation

    def __get__(self, obj: Any, cls: Any) -> Any:
        if obj is None:
            return self
        relations = obj.__dict__.get("_relations")

        def factory() -> Relation[Any]:
            return self.make(obj)

        if relations is None or self.name not in relations:
            return Unloaded(obj, self.name, factory)
        value = relations[self.name]
        if isinstance(value, ModelCollection):
            loaded: LoadedMany[Any, Any] = LoadedMany(value)
            loaded._factory = factory
            return loaded
        return LoadedOne(value, factory)


def is_relation_method(fn: Any) -> bool:
    """Whether ``fn`` is annotated to return a relation (``-> HasMany[Post]``)."""
    if not callable(fn) or isinstance(fn, type | staticmethod | classmethod):
        return False
    annotation = getattr(fn, "__annotations__", {}).get("return")
    if annotation is None:
        return False
    text = (
        annotation
        if isinstance(annotation, str)
        else getattr(annotation, "__name__", str(annotation))
    )
    return text.split("[", 1)[0].strip("'\" ").rsplit(".", 1)[-1] in RELATION_TYPES


def relation_descriptor(cls: type, name: str) -> RelationDescriptor:
    """The descriptor of relation ``name`` on ``cls``, or a clear error."""
    for klass in cls.__mro__:
        found = klass.__dict__.get(name)
        if isinstance(found, RelationDescriptor):
            return found
    raise DatabaseError(f"{cls.__name__} has no relation named {name!r}")


def parse_spec(spec: Iterable[Any]) -> dict[str, Constraint]:
    """``("posts.comments", {"profile": fn})`` -> ``{"posts.comments": None, "profile": fn}``."""
    out: dict[str, Constraint] = {}
    for item in spec:
        if isinstance(item, Mapping):
            out.update(item)
        elif isinstance(item, str):
            out[item] = None
        else:
            out.update(parse_spec(item))
    return out


async def load_relations(models: list[Any], spec: Mapping[str, Constraint]) -> None:
    """Eager load ``spec`` for ``models``: one query per relation (nested with dots)."""
    if not models:
        return
    tree: dict[str, list[Any]] = {}
    for path, constraint in spec.items():
        head, _, rest = path.partition(".")
        node = tree.setdefault(head, [None, {}])
        if rest:
            node[1][rest] = constraint
        else:
            node[0] = constraint
    for name, (constraint, nested) in tree.items():
        descriptor = relation_descriptor(type(models[0]), name)
        await descriptor.make(models[0]).eager(models, name, constraint, nested)
