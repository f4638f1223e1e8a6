"""The event dispatcher (implements ``lararust_contracts.EventDispatcher``).

Rules:
- An event is a string name (``"user.registered"``) with an optional payload, or an instance of
  a plain class. Class events reach listeners of the class and of its bases.
- Wildcard listeners (``"user.*"``) match string names, and class events by their qualified
  name (``"app.events.*"``); they are called ``listener(name, payload)``.
- Listeners run in registration order (exact, then wildcard); ``async`` ones are awaited in
  turn. A listener returning ``False`` stops the propagation (Laravel's rule).
- A listener may be a function, an object or class with ``handle`` (classes are built by the
  container, so their constructors get dependencies injected).
- String-event arguments: a tuple payload is spread, ``None`` means no argument, anything else
  is passed as the one argument.
"""

from __future__ import annotations

import fnmatch
import inspect
from collections.abc import Callable, Iterable
from typing import Any

from ._inspect import type_name

Listener = Any


class Dispatcher:
    """Dispatches events to sync and async listeners."""

    def __init__(self, container: Any = None) -> None:
        self._container = container
        self._listeners: dict[Any, list[Listener]] = {}
        self._wildcards: list[tuple[str, Listener]] = []

    def listen(self, events: str | type | Iterable[str | type], listener: Listener) -> None:
        """Register ``listener`` for one or more events (``*`` wildcards allowed in names)."""
        items = [events] if isinstance(events, str | type) else list(events)
        for event in items:
            if isinstance(event, str) and "*" in event:
                self._wildcards.append((event, listener))
            else:
                self._listeners.setdefault(event, []).append(listener)

    def subscribe(self, subscriber: Any) -> None:
        """Register a subscriber: its ``subscribe(dispatcher)`` either calls ``listen`` or
        returns a mapping of event -> listener (or list of listeners)."""
        if isinstance(subscriber, type):
            subscriber = self._build(subscriber)
        mapping = subscriber.subscribe(self)
        for event, listeners in (mapping or {}).items():
            for listener in listeners if isinstance(listeners, list) else [listeners]:
                self.listen(event, listener)

    def has_listeners(self, event: str | type) -> bool:
        """Tell whether anything listens for ``event`` (wildcards included)."""
        if isinstance(event, type):
            return any(base in self._listeners for base in event.__mro__) or any(
                fnmatch.fnmatchcase(self._name(event), pattern) for pattern, _ in self._wildcards
            )
        return event in self._listeners or any(
            fnmatch.fnmatchcase(event, pattern) for pattern, _ in self._wildcards
        )

    def has_wildcard_listeners(self, event: str) -> bool:
        """Tell whether a wildcard listener matches ``event``."""
        return any(fnmatch.fnmatchcase(event, pattern) for pattern, _ in self._wildcards)

    def forget(self, event: str | type) -> None:
        """Remove every listener of ``event`` (a wildcard pattern removes that pattern)."""
        self._listeners.pop(event, None)
        self._wildcards = [(p, fn) for p, fn in self._wildcards if p != event]

    def get_listeners(self, event: Any) -> list[Listener]:
        """The listeners ``event`` (a name, class or instance) would reach, in call order."""
        if isinstance(event, type):
            return [fn for _, fn in self._collect(event, self._name(event))]
        return [fn for _, fn in self._prepared(event)]

    async def dispatch(self, event: Any, payload: Any = None, halt: bool = False) -> list[Any]:
        """Call every listener of ``event``; return their results.

        With ``halt=True`` return as soon as a listener returns something other than None
        (``[that result]``). A listener returning ``False`` stops the others.
        """
        results: list[Any] = []
        for is_wildcard, listener in self._prepared(event):
            result = self._invoke(listener, event, payload, is_wildcard)
            if inspect.isawaitable(result):
                result = await result
            if halt and result is not None:
                return [result]
            if result is False:
                break
            results.append(result)
        return results

    async def until(self, event: Any, payload: Any = None) -> Any:
        """Dispatch until the first listener returns a non-None value; return it (or None)."""
        results = await self.dispatch(event, payload, halt=True)
        return results[0] if results else None

    def dispatch_sync(self, event: Any, payload: Any = None) -> list[Any]:
        """Dispatch from synchronous code; an ``async`` listener is an error here."""
        results: list[Any] = []
        for is_wildcard, listener in self._prepared(event):
            result = self._invoke(listener, event, payload, is_wildcard)
            if inspect.isawaitable(result):
                close = getattr(result, "close", None)
                if callable(close):
                    close()
                raise RuntimeError(
                    f"listener {type_name(listener)} of {self._label(event)} is async: "
                    "use `await Event.dispatch(...)`"
                )
            if result is False:
                break
            results.append(result)
        return results

    def _prepared(self, event: Any) -> list[tuple[bool, Listener]]:
        if isinstance(event, str):
            return self._collect(None, event)
        return self._collect(type(event), self._name(type(event)))

    def _collect(self, cls: type | None, name: str) -> list[tuple[bool, Listener]]:
        exact: list[tuple[bool, Listener]] = []
        if cls is None:
            exact = [(False, fn) for fn in self._listeners.get(name, [])]
        else:
            for base in cls.__mro__:
                exact += [(False, fn) for fn in self._listeners.get(base, [])]
        if not self._wildcards:
            return exact
        return exact + [
            (True, fn) for pattern, fn in self._wildcards if fnmatch.fnmatchcase(name, pattern)
        ]

    def _invoke(self, listener: Listener, event: Any, payload: Any, is_wildcard: bool) -> Any:
        fn = self._callable(listener)
        if is_wildcard:
            return fn(self._label(event), event if payload is None else payload)
        if not isinstance(event, str):
            return fn(event)
        if payload is None:
            return fn()
        if isinstance(payload, tuple):
            return fn(*payload)
        return fn(payload)

    def _callable(self, listener: Listener) -> Callable[..., Any]:
        if isinstance(listener, type):
            listener = self._build(listener)
        handle = getattr(listener, "handle", None)
        if callable(handle) and not inspect.isfunction(listener):
            return handle  # type: ignore[no-any-return]
        if callable(listener):
            return listener  # type: ignore[no-any-return]
        raise TypeError(f"event listener {listener!r} is not callable and has no handle()")

    def _build(self, cls: type) -> Any:
        if self._container is not None:
            return self._container.make(cls)
        return cls()

    @staticmethod
    def _name(cls: type) -> str:
        return f"{cls.__module__}.{cls.__qualname__}"

    def _label(self, event: Any) -> str:
        return event if isinstance(event, str) else self._name(type(event))
