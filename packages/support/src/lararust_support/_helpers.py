"""Laravel's small global helpers: ``blank``, ``filled``, ``tap``, ``value``, ``retry``.

``blank`` follows Laravel: ``None``, an empty or whitespace-only string and an empty container
are blank; ``0`` and ``False`` are *not* (they are values someone chose).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence, Sized
from typing import Any, TypeVar

__all__ = ["aretry", "blank", "filled", "retry", "tap", "value"]

T = TypeVar("T")

Backoff = int | float | Sequence[int | float] | Callable[[int], int | float]


def blank(value: object) -> bool:
    """Whether ``value`` is "empty" the Laravel way (``None``, ``"  "``, ``[]``, ``{}``)."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, bool | int | float):
        return False
    if isinstance(value, Sized):
        return len(value) == 0
    return False


def filled(value: object) -> bool:
    """The opposite of ``blank``."""
    return not blank(value)


def tap(value: T, callback: Callable[[T], object]) -> T:
    """Call ``callback(value)`` and return ``value`` (for side effects inside an expression)."""
    callback(value)
    return value


def value(target: Callable[..., T] | T, *args: Any) -> T:
    """Return ``target(*args)`` when it is callable, else ``target`` itself."""
    if callable(target):
        return target(*args)
    return target


def _delay_ms(backoff: Backoff, attempt: int) -> float:
    if callable(backoff):
        return float(backoff(attempt))
    if isinstance(backoff, int | float):
        return float(backoff)
    if not backoff:
        return 0.0
    return float(backoff[min(attempt - 1, len(backoff) - 1)])


def _check_times(times: int) -> None:
    if times < 1:
        raise ValueError(f"retry needs at least one attempt, got times={times}")


def retry(
    times: int,
    callback: Callable[[int], T],
    sleep_ms: Backoff = 0,
    when: Callable[[BaseException], bool] | None = None,
) -> T:
    """Call ``callback(attempt)`` up to ``times`` times until it does not raise.

    ``sleep_ms`` is the pause between attempts: a number, a list (one per attempt, the last
    repeats) or ``fn(attempt)``. ``when(exc)`` returning ``False`` stops retrying at once. The
    last exception propagates.
    """
    _check_times(times)
    for attempt in range(1, times + 1):
        try:
            return callback(attempt)
        except Exception as exc:
            if attempt == times or (when is not None and not when(exc)):
                raise
            pause = _delay_ms(sleep_ms, attempt)
            if pause > 0:
                time.sleep(pause / 1000)
    raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises


async def aretry(
    times: int,
    callback: Callable[[int], Awaitable[T]],
    sleep_ms: Backoff = 0,
    when: Callable[[BaseException], bool] | None = None,
) -> T:
    """``retry`` for coroutines: awaits ``callback(attempt)`` and pauses with ``asyncio.sleep``."""
    _check_times(times)
    for attempt in range(1, times + 1):
        try:
            return await callback(attempt)
        except Exception as exc:
            if attempt == times or (when is not None and not when(exc)):
                raise
            pause = _delay_ms(sleep_ms, attempt)
            if pause > 0:
                await asyncio.sleep(pause / 1000)
    raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises
