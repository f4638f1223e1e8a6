"""Call user callbacks the way Laravel does: with ``(value, key)`` only when they take a key.

PHP silently drops extra arguments, so Laravel passes ``(value, key)`` to every callback.
Python raises instead, so the arity is read once per operation (not per item) and the
callback is called with the arguments it declares.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

__all__ = ["takes_key", "with_key"]

_TWO = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)


def takes_key(fn: Callable[..., Any]) -> bool:
    """Whether ``fn`` accepts a second positional argument (the key)."""
    try:
        params = inspect.signature(fn).parameters.values()
    except (TypeError, ValueError):
        return False  # builtins without a signature (``int``, ``str.upper``) take one argument
    count = 0
    for param in params:
        if param.kind is inspect.Parameter.VAR_POSITIONAL:
            return True
        if param.kind in _TWO:
            count += 1
    return count >= 2


def with_key(fn: Callable[..., Any]) -> Callable[[Any, Any], Any]:
    """Return ``fn`` as a ``(value, key)`` callable, dropping the key when ``fn`` takes none."""
    if takes_key(fn):
        return fn
    return lambda value, _key: fn(value)
