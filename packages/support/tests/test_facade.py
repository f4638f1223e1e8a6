"""The facade base: resolution order, swap/fake/clear, and a clear error when unbound."""

from __future__ import annotations

import asyncio
import threading
from typing import Any
from unittest import mock

import pytest
from lararust_support import Facade, clear_facades, get_facade_resolver, set_facade_resolver


class Greeter:
    def __init__(self, name: str = "default") -> None:
        self.name = name

    def greet(self, who: str) -> str:
        return f"{self.name} greets {who}"

    async def agreet(self, who: str) -> str:
        return f"{self.name} async-greets {who}"


def bound(mapping: dict[str, object]) -> Any:
    def resolver(accessor: str) -> object:
        try:
            return mapping[accessor]
        except KeyError:
            raise LookupError(accessor) from None

    return resolver


@pytest.fixture
def greeter() -> Facade[Greeter]:
    return Facade("greeter", default=lambda: Greeter("standalone"))


@pytest.mark.smoke
def test_attribute_access_goes_to_the_standalone_default(greeter: Any) -> None:
    assert greeter.greet("you") == "standalone greets you"


def test_standalone_default_is_built_once_and_cached() -> None:
    calls = []

    def make() -> Greeter:
        calls.append(1)
        return Greeter()

    facade: Any = Facade("greeter", default=make)
    facade.greet("a")
    facade.greet("b")
    assert len(calls) == 1


def test_standalone_default_is_built_once_under_threads() -> None:
    calls = []
    barrier = threading.Barrier(4)

    def make() -> Greeter:
        calls.append(1)
        return Greeter()

    facade: Facade[Greeter] = Facade("greeter", default=make)
    results: list[Greeter] = []

    def worker() -> None:
        barrier.wait()
        results.append(facade.resolve())

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1
    assert all(r is results[0] for r in results)


@pytest.mark.smoke
def test_resolver_wins_over_the_default(greeter: Any) -> None:
    set_facade_resolver(bound({"greeter": Greeter("app")}))
    assert greeter.greet("you") == "app greets you"


def test_resolver_receives_the_accessor(greeter: Facade[Greeter]) -> None:
    seen: list[str] = []

    def resolver(accessor: str) -> object:
        seen.append(accessor)
        return Greeter()

    set_facade_resolver(resolver)
    greeter.resolve()
    assert seen == ["greeter"]


def test_resolver_lookup_error_falls_back_to_default(greeter: Any) -> None:
    set_facade_resolver(bound({}))
    assert greeter.greet("you") == "standalone greets you"


def test_resolver_is_asked_on_every_access_so_apps_do_not_leak(greeter: Any) -> None:
    set_facade_resolver(bound({"greeter": Greeter("first")}))
    assert greeter.name == "first"
    set_facade_resolver(bound({"greeter": Greeter("second")}))
    assert greeter.name == "second"


def test_other_resolver_errors_propagate(greeter: Facade[Greeter]) -> None:
    def broken(accessor: str) -> object:
        raise RuntimeError("container exploded")

    set_facade_resolver(broken)
    with pytest.raises(RuntimeError, match="container exploded"):
        greeter.resolve()


def test_get_facade_resolver_returns_the_installed_one() -> None:
    resolver = bound({})
    set_facade_resolver(resolver)
    assert get_facade_resolver() is resolver


@pytest.mark.smoke
def test_unbound_facade_without_default_names_the_accessor() -> None:
    facade: Any = Facade("mailer")
    with pytest.raises(LookupError, match="'mailer'"):
        facade.send("x")


def test_swap_wins_over_resolver_and_default(greeter: Any) -> None:
    set_facade_resolver(bound({"greeter": Greeter("app")}))
    swapped = greeter.swap(Greeter("swapped"))
    assert greeter.greet("you") == "swapped greets you"
    assert greeter.resolve() is swapped
    assert greeter.is_swapped


def test_clear_removes_the_swap(greeter: Any) -> None:
    greeter.swap(Greeter("swapped"))
    greeter.clear()
    assert greeter.greet("you") == "standalone greets you"
    assert not greeter.is_swapped


def test_clear_forgets_the_cached_default() -> None:
    made: list[Greeter] = []
    facade: Facade[Greeter] = Facade("greeter", default=lambda: made.append(Greeter()) or made[-1])
    first = facade.resolve()
    facade.clear()
    assert facade.resolve() is not first


def test_swap_refuses_none(greeter: Facade[Greeter]) -> None:
    with pytest.raises(ValueError, match="clear"):
        greeter.swap(None)


def test_fake_with_instance_swaps_it_in(greeter: Any) -> None:
    fake = Greeter("fake")
    assert greeter.fake(fake) is fake
    assert greeter.greet("x") == "fake greets x"


def test_fake_uses_the_facade_fake_factory() -> None:
    facade: Any = Facade("greeter", default=Greeter, fake=lambda: Greeter("recorder"))
    fake = facade.fake()
    assert fake.name == "recorder"
    assert facade.resolve() is fake


def test_fake_without_factory_is_an_autospec_of_the_real_service(greeter: Any) -> None:
    fake = greeter.fake()
    greeter.greet("bob")
    fake.greet.assert_called_once_with("bob")
    with pytest.raises(AttributeError):
        fake.no_such_method  # noqa: B018 - autospec rejects what the real service lacks


async def test_autospec_fake_awaits_async_methods(greeter: Any) -> None:
    fake = greeter.fake()
    fake.agreet.return_value = "mocked"
    assert await greeter.agreet("x") == "mocked"
    assert isinstance(fake.agreet, mock.AsyncMock)


def test_fake_without_anything_to_model_asks_for_an_instance() -> None:
    facade: Facade[Greeter] = Facade("nothing")
    with pytest.raises(LookupError, match=r"fake\(instance\)"):
        facade.fake()


def test_setting_attributes_on_a_facade_is_refused(greeter: Any) -> None:
    with pytest.raises(AttributeError, match="resolve"):
        greeter.name = "x"


def test_dunder_probes_do_not_resolve_the_service() -> None:
    facade: Any = Facade("never-bound")
    assert not hasattr(facade, "__deepcopy__")


def test_dir_includes_the_service_methods(greeter: Facade[Greeter]) -> None:
    assert "greet" in dir(greeter)
    assert "swap" in dir(greeter)


def test_repr_and_accessor(greeter: Facade[Greeter]) -> None:
    assert repr(greeter) == "<Facade 'greeter'>"
    assert greeter.accessor == "greeter"


@pytest.mark.parametrize("accessor", ["", None, 3])
def test_accessor_must_be_a_non_empty_string(accessor: Any) -> None:
    with pytest.raises(ValueError, match="accessor"):
        Facade(accessor)


async def test_resolution_follows_a_context_aware_resolver(greeter: Any) -> None:
    # Core's resolver reads the current application from a context variable; concurrent
    # tasks with different applications must each see their own service.
    import contextvars

    current: contextvars.ContextVar[Greeter] = contextvars.ContextVar("current")
    set_facade_resolver(lambda accessor: current.get())

    async def run(name: str) -> str:
        current.set(Greeter(name))
        await asyncio.sleep(0)
        return str(greeter.greet("x"))

    assert await asyncio.gather(run("a"), run("b")) == ["a greets x", "b greets x"]


def test_clear_facades_resets_every_facade(greeter: Any) -> None:
    other: Any = Facade("other", default=lambda: Greeter("other"))
    greeter.swap(Greeter("fake"))
    other.swap(Greeter("fake"))
    clear_facades()
    assert greeter.name == "standalone"
    assert other.name == "other"
