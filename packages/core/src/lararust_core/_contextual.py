"""Contextual binding: ``container.when(Consumer).needs(Dependency).give(Implementation)``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._container import Container


@dataclass(frozen=True, slots=True)
class Tagged:
    """Give every service tagged ``tag`` (a list)."""

    tag: str


@dataclass(frozen=True, slots=True)
class ConfigValue:
    """Give the configuration value at ``key`` (read when the consumer is built)."""

    key: str
    default: Any = None


class ContextualBindingBuilder:
    """Collects ``when(...).needs(...)`` and stores the ``give(...)`` answer."""

    __slots__ = ("_consumers", "_container", "_need")

    def __init__(self, container: Container, consumers: Iterable[Any]) -> None:
        self._container = container
        self._consumers = list(consumers)
        self._need: Any = None

    def needs(self, abstract: Any) -> ContextualBindingBuilder:
        """The dependency to override: a class/key, or ``"$name"`` for a parameter by name."""
        self._need = abstract
        return self

    def give(self, implementation: Any) -> None:
        """A class (built), a factory (called with the container) or a plain value."""
        if self._need is None:
            raise ValueError("call needs(...) before give(...)")
        for consumer in self._consumers:
            self._container.add_contextual_binding(consumer, self._need, implementation)

    def give_tagged(self, tag: str) -> None:
        """Give the list of services tagged ``tag``."""
        self.give(Tagged(tag))

    def give_config(self, key: str, default: Any = None) -> None:
        """Give the configuration value at ``key``."""
        self.give(ConfigValue(key, default))
