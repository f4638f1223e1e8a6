"""The storage every collection module builds on: a list, or a dict when "keyed".

``_of`` adopts a container without copying it; ``_new`` builds a collection of the same shape
from ``(key, value)`` pairs, so each operation is written once for lists and dicts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar, cast, overload

from . import _data
from ._callbacks import with_key
from ._collection_support import _MISSING

if TYPE_CHECKING:
    from ._collection import Collection

K = TypeVar("K")
V = TypeVar("V")
D = TypeVar("D")


class BaseCollection(Generic[K, V]):
    """Storage and reading shared by ``Collection``'s method groups."""

    __slots__ = ("_items", "_keyed")

    _items: Any  # list[V] or dict[K, V]
    _keyed: bool

    @classmethod
    def _of(cls, items: Any, keyed: bool) -> Collection[Any, Any]:
        # The internal constructor: adopts ``items`` without copying or inspecting it.
        new = cls.__new__(cls)
        new._items = items
        new._keyed = keyed
        return cast("Collection[Any, Any]", new)

    def _new(self, pairs: Iterable[tuple[Any, Any]]) -> Collection[Any, Any]:
        """A collection of the same shape from ``(key, value)`` pairs."""
        if self._keyed:
            return self._of(dict(pairs), True)
        return self._of([v for _k, v in pairs], False)

    # --- reading -----------------------------------------------------------------------------

    def all(self) -> Any:
        """Return the underlying items: a new ``list``, or a new ``dict`` when keyed."""
        return dict(self._items) if self._keyed else list(self._items)

    @property
    def is_keyed(self) -> bool:
        """Whether this collection holds a dict (keys are kept by every operation)."""
        return self._keyed

    def items(self) -> Iterator[tuple[K, V]]:
        """Iterate ``(key, value)`` pairs (list positions as keys)."""
        return iter(self._items.items()) if self._keyed else enumerate(self._items)  # type: ignore[return-value]

    def keys(self) -> Collection[int, K]:
        """Return the keys (list positions when not keyed)."""
        keys = list(self._items) if self._keyed else list(range(len(self._items)))
        return self._of(keys, False)

    def values(self) -> Collection[int, V]:
        """Return the values as a list collection (re-indexed)."""
        return self._of(list(self._values()), False)

    def _values(self) -> Iterable[V]:
        return self._items.values() if self._keyed else self._items  # type: ignore[no-any-return]

    def get(self, key: Any, default: Any = None) -> Any:
        """Return the item at ``key`` (a dict key or a list index), else ``default``."""
        if self._keyed:
            return self._items.get(key, default)
        try:
            return self._items[key]
        except (IndexError, TypeError):
            return default

    def has(self, *keys: Any) -> bool:
        """Whether every key exists."""
        if self._keyed:
            return all(k in self._items for k in keys)
        size = len(self._items)
        return all(isinstance(k, int) and -size <= k < size for k in keys)

    @overload
    def first(self, callback: Callable[..., Any] | None = None) -> V | None: ...
    @overload
    def first(self, callback: Callable[..., Any] | None, default: D) -> V | D: ...
    def first(self, callback: Callable[..., Any] | None = None, default: Any = None) -> Any:
        """Return the first item (passing ``callback``), else ``default``."""
        if callback is None:
            for value in self._values():
                return value
            return default
        test = with_key(callback)
        for key, value in self.items():
            if test(value, key):
                return value
        return default

    @overload
    def last(self, callback: Callable[..., Any] | None = None) -> V | None: ...
    @overload
    def last(self, callback: Callable[..., Any] | None, default: D) -> V | D: ...
    def last(self, callback: Callable[..., Any] | None = None, default: Any = None) -> Any:
        """Return the last item (passing ``callback``), else ``default``."""
        pairs = list(self.items())
        if callback is None:
            return pairs[-1][1] if pairs else default
        test = with_key(callback)
        for key, value in reversed(pairs):
            if test(value, key):
                return value
        return default

    def value(self, key: Any, default: Any = None) -> Any:
        """Return ``key`` (a dot path) of the first item that has it, else ``default``."""
        for item in self._values():
            found = _data.data_get(item, key, _MISSING)
            if found is not _MISSING:
                return found
        return default

    def count(self) -> int:
        """Return the number of items."""
        return len(self._items)

    def is_empty(self) -> bool:
        """Whether there are no items."""
        return not self._items

    def is_not_empty(self) -> bool:
        """Whether there is at least one item."""
        return bool(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[V]:
        return iter(self._values())

    def __contains__(self, value: object) -> bool:
        return value in self._items.values() if self._keyed else value in self._items

    def __bool__(self) -> bool:
        return bool(self._items)


def _values_of(items: Iterable[Any]) -> Iterable[Any]:
    if isinstance(items, BaseCollection):
        return items._values()
    if isinstance(items, Mapping):
        return items.values()
    return items


def _plain_containers(items: Any) -> Any:
    # Flatten walks dicts and lists; collections inside are opened up the same way.
    if isinstance(items, BaseCollection):
        return _plain_containers(items._items)
    if isinstance(items, Mapping):
        return {k: _plain_containers(v) for k, v in items.items()}
    if isinstance(items, list | tuple):
        return [_plain_containers(v) for v in items]
    return items
