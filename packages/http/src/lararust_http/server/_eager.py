"""Python 3.11's stand-in for eager tasks: a request's first step runs at once, inside a Task.

On 3.11 ``loop.create_task`` costs a scheduled step and a loop iteration per request (~2 us of
~10). Running the handler's first step by hand is only correct if handlers still see what a
Task gives them: ``asyncio.current_task()`` is a Task, the same one for the whole request (the
ORM records a transaction's owner with it; ``asyncio.timeout()`` and anyio need it), a fresh
copy of the context, and cancellation arriving as ``CancelledError``.

So each connection owns one long-lived *runner* Task that normally idles. A request's first
step runs in the protocol callback with the runner *entered* as the current task
(``_enter_task``, what a Task's own step does) in a copied context. Most handlers never really
wait and finish right there: no task scheduled, no extra loop iteration. One that does wait
is handed to the runner, which keeps driving the same coroutine in the same context
(re-yielding each awaited future to its Task, so the future protocol and ``Task.cancel()``
work exactly as in a Task of its own). The runner does one request at a time; when it is busy
(background work after a response) the caller falls back to a plain Task.
"""

from __future__ import annotations

import asyncio
import contextvars
import types
from collections.abc import Coroutine, Generator
from typing import Any

from ._access_log import error_logger

# The same (C) functions a Task's step uses to make itself current_task() for its loop.
_enter_task: Any = asyncio.tasks._enter_task
_leave_task: Any = asyncio.tasks._leave_task
_copy_context = contextvars.copy_context

Job = tuple[Coroutine[Any, Any, None], Any, contextvars.Context]


@types.coroutine
def _resume(yielded: Any) -> Generator[Any, None, None]:
    """Hand what the request's coroutine yielded (a future, or None) to the runner's Task.

    The very object goes up: the Task checks its ``_asyncio_future_blocking`` flag (set by
    ``Future.__await__``), waits on it, and cancels it on ``Task.cancel()``; its result or
    exception comes back here, and the runner forwards it into the request's coroutine.
    """
    yield yielded


class EagerRunner:
    """One connection's runner Task and the request it is driving (if any)."""

    __slots__ = ("_closing", "_job", "_waiter", "loop", "task")

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.task: asyncio.Task[None] | None = None
        self._job: Job | None = None
        self._waiter: asyncio.Future[None] | None = None
        self._closing = False

    @property
    def idle(self) -> bool:
        """No request is being driven (the previous one may still be in its background work)."""
        return self._job is None

    def start(self, coro: Coroutine[Any, Any, None]) -> asyncio.Task[None] | None:
        """Run ``coro``'s first step now; None when it finished, else the Task now driving it.

        Only call when no task is current (a protocol callback) and ``idle`` is true.
        """
        loop = self.loop
        task = self.task
        if task is None or task.done():
            # Lazily, on the connection's first request (a runner killed by a cancellation
            # that escaped its handler is replaced the same way).
            task = self.task = loop.create_task(self._run())
        ctx = _copy_context()  # what a Task would have copied: nothing leaks between requests
        _enter_task(loop, task)
        try:
            yielded = ctx.run(coro.send, None)
        except StopIteration:
            return None  # answered synchronously
        except (KeyboardInterrupt, SystemExit):
            raise
        except asyncio.CancelledError:
            return None  # a Task would just have ended cancelled
        except BaseException:  # a Task would have kept it, and logged it when collected
            error_logger.exception("Exception in a request task")
            return None
        finally:
            _leave_task(loop, task)
        self._job = (coro, yielded, ctx)
        waiter = self._waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)
        return task

    def close(self) -> None:
        """The connection is gone: the runner ends once idle (now, or after its request)."""
        self._closing = True
        waiter = self._waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    async def _run(self) -> None:
        task = asyncio.current_task()
        assert task is not None
        while True:
            cancelled = None
            if self._job is None:
                if self._closing:
                    return  # never before the request handed over is driven to its end
                cancelled = await self._idle()
            job = self._job
            if job is None:
                if cancelled is not None:
                    _reset(task)  # see _idle
                continue  # woken by close(), or a cancel that nobody is left to see
            try:
                await _drive(*job, cancelled)
            finally:
                self._job = None
                # Each request starts with a Task that has no pending cancellation.
                _reset(task)

    async def _idle(self) -> BaseException | None:
        """Wait for a request (or close()); a cancellation meanwhile is returned, not raised.

        It is meant for the request handed over meanwhile, if any: one that arrived before the
        runner took the request over (e.g. asyncio.timeout(0) firing right after the first
        step). Without a request it was left by a handler that cancelled its task and then
        returned: a Task of its own would have ended, with nobody left to see it.
        """
        waiter = self._waiter = self.loop.create_future()
        try:
            await waiter
        except asyncio.CancelledError as exc:
            return exc
        finally:
            self._waiter = None
        return None


async def _drive(
    coro: Coroutine[Any, Any, None],
    yielded: Any,
    ctx: contextvars.Context,
    exc: BaseException | None,
) -> None:
    """Drive the request's coroutine to its end, each step in its own context, as a Task does."""
    if exc is not None and isinstance(yielded, asyncio.Future):
        yielded.cancel()  # Task.cancel() cancels what its coroutine waits on
    while True:
        if exc is None:
            try:
                await _resume(yielded)
            except BaseException as error:  # the future's exception, or a cancellation
                exc = error
        try:
            yielded = ctx.run(coro.send, None) if exc is None else ctx.run(coro.throw, exc)
        except StopIteration:
            return
        exc = None


def _reset(task: asyncio.Task[None]) -> None:
    while task.cancelling():
        task.uncancel()
