"""blank/filled/tap/value/retry/aretry: Laravel's small global helpers."""

from __future__ import annotations

from typing import Any

import pytest
from lararust_support import aretry, blank, collect, filled, retry, tap, value


@pytest.mark.smoke
@pytest.mark.parametrize(
    ("item", "is_blank"),
    [
        (None, True),
        ("", True),
        ("   \n", True),
        ([], True),
        ({}, True),
        (collect([]), True),
        (0, False),
        (False, False),
        (0.0, False),
        ("0", False),
        ([None], False),
        (collect([1]), False),
        (object(), False),
    ],
)
def test_blank_and_filled(item: Any, is_blank: bool) -> None:
    assert blank(item) is is_blank
    assert filled(item) is not is_blank


def test_tap_returns_the_value_after_the_callback() -> None:
    seen: list[list[int]] = []
    items = [1]
    assert tap(items, seen.append) is items
    assert seen == [[1]]


def test_value_calls_callables_only() -> None:
    assert value(5) == 5
    assert value(lambda a, b: a + b, 1, 2) == 3


class Flaky:
    def __init__(self, failures: int, exc: type[Exception] = ConnectionError) -> None:
        self.failures = failures
        self.exc = exc
        self.attempts: list[int] = []

    def __call__(self, attempt: int) -> str:
        self.attempts.append(attempt)
        if len(self.attempts) <= self.failures:
            raise self.exc(f"attempt {attempt}")
        return "ok"


def test_retry_until_success() -> None:
    flaky = Flaky(2)
    assert retry(3, flaky) == "ok"
    assert flaky.attempts == [1, 2, 3]


def test_retry_raises_the_last_error() -> None:
    flaky = Flaky(5)
    with pytest.raises(ConnectionError, match="attempt 3"):
        retry(3, flaky)


def test_retry_when_stops_on_other_errors() -> None:
    flaky = Flaky(5, ValueError)
    with pytest.raises(ValueError, match="attempt 1"):
        retry(3, flaky, when=lambda exc: isinstance(exc, ConnectionError))
    assert flaky.attempts == [1]


def test_retry_sleeps_between_attempts(monkeypatch: pytest.MonkeyPatch) -> None:
    pauses: list[float] = []
    monkeypatch.setattr("lararust_support._helpers.time.sleep", pauses.append)
    retry(4, Flaky(3), sleep_ms=[100, 200])
    assert pauses == [0.1, 0.2, 0.2]


def test_retry_backoff_function(monkeypatch: pytest.MonkeyPatch) -> None:
    pauses: list[float] = []
    monkeypatch.setattr("lararust_support._helpers.time.sleep", pauses.append)
    retry(3, Flaky(2), sleep_ms=lambda attempt: attempt * 10)
    assert pauses == [0.01, 0.02]


@pytest.mark.parametrize("times", [0, -1])
def test_retry_needs_an_attempt(times: int) -> None:
    with pytest.raises(ValueError, match="at least one"):
        retry(times, Flaky(0))


async def test_aretry_awaits_and_retries() -> None:
    flaky = Flaky(1)

    async def call(attempt: int) -> str:
        return flaky(attempt)

    assert await aretry(2, call, sleep_ms=1) == "ok"
    assert flaky.attempts == [1, 2]


async def test_aretry_raises_the_last_error() -> None:
    async def fail(attempt: int) -> str:
        raise TimeoutError(f"attempt {attempt}")

    with pytest.raises(TimeoutError, match="attempt 2"):
        await aretry(2, fail)
