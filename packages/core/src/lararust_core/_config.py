"""The configuration repository: nested dicts read and written with dot notation."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from lararust_contracts import LaraRustError

_MISSING: Any = object()


class ConfigError(LaraRustError, ValueError):
    """Configuration that cannot be loaded, cached or validated (names file, line or key)."""


class Repository:
    """Dot-notation configuration (``config.get("app.name")``); implements ConfigRepository."""

    __slots__ = ("_items",)

    def __init__(self, items: Mapping[str, Any] | None = None) -> None:
        self._items: dict[str, Any] = dict(items or {})

    def get(self, key: str, default: Any = None) -> Any:
        """Read ``key`` (``"database.connections.pgsql.host"``) or ``default``."""
        node: Any = self._items
        for segment in key.split("."):
            if isinstance(node, Mapping) and segment in node:
                node = node[segment]
            else:
                return default() if callable(default) else default
        return node

    def has(self, key: str) -> bool:
        """Tell whether ``key`` exists (even when its value is None)."""
        return self.get(key, _MISSING) is not _MISSING

    def set(self, key: str | Mapping[str, Any], value: Any = None) -> None:
        """Set ``key`` at runtime (or every pair of a mapping); missing levels are created."""
        pairs = key.items() if isinstance(key, Mapping) else [(key, value)]
        for name, item in pairs:
            *parents, last = name.split(".")
            node = self._items
            for segment in parents:
                child = node.get(segment)
                if not isinstance(child, dict):
                    child = node[segment] = {}
                node = child
            node[last] = item

    def forget(self, key: str) -> None:
        """Remove ``key`` if present."""
        *parents, last = key.split(".")
        node: Any = self._items
        for segment in parents:
            node = node.get(segment) if isinstance(node, dict) else None
        if isinstance(node, dict):
            node.pop(last, None)

    def push(self, key: str, value: Any) -> None:
        """Append ``value`` to the list at ``key`` (created when missing)."""
        current = self.get(key, [])
        self.set(key, [*current, value])

    def all(self) -> dict[str, Any]:
        """Every item (the live dict: treat it as read-only)."""
        return self._items

    def string(self, key: str, default: str | None = None) -> str:
        """Read ``key`` and insist it is a string (``Config::string``)."""
        return self._typed(key, default, str, "a string")  # type: ignore[no-any-return]

    def integer(self, key: str, default: int | None = None) -> int:
        """Read ``key`` and insist it is an integer."""
        return self._typed(key, default, int, "an integer")  # type: ignore[no-any-return]

    def boolean(self, key: str, default: bool | None = None) -> bool:
        """Read ``key`` and insist it is a boolean."""
        return self._typed(key, default, bool, "a boolean")  # type: ignore[no-any-return]

    def _typed(self, key: str, default: Any, kind: type, what: str) -> Any:
        value = self.get(key, default)
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise ConfigError(f"config key {key!r} must be {what}, got {value!r}")
        return value

    def __getitem__(self, key: str) -> Any:
        value = self.get(key, _MISSING)
        if value is _MISSING:
            raise KeyError(key)
        return value

    def __setitem__(self, key: str, value: Any) -> None:
        self.set(key, value)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.has(key)

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __repr__(self) -> str:
        return f"<Repository {sorted(self._items)}>"
