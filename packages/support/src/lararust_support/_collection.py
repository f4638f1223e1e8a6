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
import operator as _op
import random as _random
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, Generic, TypeVar, overload

from . import _data
from ._callbacks import with_key
from ._macroable import Macroable
from ._plain import json_default, plain

if TYPE_CHECKING:
    from ._lazy import LazyCollection

__all__ = ["Collection", "ItemNotFound", "MultipleItemsFound", "collect"]

K = TypeVar("K")
V = TypeVar("V")
R = TypeVar("R")
D = TypeVar("D")

_MISSING: Any = object()

_OPERATORS: dict[str, Callable[[Any, Any], bool]] = {
    "=": _op.eq,
    "==": _op.eq,
    "!=": _op.ne,
    "<>": _op.ne,
    "<": _op.lt,
    ">": _op.gt,
    "<=": _op.le,
    ">=": _op.ge,
    "===": lambda a, b: type(a) is type(b) and a == b,
    "!==": lambda a, b: type(a) is not type(b) or a != b,
}


class ItemNotFound(LookupError):
    """``first_or_fail``/``sole`` found no matching item."""


class MultipleItemsFound(LookupError):
    """``sole`` found more than one matching item."""


def _reader(key: Any) -> Callable[[Any], Any]:
    """A function reading ``key`` (a dot path, or a callable used as is) from an item."""
    if callable(key):
        return key  # type: ignore[no-any-return]
    return lambda item: _data.data_get(item, key)


def _identity(value: Any) -> Any:
    return value


def _sort_key(value: Any) -> tuple[bool, Any]:
    # None sorts first, as null does in Laravel, instead of failing to compare with numbers.
    return (value is not None, value)


def _where(key: Any, operator: Any, value: Any) -> Callable[[Any], bool]:
    if value is _MISSING:
        if operator is _MISSING:
            read = _reader(key)
            return lambda item: bool(read(item))
        operator, value = "=", operator
    compare = _OPERATORS.get(operator)
    if compare is None:
        raise ValueError(f"unknown comparison operator {operator!r}; use one of {list(_OPERATORS)}")
    read = _reader(key)

    def test(item: Any) -> bool:
        try:
            return compare(read(item), value)
        except TypeError:  # None < 3: an incomparable item does not match
            return False

    return test


class Collection(Macroable, Generic[K, V]):
    """A fluent wrapper over a list or a dict (Laravel's ``Illuminate\\Support\\Collection``)."""

    __slots__ = ("_items", "_keyed")

    _items: Any  # list[V] or dict[K, V]
    _keyed: bool

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
        elif isinstance(items, str | bytes | bytearray) or not isinstance(items, Iterable):
            self._items, self._keyed = [items], False
        else:
            self._items, self._keyed = list(items), False

    @classmethod
    def _of(cls, items: Any, keyed: bool) -> Collection[Any, Any]:
        # The internal constructor: adopts ``items`` without copying or inspecting it.
        new = cls.__new__(cls)
        new._items = items
        new._keyed = keyed
        return new

    def _new(self, pairs: Iterable[tuple[Any, Any]]) -> Collection[Any, Any]:
        """A collection of the same shape from ``(key, value)`` pairs."""
        if self._keyed:
            return self._of(dict(pairs), True)
        return self._of([v for _k, v in pairs], False)

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

    def nth(self, step: int, offset: int = 0) -> Collection[int, V]:
        """Return every ``step``-th item starting at ``offset``."""
        return self._of(list(self._values())[offset::step], False)

    def random(self, number: int | None = None) -> Any:
        """Return one random item, or a collection of ``number`` distinct ones."""
        values = list(self._values())
        wanted = 1 if number is None else number
        if wanted > len(values):
            raise ValueError(f"asked for {wanted} random items, only {len(values)} available")
        picked = _random.sample(values, wanted)
        return picked[0] if number is None else self._of(picked, False)

    # --- transforming --------------------------------------------------------------------------

    @overload
    def map(self, callback: Callable[[V], R]) -> Collection[K, R]: ...
    @overload
    def map(self, callback: Callable[[V, K], R]) -> Collection[K, R]: ...
    def map(self, callback: Callable[..., Any]) -> Collection[K, Any]:
        """Return ``callback(value[, key])`` for every item; keys are kept."""
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
            if isinstance(produced, Collection):
                out.extend(produced._values())
            elif isinstance(produced, Mapping):
                out.extend(produced.values())
            elif isinstance(produced, list | tuple):
                out.extend(produced)
            else:
                out.append(produced)
        return self._of(out, False)

    def transform(self, callback: Callable[..., V]) -> Collection[K, V]:
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
            for group in group_keys if isinstance(group_keys, list) else [group_keys]:
                bucket = groups.setdefault(_group_key(group), {} if preserve_keys else [])
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
            if isinstance(value, Collection):
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

    # --- filtering -----------------------------------------------------------------------------

    def filter(self, callback: Callable[..., Any] | None = None) -> Collection[K, V]:
        """Keep items passing ``callback(value[, key])`` (truthy items without callback)."""
        if callback is None:
            return self._new((k, v) for k, v in self.items() if v)
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

    # --- slicing -----------------------------------------------------------------------------

    def take(self, limit: int) -> Collection[K, V]:
        """Return the first ``limit`` items (the last ones when negative)."""
        pairs = list(self.items())
        return self._new(pairs[limit:] if limit < 0 else pairs[:limit])

    def skip(self, count: int) -> Collection[K, V]:
        """Return all but the first ``count`` items."""
        return self._new(list(self.items())[count:])

    def slice(self, offset: int, length: int | None = None) -> Collection[K, V]:
        """Return ``length`` items from ``offset`` (negative offsets count from the end)."""
        pairs = list(self.items())
        stop = None if length is None else (offset + length if length >= 0 else length)
        if offset < 0 and stop is not None and length is not None and length >= 0:
            stop = len(pairs) + offset + length
        return self._new(pairs[offset:stop])

    def for_page(self, page: int, per_page: int) -> Collection[K, V]:
        """Return the items of 1-based ``page`` with ``per_page`` items a page."""
        return self.slice(max(page - 1, 0) * per_page, per_page)

    def take_while(self, callback: Callable[..., Any]) -> Collection[K, V]:
        """Return items up to the first one failing ``callback``."""
        test = with_key(callback)
        out = []
        for k, v in self.items():
            if not test(v, k):
                break
            out.append((k, v))
        return self._new(out)

    def take_until(self, callback: Callable[..., Any]) -> Collection[K, V]:
        """Return items up to the first one passing ``callback`` (or equal to it)."""
        test = with_key(callback if callable(callback) else (lambda v: v == callback))
        return self.take_while(lambda v, k: not test(v, k))

    def skip_while(self, callback: Callable[..., Any]) -> Collection[K, V]:
        """Drop items until the first one failing ``callback``."""
        test = with_key(callback)
        pairs = list(self.items())
        index = next((i for i, (k, v) in enumerate(pairs) if not test(v, k)), len(pairs))
        return self._new(pairs[index:])

    def skip_until(self, callback: Callable[..., Any]) -> Collection[K, V]:
        """Drop items until the first one passing ``callback`` (or equal to it)."""
        test = with_key(callback if callable(callback) else (lambda v: v == callback))
        return self.skip_while(lambda v, k: not test(v, k))

    def reverse(self) -> Collection[K, V]:
        """Return the items in reverse order (keys kept)."""
        return self._new(reversed(list(self.items())))

    def pad(self, size: int, value: Any) -> Collection[int, Any]:
        """Pad to ``abs(size)`` items with ``value``, on the left when ``size`` is negative."""
        values = list(self._values())
        missing = [value] * max(abs(size) - len(values), 0)
        return self._of(missing + values if size < 0 else values + missing, False)

    # --- ordering ------------------------------------------------------------------------------

    def sort(self, callback: Callable[[V], Any] | None = None) -> Collection[K, V]:
        """Sort by value (or by ``callback(value)``, a sort key); keys are kept."""
        read = callback or (lambda v: v)
        pairs = sorted(self.items(), key=lambda kv: _sort_key(read(kv[1])))
        return self._new(pairs)

    def sort_desc(self, callback: Callable[[V], Any] | None = None) -> Collection[K, V]:
        """Sort by value in descending order; keys are kept."""
        read = callback or (lambda v: v)
        pairs = sorted(self.items(), key=lambda kv: _sort_key(read(kv[1])), reverse=True)
        return self._new(pairs)

    def sort_by(self, key: Any, descending: bool = False) -> Collection[K, V]:
        """Sort by ``key`` (a dot path or callable), or by several: ``[("age", "desc"), "name"]``.

        Sorting is stable, so equal items keep their order; ``None`` sorts first.
        """
        criteria = key if isinstance(key, list) else [(key, "desc" if descending else "asc")]
        pairs = list(self.items())
        for criterion in reversed(criteria):  # stable sorts, least significant first
            field, direction = (criterion, "asc") if not isinstance(criterion, tuple) else criterion
            if direction not in ("asc", "desc"):
                raise ValueError(f"sort direction must be 'asc' or 'desc', got {direction!r}")
            read = _reader(field)
            pairs.sort(key=lambda kv: _sort_key(read(kv[1])), reverse=direction == "desc")
        return self._new(pairs)

    def sort_by_desc(self, key: Any) -> Collection[K, V]:
        """Sort by ``key`` in descending order."""
        return self.sort_by(key, descending=True)

    def sort_keys(self, descending: bool = False) -> Collection[K, V]:
        """Sort by key."""
        pairs = sorted(self.items(), key=lambda kv: kv[0], reverse=descending)  # type: ignore[arg-type, return-value]
        return self._new(pairs)

    def sort_keys_desc(self) -> Collection[K, V]:
        """Sort by key in descending order."""
        return self.sort_keys(descending=True)

    def shuffle(self) -> Collection[int, V]:
        """Return the values in random order."""
        values = list(self._values())
        _random.shuffle(values)
        return self._of(values, False)

    # --- aggregating -------------------------------------------------------------------------

    def reduce(self, callback: Callable[..., R], initial: Any = None) -> R:
        """Fold the items: ``callback(carry, value[, key])`` starting from ``initial``."""
        takes_key = _takes_three(callback)
        carry: Any = initial
        for key, value in self.items():
            carry = callback(carry, value, key) if takes_key else callback(carry, value)
        return carry  # type: ignore[no-any-return]

    def sum(self, key: Any = None) -> Any:
        """Return the sum of the values (or of ``key`` values / ``callback(item)``)."""
        read = _identity if key is None else _reader(key)
        return sum(read(v) for v in self._values())

    def avg(self, key: Any = None) -> float | None:
        """Return the mean of the non-``None`` values (or ``key`` values); ``None`` if empty."""
        numbers = self._numbers(key)
        return sum(numbers) / len(numbers) if numbers else None

    average = avg

    def median(self, key: Any = None) -> float | None:
        """Return the median of the non-``None`` values; ``None`` if empty."""
        numbers = sorted(self._numbers(key))
        if not numbers:
            return None
        middle = len(numbers) // 2
        if len(numbers) % 2:
            return numbers[middle]  # type: ignore[no-any-return]
        return (numbers[middle - 1] + numbers[middle]) / 2  # type: ignore[no-any-return]

    def mode(self, key: Any = None) -> list[Any] | None:
        """Return the most frequent values (several on a tie); ``None`` if empty."""
        numbers = self._numbers(key)
        if not numbers:
            return None
        counts: dict[Any, int] = {}
        for n in numbers:
            counts[n] = counts.get(n, 0) + 1
        top = max(counts.values())
        return [n for n, c in counts.items() if c == top]

    def min(self, key: Any = None) -> Any:
        """Return the smallest non-``None`` value (or ``key`` value); ``None`` if empty."""
        numbers = self._numbers(key)
        return min(numbers) if numbers else None

    def max(self, key: Any = None) -> Any:
        """Return the largest non-``None`` value (or ``key`` value); ``None`` if empty."""
        numbers = self._numbers(key)
        return max(numbers) if numbers else None

    def _numbers(self, key: Any) -> list[Any]:
        read = _identity if key is None else _reader(key)
        return [n for n in (read(v) for v in self._values()) if n is not None]

    def count(self) -> int:
        """Return the number of items."""
        return len(self._items)

    def is_empty(self) -> bool:
        """Whether there are no items."""
        return not self._items

    def is_not_empty(self) -> bool:
        """Whether there is at least one item."""
        return bool(self._items)

    def contains(self, key: Any, operator: Any = _MISSING, value: Any = _MISSING) -> bool:
        """Whether an item equals ``key``, passes it (if callable), or matches ``where(...)``."""
        if operator is _MISSING and value is _MISSING:
            if callable(key):
                test = with_key(key)
                return any(test(v, k) for k, v in self.items())
            return key in self._values()
        return self.where(key, operator, value).is_not_empty()

    some = contains

    def contains_strict(self, value: Any) -> bool:
        """Whether an item equals ``value`` and has its type (``1`` is not ``True``)."""
        return any(_OPERATORS["==="](v, value) for v in self._values())

    def doesnt_contain(self, key: Any, operator: Any = _MISSING, value: Any = _MISSING) -> bool:
        """The opposite of ``contains``."""
        return not self.contains(key, operator, value)

    def every(self, key: Any, operator: Any = _MISSING, value: Any = _MISSING) -> bool:
        """Whether every item passes ``key`` (a callable) or matches ``where(...)``."""
        if operator is _MISSING and value is _MISSING and callable(key):
            test = with_key(key)
            return all(test(v, k) for k, v in self.items())
        return len(self.where(key, operator, value)) == len(self)

    def implode(self, value: Any, glue: str | None = None) -> str:
        """Join the values (``implode(", ")``) or the ``value`` path of each item with ``glue``."""
        if glue is None:
            return str(value).join(str(v) for v in self._values())
        read = _reader(value)
        return glue.join(str(read(v)) for v in self._values())

    def join(self, glue: str, final_glue: str = "") -> str:
        """Join with ``glue``, ``final_glue`` before the last: ``"a, b and c"``."""
        from ._arr import Arr

        return Arr.join(self._values(), glue, final_glue)

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

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[V]:
        return iter(self._values())

    def __contains__(self, value: object) -> bool:
        return value in self._items.values() if self._keyed else value in self._items

    def __bool__(self) -> bool:
        return bool(self._items)

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


def _group_key(value: Any) -> Any:
    # Group keys must be hashable: enums and models keep their identity, lists become tuples.
    if isinstance(value, list):
        return tuple(value)
    try:
        hash(value)
    except TypeError:
        return str(value)
    return value


def _safe_between(value: Any, low: Any, high: Any) -> bool:
    try:
        return bool(low <= value <= high)
    except TypeError:
        return False


def _values_of(items: Iterable[Any]) -> Iterable[Any]:
    if isinstance(items, Collection):
        return items._values()
    if isinstance(items, Mapping):
        return items.values()
    return items


def _plain_containers(items: Any) -> Any:
    # Flatten walks dicts and lists; collections inside are opened up the same way.
    if isinstance(items, Collection):
        return _plain_containers(items._items)
    if isinstance(items, Mapping):
        return {k: _plain_containers(v) for k, v in items.items()}
    if isinstance(items, list | tuple):
        return [_plain_containers(v) for v in items]
    return items


def _takes_three(fn: Callable[..., Any]) -> bool:
    import inspect

    try:
        params = list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError):
        return False
    kinds = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    if any(p.kind is inspect.Parameter.VAR_POSITIONAL for p in params):
        return True
    return sum(p.kind in kinds for p in params) >= 3


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
