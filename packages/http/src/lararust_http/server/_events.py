"""Events the sans-IO connection hands out, one class per thing a peer can say.

Like h11's events these are plain data: the connection turns bytes into them and the socket
layer turns them into ASGI messages or direct-handler calls. Nothing here does I/O.
"""

from __future__ import annotations

from typing import Final


class RequestHead:
    """A parsed and validated request line plus header section."""

    __slots__ = (
        "chunked",
        "content_length",
        "expect_continue",
        "forwarded",
        "has_body",
        "headers",
        "http_version",
        "keep_alive",
        "method",
        "target",
    )

    def __init__(
        self,
        method: bytes,
        target: bytes,
        http_version: str,
        headers: list[tuple[bytes, bytes]],
        keep_alive: bool,
        expect_continue: bool,
        content_length: int | None,
        chunked: bool,
        forwarded: bool = False,
    ) -> None:
        self.method = method
        self.target = target
        self.http_version = http_version
        self.headers = headers
        self.keep_alive = keep_alive
        self.expect_continue = expect_continue
        self.content_length = content_length
        self.chunked = chunked
        self.forwarded = forwarded
        #: Whether body bytes (and an EndOfMessage event) follow this head.
        self.has_body = chunked or bool(content_length)


class Data:
    """A piece of the request body, already de-chunked."""

    __slots__ = ("data",)

    def __init__(self, data: bytes) -> None:
        self.data = data


class EndOfMessage:
    """The request body is complete (trailers, if any, were read and dropped)."""

    __slots__ = ()


class _Sentinel:
    __slots__ = ("name",)

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


#: More bytes are needed before another event can be produced.
NEED_DATA: Final = _Sentinel("NEED_DATA")
#: The peer sent more (a pipelined request) but ours is not answered yet: wait for our side.
PAUSED: Final = _Sentinel("PAUSED")
#: The peer closed its side cleanly between requests.
CONNECTION_CLOSED: Final = _Sentinel("CONNECTION_CLOSED")

END_OF_MESSAGE: Final = EndOfMessage()

Event = RequestHead | Data | EndOfMessage | _Sentinel


class ProtocolError(Exception):
    """The peer broke HTTP/1.1: answer ``status`` (a 4xx) and close the connection."""

    def __init__(self, status: int, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


class LocalProtocolError(Exception):
    """Our side (the application) tried to send something invalid, e.g. a header with CR/LF."""
