"""A resolution scope: one set of ``scoped`` instances per request or job.

Rules: the current scope lives in a context variable owned by its container, so concurrent
requests (each in its own asyncio task, which copies the context) never see each other's scoped
instances. Ending a scope drops its instances: nothing of one request is reachable from the next.
The variable may instead hold a :class:`ScopeHolder` (our http kernel's request): the scope is
then made on the first scoped resolution and kept on the holder, so a request that resolves
nothing scoped builds no scope, and tasks it starts (copying the context) share its scope. A
container may also read holders from another variable while its own holds nothing
(``use_scope_holders``: the http kernel's current request, so one variable is set per request);
a second container resolving through the same holder gets a scope of its own beside the first.
"""

from __future__ import annotations

from contextvars import ContextVar, Token
from types import TracebackType
from typing import Any, Protocol


class ScopeHolder(Protocol):
    """A per-request object standing for its scope until one is needed (see the module rules)."""

    container_scope: Scope | None


class Scope:
    """The scoped instances of one request or job; a sync and async context manager."""

    __slots__ = ("_beside", "_token", "_var", "instances")

    def __init__(self, var: ContextVar[Any]) -> None:
        self._var = var
        self._token: Token[Any] | None = None
        self.instances: dict[Any, Any] = {}
        self._beside: dict[ContextVar[Any], Scope] | None = None

    def beside(self, var: ContextVar[Any]) -> Scope:
        """The scope another container (``var``) keeps beside this one for the same holder."""
        beside = self._beside
        if beside is None:
            beside = self._beside = {}
        scope = beside.get(var)
        if scope is None:
            scope = beside[var] = Scope(var)
        return scope

    def clear(self) -> None:
        """Forget the instances of this scope and of the scopes beside it."""
        self.instances.clear()
        for scope in (self._beside or {}).values():
            scope.instances.clear()

    @property
    def active(self) -> bool:
        """Whether this scope is the current one (entered and not ended)."""
        return self._token is not None

    def begin(self) -> Scope:
        """Make this scope current in the running context; return it."""
        if self._token is not None:
            raise RuntimeError("this scope has already begun")
        self._token = self._var.set(self)
        return self

    def end(self) -> None:
        """Leave the scope and forget its instances (idempotent)."""
        token, self._token = self._token, None
        if token is not None:
            try:
                self._var.reset(token)
            except ValueError:
                # Ended from another context (a callback run elsewhere): just unset ours.
                if self._var.get() is self:
                    self._var.set(None)
        self.instances.clear()

    def __enter__(self) -> Scope:
        return self.begin()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.end()

    async def __aenter__(self) -> Scope:
        return self.begin()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.end()
