"""Collection methods that keep or drop items: filter, where*, unique, partition, diff."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Self, TypeVar

from ._callbacks import takes_key, with_key
from ._collection_base import BaseCollection, _values_of
from ._collection_support import (
    _MISSING,
    _OPERATORS,
    ItemNotFound,
    MultipleItemsFound,
    _identity,
    _reader,
    _safe_between,
    _where,
)

if TYPE_CHECKING:
    from ._collection import Collection

K = TypeVar("K")
V = TypeVar("V")
R = TypeVar("R")


class FiltersItems(BaseCollection[K, V]):
    """Collection methods that keep or drop items: filter, where*, unique, partition, diff."""

    __slots__ = ()

    def first_where(self, key: Any, operator: Any = _MISSING, value: Any = _MISSING) -> Any:
        """Return the first item where ``key`` compares true (see ``where``), else ``None``."""
        test = _where(key, operator, value)
        return next((v for v in self._values() if test(v)), None)

    def first_or_fail(self, callback: Callable[..., Any] | None = None) -> V:
        """Return the first item (passing ``callback``); raise ``ItemNotFound`` if none."""
        found = self.first(callback, _MISSING)
        if found is _MISSING:
            raise ItemNotFound("no item in the collection matches")
        return found

    def sole(self, callback: Callable[..., Any] | None = None) -> V:
        """Return the only item (passing ``callback``); raise if there are none or several."""
        matches = self.filter(callback) if callback else self
        if len(matches) == 0:
            raise ItemNotFound("no item in the collection matches")
        if len(matches) > 1:
            raise MultipleItemsFound(f"{len(matches)} items match; expected exactly one")
        return next(iter(matches))

    def search(self, value: Any, strict: bool = False) -> Any:
        """Return the key of the first item equal to ``value`` (or passing it, if callable)."""
        if callable(value):
            test = with_key(value)
            return next((k for k, v in self.items() if test(v, k)), None)
        compare = _OPERATORS["===" if strict else "=="]
        return next((k for k, v in self.items() if compare(v, value)), None)

    # --- filtering -----------------------------------------------------------------------------

    def filter(self, callback: Callable[..., Any] | None = None) -> Collection[K, V]:
        """Keep items passing ``callback(value[, key])`` (truthy items without callback)."""
        if callback is None:
            return self._new((k, v) for k, v in self.items() if v)
        if not self._keyed and not takes_key(callback):
            return self._of([v for v in self._items if callback(v)], False)  # the fast path
        test = with_key(callback)
        return self._new((k, v) for k, v in self.items() if test(v, k))

    def reject(self, callback: Callable[..., Any]) -> Collection[K, V]:
        """Drop items passing ``callback(value[, key])``."""
        test = with_key(callback)
        return self._new((k, v) for k, v in self.items() if not test(v, k))

    def where(self, key: Any, operator: Any = _MISSING, value: Any = _MISSING) -> Collection[K, V]:
        """Keep items whose ``key`` compares true: ``where("votes", ">", 10)``.

        ``where("active")`` keeps truthy ones; ``where("status", "paid")`` means ``==``.
        Operators: ``= == != <> < > <= >= === !==``.
        """
        test = _where(key, operator, value)
        return self._new((k, v) for k, v in self.items() if test(v))

    def where_strict(self, key: Any, value: Any) -> Collection[K, V]:
        """Keep items whose ``key`` equals ``value`` with the same type."""
        return self.where(key, "===", value)

    def where_in(self, key: Any, values: Iterable[Any], strict: bool = False) -> Collection[K, V]:
        """Keep items whose ``key`` is one of ``values``."""
        allowed = list(values)
        read = _reader(key)
        if strict:
            return self.filter(lambda v: any(_OPERATORS["==="](read(v), a) for a in allowed))
        return self.filter(lambda v: read(v) in allowed)

    def where_not_in(self, key: Any, values: Iterable[Any]) -> Collection[K, V]:
        """Drop items whose ``key`` is one of ``values``."""
        banned = list(values)
        read = _reader(key)
        return self.reject(lambda v: read(v) in banned)

    def where_null(self, key: Any = None) -> Collection[K, V]:
        """Keep items whose ``key`` (or the item itself) is ``None``."""
        read = _reader(key)
        return self.filter(lambda v: read(v) is None)

    def where_not_null(self, key: Any = None) -> Collection[K, V]:
        """Keep items whose ``key`` (or the item itself) is not ``None``."""
        read = _reader(key)
        return self.filter(lambda v: read(v) is not None)

    def where_between(self, key: Any, bounds: tuple[Any, Any] | list[Any]) -> Collection[K, V]:
        """Keep items whose ``key`` lies within ``bounds`` (inclusive)."""
        low, high = bounds
        return self.where(key, ">=", low).where(key, "<=", high)

    def where_not_between(self, key: Any, bounds: tuple[Any, Any] | list[Any]) -> Collection[K, V]:
        """Keep items whose ``key`` lies outside ``bounds``."""
        low, high = bounds
        read = _reader(key)
        return self.filter(lambda v: not _safe_between(read(v), low, high))

    def where_instance_of(self, cls: type[R] | tuple[type, ...]) -> Collection[K, R]:
        """Keep items that are instances of ``cls``."""
        return self.filter(lambda v: isinstance(v, cls))  # type: ignore[return-value]

    def ensure(self, *types: type) -> Self:
        """Return ``self`` if every item is an instance of one of ``types``, else raise.

        Raises:
            TypeError: naming the first offending item's key and type.
        """
        for key, value in self.items():
            if not isinstance(value, types):
                expected = " | ".join(t.__name__ for t in types)
                raise TypeError(
                    f"collection item {key!r} is {type(value).__name__}, expected {expected}"
                )
        return self

    def only(self, keys: Iterable[Any]) -> Collection[K, V]:
        """Keep the items at ``keys``."""
        wanted = list(keys)
        return self._new((k, v) for k, v in self.items() if k in wanted)

    def except_(self, keys: Iterable[Any]) -> Collection[K, V]:
        """Drop the items at ``keys``."""
        banned = list(keys)
        return self._new((k, v) for k, v in self.items() if k not in banned)

    def unique(self, key: Any = None, strict: bool = False) -> Collection[K, V]:
        """Keep the first item of each distinct value (or ``key`` value); keys are kept."""
        read = _identity if key is None else _reader(key)
        seen_hashable: set[Any] = set()
        seen_other: list[Any] = []
        kept: list[tuple[Any, Any]] = []
        for k, v in self.items():
            marker = read(v)
            if strict:
                marker = (type(marker), marker)
            try:
                if marker in seen_hashable:
                    continue
                seen_hashable.add(marker)
            except TypeError:  # unhashable (dicts, lists): compare by equality
                if marker in seen_other:
                    continue
                seen_other.append(marker)
            kept.append((k, v))
        return self._new(kept)

    def duplicates(self, key: Any = None) -> Collection[K, Any]:
        """Return the items (or ``key`` values) that repeat an earlier one."""
        read = _identity if key is None else _reader(key)
        seen: list[Any] = []
        dupes: list[tuple[Any, Any]] = []
        for k, v in self.items():
            marker = read(v)
            if marker in seen:
                dupes.append((k, marker))
            else:
                seen.append(marker)
        return self._new(dupes)

    def partition(self, callback: Callable[..., Any]) -> tuple[Collection[K, V], Collection[K, V]]:
        """Split into ``(passing, failing)`` collections: ``good, bad = c.partition(fn)``."""
        test = with_key(callback)
        passed: list[tuple[Any, Any]] = []
        failed: list[tuple[Any, Any]] = []
        for k, v in self.items():
            (passed if test(v, k) else failed).append((k, v))
        return self._new(passed), self._new(failed)

    def diff(self, items: Iterable[Any]) -> Collection[K, V]:
        """Keep the values not present in ``items``."""
        other = list(_values_of(items))
        return self.filter(lambda v: v not in other)

    def diff_keys(self, items: Mapping[Any, Any] | Collection[Any, Any]) -> Collection[K, V]:
        """Keep the items whose key is not in ``items``."""
        other = set(items.keys() if isinstance(items, Mapping) else items.keys().all())
        return self._new((k, v) for k, v in self.items() if k not in other)

    def intersect(self, items: Iterable[Any]) -> Collection[K, V]:
        """Keep the values also present in ``items``."""
        other = list(_values_of(items))
        return self.filter(lambda v: v in other)

    def intersect_by_keys(self, items: Mapping[Any, Any]) -> Collection[K, V]:
        """Keep the items whose key is in ``items``."""
        return self._new((k, v) for k, v in self.items() if k in items)
