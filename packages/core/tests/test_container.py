"""The service container: lifetimes, autowiring, scopes, contextual binding, errors."""

from __future__ import annotations

import asyncio
import gc
from typing import Protocol

import pytest
from lararust_contracts import BindingResolutionError
from lararust_core import Container, ScopedServiceCaptured


class Clock(Protocol):
    def now(self) -> int: ...


class FixedClock:
    def now(self) -> int:
        return 42


class Mailer:
    def __init__(self, clock: Clock) -> None:
        self.clock = clock


class Newsletter:
    def __init__(self, mailer: Mailer, subject: str = "Hello") -> None:
        self.mailer = mailer
        self.subject = subject


class RequestState:
    pass


class Cache:
    def __init__(self, state: RequestState) -> None:
        self.state = state


@pytest.fixture
def container() -> Container:
    c = Container()
    c.bind(Clock, FixedClock)
    return c


@pytest.mark.smoke
def test_autowires_constructor_dependencies_from_type_hints(container: Container) -> None:
    newsletter = container.make(Newsletter)
    assert isinstance(newsletter.mailer.clock, FixedClock)
    assert newsletter.subject == "Hello"


def test_bind_builds_a_new_instance_each_time(container: Container) -> None:
    assert container.make(Mailer) is not container.make(Mailer)


def test_singleton_shares_its_first_instance(container: Container) -> None:
    container.singleton(Mailer)
    assert container.make(Mailer) is container.make(Mailer)


def test_string_keys_with_laravel_style_factories(container: Container) -> None:
    container.singleton("mailer", lambda app: Mailer(app.make(Clock)))
    container.alias("mailer", Mailer)
    assert container.make("mailer") is container.make(Mailer)
    assert container["mailer"].clock.now() == 42


def test_aliases_are_followed_by_bound_and_get_alias(container: Container) -> None:
    container.singleton("mailer", lambda app: Mailer(app.make(Clock)))
    container.alias("mailer", Mailer)
    container.alias(Mailer, "postman")
    assert container.get_alias("postman") == "mailer"
    assert container.get_alias("nobody") == "nobody"
    assert container.bound("postman")
    assert container.bound(Mailer)
    assert not container.bound("nobody")
    container.alias("ghost", "spectre")  # an alias to nothing bound
    assert not container.bound("spectre")
    container.alias("spectre", "ghost")
    with pytest.raises(BindingResolutionError, match="alias loop"):
        container.bound("ghost")


def test_instance_is_returned_as_is() -> None:
    c = Container()
    state = RequestState()
    c.instance("state", state)
    assert c.make("state") is state
    assert "state" in c


def test_make_parameters_override_constructor_arguments(container: Container) -> None:
    assert container.make(Newsletter, subject="Hi").subject == "Hi"


def test_make_rejects_unknown_parameters(container: Container) -> None:
    with pytest.raises(BindingResolutionError, match="no parameter"):
        container.make(Newsletter, subjet="typo")


def test_call_injects_arguments_and_accepts_overrides(container: Container) -> None:
    def handler(mailer: Mailer, name: str, page: int = 1) -> tuple[int, str, int]:
        return mailer.clock.now(), name, page

    assert container.call(handler, name="ada", ignored=True) == (42, "ada", 1)


async def test_acall_awaits_async_functions(container: Container) -> None:
    async def handler(clock: Clock) -> int:
        return clock.now()

    assert await container.acall(handler) == 42


def test_unbound_protocol_error_names_the_chain() -> None:
    with pytest.raises(BindingResolutionError) as caught:
        Container().make(Newsletter)
    message = str(caught.value)
    assert "parameter 'clock: Clock' of Mailer" in message
    assert "Clock is a Protocol and nothing is bound to it" in message
    assert "Resolution chain: Newsletter -> Mailer" in message


def test_unannotated_required_parameter_is_named() -> None:
    class NeedsMystery:
        def __init__(self, mystery) -> None:  # type: ignore[no-untyped-def]
            self.mystery = mystery

    with pytest.raises(BindingResolutionError, match=r"'mystery' of .*NeedsMystery"):
        Container().make(NeedsMystery)


class Chicken:
    def __init__(self, egg: Egg) -> None:
        self.egg = egg


class Egg:
    def __init__(self, hen: Hen) -> None:
        self.hen = hen


class Hen:
    def __init__(self, chicken: Chicken) -> None:
        self.chicken = chicken


def test_circular_dependency_error_names_the_whole_cycle() -> None:
    with pytest.raises(BindingResolutionError) as caught:
        Container().make(Chicken)
    assert str(caught.value) == "Circular dependency: Chicken -> Egg -> Hen -> Chicken"


def test_circular_dependency_through_string_factories_is_detected() -> None:
    c = Container()
    c.bind("a", lambda app: app.make("b"))
    c.bind("b", lambda app: app.make("a"))
    with pytest.raises(BindingResolutionError, match="'a' -> 'b' -> 'a'"):
        c.make("a")


@pytest.mark.smoke
def test_scoped_is_shared_inside_one_scope_only() -> None:
    c = Container()
    c.scoped(RequestState)
    with c.scope():
        first = c.make(RequestState)
        assert c.make(RequestState) is first
    with c.scope():
        assert c.make(RequestState) is not first


async def test_concurrent_scopes_never_share_instances() -> None:
    c = Container()
    c.scoped(RequestState)

    async def request() -> tuple[RequestState, RequestState]:
        async with c.scope():
            a = c.make(RequestState)
            await asyncio.sleep(0)
            return a, c.make(RequestState)

    (a1, a2), (b1, b2) = await asyncio.gather(request(), request())
    assert a1 is a2
    assert b1 is b2
    assert a1 is not b1


def test_begin_scope_and_end() -> None:
    c = Container()
    c.scoped(RequestState)
    scope = c.begin_scope()
    assert c.current_scope() is scope
    state = c.make(RequestState)
    scope.end()
    assert c.current_scope() is None
    assert scope.instances == {}
    assert c.make(RequestState) is not state


class Holder:
    """A per-request scope holder (as the http kernel's request is)."""

    container_scope = None


def test_a_holder_variable_stands_for_the_scope_while_none_is_current() -> None:
    from contextvars import ContextVar

    held: ContextVar[Holder | None] = ContextVar("held", default=None)
    c = Container()
    c.scoped(RequestState)
    c.use_scope_holders(held)
    outside = c.make(RequestState)  # nothing held: the root scope, as before
    assert c.make(RequestState) is outside
    assert c.current_scope() is None
    first, second = Holder(), Holder()
    token = held.set(first)
    try:
        state = c.make(RequestState)
        assert c.make(RequestState) is state
        assert state is not outside
        assert c.current_scope() is first.container_scope
        with c.scope():  # a scope begun inside wins while it lasts
            assert c.make(RequestState) is not state
        assert c.make(RequestState) is state
    finally:
        held.reset(token)
    token = held.set(second)
    try:
        assert c.make(RequestState) is not state
    finally:
        held.reset(token)
    assert first.container_scope is not None
    first.container_scope.clear()
    assert first.container_scope.instances == {}
    c.use_scope_holders(None)
    token = held.set(Holder())
    try:
        assert c.make(RequestState) is outside
    finally:
        held.reset(token)


def test_two_containers_reading_one_holder_keep_their_scopes_apart() -> None:
    from contextvars import ContextVar

    held: ContextVar[Holder | None] = ContextVar("held", default=None)
    one, two = Container(), Container()
    for c in (one, two):
        c.scoped(RequestState)
        c.use_scope_holders(held)
    holder = Holder()
    token = held.set(holder)
    try:
        mine, theirs = one.make(RequestState), two.make(RequestState)
        assert mine is not theirs
        assert one.make(RequestState) is mine
        assert two.make(RequestState) is theirs
        assert one.current_scope() is holder.container_scope
        assert two.current_scope() is not holder.container_scope
    finally:
        held.reset(token)
    assert holder.container_scope is not None
    holder.container_scope.clear()  # what the kernel does when the request ends
    assert holder.container_scope.instances == {}
    assert holder.container_scope.beside(two._scope_var).instances == {}


def test_debug_mode_reports_a_scoped_service_captured_by_a_singleton() -> None:
    c = Container(debug=True)
    c.scoped(RequestState)
    c.singleton(Cache)
    with c.scope(), pytest.raises(ScopedServiceCaptured, match="captured by singleton Cache"):
        c.make(Cache)


def test_without_debug_a_captured_scoped_service_is_allowed() -> None:
    c = Container()
    c.scoped(RequestState)
    c.singleton(Cache)
    with c.scope():
        assert isinstance(c.make(Cache).state, RequestState)


class SlowClock:
    def now(self) -> int:
        return 7


class Report:
    def __init__(self, clock: Clock) -> None:
        self.clock = clock


def test_contextual_binding_gives_a_consumer_its_own_implementation(
    container: Container,
) -> None:
    container.when(Report).needs(Clock).give(SlowClock)
    assert container.make(Report).clock.now() == 7
    assert container.make(Mailer).clock.now() == 42


def test_contextual_binding_of_a_named_primitive(container: Container) -> None:
    container.when(Newsletter).needs("$subject").give("News")
    assert container.make(Newsletter).subject == "News"


def test_tags_resolve_every_tagged_service(container: Container) -> None:
    container.tag([FixedClock, SlowClock], "clocks")
    assert [clock.now() for clock in container.tagged("clocks")] == [42, 7]


class Dashboard:
    def __init__(self, clocks: list[Clock]) -> None:
        self.clocks = clocks


def test_give_tagged(container: Container) -> None:
    container.tag([FixedClock, SlowClock], "clocks")
    container.when(Dashboard).needs("$clocks").give_tagged("clocks")
    assert len(container.make(Dashboard).clocks) == 2


def test_resolving_callbacks_run_for_the_key_and_for_subclasses(container: Container) -> None:
    seen: list[object] = []
    container.resolving(Mailer, lambda obj, app: seen.append(obj))
    container.resolving(lambda obj, app: seen.append(type(obj).__name__))
    mailer = container.make(Mailer)
    assert mailer in seen
    assert "Mailer" in seen
    assert "FixedClock" in seen


def test_extend_decorates_the_service(container: Container) -> None:
    container.singleton("greeting", lambda app: "hello")
    container.extend("greeting", lambda value, app: value.upper())
    assert container.make("greeting") == "HELLO"


class Pool:
    def __init__(self, size: int) -> None:
        self.size = size


class Repo:
    def __init__(self, pool: Pool) -> None:
        self.pool = pool


async def test_amake_awaits_async_factories_anywhere_in_the_tree() -> None:
    async def make_pool() -> Pool:
        await asyncio.sleep(0)
        return Pool(5)

    c = Container()
    c.singleton(Pool, make_pool)
    repo = await c.amake(Repo)
    assert repo.pool.size == 5
    assert c.make(Repo).pool is repo.pool  # resolved once, sync afterwards


@pytest.mark.parametrize("lifetime", ["bind", "singleton", "scoped"])
def test_make_refuses_an_async_factory_with_a_hint(lifetime: str) -> None:
    async def make_pool() -> object:
        return object()

    c = Container()
    getattr(c, lifetime)("pool", make_pool)
    with pytest.raises(BindingResolutionError, match=r"await container.amake"):
        c.make("pool")
    gc.collect()  # a coroutine left un-awaited would warn here (warnings are errors)


def test_unbound_string_key_error() -> None:
    with pytest.raises(BindingResolutionError) as caught:
        Container().make("db")
    assert str(caught.value) == "Nothing is bound to 'db'"


def test_unbound_string_key_error_names_who_needed_it() -> None:
    c = Container()
    c.bind("repo", lambda app: app.make("db"))
    with pytest.raises(BindingResolutionError) as caught:
        c.make("repo")
    assert str(caught.value) == "Nothing is bound to 'db' (needed by 'repo')"


def test_annotation_that_cannot_be_evaluated_is_explained() -> None:
    class Local:
        pass

    class Consumer:
        def __init__(self, local: Local) -> None:
            self.local = local

    with pytest.raises(BindingResolutionError, match="annotation 'Local' cannot be evaluated"):
        Container().make(Consumer)


def test_container_resolves_itself() -> None:
    c = Container()

    def needs(container: Container) -> Container:
        return container

    assert c.call(needs) is c


async def test_concurrent_amake_of_an_async_singleton_builds_it_once() -> None:
    built: list[Pool] = []

    async def make_pool() -> Pool:
        await asyncio.sleep(0.01)
        built.append(Pool(1))
        return built[-1]

    c = Container()
    c.singleton(Pool, make_pool)
    first, second = await asyncio.gather(c.amake(Pool), c.amake(Pool))
    assert first is second
    assert len(built) == 1


async def test_failed_async_singleton_is_retried_on_next_amake() -> None:
    calls: list[int] = []

    async def make_pool() -> Pool:
        calls.append(1)
        if len(calls) == 1:
            raise ConnectionError("not yet")
        return Pool(2)

    c = Container()
    c.singleton(Pool, make_pool)
    with pytest.raises(ConnectionError):
        await c.amake(Pool)
    assert (await c.amake(Pool)).size == 2
