"""The socket layer: an asyncio ``Protocol`` per connection, thin glue around ``Connection``.

Callbacks stay synchronous and short (the reason this is a Protocol and not a stream loop:
measured ~5x faster). Per connection it owns the timers (header read, request body, keep-alive
idle: deadlines that one sweeper checks for the whole server), read back-pressure
(``pause_reading`` when unread body or pipelined bytes pile up) and write back-pressure
(``drain`` waits while the transport's buffer is above its high-water mark).
Nothing raised here may escape: a bad connection is answered and closed, never the process.
"""

from __future__ import annotations

import asyncio
from typing import Any, Final, cast
from urllib.parse import unquote

from ._access_log import access_logger, error_logger, log_access
from ._config import ServerConfig
from ._connection import Connection
from ._cycle import DirectHandler, RequestCycle
from ._events import (
    NEED_DATA,
    PAUSED,
    Data,
    EndOfMessage,
    ProtocolError,
    RequestHead,
)
from ._parsers import make_head_parser
from ._proxy import TrustedProxies, forwarded
from ._state import DONE, MUST_CLOSE, RECV_BODY

_BUSY_BODY: Final = b"503 Service Unavailable: too many connections\n"
_BUSY: Final = (
    b"HTTP/1.1 503 Service Unavailable\r\ncontent-type: text/plain; charset=utf-8\r\n"
    b"content-length: %d\r\nconnection: close\r\nretry-after: 1\r\n\r\n%b"
    % (len(_BUSY_BODY), _BUSY_BODY)
)
_LINGER_SECONDS: Final = 2.0
# asyncio.eager_task_factory (3.12+) when present; None on 3.11 (a task is scheduled).
_eager_task_factory: Any = getattr(asyncio, "eager_task_factory", None)
_Task = asyncio.Task
_TASK_NAME: Final = "lararust-request"
_METHODS: Final = {m.encode(): m for m in ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD")}


class ServerContext:
    """What every connection of one server shares: the app, the config, the live sets."""

    def __init__(self, app: Any, config: ServerConfig) -> None:
        self.app = app
        self.config = config
        self.direct: DirectHandler | None = None
        self.connections: set[HttpProtocol] = set()
        self.tasks: set[asyncio.Task[None]] = set()
        self.lifespan_state: dict[str, Any] | None = None
        self.drained = asyncio.Event()
        self.trusted = TrustedProxies(config.forwarded_allow_ips)
        self._sweeper: asyncio.TimerHandle | None = None
        shortest = min(config.timeout_header, config.timeout_keep_alive, config.timeout_body)
        self._sweep_interval = min(1.0, max(0.02, shortest / 5))

    def start_sweeper(self, loop: asyncio.AbstractEventLoop) -> None:
        """Check every connection's deadline a few times per shortest timeout."""
        self._sweeper = loop.call_later(self._sweep_interval, self._sweep, loop)

    def stop_sweeper(self) -> None:
        """Stop the deadline checks (server shutdown)."""
        if self._sweeper is not None:
            self._sweeper.cancel()
            self._sweeper = None

    def _sweep(self, loop: asyncio.AbstractEventLoop) -> None:
        now = loop.time()
        for conn in list(self.connections):
            try:
                conn.check_deadline(now)
            except Exception:  # one connection's failure must not stop the sweeps
                error_logger.exception("Error while timing out a connection")
        self._sweeper = loop.call_later(self._sweep_interval, self._sweep, loop)


class HttpProtocol(asyncio.Protocol):
    """One client connection."""

    def __init__(self, ctx: ServerContext, loop: asyncio.AbstractEventLoop) -> None:
        self.ctx = ctx
        self.loop = loop
        self.config = ctx.config
        self.conn = Connection(make_head_parser(ctx.config.http), ctx.config)
        self.transport: asyncio.Transport | None = None
        self.cycle: RequestCycle | None = None
        self.closed = False
        self.shutting_down = False
        self._read_paused = False
        self._write_paused = False
        self._drain_waiters: list[asyncio.Future[None]] = []
        # Timers are deadlines checked by the server's sweeper (one timer for all connections):
        # arming one per request with call_later would cost more than the request itself.
        self.deadline = 0.0
        self._timer_kind = ""
        self._server: tuple[str, int] | None = None
        self._client: tuple[str, int] | None = None
        self._scheme = "http"
        self._proxy_trusted = False
        self._scope_base: dict[str, Any] = {}
        self._lingering = False
        self._processing = False
        self._access_log = self.config.access_log
        self._keep_alive = self.config.timeout_keep_alive
        self._timeout_header = self.config.timeout_header
        self._body_rate = self.config.body_min_rate

    # ------------------------------------------------------------------ asyncio callbacks
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        """Register the connection, or answer 503 when the server is at its cap."""
        # uvloop's transports quack like asyncio.Transport without subclassing it.
        transport = cast(asyncio.Transport, transport)
        self.transport = transport
        ctx = self.ctx
        if len(ctx.connections) >= self.config.max_connections:
            transport.write(_BUSY)
            transport.close()
            self.closed = True
            return
        ctx.connections.add(self)
        transport.set_write_buffer_limits(
            self.config.write_buffer_high, self.config.write_buffer_low
        )
        self._server = _address(transport.get_extra_info("sockname"))
        self._client = _address(transport.get_extra_info("peername"))
        if transport.get_extra_info("sslcontext") is not None:
            self._scheme = "https"
        if self.config.proxy_headers:
            # A unix-socket peer is a local reverse proxy by construction.
            client_host = self._client[0] if self._client else None
            self._proxy_trusted = client_host is None or client_host in ctx.trusted
        self._set_timer("header", self.config.timeout_header)
        self._scope_base = {
            "type": "http",
            "server": self._server,
            "client": self._client,
            "scheme": self._scheme,
            "root_path": self.config.root_path,
        }

    def connection_lost(self, exc: Exception | None) -> None:
        """Forget the connection and tell a running cycle that its client is gone."""
        self.closed = True
        ctx = self.ctx
        ctx.connections.discard(self)
        if not ctx.connections:
            ctx.drained.set()
        self._cancel_timer()
        if self.cycle is not None:
            self.cycle.on_disconnect()
        self._release_drain_waiters()

    def eof_received(self) -> bool:
        """The client closed its side: treat it as gone (long polls must learn it at once)."""
        if self.cycle is not None:
            self.cycle.on_disconnect()
        return False  # let the transport close; connection_lost follows

    def data_received(self, data: bytes) -> None:
        """Feed the sans-IO connection and act on its events."""
        if self.closed:
            return  # lingering after an error: input is read only to be discarded
        self.conn.receive_data(data)
        if self._timer_kind == "idle":  # _set_timer("header", ...) inlined
            self._timer_kind = "header"
            self.deadline = self.loop.time() + self._timeout_header
        if not self._processing:  # _process() inlined: one call less per request
            self._processing = True
            try:
                self._process_events()
            finally:
                self._processing = False

    def pause_writing(self) -> None:
        """The transport's write buffer passed its high-water mark."""
        self._write_paused = True

    def resume_writing(self) -> None:
        """The write buffer drained below its low-water mark."""
        self._write_paused = False
        self._release_drain_waiters()

    # ------------------------------------------------------------------ event loop
    def _process(self) -> None:
        if self._processing:
            # A cycle that finished eagerly inside this loop: the running loop goes on with the
            # next pipelined request (recursing would nest one frame set per request).
            return
        self._processing = True
        try:
            self._process_events()
        finally:
            self._processing = False

    def _process_events(self) -> None:
        conn = self.conn
        while not self.closed:
            try:
                event = conn.next_event()
            except ProtocolError as exc:
                self._protocol_error(exc)
                return
            except Exception:  # a bug of ours must cost one connection, not the process
                error_logger.exception("Unexpected error while parsing a request")
                self._protocol_error(ProtocolError(400, "unparseable request"))
                return
            kind = type(event)
            if kind is RequestHead:
                assert isinstance(event, RequestHead)
                if event.has_body and not event.expect_continue:
                    self._set_timer("body", self.config.timeout_body)
                else:  # no body, or its clock starts with the 100 Continue
                    self.deadline = 0.0
                    self._timer_kind = ""
                self._start_cycle(event)
                if not event.has_body and not conn.buffered:
                    return  # nothing pipelined behind it: skip asking for the next event
            elif kind is Data:
                assert isinstance(event, Data)
                assert self.cycle is not None
                data = event.data
                if self._timer_kind == "body" and self._body_rate:
                    # A second more per body_min_rate bytes: slow but steady bodies go on.
                    self.deadline += len(data) / self._body_rate
                if self.cycle.feed(data) > self.config.read_buffer_limit:
                    self._pause_reading()
            elif kind is EndOfMessage:
                assert self.cycle is not None
                if self._timer_kind == "body":
                    self._cancel_timer()
                self.cycle.feed_end()
            elif event is NEED_DATA:
                return
            elif event is PAUSED:
                # A pipelined request waits for our answer; do not let it grow without bound.
                if conn.buffered > self.config.read_buffer_limit:
                    self._pause_reading()
                return
            else:  # CONNECTION_CLOSED
                self.close()
                return

    def _protocol_error(self, exc: ProtocolError) -> None:
        cycle = self.cycle
        if cycle is not None and cycle.response_started:
            cycle.on_disconnect()
            self.close(linger=True)
            return
        if cycle is not None:
            cycle.on_disconnect()
        if self._access_log and access_logger.isEnabledFor(20):
            client = f"{self._client[0]}:{self._client[1]}" if self._client else "-"
            access_logger.info('%s - "<malformed request>" %d %s', client, exc.status, exc.detail)
        self.write(self.conn.error_response(exc.status, exc.detail))
        self.close(linger=True)

    def _start_cycle(self, head: RequestHead) -> None:
        cycle = RequestCycle(self, head, self._scope(head))
        self.cycle = cycle
        direct = self.ctx.direct
        coro = cycle.run_direct(direct) if direct is not None else cycle.run_asgi(self.ctx.app)
        if _eager_task_factory is not None and not head.has_body:
            # Python 3.12+: the task runs at once, inside this callback, until its first real
            # suspension; a handler that never waits is answered without a trip through the
            # loop (and without scheduling at all). It is still a Task with its own context, so
            # current_task(), asyncio.timeout() and contextvars behave as in a scheduled task.
            # Only body-less requests: a body already buffered must reach the cycle (and be
            # drained) before a handler that ignores it finishes, or keep-alive is lost.
            task = _eager_task_factory(self.loop, coro)
            if task.done():
                return
        else:
            # Python 3.11 has no eager tasks, and driving the coroutine by hand without one
            # would break what handlers rely on (current_task() stable for the whole request,
            # asyncio.timeout(), anyio cancel scopes): a scheduled task it is.
            # Tried and dropped (session 3): a per-connection runner Task entered around the
            # first step (_enter_task), continuing suspended handlers by a Python trampoline.
            # Inline in data_received it lets new requests overtake woken waiters (a pooled DB
            # connection released to a waiter is taken by a newcomer: the likely p99 blow-up
            # seen); deferred with call_soon it saves only ~2.7k instructions per request that
            # never waits and costs ~19k more per request that waits three times (DB handlers:
            # +15% server CPU per request under the TechEmpower load).
            # What loop.create_task(coro) makes (the loop's task factory, if one was set, is
            # still used), with a fixed name: 3.11 formats "Task-<n>" for every unnamed task.
            loop = self.loop
            if loop.get_task_factory() is None:
                task = _Task(coro, loop=loop, name=_TASK_NAME)
            else:
                task = loop.create_task(coro, name=_TASK_NAME)
        # The cycle forgets its task itself when it ends (no done-callback to schedule).
        cycle.task = task
        self.ctx.tasks.add(task)

    def forget_task(self, cycle: RequestCycle) -> None:
        """A cycle's task is ending: it no longer needs waiting for at shutdown."""
        task = cycle.task
        if task is not None:
            cycle.task = None
            self.ctx.tasks.discard(task)

    def cycle_done(self, cycle: RequestCycle) -> None:
        """The response is out (or the exchange failed): log it, then serve the next request."""
        self.cycle = None
        if self._access_log and access_logger.isEnabledFor(20):
            head = cycle.head
            client = f"{self._client[0]}:{self._client[1]}" if self._client else "-"
            log_access(client, head.method, head.target, head.http_version, cycle.status)
        if self.closed:
            return
        conn = self.conn
        state = conn.state
        if (
            state.client == DONE
            and state.server == DONE
            and state.keep_alive
            and not self.shutting_down
        ):
            buffered = conn.start_next_cycle()
            if self._read_paused:
                self.resume_reading()
            if buffered:
                self._process()
                if self.cycle is None and not self.closed:
                    if conn.buffered:
                        self._set_timer("header", self.config.timeout_header)
                    else:
                        self._set_timer("idle", self.config.timeout_keep_alive)
            else:
                self._timer_kind = "idle"
                self.deadline = self.loop.time() + self._keep_alive
        else:
            # Not reusable (close requested, error, or the body was never read to its end).
            self.close(linger=state.client != DONE and state.client != MUST_CLOSE)

    def _scope(self, head: RequestHead) -> dict[str, Any]:
        target = head.target
        path_part, _, query = target.partition(b"?")
        if path_part[:1] != b"/":  # a cached one-byte slice: cheaper than startswith()
            path_part = _origin_path(path_part)
        # 37 is "%": an int needle is a memchr, while a bytes one makes 3.11 raise and discard a
        # formatted TypeError first (bytes.__contains__ tries the int form before the buffer).
        if 37 in path_part:
            path = unquote(path_part.decode("ascii", "replace"))
        else:
            path = path_part.decode("latin-1")  # ASCII only (validate_head refused the rest)
        root_path = self.config.root_path
        # The connection's constant keys come from a template (a dict copy is cheaper than
        # building all thirteen keys); the rest are the request's.
        scope = self._scope_base.copy()
        scope["asgi"] = {"version": "3.0", "spec_version": "2.4"}
        scope["http_version"] = head.http_version
        scope["method"] = _METHODS.get(head.method) or head.method.decode("ascii")
        scope["path"] = root_path + path
        scope["raw_path"] = path_part
        scope["query_string"] = query
        scope["headers"] = head.headers
        if head.forwarded and self._proxy_trusted:
            forwarded_client, forwarded_scheme = forwarded(head.headers, self.ctx.trusted)
            if forwarded_client is not None:
                scope["client"] = (forwarded_client, 0)
            if forwarded_scheme is not None:
                scope["scheme"] = forwarded_scheme
        state = self.ctx.lifespan_state
        if state is not None:
            scope["state"] = state.copy()
        return scope

    # ------------------------------------------------------------------ used by cycles
    def write(self, data: bytes) -> None:
        """Write to the socket unless it is gone."""
        if data and not self.closed and self.transport is not None:
            self.transport.write(data)

    async def drain(self) -> None:
        """Wait while the client is slower than we write (bounded memory per connection)."""
        if self._write_paused and not self.closed:
            waiter = self.loop.create_future()
            self._drain_waiters.append(waiter)
            await waiter

    def close(self, *, linger: bool = False) -> None:
        """Close the connection (idempotent); pending writes are flushed first.

        ``linger`` is for closes that may leave client bytes unread (errors, unread bodies):
        closing a socket with unread input makes the kernel send RST, which can destroy the
        answer before the client reads it. So: send FIN, discard input briefly, then close.
        """
        if not self.closed and self.transport is not None:
            self.closed = True
            transport = self.transport
            if linger and transport.can_write_eof():
                self._lingering = True
                transport.write_eof()
                self._set_timer("linger", _LINGER_SECONDS)
                if self._read_paused:
                    self._read_paused = False
                    transport.resume_reading()
            else:
                self._cancel_timer()
                transport.close()
        if self.cycle is not None:
            self.cycle.on_disconnect()

    def resume_reading(self) -> None:
        """Undo a ``pause_reading`` once the app consumed what was queued."""
        if self._read_paused and not self.closed and self.transport is not None:
            self._read_paused = False
            self.transport.resume_reading()
            cycle = self.cycle
            if (
                cycle is not None
                and not self._timer_kind
                and self.conn.state.client == RECV_BODY
                and not cycle.awaiting_continue
            ):
                # The body's clock stood still while we held the client back.
                self._set_timer("body", self.config.timeout_body)

    def start_body_clock(self) -> None:
        """The ``100 Continue`` went out: from now on the client owes us its body."""
        if not self.closed and self.conn.state.client == RECV_BODY:
            self._set_timer("body", self.config.timeout_body)

    def shutdown(self) -> None:
        """Server is stopping: close now when idle, else after the current response."""
        self.shutting_down = True
        if self._lingering and self.transport is not None:
            self.transport.close()
        elif self.cycle is None:
            self.close()
        else:
            self.conn.state.disable_keep_alive()  # the answer says "connection: close"

    def _pause_reading(self) -> None:
        if not self._read_paused and not self.closed and self.transport is not None:
            self._read_paused = True
            self.transport.pause_reading()
            if self._timer_kind == "body":
                self._cancel_timer()  # a client we hold back is not a slow client

    def _release_drain_waiters(self) -> None:
        waiters, self._drain_waiters = self._drain_waiters, []
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(None)

    # ------------------------------------------------------------------ timers
    def _set_timer(self, kind: str, delay: float) -> None:
        self._timer_kind = kind
        self.deadline = self.loop.time() + delay

    def _cancel_timer(self) -> None:
        self.deadline = 0.0
        self._timer_kind = ""

    def check_deadline(self, now: float) -> None:
        """Called by the sweeper: fire the timeout when its deadline passed."""
        if self.deadline and now >= self.deadline:
            self._on_timeout()

    def _on_timeout(self) -> None:
        kind = self._timer_kind
        self.deadline = 0.0
        self._timer_kind = ""
        if kind == "linger":
            if self.transport is not None:
                self.transport.close()
            return
        if kind == "body":
            cycle = self.cycle
            if self.closed or cycle is None:
                return
            # The body stalled or trickled: answer 408 unless the app already answered (then
            # a cut is all that is left), and wake the app's receive() with a disconnect.
            if not cycle.response_started:
                cycle.response_started = True
                cycle.status = 408
                self.write(self.conn.error_response(408, "Request Timeout: request body too slow"))
            self.close(linger=True)
            return
        if self.closed or self.cycle is not None:
            return
        if kind == "header" and self.conn.buffered:
            self.write(self.conn.error_response(408, "Request Timeout"))
            self.close(linger=True)
            return
        self.close()


def _address(info: Any) -> tuple[str, int] | None:
    if isinstance(info, tuple) and len(info) >= 2:
        return (str(info[0]), int(info[1]))
    return None


def _origin_path(target: bytes) -> bytes:
    """The path of an absolute-form target (``http://host/p``); ``*`` and the like stay."""
    scheme_end = target.find(b"://")
    if scheme_end == -1:
        return target
    slash = target.find(b"/", scheme_end + 3)
    return target[slash:] if slash != -1 else b"/"
