"""``belongs_to`` and ``belongs_to_many`` (pivot tables)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from ._model_builder import ModelBuilder, ModelCollection

if TYPE_CHECKING:
    from ._model import Model
from ._relation import (
    Constraint,
    R,
    Relation,
    _fetch,
    _keys_of,
    _match,
    _parent_keys,
    _run,
)


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
        owners: dict[Any, Any] = {}
        if keys := _parent_keys(models, self.foreign_key):
            column = f"{self.related.get_table()}.{self.owner_key}"
            query = _run(self.base_query().where_in(column, keys), constraint)
            found = await _fetch(query, nested)
            owners = dict(zip(_keys_of(found, self.owner_key), found, strict=True))
        for model, key in zip(models, _keys_of(models, self.foreign_key), strict=True):
            model.set_relation(name, owners.get(key))

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
        for column, value in self._pivot_identity().items():
            query.where(f"{self.table}.{column}", value)
        return query

    def query(self) -> ModelBuilder[R]:
        """Related models joined through the pivot, for this parent."""
        parent_id = self.parent.get_attribute(self.parent_key)
        return self._joined().where(f"{self.table}.{self.foreign_pivot_key}", parent_id)

    async def eager(
        self, models: list[Model], name: str, constraint: Constraint, nested: dict[str, Any]
    ) -> None:
        """One joined query for every parent."""
        found: dict[Any, list[Any]] = {}
        if keys := _parent_keys(models, self.parent_key):
            query = self._joined().where_in(f"{self.table}.{self.foreign_pivot_key}", keys)
            for related in await _fetch(_run(query, constraint), nested):
                found.setdefault(related.pivot.__dict__[self.foreign_pivot_key], []).append(related)
        _match(models, name, self.parent_key, found, many=True)

    def existence_query(self) -> ModelBuilder[R]:
        """Related rows joined through the pivot to the parent's table."""
        related_table = self.related.get_table()
        parent_table = type(self.parent).get_table()
        query = (
            self.base_query()
            .join(self.table, f"{related_table}.{self.related_key}", "=",
                  f"{self.table}.{self.related_pivot_key}")
            .where_column(f"{self.table}.{self.foreign_pivot_key}",
                          f"{parent_table}.{self.parent_key}")
        )  # fmt: skip
        for column, value in self._pivot_identity().items():
            query.where(f"{self.table}.{column}", value)
        return query

    def _pivot_identity(self) -> dict[str, Any]:
        """Pivot columns every row of this relation carries (the morph type, for morphs)."""
        return {}

    def _pivot_query(self) -> Any:
        query = (
            self.parent.get_connection()
            .table(self.table)
            .where(self.foreign_pivot_key, self.parent.get_attribute(self.parent_key))
        )
        for column, value in self._pivot_identity().items():
            query.where(column, value)
        return query

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
            row = {**self._pivot_identity(), self.foreign_pivot_key: parent_id}
            row[self.related_pivot_key] = key
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


class MorphToMany(BelongsToMany[R]):
    """Many-to-many through a polymorphic pivot (``taggables``: ``tag_id``, ``taggable_id``,
    ``taggable_type``): ``post.tags()`` and, inverse, ``tag.posts()``.

    The pivot's type column holds the morph alias of the polymorphic side: the parent's for
    ``morph_to_many``, the related model's for ``morphed_by_many``.
    """

    type_column: str = ""
    morph_type: str = ""

    def _pivot_identity(self) -> dict[str, Any]:
        return {self.type_column: self.morph_type}
