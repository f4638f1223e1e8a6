"""A request's first step runs at once (3.11: in the connection's runner Task; 3.12+: an eager
task): whether a handler waits or not, it sees what a Task of its own would give it."""

from __future__ import annotations

import asyncio
import contextvars
from typing import Any

import pytest
from lararust_http.server import Server, ServerConfig

pytestmark = pytest.mark.asyncio

_seen: contextvars.ContextVar[str] = contextvars.ContextVar("seen", default="unset")


class Answer:
    """A response of the direct protocol."""

    def __init__(self, body: bytes, status: int = 200) -> None:
        self.status_code = status
        self.raw_headers = [(b"content-type", b"text/plain")]
        self.body = body
        self.stream = None


class Direct:
    """An app served through its direct handler; ``handle`` is replaced per test."""

    def __init__(self, handle: Any) -> None:
        self.handle = handle

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        raise AssertionError("the direct handler should have served the request")

    def direct_handler(self) -> Any:
        return self.handle


def _get(path: str) -> bytes:
    return b"GET " + path.encode() + b" HTTP/1.1\r\nHost: a\r\n\r\n"


async def _ask(serve: Any, connect: Any, handle: Any, *paths: str) -> list[Any]:
    """Send each path in turn on one keep-alive connection; the responses."""
    async with serve(Direct(handle)) as server:
        conn = await connect(server)
        responses = []
        for path in paths:
            await conn.send(_get(path))
            responses.append(await conn.response())
    return responses


async def test_handlers_that_never_wait_and_that_wait_are_answered(
    serve: Any, connect: Any
) -> None:
    async def handle(scope: Any, receive: Any) -> Answer:
        path = scope["path"]
        if path == "/sleep":
            await asyncio.sleep(0)
        elif path == "/future":
            loop = asyncio.get_running_loop()
            future: asyncio.Future[bytes] = loop.create_future()
            loop.call_later(0.01, future.set_result, b"later")
            return Answer(await future)
        return Answer(path.encode())

    responses = await _ask(serve, connect, handle, "/now", "/sleep", "/future", "/now")
    assert [r.body for r in responses] == [b"/now", b"/sleep", b"later", b"/now"]


async def test_the_same_task_runs_the_whole_request(serve: Any, connect: Any) -> None:
    async def handle(scope: Any, receive: Any) -> Answer:
        before = asyncio.current_task()
        await asyncio.sleep(0)
        after = asyncio.current_task()
        same = before is not None and before is after and isinstance(before, asyncio.Task)
        return Answer(b"same" if same else b"different")

    responses = await _ask(serve, connect, handle, "/", "/")
    assert [r.body for r in responses] == [b"same", b"same"]


async def test_a_context_variable_survives_awaits_but_not_the_request(
    serve: Any, connect: Any
) -> None:
    async def handle(scope: Any, receive: Any) -> Answer:
        previous = _seen.get()
        _seen.set(scope["path"])  # never reset: the next request must not see it
        await asyncio.sleep(0)
        return Answer(f"{previous} {_seen.get()}".encode())

    responses = await _ask(serve, connect, handle, "/alice", "/bob")
    assert [r.body for r in responses] == [b"unset /alice", b"unset /bob"]


async def test_asyncio_timeout_works_inside_a_handler(serve: Any, connect: Any) -> None:
    async def handle(scope: Any, receive: Any) -> Answer:
        path = scope["path"]
        try:
            if path == "/in-time":
                async with asyncio.timeout(5):
                    await asyncio.sleep(0)
            else:  # never resolved: only the timeout ends the wait
                delay = 0 if path == "/at-once" else 0.01
                async with asyncio.timeout(delay):
                    await asyncio.get_running_loop().create_future()
        except TimeoutError:
            return Answer(b"timed out", 504)
        return Answer(b"in time")

    # A timeout's cancellation must not linger into the next request of the connection.
    paths = ("/in-time", "/late", "/in-time", "/at-once", "/in-time")
    responses = await _ask(serve, connect, handle, *paths)
    assert [(r.status, r.body) for r in responses] == [
        (200, b"in time"),
        (504, b"timed out"),
        (200, b"in time"),
        (504, b"timed out"),
        (200, b"in time"),
    ]


@pytest.mark.parametrize("when", ["before", "after"])
async def test_an_exception_before_or_after_the_first_wait_gives_500(
    serve: Any, connect: Any, when: str
) -> None:
    async def handle(scope: Any, receive: Any) -> Answer:
        if scope["path"] == "/boom":
            if when == "after":
                await asyncio.sleep(0)
            raise RuntimeError("handler failure")
        return Answer(b"fine")

    async with serve(Direct(handle)) as server:
        conn = await connect(server)
        await conn.send(_get("/boom"))
        assert (await conn.response()).status == 500
        assert await conn.is_closed_by_server()
        conn = await connect(server)  # the server goes on serving
        await conn.send(_get("/"))
        assert (await conn.response()).body == b"fine"


async def test_pipelined_waiting_requests_are_answered_in_order(serve: Any, connect: Any) -> None:
    async def handle(scope: Any, receive: Any) -> Answer:
        number = int(scope["path"][1:])
        if number % 2:
            await asyncio.sleep(0)
        return Answer(scope["path"].encode())

    async with serve(Direct(handle)) as server:
        conn = await connect(server)
        await conn.send(b"".join(_get(f"/{i}") for i in range(20)))
        bodies = [(await conn.response()).body for _ in range(20)]
    assert bodies == [f"/{i}".encode() for i in range(20)]


async def test_a_waiting_handler_learns_of_a_client_disconnect(serve: Any, connect: Any) -> None:
    learnt: asyncio.Future[str] = asyncio.get_running_loop().create_future()

    async def app(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        await asyncio.sleep(0)
        message = await receive()  # the body-less request is already complete
        message = await receive()  # then nothing until the client goes
        learnt.set_result(message["type"])

    async with serve(app) as server:
        conn = await connect(server)
        await conn.send(_get("/"))
        await asyncio.sleep(0.05)  # let the handler reach its wait (not asserted on)
        await conn.close()
        assert await asyncio.wait_for(learnt, 10) == "http.disconnect"


async def test_graceful_shutdown_waits_for_a_waiting_handler(parser: str) -> None:
    started = asyncio.Event()
    release = asyncio.Event()

    async def handle(scope: Any, receive: Any) -> Answer:
        started.set()
        await release.wait()
        return Answer(b"finished")

    config = ServerConfig(port=0, http=parser, access_log=False)
    server = Server(Direct(handle), config, banner=False)
    await server.startup()
    reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
    writer.write(_get("/"))
    await asyncio.wait_for(started.wait(), 10)
    shutdown = asyncio.create_task(server.shutdown())
    for _ in range(20):
        await asyncio.sleep(0)
    assert not shutdown.done()  # still waiting for the handler
    release.set()
    await asyncio.wait_for(shutdown, 10)
    raw = await asyncio.wait_for(reader.read(), 10)
    writer.close()
    await writer.wait_closed()
    assert raw.startswith(b"HTTP/1.1 200 ")
    assert raw.endswith(b"finished")
    assert not server.ctx.tasks


async def test_shutdown_past_its_timeout_cancels_a_waiting_handler(parser: str) -> None:
    seen: asyncio.Future[str] = asyncio.get_running_loop().create_future()
    started = asyncio.Event()

    async def handle(scope: Any, receive: Any) -> Answer:
        started.set()
        try:
            await asyncio.Event().wait()  # never answers
        except asyncio.CancelledError:
            seen.set_result("cancelled")
            raise
        return Answer(b"unreachable")

    config = ServerConfig(port=0, http=parser, timeout_graceful_shutdown=0.1, access_log=False)
    server = Server(Direct(handle), config, banner=False)
    await server.startup()
    reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
    writer.write(_get("/"))
    await asyncio.wait_for(started.wait(), 10)
    await server.shutdown()
    assert await asyncio.wait_for(seen, 10) == "cancelled"
    assert await asyncio.wait_for(reader.read(), 10) == b""
    writer.close()
    await writer.wait_closed()
    assert not server.ctx.tasks
