"""Bytes for the response side: status lines, the Date header cache, safe header blocks.

Application headers are checked here before a single byte is written: a CR, LF or NUL anywhere,
or a name that is not an RFC 9110 token, raises LocalProtocolError, so a header value built
from user input can never split the response.
"""

from __future__ import annotations

import re
from email.utils import formatdate
from http import HTTPStatus
from time import time as _time
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


#: What ``check_headers`` found in one header list: the serialized (checked) block, the
#: application's content-length, whether it set date / server, whether it asked to close.
CheckedHeaders = tuple[bytes, "int | None", bool, bool, bool]
# Checked blocks by header list (as a tuple): responses repeat the same few header lists, so
# most responses skip the per-field loop and the CR/LF/NUL scans. Bounded: emptied when full
# (lists with per-request values, e.g. a Location, churn through it), and only short blocks.
_CHECKED: dict[tuple[tuple[bytes, bytes], ...], CheckedHeaders] = {}
_CHECKED_MAX: Final = 256
_CHECKED_BLOCK_MAX: Final = 1024


def checked_headers(headers: list[tuple[bytes, bytes]]) -> CheckedHeaders:
    """``check_headers(headers)``, from the cache when this very list was checked before.

    The result is a pure function of the pairs' bytes, so equal lists share it.
    """
    try:
        key = tuple(headers)
        checked = _CHECKED.get(key)
    except (TypeError, ValueError):
        # Unhashable pairs (lists, bytearray values: TypeError; a writable memoryview:
        # ValueError): checked every time.
        return check_headers(headers)
    if checked is None:
        checked = check_headers(headers)
        if len(checked[0]) <= _CHECKED_BLOCK_MAX:
            if len(_CHECKED) >= _CHECKED_MAX:
                _CHECKED.clear()
            _CHECKED[key] = checked
    return checked


def check_headers(headers: list[tuple[bytes, bytes]]) -> CheckedHeaders:
    """Serialize an application's header pairs, refusing anything that could split the response.

    One pass: each name is classified with one dict probe (a name never seen is checked to be a
    token first), then the CR/LF/NUL check runs once over the joined block. ``transfer-encoding``
    and ``connection`` are dropped (framing and persistence are the server's to decide).

    Raises:
        LocalProtocolError: a name that is not a token, a value with CR, LF or NUL, or a
            content-length that is not digits.
    """
    parts: list[bytes] = []
    extend = parts.extend
    lines = 0
    app_length: int | None = None
    has_date = has_server = close = False
    for name, value in headers:
        kind = name_kind(name)
        if kind is None:
            kind = classify_name(name)
        if kind:
            if kind == CONTENT_LENGTH:
                # Digits only: int() alone would take "+5", "-5" or "1_0" and send them on.
                digits = value.strip(b" \t")
                if not digits.isdigit():
                    raise LocalProtocolError(f"invalid content-length {value!r}")
                app_length = int(digits)
            elif kind == TRANSFER_ENCODING:
                continue  # framing is ours to decide
            elif kind == CONNECTION:
                if b"close" in value.lower():
                    close = True
                continue
            elif kind == DATE:
                has_date = True
            else:
                has_server = True
        extend((name, b": ", value, b"\r\n"))
        lines += 1
    block = b"".join(parts)
    # Each pair contributes exactly one CRLF; any extra CR/LF came from a value.
    if block.count(b"\n") != lines or block.count(b"\r") != lines or 0 in block:  # 0: NUL
        raise LocalProtocolError("response header value contains CR, LF or NUL")
    return block, app_length, has_date, has_server, close


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
        self._lines: list[bytes] = []

    def get(self) -> bytes:
        now = int(_time())
        if now != self._second:
            self._refresh(now)
        return self._value

    def lines(self, date: bool, server: bool) -> bytes:
        """The serialized ``date``/``server`` lines, built once a second (trusted bytes)."""
        now = int(_time())
        if now != self._second:
            self._refresh(now)
        return self._lines[date + date + server]

    def _refresh(self, now: int) -> None:
        self._second = now
        self._value = value = formatdate(now, usegmt=True).encode("ascii")
        date = b"date: " + value + b"\r\n"
        server = b"server: " + SERVER_HEADER[1] + b"\r\n"
        # Indexed by date * 2 + server.
        self._lines = [b"", server, date, date + server]


_date = _DateCache()


def date_header() -> tuple[bytes, bytes]:
    """The ``date`` header for now (recomputed at most once a second)."""
    return (b"date", _date.get())


#: ``server_lines(date, server)``: ``date: ...\\r\\nserver: lararust\\r\\n`` (either may be
#: left out), cached per second.
server_lines = _date.lines


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
    if block.count(b"\n") != lines or block.count(b"\r") != lines or 0 in block:  # 0: NUL
        raise LocalProtocolError("response header value contains CR, LF or NUL")
    return block + trusted + b"\r\n"
