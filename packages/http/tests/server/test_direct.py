"""The fast path: an app offering ``direct_handler()`` is served without ASGI send messages.

The objects below implement the agreed protocol (status_code, raw_headers, body, stream,
optional background) the way the http kernel's responses do.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest

pytestmark = pytest.mark.asyncio


class FakeResponse:
    """A minimal response object of the direct protocol."""

    def __init__(
        self,
        body: bytes = b"",
        *,
        status: int = 200,
        headers: list[tuple[bytes, bytes]] | None = None,
        stream: AsyncIterator[bytes] | None = None,
    ) -> None:
        self.status_code = status
        self.raw_headers = headers or [(b"content-type", b"text/plain; charset=utf-8")]
        self.body = body
        self.stream = stream
        self.background_ran = False

    async def background(self) -> None:
        self.background_ran = True


class DirectApp:
    """An ASGI app that also offers a direct handler; ``asgi_calls`` proves which path ran."""

    def __init__(self) -> None:
        self.asgi_calls = 0
        self.last: FakeResponse | None = None

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            self.asgi_calls += 1
            await send({"type": "http.response.start", "status": 200, "headers": []})
            await send({"type": "http.response.body", "body": b"via ASGI"})

    def direct_handler(self) -> Any:
        return self.handle

    async def handle(self, scope: Any, receive: Any) -> FakeResponse:
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        path = scope["path"]
        if path == "/stream":

            async def parts() -> AsyncIterator[bytes]:
                for part in (b"one,", b"two,", b"three"):
                    yield part

            self.last = FakeResponse(stream=parts())
        elif path == "/bad-header":
            self.last = FakeResponse(b"x", headers=[(b"x-evil", b"a\r\nset-cookie: s=1")])
        elif path == "/boom":
            raise RuntimeError("handler failure")
        else:
            self.last = FakeResponse(f"{scope['method']} {path} ".encode() + body)
        return self.last


@pytest.mark.smoke
async def test_direct_handler_serves_without_asgi(serve: Any, connect: Any) -> None:
    app = DirectApp()
    async with serve(app) as server:
        conn = await connect(server)
        await conn.send(b"POST /d HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n\r\nbody")
        response = await conn.response()
    assert response.body == b"POST /d body"
    assert response.header("content-length") == "12"
    assert response.header("server") == "lararust"
    assert app.asgi_calls == 0


async def test_app_without_direct_handler_goes_through_asgi(serve: Any, connect: Any) -> None:
    app = DirectApp()
    app.direct_handler = lambda: None  # type: ignore[method-assign]
    async with serve(app) as server:
        conn = await connect(server)
        await conn.send(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n")
        assert (await conn.response()).body == b"via ASGI"
    assert app.asgi_calls == 1


async def test_direct_stream_is_chunked(serve: Any, connect: Any) -> None:
    async with serve(DirectApp()) as server:
        conn = await connect(server)
        await conn.send(b"GET /stream HTTP/1.1\r\nHost: a\r\n\r\n")
        response = await conn.response()
    assert response.header("transfer-encoding") == "chunked"
    assert response.body == b"one,two,three"


async def test_direct_background_runs_after_the_response(serve: Any, connect: Any) -> None:
    app = DirectApp()
    async with serve(app) as server:
        conn = await connect(server)
        await conn.send(b"GET /bg HTTP/1.1\r\nHost: a\r\n\r\n")
        assert (await conn.response()).status == 200
        for _ in range(100):
            if app.last is not None and app.last.background_ran:
                break
            await asyncio.sleep(0.01)
    assert app.last is not None
    assert app.last.background_ran


async def test_direct_head_request_has_no_body(serve: Any, connect: Any) -> None:
    async with serve(DirectApp()) as server:
        conn = await connect(server)
        await conn.send(b"HEAD /h HTTP/1.1\r\nHost: a\r\n\r\nGET /next HTTP/1.1\r\nHost: a\r\n\r\n")
        head = await conn.response(head_request=True)
        following = await conn.response()
    assert head.header("content-length") == str(len(b"HEAD /h "))
    assert following.body == b"GET /next "


async def test_direct_unsafe_header_gives_500(serve: Any, connect: Any) -> None:
    async with serve(DirectApp()) as server:
        conn = await connect(server)
        await conn.send(b"GET /bad-header HTTP/1.1\r\nHost: a\r\n\r\n")
        raw = await conn.read_all()
    assert raw.startswith(b"HTTP/1.1 500 ")
    assert b"set-cookie" not in raw


async def test_direct_handler_exception_gives_500(serve: Any, connect: Any) -> None:
    async with serve(DirectApp()) as server:
        conn = await connect(server)
        await conn.send(b"GET /boom HTTP/1.1\r\nHost: a\r\n\r\n")
        assert (await conn.response()).status == 500


async def test_direct_pipelined_requests_keep_their_order(serve: Any, connect: Any) -> None:
    async with serve(DirectApp()) as server:
        conn = await connect(server)
        await conn.send(b"".join(b"GET /%d HTTP/1.1\r\nHost: a\r\n\r\n" % i for i in range(20)))
        bodies = [(await conn.response()).body for _ in range(20)]
    assert bodies == [b"GET /%d " % i for i in range(20)]


async def test_direct_stalled_body_gets_408(serve: Any, connect: Any) -> None:
    app = DirectApp()
    async with serve(app, timeout_body=0.2) as server:
        conn = await connect(server)
        await conn.send(b"POST /late HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc")
        raw = await conn.read_all()  # returns at the server's close
    assert raw.startswith(b"HTTP/1.1 408 ")
    assert raw.count(b"HTTP/1.1 ") == 1  # the handler's late answer never follows it
    assert app.asgi_calls == 0
