"""The state of one open transaction and its context manager.

The connection of the current transaction lives in a context variable per connection, so
every task spawned inside ``async with DB.transaction():`` (``gather`` included) sees it.
Statements from those tasks are serialised by a lock on the transaction, so the driver never
sees two operations at once. Opening a *nested* transaction (a savepoint) from a task other
than the one that opened the outer transaction raises :class:`TransactionError`: savepoints
from interleaved tasks could not be rolled back meaningfully.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable
from contextvars import Token
from types import TracebackType
from typing import TYPE_CHECKING, Any

from ._errors import TransactionError
from ._fair import FairGate

if TYPE_CHECKING:
    from ._connection import Connection

Callback = Callable[[], Any]


class StatementLock(FairGate):
    """``asyncio.Lock``'s semantics (FIFO, cancellation-safe) with a synchronous free path.

    Every statement on a pinned or transaction connection takes this lock. ``asyncio.Lock``
    costs two coroutine frames per use even when nobody else waits, which is every time in a
    request handler; here :meth:`try_acquire` takes a free lock with no await at all, and
    :meth:`release` hands the lock straight to the oldest waiter (a gate of one slot).
    """

    __slots__ = ()

    def __init__(self) -> None:
        super().__init__(1)

    def locked(self) -> bool:
        """Whether someone holds the lock."""
        return not self.free

    def try_acquire(self) -> bool:
        """Take the lock if it is free and nobody queues for it; say whether it was taken."""
        if self.free and not self.waiters:
            self.free = 0
            return True
        return False

    async def acquire(self) -> None:
        """Wait for the lock (first come, first served)."""
        await self.enter()

    def release(self) -> None:
        """Hand the lock to the oldest live waiter, or free it."""
        self.leave()

    async def __aenter__(self) -> None:
        await self.enter()

    async def __aexit__(self, *exc: object) -> None:
        self.leave()


class TransactionState:
    """One open transaction (or a pinned connection at depth 0): handle, depth, callbacks."""

    __slots__ = ("callbacks", "closed", "depth", "handle", "lock", "owner", "release")

    def __init__(self, handle: Any, release: Callable[[], Awaitable[None]]) -> None:
        self.handle = handle  # None: a lazy pinned connection not checked out yet
        self.release = release
        # Set when the block that opened it ended: a task it spawned that outlives the block
        # goes back to the pool instead of using a released handle.
        self.closed = False
        self.depth = 1
        self.lock = StatementLock()
        self.callbacks: list[list[Callback]] = [[]]
        self.owner = asyncio.current_task()


async def run_callbacks(callbacks: list[Callback]) -> None:
    """Call each callback, awaiting the async ones, in registration order."""
    for callback in callbacks:
        result = callback()
        if inspect.isawaitable(result):
            await result


class Transaction:
    """``async with connection.transaction():`` — BEGIN/SAVEPOINT, then COMMIT or ROLLBACK."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self._token: Token[TransactionState | None] | None = None
        self._state: TransactionState | None = None

    async def __aenter__(self) -> Transaction:
        conn = self._connection
        state = conn._tx.get()
        if state is not None and state.closed:
            state = None
        if state is None:
            handle, release = await conn._open_transaction_handle()
            try:
                await conn._begin(handle)
            except BaseException:
                await release()
                raise
            state = TransactionState(handle, release)
            self._token = conn._tx.set(state)
        elif state.depth == 0:  # a pinned connection: BEGIN on it, keep it pinned afterwards
            # Claim it before awaiting, so a concurrent task sees a transaction (and gets the
            # clear error below) instead of sending a second BEGIN.
            state.depth = 1
            state.callbacks = [[]]
            state.owner = asyncio.current_task()
            try:
                async with state.lock:
                    if state.handle is None:
                        await conn._check_out_pinned(state)
                    await conn._begin(state.handle)
            except BaseException:
                state.depth = 0
                raise
        else:
            if state.owner is not asyncio.current_task():
                raise TransactionError(
                    f"a nested transaction on connection {conn.name!r} was opened from a task "
                    "other than the one that began the transaction; run those tasks one after "
                    "another instead of concurrently"
                )
            async with state.lock:
                await conn._raw(state.handle, f"SAVEPOINT trans{state.depth + 1}")
            state.depth += 1
            state.callbacks.append([])
        self._state = state
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        state = self._state
        assert state is not None
        conn = self._connection
        if state.depth > 1:
            level = state.depth
            state.depth -= 1
            callbacks = state.callbacks.pop()
            async with state.lock:
                if exc_type is None:
                    await conn._raw(state.handle, f"RELEASE SAVEPOINT trans{level}")
                    state.callbacks[-1].extend(callbacks)
                else:
                    await conn._raw(state.handle, f"ROLLBACK TO SAVEPOINT trans{level}")
            return
        committed = False
        try:
            committed = await _finish(conn, state, commit=exc_type is None)
        finally:
            if self._token is None:  # it ran on a pinned connection: keep that one pinned
                state.depth = 0
            else:
                conn._tx.reset(self._token)
                state.closed = True
                await state.release()
        if committed:
            await run_callbacks(state.callbacks[0])


async def _finish(conn: Connection, state: TransactionState, commit: bool) -> bool:
    """Commit (rolling back if COMMIT fails) or roll back; return whether it committed."""
    async with state.lock:
        if not commit:
            await _quiet_rollback(conn, state.handle)
            return False
        try:
            await conn._commit(state.handle)
        except BaseException:
            await _quiet_rollback(conn, state.handle)
            raise
        return True


async def _quiet_rollback(conn: Connection, handle: Any) -> None:
    """Roll back; a failure here must not hide the exception that caused it."""
    try:
        await conn._rollback(handle)
    except Exception:  # the connection is discarded by the pool when it is broken
        conn._discard(handle)


async def _nothing() -> None:
    """The release of a lazy pinned connection that never checked one out."""


class Pinned:
    """``async with conn.pinned():`` — one pooled connection for every statement of the block.

    One checkout instead of one per statement (what a request handler running many queries
    wants); transactions inside it BEGIN on that connection. Nesting is a no-op. With
    ``lazy=True`` the connection is checked out at the block's first statement (a request
    that runs none costs nothing). Tasks spawned inside the block share the connection: their
    statements are serialised by a lock, never sent concurrently.
    """

    def __init__(self, connection: Connection, noop: bool = False, lazy: bool = False) -> None:
        self._connection = connection
        self._noop = noop
        self._lazy = lazy
        self._token: Token[TransactionState | None] | None = None

    async def __aenter__(self) -> Pinned:
        conn = self._connection
        if self._noop:
            return self
        current = conn._tx.get()
        if current is not None and not current.closed:
            return self
        if self._lazy:
            state = TransactionState(None, _nothing)
        else:
            handle, release = await conn._open_pinned_handle()
            state = TransactionState(handle, release)
        state.depth = 0
        self._token = conn._tx.set(state)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._token is None:
            return
        conn = self._connection
        state = conn._tx.get()
        conn._tx.reset(self._token)
        if state is not None:
            state.closed = True
            # Under the lock: a task spawned in the block may still be mid-statement.
            async with state.lock:
                await state.release()
                state.handle = None
