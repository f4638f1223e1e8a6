"""Pipeline: stages in order, async and sync stages, short-circuits, compiled reuse."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from lararust_support import Pipeline

Next = Callable[[Any], Awaitable[Any]]


class Tag:
    """An async middleware-style stage recording its passage before and after ``next``."""

    def __init__(self, name: str) -> None:
        self.name = name

    async def handle(self, passable: list[str], next: Next) -> Any:
        passable.append(f"{self.name}:in")
        result = await next(passable)
        passable.append(f"{self.name}:out")
        return result


class SyncTag:
    def __init__(self, name: str) -> None:
        self.name = name

    def handle(self, passable: list[str], next: Next) -> Any:
        passable.append(self.name)
        return next(passable)


async def done(passable: list[str]) -> str:
    passable.append("dest")
    return "result"


@pytest.mark.smoke
async def test_stages_run_outermost_first_around_the_destination() -> None:
    trail: list[str] = []
    result = await Pipeline().send(trail).through([Tag("a"), Tag("b")]).then(done)
    assert result == "result"
    assert trail == ["a:in", "b:in", "dest", "b:out", "a:out"]


async def test_plain_async_callables_are_stages() -> None:
    async def upper(passable: str, next: Next) -> Any:
        return await next(passable.upper())

    assert await Pipeline().send("hi").through([upper]).then(lambda s: s + "!") == "HI!"


async def test_plain_sync_callables_are_stages() -> None:
    def exclaim(passable: str, next: Next) -> Any:
        return next(passable + "!")

    assert await Pipeline().send("hi").through([exclaim]).then_return() == "hi!"


async def test_sync_handle_methods_are_stages() -> None:
    trail: list[str] = []
    await Pipeline().send(trail).through([SyncTag("s"), Tag("a")]).then(done)
    assert trail == ["s", "a:in", "dest", "a:out"]


async def test_sync_destination_is_supported() -> None:
    assert await Pipeline().send(2).through([]).then(lambda n: n * 10) == 20


async def test_async_callable_object_destination() -> None:
    class Handler:
        async def __call__(self, passable: int) -> int:
            return passable + 1

    assert await Pipeline().send(1).then(Handler()) == 2


async def test_a_stage_can_short_circuit() -> None:
    reached: list[str] = []

    async def deny(passable: Any, next: Next) -> Any:
        return "denied"

    result = await Pipeline().send(reached).through([deny, Tag("never")]).then(done)
    assert result == "denied"
    assert reached == []


async def test_a_stage_can_replace_the_result() -> None:
    async def wrap(passable: Any, next: Next) -> Any:
        return {"wrapped": await next(passable)}

    assert await Pipeline().send(1).through([wrap]).then(lambda p: p) == {"wrapped": 1}


async def test_exceptions_propagate_through_stages() -> None:
    async def boom(passable: Any) -> Any:
        raise KeyError("inner")

    with pytest.raises(KeyError, match="inner"):
        await Pipeline().send([]).through([Tag("a")]).then(boom)


async def test_via_calls_another_method() -> None:
    class Job:
        async def process(self, passable: int, next: Next) -> Any:
            return await next(passable * 2)

    assert await Pipeline().send(3).through([Job()]).via("process").then_return() == 6


async def test_pipe_appends_stages() -> None:
    trail: list[str] = []
    await Pipeline().send(trail).through([Tag("a")]).pipe(Tag("b")).then(done)
    assert trail[:2] == ["a:in", "b:in"]


def test_stages_given_to_the_constructor() -> None:
    a, b = Tag("a"), Tag("b")
    assert Pipeline([a, b]).stages == (a, b)


def test_a_class_as_stage_is_refused_with_advice() -> None:
    with pytest.raises(TypeError, match="resolve it through the container"):
        Pipeline().through([Tag])


async def test_a_stage_that_is_neither_handler_nor_callable_is_refused() -> None:
    with pytest.raises(TypeError, match="handle"):
        await Pipeline().send(1).through([object()]).then(done)


async def test_compiled_chain_is_reused_and_serves_concurrent_calls() -> None:
    pipeline = Pipeline().through([Tag("a"), SyncTag("s")])
    handler = pipeline.compile(done)
    assert pipeline.compile(done) is handler

    async def one() -> list[str]:
        trail: list[str] = []
        await handler(trail)
        return trail

    trails = await asyncio.gather(*(one() for _ in range(5)))
    assert all(t == ["a:in", "s", "dest", "a:out"] for t in trails)


async def test_changing_stages_recompiles() -> None:
    pipeline = Pipeline().through([Tag("a")])
    first = pipeline.compile(done)
    pipeline.through([Tag("b")])
    trail: list[str] = []
    await pipeline.compile(done)(trail)
    assert first is not pipeline.compile(done)
    assert trail[0] == "b:in"


async def test_shared_pipeline_keeps_each_sent_value() -> None:
    # then() reads the sent value immediately, so one pipeline can serve interleaved sends.
    pipeline = Pipeline().through([Tag("a")])
    first = pipeline.send(["1"]).then(done)
    second = pipeline.send(["2"]).then(done)
    assert await asyncio.gather(first, second) == ["result", "result"]


async def test_a_handler_set_on_the_instance_is_honoured() -> None:
    # The per-class async cache must not hide an instance's own handle().
    first = Tag("a")
    second = Tag("b")

    def sync_handle(passable: list[str], next: Next) -> Any:
        passable.append("instance")
        return next(passable)

    second.handle = sync_handle  # type: ignore[method-assign]
    trail: list[str] = []
    await Pipeline().send(trail).through([first, second]).then(done)
    assert trail == ["a:in", "instance", "dest", "a:out"]


async def test_subclassed_middleware_runs() -> None:
    class Child(Tag):
        pass

    trail: list[str] = []
    await Pipeline().send(trail).through([Child("c"), SyncTag("s")]).then(done)
    assert trail == ["c:in", "s", "dest", "c:out"]
