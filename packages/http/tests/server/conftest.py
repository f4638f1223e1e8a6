"""Fixtures for the server tests: an in-process server on port 0, raw socket clients, test apps.

Every test that takes ``serve`` runs once per parser backend (``httptools`` and ``h11``): the
server must behave identically under both.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager, suppress
from typing import Any

import pytest
from lararust_http.server import Server, ServerConfig

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]

# Safety net so a broken server fails a test instead of hanging the suite; never asserted on.
IO_TIMEOUT = 10.0


class Response:
    """A response read off the wire."""

    def __init__(self, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
        self.status = status
        self.headers = headers
        self.body = body

    def header(self, name: str) -> str | None:
        """The first value of a header (case-insensitive), or None."""
        for key, value in self.headers:
            if key == name.lower():
                return value
        return None


class RawConnection:
    """A plain TCP (or unix) client speaking bytes, with a tiny HTTP/1.1 response reader."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer

    async def send(self, data: bytes) -> None:
        """Write raw bytes."""
        self.writer.write(data)
        await self.writer.drain()

    async def response(self, *, head_request: bool = False) -> Response:
        """Read exactly one response (framing by content-length, chunked, or close)."""
        head = await asyncio.wait_for(self.reader.readuntil(b"\r\n\r\n"), IO_TIMEOUT)
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers = []
        for line in lines[1:]:
            if line:
                name, _, value = line.partition(":")
                headers.append((name.strip().lower(), value.strip()))
        response = Response(status, headers, b"")
        if status < 200 or status in (204, 304) or head_request:
            return response
        length = response.header("content-length")
        if length is not None:
            response.body = await asyncio.wait_for(self.reader.readexactly(int(length)), IO_TIMEOUT)
        elif response.header("transfer-encoding") == "chunked":
            response.body = await self._chunked()
        else:
            response.body = await asyncio.wait_for(self.reader.read(), IO_TIMEOUT)
        return response

    async def _chunked(self) -> bytes:
        body = b""
        while True:
            line = await asyncio.wait_for(self.reader.readuntil(b"\r\n"), IO_TIMEOUT)
            size = int(line.split(b";")[0], 16)
            if size == 0:
                await asyncio.wait_for(self.reader.readuntil(b"\r\n"), IO_TIMEOUT)
                return body
            body += await asyncio.wait_for(self.reader.readexactly(size + 2), IO_TIMEOUT)
            body = body[:-2]

    async def read_all(self) -> bytes:
        """Everything until the server closes the connection."""
        return await asyncio.wait_for(self.reader.read(), IO_TIMEOUT)

    async def is_closed_by_server(self) -> bool:
        """True when the server closed the connection (EOF or reset) and sent nothing more."""
        try:
            data = await asyncio.wait_for(self.reader.read(1), IO_TIMEOUT)
        except ConnectionResetError:
            return True
        return data == b""

    async def close(self) -> None:
        """Close our side."""
        self.writer.close()
        with suppress(ConnectionResetError, BrokenPipeError):
            await self.writer.wait_closed()


@pytest.fixture(params=["httptools", "h11"])
def parser(request: pytest.FixtureRequest) -> str:
    """Each server test runs under both parser backends."""
    return str(request.param)


ServeFactory = Callable[..., Any]


@pytest.fixture
def serve(parser: str) -> ServeFactory:
    """``async with serve(app, **config) as server:`` runs the app on 127.0.0.1 port 0."""

    @asynccontextmanager
    async def _serve(app: Any, **options: Any) -> AsyncIterator[Server]:
        options.setdefault("access_log", False)
        options.setdefault("port", 0)
        server = Server(app, ServerConfig(http=parser, **options), banner=False)
        await server.startup()
        try:
            yield server
        finally:
            await server.shutdown()

    return _serve


@pytest.fixture
async def connect() -> AsyncIterator[Callable[[Server], Awaitable[RawConnection]]]:
    """Open raw connections to a running server; they are closed at teardown."""
    opened: list[RawConnection] = []

    async def _connect(server: Server) -> RawConnection:
        if server.config.uds is not None:
            reader, writer = await asyncio.open_unix_connection(server.config.uds)
        else:
            reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
        conn = RawConnection(reader, writer)
        opened.append(conn)
        return conn

    yield _connect
    for conn in opened:
        await conn.close()


@pytest.fixture
def get_one(
    serve: ServeFactory, connect: Callable[[Server], Awaitable[RawConnection]]
) -> Callable[..., Awaitable[Response]]:
    """``await get_one(app, **config)``: serve the app, send one ``GET /``, return the response."""

    async def _get_one(app: Any, **options: Any) -> Response:
        async with serve(app, **options) as server:
            conn = await connect(server)
            await conn.send(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n")
            return await conn.response()

    return _get_one


async def _read_body(receive: Receive) -> bytes:
    body = b""
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return body
        body += message.get("body", b"")
        if not message.get("more_body"):
            return body


async def echo_app(scope: Scope, receive: Receive, send: Send) -> None:
    """Answers ``METHOD path?query body`` as text/plain (lifespan unsupported)."""
    assert scope["type"] == "http"
    body = await _read_body(receive)
    text = f"{scope['method']} {scope['path']}?{scope['query_string'].decode()} ".encode() + body
    await send(
        {
            "type": "http.response.start",
            "status": 200,
            "headers": [(b"content-type", b"text/plain")],
        }
    )
    await send({"type": "http.response.body", "body": text})


@pytest.fixture
def echo() -> Callable[[Scope, Receive, Send], Awaitable[None]]:
    """The echo ASGI app."""
    return echo_app
