"""HTTP/1.1 semantics through real sockets, under both parsers."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

pytestmark = pytest.mark.asyncio


@pytest.mark.smoke
async def test_get_answers_with_date_server_and_length(serve: Any, connect: Any, echo: Any) -> None:
    async with serve(echo) as server:
        conn = await connect(server)
        await conn.send(b"GET /hello?x=1 HTTP/1.1\r\nHost: a\r\n\r\n")
        response = await conn.response()
    assert response.status == 200
    assert response.body == b"GET /hello?x=1 "
    assert response.header("content-length") == str(len(response.body))
    assert response.header("server") == "lararust"
    assert response.header("date") is not None
    assert response.header("date").endswith("GMT")


async def test_keep_alive_serves_several_requests_on_one_connection(
    serve: Any, connect: Any, echo: Any
) -> None:
    async with serve(echo) as server:
        conn = await connect(server)
        for path in ("/one", "/two", "/three"):
            await conn.send(f"GET {path} HTTP/1.1\r\nHost: a\r\n\r\n".encode())
            response = await conn.response()
            assert response.body == f"GET {path}? ".encode()


async def test_pipelined_requests_are_answered_in_order(serve: Any, connect: Any) -> None:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        if scope["path"] == "/slow":
            await asyncio.sleep(0.05)  # the first answer is ready last if run concurrently
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": scope["path"].encode()})

    async with serve(app) as server:
        conn = await connect(server)
        await conn.send(
            b"GET /slow HTTP/1.1\r\nHost: a\r\n\r\n"
            b"POST /post HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc"
            b"GET /fast HTTP/1.1\r\nHost: a\r\n\r\n"
        )
        bodies = [(await conn.response()).body for _ in range(3)]
    assert bodies == [b"/slow", b"/post", b"/fast"]


async def test_chunked_request_body_is_decoded(serve: Any, connect: Any, echo: Any) -> None:
    async with serve(echo) as server:
        conn = await connect(server)
        await conn.send(
            b"POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
            b'5\r\nhello\r\n1;name=value;flag;q="quoted ok"\r\n \r\n'
            b"5\r\nworld\r\n0\r\nX-Trailer: yes\r\n\r\n"
        )
        response = await conn.response()
    assert response.body == b"POST /c? hello world"


async def test_streamed_response_is_chunked(get_one: Any) -> None:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        for part in (b"a", b"bb", b"ccc"):
            await send({"type": "http.response.body", "body": part, "more_body": True})
        await send({"type": "http.response.body", "body": b""})

    response = await get_one(app)
    assert response.header("transfer-encoding") == "chunked"
    assert response.body == b"abbccc"


async def test_http10_streamed_response_is_delimited_by_close(serve: Any, connect: Any) -> None:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"part1", "more_body": True})
        await send({"type": "http.response.body", "body": b"part2"})

    async with serve(app) as server:
        conn = await connect(server)
        await conn.send(b"GET / HTTP/1.0\r\n\r\n")
        raw = await conn.read_all()
    head, _, body = raw.partition(b"\r\n\r\n")
    assert b"transfer-encoding" not in head.lower()
    assert b"connection: close" in head.lower()
    assert body == b"part1part2"


async def test_http10_keep_alive_is_honoured_when_asked(
    serve: Any, connect: Any, echo: Any
) -> None:
    async with serve(echo) as server:
        conn = await connect(server)
        for _ in range(2):
            await conn.send(b"GET /k HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            response = await conn.response()
            assert response.header("connection") == "keep-alive"


async def test_connection_close_is_honoured(serve: Any, connect: Any, echo: Any) -> None:
    async with serve(echo) as server:
        conn = await connect(server)
        await conn.send(b"GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")
        response = await conn.response()
        assert response.header("connection") == "close"
        assert await conn.is_closed_by_server()


async def test_head_gets_headers_without_body(serve: Any, connect: Any, echo: Any) -> None:
    async with serve(echo) as server:
        conn = await connect(server)
        await conn.send(
            b"HEAD /x HTTP/1.1\r\nHost: a\r\n\r\nGET /after HTTP/1.1\r\nHost: a\r\n\r\n"
        )
        head = await conn.response(head_request=True)
        after = await conn.response()
    assert head.header("content-length") == str(len(b"HEAD /x? "))
    # Had a body been written, it would be read here as the next response's status line.
    assert after.body == b"GET /after? "


async def test_expect_100_continue_gets_interim_response(
    serve: Any, connect: Any, echo: Any
) -> None:
    async with serve(echo) as server:
        conn = await connect(server)
        await conn.send(
            b"POST /e HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n"
        )
        interim = await conn.response()
        assert interim.status == 100
        await conn.send(b"body")
        final = await conn.response()
    assert final.body == b"POST /e? body"


async def test_expect_100_not_sent_when_app_answers_without_reading(
    serve: Any, connect: Any
) -> None:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        await send({"type": "http.response.start", "status": 413, "headers": []})
        await send({"type": "http.response.body", "body": b"no"})

    async with serve(app) as server:
        conn = await connect(server)
        await conn.send(
            b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n"
        )
        response = await conn.response()
        assert response.status == 413
        # The unread body would desynchronise the stream: the server must close.
        assert await conn.is_closed_by_server()


async def test_scope_carries_decoded_path_raw_path_and_query(serve: Any, connect: Any) -> None:
    seen: dict[str, Any] = {}

    async def app(scope: Any, receive: Any, send: Any) -> None:
        seen.update(scope)
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    async with serve(app, root_path="/base") as server:
        conn = await connect(server)
        await conn.send(b"GET /caf%C3%A9/a%2Fb?q=%20x&q=2 HTTP/1.1\r\nHost: a\r\n\r\n")
        response = await conn.response()
    assert response.status == 204
    assert seen["path"] == "/base/café/a/b"
    assert seen["raw_path"] == b"/caf%C3%A9/a%2Fb"
    assert seen["query_string"] == b"q=%20x&q=2"
    assert seen["root_path"] == "/base"
    assert seen["http_version"] == "1.1"
    assert seen["scheme"] == "http"
    assert seen["server"] == ("127.0.0.1", server.port)
    assert seen["client"][0] == "127.0.0.1"
    assert (b"host", b"a") in seen["headers"]


async def test_absolute_form_target_is_reduced_to_its_path(
    serve: Any, connect: Any, echo: Any
) -> None:
    async with serve(echo) as server:
        conn = await connect(server)
        await conn.send(b"GET http://a/abs?z=1 HTTP/1.1\r\nHost: a\r\n\r\n")
        response = await conn.response()
    assert response.body == b"GET /abs?z=1 "
