"""``Event.fake()``: a dispatcher that records events instead of calling listeners."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from ._events import Dispatcher


class EventFake(Dispatcher):
    """Records every dispatched event; listeners registered on it are kept but never called.

    Args:
        real: a dispatcher to pass events through to when they are not in ``only``.
        only: the events to fake (names or classes); empty fakes everything.
    """

    def __init__(self, real: Dispatcher | None = None, only: Iterable[Any] = ()) -> None:
        super().__init__()
        self._real = real
        self._only = list(only)
        self.recorded: list[tuple[Any, Any]] = []

    def _fakes(self, event: Any) -> bool:
        if not self._only:
            return True
        return any(
            event == target or (isinstance(target, type) and isinstance(event, target))
            for target in self._only
        )

    async def dispatch(self, event: Any, payload: Any = None, halt: bool = False) -> list[Any]:
        """Record ``event`` (or pass it to the real dispatcher when not faked)."""
        if not self._fakes(event) and self._real is not None:
            return await self._real.dispatch(event, payload, halt)
        self.recorded.append((event, payload))
        return []

    def dispatch_sync(self, event: Any, payload: Any = None) -> list[Any]:
        """Record ``event`` from synchronous code."""
        if not self._fakes(event) and self._real is not None:
            return self._real.dispatch_sync(event, payload)
        self.recorded.append((event, payload))
        return []

    def dispatched(self, event: str | type, where: Callable[..., bool] | None = None) -> list[Any]:
        """The recorded events matching ``event`` (and ``where(event_or_payload)``)."""
        found = []
        for recorded, payload in self.recorded:
            same = recorded == event if isinstance(event, str) else isinstance(recorded, event)
            subject = payload if isinstance(recorded, str) else recorded
            if same and (where is None or where(subject)):
                found.append(subject)
        return found

    def assert_dispatched(
        self,
        event: str | type,
        where: Callable[..., bool] | int | None = None,
    ) -> None:
        """Fail unless ``event`` was dispatched (matching ``where``, or exactly N times)."""
        if isinstance(where, int):
            count = len(self.dispatched(event))
            assert count == where, f"{self._label_of(event)} dispatched {count} times, not {where}"
            return
        assert self.dispatched(event, where), f"{self._label_of(event)} was not dispatched"

    def assert_not_dispatched(
        self, event: str | type, where: Callable[..., bool] | None = None
    ) -> None:
        """Fail if ``event`` was dispatched (matching ``where``)."""
        assert not self.dispatched(event, where), f"{self._label_of(event)} was dispatched"

    def assert_nothing_dispatched(self) -> None:
        """Fail if any event was dispatched."""
        names = [self._label(event) for event, _ in self.recorded]
        assert not names, f"events were dispatched: {names}"

    def _label_of(self, event: str | type) -> str:
        return event if isinstance(event, str) else self._name(event)
