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
        rule = _kind_of(value)
        if rule is _RESPONSABLE and not isinstance(value, Response):
            value = value.to_response(request)
            continue
        if rule is _HTMLABLE:  # views: decided here, not classified again by to_response
            return Response(value.__html__())
        if rule is _RENDERABLE:
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
    rule = _kind_of(value)
    if rule is _RESPONSABLE:
        return _no_await(value.to_response(request), "to_response()", request)
    if rule is _JSONABLE:
        return Response(value.to_json(), _status_of(value), content_type="application/json")
    if rule is _ARRAYABLE:
        return JsonResponse(value.to_dict(), _status_of(value))
    if rule is _HTMLABLE:
        return Response(value.__html__())
    if rule is _RENDERABLE:
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


# The protocol a value satisfies, in the order the rules above try them. A
# runtime_checkable isinstance() costs microseconds (it walks the protocol's members), and a
# request used to run up to nine of them; the answer depends on the class alone, so it is
# worked out once per class. Python's own ABC machinery already caches the class-level half
# (issubclass) forever; what it re-checks per instance is attributes living on the instance
# (its __dict__) or produced by __getattr__, so values whose class is dynamic that way, or
# whose __dict__ names one of the protocol methods, still take the exact isinstance() route.
_RESPONSABLE = "responsable"
_JSONABLE = "jsonable"
_ARRAYABLE = "arrayable"
_HTMLABLE = "htmlable"
_RENDERABLE = "renderable"
_PROTOCOLS: tuple[tuple[str, type], ...] = (
    (_RESPONSABLE, Responsable),
    (_JSONABLE, Jsonable),
    (_ARRAYABLE, Arrayable),
    (_HTMLABLE, Htmlable),
    (_RENDERABLE, Renderable),
)
_PLAIN = "plain"  # none of the protocols
_DYNAMIC = "dynamic"  # decide per instance
_MEMBERS = frozenset({"to_response", "to_json", "to_dict", "__html__", "render"})
_KINDS: dict[type, str] = {}
_object_getattribute = object.__getattribute__


def _kind_of(value: Any) -> str:
    """Which protocol ``value`` satisfies first (``_PLAIN`` for none), cached per class."""
    cls = type(value)
    kind = _KINDS.get(cls)
    if kind is None:
        kind = _KINDS[cls] = _classify(cls)
    if kind is not _DYNAMIC:
        try:
            own = _object_getattribute(value, "__dict__")
        except AttributeError:
            return kind
        if not own or _MEMBERS.isdisjoint(own):
            return kind
    return _kind_by_isinstance(value)


def _classify(cls: type) -> str:
    # A custom __getattr__/__getattribute__ or a __class__ override can answer differently
    # per instance: those classes are never cached.
    # (Looked up in the class dicts: a metaclass __getattr__, as Macroable's, must not count.)
    for base in cls.__mro__[:-1]:
        own = vars(base)
        if "__getattr__" in own or "__getattribute__" in own or "__class__" in own:
            return _DYNAMIC
    for name, protocol in _PROTOCOLS:
        if issubclass(cls, protocol):
            return name
    return _PLAIN


def _kind_by_isinstance(value: Any) -> str:
    for name, protocol in _PROTOCOLS:
        if isinstance(value, protocol):
            return name
    return _PLAIN


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
