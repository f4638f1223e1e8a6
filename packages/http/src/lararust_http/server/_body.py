"""Request body framing, shared by both parser backends: Content-Length and chunked readers.

Readers are sans-IO: ``read(buf, pos)`` consumes what it can from ``buf`` starting at ``pos`` and
returns (new position, data, finished). The chunked reader is strict: hex sizes only, a capped
size line, well-formed extensions (ignored, RFC 9112 7.1.1), exact CRLFs after each chunk, and
trailers checked like header lines then dropped.
"""

from __future__ import annotations

import re
from typing import Final

from ._events import ProtocolError

_TOKEN: Final = rb"[!#$%&'*+\-.^_`|~0-9A-Za-z]+"
_QUOTED: Final = rb'"(?:[\t !#-\[\]-~\x80-\xff]|\\[\t -~\x80-\xff])*"'
_CHUNK_LINE: Final = re.compile(
    rb"([0-9A-Fa-f]{1,16})((?:[ \t]*;[ \t]*"
    + _TOKEN
    + rb"(?:[ \t]*=[ \t]*(?:"
    + _TOKEN
    + rb"|"
    + _QUOTED
    + rb"))?)*)[ \t]*"
)
_TRAILER_LINE: Final = re.compile(_TOKEN + rb":[ \t]*[\t\x20-\x7e\x80-\xff]*")

BodyStep = tuple[int, bytes, bool]


class ContentLengthReader:
    """Reads exactly ``length`` bytes."""

    __slots__ = ("_remaining",)

    def __init__(self, length: int) -> None:
        self._remaining = length

    def read(self, buf: bytes, pos: int) -> BodyStep:
        """Take up to the remaining length from ``buf[pos:]``."""
        available = len(buf) - pos
        if available <= 0:
            return pos, b"", self._remaining == 0
        take = min(available, self._remaining)
        self._remaining -= take
        return pos + take, buf[pos : pos + take], self._remaining == 0


class ChunkedReader:
    """Decodes ``Transfer-Encoding: chunked``, enforcing the body cap as it goes."""

    __slots__ = ("_max_body", "_max_line", "_remaining", "_state", "_total", "_trailer_bytes")

    def __init__(self, max_line: int, max_body: int | None, max_trailer: int) -> None:
        self._max_line = max_line
        self._max_body = max_body
        self._remaining = 0
        self._total = 0
        self._state = "size"
        self._trailer_bytes = max_trailer

    def read(self, buf: bytes, pos: int) -> BodyStep:
        """Consume as much as possible; returns at most one contiguous piece of data."""
        while True:
            state = self._state
            if state == "size":
                end = buf.find(b"\r\n", pos)
                if end == -1:
                    if len(buf) - pos > self._max_line:
                        raise ProtocolError(400, "chunk size line too long")
                    return pos, b"", False
                self._chunk_size(buf[pos:end])
                pos = end + 2
            elif state == "data":
                available = len(buf) - pos
                if available <= 0:
                    return pos, b"", False
                take = min(available, self._remaining)
                self._remaining -= take
                if self._remaining == 0:
                    self._state = "crlf"
                return pos + take, buf[pos : pos + take], False
            elif state == "crlf":
                if len(buf) - pos < 2:
                    if buf[pos:] not in (b"", b"\r"):
                        raise ProtocolError(400, "missing CRLF after chunk data")
                    return pos, b"", False
                if buf[pos : pos + 2] != b"\r\n":
                    raise ProtocolError(400, "missing CRLF after chunk data")
                pos += 2
                self._state = "size"
            else:  # trailers
                end = buf.find(b"\r\n", pos)
                if end == -1:
                    if len(buf) - pos > self._trailer_bytes:
                        raise ProtocolError(431, "chunked trailers too large")
                    return pos, b"", False
                line = buf[pos:end]
                pos = end + 2
                if not line:
                    return pos, b"", True
                self._trailer_bytes -= len(line) + 2
                if self._trailer_bytes < 0:
                    raise ProtocolError(431, "chunked trailers too large")
                if _TRAILER_LINE.fullmatch(line) is None:
                    raise ProtocolError(400, "malformed trailer field")

    def _chunk_size(self, line: bytes) -> None:
        if len(line) > self._max_line:
            raise ProtocolError(400, "chunk size line too long")
        match = _CHUNK_LINE.fullmatch(line)
        if match is None:
            raise ProtocolError(400, f"malformed chunk size line {line[:40]!r}")
        size = int(match.group(1), 16)
        self._total += size
        if self._max_body is not None and self._total > self._max_body:
            raise ProtocolError(413, "request body too large")
        if size == 0:
            self._state = "trailers"
        else:
            self._remaining = size
            self._state = "data"
