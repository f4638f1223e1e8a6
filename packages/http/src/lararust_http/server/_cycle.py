"""One request/response exchange: the ASGI ``receive``/``send`` pair and the direct fast path.

A cycle is created by the protocol when a request head arrives and runs the application in its
own task. Body bytes are pushed in by the protocol (``feed``); the application pulls them with
``receive``. Responses leave through the sans-IO connection, so framing and header checks are
identical for ASGI apps and for direct handlers.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, Protocol

from ._access_log import error_logger
from ._events import RequestHead
from ._state import RECV_BODY

if TYPE_CHECKING:
    from ._protocol import HttpProtocol


class DirectResponse(Protocol):
    """What a direct handler returns (the fast-path contract agreed with the http kernel)."""

    status_code: int
    raw_headers: list[tuple[bytes, bytes]]
    body: bytes
    stream: Any


DirectHandler = Callable[[dict[str, Any], Callable[[], Awaitable[dict[str, Any]]]], Awaitable[Any]]


class RequestCycle:
    """State of one exchange, shared between the protocol (feeding) and the app task."""

    __slots__ = (
        "_body_chunks",
        "_body_delivered",
        "_body_size",
        "_continue_needed",
        "_pending_headers",
        "_pending_status",
        "_waiter",
        "body_done",
        "disconnected",
        "head",
        "proto",
        "response_complete",
        "response_started",
        "scope",
        "status",
        "task",
    )

    def __init__(self, proto: HttpProtocol, head: RequestHead, scope: dict[str, Any]) -> None:
        self.proto = proto
        self.head = head
        self.scope = scope
        self._body_chunks: list[bytes] = []
        self._body_size = 0
        self._body_delivered = False
        self._continue_needed = head.expect_continue
        self._waiter: asyncio.Future[None] | None = None
        self._pending_status = 0
        self._pending_headers: list[tuple[bytes, bytes]] = []
        # A body-less request is complete with its head: no EndOfMessage event follows.
        self.body_done = not head.has_body
        self.disconnected = False
        self.response_started = False
        self.response_complete = False
        self.status = 0
        #: The task running this cycle while it waits for something (None once finished).
        self.task: asyncio.Task[None] | None = None

    @property
    def awaiting_continue(self) -> bool:
        """The client expects ``100 Continue`` before its body and has not been sent it yet."""
        return self._continue_needed

    # ------------------------------------------------------------ fed by the protocol
    def feed(self, data: bytes) -> int:
        """Queue body bytes for the app; returns the bytes now queued (for flow control)."""
        self._body_chunks.append(data)
        self._body_size += len(data)
        self._wake()
        return self._body_size

    def feed_end(self) -> None:
        """The request body is complete."""
        self.body_done = True
        self._wake()

    def on_disconnect(self) -> None:
        """The client went away (or the connection was aborted): wake any waiting receive."""
        self.disconnected = True
        self._wake()

    def _wake(self) -> None:
        waiter = self._waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    # ------------------------------------------------------------ ASGI receive
    async def receive(self) -> dict[str, Any]:
        """ASGI receive: body pieces, then ``http.disconnect`` once the exchange is over."""
        proto = self.proto
        if self._continue_needed:
            self._continue_needed = False
            conn = proto.conn
            if (
                not self.response_started
                and not self.disconnected
                and conn.their_state == RECV_BODY
            ):
                proto.write(conn.send_continue())
                proto.start_body_clock()
        while True:
            chunks = self._body_chunks
            if chunks:
                data = chunks[0] if len(chunks) == 1 else b"".join(chunks)
                chunks.clear()
                self._body_size = 0
                proto.resume_reading()
                more = not self.body_done
                self._body_delivered = not more
                return {"type": "http.request", "body": data, "more_body": more}
            if self.disconnected:
                return {"type": "http.disconnect"}
            if self.body_done and not self._body_delivered:
                self._body_delivered = True
                return {"type": "http.request", "body": b"", "more_body": False}
            if self._body_delivered and self.response_complete:
                return {"type": "http.disconnect"}
            proto.resume_reading()
            waiter = proto.loop.create_future()
            self._waiter = waiter
            try:
                await waiter
            finally:
                self._waiter = None

    # ------------------------------------------------------------ ASGI send
    async def send(self, message: dict[str, Any]) -> None:
        """ASGI send; the head waits for the first body message (one write, a known length)."""
        if self.disconnected:
            return
        kind = message["type"]
        if not self.response_started:
            if kind != "http.response.start":
                raise RuntimeError(f"expected 'http.response.start', got {kind!r}")
            if self._pending_status:
                raise RuntimeError("'http.response.start' sent twice")
            self._pending_status = int(message["status"])
            self._pending_headers = _asgi_headers(message.get("headers", ()))
            self.response_started = True
            return
        if kind != "http.response.body":
            raise RuntimeError(f"unexpected ASGI message {kind!r} during the response body")
        if self.response_complete:
            raise RuntimeError("ASGI message sent after the response completed")
        body = message.get("body", b"")
        more = message.get("more_body", False)
        proto = self.proto
        conn = proto.conn
        if self._pending_status:
            status, headers = self._pending_status, self._pending_headers
            # Serialize first: invalid headers raise here, while a clean 500 is still possible.
            if not more:
                data = conn.send_full(status, headers, body)
                self._pending_status = 0
                self.status = status
                proto.write(data)
                self.response_complete = True
                self._wake()
                return
            head = conn.send_response(status, headers)
            self._pending_status = 0
            self.status = status
        else:
            head = b""
        # The head leaves with the first body piece: one write (one send syscall), not two.
        data = head + conn.send_data(body)
        if not more:
            proto.write(data + conn.send_end())
            self.response_complete = True
            self._wake()
            return
        if data:
            proto.write(data)
            await proto.drain()

    # ------------------------------------------------------------ running the app
    # Each ``run_*`` is the whole body of the request's task: it runs the app, hands the
    # connection back to the protocol, then runs any background work (one coroutine frame
    # between the task and the app, the cheapest shape a task per request allows).
    async def run_asgi(self, app: Callable[..., Awaitable[None]]) -> None:
        """Run an ASGI 3 app for this exchange, turning its failures into a 500 or a close."""
        try:
            try:
                await app(self.scope, self.receive, self.send)
            except Exception:
                error_logger.exception("Exception in ASGI application")
                self._fail()
            else:
                if not self.response_complete and not self.disconnected:
                    if self._pending_status or self.response_started:
                        error_logger.error(
                            "ASGI application returned without completing the response"
                        )
                    else:
                        error_logger.error("ASGI application returned without starting a response")
                    self._fail()
            self.proto.cycle_done(self)
        finally:
            self.proto.forget_task(self)

    async def run_direct(self, handler: DirectHandler) -> None:
        """The fast path: ``await handler(scope, receive)`` returns a response object."""
        try:
            background = None
            try:
                response = await handler(self.scope, self.receive)
                if not self.disconnected:
                    if response.stream is None:
                        proto = self.proto
                        status = response.status_code
                        data = proto.conn.send_full(status, response.raw_headers, response.body)
                        self.response_started = True
                        self.status = status
                        if not proto.closed:  # proto.write(data) inlined
                            proto.transport.write(data)  # type: ignore[union-attr]
                        self.response_complete = True
                    else:
                        await self._write_stream(response)
                    background = getattr(response, "background", None)
            except Exception:
                error_logger.exception("Exception in the request handler")
                self._fail()
            self.proto.cycle_done(self)
            if background is not None:
                try:
                    await background()
                except Exception:
                    error_logger.exception("Exception in a response background task")
        finally:
            task = self.task  # proto.forget_task(self) inlined
            if task is not None:
                self.task = None
                self.proto.ctx.tasks.discard(task)

    async def _write_stream(self, response: DirectResponse) -> None:
        proto = self.proto
        conn = proto.conn
        status = response.status_code
        stream = response.stream
        head = conn.send_response(status, response.raw_headers)
        self.response_started = True
        self.status = status
        proto.write(head)
        try:
            async for chunk in stream:
                if self.disconnected:
                    return
                data = conn.send_data(chunk)
                if data:
                    proto.write(data)
                    await proto.drain()
        finally:
            aclose = getattr(stream, "aclose", None)
            if aclose is not None and self.disconnected:
                await aclose()
        proto.write(conn.send_end())
        self.response_complete = True

    def _fail(self) -> None:
        """Answer 500 when nothing was written yet, else cut the connection (never a half reply)."""
        if self.disconnected:
            return
        proto = self.proto
        if not self.response_started or self._pending_status:
            self.status = 500
            self.response_started = True
            self._pending_status = 0
            proto.write(proto.conn.error_response(500, "Internal Server Error"))
            self.response_complete = True
        proto.close(linger=True)


def _asgi_headers(headers: Any) -> list[tuple[bytes, bytes]]:
    """ASGI header pairs as the connection takes them: bytes, names lower-case.

    Pairs that already are so are kept as they are (the very objects: their hashes are cached,
    which the connection's checked-headers cache probes); others are converted.
    """
    if type(headers) is list:
        for pair in headers:
            if type(pair) is not tuple or len(pair) != 2:
                break
            name, value = pair
            if type(name) is not bytes or type(value) is not bytes or not name.islower():
                break
        else:
            return headers.copy()  # a later change to the app's list must not reach the head
    return [(bytes(name).lower(), bytes(value)) for name, value in headers]
