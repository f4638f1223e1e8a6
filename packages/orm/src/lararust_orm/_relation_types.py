"""Typed relation decorators: ``@has_many`` & co. make both forms visible to type checkers.

```python
class User(Model):
    @has_many
    def posts(self) -> HasMany[Post]:
        return self.has_many(Post)

user.posts()          # HasMany[Post]  (the relation: query it, create through it)
user.posts            # LoadedMany[Post, HasMany[Post]]  (a ModelCollection[Post])
post.author.value     # User | None     (to-one relations: a handle)
```

Undecorated relation methods (annotated ``-> HasMany[Post]``) work the same at runtime; the
decorators only add precise types.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

from ._relations import (
    BelongsTo,
    BelongsToMany,
    HasMany,
    HasManyThrough,
    HasOne,
    HasOneThrough,
    LoadedMany,
    LoadedOne,
    MorphMany,
    MorphOne,
    MorphTo,
    RelationDescriptor,
)

if TYPE_CHECKING:
    from ._model import Model

R = TypeVar("R", bound="Model")
Rel = TypeVar("Rel")


class ToMany(RelationDescriptor, Generic[R, Rel]):
    """A to-many relation attribute."""

    @overload
    def __get__(self, obj: None, cls: Any) -> ToMany[R, Rel]: ...
    @overload
    def __get__(self, obj: object, cls: Any) -> LoadedMany[R, Rel]: ...
    def __get__(self, obj: Any, cls: Any) -> Any:
        return super().__get__(obj, cls)


class ToOne(RelationDescriptor, Generic[R, Rel]):
    """A to-one relation attribute."""

    @overload
    def __get__(self, obj: None, cls: Any) -> ToOne[R, Rel]: ...
    @overload
    def __get__(self, obj: object, cls: Any) -> LoadedOne[R, Rel]: ...
    def __get__(self, obj: Any, cls: Any) -> Any:
        return super().__get__(obj, cls)


def has_many(fn: Callable[[Any], HasMany[R]]) -> ToMany[R, HasMany[R]]:
    """Declare a has-many relation method."""
    return ToMany(fn)


def belongs_to_many(fn: Callable[[Any], BelongsToMany[R]]) -> ToMany[R, BelongsToMany[R]]:
    """Declare a many-to-many relation method."""
    return ToMany(fn)


def has_many_through(fn: Callable[[Any], HasManyThrough[R]]) -> ToMany[R, HasManyThrough[R]]:
    """Declare a has-many-through relation method."""
    return ToMany(fn)


def morph_many(fn: Callable[[Any], MorphMany[R]]) -> ToMany[R, MorphMany[R]]:
    """Declare a polymorphic has-many relation method."""
    return ToMany(fn)


def has_one(fn: Callable[[Any], HasOne[R]]) -> ToOne[R, HasOne[R]]:
    """Declare a has-one relation method."""
    return ToOne(fn)


def belongs_to(fn: Callable[[Any], BelongsTo[R]]) -> ToOne[R, BelongsTo[R]]:
    """Declare a belongs-to relation method."""
    return ToOne(fn)


def has_one_through(fn: Callable[[Any], HasOneThrough[R]]) -> ToOne[R, HasOneThrough[R]]:
    """Declare a has-one-through relation method."""
    return ToOne(fn)


def morph_one(fn: Callable[[Any], MorphOne[R]]) -> ToOne[R, MorphOne[R]]:
    """Declare a polymorphic has-one relation method."""
    return ToOne(fn)


def morph_to(fn: Callable[[Any], MorphTo]) -> ToOne[Any, MorphTo]:
    """Declare a polymorphic belongs-to relation method."""
    return ToOne(fn)
