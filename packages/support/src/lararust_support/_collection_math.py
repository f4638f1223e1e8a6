"""Collection methods that reduce items to a value: reduce, sum, avg, contains, every."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from ._callbacks import with_key
from ._collection_order import OrdersItems
from ._collection_support import (
    _MISSING,
    _OPERATORS,
    _identity,
    _reader,
    _takes_three,
)

K = TypeVar("K")
V = TypeVar("V")
R = TypeVar("R")


class AggregatesItems(OrdersItems[K, V]):
    """Collection methods that reduce items to a value: reduce, sum, avg, contains, every."""

    __slots__ = ()

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
