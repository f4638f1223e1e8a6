"""``Connection.send_full``: a whole response in one buffer, with the framing checks intact."""

from __future__ import annotations

import pytest
from lararust_http.server import ServerConfig
from lararust_http.server._connection import Connection
from lararust_http.server._events import LocalProtocolError
from lararust_http.server._parsers import make_head_parser


def _connection(parser: str, method: bytes = b"GET") -> Connection:
    conn = Connection(make_head_parser(parser), ServerConfig())
    conn.receive_data(method + b" / HTTP/1.1\r\nHost: a\r\n\r\n")
    conn.next_event()
    return conn


def test_body_and_length_leave_together(parser: str) -> None:
    data = _connection(parser).send_full(200, [(b"x-a", b"1")], b"hello")
    head, _, body = data.partition(b"\r\n\r\n")
    assert b"\r\ncontent-length: 5\r\n" in head
    assert b"\r\nx-a: 1\r\n" in head
    assert body == b"hello"


def test_head_request_gets_the_length_without_the_body(parser: str) -> None:
    data = _connection(parser, b"HEAD").send_full(200, [], b"hello")
    assert b"content-length: 5\r\n" in data
    assert data.endswith(b"\r\n\r\n")


def test_app_length_above_the_body_is_refused(parser: str) -> None:
    conn = _connection(parser)
    with pytest.raises(LocalProtocolError, match="shorter"):
        conn.send_full(200, [(b"content-length", b"9")], b"hello")
    assert conn.our_state == "ERROR"


def test_app_length_below_the_body_is_refused(parser: str) -> None:
    with pytest.raises(LocalProtocolError, match="longer"):
        _connection(parser).send_full(200, [(b"content-length", b"2")], b"hello")


def test_no_body_status_sends_no_body(parser: str) -> None:
    conn = _connection(parser)
    assert conn.send_full(204, [], b"").endswith(b"\r\n\r\n")
    assert conn.our_state == "DONE"


def test_header_value_with_newline_is_refused(parser: str) -> None:
    with pytest.raises(LocalProtocolError, match="CR, LF or NUL"):
        _connection(parser).send_full(200, [(b"x-a", b"1\r\nset-cookie: x")], b"hi")


@pytest.mark.parametrize("value", [b"+5", b"-5", b"5_0", b"five", b""])
def test_app_content_length_must_be_digits(parser: str, value: bytes) -> None:
    with pytest.raises(LocalProtocolError, match="invalid content-length"):
        _connection(parser).send_full(200, [(b"content-length", value)], b"hello")
