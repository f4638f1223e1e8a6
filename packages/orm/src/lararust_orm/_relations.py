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
from functools import partial
from typing import Any, Generic, TypeVar, cast

from lararust_support import Str

from ._errors import DatabaseError
from ._model_builder import ModelCollection
from ._relation import (
    Constraint,
    LazyLoadingError,
    R,
    Relation,
    _snake,
    morph_alias,
    morph_class,
    morph_map,
)
from ._relations_belongs import BelongsTo, BelongsToMany, MorphToMany, Pivot
from ._relations_has import HasMany, HasManyThrough, HasOne, HasOneOrMany, HasOneThrough
from ._relations_morph import MorphMany, MorphOne, MorphOneOrMany, MorphTo

__all__ = [
    "BelongsTo", "BelongsToMany", "HasMany", "HasManyThrough", "HasOne", "HasOneOrMany",
    "HasOneThrough", "LazyLoadingError", "MorphMany", "MorphOne", "MorphOneOrMany", "MorphTo",
    "MorphToMany",
    "Pivot", "Relation", "morph_alias", "morph_class", "morph_map",
]  # fmt: skip

RELATION_TYPES = frozenset(
    {"HasOne", "HasMany", "BelongsTo", "BelongsToMany", "HasOneThrough", "HasManyThrough",
     "MorphOne", "MorphMany", "MorphTo", "MorphToMany"}
)  # fmt: skip

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

    def morph_to_many(
        self,
        related: type[R],
        name: str,
        table: str | None = None,
        foreign_pivot_key: str | None = None,
        related_pivot_key: str | None = None,
        parent_key: str | None = None,
        related_key: str | None = None,
    ) -> MorphToMany[R]:
        """Polymorphic many-to-many: ``self.morph_to_many(Tag, "taggable")`` (pivot
        ``taggables``: ``taggable_id``, ``taggable_type``, ``tag_id``)."""
        me: Any = self
        keys = (foreign_pivot_key or f"{name}_id",
                related_pivot_key or f"{_snake(related)}_{related.primary_key}")  # fmt: skip
        return self._morph_pivot(related, name, table, keys, parent_key, related_key, me)

    def morphed_by_many(
        self,
        related: type[R],
        name: str,
        table: str | None = None,
        foreign_pivot_key: str | None = None,
        related_pivot_key: str | None = None,
        parent_key: str | None = None,
        related_key: str | None = None,
    ) -> MorphToMany[R]:
        """The inverse of :meth:`morph_to_many`: ``tag.posts()`` is
        ``self.morphed_by_many(Post, "taggable")``."""
        me: Any = self
        keys = (foreign_pivot_key or f"{_snake(type(self))}_{me.primary_key}",
                related_pivot_key or f"{name}_id")  # fmt: skip
        return self._morph_pivot(related, name, table, keys, parent_key, related_key, related)

    def _morph_pivot(
        self,
        related: type[R],
        name: str,
        table: str | None,
        keys: tuple[str, str],
        parent_key: str | None,
        related_key: str | None,
        morphed: Any,
    ) -> MorphToMany[R]:
        """The pivot's type column holds the alias of ``morphed`` (the polymorphic side)."""
        me: Any = self
        relation = MorphToMany(
            me, related, table or Str.plural(name), *keys,
            parent_key or me.primary_key, related_key or related.primary_key,
        )  # fmt: skip
        relation.type_column = f"{name}_type"
        relation.morph_type = morph_alias(morphed if isinstance(morphed, type) else type(morphed))
        return relation

    def _through_keys(
        self,
        through: type[Any],
        first_key: str | None,
        second_key: str | None,
        local_key: str | None,
        second_local_key: str | None,
    ) -> tuple[str, str, str, str]:
        """Eloquent's default keys of a has-one/many-through relation, or the caller's."""
        me: Any = self
        return (
            first_key or f"{_snake(type(self))}_{me.primary_key}",
            second_key or f"{_snake(through)}_{through.primary_key}",
            local_key or me.primary_key,
            second_local_key or through.primary_key,
        )

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
        keys = self._through_keys(through, first_key, second_key, local_key, second_local_key)
        return HasManyThrough(self, related, through, *keys)  # type: ignore[arg-type]

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
        keys = self._through_keys(through, first_key, second_key, local_key, second_local_key)
        return HasOneThrough(self, related, through, *keys)  # type: ignore[arg-type]

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
        relations = obj._relations
        factory = partial(self.make, obj)
        if relations is None or self.name not in relations:
            return Unloaded(obj, self.name, factory)
        value = relations[self.name]
        if isinstance(value, ModelCollection):
            # A view over the loaded collection's own list (no copy): as in Eloquent, changing
            # ``user.posts`` changes the loaded relation.
            loaded = cast("LoadedMany[Any, Any]", LoadedMany._of(value._items, False))
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
