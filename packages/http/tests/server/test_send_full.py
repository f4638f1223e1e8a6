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


def test_a_header_list_seen_before_still_asks_to_close(parser: str) -> None:
    # The second use comes from the checked-headers cache: "connection: close" must still count.
    headers = [(b"content-type", b"text/plain"), (b"connection", b"close")]
    for _ in range(2):
        conn = _connection(parser)
        data = conn.send_full(200, list(headers), b"hi")
        assert data.count(b"connection: close\r\n") == 1
        assert conn.our_state == "MUST_CLOSE"


def test_a_header_list_seen_before_keeps_its_length_checks(parser: str) -> None:
    headers = [(b"content-length", b"5")]
    assert _connection(parser).send_full(200, list(headers), b"hello").endswith(b"hello")
    with pytest.raises(LocalProtocolError, match="shorter"):
        _connection(parser).send_full(200, list(headers), b"hell")


def test_a_refused_header_list_is_refused_every_time(parser: str) -> None:
    headers = [(b"x-a", b"1\r\nset-cookie: x")]
    for _ in range(3):
        with pytest.raises(LocalProtocolError, match="CR, LF or NUL"):
            _connection(parser).send_full(200, list(headers), b"hi")


def test_unhashable_header_pairs_are_still_served(parser: str) -> None:
    headers: list = [[b"x-a", b"1"], (b"x-b", bytearray(b"2"))]
    data = _connection(parser).send_full(200, headers, b"hi")
    assert b"\r\nx-a: 1\r\nx-b: 2\r\n" in data
    with pytest.raises(LocalProtocolError, match="CR, LF or NUL"):
        _connection(parser).send_full(200, [(b"x-a", bytearray(b"1\r\nx: y"))], b"hi")


def test_the_checked_headers_cache_stays_bounded(parser: str) -> None:
    from lararust_http.server import _serialize

    for number in range(3 * _serialize._CHECKED_MAX):
        conn = _connection(parser)
        data = conn.send_full(302, [(b"location", b"/item/%d" % number)], b"")
        assert b"\r\nlocation: /item/%d\r\n" % number in data
        assert len(_serialize._CHECKED) <= _serialize._CHECKED_MAX
    big = [(b"x-big", b"v" * 2 * _serialize._CHECKED_BLOCK_MAX)]
    _connection(parser).send_full(200, big, b"")
    assert tuple(big) not in _serialize._CHECKED  # long blocks are not kept


def test_header_value_with_nul_is_refused(parser: str) -> None:
    with pytest.raises(LocalProtocolError, match="CR, LF or NUL"):
        _connection(parser).send_full(200, [(b"x-a", b"1\x002")], b"hi")


def test_an_absolute_form_target_without_a_slash_path(parser: str) -> None:
    conn = Connection(make_head_parser(parser), ServerConfig())
    conn.receive_data(b"\r\n\r\nGET http://a HTTP/1.1\r\nHost: a\r\n\r\n")
    head = conn.next_event()
    assert getattr(head, "target", None) == b"http://a"


def test_content_length_lines_stay_right_past_their_cache(parser: str) -> None:
    from lararust_http.server import _connection as connection_module

    for size in [*range(1500), 10**7]:
        data = _connection(parser).send_full(200, [], b"x" * size)
        assert b"\r\ncontent-length: %d\r\n" % size in data
        assert len(connection_module._LENGTH_LINES) <= 1024


def test_header_values_in_writable_buffers_are_still_served_and_checked(parser: str) -> None:
    # A writable memoryview cannot be hashed (ValueError, not TypeError): such a list skips
    # the checked-headers cache and is checked every time, as before the cache.
    value = memoryview(bytearray(b"2"))
    data = _connection(parser).send_full(200, [(b"x-b", value)], b"hi")
    assert b"\r\nx-b: 2\r\n" in data
    bad = memoryview(bytearray(b"1\r\nx: y"))
    with pytest.raises(LocalProtocolError, match="CR, LF or NUL"):
        _connection(parser).send_full(200, [(b"x-a", bad)], b"hi")
