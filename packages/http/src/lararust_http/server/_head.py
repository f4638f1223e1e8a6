"""Shared validation of a request head: the smuggling defences both parsers go through.

A backend only tokenizes. Everything that decides how the body is framed, whether the
connection lives on, and what a hostile head gets answered is decided here, once, so
``http="httptools"`` and ``http="h11"`` cannot disagree (RFC 9112 sections 2.2, 6 and 7).
"""

from __future__ import annotations

import re
from typing import Final

from ._events import ProtocolError, RequestHead
from ._parsers import HeadParser

# Any field the general case must look at, except Host (counted apart: every request has one).
# Searched in the lower-cased head (case-sensitive matching is cheaper than IGNORECASE).
_STEERING_FIELD: Final = re.compile(
    rb"\n(?:content-length:|transfer-encoding:|connection:|expect:|x-forwarded-)"
).search
_HOST, _CONTENT_LENGTH, _TRANSFER_ENCODING, _CONNECTION, _EXPECT = range(5)
_SPECIAL: Final = {
    b"host": _HOST,
    b"content-length": _CONTENT_LENGTH,
    b"transfer-encoding": _TRANSFER_ENCODING,
    b"connection": _CONNECTION,
    b"expect": _EXPECT,
}


def validate_head(parser: HeadParser, head: bytes, line_end: int = -1) -> RequestHead:
    """Tokenize ``head`` (ending in CRLFCRLF) and apply every framing rule.

    The backend has already refused the byte-level faults (bare CR or LF, NUL, obs-fold,
    whitespace before a colon): llhttp does so itself, the h11 backend checks them first.

    Raises:
        ProtocolError: with status 400 for anything malformed or ambiguous.
    """
    method, target, version, headers = parser.parse(head, line_end)
    if not target.isascii():
        # llhttp refuses raw non-ASCII in a target and h11 accepts it: refuse it for both.
        raise ProtocolError(400, "non-ASCII byte in the request target (percent-encode it)")
    if version == "1.1":
        http11 = True
    elif version == "1.0":
        http11 = False
    else:
        raise ProtocolError(400, f"unsupported HTTP version {version}")
    # Common case first (a GET from a browser-less client, a load generator, a health check):
    # no field that frames a body or steers the connection. Both backends refuse whitespace
    # before the colon and a LF that does not end a line, so a field named N is present exactly
    # when "\nN:" occurs in the lower-cased head. One C-speed regex search then stands in for a
    # Python loop over every field.
    lower = head.lower()
    if _STEERING_FIELD(lower) is None:
        hosts = lower.count(b"\nhost:")
        if hosts != 1 and (http11 or hosts):
            raise ProtocolError(400, "missing Host header" if not hosts else "duplicate Host")
        # HTTP/1.1 persists unless told to close; HTTP/1.0 only when it asks for keep-alive.
        return RequestHead(method, target, version, headers, http11, False, None, False, False)
    return _validate_fields(method, target, version, headers, http11)


def _validate_fields(
    method: bytes,
    target: bytes,
    version: str,
    headers: list[tuple[bytes, bytes]],
    http11: bool,
) -> RequestHead:
    """The general case: walk every field (framing, connection and proxy fields present)."""
    host_count = 0
    content_length: int | None = None
    transfer_encoding: bytes | None = None
    connection_tokens: list[bytes] = []
    expect_continue = False
    forwarded = False
    special = _SPECIAL.get
    for name, value in headers:
        # One dict probe per field: most fields (accept, user-agent, cookie...) are not special.
        kind = special(name)
        if kind is None:
            if name.startswith(b"x-forwarded-"):
                forwarded = True
        elif kind == _HOST:
            host_count += 1
        elif kind == _CONTENT_LENGTH:
            if content_length is not None:
                # Identical duplicates are legal to merge, but rejecting all duplicates is the
                # one rule both backends (llhttp refuses them) can share.
                raise ProtocolError(400, "duplicate Content-Length")
            content_length = _parse_content_length(value)
        elif kind == _TRANSFER_ENCODING:
            if transfer_encoding is not None:
                raise ProtocolError(400, "duplicate Transfer-Encoding")
            transfer_encoding = value
        elif kind == _CONNECTION:
            connection_tokens.extend(t.strip().lower() for t in value.split(b","))
        else:  # expect
            expect_continue = value.strip().lower() == b"100-continue"
    if http11 and host_count != 1:
        raise ProtocolError(400, "missing Host header" if not host_count else "duplicate Host")
    if host_count > 1:
        raise ProtocolError(400, "duplicate Host")
    chunked = False
    if transfer_encoding is not None:
        if content_length is not None:
            raise ProtocolError(400, "both Content-Length and Transfer-Encoding")
        if not http11:
            raise ProtocolError(400, "Transfer-Encoding in an HTTP/1.0 request")
        codings = [c.strip().lower() for c in transfer_encoding.split(b",")]
        if codings != [b"chunked"]:
            raise ProtocolError(400, "Transfer-Encoding must be exactly 'chunked'")
        chunked = True
    # HTTP/1.1 persists unless told to close; HTTP/1.0 only when it asks for keep-alive.
    keep_alive = (
        (b"close" not in connection_tokens) if http11 else (b"keep-alive" in connection_tokens)
    )
    return RequestHead(
        method,
        target,
        version,
        headers,
        keep_alive,
        expect_continue and http11,
        content_length,
        chunked,
        forwarded,
    )


def _parse_content_length(value: bytes) -> int:
    value = value.strip()
    # isdigit() alone would accept b"" and would let 10**100 through; bound the length too.
    if not value.isdigit() or len(value) > 18:
        raise ProtocolError(400, f"invalid Content-Length {value[:20]!r}")
    return int(value)
