"""Size limits, timeouts and the connection cap, each with its status code, under both parsers."""

from __future__ import annotations

import asyncio
import socket
from typing import Any

import pytest

pytestmark = pytest.mark.asyncio


async def test_long_request_line_gets_414(serve: Any, connect: Any, echo: Any) -> None:
    async with serve(echo, max_request_line=1024) as server:
        conn = await connect(server)
        await conn.send(b"GET /" + b"a" * 2000 + b" HTTP/1.1\r\nHost: a\r\n\r\n")
        raw = await conn.read_all()
    assert raw.startswith(b"HTTP/1.1 414 ")


async def test_long_request_line_is_refused_before_it_ends(
    serve: Any, connect: Any, echo: Any
) -> None:
    async with serve(echo, max_request_line=1024) as server:
        conn = await connect(server)
        await conn.send(b"GET /" + b"a" * 4000)  # no CRLF yet: must not wait for one
        raw = await conn.read_all()
    assert raw.startswith(b"HTTP/1.1 414 ")


async def test_default_request_line_limit_is_8_kib(serve: Any, connect: Any, echo: Any) -> None:
    async with serve(echo) as server:
        ok = await connect(server)
        await ok.send(b"GET /" + b"a" * 8000 + b" HTTP/1.1\r\nHost: a\r\n\r\n")
        assert (await ok.response()).status == 200
        too_long = await connect(server)
        await too_long.send(b"GET /" + b"a" * 8300 + b" HTTP/1.1\r\nHost: a\r\n\r\n")
        assert (await too_long.read_all()).startswith(b"HTTP/1.1 414 ")


async def test_large_header_section_gets_431(serve: Any, connect: Any, echo: Any) -> None:
    async with serve(echo, max_header_bytes=4096) as server:
        conn = await connect(server)
        await conn.send(b"GET / HTTP/1.1\r\nHost: a\r\nX-Big: " + b"v" * 5000 + b"\r\n\r\n")
        raw = await conn.read_all()
    assert raw.startswith(b"HTTP/1.1 431 ")


async def test_endless_header_section_gets_431_without_waiting_for_its_end(
    serve: Any, connect: Any, echo: Any
) -> None:
    async with serve(echo, max_header_bytes=4096) as server:
        conn = await connect(server)
        await conn.send(b"GET / HTTP/1.1\r\nHost: a\r\n" + b"X-A: b\r\n" * 1000)
        raw = await conn.read_all()
    assert raw.startswith(b"HTTP/1.1 431 ")


async def test_too_many_header_fields_get_431(serve: Any, connect: Any, echo: Any) -> None:
    fields = b"".join(b"X-%d: v\r\n" % i for i in range(100))
    async with serve(echo) as server:
        conn = await connect(server)
        await conn.send(b"GET / HTTP/1.1\r\nHost: a\r\n" + fields + b"\r\n")
        raw = await conn.read_all()
    assert raw.startswith(b"HTTP/1.1 431 ")


async def test_one_hundred_header_fields_are_allowed(serve: Any, connect: Any, echo: Any) -> None:
    fields = b"".join(b"X-%d: v\r\n" % i for i in range(99))
    async with serve(echo) as server:
        conn = await connect(server)
        await conn.send(b"GET / HTTP/1.1\r\nHost: a\r\n" + fields + b"\r\n")
        assert (await conn.response()).status == 200


async def test_declared_body_over_cap_gets_413_before_the_app_runs(
    serve: Any, connect: Any
) -> None:
    called = False

    async def app(scope: Any, receive: Any, send: Any) -> None:
        nonlocal called
        called = called or scope["type"] == "http"

    async with serve(app, max_body_size=10) as server:
        conn = await connect(server)
        await conn.send(b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\n")
        raw = await conn.read_all()
    assert raw.startswith(b"HTTP/1.1 413 ")
    assert not called


async def test_chunked_body_over_cap_gets_413_while_streaming(
    serve: Any, connect: Any, echo: Any
) -> None:
    async with serve(echo, max_body_size=10) as server:
        conn = await connect(server)
        await conn.send(
            b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
            b"8\r\n12345678\r\n8\r\n12345678\r\n"
        )
        raw = await conn.read_all()
    assert raw.startswith(b"HTTP/1.1 413 ")


async def test_body_at_cap_is_accepted(serve: Any, connect: Any, echo: Any) -> None:
    async with serve(echo, max_body_size=10) as server:
        conn = await connect(server)
        await conn.send(b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\n0123456789")
        assert (await conn.response()).body == b"POST /? 0123456789"


async def test_incomplete_head_times_out_with_408(serve: Any, connect: Any, echo: Any) -> None:
    async with serve(echo, timeout_header=0.2) as server:
        conn = await connect(server)
        await conn.send(b"GET / HTTP/1.1\r\nHost: a\r\n")  # slowloris: never finishes
        raw = await conn.read_all()
    assert raw.startswith(b"HTTP/1.1 408 ")


async def test_silent_connection_is_closed_after_header_timeout(
    serve: Any, connect: Any, echo: Any
) -> None:
    async with serve(echo, timeout_header=0.2) as server:
        conn = await connect(server)
        assert await conn.read_all() == b""


async def test_idle_keep_alive_connection_is_closed(serve: Any, connect: Any, echo: Any) -> None:
    async with serve(echo, timeout_keep_alive=0.2) as server:
        conn = await connect(server)
        await conn.send(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n")
        assert (await conn.response()).status == 200
        assert await conn.is_closed_by_server()


async def test_connection_cap_answers_503(serve: Any, connect: Any, echo: Any) -> None:
    async with serve(echo, max_connections=1) as server:
        first = await connect(server)
        await first.send(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n")
        assert (await first.response()).status == 200
        second = await connect(server)
        raw = await second.read_all()
        assert raw.startswith(b"HTTP/1.1 503 ")
        await first.send(b"GET /still HTTP/1.1\r\nHost: a\r\n\r\n")
        assert (await first.response()).body == b"GET /still? "


async def test_slow_reader_holds_back_a_streaming_app(serve: Any) -> None:
    """Write back-pressure: the app's send() waits instead of buffering the whole stream."""
    chunk = b"x" * 65536
    total = 400  # 25 MiB: far more than socket buffers plus the write high-water mark
    sent = 0
    done = asyncio.Event()

    async def app(scope: Any, receive: Any, send: Any) -> None:
        nonlocal sent
        await send({"type": "http.response.start", "status": 200, "headers": []})
        for _ in range(total):
            await send({"type": "http.response.body", "body": chunk, "more_body": True})
            sent += 1
        await send({"type": "http.response.body", "body": b""})
        done.set()

    async with serve(app) as server:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 65536)
        sock.setblocking(False)
        loop = asyncio.get_running_loop()
        await loop.sock_connect(sock, ("127.0.0.1", server.port))
        reader, writer = await asyncio.open_connection(sock=sock, limit=2**20)
        writer.write(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n")
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(done.wait(), 1.0)  # cannot finish while we do not read
        assert sent < total
        received = 0
        while not done.is_set() or received < total * len(chunk):
            data = await asyncio.wait_for(reader.read(2**20), 10)
            if not data:
                break
            received += len(data)
            if b"0\r\n\r\n" in data[-5:]:
                break
        writer.close()
        await writer.wait_closed()
    assert done.is_set()
    assert received > total * len(chunk)


async def test_unread_request_body_pauses_reading(serve: Any) -> None:
    """Read back-pressure: a client pushing a big body an app does not read is not buffered."""
    release = asyncio.Event()

    async def app(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        await release.wait()
        size = 0
        while True:
            message = await receive()
            size += len(message.get("body", b""))
            if not message.get("more_body"):
                break
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": str(size).encode()})

    body = b"y" * (32 * 2**20)
    async with serve(app, max_body_size=None) as server:
        reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
        writer.write(b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: %d\r\n\r\n" % len(body))
        writer.write(body)
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(writer.drain(), 1.0)  # the server stopped reading
        release.set()
        await asyncio.wait_for(writer.drain(), 10)
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 10)
        answer = await asyncio.wait_for(reader.read(20), 10)
        writer.close()
        await writer.wait_closed()
    assert head.startswith(b"HTTP/1.1 200 ")
    assert answer == str(len(body)).encode()
