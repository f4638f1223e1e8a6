"""The ASGI edge: lifespan, app failures, unsafe headers, disconnects, access log."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import pytest
from lararust_http.server import Server, ServerConfig

pytestmark = pytest.mark.asyncio


async def test_lifespan_runs_around_serving_and_shares_state(serve: Any, connect: Any) -> None:
    events: list[str] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                events.append(message["type"])
                if message["type"] == "lifespan.startup":
                    scope["state"]["db"] = "connected"
                    await send({"type": "lifespan.startup.complete"})
                else:
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": scope["state"]["db"].encode()})

    async with serve(app) as server:
        assert events == ["lifespan.startup"]
        conn = await connect(server)
        await conn.send(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n")
        assert (await conn.response()).body == b"connected"
    assert events == ["lifespan.startup", "lifespan.shutdown"]


async def test_lifespan_startup_failure_stops_startup(parser: str) -> None:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        await receive()
        await send({"type": "lifespan.startup.failed", "message": "no database"})

    server = Server(app, ServerConfig(port=0, http=parser), banner=False)
    with pytest.raises(Exception, match="no database"):
        await server.startup()
    assert not server.started


async def test_app_exception_before_response_gives_500_and_server_lives_on(
    serve: Any, connect: Any, caplog: pytest.LogCaptureFixture
) -> None:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["path"] == "/boom":
            raise ValueError("kaboom")
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"fine"})

    async with serve(app, lifespan="off") as server:
        conn = await connect(server)
        await conn.send(b"GET /boom HTTP/1.1\r\nHost: a\r\n\r\n")
        response = await conn.response()
        assert response.status == 500
        assert b"kaboom" not in response.body  # no internals leak to the client
        assert await conn.is_closed_by_server()
        other = await connect(server)
        await other.send(b"GET /ok HTTP/1.1\r\nHost: a\r\n\r\n")
        assert (await other.response()).body == b"fine"
    assert "kaboom" in caplog.text


async def test_app_exception_mid_stream_cuts_the_connection(serve: Any, connect: Any) -> None:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"partial", "more_body": True})
        raise RuntimeError("late failure")

    async with serve(app, lifespan="off") as server:
        conn = await connect(server)
        await conn.send(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n")
        raw = await conn.read_all()
    assert raw.startswith(b"HTTP/1.1 200 ")
    assert not raw.endswith(b"0\r\n\r\n")  # never a terminating chunk: the client sees the cut


async def test_app_returning_without_response_gives_500(get_one: Any) -> None:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        return None

    assert (await get_one(app, lifespan="off")).status == 500


@pytest.mark.parametrize(
    "header",
    [
        (b"x-injected", b"a\r\nSet-Cookie: evil=1"),
        (b"x-injected", b"a\nSet-Cookie: evil=1"),
        (b"x-injected", b"a\rb"),
        (b"x-injected", b"a\x00b"),
        (b"x-bad\r\nset-cookie", b"evil=1"),
        (b"x bad", b"v"),
        (b"", b"v"),
    ],
)
async def test_unsafe_response_header_gives_500_not_a_split_response(
    header: tuple[bytes, bytes], serve: Any, connect: Any
) -> None:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": [header]})
        await send({"type": "http.response.body", "body": b"body"})

    async with serve(app, lifespan="off") as server:
        conn = await connect(server)
        await conn.send(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n")
        raw = await conn.read_all()
    assert raw.startswith(b"HTTP/1.1 500 ")
    assert b"evil" not in raw
    assert b"x-injected" not in raw


async def test_content_length_mismatch_is_never_sent_as_is(serve: Any, connect: Any) -> None:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        await send(
            {"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"2")]}
        )
        await send({"type": "http.response.body", "body": b"too long"})

    async with serve(app, lifespan="off") as server:
        conn = await connect(server)
        await conn.send(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n")
        raw = await conn.read_all()
    assert raw.startswith(b"HTTP/1.1 500 ")
    assert b"too long" not in raw


async def test_client_disconnect_is_reported_to_the_app(serve: Any, connect: Any) -> None:
    seen = asyncio.Event()
    messages: list[str] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        messages.append((await receive())["type"])  # the (empty) body
        messages.append((await receive())["type"])  # blocks until the client leaves
        seen.set()

    async with serve(app, lifespan="off") as server:
        conn = await connect(server)
        await conn.send(b"GET /long-poll HTTP/1.1\r\nHost: a\r\n\r\n")
        await asyncio.sleep(0)
        await conn.close()
        await asyncio.wait_for(seen.wait(), 10)
    assert messages == ["http.request", "http.disconnect"]


async def test_disconnect_mid_body_is_reported(serve: Any, connect: Any) -> None:
    seen: list[dict[str, Any]] = []
    finished = asyncio.Event()

    async def app(scope: Any, receive: Any, send: Any) -> None:
        while True:
            message = await receive()
            seen.append(message)
            if message["type"] == "http.disconnect" or not message.get("more_body"):
                break
        finished.set()

    async with serve(app, lifespan="off") as server:
        conn = await connect(server)
        await conn.send(b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\nonly-part")
        await asyncio.sleep(0.01)
        await conn.close()
        await asyncio.wait_for(finished.wait(), 10)
    assert seen[-1]["type"] == "http.disconnect"
    assert b"".join(m.get("body", b"") for m in seen) == b"only-part"


async def test_access_log_escapes_the_target(
    serve: Any, connect: Any, echo: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="lararust.server.access")
    async with serve(echo, access_log=True) as server:
        conn = await connect(server)
        await conn.send(b'GET /a"b\\c%0d%0a HTTP/1.1\r\nHost: a\r\n\r\n')
        assert (await conn.response()).status == 200
    lines = [r.getMessage() for r in caplog.records if r.name == "lararust.server.access"]
    assert len(lines) == 1
    assert '"GET /a\\x22b\\x5cc%0d%0a HTTP/1.1" 200' in lines[0]


async def test_access_log_can_be_turned_off(
    serve: Any, connect: Any, echo: Any, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="lararust.server.access")
    async with serve(echo, access_log=False) as server:
        conn = await connect(server)
        await conn.send(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n")
        assert (await conn.response()).status == 200
    assert not [r for r in caplog.records if r.name == "lararust.server.access"]


async def test_graceful_shutdown_finishes_in_flight_request(serve: Any, parser: str) -> None:
    started = asyncio.Event()

    async def app(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        started.set()
        await asyncio.sleep(0.2)
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"finished"})

    server = Server(app, ServerConfig(port=0, http=parser, access_log=False), banner=False)
    await server.startup()
    reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
    writer.write(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n")
    await started.wait()
    await server.shutdown()  # must wait for the request above
    raw = await asyncio.wait_for(reader.read(), 10)
    writer.close()
    await writer.wait_closed()
    assert raw.startswith(b"HTTP/1.1 200 ")
    assert b"connection: close" in raw
    assert raw.endswith(b"finished")
    with pytest.raises(ConnectionRefusedError):
        await asyncio.open_connection("127.0.0.1", server.port)


async def test_graceful_shutdown_gives_up_after_its_timeout(parser: str) -> None:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            await asyncio.Event().wait()  # never answers

    config = ServerConfig(port=0, http=parser, timeout_graceful_shutdown=0.2, access_log=False)
    server = Server(app, config, banner=False)
    await server.startup()
    reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
    writer.write(b"GET / HTTP/1.1\r\nHost: a\r\n\r\n")
    await asyncio.sleep(0.05)
    await server.shutdown()
    assert await asyncio.wait_for(reader.read(), 10) == b""
    writer.close()
    await writer.wait_closed()
    assert not server.ctx.tasks


async def test_asgi_header_names_of_any_case_and_buffer_type_are_sent_lower_case(
    get_one: Any,
) -> None:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        headers = [
            (b"X-Upper", b"1"),
            (bytearray(b"x-buffer"), bytearray(b"2")),
            [b"x-list", b"3"],
            (b"x-plain", b"4"),
        ]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": b"ok"})

    response = await get_one(app)
    assert [(k, v) for k, v in response.headers if k.startswith("x-")] == [
        ("x-upper", "1"),
        ("x-buffer", "2"),
        ("x-list", "3"),
        ("x-plain", "4"),
    ]


async def test_changing_the_header_list_after_the_start_message_changes_nothing(
    get_one: Any,
) -> None:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        headers = [(b"x-a", b"1")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        headers.append((b"x-late", b"2"))  # the head leaves with the body: too late all the same
        await send({"type": "http.response.body", "body": b"ok"})

    response = await get_one(app)
    assert response.header("x-a") == "1"
    assert response.header("x-late") is None
