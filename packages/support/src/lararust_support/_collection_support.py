"""Helpers shared by the collection modules: readers, comparisons, sort keys, errors."""

from __future__ import annotations

import inspect
import operator as _op
from collections.abc import Callable
from typing import Any

from . import _data

__all__ = ["ItemNotFound", "MultipleItemsFound"]

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
    if isinstance(key, str) and "." not in key and key != "*":
        # The common case, a plain field name, skips the path walk for dict rows.
        def read_field(item: Any) -> Any:
            if type(item) is dict and key in item:
                return item[key]
            return _data.data_get(item, key)

        return read_field
    path = _data.segments(key)
    return lambda item: _data.data_get(item, path)


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


def _takes_three(fn: Callable[..., Any]) -> bool:
    try:
        params = list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError):
        return False
    kinds = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    if any(p.kind is inspect.Parameter.VAR_POSITIONAL for p in params):
        return True
    return sum(p.kind in kinds for p in params) >= 3
