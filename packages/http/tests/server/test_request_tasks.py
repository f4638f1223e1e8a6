"""Each request runs as its own task (started eagerly on Python 3.12+): what handlers rely on."""

from __future__ import annotations

import asyncio
import contextvars
from typing import Any

_user: contextvars.ContextVar[str] = contextvars.ContextVar("user", default="nobody")


async def _respond(send: Any, body: bytes) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": body})


async def test_handler_runs_inside_a_task(get_one: Any) -> None:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        async with asyncio.timeout(5):  # refuses to work outside a task
            task = asyncio.current_task()
            await _respond(send, b"task" if task is not None else b"none")

    assert (await get_one(app)).body == b"task"


async def test_context_variables_do_not_leak_between_requests_of_a_connection(
    serve: Any, connect: Any
) -> None:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        seen = _user.get()
        _user.set(scope["path"])  # never reset: the next request must not see it
        await _respond(send, seen.encode())

    async with serve(app) as server:
        conn = await connect(server)
        bodies = []
        for path in (b"/alice", b"/bob"):
            await conn.send(b"GET " + path + b" HTTP/1.1\r\nHost: a\r\n\r\n")
            bodies.append((await conn.response()).body)
    assert bodies == [b"nobody", b"nobody"]


async def test_many_pipelined_requests_in_one_packet_are_all_answered(
    serve: Any, connect: Any
) -> None:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        await _respond(send, scope["path"].encode())

    count = 2000  # answered one after the other, without one stack frame set per request
    async with serve(app) as server:
        conn = await connect(server)
        await conn.send(b"".join(b"GET /%d HTTP/1.1\r\nHost: a\r\n\r\n" % i for i in range(count)))
        bodies = [(await conn.response()).body for _ in range(count)]
    assert bodies == [b"/%d" % i for i in range(count)]


_POST = b"POST /in HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nhi"


async def test_request_tasks_carry_a_fixed_name(serve: Any, connect: Any) -> None:
    # A request with a body always gets a scheduled task: named once, not "Task-<n>" each.
    async def app(scope: Any, receive: Any, send: Any) -> None:
        task = asyncio.current_task()
        assert task is not None
        await receive()
        await _respond(send, task.get_name().encode())

    async with serve(app) as server:
        conn = await connect(server)
        await conn.send(_POST)
        assert (await conn.response()).body == b"lararust-request"


async def test_the_loops_task_factory_still_makes_request_tasks(serve: Any, connect: Any) -> None:
    loop = asyncio.get_running_loop()
    made: list[asyncio.Task[Any]] = []

    def factory(loop: asyncio.AbstractEventLoop, coro: Any, **kwargs: Any) -> asyncio.Task[Any]:
        task = asyncio.Task(coro, loop=loop, **kwargs)
        made.append(task)
        return task

    async def app(scope: Any, receive: Any, send: Any) -> None:
        await receive()
        mine = asyncio.current_task() in made
        await _respond(send, b"factory" if mine else b"bypassed")

    async with serve(app) as server:
        conn = await connect(server)
        previous = loop.get_task_factory()
        loop.set_task_factory(factory)
        try:
            await conn.send(_POST)
            body = (await conn.response()).body
        finally:
            loop.set_task_factory(previous)
    assert body == b"factory"
