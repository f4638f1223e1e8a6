"""Parser backends: each turns one complete request head into (method, target, version, headers).

The sans-IO connection finds the head's end, enforces the size limits and frames the body itself,
so both backends see exactly the same bytes and only differ in how they tokenize a head. Every
backend error is a 400: the shared validation in ``_head`` decides everything else, which is
what keeps the two backends' behaviour identical on malformed input.
"""

from __future__ import annotations

import re
from typing import Final, Protocol

import h11
import httptools

from ._events import ProtocolError

ParsedHead = tuple[bytes, bytes, str, list[tuple[bytes, bytes]]]

# Bytes no head may carry: NUL, a CR not followed by LF, a LF not preceded by CR, and a line
# starting with whitespace (obs-fold, RFC 9112 5.2: "MUST reject" outside message/http).
BAD_HEAD_BYTES: Final = re.compile(rb"\x00|\r(?=[^\n])|(?<!\r)\n|\n[ \t]")


class HeadParser(Protocol):
    """Tokenizes one request head (request line + fields + the blank line).

    Whatever the backend, ``parse`` refuses (ProtocolError 400) a head with a NUL, a CR or LF
    that is not part of a CRLF, a line starting with whitespace (obs-fold) or whitespace before
    a field's colon: the shared validation in ``_head`` relies on it.
    """

    def parse(self, head: bytes, line_end: int = -1) -> ParsedHead:
        """Return method, target, HTTP version and lower-cased header pairs.

        ``line_end`` is where the request line's CRLF starts, when the caller knows it.
        """
        ...

    def body_follows(self) -> None:
        """Told after ``parse`` when the head announced a body (Content-Length or chunked)."""
        ...


# One head per byte-level fault of the ``HeadParser`` contract.
_BYTE_FAULTS: Final = (
    b"GET / HTTP/1.1\r\nHost: a\r\nX: a\x00b\r\n\r\n",
    b"GET /a\x00b HTTP/1.1\r\nHost: a\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: a\r\nX: a\rb\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: a\rX: b\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: a\nX: b\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: a\r\nX: a\nb\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: a\r\nX: one\r\n two\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost: a\r\nX: one\r\n\ttwo\r\n\r\n",
    b"GET / HTTP/1.1\r\n Host: a\r\n\r\n",
    b"GET / HTTP/1.1\r\nHost : a\r\n\r\n",
)


def _llhttp_refuses_byte_faults() -> bool:
    """Whether this httptools' llhttp refuses every byte-level fault by itself.

    Checked once at import (microseconds) instead of trusting a version number: llhttp 9
    (httptools 0.6.2+) does; should an older or more lenient build not, the httptools backend
    runs the same Python pre-scan as the h11 one.
    """
    for head in _BYTE_FAULTS:
        try:
            httptools.HttpRequestParser(object()).feed_data(head)
        except httptools.HttpParserError:
            continue
        return False
    return True


_LLHTTP_STRICT: Final = _llhttp_refuses_byte_faults()
_VERSIONS: Final = {b"HTTP/1.1": "1.1", b"HTTP/1.0": "1.0"}


class HttptoolsHeadParser:
    """llhttp through httptools: C speed, strict by default.

    llhttp (httptools 0.6.2+, strict mode) itself refuses every byte-level fault the
    ``HeadParser`` contract names, so no Python pre-scan runs on this path (checked at import:
    ``_LLHTTP_STRICT``); the parametrised malformed-input tests (tests/server/test_defences.py)
    prove it under both backends.
    """

    __slots__ = ("_complete", "_headers", "_parser", "_url")

    def __init__(self) -> None:
        self._headers: list[tuple[bytes, bytes]] = []
        self._url = b""
        self._complete = True
        self._parser = httptools.HttpRequestParser(self)

    # llhttp callbacks (called synchronously from feed_data). Each one is a Python call per
    # request: only the two that carry information are defined.
    def on_url(self, url: bytes) -> None:
        """Collect the request target (may arrive in pieces)."""
        self._url += url

    def on_header(self, name: bytes, value: bytes) -> None:
        """Collect one header field, name lower-cased."""
        self._headers.append((name.lower(), value))

    def parse(self, head: bytes, line_end: int = -1) -> ParsedHead:
        """Feed the head to llhttp (a fresh parser when the last head announced a body)."""
        parser = self._parser
        if not self._complete:
            # We framed the previous body ourselves, so llhttp still waits for it: start over.
            parser = self._parser = httptools.HttpRequestParser(self)
            self._complete = True
        if not _LLHTTP_STRICT:
            _check_bytes(head)
        headers: list[tuple[bytes, bytes]] = []
        self._headers = headers
        self._url = b""
        try:
            parser.feed_data(head)
        except httptools.HttpParserUpgrade:
            # No upgrade support (WebSocket comes later): serve it as an ordinary request.
            self._parser = httptools.HttpRequestParser(self)
        except httptools.HttpParserError as exc:
            self._parser = httptools.HttpRequestParser(self)
            raise ProtocolError(400, f"malformed request: {exc}") from None
        # llhttp accepts a request line only when it ends with the version ("HTTP/d.d" CRLF):
        # read it there instead of get_http_version(), which formats a new str each time.
        version = _VERSIONS.get(head[line_end - 8 : line_end]) if line_end > 8 else None
        return parser.get_method(), self._url, version or parser.get_http_version(), headers

    def body_follows(self) -> None:
        """The head just parsed announced a body: llhttp now waits for it, reuse is over.

        (Cheaper than an ``on_message_complete`` callback on every request.)
        """
        self._complete = False


class H11HeadParser:
    """h11 (pure Python): the fallback, used only to tokenize and check the head."""

    __slots__ = ()

    def body_follows(self) -> None:
        """Nothing to do: every head gets a throw-away h11 connection."""

    def parse(self, head: bytes, line_end: int = -1) -> ParsedHead:
        """Check the bytes, then run a throw-away h11 server connection over the head."""
        # h11 tolerates some of what the contract refuses (bare LF line ends, obs-fold): one
        # regex scan closes those gaps before h11 sees the head.
        _check_bytes(head)
        conn = h11.Connection(h11.SERVER, max_incomplete_event_size=len(head) + 1)
        conn.receive_data(head)
        try:
            event = conn.next_event()
        except h11.RemoteProtocolError as exc:
            raise ProtocolError(400, f"malformed request: {exc}") from None
        if not isinstance(event, h11.Request):
            raise ProtocolError(400, "malformed request head")
        version = event.http_version.decode("ascii")
        # h11 normalises some values (it folds "Content-Length: 3, 3" into "3"), which would hide
        # them from the shared validation: take the fields as sent. h11 has checked their syntax
        # and the shared pre-scan guarantees CRLF-only lines without obs-fold.
        headers = []
        for line in head.split(b"\r\n")[1:-2]:
            name, _, value = line.partition(b":")
            headers.append((name.lower(), value.strip(b" \t")))
        return bytes(event.method), bytes(event.target), version, headers


def _check_bytes(head: bytes) -> None:
    match = BAD_HEAD_BYTES.search(head)
    if match is not None:
        raise ProtocolError(400, f"invalid byte sequence {match.group()!r} in request head")


def make_head_parser(name: str) -> HeadParser:
    """The backend for ``ServerConfig.http``."""
    if name == "httptools":
        return HttptoolsHeadParser()
    if name == "h11":
        return H11HeadParser()
    raise ValueError(f"unknown HTTP parser {name!r} (expected 'httptools' or 'h11')")
