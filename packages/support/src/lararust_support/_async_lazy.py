"""``AsyncLazyCollection``: a lazy collection over an async iterable (a database cursor).

Rules of this module:

- Nothing runs until the collection is iterated (``async for``) or a terminal coroutine
  (``to_list``, ``first``, ``count``...) is awaited; items are pulled one at a time.
- Callbacks may be sync or ``async`` (their result is awaited); they receive
  ``(value, index)`` when they accept two arguments.
- Every step closes the steps before it (and so the source) as soon as it stops, so a cursor
  is released when ``take()`` or ``first()`` end early, not when the garbage collector runs.
"""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterable, AsyncIterator, Awaitable, Callable, Iterable
from typing import Any, Generic, TypeVar, overload

from . import _collection
from . import _collection_support as _support
from ._callbacks import with_key
from ._macroable import Macroable

__all__ = ["AsyncLazyCollection"]

V = TypeVar("V")
R = TypeVar("R")
D = TypeVar("D")

_MISSING = _support._MISSING


def _identity(value: Any) -> Any:
    return value


async def _maybe_await(value: Any) -> Any:
    if inspect.isawaitable(value):
        return await value
    return value


class AsyncLazyCollection(Macroable, Generic[V]):
    """A lazy collection over an async iterator: ``await AsyncLazyCollection(rows).to_list()``."""

    __slots__ = ("_source",)

    def __init__(
        self,
        source: AsyncIterable[V] | Iterable[V] | Callable[[], AsyncIterable[V]] = (),
    ) -> None:
        if not (callable(source) or isinstance(source, AsyncIterable | Iterable)):
            raise TypeError(f"AsyncLazyCollection needs an (async) iterable, got {source!r}")
        self._source = source

    def __aiter__(self) -> AsyncIterator[V]:
        source: Any = self._source
        if callable(source) and not isinstance(source, AsyncIterable | Iterable):
            source = source()
        if isinstance(source, AsyncIterable):
            return aiter(source)
        return _from_sync(source)

    def _then(self, step: Callable[[AsyncIterator[V]], AsyncIterator[R]]) -> AsyncLazyCollection[R]:
        async def run() -> AsyncIterator[R]:
            upstream = aiter(self)
            produced = step(upstream)
            try:
                async for value in produced:
                    yield value
            finally:
                # Close the chain now (a database cursor behind it must not wait for the
                # garbage collector when take() or first() stop early).
                await _aclose(produced)
                await _aclose(upstream)

        return AsyncLazyCollection(run)

    # --- lazy steps --------------------------------------------------------------------------

    def map(
        self, callback: Callable[..., R] | Callable[..., Awaitable[R]]
    ) -> AsyncLazyCollection[R]:
        """Lazily apply ``callback(value[, index])``, awaiting it when it is async."""
        call = with_key(callback)

        async def mapped(it: AsyncIterator[V]) -> AsyncIterator[R]:
            index = 0
            async for v in it:
                yield await _maybe_await(call(v, index))
                index += 1

        return self._then(mapped)

    def filter(self, callback: Callable[..., Any] | None = None) -> AsyncLazyCollection[V]:
        """Lazily keep items passing ``callback`` (sync or async; truthy items without one)."""
        test = with_key(callback or _identity)

        async def filtered(it: AsyncIterator[V]) -> AsyncIterator[V]:
            index = 0
            async for v in it:
                if await _maybe_await(test(v, index)):
                    yield v
                index += 1

        return self._then(filtered)

    def reject(self, callback: Callable[..., Any]) -> AsyncLazyCollection[V]:
        """Lazily drop items passing ``callback``."""
        test = with_key(callback)

        async def rejected(it: AsyncIterator[V]) -> AsyncIterator[V]:
            index = 0
            async for v in it:
                if not await _maybe_await(test(v, index)):
                    yield v
                index += 1

        return self._then(rejected)

    def where(
        self, key: Any, operator: Any = _MISSING, value: Any = _MISSING
    ) -> AsyncLazyCollection[V]:
        """Lazily keep items whose ``key`` compares true (see ``Collection.where``)."""
        test = _support._where(key, operator, value)
        return self.filter(test)

    def pluck(self, key: Any) -> AsyncLazyCollection[Any]:
        """Lazily read ``key`` (a dot path) from each item."""
        return self.map(_support._reader(key))

    def take(self, limit: int) -> AsyncLazyCollection[V]:
        """Lazily stop after ``limit`` items (never pulls the one after)."""

        async def taken(it: AsyncIterator[V]) -> AsyncIterator[V]:
            if limit <= 0:
                return
            count = 0
            async for v in it:
                yield v
                count += 1
                if count >= limit:
                    return

        return self._then(taken)

    def skip(self, count: int) -> AsyncLazyCollection[V]:
        """Lazily drop the first ``count`` items."""

        async def skipped(it: AsyncIterator[V]) -> AsyncIterator[V]:
            index = 0
            async for v in it:
                if index >= count:
                    yield v
                index += 1

        return self._then(skipped)

    def take_while(self, callback: Callable[[V], Any]) -> AsyncLazyCollection[V]:
        """Lazily yield items until one fails ``callback``."""

        async def taken(it: AsyncIterator[V]) -> AsyncIterator[V]:
            async for v in it:
                if not await _maybe_await(callback(v)):
                    return
                yield v

        return self._then(taken)

    def chunk(self, size: int) -> AsyncLazyCollection[_collection.Collection[int, V]]:
        """Lazily group items into collections of ``size`` (e.g. rows per bulk insert)."""
        if size <= 0:
            raise ValueError(f"chunk size must be positive, got {size}")

        async def chunks(it: AsyncIterator[V]) -> AsyncIterator[_collection.Collection[int, V]]:
            batch: list[V] = []
            async for v in it:
                batch.append(v)
                if len(batch) == size:
                    yield _collection.Collection(batch)
                    batch = []
            if batch:
                yield _collection.Collection(batch)

        return self._then(chunks)

    def unique(self, key: Any = None) -> AsyncLazyCollection[V]:
        """Lazily drop items whose value (or ``key`` value) was seen before."""
        read = _identity if key is None else _support._reader(key)

        async def unique(it: AsyncIterator[V]) -> AsyncIterator[V]:
            seen: list[Any] = []
            async for v in it:
                marker = read(v)
                if marker not in seen:
                    seen.append(marker)
                    yield v

        return self._then(unique)

    # --- terminal (coroutines) -----------------------------------------------------------------

    async def each(self, callback: Callable[..., Any]) -> None:
        """Call ``callback(value[, index])`` (awaited if async) for every item; ``False`` stops."""
        call = with_key(callback)
        index = 0
        async for v in self:
            if await _maybe_await(call(v, index)) is False:
                return
            index += 1

    @overload
    async def first(self, callback: Callable[..., Any] | None = None) -> V | None: ...
    @overload
    async def first(self, callback: Callable[..., Any] | None, default: D) -> V | D: ...
    async def first(self, callback: Callable[..., Any] | None = None, default: Any = None) -> Any:
        """Return the first item (passing ``callback``), pulling no further."""
        source = self if callback is None else self.filter(callback)
        iterator = aiter(source)
        try:
            return await anext(iterator)
        except StopAsyncIteration:
            return default
        finally:
            await _aclose(iterator)

    async def reduce(self, callback: Callable[[Any, V], Any], initial: Any = None) -> Any:
        """Fold the items with ``callback(carry, value)`` (awaited if async)."""
        carry = initial
        async for v in self:
            carry = await _maybe_await(callback(carry, v))
        return carry

    async def count(self) -> int:
        """Count the items (pulls everything)."""
        total = 0
        async for _ in self:
            total += 1
        return total

    async def sum(self, key: Any = None) -> Any:
        """Sum the values (or ``key`` values)."""
        return (await self.collect()).sum(key)

    async def contains(self, value: Any) -> bool:
        """Whether an item equals ``value`` (or passes it, if callable); stops at the first."""
        test = value if callable(value) else (lambda v: v == value)
        return await self.first(test, _MISSING) is not _MISSING

    async def is_empty(self) -> bool:
        """Whether there is no item (pulls at most one)."""
        return await self.first(None, _MISSING) is _MISSING

    async def to_list(self) -> list[V]:
        """Pull every item into a list."""
        return [v async for v in self]

    async def all(self) -> list[V]:
        """Pull every item into a list."""
        return await self.to_list()

    async def collect(self) -> _collection.Collection[int, V]:
        """Pull every item into a ``Collection``."""
        return _collection.Collection(await self.to_list())

    def __repr__(self) -> str:
        return f"AsyncLazyCollection({self._source!r})"


async def _aclose(iterator: object) -> None:
    close = getattr(iterator, "aclose", None)
    if close is not None:
        await close()


async def _from_sync(items: Iterable[V]) -> AsyncIterator[V]:
    for v in items:
        yield v
