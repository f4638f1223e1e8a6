"""Turn values into plain JSON-ready data (the ``Arrayable`` walk of ``to_dict``/``to_json``)."""

from __future__ import annotations

import dataclasses
import datetime as _dt
import decimal
import enum
import uuid
from collections.abc import Mapping
from typing import Any

__all__ = ["json_default", "plain"]


def plain(value: Any) -> Any:
    """Return ``value`` with ``Arrayable`` items converted and containers walked."""
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict) and not isinstance(value, type):
        return plain(to_dict())
    if isinstance(value, Mapping):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def json_default(value: Any) -> Any:
    """``json.dumps`` fallback for dates, UUIDs, Decimals, enums, sets and dataclasses."""
    if isinstance(value, _dt.datetime | _dt.date | _dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID | decimal.Decimal):
        return str(value)
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, set | frozenset):
        return sorted(value, key=repr)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    to_json = getattr(value, "to_json", None)
    if callable(to_json):
        import json

        return json.loads(to_json())
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")
