"""Turning whatever a handler returned into a :class:`Response` (the kernel's job alone).

Rules, in Laravel's order: a Response as is; ``str`` -> HTML; ``dict``/``list`` -> JSON;
``None`` -> empty 200; ``Responsable`` -> its ``to_response``; ``Jsonable``/``Arrayable``
(models, collections, paginators) -> JSON, 201 when a model says it was just created;
``Htmlable``/``Renderable`` (views) -> HTML; bytes as is; other scalars as text.
:func:`prepare_response` (async) also awaits coroutines and awaitable ``to_response``/``render``
results; :func:`to_response` is the synchronous form for callers that cannot await.
"""

from __future__ import annotations

import inspect
from typing import Any

from lararust_contracts import Arrayable, Htmlable, Jsonable, Renderable, Responsable

from ._responses import JsonResponse, Response


async def prepare_response(request: Any, value: Any) -> Response:
    """Make ``value`` a :class:`Response` for ``request`` (awaiting what needs it)."""
    kind = type(value)
    if kind is str:
        return Response(value)
    if kind is dict or kind is list:
        return JsonResponse(value)
    if isinstance(value, Response):
        return value
    while True:
        if inspect.isawaitable(value):
            value = await value
            continue
        if isinstance(value, Responsable) and not isinstance(value, Response):
            value = value.to_response(request)
            continue
        if isinstance(value, Renderable) and not isinstance(value, (Jsonable, Arrayable, Htmlable)):
            rendered = value.render()
            if inspect.isawaitable(rendered):
                rendered = await rendered
            return Response(str(rendered))
        return to_response(value, request)


def to_response(value: Any, request: Any = None) -> Response:
    """Make ``value`` a :class:`Response` synchronously (see :func:`prepare_response`)."""
    kind = type(value)
    if kind is str:
        return Response(value)
    if kind is dict or kind is list:
        return JsonResponse(value)
    if isinstance(value, Response):
        return value
    if value is None:
        return Response(b"")
    if inspect.isawaitable(value):
        _close(value)
        raise TypeError(_AWAIT_HINT.format(what="the value"))
    if isinstance(value, Responsable):
        return _no_await(value.to_response(request), "to_response()", request)
    if isinstance(value, Jsonable):
        return Response(value.to_json(), _status_of(value), content_type="application/json")
    if isinstance(value, Arrayable):
        return JsonResponse(value.to_dict(), _status_of(value))
    if isinstance(value, Htmlable):
        return Response(value.__html__())
    if isinstance(value, Renderable):
        rendered = value.render()
        if inspect.isawaitable(rendered):
            _close(rendered)
            raise TypeError(_AWAIT_HINT.format(what="render()"))
        return Response(str(rendered))
    if isinstance(value, (bytes, bytearray, memoryview)):
        return Response(bytes(value))
    if isinstance(value, (tuple, set, frozenset)):
        return JsonResponse(list(value))
    if isinstance(value, (int, float)):
        return Response(str(value))
    try:
        return JsonResponse(value)
    except TypeError:
        raise TypeError(
            f"The handler for {getattr(request, 'method', '?')} {getattr(request, 'path', '?')} "
            f"returned a {type(value).__name__}, which cannot become a response: return a str, "
            "dict, list, Response, or an Arrayable/Jsonable/Htmlable/Renderable/Responsable."
        ) from None


_AWAIT_HINT = "{what} is awaitable: use `await prepare_response(request, value)`"


def _no_await(value: Any, what: str, request: Any) -> Response:
    if inspect.isawaitable(value):
        _close(value)
        raise TypeError(_AWAIT_HINT.format(what=what))
    return to_response(value, request)


def _status_of(value: Any) -> int:
    return 201 if getattr(value, "was_recently_created", False) is True else 200


def _close(awaitable: Any) -> None:
    close = getattr(awaitable, "close", None)
    if callable(close):
        close()
