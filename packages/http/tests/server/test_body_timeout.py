"""The request-body timeout: a body that stalls or trickles gets 408 and a closed connection.

The clock is Apache mod_reqtimeout's: ``timeout_body`` seconds, one more per ``body_min_rate``
bytes received. It must never fire on a client the server itself holds back (read
back-pressure) or one still waiting for ``100 Continue``. Every test runs under both parsers.
"""

from __future__ import annotations

import asyncio
from contextlib import suppress
from typing import Any

import pytest

pytestmark = pytest.mark.asyncio


async def _body_length_app(scope: Any, receive: Any, send: Any) -> None:
    """Reads the whole body, answers its length (a disconnect ends the read early)."""
    if scope["type"] != "http":
        return  # lifespan unsupported
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return
        size += len(message.get("body", b""))
        if not message.get("more_body"):
            break
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"%d" % size})


async def test_stalled_body_gets_408_and_the_connection_closed(
    serve: Any, connect: Any, echo: Any
) -> None:
    async with serve(echo, timeout_body=0.2) as server:
        conn = await connect(server)
        await conn.send(b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nabc")
        raw = await conn.read_all()  # returns at the server's close
    assert raw.startswith(b"HTTP/1.1 408 ")
    assert b"connection: close\r\n" in raw


async def test_trickled_body_gets_408(serve: Any, connect: Any) -> None:
    # 20 bytes/s asked, 1 byte every 0.15 s sent (~7 bytes/s): the budget only shrinks.
    async with serve(_body_length_app, timeout_body=0.3, body_min_rate=20) as server:
        conn = await connect(server)
        await conn.send(b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 200\r\n\r\n")

        async def trickle() -> None:
            with suppress(ConnectionError):
                for _ in range(200):  # bounded: ~30 s at most, the server cuts far earlier
                    await conn.send(b"x")
                    await asyncio.sleep(0.15)

        sender = asyncio.create_task(trickle())
        try:
            raw = await conn.read_all()
        finally:
            sender.cancel()
            with suppress(asyncio.CancelledError):
                await sender
    assert raw.startswith(b"HTTP/1.1 408 ")


async def test_body_clock_starts_with_the_100_continue(serve: Any, connect: Any) -> None:
    async def slow_to_read(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        await asyncio.sleep(0.4)  # longer than timeout_body: the client is not to blame
        await _body_length_app(scope, receive, send)

    async with serve(slow_to_read, timeout_body=0.15) as server:
        conn = await connect(server)
        await conn.send(
            b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n"
        )
        interim = await asyncio.wait_for(conn.reader.readuntil(b"\r\n\r\n"), 10)
        assert interim.startswith(b"HTTP/1.1 100 ")
        await conn.send(b"hello")
        response = await conn.response()
    assert (response.status, response.body) == (200, b"5")


async def test_body_clock_stops_while_the_server_holds_the_client_back(
    serve: Any, connect: Any
) -> None:
    size = 1024 * 1024  # more than one read: reading pauses at read_buffer_limit

    async def slow_to_read(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        await asyncio.sleep(0.4)  # longer than timeout_body while the body is held back
        await _body_length_app(scope, receive, send)

    # No rate bonus: the bytes that did arrive must not be what keeps the clock alive.
    options = {"timeout_body": 0.15, "body_min_rate": 0, "read_buffer_limit": 16 * 1024}
    async with serve(slow_to_read, **options) as server:
        conn = await connect(server)
        conn.writer.write(b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: %d\r\n\r\n" % size)
        conn.writer.write(b"x" * size)
        response, _ = await asyncio.gather(conn.response(), conn.writer.drain())
    assert (response.status, response.body) == (200, b"%d" % size)


async def test_body_in_time_keeps_the_connection(serve: Any, connect: Any, echo: Any) -> None:
    async with serve(echo, timeout_body=5.0) as server:
        conn = await connect(server)
        await conn.send(b"POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nab")
        await asyncio.sleep(0.05)
        await conn.send(b"c")
        assert (await conn.response()).body == b"POST /a? abc"
        await conn.send(b"GET /b HTTP/1.1\r\nHost: a\r\n\r\n")
        assert (await conn.response()).body == b"GET /b? "
