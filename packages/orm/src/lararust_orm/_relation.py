"""The relation base class, shared helpers and the morph map."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar

from ._errors import DatabaseError
from ._model_builder import ModelBuilder, ModelCollection

if TYPE_CHECKING:
    from ._model import Model

R = TypeVar("R", bound="Model")
Constraint = Callable[[Any], Any] | None
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


def _keys_of(models: list[Any], key: str) -> list[Any]:
    """:func:`_key_of` of every model (the eager-loading hot path: plain attribute reads)."""
    try:
        return [m._changes[key] if key in m._changes else m._original[key] for m in models]
    except KeyError:  # a key not selected: through the accessor, as _key_of does
        return [_key_of(m, key) for m in models]


def _parent_keys(models: list[Any], key: str) -> list[Any]:
    """The distinct, non-null values of ``key`` over ``models`` (what ``where in`` takes)."""
    return [k for k in dict.fromkeys(_keys_of(models, key)) if k is not None]


def _group(children: list[Any], key: str) -> dict[Any, list[Any]]:
    """``children`` grouped by their value of ``key``."""
    found: dict[Any, list[Any]] = {}
    try:  # just fetched: no pending changes, the key is in the row
        values = [child._original[key] for child in children]
    except KeyError:
        values = _keys_of(children, key)
    for child, value in zip(children, values, strict=True):
        found.setdefault(value, []).append(child)
    return found


def _match(models: list[Any], name: str, key: str, found: dict[Any, list[Any]], many: bool) -> None:
    """Give each model its children (``found`` by key) as its loaded relation ``name``."""
    given: dict[Any, list[Any]] = {}
    for model, value in zip(models, _keys_of(models, key), strict=True):
        children = found.pop(value, None)
        if children is None:  # no children, or a second parent with the same key: a copy
            children = list(given.get(value, ()))
        else:
            given[value] = children
        if many:
            model.set_relation(name, ModelCollection.adopt(children))
        else:
            model.set_relation(name, children[0] if children else None)


def _key_of(model: Any, key: str) -> Any:
    """A key column's stored value (no cast: keys compare as the driver returns them)."""
    changes = model._changes
    if key in changes:
        return changes[key]
    try:
        return model._original[key]
    except KeyError:
        return model.get_attribute(key)


def _snake(model: type[Any]) -> str:
    from lararust_support import Str

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

    async def touch(self) -> list[Any]:
        """Set ``updated_at`` of the related rows to now (what a model's ``touches`` runs).

        Returns the related models, fetched before the write and given the new ``updated_at``
        (as saved: not dirty). Related models without timestamps are left alone; no model
        events fire, as in Eloquent.
        """
        found = await self.get_results()
        models = list(found) if self.many else ([] if found is None else [found])
        by_class: dict[type[Any], list[Any]] = {}
        for model in models:
            by_class.setdefault(type(model), []).append(model)
        now = datetime.now(UTC)
        for cls, group in by_class.items():
            if cls.timestamps and group:
                keys = [model.get_key() for model in group]
                await (
                    cls.new_model_query()
                    .where_in(cls.primary_key, keys)
                    .update({cls.UPDATED_AT: now})
                )
                for model in group:
                    model._mark_saved(cls.UPDATED_AT, now)
        return models

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
    results: list[Any] = await query._select(query)
    if results and nested:
        from ._relations import load_relations

        await load_relations(results, nested)
    return results
