"""Attribute casts of models: stored (driver) values in, Python values out.

Casts run when an attribute is read, never at hydration, so fetching rows stays cheap.
A custom cast is any object (or class) with ``get(value)`` and ``set(value)``; ``encrypted``
uses the application's encrypter.
Datetimes are timezone-aware UTC; ``decimal:2`` gives a ``Decimal`` with two places.
"""

from __future__ import annotations

import enum
import json
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any


def cast_get(kind: Any, value: Any) -> Any:
    """Convert a stored value for reading according to the cast ``kind``."""
    if hasattr(kind, "get") and not isinstance(kind, str | dict):
        return _instance(kind).get(value)  # a custom cast with get()/set()
    if value is None:
        return None
    if kind == "encrypted":
        return _encrypter().decrypt(value)
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return value if isinstance(value, kind) else kind(value)
    name, _, arg = str(kind).partition(":")
    if name in ("int", "integer"):
        return int(value)
    if name in ("float", "double", "real"):
        return float(value)
    if name in ("bool", "boolean"):
        return value in (True, 1, "1", "true", "t") if not isinstance(value, bool) else value
    if name in ("str", "string"):
        return str(value)
    if name in ("json", "array", "dict", "list", "object"):
        return json.loads(value) if isinstance(value, str | bytes) else value
    if name in ("datetime", "timestamp"):
        return to_datetime(value)
    if name == "date":
        if isinstance(value, datetime):
            return value.date()
        return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
    if name == "decimal":
        number = value if isinstance(value, Decimal) else Decimal(str(value))
        return number.quantize(Decimal(1).scaleb(-int(arg))) if arg else number
    raise ValueError(f"unknown cast {kind!r}")


def cast_set(kind: Any, value: Any) -> Any:
    """Convert a Python value for storing according to the cast ``kind``."""
    if hasattr(kind, "set") and not isinstance(kind, str | dict):
        return _instance(kind).set(value)
    if value is None:
        return None
    if kind == "encrypted":
        return _encrypter().encrypt(value)
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return value.value if isinstance(value, enum.Enum) else value
    name = str(kind).partition(":")[0]
    if name in ("json", "array", "dict", "list", "object") and not isinstance(value, str):
        return json.dumps(value)
    if name in ("datetime", "timestamp"):
        return to_datetime(value)
    return value


def to_datetime(value: Any) -> datetime:
    """An aware UTC datetime from a driver value (naive values are UTC)."""
    if isinstance(value, datetime):
        result = value
    elif isinstance(value, date):
        result = datetime(value.year, value.month, value.day)
    else:
        result = datetime.fromisoformat(str(value))
    return result.replace(tzinfo=UTC) if result.tzinfo is None else result.astimezone(UTC)


def _encrypter() -> Any:
    """The application's encrypter (``encrypted`` casts need a running app with APP_KEY)."""
    from lararust_core import app

    return app().make("encrypter")


def _instance(kind: Any) -> Any:
    return kind() if isinstance(kind, type) else kind
