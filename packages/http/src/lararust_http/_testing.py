"""The in-process test client (no sockets) and fluent response assertions.

Rules: requests go through the app's ASGI edge exactly as a server would send them; cookies
persist across calls (a small jar: name -> value, honouring deletion); redirects are followed
only when asked. Inside ``with TestClient(app) as client:`` one event loop serves every request
and lifespan startup/shutdown run; without it each request gets its own short-lived loop.
"""

from __future__ import annotations

import contextlib
import secrets
from collections.abc import Iterator, Mapping
from http.cookies import SimpleCookie
from typing import Any, Self
from urllib.parse import unquote, urlencode, urljoin, urlsplit

import anyio
import anyio.from_thread
import orjson
from lararust_contracts import ASGIApp, Message

from ._headers import MutableHeaders
from ._json import json_dumps

_MISSING: Any = object()
FileSpec = Any  # bytes | (filename, bytes) | (filename, bytes, content_type)


class TestResponse:
    """A response received by the :class:`TestClient`, with ``assert_*`` helpers."""

    __test__ = False

    def __init__(
        self,
        status_code: int,
        raw_headers: list[tuple[bytes, bytes]],
        body: bytes,
        request_method: str,
        url: str,
    ) -> None:
        self.status_code = status_code
        self.raw_headers = raw_headers
        self.body = body
        self.request_method = request_method
        self.url = url

    # -- reading -----------------------------------------------------------------------------
    @property
    def headers(self) -> MutableHeaders:
        """The response headers."""
        return MutableHeaders(self.raw_headers)

    @property
    def text(self) -> str:
        """The body as text."""
        return self.body.decode("utf-8", "replace")

    content = text

    def json(self, path: str | None = None) -> Any:
        """The decoded JSON body (or the value at dotted ``path``)."""
        try:
            data = orjson.loads(self.body)
        except orjson.JSONDecodeError as exc:
            raise AssertionError(f"The response is not JSON: {self._snippet()}") from exc
        return data if path is None else _json_path(data, path)

    @property
    def cookies(self) -> dict[str, str]:
        """Cookies set by this response (deletions map to "")."""
        jar: dict[str, str] = {}
        for value in self.headers.get_list("set-cookie"):
            parsed: SimpleCookie = SimpleCookie()
            parsed.load(value)
            for name, morsel in parsed.items():
                jar[name] = unquote(morsel.value)
        return jar

    def _snippet(self) -> str:
        return f"{self.request_method} {self.url} -> {self.status_code}: {self.text[:500]!r}"

    def _fail(self, message: str) -> AssertionError:
        return AssertionError(f"{message}\n  {self._snippet()}")

    # -- assertions --------------------------------------------------------------------------
    def assert_status(self, status: int) -> TestResponse:
        """The status is ``status``."""
        if self.status_code != status:
            raise self._fail(f"Expected status {status}, got {self.status_code}.")
        return self

    def assert_ok(self) -> TestResponse:
        """The status is 200."""
        return self.assert_status(200)

    def assert_successful(self) -> TestResponse:
        """The status is 2xx."""
        if not 200 <= self.status_code < 300:
            raise self._fail(f"Expected a 2xx status, got {self.status_code}.")
        return self

    def assert_created(self) -> TestResponse:
        """The status is 201."""
        return self.assert_status(201)

    def assert_no_content(self) -> TestResponse:
        """The status is 204."""
        return self.assert_status(204)

    def assert_not_found(self) -> TestResponse:
        """The status is 404."""
        return self.assert_status(404)

    def assert_forbidden(self) -> TestResponse:
        """The status is 403."""
        return self.assert_status(403)

    def assert_unprocessable(self) -> TestResponse:
        """The status is 422."""
        return self.assert_status(422)

    def assert_json(self, expected: Any, exact: bool = False) -> TestResponse:
        """The JSON body contains ``expected`` (a subset), or equals it with ``exact``."""
        actual = self.json()
        if exact and actual != expected:
            raise self._fail(f"Expected exactly {expected!r}, got {actual!r}.")
        if not exact and not _contains(actual, expected):
            raise self._fail(f"Expected the JSON to contain {expected!r}, got {actual!r}.")
        return self

    def assert_exact_json(self, expected: Any) -> TestResponse:
        """The JSON body equals ``expected``."""
        return self.assert_json(expected, exact=True)

    def assert_json_path(self, path: str, expected: Any = _MISSING) -> TestResponse:
        """The dotted ``path`` exists (and equals ``expected`` or satisfies it when callable)."""
        try:
            value = _json_path(self.json(), path)
        except KeyError:
            raise self._fail(f"The JSON has no path {path!r}.") from None
        if expected is _MISSING:
            return self
        ok = expected(value) if callable(expected) else value == expected
        if not ok:
            raise self._fail(f"JSON path {path!r} is {value!r}, expected {expected!r}.")
        return self

    def assert_json_missing_path(self, path: str) -> TestResponse:
        """The dotted ``path`` does not exist."""
        try:
            _json_path(self.json(), path)
        except KeyError:
            return self
        raise self._fail(f"The JSON has path {path!r}, expected it missing.")

    def assert_see(self, text: str, escape: bool = True) -> TestResponse:
        """The body contains ``text`` (HTML-escaped first, like Laravel, unless told not to)."""
        from html import escape as html_escape

        needle = html_escape(text) if escape else text
        if needle not in self.text:
            raise self._fail(f"Expected to see {needle!r}.")
        return self

    def assert_dont_see(self, text: str, escape: bool = True) -> TestResponse:
        """The body does not contain ``text``."""
        from html import escape as html_escape

        needle = html_escape(text) if escape else text
        if needle in self.text:
            raise self._fail(f"Expected not to see {needle!r}.")
        return self

    def assert_redirect(self, uri: str | None = None) -> TestResponse:
        """The response redirects (to ``uri`` when given; relative URIs match any host)."""
        if self.status_code not in (201, 301, 302, 303, 307, 308):
            raise self._fail(f"Expected a redirect, got status {self.status_code}.")
        location = self.headers.get("location") or ""
        if (
            uri is not None
            and location != uri
            and urlsplit(location).path != uri
            and (_path_and_query(location) != uri)
        ):
            raise self._fail(f"Expected a redirect to {uri!r}, got {location!r}.")
        return self

    def assert_header(self, name: str, value: str | None = None) -> TestResponse:
        """Header ``name`` is present (with ``value`` when given)."""
        actual = self.headers.get(name)
        if actual is None:
            raise self._fail(f"Expected header {name!r}.")
        if value is not None and actual != value:
            raise self._fail(f"Header {name!r} is {actual!r}, expected {value!r}.")
        return self

    def assert_header_missing(self, name: str) -> TestResponse:
        """Header ``name`` is absent."""
        if self.headers.get(name) is not None:
            raise self._fail(f"Expected no header {name!r}.")
        return self

    def assert_cookie(self, name: str, value: str | None = None) -> TestResponse:
        """The response sets cookie ``name`` (to ``value`` when given, as sent)."""
        cookies = self.cookies
        if name not in cookies:
            raise self._fail(
                f"Expected the response to set cookie {name!r}; it set {sorted(cookies)}."
            )
        if value is not None and cookies[name] != value:
            raise self._fail(f"Cookie {name!r} is {cookies[name]!r}, expected {value!r}.")
        return self

    def assert_cookie_missing(self, name: str) -> TestResponse:
        """The response does not set cookie ``name``."""
        if name in self.cookies:
            raise self._fail(f"Expected no cookie {name!r}.")
        return self

    def __repr__(self) -> str:
        return f"<TestResponse {self.status_code} {self.request_method} {self.url}>"


class _ClientBase:
    """What the sync and async test clients share: the app, defaults, and the cookie jar."""

    __test__ = False

    def __init__(
        self,
        app: ASGIApp,
        base_url: str = "http://testserver",
        follow_redirects: bool = False,
        headers: Mapping[str, str] | None = None,
        client: tuple[str, int] = ("127.0.0.1", 50000),
    ) -> None:
        self.app = app
        self.base_url = base_url
        self.follow_redirects = follow_redirects
        self.default_headers = dict(headers or {})
        self.client_address = client
        self.cookies: dict[str, str] = {}
        self._streams: tuple[Any, ...] = ()
        self._lifespan_supported = False

    def with_headers(self, headers: Mapping[str, str]) -> Self:
        """Send these headers on every following request."""
        self.default_headers.update(headers)
        return self

    def with_cookie(self, name: str, value: str) -> Self:
        """Send this cookie on following requests."""
        self.cookies[name] = value
        return self

    # -- lifespan (the sync client runs these on its portal, the async one awaits them) ------
    def _open_streams(self) -> None:
        send_to_app, receive_in_app = anyio.create_memory_object_stream[Message](4)
        send_from_app, receive_from_app = anyio.create_memory_object_stream[Message](4)
        self._streams = (send_to_app, receive_in_app, send_from_app, receive_from_app)
        self._lifespan_supported = True

    async def _run_lifespan(self) -> None:
        receive_in_app, send_from_app = self._streams[1], self._streams[2]
        try:
            await self.app(
                {"type": "lifespan", "asgi": {"version": "3.0"}, "state": {}},
                receive_in_app.receive,
                send_from_app.send,
            )
        except Exception:
            # An app without lifespan support raises; ASGI says: carry on without it.
            if self._lifespan_supported:
                self._lifespan_supported = False
                await send_from_app.send({"type": "lifespan.unsupported"})

    async def _startup(self) -> None:
        await self._streams[0].send({"type": "lifespan.startup"})
        message = await self._streams[3].receive()
        if message["type"] == "lifespan.startup.failed":
            self._lifespan_supported = False
            await self._close()
            raise RuntimeError(f"lifespan startup failed: {message.get('message')}")

    async def _shutdown(self) -> None:
        try:
            if self._lifespan_supported:
                await self._streams[0].send({"type": "lifespan.shutdown"})
                await self._streams[3].receive()
        finally:
            await self._close()

    async def _close(self) -> None:
        for stream in self._streams:
            await stream.aclose()


class TestClient(_ClientBase):
    """Calls an ASGI app in process: ``client.get("/").assert_ok()``."""

    __test__ = False

    def __init__(
        self,
        app: ASGIApp,
        base_url: str = "http://testserver",
        follow_redirects: bool = False,
        headers: Mapping[str, str] | None = None,
        client: tuple[str, int] = ("127.0.0.1", 50000),
    ) -> None:
        super().__init__(app, base_url, follow_redirects, headers, client)
        self._portal: anyio.from_thread.BlockingPortal | None = None
        self._stack: contextlib.ExitStack | None = None

    # -- lifecycle ---------------------------------------------------------------------------
    def __enter__(self) -> TestClient:
        self._stack = contextlib.ExitStack()
        self._portal = self._stack.enter_context(anyio.from_thread.start_blocking_portal())
        self._open_streams()
        try:
            self._portal.start_task_soon(self._run_lifespan)
            self._portal.call(self._startup)
        except BaseException:
            self._stack.close()
            self._portal = self._stack = None
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._portal is not None
        assert self._stack is not None
        try:
            self._portal.call(self._shutdown)
        finally:
            self._stack.close()
            self._portal = self._stack = None

    # -- requests ----------------------------------------------------------------------------
    def request(
        self,
        method: str,
        url: str,
        *,
        json: Any = _MISSING,
        data: Mapping[str, Any] | bytes | str | None = None,
        files: Mapping[str, FileSpec] | None = None,
        headers: Mapping[str, str] | None = None,
        query: Mapping[str, Any] | None = None,
        follow_redirects: bool | None = None,
    ) -> TestResponse:
        """Send one request (and follow redirects when asked)."""
        follow = self.follow_redirects if follow_redirects is None else follow_redirects
        body, content_type = encode_body(json, data, files)
        response = self._send(method.upper(), url, body, content_type, headers, query)
        hops = 0
        while follow and response.status_code in (301, 302, 303, 307, 308):
            hops += 1
            if hops > 10:
                raise AssertionError(f"More than 10 redirects starting at {url!r}.")
            location = urljoin(response.url, response.headers.get("location") or "/")
            if response.status_code in (307, 308):
                response = self._send(
                    response.request_method, location, body, content_type, headers, None
                )
            else:
                response = self._send("GET", location, b"", None, headers, None)
        return response

    def get(self, url: str, **kwargs: Any) -> TestResponse:
        """GET ``url``."""
        return self.request("GET", url, **kwargs)

    def head(self, url: str, **kwargs: Any) -> TestResponse:
        """HEAD ``url``."""
        return self.request("HEAD", url, **kwargs)

    def options(self, url: str, **kwargs: Any) -> TestResponse:
        """OPTIONS ``url``."""
        return self.request("OPTIONS", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> TestResponse:
        """POST ``url`` (``data=`` form fields, ``json=``, ``files=``)."""
        return self.request("POST", url, **kwargs)

    def put(self, url: str, **kwargs: Any) -> TestResponse:
        """PUT ``url``."""
        return self.request("PUT", url, **kwargs)

    def patch(self, url: str, **kwargs: Any) -> TestResponse:
        """PATCH ``url``."""
        return self.request("PATCH", url, **kwargs)

    def delete(self, url: str, **kwargs: Any) -> TestResponse:
        """DELETE ``url``."""
        return self.request("DELETE", url, **kwargs)

    def json(
        self, method: str, url: str, data: Any = None, headers: Mapping[str, str] | None = None
    ) -> TestResponse:
        """Send ``data`` as JSON, asking for JSON back (Laravel's ``$this->json()``)."""
        return self.request(
            method, url, json=data, headers={"Accept": "application/json", **(headers or {})}
        )

    def get_json(self, url: str, headers: Mapping[str, str] | None = None) -> TestResponse:
        """GET asking for JSON."""
        return self.json("GET", url, None, headers)

    def post_json(
        self, url: str, data: Any = None, headers: Mapping[str, str] | None = None
    ) -> TestResponse:
        """POST JSON asking for JSON."""
        return self.json("POST", url, data, headers)

    def put_json(
        self, url: str, data: Any = None, headers: Mapping[str, str] | None = None
    ) -> TestResponse:
        """PUT JSON asking for JSON."""
        return self.json("PUT", url, data, headers)

    def patch_json(
        self, url: str, data: Any = None, headers: Mapping[str, str] | None = None
    ) -> TestResponse:
        """PATCH JSON asking for JSON."""
        return self.json("PATCH", url, data, headers)

    def delete_json(
        self, url: str, data: Any = None, headers: Mapping[str, str] | None = None
    ) -> TestResponse:
        """DELETE asking for JSON."""
        return self.json("DELETE", url, data, headers)

    def _send(
        self,
        method: str,
        url: str,
        body: bytes,
        content_type: str | None,
        headers: Mapping[str, str] | None,
        query: Mapping[str, Any] | None,
    ) -> TestResponse:
        scope, full_url = build_scope(self, method, url, body, content_type, headers, query)
        if self._portal is not None:
            result = self._portal.call(call_app, self.app, scope, body)
        else:
            with anyio.from_thread.start_blocking_portal() as portal:
                result = portal.call(call_app, self.app, scope, body)
        status, raw_headers, content = result
        response = TestResponse(status, raw_headers, content, method, full_url)
        store_cookies(self.cookies, response)
        return response


def store_cookies(jar: dict[str, str], response: TestResponse) -> None:
    """Keep the cookies ``response`` sets in ``jar`` (and drop the ones it deletes)."""
    for value in response.headers.get_list("set-cookie"):
        parsed: SimpleCookie = SimpleCookie()
        parsed.load(value)
        for name, morsel in parsed.items():
            if morsel["max-age"] == "0" or not morsel.value:
                jar.pop(name, None)
            else:
                jar[name] = morsel.value


def build_scope(
    client: Any,
    method: str,
    url: str,
    body: bytes,
    content_type: str | None,
    headers: Mapping[str, str] | None,
    query: Mapping[str, Any] | None,
) -> tuple[dict[str, Any], str]:
    """The ASGI scope a server would build for this request, and the full URL."""
    parts = urlsplit(urljoin(client.base_url + "/", url))
    query_string = parts.query
    if query:
        query_string = "&".join(filter(None, [query_string, urlencode(query, doseq=True)]))
    merged = {
        "host": parts.netloc,
        "user-agent": "lararust-testclient",
        **{k.lower(): v for k, v in client.default_headers.items()},
        **{k.lower(): v for k, v in (headers or {}).items()},
    }
    if content_type and "content-type" not in merged:
        merged["content-type"] = content_type
    if body or method in ("POST", "PUT", "PATCH"):
        merged["content-length"] = str(len(body))
    if client.cookies and "cookie" not in merged:
        merged["cookie"] = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
    scope = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},
        "http_version": "1.1",
        "method": method,
        "scheme": parts.scheme or "http",
        "path": unquote(parts.path or "/"),
        "raw_path": (parts.path or "/").encode(),
        "query_string": query_string.encode(),
        "root_path": "",
        "headers": [(k.encode("latin-1"), str(v).encode("latin-1")) for k, v in merged.items()],
        "client": client.client_address,
        "server": (
            parts.hostname or "testserver",
            parts.port or (443 if parts.scheme == "https" else 80),
        ),
        "state": {},
    }
    return scope, parts._replace(query=query_string).geturl()


async def call_app(
    app: ASGIApp, scope: dict[str, Any], body: bytes
) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    """Run one request through ``app``; return status, headers and the whole body."""
    done = anyio.Event()
    sent_body = False
    status = 500
    raw_headers: list[tuple[bytes, bytes]] = []
    chunks: list[bytes] = []

    async def receive() -> Message:
        nonlocal sent_body
        if not sent_body:
            sent_body = True
            return {"type": "http.request", "body": body, "more_body": False}
        await done.wait()  # a real client stays connected until the response is complete
        return {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        nonlocal status, raw_headers
        if message["type"] == "http.response.start":
            status = message["status"]
            raw_headers = [(bytes(k).lower(), bytes(v)) for k, v in message["headers"]]
        elif message["type"] == "http.response.body":
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                done.set()

    try:
        await app(scope, receive, send)
    finally:
        done.set()
    return status, raw_headers, b"".join(chunks)


def encode_body(
    json: Any, data: Mapping[str, Any] | bytes | str | None, files: Mapping[str, FileSpec] | None
) -> tuple[bytes, str | None]:
    if json is not _MISSING:
        return json_dumps(json), "application/json"
    if files:
        return _multipart(data if isinstance(data, Mapping) else {}, files)
    if data is None:
        return b"", None
    if isinstance(data, bytes):
        return data, None
    if isinstance(data, str):
        return data.encode(), None
    return urlencode(list(_pairs(data)), doseq=True).encode(), "application/x-www-form-urlencoded"


def _pairs(data: Mapping[str, Any]) -> Iterator[tuple[str, Any]]:
    for key, value in data.items():
        if isinstance(value, (list, tuple)):
            for item in value:
                yield f"{key}[]" if not key.endswith("[]") else key, item
        else:
            yield key, value


def _multipart(data: Mapping[str, Any], files: Mapping[str, FileSpec]) -> tuple[bytes, str]:
    boundary = secrets.token_hex(16)
    out = bytearray()
    for key, value in _pairs(data):
        out += (
            (f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n').encode()
            + str(value).encode()
            + b"\r\n"
        )
    for key, spec in files.items():
        specs = spec if isinstance(spec, list) else [spec]
        for item in specs:
            if isinstance(item, bytes):
                filename, content, ctype = "file", item, "application/octet-stream"
            elif len(item) == 2:
                filename, content, ctype = item[0], item[1], "application/octet-stream"
            else:
                filename, content, ctype = item
            name = f"{key}[]" if isinstance(spec, list) and not key.endswith("[]") else key
            out += (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: {ctype}\r\n\r\n'
            ).encode()
            out += content + b"\r\n"
    out += f"--{boundary}--\r\n".encode()
    return bytes(out), f"multipart/form-data; boundary={boundary}"


def _path_and_query(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _contains(actual: Any, expected: Any) -> bool:
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(
            k in actual and _contains(actual[k], v) for k, v in expected.items()
        )
    if isinstance(expected, list):
        return isinstance(actual, list) and all(
            any(_contains(a, e) for a in actual) for e in expected
        )
    return bool(actual == expected)


def _json_path(data: Any, path: str) -> Any:
    current = data
    for part in path.split("."):
        if isinstance(current, dict) and part in current:
            current = current[part]
        elif (
            isinstance(current, list)
            and part.lstrip("-").isdigit()
            and (-len(current) <= int(part) < len(current))
        ):
            current = current[int(part)]
        else:
            raise KeyError(path)
    return current
