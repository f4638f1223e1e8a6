"""``data_get``/``data_set``/``data_forget``: dot paths into dicts, lists and objects.

Rules of this module:

- A key is a dot path (``"user.address.city"``), an int, or a list of segments; ``*`` matches
  every item at that level (``"users.*.email"``).
- Mappings are read by key (a numeric segment also tries the int key), sequences by index,
  other objects by attribute. Attributes starting with ``_`` are never read or written: paths
  often come from user input (``?sort=...``), and ``__class__.__init__.__globals__`` must not be
  reachable from one.
- A default is returned as is, never called (Laravel calls closures; Python code passes
  ``dict.get``-style defaults).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, MutableMapping, MutableSequence, Sequence
from typing import Any

__all__ = ["data_forget", "data_get", "data_set", "segments"]

_MISSING: Any = object()
_SCALARS = (str, bytes, bytearray, int, float, complex)

# Classes whose items data_get unwraps like a list/dict (Collection registers itself).
_collection_types: tuple[type, ...] = ()


def register_collection(cls: type) -> None:
    """Let dot paths walk into instances of ``cls`` through their ``all()`` items."""
    global _collection_types
    _collection_types = (*_collection_types, cls)


def segments(key: str | int | Iterable[str | int]) -> list[str | int]:
    """Split a key into path segments."""
    if isinstance(key, int):
        return [key]
    if isinstance(key, str):
        return list(key.split("."))
    return list(key)


def _is_sequence(target: object) -> bool:
    return isinstance(target, Sequence) and not isinstance(target, str | bytes | bytearray)


def _unwrap(target: Any) -> Any:
    if _collection_types and isinstance(target, _collection_types):
        return target.all()  # type: ignore[attr-defined]
    return target


def get_segment(target: Any, segment: str | int) -> Any:
    """Return ``target[segment]`` / ``target.segment``, or the module's missing marker."""
    if type(target) is dict and segment in target:
        return target[segment]  # the common case first: a plain dict row
    target = _unwrap(target)
    if isinstance(target, Mapping):
        if segment in target:
            return target[segment]
        if isinstance(segment, str) and segment.lstrip("-").isdigit() and int(segment) in target:
            return target[int(segment)]
        return _MISSING
    if _is_sequence(target):
        try:
            index = int(segment)
        except ValueError:
            return _MISSING
        if 0 <= index < len(target):
            return target[index]
        return _MISSING
    if isinstance(segment, str) and segment and not segment.startswith("_"):
        return getattr(target, segment, _MISSING)
    return _MISSING


def _items(target: Any) -> Iterable[Any] | None:
    target = _unwrap(target)
    if isinstance(target, Mapping):
        return target.values()
    if _is_sequence(target) or isinstance(target, set | frozenset):
        return target  # type: ignore[no-any-return]
    return None


def data_get(target: Any, key: str | int | Iterable[str | int] | None, default: Any = None) -> Any:
    """Read a dot path: ``data_get(order, "items.*.sku")``; ``default`` when a step is missing."""
    if key is None:
        return target
    path = key if isinstance(key, list) else segments(key)
    for position, segment in enumerate(path):
        if segment == "*":
            items = _items(target)
            if items is None:
                return default
            rest = path[position + 1 :]
            results = [data_get(item, rest) for item in items]
            if "*" in rest:
                return [value for group in results for value in (group or [])]
            return results
        target = get_segment(target, segment)
        if target is _MISSING:
            return default
    return target


def _child(target: Any, segment: str | int, value: Any, overwrite: bool) -> None:
    if isinstance(target, MutableMapping):
        if overwrite or segment not in target:
            target[segment] = value
    elif isinstance(target, MutableSequence):
        index = int(segment)
        if index == len(target):
            target.append(value)
        elif overwrite:
            target[index] = value
    else:
        _check_attribute(segment)
        if overwrite or not hasattr(target, str(segment)):
            setattr(target, str(segment), value)


def _check_attribute(segment: str | int) -> None:
    if not isinstance(segment, str) or not segment.isidentifier() or segment.startswith("_"):
        raise KeyError(f"cannot set attribute {segment!r} through a dot path")


def data_set(
    target: Any, key: str | int | Iterable[str | int], value: Any, overwrite: bool = True
) -> Any:
    """Write a dot path, creating dicts for missing steps (``*``: every item); return target."""
    path = segments(key)
    node = _unwrap(target)
    for position, segment in enumerate(path):
        last = position == len(path) - 1
        if segment == "*":
            items = _items(node)
            if items is None:
                raise KeyError(f"'*' in {key!r} needs a list or dict, found {type(node).__name__}")
            for item in list(items):
                if last:
                    raise KeyError(f"'*' cannot be the last segment of {key!r}")
                data_set(item, path[position + 1 :], value, overwrite)
            return target
        if last:
            _child(node, segment, value, overwrite)
            return target
        child = get_segment(node, segment)
        if child is _MISSING or child is None or isinstance(child, _SCALARS):
            # Laravel replaces a missing or scalar step with an array; objects are walked into.
            child = {}
            _child(node, segment, child, True)
        node = _unwrap(child)
    return target


def data_forget(target: Any, key: str | int | Iterable[str | int]) -> Any:
    """Remove a dot path (``*`` removes it under every item); missing steps are ignored."""
    path = segments(key)
    node = _unwrap(target)
    for position, segment in enumerate(path):
        last = position == len(path) - 1
        if segment == "*":
            for item in list(_items(node) or ()):
                if not last:
                    data_forget(item, path[position + 1 :])
            return target
        if last:
            _delete(node, segment)
            return target
        node = _unwrap(get_segment(node, segment))
        if node is _MISSING:
            return target
    return target


def _delete(node: Any, segment: str | int) -> None:
    if isinstance(node, MutableMapping):
        if segment in node:
            del node[segment]
        elif isinstance(segment, str) and segment.lstrip("-").isdigit():
            node.pop(int(segment), None)
    elif isinstance(node, MutableSequence):
        try:
            index = int(segment)
        except ValueError:
            return
        if 0 <= index < len(node):
            del node[index]
