"""``Pipeline``: send a value through a chain of stages, then to a destination.

Rules of this module:

- Stages are already resolved (the http kernel resolves middleware names through the
  container); a class given as a stage is an error, not a silent instantiation.
- A stage is an object with a ``handle(passable, next)`` method (the method name is settable
  with ``via``) or a plain callable ``(passable, next)``. Either may be ``async`` or return an
  awaitable; ``next(passable)`` always returns an awaitable, so a stage writes
  ``response = await next(request)``.
- The chain is compiled once into linked layer objects (no closure per call) and cached on the
  pipeline, so reusing one ``Pipeline`` for every request costs one coroutine per async stage.
"""

from __future__ import annotations

import inspect
import weakref
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

__all__ = ["Pipeline"]

Next = Callable[[Any], Awaitable[Any]]


# Weak keys: classes made at runtime (tests, plugins) must stay collectable.
_ASYNC_METHODS: weakref.WeakKeyDictionary[type, dict[str, bool]] = weakref.WeakKeyDictionary()


def _stage_is_async(stage: object, handle: object, method: str) -> bool:
    if handle is stage or method in getattr(stage, "__dict__", ()):
        return _is_async(handle)  # a plain callable, or a handler set on the instance itself
    # Middleware classes are few and their instances many: inspect each class once.
    methods = _ASYNC_METHODS.get(type(stage))
    if methods is None:
        methods = _ASYNC_METHODS[type(stage)] = {}
    known = methods.get(method)
    if known is None:
        known = methods[method] = _is_async(handle)
    return known


def _is_async(fn: object) -> bool:
    if inspect.iscoroutinefunction(fn):
        return True
    call = getattr(fn, "__call__", None)  # noqa: B004 - an instance with ``async def __call__``
    return call is not None and inspect.iscoroutinefunction(call)


class _AsyncLayer:
    """A stage whose handler is a coroutine function: calling it returns its coroutine as is."""

    __slots__ = ("handle", "next")

    def __init__(self, handle: Callable[[Any, Next], Awaitable[Any]], next: Next) -> None:
        self.handle = handle
        self.next = next

    def __call__(self, passable: Any) -> Awaitable[Any]:
        # Not ``async def``: returning the stage's own coroutine saves one frame per layer.
        return self.handle(passable, self.next)


class _SyncLayer:
    """A stage whose handler is a plain callable that may or may not return an awaitable."""

    __slots__ = ("handle", "next")

    def __init__(self, handle: Callable[[Any, Next], Any], next: Next) -> None:
        self.handle = handle
        self.next = next

    async def __call__(self, passable: Any) -> Any:
        result = self.handle(passable, self.next)
        if inspect.isawaitable(result):
            result = await result
        return result


class _Destination:
    """Adapts a sync or maybe-awaitable destination to ``next``'s always-awaitable shape."""

    __slots__ = ("fn",)

    def __init__(self, fn: Callable[[Any], Any]) -> None:
        self.fn = fn

    async def __call__(self, passable: Any) -> Any:
        result = self.fn(passable)
        if inspect.isawaitable(result):
            result = await result
        return result


def _identity(passable: Any) -> Any:
    return passable


class Pipeline:
    """Send a value through stages to a destination (Laravel's ``Pipeline``), asynchronously.

    Example::

        response = await Pipeline().send(request).through(middleware).then(handler)

        # On a hot path, compile once and call the result per request:
        handle = Pipeline().through(middleware).compile(handler)
        response = await handle(request)
    """

    __slots__ = ("_compiled", "_method", "_passable", "_stages")

    def __init__(self, stages: Iterable[object] = ()) -> None:
        self._stages: list[object] = []
        self._method = "handle"
        self._passable: Any = None
        self._compiled: tuple[Callable[[Any], Any], Next] | None = None
        self._add(stages)

    def send(self, passable: Any) -> Pipeline:
        """Set the value to send through the stages."""
        self._passable = passable
        return self

    def through(self, stages: Iterable[object]) -> Pipeline:
        """Replace the stages (outermost first)."""
        self._stages = []
        self._compiled = None
        self._add(stages)
        return self

    def pipe(self, *stages: object) -> Pipeline:
        """Append stages after the current ones."""
        self._compiled = None
        self._add(stages)
        return self

    def via(self, method: str) -> Pipeline:
        """Call ``method`` on stage objects instead of ``handle``."""
        self._method = method
        self._compiled = None
        return self

    @property
    def stages(self) -> tuple[object, ...]:
        """The stages, outermost first."""
        return tuple(self._stages)

    def _add(self, stages: Iterable[object]) -> None:
        for stage in stages:
            if isinstance(stage, type):
                raise TypeError(
                    f"pipeline stage {stage.__qualname__} is a class; stages must be resolved "
                    f"instances or callables (resolve it through the container first)"
                )
            self._stages.append(stage)

    def compile(self, destination: Callable[[Any], Any]) -> Next:
        """Return ``async fn(passable)`` running the stages then ``destination``; call it often.

        The returned callable holds no per-call state, so one compiled chain may serve
        concurrent calls.
        """
        cached = self._compiled
        if cached is not None and cached[0] is destination:
            return cached[1]
        chain: Next = destination if _is_async(destination) else _Destination(destination)
        for stage in reversed(self._stages):
            chain = self._layer(stage, chain)
        self._compiled = (destination, chain)
        return chain

    def _layer(self, stage: object, next: Next) -> Next:
        method = self._method
        handle = getattr(stage, method, None)
        if handle is None:
            if not callable(stage):
                raise TypeError(
                    f"pipeline stage {stage!r} has no {method}() method and is not callable"
                )
            handle = stage
        if _stage_is_async(stage, handle, method):
            return _AsyncLayer(handle, next)
        return _SyncLayer(handle, next)

    def then(self, destination: Callable[[Any], Any]) -> Awaitable[Any]:
        """Run the stages and ``destination`` on the sent value; await the result."""
        return self.compile(destination)(self._passable)

    def then_return(self) -> Awaitable[Any]:
        """Run the stages and return the (possibly replaced) passable itself."""
        return self.compile(_identity)(self._passable)
