"""Attribute casts of models: stored (driver) values in, Python values out.

Casts run when an attribute is read, never at hydration, so fetching rows stays cheap.
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
    if value is None:
        return None
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
    if value is None:
        return None
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
