"""now()/today(): timezone-aware, in a settable default timezone, freezable for tests."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from lararust_support import (
    get_default_timezone,
    get_test_now,
    now,
    set_default_timezone,
    set_test_now,
    today,
)


@pytest.mark.smoke
def test_now_is_aware_and_utc_by_default() -> None:
    moment = now()
    assert moment.tzinfo is not None
    assert moment.utcoffset() == dt.timedelta(0)


def test_now_follows_the_default_timezone() -> None:
    set_default_timezone("Asia/Kolkata")
    assert now().utcoffset() == dt.timedelta(hours=5, minutes=30)


def test_now_accepts_an_explicit_timezone() -> None:
    assert now("Asia/Tokyo").utcoffset() == dt.timedelta(hours=9)


def test_default_timezone_accepts_a_tzinfo() -> None:
    tz = dt.timezone(dt.timedelta(hours=-3))
    set_default_timezone(tz)
    assert get_default_timezone() is tz


@pytest.mark.parametrize("name", ["UTC", "utc", "Etc/UTC"])
def test_utc_names_need_no_tz_database(name: str) -> None:
    set_default_timezone(name)
    assert get_default_timezone() is dt.UTC


@pytest.mark.parametrize("name", ["Mars/Olympus", "", "../../etc/passwd"])
def test_unknown_timezone_is_a_clear_error(name: str) -> None:
    with pytest.raises(ValueError, match="timezone"):
        set_default_timezone(name)


def test_set_test_now_freezes_the_clock() -> None:
    frozen = dt.datetime(2024, 2, 29, 12, 30, tzinfo=dt.UTC)
    set_test_now(frozen)
    assert now() == frozen
    assert get_test_now() == frozen


def test_frozen_clock_is_shown_in_the_default_timezone() -> None:
    set_test_now(dt.datetime(2024, 1, 1, 23, 30, tzinfo=dt.UTC))
    set_default_timezone("Europe/Paris")
    assert now().hour == 0
    assert now().tzinfo == ZoneInfo("Europe/Paris")


def test_naive_test_now_is_read_in_the_default_timezone() -> None:
    set_default_timezone("Asia/Tokyo")
    set_test_now(dt.datetime(2024, 1, 1, 9, 0))
    assert now().astimezone(dt.UTC).hour == 0


def test_clearing_test_now_restarts_the_clock() -> None:
    set_test_now(dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
    set_test_now(None)
    assert now().year > 2000


def test_today_is_aware_midnight_in_the_default_timezone() -> None:
    set_default_timezone("America/New_York")
    set_test_now(dt.datetime(2024, 7, 4, 3, 0, tzinfo=dt.UTC))  # 23:00 on the 3rd in New York
    start = today()
    assert (start.year, start.month, start.day, start.hour, start.minute) == (2024, 7, 3, 0, 0)
    assert start.utcoffset() == dt.timedelta(hours=-4)


def test_today_date_gives_a_plain_date() -> None:
    set_test_now(dt.datetime(2024, 7, 4, 3, 0, tzinfo=dt.UTC))
    assert today().date() == dt.date(2024, 7, 4)
