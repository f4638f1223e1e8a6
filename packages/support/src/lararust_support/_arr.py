"""``Arr``: helpers for dicts and lists with Laravel's dot notation (``Arr::get`` is ``Arr.get``).

Rules of this module:

- "Array" means a ``dict`` (Laravel's associative array) or a ``list``; dot paths walk both
  (``"users.0.name"``). ``Arr.get``/``has`` read only dicts and lists; ``data_get`` also reads
  object attributes and ``*`` wildcards.
- ``set``, ``forget``, ``pull``, ``add`` and ``prepend`` change their argument in place (PHP
  passes those by reference); everything else returns a new value.
- A literal key containing dots (``{"a.b": 1}``) wins over the path, as in Laravel.
"""

from __future__ import annotations

import itertools
import random as _random
from collections.abc import Callable, Iterable, Mapping, MutableMapping, Sequence
from typing import Any, TypeVar
from urllib.parse import quote

from . import _data
from ._callbacks import with_key
from ._macroable import Macroable, MacroableMeta
from ._str import Str

__all__ = ["Arr"]

T = TypeVar("T")
Key = str | int
Keys = Key | Iterable[Key]


def _keys(keys: Keys) -> list[Key]:
    return [keys] if isinstance(keys, str | int) else list(keys)


def _pairs(array: Any) -> Iterable[tuple[Any, Any]]:
    if isinstance(array, Mapping):
        return array.items()
    return enumerate(array)


def _is_array(value: object) -> bool:
    return isinstance(value, Mapping) or (
        isinstance(value, Sequence) and not isinstance(value, str | bytes | bytearray)
    )


class Arr(Macroable, metaclass=MacroableMeta):
    """Dict and list helpers (Laravel's ``Illuminate\\Support\\Arr``)."""

    __slots__ = ()

    @staticmethod
    def accessible(value: object) -> bool:
        """Whether ``value`` is a dict or a list-like (not a string)."""
        return _is_array(value)

    @staticmethod
    def exists(array: Any, key: Key) -> bool:
        """Whether the top-level ``key`` exists (no dot paths)."""
        if isinstance(array, Mapping):
            return key in array
        if _is_array(array) and isinstance(key, int):
            return -len(array) <= key < len(array)
        return False

    @staticmethod
    def get(array: Any, key: Key | None, default: Any = None) -> Any:
        """Read ``key`` (a dot path) from a dict or list; ``default`` when absent."""
        if key is None:
            return array
        if not _is_array(array):
            return default
        if Arr.exists(array, key):
            return array[key]
        if not isinstance(key, str) or "." not in key:
            return default
        node = array
        for segment in key.split("."):
            if not _is_array(node):
                return default
            node = _data.get_segment(node, segment)
            if node is _data._MISSING:
                return default
        return node

    @staticmethod
    def has(array: Any, keys: Keys) -> bool:
        """Whether every one of ``keys`` (dot paths) exists; ``False`` for no keys."""
        wanted = _keys(keys)
        if not wanted or not _is_array(array):
            return False
        missing = object()
        return all(Arr.get(array, k, missing) is not missing for k in wanted)

    @staticmethod
    def has_any(array: Any, keys: Keys) -> bool:
        """Whether at least one of ``keys`` (dot paths) exists."""
        return any(Arr.has(array, k) for k in _keys(keys))

    @staticmethod
    def set(array: MutableMapping[Any, Any], key: Key | None, value: Any) -> Any:
        """Set a dot path in place, creating dicts on the way; return ``array``.

        With ``key=None`` nothing is changed and ``value`` is returned (Laravel replaces the
        whole array, which a Python caller does by assignment).
        """
        if key is None:
            return value
        if isinstance(key, int) or "." not in key:
            array[key] = value
            return array
        return _data.data_set(array, key, value)

    @staticmethod
    def add(array: MutableMapping[Any, Any], key: Key, value: Any) -> Any:
        """Set ``key`` only when it is absent or ``None``; return ``array``."""
        if Arr.get(array, key) is None:
            Arr.set(array, key, value)
        return array

    @staticmethod
    def forget(array: Any, keys: Keys) -> None:
        """Remove dot paths in place; missing ones are ignored."""
        for key in _keys(keys):
            if Arr.exists(array, key):
                del array[key]
            else:
                _data.data_forget(array, key)

    @staticmethod
    def pull(array: Any, key: Key, default: Any = None) -> Any:
        """Remove ``key`` and return its value (``default`` when absent)."""
        value = Arr.get(array, key, default)
        Arr.forget(array, key)
        return value

    @staticmethod
    def only(array: Mapping[Any, T], keys: Keys) -> dict[Any, T]:
        """Return a dict of just the top-level ``keys`` that exist."""
        return {k: array[k] for k in _keys(keys) if k in array}

    @staticmethod
    def except_(array: Mapping[Any, T], keys: Keys) -> dict[Any, T]:
        """Return a copy without the given dot paths (nested dicts are copied on the way)."""
        copy: dict[Any, T] = Arr._deep_copy_dicts(array)
        Arr.forget(copy, keys)
        return copy

    @staticmethod
    def _deep_copy_dicts(value: Any) -> Any:
        if isinstance(value, Mapping):
            return {k: Arr._deep_copy_dicts(v) for k, v in value.items()}
        if isinstance(value, list):
            return [Arr._deep_copy_dicts(v) for v in value]
        return value

    @staticmethod
    def select(array: Iterable[Mapping[Any, Any]], keys: Keys) -> list[dict[Any, Any]]:
        """Keep only ``keys`` in every row: ``Arr.select(users, ["id", "name"])``."""
        return [Arr.only(row, keys) for row in array]

    @staticmethod
    def pluck(
        array: Iterable[Any],
        value: Key | Callable[[Any], Any],
        key: Key | Callable[[Any], Any] | None = None,
    ) -> Any:
        """Return each item's ``value`` (a dot path or a callable), keyed by ``key`` when given."""
        read_value = value if callable(value) else (lambda item: _data.data_get(item, value))
        if key is None:
            return [read_value(item) for item in array]
        read_key = key if callable(key) else (lambda item: _data.data_get(item, key))
        return {read_key(item): read_value(item) for item in array}

    @staticmethod
    def key_by(array: Iterable[Any], key: Key | Callable[[Any], Any]) -> dict[Any, Any]:
        """Return a dict of the items keyed by ``key`` (a dot path or callable); last one wins."""
        read_key = key if callable(key) else (lambda item: _data.data_get(item, key))
        return {read_key(item): item for item in array}

    @staticmethod
    def flatten(array: Any, depth: float = float("inf")) -> list[Any]:
        """Return the leaf values of nested dicts and lists, down to ``depth`` levels."""
        result: list[Any] = []
        for item in array.values() if isinstance(array, Mapping) else array:
            if not _is_array(item):
                result.append(item)
            elif depth <= 1:
                result.extend(item.values() if isinstance(item, Mapping) else item)
            else:
                result.extend(Arr.flatten(item, depth - 1))
        return result

    @staticmethod
    def collapse(array: Iterable[Any]) -> list[Any]:
        """Join a list of lists (or dicts: their values) into one list; other items are dropped."""
        result: list[Any] = []
        for item in array:
            if isinstance(item, Mapping):
                result.extend(item.values())
            elif _is_array(item):
                result.extend(item)
        return result

    @staticmethod
    def wrap(value: Any) -> list[Any]:
        """``None`` -> ``[]``; a list as is; a tuple as a list; anything else -> ``[value]``."""
        if value is None:
            return []
        if isinstance(value, list):
            return value
        if isinstance(value, tuple):
            return list(value)
        return [value]

    @staticmethod
    def dot(array: Any, prepend: str = "") -> dict[str, Any]:
        """Flatten nested dicts and lists to dot keys: ``{"a": {"b": 1}}`` -> ``{"a.b": 1}``."""
        result: dict[str, Any] = {}
        for key, value in _pairs(array):
            if _is_array(value) and value:
                result.update(Arr.dot(value, f"{prepend}{key}."))
            else:
                result[f"{prepend}{key}"] = value
        return result

    @staticmethod
    def undot(array: Mapping[str, Any]) -> dict[str, Any]:
        """Expand dot keys into nested dicts (the reverse of ``dot``)."""
        result: dict[str, Any] = {}
        for key, value in array.items():
            _data.data_set(result, key, value)
        return result

    @staticmethod
    def divide(array: Mapping[Any, T]) -> tuple[list[Any], list[T]]:
        """Return ``(keys, values)``."""
        return list(array.keys()), list(array.values())

    @staticmethod
    def cross_join(*arrays: Iterable[Any]) -> list[list[Any]]:
        """Return every combination of one item from each list."""
        return [list(combo) for combo in itertools.product(*arrays)]

    @staticmethod
    def first(array: Any, callback: Callable[..., Any] | None = None, default: Any = None) -> Any:
        """Return the first value (passing ``callback(value[, key])``), else ``default``."""
        if callback is None:
            for _key, value in _pairs(array):
                return value
            return default
        test = with_key(callback)
        for key, value in _pairs(array):
            if test(value, key):
                return value
        return default

    @staticmethod
    def last(array: Any, callback: Callable[..., Any] | None = None, default: Any = None) -> Any:
        """Return the last value (passing ``callback(value[, key])``), else ``default``."""
        pairs = list(_pairs(array))
        if callback is None:
            return pairs[-1][1] if pairs else default
        test = with_key(callback)
        for key, value in reversed(pairs):
            if test(value, key):
                return value
        return default

    @staticmethod
    def where(array: Any, callback: Callable[..., Any]) -> Any:
        """Keep the items passing ``callback(value[, key])``; a dict keeps its keys."""
        test = with_key(callback)
        if isinstance(array, Mapping):
            return {k: v for k, v in array.items() if test(v, k)}
        return [v for i, v in enumerate(array) if test(v, i)]

    @staticmethod
    def where_not_null(array: Any) -> Any:
        """Drop ``None`` values; a dict keeps its keys."""
        return Arr.where(array, lambda value: value is not None)

    @staticmethod
    def map(array: Any, callback: Callable[..., Any]) -> Any:
        """Apply ``callback(value[, key])`` to each item; a dict keeps its keys."""
        call = with_key(callback)
        if isinstance(array, Mapping):
            return {k: call(v, k) for k, v in array.items()}
        return [call(v, i) for i, v in enumerate(array)]

    @staticmethod
    def map_with_keys(array: Any, callback: Callable[..., Any]) -> dict[Any, Any]:
        """Build a dict from ``callback(value[, key])`` returning a ``{key: value}`` or a pair."""
        call = with_key(callback)
        result: dict[Any, Any] = {}
        for key, value in _pairs(array):
            produced = call(value, key)
            if isinstance(produced, Mapping):
                result.update(produced)
            else:
                new_key, new_value = produced
                result[new_key] = new_value
        return result

    @staticmethod
    def is_assoc(array: Any) -> bool:
        """Whether ``array`` is a dict whose keys are not exactly ``0..n-1``."""
        return isinstance(array, Mapping) and list(array.keys()) != list(range(len(array)))

    @staticmethod
    def is_list(array: Any) -> bool:
        """Whether ``array`` is a list-like, or a dict keyed exactly ``0..n-1``."""
        if isinstance(array, Mapping):
            return list(array.keys()) == list(range(len(array)))
        return _is_array(array)

    @staticmethod
    def join(array: Iterable[Any], glue: str, final_glue: str = "") -> str:
        """Join with ``glue``, using ``final_glue`` before the last item: ``"a, b and c"``."""
        items = [str(v) for v in array]
        if not final_glue or len(items) < 2:
            return glue.join(items)
        return glue.join(items[:-1]) + final_glue + items[-1]

    @staticmethod
    def prepend(array: Any, value: Any, key: Any = None) -> Any:
        """Put ``value`` first: a new list, or a new dict with ``key`` first."""
        if isinstance(array, Mapping):
            return {key: value, **{k: v for k, v in array.items() if k != key}}
        return [value, *array]

    @staticmethod
    def query(array: Mapping[str, Any]) -> str:
        """Build a query string, nested values PHP-style: ``{"a": {"b": 1}}`` -> ``a%5Bb%5D=1``."""
        parts: list[str] = []

        def walk(prefix: str, value: Any) -> None:
            if isinstance(value, Mapping):
                for k, v in value.items():
                    walk(f"{prefix}[{k}]" if prefix else str(k), v)
            elif _is_array(value):
                for i, v in enumerate(value):
                    walk(f"{prefix}[{i}]", v)
            elif value is not None:
                text = (
                    {True: "1", False: "0"}.get(value, value) if isinstance(value, bool) else value
                )
                parts.append(f"{quote(prefix, safe='')}={quote(str(text), safe='')}")

        walk("", array)
        return "&".join(parts)

    @staticmethod
    def random(array: Sequence[T], number: int | None = None) -> Any:
        """Return one random item, or a list of ``number`` distinct ones.

        Raises:
            ValueError: more items are asked for than ``array`` has.
        """
        items = list(array.values()) if isinstance(array, Mapping) else list(array)
        wanted = 1 if number is None else number
        if wanted > len(items):
            raise ValueError(f"asked for {wanted} random items, only {len(items)} available")
        picked = _random.sample(items, wanted)
        return picked[0] if number is None else picked

    @staticmethod
    def shuffle(array: Iterable[T]) -> list[T]:
        """Return the items in random order."""
        items = list(array)
        _random.shuffle(items)
        return items

    @staticmethod
    def sort(array: Iterable[T], key: Callable[[T], Any] | str | None = None) -> list[T]:
        """Return the values sorted, by ``key`` (a callable or a dot path) when given."""
        if isinstance(key, str):
            path = key
            return sorted(array, key=lambda item: _data.data_get(item, path))
        return sorted(array, key=key)  # type: ignore[type-var, arg-type]

    @staticmethod
    def sort_desc(array: Iterable[T], key: Callable[[T], Any] | str | None = None) -> list[T]:
        """Return the values sorted in descending order."""
        return list(reversed(Arr.sort(array, key)))

    @staticmethod
    def sort_recursive(array: Any, descending: bool = False) -> Any:
        """Sort dicts by key and lists by value, at every level."""
        if isinstance(array, Mapping):
            items = sorted(array.items(), key=lambda kv: kv[0], reverse=descending)
            return {k: Arr.sort_recursive(v, descending) for k, v in items}
        if isinstance(array, list):
            values = [Arr.sort_recursive(v, descending) for v in array]
            try:
                return sorted(values, reverse=descending)
            except TypeError:
                return values  # mixed types (dicts, lists) keep their order
        return array

    @staticmethod
    def to_css_classes(array: Any) -> str:
        """Join class names, keeping conditional ones whose value is true.

        ``Arr.to_css_classes(["p-4", {"font-bold": True, "hidden": False}])`` gives
        ``"p-4 font-bold"``.
        """
        return " ".join(Arr._conditional(array))

    @staticmethod
    def to_css_styles(array: Any) -> str:
        """Join CSS declarations, keeping conditional ones; each ends with ``;``."""
        return " ".join(Str.finish(style.strip(), ";") for style in Arr._conditional(array))

    @staticmethod
    def _conditional(array: Any) -> list[str]:
        entries: list[str] = []
        for item in [array] if isinstance(array, Mapping) else Arr.wrap(array):
            if isinstance(item, Mapping):
                entries.extend(str(k) for k, enabled in item.items() if enabled)
            elif isinstance(item, str) and item:
                entries.append(item)
        return entries
