"""The sans-IO HTTP/1.1 server connection: bytes in, events out; response calls in, bytes out.

It never touches a socket. The socket layer feeds ``receive_data``, drains ``next_event`` until
NEED_DATA or PAUSED, and writes whatever the ``send_*`` methods return. Pipelined requests wait
in the buffer (PAUSED) until the current response is finished, so answers leave in order.
Limits are checked on the raw bytes before any parser sees them: request line (414), header
section size and field count (431), body size (413), chunk-size line (400).
"""

from __future__ import annotations

from ._body import ChunkedReader, ContentLengthReader
from ._config import ServerConfig
from ._events import (
    CONNECTION_CLOSED,
    END_OF_MESSAGE,
    NEED_DATA,
    PAUSED,
    Data,
    Event,
    LocalProtocolError,
    ProtocolError,
    RequestHead,
)
from ._head import validate_head
from ._parsers import BAD_HEAD_BYTES, HeadParser
from ._serialize import (
    _CHECKED,
    _STATUS_LINES,
    SERVER_HEADER,
    checked_headers,
    date_header,
    header_block,
    server_lines,
    status_line,
)
from ._state import DONE, IDLE, MUST_CLOSE, RECV_BODY, ConnectionState, InvalidTransition

_NO_BODY_STATUS = frozenset({204, 304})
# "content-length: N\r\n" by N: formatting it costs more than the dict probe, and lengths
# repeat. Bounded: emptied when full.
_LENGTH_LINES: dict[int, bytes] = {}


def _length_line(length: int) -> bytes:
    line = b"content-length: %d\r\n" % length
    if len(_LENGTH_LINES) >= 1024:
        _LENGTH_LINES.clear()
    _LENGTH_LINES[length] = line
    return line


class Connection:
    """One HTTP/1.1 connection's protocol state (server role)."""

    __slots__ = (
        "_body_reader",
        "_buf",
        "_chunked_out",
        "_config",
        "_eof",
        "_expected_out",
        "_head_only",
        "_parser",
        "_pos",
        "_scanned",
        "_sent_out",
        "request",
        "state",
    )

    def __init__(self, parser: HeadParser, config: ServerConfig) -> None:
        self._parser = parser
        self._config = config
        self._buf = b""
        self._pos = 0
        self._scanned = 0
        self._eof = False
        self._body_reader: ContentLengthReader | ChunkedReader | None = None
        self._chunked_out = False
        self._head_only = False
        self._expected_out: int | None = None
        self._sent_out = 0
        self.request: RequestHead | None = None
        self.state = ConnectionState()

    # ------------------------------------------------------------------ receiving
    @property
    def buffered(self) -> int:
        """Bytes received and not yet turned into events."""
        return len(self._buf) - self._pos

    def receive_data(self, data: bytes) -> None:
        """Add bytes from the peer; ``b""`` means the peer closed its side."""
        if not data:
            self._eof = True
            return
        if self._pos >= len(self._buf):
            self._buf = data
            self._scanned = 0
        else:
            self._buf = self._buf[self._pos :] + data
            self._scanned = max(0, self._scanned - self._pos)
        self._pos = 0

    def next_event(self) -> Event:
        """The next event, NEED_DATA, PAUSED or CONNECTION_CLOSED.

        Raises:
            ProtocolError: the peer sent something we must refuse; answer it and close.
        """
        client = self.state.client
        if client != IDLE:
            if client == RECV_BODY:
                return self._next_body_event()
            if client in (DONE, MUST_CLOSE):
                return PAUSED
            return CONNECTION_CLOSED
        # IDLE: the next request head (inlined here: one call less per request).
        buf = self._buf
        pos = self._pos
        # RFC 9112 2.2: ignore at least one empty line before a request-line (a one-byte slice
        # is a cached object: cheaper than startswith's argument parsing in the common case).
        if buf[pos : pos + 1] == b"\r":
            while buf.startswith(b"\r\n", pos):
                pos += 2
        self._pos = pos
        end = buf.find(b"\r\n\r\n", pos)
        if end == -1:
            return self._incomplete_head()
        config = self._config
        head = buf[pos : end + 4]
        line_end = head.find(b"\r\n")
        if line_end > config.max_request_line:
            raise ProtocolError(414, "request line too long")
        if len(head) - line_end > config.max_header_bytes:
            raise ProtocolError(431, "request header section too large")
        # A field line takes at least 4 bytes ("a:" CRLF): a short head cannot hold too many.
        if len(head) > 4 * config.max_header_fields and (
            head.count(b"\r\n") - 2 > config.max_header_fields
        ):
            raise ProtocolError(431, "too many request header fields")
        request = validate_head(self._parser, head, line_end)
        self._pos = end + 4
        limit = config.max_body_size
        length = request.content_length
        if length is not None and limit is not None and length > limit:
            raise ProtocolError(413, "request body too large")
        if request.has_body:
            self._parser.body_follows()
        if request.chunked:
            self._body_reader = ChunkedReader(
                config.max_chunk_line, config.max_body_size, config.max_header_bytes
            )
        elif request.content_length:
            self._body_reader = ContentLengthReader(request.content_length)
        else:
            self._body_reader = None
        self.request = request
        # IDLE -> RECV_BODY, or straight to DONE without a body: the request is complete now
        # (saves an END_OF_MESSAGE round per request; the cycle sees ``head.has_body`` False).
        state = self.state
        if self._body_reader is None and request.keep_alive and state.keep_alive:
            state.client = DONE  # what client_request(True, True) does from IDLE, inlined
        else:
            state.client_request(self._body_reader is None, request.keep_alive)
        return request

    def _incomplete_head(self) -> Event:
        pending = len(self._buf) - self._pos
        if pending == 0:
            return CONNECTION_CLOSED if self._eof else NEED_DATA
        config = self._config
        # Scan only the new bytes (minus one, a CR may await its LF): O(n) under a slowloris.
        start = max(self._pos, self._scanned - 1)
        match = BAD_HEAD_BYTES.search(self._buf, start)
        self._scanned = len(self._buf)
        if match is not None:
            raise ProtocolError(400, f"invalid byte sequence {match.group()!r} in request head")
        line_end = self._buf.find(b"\r\n", self._pos)
        if line_end == -1:
            if pending > config.max_request_line:
                raise ProtocolError(414, "request line too long")
        elif line_end - self._pos > config.max_request_line:
            raise ProtocolError(414, "request line too long")
        elif len(self._buf) - line_end > config.max_header_bytes:
            raise ProtocolError(431, "request header section too large")
        if self._eof:
            return CONNECTION_CLOSED
        return NEED_DATA

    def _next_body_event(self) -> Event:
        reader = self._body_reader
        if reader is None:
            self.state.client_event("end")
            return END_OF_MESSAGE
        pos, data, finished = reader.read(self._buf, self._pos)
        self._pos = pos
        if finished and not data:
            self._body_reader = None
            self.state.client_event("end")
            return END_OF_MESSAGE
        if data:
            return Data(data)
        if self._eof:
            return CONNECTION_CLOSED
        return NEED_DATA

    def start_next_cycle(self) -> int:
        """Both sides are done with a keep-alive exchange: accept the next request.

        Returns ``buffered`` (what the caller asks next: saves the property call).
        """
        # The DONE/DONE -> IDLE transition of the state machine, made here (once per request).
        state = self.state
        if state.client != DONE or state.server != DONE or not state.keep_alive:
            raise InvalidTransition(f"cannot restart from {state.client}/{state.server}")
        state.client = state.server = IDLE
        self.request = None
        self._expected_out = None
        self._sent_out = 0
        self._chunked_out = False
        self._head_only = False
        return len(self._buf) - self._pos

    # ------------------------------------------------------------------ sending
    def send_continue(self) -> bytes:
        """The ``100 Continue`` interim response."""
        self.state.server_event("informational")
        return b"HTTP/1.1 100 Continue\r\n\r\n"

    def _head(
        self,
        status: int,
        headers: list[tuple[bytes, bytes]],
        content_length: int | None,
        server_header: bool | None,
        date: bool | None,
    ) -> bytes:
        """Status line and header block; sets the outgoing framing. No state transition.

        The application's headers are checked by ``checked_headers`` (cached per distinct
        list); the server's own lines are built from constants and digits and skip the checks.
        Raises LocalProtocolError for headers that could split the response.
        """
        request = self.request
        if request is not None:
            version = request.http_version
            head_only = request.method == b"HEAD"
        else:
            version = "1.1"
            head_only = False
        try:  # checked_headers(headers), its cache probed here (one call less per response)
            checked = _CHECKED[tuple(headers)]
        except (KeyError, TypeError, ValueError):  # a miss, or pairs that cannot be hashed
            checked = checked_headers(headers)
        block, app_length, has_date, has_server, close = checked
        state = self.state
        if close:
            state.disable_keep_alive()
        chunked = False
        if status < 200 or status == 204 or status == 304:  # no body allowed
            head_only = True
            expected: int | None = 0
            framing = b""
        elif app_length is not None:
            expected = app_length
            framing = b""
        elif content_length is not None:
            expected = content_length
            framing = _LENGTH_LINES.get(content_length) or _length_line(content_length)
        elif head_only:
            expected = None
            framing = b""
        elif version == "1.1":
            expected = None
            chunked = True
            framing = b"transfer-encoding: chunked\r\n"
        else:
            expected = None
            framing = b""
            state.disable_keep_alive()  # HTTP/1.0 without a length: close-delimited
        config = self._config
        if server_header is None:
            server_header = config.server_header
        if date is None:
            date = config.date_header
        if date or server_header:
            lines = server_lines(date and not has_date, server_header and not has_server)
        else:
            lines = b""
        if not state.keep_alive:
            end = b"connection: close\r\n\r\n"
        elif version == "1.0":
            end = b"connection: keep-alive\r\n\r\n"
        else:
            end = b"\r\n"
        self._chunked_out = chunked
        self._head_only = head_only
        self._expected_out = None if head_only else expected
        self._sent_out = 0
        line = _STATUS_LINES.get((status, version)) or status_line(status, version)
        return b"".join((line, block, framing, lines, end))

    def send_response(
        self,
        status: int,
        headers: list[tuple[bytes, bytes]],
        *,
        content_length: int | None = None,
        server_header: bool | None = None,
        date: bool | None = None,
    ) -> bytes:
        """Serialize the response head, choosing the framing (length, chunked or close).

        ``content_length`` is the body length when the caller already holds the whole body;
        a ``content-length`` set by the application wins. ``server_header``/``date`` default to
        the config's. Raises LocalProtocolError for headers that could split the response.
        """
        head = self._head(status, headers, content_length, server_header, date)
        self.state.server_event("response")
        return head

    def send_data(self, data: bytes) -> bytes:
        """Frame a piece of the response body (nothing for HEAD and body-less statuses)."""
        if self._head_only or not data:
            return b""
        self._sent_out += len(data)
        if self._expected_out is not None and self._sent_out > self._expected_out:
            raise LocalProtocolError("response body longer than its Content-Length")
        if self._chunked_out:
            return b"%x\r\n%b\r\n" % (len(data), data)
        return data

    def send_end(self) -> bytes:
        """Finish the response; the last chunk for chunked bodies."""
        if self._expected_out is not None and self._sent_out != self._expected_out:
            self.state.error()
            raise LocalProtocolError("response body shorter than its Content-Length")
        self.state.server_event("end")
        if self._chunked_out and not self._head_only:
            return b"0\r\n\r\n"
        return b""

    def send_full(
        self,
        status: int,
        headers: list[tuple[bytes, bytes]],
        body: bytes,
        *,
        server_header: bool | None = None,
        date: bool | None = None,
    ) -> bytes:
        """A whole response with a known body, in one buffer (the fast path).

        The same checks as ``send_response`` + ``send_data`` + ``send_end``, in the same order,
        with the two state transitions taken at once.
        """
        size = len(body)
        head = self._head(status, headers, size, server_header, date)
        state = self.state
        expected = self._expected_out
        if self._head_only or not size:
            size = 0
            body = b""
        elif expected is not None and size > expected:
            state.server_event("response")
            raise LocalProtocolError("response body longer than its Content-Length")
        self._sent_out = size
        if expected is not None and size != expected:
            state.error()
            raise LocalProtocolError("response body shorter than its Content-Length")
        state.server_whole_response()
        # Never chunked: the whole body's length is known, so it is framed by content-length.
        return head + body if size else head

    def error_response(self, status: int, detail: str) -> bytes:
        """A plain-text error response that closes the connection (state goes MUST_CLOSE)."""
        self.state.disable_keep_alive()
        body = f"{status} {detail}\n".encode("utf-8", "replace")
        try:
            head = status_line(status, "1.1")
            block = header_block(
                [
                    (b"content-type", b"text/plain; charset=utf-8"),
                    (b"content-length", b"%d" % len(body)),
                    (b"connection", b"close"),
                    date_header(),
                    SERVER_HEADER,
                ]
            )
        except LocalProtocolError:  # pragma: no cover - our own headers are always valid
            return b""
        self.state.error()
        head_only = self.request is not None and self.request.method == b"HEAD"
        return head + block + (b"" if head_only else body)

    @property
    def our_state(self) -> str:
        """The server side's state (IDLE, SEND_BODY, DONE, MUST_CLOSE, ERROR...)."""
        return self.state.server

    @property
    def their_state(self) -> str:
        """The client side's state."""
        return self.state.client
