"""Responses: the object the kernel hands to the server and the ASGI edge.

Rules: a response is plain data the server can write without calling back into it:
``status_code``, ``raw_headers`` (lower-case byte pairs; no Content-Length, the writer adds it),
``body`` and, for streams, ``stream``. Headers set by application code are checked for CR/LF/NUL.
Cookies are kept as :class:`Cookie` objects too, so middleware (encryption) can rewrite them.
"""

from __future__ import annotations

import mimetypes
import os
from collections.abc import (
    AsyncIterable,
    AsyncIterator,
    Awaitable,
    Callable,
    Iterable,
    Iterator,
    Mapping,
)
from dataclasses import dataclass
from datetime import datetime
from email.utils import formatdate, parsedate_to_datetime
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote

import anyio
import anyio.to_thread
from lararust_contracts import NotFound, Receive, Scope, Send

from ._context import current_request
from ._cookies import Cookie, SameSite, sign_cookie_value, signing_key
from ._headers import MutableHeaders, encode_header
from ._json import _OPTIONS, _default, _dumps, json_dumps

_HTML = b"text/html; charset=utf-8"
_CONTENT_TYPE = b"content-type"
_CONTENT_LENGTH = b"content-length"


class Response:
    """An HTTP response with a body in memory (``text/html`` unless told otherwise)."""

    default_content_type: bytes | None = _HTML
    stream: AsyncIterator[bytes] | None = None
    background: Callable[[], Awaitable[None]] | None = None
    cookies_queued: list[Cookie] | None = None

    def __init__(
        self,
        content: str | bytes = b"",
        status: int = 200,
        headers: Mapping[str, str] | None = None,
        content_type: str | None = None,
    ) -> None:
        self.status_code = status
        self.body = content.encode() if isinstance(content, str) else content
        if content_type is not None:
            self.raw_headers = [encode_header("content-type", content_type)]
        elif self.default_content_type is not None:
            self.raw_headers = [(_CONTENT_TYPE, self.default_content_type)]
        else:
            self.raw_headers = []
        if headers:
            self.with_headers(headers)

    @property
    def headers(self) -> MutableHeaders:
        """A live, case-insensitive view of the headers."""
        return MutableHeaders(self.raw_headers)

    @property
    def content(self) -> str:
        """The body decoded as UTF-8."""
        return self.body.decode("utf-8", "replace")

    def header(self, name: str, value: str) -> Response:
        """Set header ``name`` (replacing it); returns the response for chaining."""
        self.headers.set(name, value)
        return self

    def with_headers(self, headers: Mapping[str, str]) -> Response:
        """Set several headers at once."""
        mutable = self.headers
        for name, value in headers.items():
            mutable.set(name, value)
        return self

    def set_cookie(
        self,
        name: str,
        value: str,
        max_age: int | None = None,
        expires: datetime | None = None,
        path: str = "/",
        domain: str | None = None,
        secure: bool = False,
        http_only: bool = True,
        same_site: SameSite | None = "lax",
        encrypt: bool = True,
    ) -> Response:
        """Queue a cookie (HttpOnly and SameSite=Lax by default)."""
        return self.with_cookie(
            Cookie(
                name,
                value,
                max_age,
                expires,
                path,
                domain,
                secure,
                http_only,
                same_site,
                encrypt=encrypt,
            )
        )

    def set_signed_cookie(
        self, name: str, value: str, key: str | bytes | None = None, **options: Any
    ) -> Response:
        """Queue a cookie readable by the client but tamper-proof (HMAC with the app key)."""
        signed = sign_cookie_value(name, value, signing_key(key))
        return self.set_cookie(name, signed, **{"encrypt": False, **options})

    def with_cookie(self, cookie: Cookie) -> Response:
        """Queue a :class:`Cookie` (replacing one of the same name, path and domain)."""
        queued = self.cookies_queued
        if queued is None:
            queued = self.cookies_queued = []
        queued[:] = [
            c
            for c in queued
            if (c.name, c.path, c.domain) != (cookie.name, cookie.path, cookie.domain)
        ]
        queued.append(cookie)
        self.sync_cookie_headers()
        return self

    def delete_cookie(self, name: str, path: str = "/", domain: str | None = None) -> Response:
        """Tell the browser to forget a cookie."""
        return self.with_cookie(
            Cookie(name, "", max_age=0, path=path, domain=domain, encrypt=False)
        )

    def sync_cookie_headers(self, values: Mapping[str, str] | None = None) -> None:
        """Rewrite the ``set-cookie`` headers from the queued cookies (``values`` override)."""
        headers = [(n, v) for n, v in self.raw_headers if n != b"set-cookie"]
        for cookie in self.cookies_queued or ():
            if values and cookie.name in values:
                cookie = Cookie(**{**cookie.__dict__, "value": values[cookie.name]})
            headers.append((b"set-cookie", cookie.header_value().encode("latin-1")))
        self.raw_headers[:] = headers

    def add_background(self, task: Callable[[], Awaitable[None]]) -> None:
        """Run ``task`` after the response is written (chained after any existing one)."""
        previous = self.background
        if previous is None:
            self.background = task
            return

        async def both() -> None:
            await previous()
            await task()

        self.background = both

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Write the response through ASGI ``send`` (the standalone/ASGI edge)."""
        head = scope["method"] == "HEAD"
        headers = self.raw_headers
        if self.stream is None:
            body = self.body
            for name, _ in headers:
                if name == _CONTENT_LENGTH:
                    break
            else:
                if self.status_code not in (204, 304):  # RFC 9110: no length on these
                    headers = [*headers, (_CONTENT_LENGTH, b"%d" % len(body))]
            await send(
                {"type": "http.response.start", "status": self.status_code, "headers": headers}
            )
            await send({"type": "http.response.body", "body": b"" if head else body})
        else:
            await send(
                {"type": "http.response.start", "status": self.status_code, "headers": headers}
            )
            if head:
                await send({"type": "http.response.body", "body": b""})
            else:
                await _send_stream(self.stream, receive, send)
        if self.background is not None:
            await self.background()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.status_code}>"


async def _send_stream(stream: AsyncIterator[bytes], receive: Receive, send: Send) -> None:
    """Send chunks until the stream ends or the client disconnects (then stop the stream)."""
    async with anyio.create_task_group() as group:

        async def watch_disconnect() -> None:
            while True:
                message = await receive()
                if message["type"] == "http.disconnect":
                    group.cancel_scope.cancel()
                    return

        group.start_soon(watch_disconnect)
        try:
            async for chunk in stream:
                if chunk:
                    await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await send({"type": "http.response.body", "body": b""})
        finally:
            # Close the generator now (its finally blocks release files, cursors) rather
            # than whenever it is garbage collected.
            close = getattr(stream, "aclose", None)
            if close is not None:
                with anyio.CancelScope(shield=True):
                    await close()
        group.cancel_scope.cancel()


class HtmlResponse(Response):
    """An HTML response."""


class JsonResponse(Response):
    """A JSON response encoded by the framework's one encoder (orjson)."""

    default_content_type = b"application/json"

    def __init__(
        self,
        data: Any = None,
        status: int = 200,
        headers: Mapping[str, str] | None = None,
        pretty: bool = False,
    ) -> None:
        # Set the attributes directly: this runs for every JSON response.
        self.status_code = status
        # orjson called here, not through json_dumps(): one Python call less per response.
        self.body = (
            json_dumps(data, True) if pretty else _dumps(data, default=_default, option=_OPTIONS)
        )
        self.raw_headers = [(_CONTENT_TYPE, b"application/json")]
        self.data = data
        if headers:
            self.with_headers(headers)


_new = object.__new__
_JSON_TYPE = (_CONTENT_TYPE, b"application/json")


def text_response(body: str, status: int = 200) -> Response:
    """``Response(body, status)`` without the constructor's branches (str returns, error pages).

    Hot paths only: what it builds equals the constructor's result, including a changed
    ``Response.default_content_type``.
    """
    response = _new(Response)
    response.status_code = status
    response.body = body.encode()
    ctype = Response.default_content_type
    response.raw_headers = [(_CONTENT_TYPE, ctype)] if ctype is not None else []
    return response


def returned_response(value: Any) -> Response | None:
    """The response for the common return types (str, dict, a Response), else None.

    ``Response(value)`` / ``JsonResponse(value)`` without their constructor calls: the kernel
    asks this for every request before the general conversion.
    """
    kind = type(value)
    if kind is str:
        return text_response(value)
    if kind is dict:
        response = _new(JsonResponse)
        response.status_code = 200
        response.body = _dumps(value, default=_default, option=_OPTIONS)
        response.raw_headers = [_JSON_TYPE]
        response.data = value
        return response
    if isinstance(value, Response):
        return value
    return None


class StreamedResponse(Response):
    """A response whose body comes from an (async or sync) iterable of str/bytes chunks."""

    default_content_type = None

    def __init__(
        self,
        content: AsyncIterable[str | bytes] | Iterable[str | bytes],
        status: int = 200,
        headers: Mapping[str, str] | None = None,
        content_type: str | None = "text/html; charset=utf-8",
    ) -> None:
        super().__init__(b"", status, headers, content_type)
        self.stream = _as_bytes(content)


async def _as_bytes(
    content: AsyncIterable[str | bytes] | Iterable[str | bytes],
) -> AsyncIterator[bytes]:
    if isinstance(content, AsyncIterable):
        async for chunk in content:
            yield chunk.encode() if isinstance(chunk, str) else chunk
        return
    iterator = iter(content)
    while True:
        # A sync generator may block (file reads, DB cursors): pull each chunk in a thread.
        item = await anyio.to_thread.run_sync(_next_or_none, iterator)
        if item is None:
            return
        yield item.encode() if isinstance(item, str) else item


def _next_or_none(iterator: Iterator[str | bytes]) -> str | bytes | None:
    return next(iterator, None)


@dataclass
class ServerSentEvent:
    """One server-sent event; non-string ``data`` is sent as JSON."""

    data: Any = ""
    event: str | None = None
    id: str | None = None
    retry: int | None = None

    def encode(self) -> bytes:
        """The event in ``text/event-stream`` framing (newlines in fields cannot inject)."""
        text = self.data if isinstance(self.data, str) else json_dumps(self.data).decode()
        lines = []
        if self.event is not None:
            lines.append(f"event: {_one_line(self.event)}")
        if self.id is not None:
            lines.append(f"id: {_one_line(self.id)}")
        if self.retry is not None:
            lines.append(f"retry: {int(self.retry)}")
        lines.extend(f"data: {line}" for line in text.replace("\r\n", "\n").split("\n"))
        return ("\n".join(lines) + "\n\n").encode()


def _one_line(value: str) -> str:
    return value.replace("\r", " ").replace("\n", " ")


class EventStreamResponse(Response):
    """Server-sent events from an async iterable of events (str, dict or ServerSentEvent)."""

    default_content_type = b"text/event-stream; charset=utf-8"

    def __init__(
        self,
        events: AsyncIterable[Any],
        status: int = 200,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(
            b"", status, {"Cache-Control": "no-cache", "X-Accel-Buffering": "no", **(headers or {})}
        )
        self.stream = _encode_events(events)


async def _encode_events(events: AsyncIterable[Any]) -> AsyncIterator[bytes]:
    async for event in events:
        yield (event if isinstance(event, ServerSentEvent) else ServerSentEvent(event)).encode()


class RedirectResponse(Response):
    """A redirect; ``with_``/``with_input``/``with_errors`` flash data into the session."""

    default_content_type = None

    def __init__(
        self, url: str, status: int = 302, headers: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(b"", status, headers)
        self.headers.set("location", url)
        self.target_url = url

    def _session(self) -> Any:
        request = current_request.get()
        if request is None or not request.has_session():
            raise RuntimeError("Flashing data needs a session: the route must use the web group.")
        return request.session()

    def with_(self, key: str | Mapping[str, Any], value: Any = None) -> RedirectResponse:
        """Flash ``key`` (or a mapping) for the next request."""
        session = self._session()
        items = key.items() if isinstance(key, Mapping) else [(key, value)]
        for name, item in items:
            session.flash(name, item)
        return self

    def with_input(self, data: Mapping[str, Any] | None = None) -> RedirectResponse:
        """Flash the current input (files left out) so forms can show ``old()`` values."""
        request = current_request.get()
        if data is None:
            data = request.input() if request is not None else {}
        self._session().flash(
            "_old_input", {k: v for k, v in data.items() if not hasattr(v, "store")}
        )
        return self

    def with_errors(self, errors: Any, bag: str = "default") -> RedirectResponse:
        """Flash validation errors (a message or a field -> messages mapping) under ``bag``."""
        if isinstance(errors, str):
            errors = {"error": [errors]}
        elif hasattr(errors, "to_dict") and not isinstance(errors, Mapping):
            errors = errors.to_dict()
        normalized = {k: [v] if isinstance(v, str) else list(v) for k, v in dict(errors).items()}
        session = self._session()
        bags = dict(session.get("errors", {}) or {})
        bags[bag] = normalized
        session.flash("errors", bags)
        return self

    def with_cookies(self, cookies: Iterable[Cookie]) -> RedirectResponse:
        """Queue several cookies."""
        for cookie in cookies:
            self.with_cookie(cookie)
        return self


class FileResponse(Response):
    """A file from disk, with ETag/Last-Modified revalidation and single byte ranges.

    ``request`` (default: the current one) drives ``If-None-Match``/``If-Modified-Since`` (304),
    ``Range``/``If-Range`` (206, or 416 when unsatisfiable); a multi-range request gets the
    whole file, which RFC 9110 allows.
    """

    default_content_type = None
    chunk_size = 64 * 1024

    def __init__(
        self,
        path: str | os.PathLike[str],
        filename: str | None = None,
        status: int = 200,
        headers: Mapping[str, str] | None = None,
        content_type: str | None = None,
        disposition: Literal["inline", "attachment"] | None = None,
        request: Any = None,
    ) -> None:
        self.path = Path(path)
        try:
            st = os.stat(self.path)
        except (FileNotFoundError, NotADirectoryError) as exc:
            raise NotFound(f"File not found: {self.path.name}") from exc
        if not self.path.is_file():
            raise NotFound(f"Not a file: {self.path.name}")
        content_type = content_type or _guess_type(filename or self.path.name)
        super().__init__(b"", status, headers, content_type)
        self.size = st.st_size
        etag = f'"{st.st_mtime_ns:x}-{st.st_size:x}"'
        last_modified = formatdate(st.st_mtime, usegmt=True)
        h = self.headers
        h.set("accept-ranges", "bytes")
        h.set("etag", etag)
        h.set("last-modified", last_modified)
        if disposition is None:
            disposition = "attachment" if filename else "inline"
        if filename or disposition == "attachment":
            h.set("content-disposition", _disposition(disposition, filename or self.path.name))
        request = request if request is not None else current_request.get()
        start, end = 0, self.size - 1
        if request is not None and request.method in ("GET", "HEAD") and status == 200:
            if _not_modified(request, etag, st.st_mtime):
                self.status_code = 304
                self.raw_headers[:] = [(n, v) for n, v in self.raw_headers if n != _CONTENT_TYPE]
                return
            byte_range = _requested_range(request, etag, last_modified, self.size)
            if byte_range == "unsatisfiable":
                self.status_code = 416
                h.set("content-range", f"bytes */{self.size}")
                h.set("content-length", "0")
                return
            if byte_range is not None:
                start, end = byte_range
                self.status_code = 206
                h.set("content-range", f"bytes {start}-{end}/{self.size}")
        h.set("content-length", str(max(end - start + 1, 0)))
        self.stream = self._read(start, end)

    async def _read(self, start: int, end: int) -> AsyncIterator[bytes]:
        remaining = end - start + 1
        handle = await anyio.open_file(self.path, "rb")
        try:
            await handle.seek(start)
            while remaining > 0:
                chunk = await handle.read(min(self.chunk_size, remaining))
                if not chunk:
                    return
                remaining -= len(chunk)
                yield chunk
        finally:
            await handle.aclose()


def _guess_type(name: str) -> str:
    guessed = mimetypes.guess_type(name)[0] or "application/octet-stream"
    if guessed.startswith("text/") or guessed in ("application/javascript", "application/json"):
        return f"{guessed}; charset=utf-8"
    return guessed


def _disposition(kind: str, filename: str) -> str:
    ascii_name = filename.encode("ascii", "ignore").decode().replace('"', "").replace("\\", "")
    ascii_name = "".join(ch for ch in ascii_name if ch.isprintable()) or "download"
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


def _not_modified(request: Any, etag: str, mtime: float) -> bool:
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None:
        tags = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
        return "*" in tags or etag in tags
    since = request.headers.get("if-modified-since")
    if since:
        try:
            return int(mtime) <= parsedate_to_datetime(since).timestamp()
        except (TypeError, ValueError):
            return False
    return False


def _requested_range(
    request: Any, etag: str, last_modified: str, size: int
) -> tuple[int, int] | Literal["unsatisfiable"] | None:
    header = request.headers.get("range")
    if not header or not header.startswith("bytes="):
        return None
    if_range = request.headers.get("if-range")
    if if_range is not None and if_range not in (etag, last_modified):
        return None
    specs = header[6:].split(",")
    if len(specs) != 1:
        return None
    first, sep, last = specs[0].strip().partition("-")
    if not sep:
        return None
    try:
        if first == "":
            length = int(last)
            if length <= 0:
                return "unsatisfiable"
            return max(size - length, 0), size - 1
        start = int(first)
        end = int(last) if last else size - 1
    except ValueError:
        return None
    if start >= size or start < 0:
        return "unsatisfiable"
    if end < start:
        return None
    return start, min(end, size - 1)
