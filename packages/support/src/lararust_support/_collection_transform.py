"""Collection methods that build new items: map*, pluck, key_by, group_by, chunk."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar, overload

from . import _data
from ._callbacks import takes_key, with_key
from ._collection_base import BaseCollection, _plain_containers
from ._collection_math import AggregatesItems
from ._collection_support import (
    _group_key,
    _identity,
    _reader,
)

if TYPE_CHECKING:
    from ._collection import Collection

K = TypeVar("K")
V = TypeVar("V")
R = TypeVar("R")


class TransformsItems(AggregatesItems[K, V]):
    """Collection methods that build new items: map*, pluck, key_by, group_by, chunk."""

    __slots__ = ()

    # --- transforming --------------------------------------------------------------------------

    @overload
    def map(self, callback: Callable[[V], R]) -> Collection[K, R]: ...
    @overload
    def map(self, callback: Callable[[V, K], R]) -> Collection[K, R]: ...
    def map(self, callback: Callable[..., Any]) -> Collection[K, Any]:
        """Return ``callback(value[, key])`` for every item; keys are kept."""
        if not self._keyed and not takes_key(callback):
            return self._of([callback(v) for v in self._items], False)  # the common, fast path
        call = with_key(callback)
        return self._new((k, call(v, k)) for k, v in self.items())

    def map_with_keys(self, callback: Callable[..., Any]) -> Collection[Any, Any]:
        """Build a keyed collection from ``callback`` returning ``{key: value}`` or a pair."""
        call = with_key(callback)
        result: dict[Any, Any] = {}
        for key, value in self.items():
            produced = call(value, key)
            if isinstance(produced, Mapping):
                result.update(produced)
            else:
                new_key, new_value = produced
                result[new_key] = new_value
        return self._of(result, True)

    def map_spread(self, callback: Callable[..., R]) -> Collection[K, R]:
        """Call ``callback(*item)`` for items that are tuples or lists."""
        return self._new((k, callback(*v)) for k, v in self.items())  # type: ignore[misc]

    def map_into(self, cls: Callable[[V], R]) -> Collection[K, R]:
        """Build ``cls(item)`` for every item."""
        return self._new((k, cls(v)) for k, v in self.items())

    def flat_map(self, callback: Callable[..., Any]) -> Collection[int, Any]:
        """Map, then join the resulting lists into one list collection."""
        call = with_key(callback)
        out: list[Any] = []
        for key, value in self.items():
            produced = call(value, key)
            if isinstance(produced, BaseCollection):
                out.extend(produced._values())
            elif isinstance(produced, Mapping):
                out.extend(produced.values())
            elif isinstance(produced, list | tuple):
                out.extend(produced)
            else:
                out.append(produced)
        return self._of(out, False)

    def transform(self, callback: Callable[..., V]) -> Self:
        """Replace every item with ``callback(value[, key])`` in place; return ``self``."""
        self._items = self.map(callback)._items
        return self

    def pluck(self, value: Any, key: Any = None) -> Collection[Any, Any]:
        """Return each item's ``value`` (a dot path), keyed by ``key`` when given."""
        read = _reader(value)
        if key is None:
            return self._of([read(v) for v in self._values()], False)
        read_key = _reader(key)
        return self._of({read_key(v): read(v) for v in self._values()}, True)

    def key_by(self, key: Any) -> Collection[Any, V]:
        """Return a keyed collection with each item under ``key`` (a dot path or callable)."""
        read = _reader(key)
        return self._of({read(v): v for v in self._values()}, True)

    def group_by(
        self, key: Any, preserve_keys: bool = False
    ) -> Collection[Any, Collection[Any, V]]:
        """Group items by ``key`` (a dot path or callable) into a keyed collection of collections.

        A key that reads as a list puts the item in several groups (Laravel's behaviour).
        """
        read = _reader(key)
        groups: dict[Any, Any] = {}
        for item_key, value in self.items():
            group_keys = read(value)
            for group in group_keys if type(group_keys) is list else (group_keys,):
                marker = group if type(group) in (str, int) else _group_key(group)
                bucket: Any = groups.get(marker)
                if bucket is None:
                    bucket = groups[marker] = {} if preserve_keys else []
                if preserve_keys:
                    bucket[item_key] = value
                else:
                    bucket.append(value)
        return self._of({k: self._of(v, preserve_keys) for k, v in groups.items()}, True)

    def count_by(self, callback: Any = None) -> Collection[Any, int]:
        """Count the items per value (or per ``callback(item)`` / dot path)."""
        read = _identity if callback is None else _reader(callback)
        counts: dict[Any, int] = {}
        for value in self._values():
            group = _group_key(read(value))
            counts[group] = counts.get(group, 0) + 1
        return self._of(counts, True)

    def flip(self) -> Collection[Any, Any]:
        """Swap keys and values."""
        return self._of({v: k for k, v in self.items()}, True)

    def flatten(self, depth: float = float("inf")) -> Collection[int, Any]:
        """Return the leaf values of nested lists, dicts and collections."""
        from ._arr import Arr

        return self._of(Arr.flatten(_plain_containers(self._items), depth), False)

    def collapse(self) -> Collection[int, Any]:
        """Join a collection of lists (or collections) into one list collection."""
        out: list[Any] = []
        for value in self._values():
            if isinstance(value, BaseCollection):
                out.extend(value._values())
            elif isinstance(value, Mapping):
                out.extend(value.values())
            elif isinstance(value, list | tuple):
                out.extend(value)
        return self._of(out, False)

    def combine(self, values: Iterable[R]) -> Collection[V, R]:
        """Use this collection's values as keys for ``values``."""
        keys = list(self._values())
        given = list(values)
        if len(keys) != len(given):
            raise ValueError(f"combine needs as many values ({len(given)}) as keys ({len(keys)})")
        return self._of(dict(zip(keys, given, strict=True)), True)

    def zip(self, *others: Iterable[Any]) -> Collection[int, tuple[Any, ...]]:
        """Pair items by position with ``others`` (shortest wins)."""
        return self._of(list(zip(self._values(), *others, strict=False)), False)

    def chunk(self, size: int) -> Collection[int, Collection[K, V]]:
        """Split into collections of ``size`` items (the last may be shorter)."""
        if size <= 0:
            return self._of([], False)
        pairs = list(self.items())
        chunks = [self._new(pairs[i : i + size]) for i in range(0, len(pairs), size)]
        return self._of(chunks, False)

    def sliding(self, size: int = 2, step: int = 1) -> Collection[int, Collection[K, V]]:
        """Return overlapping windows of ``size`` items, ``step`` apart: ``[1,2],[2,3],...``."""
        if size <= 0 or step <= 0:
            raise ValueError(f"sliding needs a positive size and step, got {size} and {step}")
        pairs = list(self.items())
        windows = [self._new(pairs[i : i + size]) for i in range(0, len(pairs) - size + 1, step)]
        return self._of(windows, False)

    def chunk_while(self, callback: Callable[..., Any]) -> Collection[int, Collection[K, V]]:
        """Split where ``callback(value, key, chunk)`` turns false: ``"AABBC"`` -> AA, BB, C."""
        chunks: list[Any] = []
        current: list[tuple[Any, Any]] = []
        for key, value in self.items():
            if current and not callback(value, key, self._new(current)):
                chunks.append(self._new(current))
                current = []
            current.append((key, value))
        if current:
            chunks.append(self._new(current))
        return self._of(chunks, False)

    def select(self, keys: Iterable[Any]) -> Collection[K, Any]:
        """Keep only ``keys`` in every item (dict rows or objects): ``select(["id", "name"])``."""
        wanted = list(keys)
        missing = object()

        def pick(item: Any) -> dict[Any, Any]:
            found = {k: _data.data_get(item, k, missing) for k in wanted}
            return {k: v for k, v in found.items() if v is not missing}

        return self._new((k, pick(v)) for k, v in self.items())

    def split(self, groups: int) -> Collection[int, Collection[int, V]]:
        """Split into ``groups`` collections as evenly as possible (the first ones larger)."""
        if groups <= 0:
            raise ValueError(f"split needs at least one group, got {groups}")
        values = list(self._values())
        size, extra = divmod(len(values), groups)
        out: list[Any] = []
        start = 0
        for index in range(groups):
            stop = start + size + (1 if index < extra else 0)
            if stop > start:
                out.append(self._of(values[start:stop], False))
            start = stop
        return self._of(out, False)
