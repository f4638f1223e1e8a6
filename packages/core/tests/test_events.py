"""The event dispatcher and ``Event.fake()``."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

import pytest
from lararust_core import Container, EventDispatcher, EventFake


@dataclass
class UserRegistered:
    email: str


class AdminRegistered(UserRegistered):
    pass


@pytest.fixture
def events() -> EventDispatcher:
    return EventDispatcher(Container())


@pytest.mark.smoke
async def test_string_event_reaches_sync_and_async_listeners_in_order(
    events: EventDispatcher,
) -> None:
    calls: list[str] = []

    def first(name: str) -> str:
        calls.append(f"sync {name}")
        return "one"

    async def second(name: str) -> str:
        await asyncio.sleep(0)
        calls.append(f"async {name}")
        return "two"

    events.listen("user.registered", first)
    events.listen("user.registered", second)
    assert await events.dispatch("user.registered", "ada") == ["one", "two"]
    assert calls == ["sync ada", "async ada"]


async def test_tuple_payload_is_spread(events: EventDispatcher) -> None:
    events.listen("order.shipped", lambda order, carrier: f"{order} via {carrier}")
    assert await events.dispatch("order.shipped", (7, "ups")) == ["7 via ups"]


async def test_class_events_reach_listeners_of_their_bases(events: EventDispatcher) -> None:
    seen: list[str] = []
    events.listen(UserRegistered, lambda e: seen.append(f"user {e.email}"))
    events.listen(AdminRegistered, lambda e: seen.append(f"admin {e.email}"))
    await events.dispatch(AdminRegistered("root@x"))
    assert seen == ["admin root@x", "user root@x"]


async def test_wildcard_listeners_get_the_name_and_payload(events: EventDispatcher) -> None:
    seen: list[tuple[str, object]] = []
    events.listen("user.*", lambda name, payload: seen.append((name, payload)))
    await events.dispatch("user.deleted", 3)
    await events.dispatch("post.deleted", 4)
    assert seen == [("user.deleted", 3)]


async def test_wildcard_matches_class_events_by_qualified_name(events: EventDispatcher) -> None:
    seen: list[str] = []
    events.listen(f"{__name__}.*", lambda name, event: seen.append(event.email))
    await events.dispatch(UserRegistered("a@b"))
    assert seen == ["a@b"]


async def test_returning_false_stops_propagation(events: EventDispatcher) -> None:
    seen: list[int] = []
    events.listen("x", lambda: seen.append(1) or False)
    events.listen("x", lambda: seen.append(2))
    await events.dispatch("x")
    assert seen == [1]


async def test_until_returns_the_first_answer(events: EventDispatcher) -> None:
    events.listen("ask", lambda: None)
    events.listen("ask", lambda: "answer")
    events.listen("ask", lambda: "ignored")
    assert await events.until("ask") == "answer"


class Mailer:
    def __init__(self) -> None:
        self.sent: list[str] = []


class SendWelcome:
    """A listener class: built by the container with its dependencies."""

    def __init__(self, mailer: Mailer) -> None:
        self.mailer = mailer

    async def handle(self, event: UserRegistered) -> None:
        self.mailer.sent.append(event.email)


async def test_listener_classes_are_built_by_the_container() -> None:
    container = Container()
    container.singleton(Mailer)
    events = EventDispatcher(container)
    events.listen(UserRegistered, SendWelcome)
    await events.dispatch(UserRegistered("new@user"))
    assert container.make(Mailer).sent == ["new@user"]


class UserSubscriber:
    def __init__(self) -> None:
        self.log: list[str] = []

    def on_login(self, user: str) -> None:
        self.log.append(f"login {user}")

    def on_logout(self, user: str) -> None:
        self.log.append(f"logout {user}")

    def subscribe(self, events: EventDispatcher) -> dict[str, object]:
        return {"auth.login": self.on_login, "auth.logout": [self.on_logout]}


async def test_subscribers_register_their_listeners(events: EventDispatcher) -> None:
    subscriber = UserSubscriber()
    events.subscribe(subscriber)
    await events.dispatch("auth.login", "ada")
    await events.dispatch("auth.logout", "ada")
    assert subscriber.log == ["login ada", "logout ada"]


def test_has_listeners(events: EventDispatcher) -> None:
    assert not events.has_listeners("user.created")
    events.listen("user.*", print)
    events.listen(UserRegistered, print)
    assert events.has_listeners("user.created")
    assert events.has_listeners(AdminRegistered)
    assert not events.has_listeners("post.created")


def test_dispatch_sync_refuses_async_listeners(events: EventDispatcher) -> None:
    async def listener() -> None: ...

    events.listen("x", listener)
    with pytest.raises(RuntimeError, match="is async"):
        events.dispatch_sync("x")


async def test_event_fake_records_and_asserts() -> None:
    fake = EventFake()
    fake.listen(UserRegistered, lambda e: pytest.fail("listeners must not run"))
    await fake.dispatch(UserRegistered("a@b"))
    await fake.dispatch("user.login", "ada")
    fake.assert_dispatched(UserRegistered, lambda e: e.email == "a@b")
    fake.assert_dispatched("user.login", 1)
    fake.assert_not_dispatched("user.logout")
    with pytest.raises(AssertionError, match="was not dispatched"):
        fake.assert_dispatched(AdminRegistered)
