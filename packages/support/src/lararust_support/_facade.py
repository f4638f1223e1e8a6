"""The facade base: module-level proxies to services bound in the application container.

Rules of this module:

- A ``Facade`` forwards every attribute it does not define itself to the instance it resolves,
  so ``Log.info("x")`` calls ``resolve().info("x")``.
- Resolution order: a swapped instance (``swap``/``fake``) > the resolver core installs with
  ``set_facade_resolver`` (``fn(accessor)``, which raises ``LookupError`` when the accessor is not
  bound or no application runs) > the standalone ``default()``, created once and cached, so a plain
  script without an application still works (``DB.configure(url)``).
- Nothing the resolver returns is cached here: the resolver answers for the *current* application
  (core keeps it in a context variable), and caching would leak one application's services into
  the next (tests build many applications in one process).
"""

from __future__ import annotations

import contextlib
import threading
import weakref
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar, overload

__all__ = [
    "Facade",
    "FacadeControls",
    "clear_facades",
    "get_facade_resolver",
    "isolated_facades",
    "set_facade_resolver",
]

T = TypeVar("T")
F = TypeVar("F")
T_co = TypeVar("T_co", covariant=True)

FacadeResolver = Callable[[str], object]

_resolver: FacadeResolver | None = None

# Every facade made, held weakly, so a test suite can reset them all (``clear_facades``).
_facades: weakref.WeakSet[Facade[Any]] = weakref.WeakSet()


def set_facade_resolver(resolver: Callable[[str], object] | None) -> None:
    """Install the function every facade asks for its instance (``None`` removes it).

    The resolver receives the facade's accessor (``"log"``, ``"db"``) and returns the bound
    service, or raises ``LookupError`` when it has none, so the facade falls back to its default.
    """
    global _resolver
    _resolver = resolver


def clear_facades() -> None:
    """Clear every facade: swapped fakes and cached standalone defaults (between tests)."""
    for facade in list(_facades):
        facade.clear()


@contextlib.contextmanager
def isolated_facades() -> Iterator[None]:
    """Run a block (a test), then put every facade back as it was before it.

    Swaps, fakes and cached standalone defaults made inside are dropped, and those that existed
    when the block began (a module-scoped fixture's fake) are put back, so nothing of one test
    reaches the next while longer-lived fixtures keep theirs. The resolver is restored too.
    """
    saved = [(facade, facade._swapped, facade._instance) for facade in list(_facades)]
    resolver = _resolver
    try:
        yield
    finally:
        for facade in list(_facades):
            facade.clear()
        for facade, swapped, instance in saved:
            object.__setattr__(facade, "_swapped", swapped)
            object.__setattr__(facade, "_instance", instance)
        set_facade_resolver(resolver)


def get_facade_resolver() -> Callable[[str], object] | None:
    """Return the installed facade resolver, or ``None``."""
    return _resolver


class FacadeControls(Protocol[T_co]):
    """The methods a facade adds on top of its service, for typing facades (see the README).

    Combine it with the service type under ``TYPE_CHECKING`` and ``cast`` the facade to the
    result, so editors complete both the service's methods and the test helpers.
    """

    def resolve(self) -> T_co:
        """Return the instance calls currently go to."""
        ...

    def swap(self, instance: F) -> F:
        """Send every call to ``instance`` until ``clear()``; return it."""
        ...

    @overload
    def fake(self) -> Any: ...
    @overload
    def fake(self, instance: F) -> F: ...
    def fake(self, instance: Any = None) -> Any:
        """Swap in a fake (the given one, or the facade's own) and return it."""
        ...

    def clear(self) -> None:
        """Forget the swapped instance and the cached standalone default."""
        ...


class Facade(Generic[T]):
    """A module-level proxy to the service bound under ``accessor`` in the application.

    Args:
        accessor: the container key (``"log"``, ``"db"``, ``"view"``).
        default: builds a standalone instance when no application binds ``accessor``; it is
            called once and the result cached until ``clear()``.
        fake: builds the fake ``fake()`` swaps in when called without an argument (core's
            ``Event`` facade passes an event recorder). Without it, ``fake()`` swaps in an
            autospec'd mock of the real instance (async methods become ``AsyncMock``).
    """

    __slots__ = (
        "__weakref__",
        "_accessor",
        "_default",
        "_fake_factory",
        "_instance",
        "_lock",
        "_swapped",
    )

    _accessor: str
    _default: Callable[[], T] | None
    _fake_factory: Callable[[], Any] | None
    _instance: T | None
    _swapped: Any
    _lock: threading.Lock

    def __init__(
        self,
        accessor: str,
        default: Callable[[], T] | None = None,
        *,
        fake: Callable[[], Any] | None = None,
    ) -> None:
        if not isinstance(accessor, str) or not accessor:
            raise ValueError(f"a facade accessor must be a non-empty string, got {accessor!r}")
        # object.__setattr__ because __setattr__ is guarded below.
        object.__setattr__(self, "_accessor", accessor)
        object.__setattr__(self, "_default", default)
        object.__setattr__(self, "_fake_factory", fake)
        object.__setattr__(self, "_instance", None)
        object.__setattr__(self, "_swapped", None)
        object.__setattr__(self, "_lock", threading.Lock())
        _facades.add(self)

    @property
    def accessor(self) -> str:
        """The container key this facade resolves."""
        return self._accessor

    def resolve(self) -> T:
        """Return the instance calls go to right now (swapped > resolver > default).

        Raises:
            LookupError: nothing is swapped, the resolver (if any) has no binding and the
                facade has no default.
        """
        swapped = self._swapped
        if swapped is not None:
            return swapped  # type: ignore[no-any-return]
        resolver = _resolver
        if resolver is not None:
            try:
                return resolver(self._accessor)  # type: ignore[return-value]
            except LookupError:
                pass  # not bound in this application: fall back to the standalone default
        return self._standalone()

    def _standalone(self) -> T:
        instance = self._instance
        if instance is not None:
            return instance
        if self._default is None:
            where = "the application" if _resolver is not None else "no application is running"
            raise LookupError(
                f"facade {self._accessor!r} cannot resolve: nothing is bound to "
                f"{self._accessor!r} ({where}) and the facade has no default; boot an "
                f"application that binds it or swap() an instance in"
            )
        with self._lock:  # two threads must not build two standalone instances
            if self._instance is None:
                object.__setattr__(self, "_instance", self._default())
            return self._instance  # type: ignore[return-value]

    def swap(self, instance: F) -> F:
        """Send every call to ``instance`` until ``clear()``; return ``instance``."""
        if instance is None:
            raise ValueError(f"cannot swap None into facade {self._accessor!r}; use clear()")
        object.__setattr__(self, "_swapped", instance)
        return instance

    @overload
    def fake(self) -> Any: ...
    @overload
    def fake(self, instance: F) -> F: ...
    def fake(self, instance: Any = None) -> Any:
        """Swap in a fake and return it: ``instance``, the facade's fake, or an autospec mock."""
        if instance is None:
            instance = self._make_fake()
        return self.swap(instance)

    def _make_fake(self) -> Any:
        if self._fake_factory is not None:
            return self._fake_factory()
        # Imported here: unittest.mock is test tooling, not something every import should pay for.
        from unittest import mock

        try:
            real = self.resolve()
        except LookupError as exc:
            raise LookupError(
                f"facade {self._accessor!r} has no fake of its own and nothing to model a "
                f"mock on; pass one: fake(instance)"
            ) from exc
        return mock.create_autospec(real, instance=True)

    def clear(self) -> None:
        """Forget the swapped instance and the cached standalone default."""
        object.__setattr__(self, "_swapped", None)
        object.__setattr__(self, "_instance", None)

    @property
    def is_swapped(self) -> bool:
        """Whether a swapped or fake instance currently receives the calls."""
        return self._swapped is not None

    if not TYPE_CHECKING:
        # Hidden from type checkers: a typed facade is ``cast`` to its service type (README),
        # and an Any-returning __getattr__ would silence typos in every use.

        def __getattr__(self, name: str) -> Any:
            if name.startswith("__") and name.endswith("__"):
                # Dunder probes (copy, pickle, inspect) must not resolve the service.
                raise AttributeError(name)
            return getattr(self.resolve(), name)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(
            f"cannot set {name!r} on facade {self._accessor!r}; set it on the service "
            f"(Facade.resolve()) or swap() another instance in"
        )

    def __dir__(self) -> list[str]:
        names = set(super().__dir__())
        with contextlib.suppress(LookupError):
            names.update(dir(self.resolve()))
        return sorted(names)

    def __repr__(self) -> str:
        return f"<Facade {self._accessor!r}>"
