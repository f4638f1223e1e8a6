"""The kernel is a standard ASGI 3 app: served by uvicorn over a real socket."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from lararust_http import Kernel, StreamedResponse


@pytest.fixture
async def port(kernel: Kernel, router: Any) -> AsyncIterator[int]:
    async def stream(request: Any) -> StreamedResponse:
        async def parts() -> AsyncIterator[str]:
            for part in ("one,", "two"):
                yield part

        return StreamedResponse(parts(), content_type="text/plain")

    router.get("/json", lambda r: {"message": "Hello, World!"})
    router.post("/form", lambda r: {"name": r.input("name"), "ip": r.ip()})
    router.get("/stream", stream)
    import uvicorn  # imported here: the dist check collects this module without uvicorn

    config = uvicorn.Config(
        kernel, host="127.0.0.1", port=0, lifespan="on", log_level="error", access_log=False
    )
    server = uvicorn.Server(config)
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.01)
    yield server.servers[0].sockets[0].getsockname()[1]
    server.should_exit = True
    await task


async def fetch(port: int, raw: bytes) -> tuple[str, bytes]:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(raw)
    await writer.drain()
    data = await reader.read()
    writer.close()
    await writer.wait_closed()
    head, _, body = data.partition(b"\r\n\r\n")
    return head.decode(), body


async def test_json_under_uvicorn(port: int) -> None:
    head, body = await fetch(port, b"GET /json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert head.startswith("HTTP/1.1 200")
    assert "content-type: application/json" in head
    assert body == b'{"message":"Hello, World!"}'


async def test_form_post_under_uvicorn(port: int) -> None:
    form = b"name=Ada"
    head, body = await fetch(
        port,
        b"POST /form HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
        b"Content-Type: application/x-www-form-urlencoded\r\n"
        b"Content-Length: %d\r\n\r\n%s" % (len(form), form),
    )
    assert head.startswith("HTTP/1.1 200")
    assert body == b'{"name":"Ada","ip":"127.0.0.1"}'


async def test_streaming_under_uvicorn(port: int) -> None:
    head, body = await fetch(port, b"GET /stream HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert "transfer-encoding: chunked" in head
    assert b"one," in body
    assert b"two" in body


async def test_not_found_under_uvicorn(port: int) -> None:
    head, _ = await fetch(port, b"GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
    assert head.startswith("HTTP/1.1 404")
