"""``Collection``: Laravel's fluent collection over a list or a dict.

Rules of this module:

- A collection holds either a ``list`` (built from any iterable) or a ``dict`` (built from a
  mapping; "keyed"). Operations keep keys on a keyed collection (``filter`` keeps them, as in
  Laravel) and simply produce a new list otherwise, so Python code never needs ``values()``
  to re-index after ``filter``. ``values()`` turns a keyed collection into a list one.
- Iteration, ``in`` and ``len`` see the *values* (Laravel's ``foreach``); ``items()`` gives
  ``(key, value)`` pairs. An empty collection is falsy, as Python containers are.
- Callbacks receive ``(value, key)`` when they accept two arguments, else ``(value)``.
- Methods that change the collection in place (``push``, ``put``, ``pop``, ``shift``,
  ``prepend``, ``pull``, ``forget``, ``transform``) say so; all others return a new collection.
- A string or a scalar passed to ``Collection`` is one item, never split into characters.
"""

from __future__ import annotations

import builtins
import json
from collections.abc import AsyncIterable, Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, TypeVar, overload

from . import _data
from ._callbacks import with_key
from ._collection_base import _values_of
from ._collection_support import (
    _MISSING,
    ItemNotFound,
    MultipleItemsFound,
)
from ._collection_transform import TransformsItems
from ._macroable import Macroable
from ._plain import json_default, plain

if TYPE_CHECKING:
    from ._lazy import LazyCollection


__all__ = ["Collection", "ItemNotFound", "MultipleItemsFound", "collect"]

K = TypeVar("K")
V = TypeVar("V")
R = TypeVar("R")


class Collection(Macroable, TransformsItems[K, V]):
    """A fluent wrapper over a list or a dict (Laravel's ``Illuminate\\Support\\Collection``)."""

    __slots__ = ()

    @overload
    def __init__(self: Collection[int, Any], items: None = None) -> None: ...
    @overload
    def __init__(self, items: Mapping[K, V]) -> None: ...
    @overload
    def __init__(self: Collection[int, V], items: Iterable[V]) -> None: ...
    @overload
    def __init__(self: Collection[int, V], items: V) -> None: ...
    def __init__(self, items: Any = None) -> None:
        if isinstance(items, Collection):
            self._keyed = items._keyed
            self._items = dict(items._items) if items._keyed else list(items._items)
        elif items is None:
            self._items, self._keyed = [], False
        elif isinstance(items, Mapping):
            self._items, self._keyed = dict(items), True
        elif isinstance(items, AsyncIterable):
            raise TypeError(
                "Collection cannot take an async iterable; await "
                "AsyncLazyCollection(items).collect() instead"
            )
        elif isinstance(items, str | bytes | bytearray) or not isinstance(items, Iterable):
            self._items, self._keyed = [items], False
        else:
            self._items, self._keyed = list(items), False

    # --- making ------------------------------------------------------------------------------

    @classmethod
    def make(cls, items: Any = None) -> Collection[Any, Any]:
        """Return a new collection of ``items`` (Laravel's ``Collection::make``)."""
        return cls(items)

    @classmethod
    def wrap(cls, value: Any) -> Collection[Any, Any]:
        """Return ``value`` if it is a collection, else a collection of it."""
        return value if isinstance(value, Collection) else cls(value)

    @classmethod
    def empty(cls) -> Collection[int, Any]:
        """Return an empty collection."""
        return cls._of([], False)

    @classmethod
    def times(cls, number: int, callback: Callable[[int], R] | None = None) -> Collection[int, R]:
        """Return ``callback(n)`` for n in 1..number (the numbers themselves without callback)."""
        numbers = range(1, max(number, 0) + 1)
        return cls._of([callback(n) if callback else n for n in numbers], False)

    @classmethod
    def range(cls, start: int, stop: int, step: int = 1) -> Collection[int, int]:
        """Return the integers from ``start`` to ``stop`` inclusive (Laravel's ``range``)."""
        if step == 0:
            raise ValueError("range step must not be 0")
        end = stop + (1 if step > 0 else -1)
        return cls._of(list(range(start, end, step)), False)

    # --- changing in place ---------------------------------------------------------------------

    def push(self, *values: V) -> Collection[K, V]:
        """Append values in place (a keyed collection gets the next integer keys)."""
        if self._keyed:
            for v in values:
                next_key = max((k for k in self._items if isinstance(k, int)), default=-1) + 1
                self._items[next_key] = v
        else:
            self._items.extend(values)
        return self

    def put(self, key: K, value: V) -> Collection[K, V]:
        """Set ``key`` in place (a list index must exist)."""
        self._items[key] = value
        return self

    def prepend(self, value: V, key: Any = _MISSING) -> Collection[K, V]:
        """Put ``value`` first, in place (under ``key`` on a keyed collection)."""
        if self._keyed:
            if key is _MISSING:
                raise TypeError("prepend on a keyed collection needs a key")
            rest = {k: v for k, v in self._items.items() if k != key}
            self._items = {key: value, **rest}
        else:
            self._items.insert(0, value)
        return self

    def pop(self, count: int = 1) -> Any:
        """Remove and return the last item (``None`` when empty), or a collection of ``count``."""
        if count != 1:
            return self._of([self.pop() for _ in range(min(count, len(self)))], False)
        if not self._items:
            return None
        if self._keyed:
            return self._items.popitem()[1]
        return self._items.pop()

    def shift(self, count: int = 1) -> Any:
        """Remove and return the first item (``None`` when empty), or a collection of ``count``."""
        if count != 1:
            return self._of([self.shift() for _ in range(min(count, len(self)))], False)
        if not self._items:
            return None
        if self._keyed:
            first = next(iter(self._items))
            return self._items.pop(first)
        return self._items.pop(0)

    def pull(self, key: Any, default: Any = None) -> Any:
        """Remove the item at ``key`` and return it (``default`` when absent)."""
        if not self.has(key):
            return default
        return self._items.pop(key)

    def forget(self, *keys: Any) -> Collection[K, V]:
        """Remove the items at ``keys`` in place (list indexes: highest first)."""
        if self._keyed:
            for key in keys:
                self._items.pop(key, None)
        else:
            size = len(self._items)
            for key in sorted({k % size for k in keys if self.has(k)}, reverse=True):
                del self._items[key]
        return self

    # --- combining -----------------------------------------------------------------------------

    def concat(self, items: Iterable[Any]) -> Collection[Any, Any]:
        """Append the values of ``items`` after this collection's values (keys dropped)."""
        values = list(self._values())
        values.extend(_values_of(items))
        return self._of(values, False)

    def merge(self, items: Any) -> Collection[Any, Any]:
        """Merge: dict keys overwrite (keyed), list values append (not keyed)."""
        if self._keyed:
            other = items.all() if isinstance(items, Collection) else items
            if not isinstance(other, Mapping):
                other = dict(enumerate(other, start=len(self._items)))
            return self._of({**self._items, **other}, True)
        return self.concat(items)

    def union(self, items: Mapping[Any, Any] | Collection[Any, Any]) -> Collection[Any, Any]:
        """Add the keys of ``items`` this collection lacks (existing keys win)."""
        other = items.all() if isinstance(items, Collection) else dict(items)
        return self._of({**other, **dict(self.items())}, True) if other else self.collect()

    # --- flow --------------------------------------------------------------------------------

    def each(self, callback: Callable[..., Any]) -> Collection[K, V]:
        """Call ``callback(value[, key])`` for each item; stop when it returns ``False``."""
        call = with_key(callback)
        for key, value in self.items():
            if call(value, key) is False:
                break
        return self

    def each_spread(self, callback: Callable[..., Any]) -> Collection[K, V]:
        """Call ``callback(*item)`` for each item; stop when it returns ``False``."""
        for value in self._values():
            if callback(*value) is False:  # type: ignore[misc]
                break
        return self

    def pipe(self, callback: Callable[[Collection[K, V]], R]) -> R:
        """Return ``callback(self)``."""
        return callback(self)

    def tap(self, callback: Callable[[Collection[K, V]], Any]) -> Collection[K, V]:
        """Call ``callback(self)`` and return ``self`` (for side effects mid-chain)."""
        callback(self)
        return self

    def when(
        self,
        condition: Any,
        callback: Callable[[Collection[K, V]], Any],
        default: Callable[[Collection[K, V]], Any] | None = None,
    ) -> Any:
        """Apply ``callback`` when ``condition`` (a value or a callable) is truthy."""
        flag = condition(self) if callable(condition) else condition
        if flag:
            result = callback(self)
            return self if result is None else result
        if default is not None:
            result = default(self)
            return self if result is None else result
        return self

    def unless(
        self,
        condition: Any,
        callback: Callable[[Collection[K, V]], Any],
        default: Callable[[Collection[K, V]], Any] | None = None,
    ) -> Any:
        """Apply ``callback`` unless ``condition`` is truthy."""
        flag = condition(self) if callable(condition) else condition
        return self.when(not flag, callback, default)

    def when_empty(self, callback: Callable[[Collection[K, V]], Any]) -> Any:
        """Apply ``callback`` when the collection is empty."""
        return self.when(self.is_empty(), callback)

    def when_not_empty(self, callback: Callable[[Collection[K, V]], Any]) -> Any:
        """Apply ``callback`` when the collection has items."""
        return self.when(self.is_not_empty(), callback)

    def collect(self) -> Collection[K, V]:
        """Return a shallow copy."""
        return self._of(self.all(), self._keyed)

    def lazy(self) -> LazyCollection[V]:
        """Return a ``LazyCollection`` over the values."""
        from ._lazy import LazyCollection

        return LazyCollection(list(self._values()))

    # --- converting ----------------------------------------------------------------------------

    def to_list(self) -> list[V]:
        """Return the values as a list (items untouched)."""
        return list(self._values())

    def to_dict(self) -> Any:
        """Return plain data for JSON: a dict when keyed, else a list; items made plain.

        Items that are ``Arrayable`` (models, collections) give their ``to_dict()``;
        dicts, lists and tuples are walked. This is the ``Arrayable`` contract.
        """
        return plain(self._items)

    def to_json(self, indent: int | None = None) -> str:
        """Return the JSON of ``to_dict()``; dates become ISO 8601, UUIDs and Decimals text."""
        separators = (",", ":") if indent is None else None
        return json.dumps(
            plain(self._items), default=json_default, indent=indent, separators=separators
        )

    # --- Python protocols ----------------------------------------------------------------------

    @overload
    def __getitem__(self, key: builtins.slice) -> Collection[K, V]: ...
    @overload
    def __getitem__(self, key: K) -> V: ...
    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, builtins.slice):
            return self._new(list(self.items())[key])
        return self._items[key]

    def __setitem__(self, key: K, value: V) -> None:
        self._items[key] = value

    def __delitem__(self, key: K) -> None:
        del self._items[key]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Collection):
            return bool(self._keyed == other._keyed and self._items == other._items)
        if isinstance(other, list | dict):
            return bool(self._items == other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # mutable, like list and dict

    def __repr__(self) -> str:
        return f"Collection({self._items!r})"


@overload
def collect(items: None = None) -> Collection[int, Any]: ...
@overload
def collect(items: Mapping[K, V]) -> Collection[K, V]: ...  # type: ignore[overload-overlap]
@overload
def collect(items: Iterable[V]) -> Collection[int, V]: ...
@overload
def collect(items: V) -> Collection[int, V]: ...
def collect(items: Any = None) -> Collection[Any, Any]:
    """Return a ``Collection`` of ``items`` (Laravel's ``collect()`` helper)."""
    return Collection(items)


_data.register_collection(Collection)
