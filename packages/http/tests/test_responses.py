"""Responses: JSON encoding, headers safety, cookies, files, streams, SSE."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from lararust_http import (
    EventStreamResponse,
    FileResponse,
    HeaderValueError,
    JsonResponse,
    Response,
    ServerSentEvent,
    StreamedResponse,
    register_json_encoder,
    response,
)


class Point:
    def __init__(self, x: int, y: int) -> None:
        self.x, self.y = x, y

    def to_dict(self) -> dict[str, int]:
        return {"x": self.x, "y": self.y}


class Raw:
    def to_json(self) -> str:
        return '{"raw":true}'


@pytest.mark.smoke
def test_json_encoder_handles_common_types() -> None:
    body = JsonResponse(
        {
            "when": dt.datetime(2024, 5, 1, 12, 30, tzinfo=dt.UTC),
            "day": dt.date(2024, 5, 1),
            "price": Decimal("10.10"),
            "id": uuid.UUID("12345678-1234-5678-1234-567812345678"),
            "point": Point(1, 2),
            "raw": Raw(),
            "text": "héllo",
        }
    ).body
    assert body == (
        b'{"when":"2024-05-01T12:30:00+00:00","day":"2024-05-01","price":"10.10",'
        b'"id":"12345678-1234-5678-1234-567812345678","point":{"x":1,"y":2},'
        b'"raw":{"raw":true},"text":"h\xc3\xa9llo"}'
    )


def test_registered_encoder_is_used() -> None:
    class Money:
        cents = 250

    register_json_encoder(Money, lambda m: f"{m.cents / 100:.2f}")
    assert JsonResponse([Money()]).body == b'["2.50"]'


def test_unknown_type_fails_clearly() -> None:
    with pytest.raises(TypeError, match="not JSON serializable"):
        JsonResponse({"x": object()})


@pytest.mark.smoke
@pytest.mark.parametrize("value", ["a\r\nSet-Cookie: x=1", "a\nb", "a\x00b"])
def test_header_splitting_is_refused(value: str) -> None:
    with pytest.raises(HeaderValueError):
        Response("x").header("X-Test", value)


def test_header_name_with_colon_is_refused() -> None:
    with pytest.raises(HeaderValueError):
        Response("x", headers={"Bad:Name": "1"})


def test_cookie_defaults_are_secure() -> None:
    resp = Response("x").set_cookie("theme", "dark", max_age=60)
    header = resp.headers.get("set-cookie") or ""
    assert header.startswith("theme=dark; Max-Age=60; expires=")
    assert "HttpOnly" in header
    assert "SameSite=Lax" in header
    assert "Path=/" in header


def test_samesite_none_forces_secure() -> None:
    resp = Response("x").set_cookie("t", "v", same_site="none")
    assert "Secure" in (resp.headers.get("set-cookie") or "")


def test_cookie_value_cannot_inject_attributes() -> None:
    resp = Response("x").set_cookie("t", "v; Domain=evil.com")
    assert "Domain=evil.com" not in (resp.headers.get("set-cookie") or "")


def test_response_factory_helpers() -> None:
    assert response("hi", 201).status_code == 201
    assert response().json({"a": 1}).body == b'{"a":1}'
    assert response().no_content().status_code == 204


@pytest.fixture
def file(tmp_path: Path) -> Path:
    path = tmp_path / "report.txt"
    path.write_bytes(b"0123456789" * 10)
    return path


def test_file_response_headers(client: Any, router: Any, file: Path) -> None:
    router.get("/f", lambda request: FileResponse(file))
    res = client.get("/f").assert_ok()
    assert res.body == file.read_bytes()
    res.assert_header("accept-ranges", "bytes").assert_header("content-length", "100")
    res.assert_header("content-type", "text/plain; charset=utf-8")
    assert res.headers.get("etag")
    assert res.headers.get("last-modified")


def test_file_response_revalidation_gives_304(client: Any, router: Any, file: Path) -> None:
    router.get("/f", lambda request: FileResponse(file))
    etag = client.get("/f").headers.get("etag") or ""
    res = client.get("/f", headers={"If-None-Match": etag}).assert_status(304)
    assert res.body == b""
    modified = client.get("/f").headers.get("last-modified") or ""
    client.get("/f", headers={"If-Modified-Since": modified}).assert_status(304)


@pytest.mark.parametrize(
    ("header", "status", "body", "content_range"),
    [
        ("bytes=0-4", 206, b"01234", "bytes 0-4/100"),
        ("bytes=95-", 206, b"56789", "bytes 95-99/100"),
        ("bytes=-3", 206, b"789", "bytes 97-99/100"),
        ("bytes=90-500", 206, b"0123456789", "bytes 90-99/100"),
        ("bytes=200-300", 416, b"", "bytes */100"),
    ],
)
def test_file_ranges(
    client: Any, router: Any, file: Path, header: str, status: int, body: bytes, content_range: str
) -> None:
    router.get("/f", lambda request: FileResponse(file))
    res = client.get("/f", headers={"Range": header}).assert_status(status)
    assert res.body == body
    res.assert_header("content-range", content_range)


def test_stale_if_range_gets_the_whole_file(client: Any, router: Any, file: Path) -> None:
    router.get("/f", lambda request: FileResponse(file))
    res = client.get("/f", headers={"Range": "bytes=0-4", "If-Range": '"old"'})
    res.assert_ok()
    assert len(res.body) == 100


def test_download_sets_disposition(client: Any, router: Any, file: Path) -> None:
    router.get("/d", lambda request: response().download(file, "résumé.txt"))
    res = client.get("/d").assert_ok()
    assert res.headers.get("content-disposition") == (
        "attachment; filename=\"rsum.txt\"; filename*=UTF-8''r%C3%A9sum%C3%A9.txt"
    )


def test_missing_file_is_a_404(client: Any, router: Any, tmp_path: Path) -> None:
    router.get("/f", lambda request: FileResponse(tmp_path / "nope"))
    client.get("/f").assert_not_found()


def test_streamed_response_async_and_sync(client: Any, router: Any) -> None:
    async def chunks() -> Any:
        for part in ("a", "b", "c"):
            yield part

    router.get("/async", lambda request: StreamedResponse(chunks()))
    router.get("/sync", lambda request: StreamedResponse(iter([b"x", "y"])))
    assert client.get("/async").assert_ok().body == b"abc"
    assert client.get("/sync").assert_ok().body == b"xy"


def test_server_sent_events(client: Any, router: Any) -> None:
    async def events() -> Any:
        yield ServerSentEvent({"n": 1}, event="tick", id="1")
        yield "two\nlines"

    router.get("/sse", lambda request: EventStreamResponse(events()))
    res = client.get("/sse").assert_ok()
    res.assert_header("content-type", "text/event-stream; charset=utf-8")
    res.assert_header("cache-control", "no-cache")
    assert res.text == 'event: tick\nid: 1\ndata: {"n":1}\n\ndata: two\ndata: lines\n\n'


def test_sse_fields_cannot_inject_events() -> None:
    encoded = ServerSentEvent("x", event="a\ndata: forged").encode()
    assert encoded == b"event: a data: forged\ndata: x\n\n"


def test_head_has_no_body_but_keeps_length(client: Any, router: Any) -> None:
    router.get("/h", lambda request: "hello")
    res = client.head("/h").assert_ok()
    assert res.body == b""
    res.assert_header("content-length", "5")


@pytest.mark.parametrize("name", ["a=b", "a;Domain=evil", "a b", ""])
def test_cookie_names_cannot_inject_attributes(name: str) -> None:
    with pytest.raises(ValueError, match="invalid cookie name"):
        Response("x").set_cookie(name, "v")


def test_cookie_path_cannot_inject_attributes() -> None:
    with pytest.raises(ValueError, match="invalid cookie attribute"):
        Response("x").set_cookie("a", "v", path="/; Domain=evil")


async def test_a_disconnect_stops_and_closes_the_stream(make_scope: Any) -> None:
    import anyio

    produced: list[int] = []
    closed = anyio.Event()

    async def endless() -> Any:
        try:
            n = 0
            while True:
                produced.append(n)
                yield f"{n}\n"
                n += 1
                await anyio.sleep(0.001)
        finally:
            closed.set()

    response = StreamedResponse(endless())
    sent: list[Any] = []
    disconnect = anyio.Event()

    async def send(message: Any) -> None:
        sent.append(message)
        if len(sent) == 4:
            disconnect.set()

    async def receive() -> Any:
        await disconnect.wait()
        return {"type": "http.disconnect"}

    with anyio.fail_after(5):
        await response(make_scope(), receive, send)
        await closed.wait()
    assert len(produced) < 50


def test_no_content_has_no_length_header(client: Any, router: Any) -> None:
    router.get("/n", lambda request: response().no_content())
    res = client.get("/n").assert_no_content().assert_header_missing("content-length")
    assert res.body == b""
