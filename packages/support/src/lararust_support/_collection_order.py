"""Collection methods that slice and order: take, skip, slice, sort*, shuffle, random."""

from __future__ import annotations

import random as _random
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from ._callbacks import with_key
from ._collection_filters import FiltersItems
from ._collection_support import (
    _reader,
    _sort_key,
)

if TYPE_CHECKING:
    from ._collection import Collection

K = TypeVar("K")
V = TypeVar("V")


class OrdersItems(FiltersItems[K, V]):
    """Collection methods that slice and order: take, skip, slice, sort*, shuffle, random."""

    __slots__ = ()

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

    def after(self, value: Any, strict: bool = False) -> V | None:
        """Return the item after the first one equal to (or passing) ``value``, else ``None``."""
        values = list(self._values())
        key = self.search(value, strict)
        if key is None:
            return None
        index = list(self.keys()).index(key)
        return values[index + 1] if index + 1 < len(values) else None

    def before(self, value: Any, strict: bool = False) -> V | None:
        """Return the item before the first one equal to (or passing) ``value``, else ``None``."""
        values = list(self._values())
        key = self.search(value, strict)
        if key is None:
            return None
        index = list(self.keys()).index(key)
        return values[index - 1] if index > 0 else None

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

    def take_until(self, callback: Any) -> Collection[K, V]:
        """Return items up to the first one passing ``callback`` (or equal to it)."""
        test = with_key(callback if callable(callback) else (lambda v: v == callback))
        return self.take_while(lambda v, k: not test(v, k))

    def skip_while(self, callback: Callable[..., Any]) -> Collection[K, V]:
        """Drop items until the first one failing ``callback``."""
        test = with_key(callback)
        pairs = list(self.items())
        index = next((i for i, (k, v) in enumerate(pairs) if not test(v, k)), len(pairs))
        return self._new(pairs[index:])

    def skip_until(self, callback: Any) -> Collection[K, V]:
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
