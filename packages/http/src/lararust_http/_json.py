"""The one JSON encoder of the framework: orjson, compact UTF-8, with hooks.

Rules: orjson handles dict/list/str/numbers, datetime/date/time (ISO 8601), UUID, dataclasses and
enums natively; the fallback hook adds ``Decimal`` (as a string, never a lossy float), sets, the
contracts' ``Jsonable`` (its text is embedded as is) and ``Arrayable`` (``to_dict()``), then any
type registered with :func:`register_json_encoder`.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

import orjson
from lararust_contracts import Arrayable, Jsonable

_encoders: dict[type, Callable[[Any], Any]] = {}
_OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY


def register_json_encoder(cls: type, encoder: Callable[[Any], Any]) -> None:
    """Teach the encoder a type: ``encoder(value)`` returns JSON-able data."""
    _encoders[cls] = encoder


def _default(value: Any) -> Any:
    for cls in type(value).__mro__:
        encoder = _encoders.get(cls)
        if encoder is not None:
            return encoder(value)
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (set, frozenset)):
        return list(value)
    if isinstance(value, Jsonable):
        return orjson.Fragment(value.to_json())
    if isinstance(value, Arrayable):
        return value.to_dict()
    if hasattr(value, "__html__"):
        return str(value.__html__())
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


def json_dumps(value: Any, pretty: bool = False) -> bytes:
    """Encode ``value`` to compact (or indented) UTF-8 JSON bytes."""
    return _dumps(value, default=_default, option=_PRETTY if pretty else _OPTIONS)


_dumps = orjson.dumps
_PRETTY = _OPTIONS | orjson.OPT_INDENT_2


def json_loads(data: bytes | str) -> Any:
    """Decode JSON text."""
    return orjson.loads(data)
