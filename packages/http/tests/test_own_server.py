"""The kernel under our own server: the direct fast path, and plain ASGI when wrapped."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from lararust_http import Kernel
from lararust_http.server import Server, ServerConfig


class Wrapper:
    """A third-party style ASGI middleware: hides ``direct_handler`` from the server."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.calls = 0

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            self.calls += 1
        await self.app(scope, receive, send)


async def serve(app: Any) -> tuple[Server, int]:
    server = Server(app, ServerConfig(host="127.0.0.1", port=0), banner=False)
    await server.startup()
    return server, server.port


async def fetch(port: int, raw: bytes) -> tuple[str, bytes]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(raw)
    await writer.drain()
    data = await asyncio.wait_for(reader.read(), 10)
    writer.close()
    await writer.wait_closed()
    head, _, body = data.partition(b"\r\n\r\n")
    return head.decode(), body


@pytest.fixture
def routes(router: Any) -> Any:
    router.get("/json", lambda r: {"message": "Hello, World!"})
    router.post("/echo", lambda r: {"name": r.input("name")})
    return router


@pytest.fixture(params=["direct", "asgi"])
async def port(request: pytest.FixtureRequest, kernel: Kernel, routes: Any) -> AsyncIterator[int]:
    wrapper = Wrapper(kernel)
    app = kernel if request.param == "direct" else wrapper
    server, bound = await serve(app)
    assert (server.ctx.direct is not None) == (request.param == "direct")
    yield bound
    await server.shutdown()
    assert (wrapper.calls > 0) == (request.param == "asgi")


async def test_json(port: int) -> None:
    head, body = await fetch(port, b"GET /json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert head.startswith("HTTP/1.1 200")
    assert body == b'{"message":"Hello, World!"}'


async def test_form_post(port: int) -> None:
    head, body = await fetch(
        port,
        b"POST /echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\n"
        b"Content-Length: 8\r\n\r\nname=Ada",
    )
    assert head.startswith("HTTP/1.1 200")
    assert body == b'{"name":"Ada"}'
