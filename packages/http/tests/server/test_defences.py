"""Malformed and hostile requests: the same status, and a closed connection, under both parsers.

Each case is sent on a fresh connection followed by a second, innocent request: it must never
be answered (a smuggled request riding on an ambiguous one is exactly what this guards against).
"""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.asyncio

FOLLOW_UP = b"GET /smuggled HTTP/1.1\r\nHost: a\r\n\r\n"

BAD_REQUESTS: dict[str, tuple[bytes, int]] = {
    "content-length-and-transfer-encoding": (
        b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"0\r\n\r\n",
        400,
    ),
    "transfer-encoding-and-content-length": (
        b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n"
        b"0\r\n\r\n",
        400,
    ),
    "bare-cr-in-value": (b"GET / HTTP/1.1\r\nHost: a\r\nX: a\rb\r\n\r\n", 400),
    "bare-cr-line-end": (b"GET / HTTP/1.1\r\nHost: a\rX: b\r\n\r\n", 400),
    "bare-lf-line-end": (b"GET / HTTP/1.1\nHost: a\n\n", 400),
    "nul-in-value": (b"GET / HTTP/1.1\r\nHost: a\r\nX: a\x00b\r\n\r\n", 400),
    "nul-in-target": (b"GET /a\x00b HTTP/1.1\r\nHost: a\r\n\r\n", 400),
    "whitespace-before-colon": (b"GET / HTTP/1.1\r\nHost : a\r\n\r\n", 400),
    "obs-fold": (b"GET / HTTP/1.1\r\nHost: a\r\nX-Long: one\r\n two\r\n\r\n", 400),
    "obs-fold-tab": (b"GET / HTTP/1.1\r\nHost: a\r\nX-Long: one\r\n\ttwo\r\n\r\n", 400),
    "leading-whitespace-header": (b"GET / HTTP/1.1\r\n Host: a\r\n\r\n", 400),
    "chunked-not-last": (
        b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, gzip\r\n\r\n",
        400,
    ),
    "unknown-transfer-coding": (
        b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip\r\n\r\n",
        400,
    ),
    "chunked-twice": (
        b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n",
        400,
    ),
    "duplicate-transfer-encoding": (
        b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n"
        b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        400,
    ),
    "transfer-encoding-http10": (
        b"POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
        400,
    ),
    "content-length-plus-sign": (
        b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +3\r\n\r\nabc",
        400,
    ),
    "content-length-negative": (
        b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: -3\r\n\r\nabc",
        400,
    ),
    "content-length-letters": (b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3a\r\n\r\nabc", 400),
    "content-length-list": (b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3, 3\r\n\r\nabc", 400),
    "content-length-huge": (
        b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999999\r\n\r\n",
        400,
    ),
    "duplicate-content-length-differing": (
        b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd",
        400,
    ),
    "chunk-size-not-hex": (
        b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n",
        400,
    ),
    "chunk-size-0x-prefix": (
        b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n0x3\r\nabc\r\n0\r\n\r\n",
        400,
    ),
    "chunk-size-negative": (
        b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n-3\r\nabc\r\n0\r\n\r\n",
        400,
    ),
    "chunk-size-leading-space": (
        b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n 3\r\nabc\r\n0\r\n\r\n",
        400,
    ),
    "chunk-size-empty": (
        b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n\r\nabc\r\n0\r\n\r\n",
        400,
    ),
    "chunk-size-overflow": (
        b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"fffffffffffffffff3\r\nabc\r\n0\r\n\r\n",
        400,
    ),
    "chunk-data-without-crlf": (
        b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n0\r\n\r\n",
        400,
    ),
    "chunk-data-bare-lf": (
        b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\n0\r\n\r\n",
        400,
    ),
    "chunk-extension-space-in-name": (
        b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"3;foo bar\r\nabc\r\n0\r\n\r\n",
        400,
    ),
    "chunk-extension-without-name": (
        b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3;=x\r\nabc\r\n0\r\n\r\n",
        400,
    ),
    "chunk-extension-unterminated-quote": (
        b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
        b'3;a="open\r\nabc\r\n0\r\n\r\n',
        400,
    ),
    "chunk-extension-bare-cr": (
        b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"3;a=b\rc\r\nabc\r\n0\r\n\r\n",
        400,
    ),
    "chunk-size-line-too-long": (
        b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3"
        + b";x=y" * 1100
        + b"\r\nabc\r\n0\r\n\r\n",
        400,
    ),
    "malformed-trailer": (
        b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"3\r\nabc\r\n0\r\nbad trailer\r\n\r\n",
        400,
    ),
    "missing-host-http11": (b"GET / HTTP/1.1\r\nX: y\r\n\r\n", 400),
    "duplicate-host": (b"GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400),
    "duplicate-host-http10": (b"GET / HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n", 400),
    # Field names are case-insensitive: the common-case shortcut must see these as well.
    "duplicate-host-any-case": (b"GET / HTTP/1.1\r\nHost: a\r\nHOST: b\r\n\r\n", 400),
    "content-length-and-transfer-encoding-any-case": (
        b"POST / HTTP/1.1\r\nHost: a\r\nCONTENT-LENGTH: 5\r\ntransfer-ENCODING: chunked\r\n\r\n"
        b"0\r\n\r\n",
        400,
    ),
    "non-ascii-in-target": (b"GET /caf\xc3\xa9 HTTP/1.1\r\nHost: a\r\n\r\n", 400),
    "tab-in-target": (b"GET /a\tb HTTP/1.1\r\nHost: a\r\n\r\n", 400),
    "space-in-target": (b"GET /a b HTTP/1.1\r\nHost: a\r\n\r\n", 400),
    "unknown-http-version": (b"GET / HTTP/2.0\r\nHost: a\r\n\r\n", 400),
    "garbage": (b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03\r\n\r\n", 400),
    "invalid-method-token": (b"G(E)T / HTTP/1.1\r\nHost: a\r\n\r\n", 400),
    "header-without-colon": (b"GET / HTTP/1.1\r\nHost: a\r\nNoColon\r\n\r\n", 400),
}


@pytest.mark.parametrize("case", sorted(BAD_REQUESTS))
async def test_malformed_request_is_refused_and_connection_closed(
    case: str, serve: Any, connect: Any, echo: Any
) -> None:
    payload, status = BAD_REQUESTS[case]
    async with serve(echo) as server:
        conn = await connect(server)
        await conn.send(payload + FOLLOW_UP)
        raw = await conn.read_all()
    assert raw.startswith(f"HTTP/1.1 {status} ".encode()), raw[:80]
    assert b"connection: close" in raw.lower()
    assert raw.count(b"HTTP/1.1 ") == 1  # the follow-up request was never answered
    assert b"smuggled" not in raw


GOOD_REQUESTS: dict[str, tuple[bytes, bytes]] = {
    "chunk-extensions": (
        b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
        b'3;name=token;empty;q="a \\" b"\r\nabc\r\n0;last=1\r\n\r\n',
        b"POST /? abc",
    ),
    "chunk-size-uppercase-hex": (
        b"POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: Chunked\r\n\r\n"
        b"A\r\n0123456789\r\n0\r\n\r\n",
        b"POST /? 0123456789",
    ),
    "content-length-zero": (
        b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n",
        b"POST /? ",
    ),
    "http10-without-host": (b"GET /old HTTP/1.0\r\n\r\n", b"GET /old? "),
    "host-in-capitals": (b"GET /h HTTP/1.1\r\nHOST: a\r\n\r\n", b"GET /h? "),
    "field-names-inside-a-value": (
        b"GET /v HTTP/1.1\r\nHost: a\r\nX-Note: host: b, content-length: 9\r\n\r\n",
        b"GET /v? ",
    ),
    "leading-empty-line": (b"\r\nGET /x HTTP/1.1\r\nHost: a\r\n\r\n", b"GET /x? "),
    "header-value-with-tab-and-obs-text": (
        b"GET /t HTTP/1.1\r\nHost: a\r\nX: a\tb \xe9\r\n\r\n",
        b"GET /t? ",
    ),
}


@pytest.mark.parametrize("case", sorted(GOOD_REQUESTS))
async def test_well_formed_edge_cases_are_accepted(
    case: str, serve: Any, connect: Any, echo: Any
) -> None:
    payload, body = GOOD_REQUESTS[case]
    async with serve(echo) as server:
        conn = await connect(server)
        await conn.send(payload)
        response = await conn.response()
    assert response.status == 200
    assert response.body == body


async def test_request_split_into_single_bytes_is_parsed(
    serve: Any, connect: Any, echo: Any
) -> None:
    payload = (
        b"POST /slow HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
        b"4;e=1\r\nbody\r\n0\r\n\r\n"
    )
    async with serve(echo) as server:
        conn = await connect(server)
        for index in range(len(payload)):
            await conn.send(payload[index : index + 1])
        response = await conn.response()
    assert response.body == b"POST /slow? body"


async def test_bad_connection_does_not_affect_another(serve: Any, connect: Any, echo: Any) -> None:
    async with serve(echo) as server:
        good = await connect(server)
        bad = await connect(server)
        await good.send(b"GET /first HTTP/1.1\r\nHost: a\r\n\r\n")
        assert (await good.response()).status == 200
        await bad.send(b"GET / HTTP/1.1\r\nHost: a\r\nX: \x00\r\n\r\n")
        assert (await bad.read_all()).startswith(b"HTTP/1.1 400 ")
        await good.send(b"GET /second HTTP/1.1\r\nHost: a\r\n\r\n")
        assert (await good.response()).body == b"GET /second? "


async def test_error_answer_survives_unread_client_bytes(
    serve: Any, connect: Any, echo: Any
) -> None:
    """Closing with unread input would send RST and could destroy the 400: we linger instead."""
    async with serve(echo) as server:
        conn = await connect(server)
        conn.writer.write(b"GET / HTTP/1.1\r\nHost: a\r\nX: \x00\r\n\r\n" + b"x" * 2_000_000)
        raw = await conn.read_all()
    assert raw.startswith(b"HTTP/1.1 400 ")


async def test_unread_request_body_does_not_destroy_the_answer(serve: Any, connect: Any) -> None:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        await send({"type": "http.response.start", "status": 403, "headers": []})
        await send({"type": "http.response.body", "body": b"forbidden"})

    async with serve(app) as server:
        conn = await connect(server)
        body = b"z" * 2_000_000
        conn.writer.write(b"POST / HTTP/1.1\r\nHost: a\r\nContent-Length: %d\r\n\r\n" % len(body))
        conn.writer.write(body)
        raw = await conn.read_all()
    assert raw.startswith(b"HTTP/1.1 403 ")
    assert raw.endswith(b"forbidden")
