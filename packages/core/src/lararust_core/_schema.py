"""Typed env variables and config keys, checked at boot (``APP_PORT=abc`` fails at start).

A schema maps names to types: ``str``, ``int``, ``float``, ``bool``, ``Literal[...]`` or any of
them ``| None`` (optional). Without ``None`` a name is required. Declare them in a config file
(``schema = {"port": int}`` types ``app.port`` in ``config/app.py``; ``env_schema = {"APP_PORT":
int}`` types the variable) or with ``Application.configure(...).with_schema(env=..., config=...)``.
Every problem is reported at once, each naming the variable or key and where it came from.
"""

from __future__ import annotations

import os
import types
import typing
from collections.abc import Mapping
from typing import Any

from ._config import ConfigError, Repository
from ._env import EnvError, cast_env_value, describe_source

_MISSING: Any = object()


def _split(kind: Any) -> tuple[Any, bool]:
    origin = typing.get_origin(kind)
    if origin is typing.Union or origin is types.UnionType:
        args = [a for a in typing.get_args(kind) if a is not type(None)]
        optional = len(args) != len(typing.get_args(kind))
        return (args[0] if len(args) == 1 else typing.Union[tuple(args)]), optional  # noqa: UP007
    return kind, False


def _describe(kind: Any) -> str:
    if typing.get_origin(kind) is typing.Literal:
        return "one of " + ", ".join(repr(a) for a in typing.get_args(kind))
    return getattr(kind, "__name__", str(kind))


def _fits(value: Any, kind: Any) -> bool:
    if typing.get_origin(kind) is typing.Literal:
        return value in typing.get_args(kind)
    if kind is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if isinstance(kind, type):
        return isinstance(value, kind)
    return True


def check_env(schema: Mapping[str, Any], origin: str) -> list[str]:
    """Problems of the environment against ``schema`` (declared in ``origin``)."""
    problems = []
    for name, declared in schema.items():
        kind, optional = _split(declared)
        raw = os.environ.get(name)
        if raw is None or raw == "":
            if not optional:
                problems.append(f"{name} is required ({_describe(kind)}; declared in {origin})")
            continue
        try:
            if typing.get_origin(kind) is typing.Literal:
                if raw not in [str(a) for a in typing.get_args(kind)]:
                    problems.append(
                        f"{name} must be {_describe(kind)}, got {raw!r}{describe_source(name)}"
                    )
            else:
                cast_env_value(name, raw, kind)
        except EnvError as exc:
            problems.append(str(exc))
    return problems


def check_config(
    repository: Repository,
    schema: Mapping[str, Any],
    prefix: str,
    origins: str | Mapping[str, str],
) -> list[str]:
    """Problems of ``repository`` against ``schema`` (keys under ``prefix``).

    ``origins`` says where the schema was declared: one text, or one per name (``file:line``).
    """
    problems = []
    for name, declared in schema.items():
        origin = origins if isinstance(origins, str) else origins.get(name, "")
        key = f"{prefix}.{name}" if prefix else name
        kind, optional = _split(declared)
        value = repository.get(key, _MISSING)
        if value is _MISSING or value is None:
            if not optional:
                problems.append(f"config key {key!r} is required ({_describe(kind)}; {origin})")
            continue
        if not _fits(value, kind):
            problems.append(
                f"config key {key!r} must be {_describe(kind)}, got {value!r} ({origin})"
            )
    return problems


def raise_problems(problems: list[str]) -> None:
    """Raise one :class:`ConfigError` listing every problem (nothing when empty)."""
    if problems:
        listing = "\n  - ".join(problems)
        raise ConfigError(f"invalid configuration:\n  - {listing}")
