"""Bytes for the response side: status lines, the Date header cache, safe header blocks.

Application headers are checked here before a single byte is written: a CR, LF or NUL anywhere,
or a name that is not an RFC 9110 token, raises LocalProtocolError, so a header value built
from user input can never split the response.
"""

from __future__ import annotations

import re
import time
from email.utils import formatdate
from http import HTTPStatus
from typing import Final

from ._events import LocalProtocolError

_TOKEN: Final = re.compile(rb"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
SERVER_HEADER: Final = (b"server", b"lararust")

_STATUS_LINES: dict[tuple[int, str], bytes] = {}
_KNOWN_NAMES: set[bytes] = set()

# What the response writer must treat apart, by (lower-case) header name; 0 is any other name.
ORDINARY, CONTENT_LENGTH, TRANSFER_ENCODING, CONNECTION, DATE, SERVER = range(6)
_NAME_KINDS: dict[bytes, int] = {
    b"content-length": CONTENT_LENGTH,
    b"transfer-encoding": TRANSFER_ENCODING,
    b"connection": CONNECTION,
    b"date": DATE,
    b"server": SERVER,
}
name_kind = _NAME_KINDS.get


def classify_name(name: bytes) -> int:
    """The kind of a header name not seen before, after checking it is an RFC 9110 token.

    Raises:
        LocalProtocolError: the name could split the response or is not a token.
    """
    if _TOKEN.fullmatch(name) is None:
        raise LocalProtocolError(f"invalid response header name {name!r}")
    if len(_NAME_KINDS) < 512:  # names repeat: validate each distinct one once
        _NAME_KINDS[name] = ORDINARY
    return ORDINARY


def status_line(status: int, http_version: str = "1.1") -> bytes:
    """``HTTP/1.1 200 OK\\r\\n``, cached per (status, version)."""
    key = (status, http_version)
    line = _STATUS_LINES.get(key)
    if line is None:
        if not 100 <= status <= 999:
            raise LocalProtocolError(f"invalid status code {status!r}")
        try:
            reason = HTTPStatus(status).phrase
        except ValueError:
            reason = ""
        line = f"HTTP/{http_version} {status} {reason}\r\n".encode("latin-1")
        _STATUS_LINES[key] = line
    return line


class _DateCache:
    __slots__ = ("_lines", "_second", "_value")

    def __init__(self) -> None:
        self._second = -1
        self._value = b""
        self._lines: dict[tuple[bool, bool], bytes] = {}

    def get(self) -> bytes:
        now = int(time.time())
        if now != self._second:
            self._refresh(now)
        return self._value

    def lines(self, date: bool, server: bool) -> bytes:
        """The serialized ``date``/``server`` lines, built once a second (trusted bytes)."""
        now = int(time.time())
        if now != self._second:
            self._refresh(now)
        key = (date, server)
        lines = self._lines.get(key)
        if lines is None:
            lines = self._lines[key] = (b"date: " + self._value + b"\r\n" if date else b"") + (
                b"server: " + SERVER_HEADER[1] + b"\r\n" if server else b""
            )
        return lines

    def _refresh(self, now: int) -> None:
        self._second = now
        self._value = formatdate(now, usegmt=True).encode("ascii")
        self._lines = {}


_date = _DateCache()


def date_header() -> tuple[bytes, bytes]:
    """The ``date`` header for now (recomputed at most once a second)."""
    return (b"date", _date.get())


def server_lines(date: bool, server: bool) -> bytes:
    """``date: ...\\r\\nserver: lararust\\r\\n`` (either may be left out), cached per second."""
    return _date.lines(date, server)


def header_block(headers: list[tuple[bytes, bytes]], trusted: bytes = b"") -> bytes:
    """Serialize header pairs followed by the blank line, refusing anything that could split.

    ``trusted`` is already-serialized header lines the server built itself (framing, date,
    server): they are appended after the checked ones without being scanned again.
    """
    parts: list[bytes] = []
    extend = parts.extend
    known = _KNOWN_NAMES
    for name, value in headers:
        if name not in known:
            if _TOKEN.fullmatch(name) is None:
                raise LocalProtocolError(f"invalid response header name {name!r}")
            if len(known) < 512:  # names repeat: validate each distinct one once
                known.add(name)
        extend((name, b": ", value, b"\r\n"))
    block = b"".join(parts)
    lines = len(headers)
    # Each pair contributes exactly one CRLF; any extra CR/LF came from a value.
    if block.count(b"\n") != lines or block.count(b"\r") != lines or b"\x00" in block:
        raise LocalProtocolError("response header value contains CR, LF or NUL")
    return block + trusted + b"\r\n"
