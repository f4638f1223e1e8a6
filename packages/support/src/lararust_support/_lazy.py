"""``LazyCollection``: a collection pulling its items from an iterator one at a time.

Rules of this module:

- Nothing runs until the collection is iterated or a terminal method (``to_list``,
  ``first``, ``sum``...) asks for values; each step pulls one item at a time, so a
  million-line file never sits in memory.
- The source is an iterable or a zero-argument callable returning a fresh iterator (a
  generator function). Only the callable form can be iterated more than once: a generator
  object is used up by its first pass, as in plain Python.
- Async sources belong to ``AsyncLazyCollection``; ``LazyCollection.make`` picks the kind.
- Callbacks receive ``(value, index)`` when they accept two arguments, else ``(value)``.
"""

from __future__ import annotations

import inspect
import itertools
from collections.abc import (
    AsyncIterable,
    Callable,
    Iterable,
    Iterator,
)
from typing import Any, Generic, TypeVar, overload

from . import _collection
from . import _collection_support as _support
from ._async_lazy import AsyncLazyCollection
from ._callbacks import with_key
from ._macroable import Macroable

__all__ = ["LazyCollection"]

V = TypeVar("V")
R = TypeVar("R")
D = TypeVar("D")

_MISSING = _support._MISSING


def _is_async_gen_function(fn: object) -> bool:
    if inspect.isasyncgenfunction(fn):
        return True
    call = getattr(fn, "__call__", None)  # noqa: B004 - an instance with an async generator __call__
    return call is not None and inspect.isasyncgenfunction(call)


def _identity(value: Any) -> Any:
    return value


class LazyCollection(Macroable, Generic[V]):
    """A collection pulling its items from an iterator one at a time (Laravel's LazyCollection)."""

    __slots__ = ("_source",)

    def __init__(self, source: Iterable[V] | Callable[[], Iterable[V]] = ()) -> None:
        if isinstance(source, AsyncIterable):
            raise TypeError("LazyCollection takes a sync iterable; use AsyncLazyCollection")
        if not (callable(source) or isinstance(source, Iterable)):
            raise TypeError(
                f"LazyCollection needs an iterable or a generator function, got {source!r}"
            )
        self._source = source

    def __iter__(self) -> Iterator[V]:
        source = self._source
        return iter(source() if callable(source) else source)

    def _then(self, step: Callable[[Iterator[V]], Iterable[R]]) -> LazyCollection[R]:
        return LazyCollection(lambda: step(iter(self)))

    # --- making ------------------------------------------------------------------------------

    @overload
    @staticmethod
    def make(
        source: AsyncIterable[R] | Callable[[], AsyncIterable[R]],
    ) -> AsyncLazyCollection[R]: ...
    @overload
    @staticmethod
    def make(source: Iterable[R] | Callable[[], Iterable[R]]) -> LazyCollection[R]: ...
    @staticmethod
    def make(source: Any) -> Any:
        """Return a ``LazyCollection``, or an ``AsyncLazyCollection`` for an async source.

        An async iterable, or an async generator function (``async def`` with ``yield``), is
        an async source. The source is not called here.
        """
        if isinstance(source, AsyncIterable) or _is_async_gen_function(source):
            return AsyncLazyCollection(source)
        return LazyCollection(source)

    @classmethod
    def range(cls, start: int, stop: int) -> LazyCollection[int]:
        """Lazily yield the integers from ``start`` to ``stop`` inclusive."""
        step = 1 if stop >= start else -1
        return LazyCollection(lambda: iter(range(start, stop + step, step)))

    @classmethod
    def times(cls, number: int, callback: Callable[[int], R] | None = None) -> LazyCollection[Any]:
        """Lazily yield ``callback(n)`` for n in 1..number."""
        fn: Callable[[int], Any] = callback or _identity
        return LazyCollection(lambda: (fn(n) for n in range(1, number + 1)))

    # --- lazy steps --------------------------------------------------------------------------

    @overload
    def map(self, callback: Callable[[V], R]) -> LazyCollection[R]: ...
    @overload
    def map(self, callback: Callable[[V, int], R]) -> LazyCollection[R]: ...
    def map(self, callback: Callable[..., Any]) -> LazyCollection[Any]:
        """Lazily apply ``callback(value[, index])``."""
        call = with_key(callback)
        return self._then(lambda it: (call(v, i) for i, v in enumerate(it)))

    def filter(self, callback: Callable[..., Any] | None = None) -> LazyCollection[V]:
        """Lazily keep items passing ``callback`` (truthy items without one)."""
        if callback is None:
            return self._then(lambda it: (v for v in it if v))
        test = with_key(callback)
        return self._then(lambda it: (v for i, v in enumerate(it) if test(v, i)))

    def reject(self, callback: Callable[..., Any]) -> LazyCollection[V]:
        """Lazily drop items passing ``callback``."""
        test = with_key(callback)
        return self._then(lambda it: (v for i, v in enumerate(it) if not test(v, i)))

    def where(self, key: Any, operator: Any = _MISSING, value: Any = _MISSING) -> LazyCollection[V]:
        """Lazily keep items whose ``key`` compares true (see ``Collection.where``)."""
        test = _support._where(key, operator, value)
        return self._then(lambda it: (v for v in it if test(v)))

    def where_in(self, key: Any, values: Iterable[Any]) -> LazyCollection[V]:
        """Lazily keep items whose ``key`` is one of ``values``."""
        allowed = list(values)
        read = _support._reader(key)
        return self._then(lambda it: (v for v in it if read(v) in allowed))

    def where_not_null(self, key: Any = None) -> LazyCollection[V]:
        """Lazily keep items whose ``key`` (or the item) is not ``None``."""
        read = _support._reader(key)
        return self._then(lambda it: (v for v in it if read(v) is not None))

    def pluck(self, key: Any) -> LazyCollection[Any]:
        """Lazily read ``key`` (a dot path) from each item."""
        read = _support._reader(key)
        return self._then(lambda it: (read(v) for v in it))

    def flat_map(self, callback: Callable[..., Iterable[R]]) -> LazyCollection[R]:
        """Lazily map each item to several and chain them."""
        call = with_key(callback)
        return self._then(lambda it: (r for i, v in enumerate(it) for r in call(v, i)))

    def take(self, limit: int) -> LazyCollection[V]:
        """Lazily stop after ``limit`` items (never pulls the one after)."""
        return self._then(lambda it: itertools.islice(it, max(limit, 0)))

    def skip(self, count: int) -> LazyCollection[V]:
        """Lazily drop the first ``count`` items."""
        return self._then(lambda it: itertools.islice(it, max(count, 0), None))

    def take_while(self, callback: Callable[[V], Any]) -> LazyCollection[V]:
        """Lazily yield items until one fails ``callback``."""
        return self._then(lambda it: itertools.takewhile(callback, it))

    def take_until(self, callback: Callable[[V], Any]) -> LazyCollection[V]:
        """Lazily yield items until one passes ``callback``."""
        return self._then(lambda it: itertools.takewhile(lambda v: not callback(v), it))

    def skip_while(self, callback: Callable[[V], Any]) -> LazyCollection[V]:
        """Lazily drop items while they pass ``callback``."""
        return self._then(lambda it: itertools.dropwhile(callback, it))

    def skip_until(self, callback: Callable[[V], Any]) -> LazyCollection[V]:
        """Lazily drop items until one passes ``callback``."""
        return self._then(lambda it: itertools.dropwhile(lambda v: not callback(v), it))

    def chunk(self, size: int) -> LazyCollection[_collection.Collection[int, V]]:
        """Lazily group items into collections of ``size``."""
        if size <= 0:
            raise ValueError(f"chunk size must be positive, got {size}")

        def chunks(it: Iterator[V]) -> Iterator[_collection.Collection[int, V]]:
            while batch := list(itertools.islice(it, size)):
                yield _collection.Collection(batch)

        return self._then(chunks)

    def unique(self, key: Any = None) -> LazyCollection[V]:
        """Lazily drop items whose value (or ``key`` value) was seen before."""
        read = _identity if key is None else _support._reader(key)

        def unique(it: Iterator[V]) -> Iterator[V]:
            seen: set[Any] = set()
            seen_other: list[Any] = []
            for v in it:
                marker = read(v)
                try:
                    if marker in seen:
                        continue
                    seen.add(marker)
                except TypeError:
                    if marker in seen_other:
                        continue
                    seen_other.append(marker)
                yield v

        return self._then(unique)

    def concat(self, items: Iterable[R]) -> LazyCollection[V | R]:
        """Lazily continue with ``items`` after this collection."""
        return self._then(lambda it: itertools.chain(it, items))

    def tap_each(self, callback: Callable[[V], Any]) -> LazyCollection[V]:
        """Lazily call ``callback`` on each item as it passes (for logging, progress)."""

        def tapped(it: Iterator[V]) -> Iterator[V]:
            for v in it:
                callback(v)
                yield v

        return self._then(tapped)

    def remember(self) -> LazyCollection[V]:
        """Cache the items already pulled so later passes do not pull them again."""
        cache: list[V] = []
        source = iter(self)

        def replay() -> Iterator[V]:
            index = 0
            while True:
                if index < len(cache):
                    yield cache[index]
                else:
                    try:
                        value = next(source)
                    except StopIteration:
                        return
                    cache.append(value)
                    yield value
                index += 1

        return LazyCollection(replay)

    # --- terminal ------------------------------------------------------------------------------

    def each(self, callback: Callable[..., Any]) -> LazyCollection[V]:
        """Call ``callback(value[, index])`` for every item now; stop when it returns ``False``."""
        call = with_key(callback)
        for i, v in enumerate(self):
            if call(v, i) is False:
                break
        return self

    @overload
    def first(self, callback: Callable[..., Any] | None = None) -> V | None: ...
    @overload
    def first(self, callback: Callable[..., Any] | None, default: D) -> V | D: ...
    def first(self, callback: Callable[..., Any] | None = None, default: Any = None) -> Any:
        """Return the first item (passing ``callback``), pulling no further."""
        if callback is None:
            return next(iter(self), default)
        test = with_key(callback)
        return next((v for i, v in enumerate(self) if test(v, i)), default)

    @overload
    def last(self, callback: Callable[..., Any] | None = None) -> V | None: ...
    @overload
    def last(self, callback: Callable[..., Any] | None, default: D) -> V | D: ...
    def last(self, callback: Callable[..., Any] | None = None, default: Any = None) -> Any:
        """Return the last item (passing ``callback``); pulls everything."""
        found = default
        test = None if callback is None else with_key(callback)
        for i, v in enumerate(self):
            if test is None or test(v, i):
                found = v
        return found

    def reduce(self, callback: Callable[[Any, V], R], initial: Any = None) -> R:
        """Fold the items with ``callback(carry, value)``."""
        carry: Any = initial
        for v in self:
            carry = callback(carry, v)
        return carry  # type: ignore[no-any-return]

    def count(self) -> int:
        """Count the items (pulls everything)."""
        return sum(1 for _ in self)

    def sum(self, key: Any = None) -> Any:
        """Sum the values (or ``key`` values)."""
        read = _identity if key is None else _support._reader(key)
        return sum(read(v) for v in self)

    def avg(self, key: Any = None) -> float | None:
        """Return the mean of the non-``None`` values; ``None`` if there are none."""
        return self.collect().avg(key)

    def min(self, key: Any = None) -> Any:
        """Return the smallest non-``None`` value."""
        return self.collect().min(key)

    def max(self, key: Any = None) -> Any:
        """Return the largest non-``None`` value."""
        return self.collect().max(key)

    def contains(self, value: Any) -> bool:
        """Whether an item equals ``value`` (or passes it, if callable); stops at the first."""
        if callable(value):
            test = with_key(value)
            return any(test(v, i) for i, v in enumerate(self))
        return any(v == value for v in self)

    def every(self, callback: Callable[..., Any]) -> bool:
        """Whether every item passes ``callback``; stops at the first failure."""
        test = with_key(callback)
        return all(test(v, i) for i, v in enumerate(self))

    def is_empty(self) -> bool:
        """Whether there is no item (pulls at most one)."""
        return next(iter(self), _MISSING) is _MISSING

    def is_not_empty(self) -> bool:
        """Whether there is at least one item (pulls at most one)."""
        return not self.is_empty()

    def implode(self, glue: str) -> str:
        """Join the values as text."""
        return glue.join(str(v) for v in self)

    def to_list(self) -> list[V]:
        """Pull every item into a list."""
        return list(self)

    def all(self) -> list[V]:
        """Pull every item into a list."""
        return list(self)

    def collect(self) -> _collection.Collection[int, V]:
        """Pull every item into a ``Collection``."""
        return _collection.Collection(list(self))

    def to_dict(self) -> Any:
        """Plain data of every item (the ``Arrayable`` contract)."""
        return self.collect().to_dict()

    def to_json(self, indent: int | None = None) -> str:
        """JSON of every item."""
        return self.collect().to_json(indent)

    def __repr__(self) -> str:
        return f"LazyCollection({self._source!r})"
