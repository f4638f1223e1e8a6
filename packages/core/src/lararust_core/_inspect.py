"""How the container reads a callable's parameters (cached: signatures are slow to compute).

Rules: annotations are evaluated once per callable with ``typing.get_type_hints``; a name that
cannot be evaluated (a ``TYPE_CHECKING``-only import) leaves that parameter unannotated instead of
failing the whole callable, so the error later names the one parameter that could not be built.
``Optional[X]`` / ``X | None`` unwrap to ``X`` with ``optional`` set.
"""

from __future__ import annotations

import contextlib
import inspect
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

EMPTY: Any = inspect.Parameter.empty

# Builtin value types are never autowired: an `int` parameter means configuration, not a service.
PRIMITIVES: frozenset[Any] = frozenset(
    {str, int, float, bool, bytes, complex, list, dict, tuple, set, frozenset, type, object}
)


@dataclass(frozen=True, slots=True)
class Param:
    """One parameter of a callable the container may have to fill."""

    name: str
    kind: inspect._ParameterKind
    annotation: Any  # EMPTY when missing or unevaluable
    default: Any  # EMPTY when required
    optional: bool  # the annotation allowed None
    unevaluated: str | None = None  # the annotation text when it could not be evaluated

    @property
    def required(self) -> bool:
        """Whether the parameter has no default."""
        return self.default is EMPTY

    def describe(self) -> str:
        """Render like ``name: Type`` for error messages."""
        if self.annotation is EMPTY:
            return self.name
        return f"{self.name}: {type_name(self.annotation)}"


_CACHE: dict[Any, tuple[Param, ...]] = {}


def type_name(obj: Any) -> str:
    """A short, readable name for a type, key or callable."""
    if isinstance(obj, str):
        return repr(obj)
    if isinstance(obj, type):
        return obj.__qualname__
    return getattr(obj, "__qualname__", None) or repr(obj)


def _unwrap_optional(annotation: Any) -> tuple[Any, bool]:
    origin = typing.get_origin(annotation)
    if origin is typing.Union or origin is types.UnionType:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
        return annotation, type(None) in typing.get_args(annotation)
    return annotation, False


def _hints(fn: Any) -> dict[str, Any]:
    target = fn.__init__ if isinstance(fn, type) else fn  # type: ignore[misc]
    try:
        return typing.get_type_hints(target)
    except Exception:
        # One unevaluable name must not hide the others: evaluate parameter by parameter.
        hints: dict[str, Any] = {}
        raw = getattr(target, "__annotations__", {})
        namespace = getattr(inspect.unwrap(target), "__globals__", {})
        for name, value in raw.items():
            try:
                hints[name] = eval(value, namespace) if isinstance(value, str) else value
            except Exception:
                continue
        return hints


def parameters(fn: Callable[..., Any]) -> tuple[Param, ...]:
    """The parameters of ``fn`` (a class means its constructor), cached."""
    try:
        return _CACHE[fn]
    except (KeyError, TypeError):
        pass
    try:
        signature = inspect.signature(fn)
    except (TypeError, ValueError):
        return ()
    hints = _hints(fn)
    params = []
    for p in signature.parameters.values():
        annotation, optional = _unwrap_optional(hints.get(p.name, EMPTY))
        raw = p.annotation
        unevaluated = raw if annotation is EMPTY and isinstance(raw, str) else None
        params.append(Param(p.name, p.kind, annotation, p.default, optional, unevaluated))
    result = tuple(params)
    with contextlib.suppress(TypeError):  # an unhashable callable is just not cached
        _CACHE[fn] = result
    return result


_AUTOWIRABLE: dict[Any, bool] = {}


def is_autowirable(cls: Any) -> bool:
    """Whether ``cls`` is a concrete class the container may build by itself (cached)."""
    try:
        return _AUTOWIRABLE[cls]
    except KeyError:
        result = _AUTOWIRABLE[cls] = _is_autowirable(cls)
        return result
    except TypeError:
        return _is_autowirable(cls)


def _is_autowirable(cls: Any) -> bool:
    return (
        isinstance(cls, type)
        and cls not in PRIMITIVES
        and not getattr(cls, "_is_protocol", False)
        and not inspect.isabstract(cls)
        and typing.get_origin(cls) is None
    )
