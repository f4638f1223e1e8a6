"""Time helpers: ``now()`` and ``today()`` in the application's default timezone.

The default timezone is process-wide (core sets it from ``config("app.timezone")`` at boot) and
starts as UTC. ``set_test_now`` freezes the clock for tests, like Carbon's ``setTestNow``.
"""

from __future__ import annotations

import datetime as _dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = [
    "get_default_timezone",
    "get_test_now",
    "now",
    "set_default_timezone",
    "set_test_now",
    "today",
]

_UTC_NAMES = frozenset({"utc", "z", "etc/utc", "gmt", "etc/gmt"})

_default_tz: _dt.tzinfo = _dt.UTC
_test_now: _dt.datetime | None = None


def _to_tz(tz: str | _dt.tzinfo) -> _dt.tzinfo:
    if isinstance(tz, _dt.tzinfo):
        return tz
    if not isinstance(tz, str) or not tz:
        raise ValueError(f"a timezone must be a tzinfo or an IANA name, got {tz!r}")
    if tz.lower() in _UTC_NAMES:
        # No tz database needed for UTC (Windows and slim images may lack one).
        return _dt.UTC
    try:
        return ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(
            f"unknown timezone {tz!r}: use an IANA name such as 'UTC' or 'Europe/Paris'"
        ) from exc


def set_default_timezone(tz: str | _dt.tzinfo) -> None:
    """Set the timezone ``now()`` and ``today()`` use (an IANA name or a ``tzinfo``).

    Raises:
        ValueError: the name is not a known IANA timezone.
    """
    global _default_tz
    _default_tz = _to_tz(tz)


def get_default_timezone() -> _dt.tzinfo:
    """Return the timezone ``now()`` and ``today()`` use."""
    return _default_tz


def set_test_now(moment: _dt.datetime | None) -> None:
    """Freeze ``now()`` at ``moment`` (aware; a naive one is read in the default timezone).

    ``None`` unfreezes the clock.
    """
    global _test_now
    if moment is not None and moment.tzinfo is None:
        moment = moment.replace(tzinfo=_default_tz)
    _test_now = moment


def get_test_now() -> _dt.datetime | None:
    """Return the frozen moment, or ``None`` when the clock runs."""
    return _test_now


def now(tz: str | _dt.tzinfo | None = None) -> _dt.datetime:
    """Return the current moment, timezone-aware, in ``tz`` or the default timezone."""
    zone = _default_tz if tz is None else _to_tz(tz)
    frozen = _test_now
    if frozen is not None:
        return frozen.astimezone(zone)
    return _dt.datetime.now(zone)


def today(tz: str | _dt.tzinfo | None = None) -> _dt.datetime:
    """Return midnight at the start of the current day, timezone-aware (Laravel's ``today()``).

    Call ``.date()`` on it for a plain ``datetime.date``.
    """
    moment = now(tz)
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)
