"""The HTTP request, built from an ASGI scope and receive callable.

Rules: the constructor stores two attributes and nothing else; headers, query, cookies and the
body are parsed on first use (the hot path of a plaintext route reads none of them). Form, JSON
and multipart bodies are parsed by ``await request.load()``, which the kernel calls before routing
(limits enforced while the body streams in); afterwards ``input()`` and friends are synchronous,
as in Laravel. Other bodies stay unread for ``await request.body()`` or ``request.stream()``.
"""

from __future__ import annotations

import fnmatch
from collections.abc import AsyncIterator, Callable, Iterable
from types import MappingProxyType
from typing import Any, cast

import orjson
from lararust_contracts import Receive, Scope, SessionStore

from ._cookies import parse_cookie_header, signing_key, unsign_cookie_value
from ._datastructures import FormData, QueryParams
from ._exceptions import BadRequest, ClientDisconnect, PayloadTooLarge
from ._headers import Headers
from ._multipart import MultipartLimits, MultipartReader
from ._uploaded_file import UploadedFile

DEFAULT_MAX_BODY_SIZE = 10 * 1024 * 1024
_NO_BODY_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
_MISSING: Any = object()


async def _empty_receive() -> dict[str, Any]:
    return {"type": "http.request", "body": b"", "more_body": False}


class Request:
    """One HTTP request: URL pieces, headers, cookies, input, files, session, user."""

    # Class-level defaults keep construction to four stores; instances shadow them when set.
    max_body_size: int | None = DEFAULT_MAX_BODY_SIZE
    multipart_limits: MultipartLimits = MultipartLimits()
    max_form_fields: int = 1000
    route: Any = None
    # Read-only shared default: the router assigns a fresh dict per request; mutating the
    # default by mistake raises instead of leaking parameters into every other request.
    route_params: dict[str, Any] = cast("dict[str, Any]", MappingProxyType({}))
    _headers: Headers | None = None
    _query: QueryParams | None = None
    _cookies: dict[str, str] | None = None
    _body: bytes | None = None
    _stream_consumed = False
    _loaded = False
    _json: Any = _MISSING
    _form: FormData | None = None
    _files: dict[str, Any] | None = None
    _input: dict[str, Any] | None = None
    _session: SessionStore | None = None
    _user_resolver: Callable[[], Any] | None = None
    _attributes: dict[str, Any] | None = None
    _ip: str | None = None
    _scheme: str | None = None
    _host: str | None = None
    #: Bytes of the body read so far (by ``stream()``, ``body()`` or ``load()``).
    body_bytes_received = 0
    #: This request's container scope, made by core on the first scoped resolution (the
    #: kernel's fast path lets the request stand for its scope until then).
    container_scope: Any = None

    def __init__(self, scope: Scope, receive: Receive = _empty_receive) -> None:
        self.scope = scope
        self._receive = receive
        self.method: str = scope["method"]
        self.path: str = scope["path"]

    # -- URL ---------------------------------------------------------------------------------
    @property
    def scheme(self) -> str:
        """``http`` or ``https`` (as trusted proxies report it when configured)."""
        return self._scheme or self.scope.get("scheme", "http")

    def is_secure(self) -> bool:
        """Whether the request came over HTTPS."""
        return self.scheme == "https"

    @property
    def host(self) -> str:
        """The host (with a non-default port) the client asked for."""
        if self._host is not None:
            return self._host
        host = self.headers.get("host")
        if host:
            return host
        server = self.scope.get("server")
        if not server:
            return "localhost"
        name, port = server
        default = 443 if self.scheme == "https" else 80
        return name if port in (default, None) else f"{name}:{port}"

    def root(self) -> str:
        """The application's root URL: ``https://example.com`` (plus any mount prefix)."""
        return f"{self.scheme}://{self.host}{self.scope.get('root_path', '')}"

    def url(self) -> str:
        """The URL without the query string."""
        # ASGI's ``path`` already includes ``root_path`` (the mount prefix).
        return f"{self.scheme}://{self.host}{self.path}"

    def full_url(self) -> str:
        """The URL with the query string."""
        qs = self.query_string
        return self.url() + (f"?{qs}" if qs else "")

    def full_url_with_query(self, query: dict[str, Any]) -> str:
        """The URL with ``query`` merged into the current query string."""
        from urllib.parse import urlencode

        merged = {**self.query.to_dict(), **query}
        return self.url() + ("?" + urlencode(merged, doseq=True) if merged else "")

    @property
    def query_string(self) -> str:
        """The raw query string, decoded as latin-1."""
        raw: bytes = self.scope.get("query_string", b"")
        return raw.decode("latin-1")

    def decoded_path(self) -> str:
        """The path without its leading slash (``""`` for the root), like Laravel's ``path()``."""
        return self.path.strip("/")

    def segments(self) -> list[str]:
        """The non-empty path segments."""
        return [s for s in self.path.split("/") if s]

    def segment(self, index: int, default: str | None = None) -> str | None:
        """Path segment ``index`` (1-based, like Laravel)."""
        segments = self.segments()
        return segments[index - 1] if 0 < index <= len(segments) else default

    def is_(self, *patterns: str) -> bool:
        """Whether the path matches one of the ``admin/*`` style patterns."""
        path = self.decoded_path()
        return any(fnmatch.fnmatchcase(path, p.strip("/")) for p in patterns)

    def is_method(self, method: str) -> bool:
        """Compare the method case-insensitively."""
        return self.method == method.upper()

    # -- headers, cookies, client ------------------------------------------------------------
    @property
    def headers(self) -> Headers:
        """Case-insensitive, multi-valued headers."""
        headers = self._headers
        if headers is None:
            headers = self._headers = Headers(self.scope.get("headers", []))
        return headers

    def header(self, name: str, default: str | None = None) -> str | None:
        """The first value of header ``name``."""
        return self.headers.get(name, default)

    def bearer_token(self) -> str | None:
        """The token of an ``Authorization: Bearer`` header."""
        auth = self.headers.get("authorization", "") or ""
        scheme, _, token = auth.partition(" ")
        return token.strip() or None if scheme.lower() == "bearer" else None

    def user_agent(self) -> str | None:
        """The ``User-Agent`` header."""
        return self.headers.get("user-agent")

    @property
    def cookies(self) -> dict[str, str]:
        """Request cookies (already decrypted when :class:`EncryptCookies` runs)."""
        cookies = self._cookies
        if cookies is None:
            cookies = self._cookies = parse_cookie_header(self.headers.get("cookie", "") or "")
        return cookies

    @cookies.setter
    def cookies(self, value: dict[str, str]) -> None:
        self._cookies = value

    def cookie(self, name: str, default: str | None = None) -> str | None:
        """One cookie's value."""
        return self.cookies.get(name, default)

    def signed_cookie(
        self, name: str, default: str | None = None, key: str | bytes | None = None
    ) -> str | None:
        """A cookie set with ``set_signed_cookie``; ``default`` when absent or tampered."""
        raw = self.cookies.get(name)
        if raw is None:
            return default
        value = unsign_cookie_value(name, raw, signing_key(key))
        return default if value is None else value

    def ip(self) -> str | None:
        """The client's IP address (the real one when it came through a trusted proxy)."""
        if self._ip is not None:
            return self._ip
        client = self.scope.get("client")
        return client[0] if client else None

    def set_client(
        self, ip: str | None = None, scheme: str | None = None, host: str | None = None
    ) -> None:
        """Override what the client looks like (used by :class:`TrustProxies`)."""
        if ip is not None:
            self._ip = ip
        if scheme is not None:
            self._scheme = scheme
        if host is not None:
            self._host = host

    # -- content negotiation -----------------------------------------------------------------
    def is_json(self) -> bool:
        """Whether the body is JSON (``application/json`` or ``+json``)."""
        media = self._media_type()
        return media.endswith("/json") or media.endswith("+json")

    def _media_type(self) -> str:
        return (self.headers.get("content-type") or "").split(";", 1)[0].strip().lower()

    def accepts(self) -> list[str]:
        """Accepted media types, in the client's order."""
        accept = self.headers.get("accept") or ""
        return [p.split(";", 1)[0].strip().lower() for p in accept.split(",") if p.strip()]

    def wants_json(self) -> bool:
        """Whether the first accepted type is JSON."""
        # Only the first type matters: no list of them all (every error page asks this).
        for part in (self.headers.get("accept") or "").split(","):
            media = part.split(";", 1)[0].strip().lower()
            if media:
                return "/json" in media or "+json" in media
        return False

    def ajax(self) -> bool:
        """Whether ``X-Requested-With: XMLHttpRequest`` was sent."""
        return self.headers.get("x-requested-with") == "XMLHttpRequest"

    def pjax(self) -> bool:
        """Whether ``X-PJAX`` was sent."""
        return self.headers.get("x-pjax") == "true"

    def accepts_any_content_type(self) -> bool:
        """Whether the client accepts anything (no Accept, or ``*/*`` first)."""
        accepts = self.accepts()
        return not accepts or accepts[0] in ("*/*", "*")

    def expects_json(self) -> bool:
        """Whether the response should be JSON (an AJAX call accepting anything, or JSON)."""
        if self._headers is None:
            # Every error page asks: without a header that could make it true (Accept naming
            # JSON, X-Requested-With) the answer is no, without indexing the headers. Only
            # names of those two lengths are lower-cased and compared (any case matches).
            for name, value in self.scope.get("headers") or ():
                size = len(name)
                if size == 6:
                    if name.lower() == b"accept" and b"json" in value.lower():
                        break
                elif size == 16 and name.lower() == b"x-requested-with":
                    break
            else:
                return False
        return (self.ajax() and not self.pjax() and self.accepts_any_content_type()) or (
            self.wants_json()
        )

    # -- body --------------------------------------------------------------------------------
    async def stream(self) -> AsyncIterator[bytes]:
        """Yield the body as it arrives, enforcing :attr:`max_body_size` on the way."""
        if self._body is not None:
            yield self._body
            return
        if self._stream_consumed:
            raise RuntimeError("The request body was already consumed as a stream.")
        self._stream_consumed = True
        limit = self.max_body_size
        if limit is not None:
            declared = self.headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > limit:
                raise PayloadTooLarge(f"The request body is over the {limit} byte limit.")
        received = 0
        while True:
            message = await self._receive()
            kind = message["type"]
            if kind == "http.request":
                chunk = message.get("body", b"")
                received += len(chunk)
                self.body_bytes_received = received
                if limit is not None and received > limit:
                    raise PayloadTooLarge(f"The request body is over the {limit} byte limit.")
                if chunk:
                    yield chunk
                if not message.get("more_body", False):
                    return
            elif kind == "http.disconnect":
                raise ClientDisconnect("The client disconnected while sending its body.")

    async def body(self) -> bytes:
        """The whole body (read once, then kept)."""
        if self._body is None:
            chunks = [chunk async for chunk in self.stream()]
            self._body = b"".join(chunks)
        return self._body

    def is_form(self) -> bool:
        """Whether the body is an HTML form (urlencoded or multipart)."""
        return self._media_type() in ("application/x-www-form-urlencoded", "multipart/form-data")

    def _has_input_body(self) -> bool:
        if self.method in _NO_BODY_METHODS:
            return False
        media = self._media_type()
        return (
            media in ("application/x-www-form-urlencoded", "multipart/form-data")
            or media.endswith("/json")
            or media.endswith("+json")
        )

    async def load(self) -> None:
        """Parse a form, multipart or JSON body once (the kernel calls it before routing)."""
        if self._loaded:
            return
        self._loaded = True
        if not self._has_input_body():
            return
        media = self._media_type()
        if media == "multipart/form-data":
            reader = MultipartReader(self.headers.get("content-type") or "", self.multipart_limits)
            self._form, self._files = await reader.parse(self.stream())
        elif media == "application/x-www-form-urlencoded":
            self._form = self._parse_urlencoded(await self.body())
        else:
            body = await self.body()
            try:
                self._json = orjson.loads(body) if body.strip() else None
            except orjson.JSONDecodeError as exc:
                raise BadRequest(f"Malformed JSON body: {exc}") from exc

    def _parse_urlencoded(self, body: bytes) -> FormData:
        from urllib.parse import parse_qsl

        try:
            pairs = parse_qsl(
                body.decode("utf-8", "replace"),
                keep_blank_values=True,
                max_num_fields=self.max_form_fields,
            )
        except ValueError as exc:
            raise BadRequest(f"Too many form fields: the limit is {self.max_form_fields}.") from exc
        return FormData(pairs)

    # -- input -------------------------------------------------------------------------------
    @property
    def query(self) -> QueryParams:
        """The query string parameters (multi-valued)."""
        query = self._query
        if query is None:
            query = self._query = QueryParams(
                QueryParams.from_query_string(self.scope.get("query_string", b"")).multi_items()
            )
        return query

    def _require_loaded(self) -> None:
        if not self._loaded and self._has_input_body():
            raise RuntimeError(
                "The request body is not parsed yet: `await request.load()` first "
                "(the kernel does it before routing; middleware before that must await it)."
            )

    @property
    def form(self) -> FormData:
        """Fields of a form or multipart body (empty for other bodies)."""
        self._require_loaded()
        return self._form if self._form is not None else FormData()

    @property
    def files(self) -> dict[str, Any]:
        """Uploaded files by field name (a list for ``name[]`` fields)."""
        self._require_loaded()
        return self._files if self._files is not None else {}

    def file(self, key: str) -> UploadedFile | None:
        """The uploaded file of field ``key`` (the first one of a ``key[]`` list)."""
        value = self.files.get(key)
        if isinstance(value, list):
            return value[0] if value else None
        return value if isinstance(value, UploadedFile) else None

    def has_file(self, key: str) -> bool:
        """Whether a file was uploaded under ``key``."""
        return self.file(key) is not None

    def json(self, key: str | None = None, default: Any = None) -> Any:
        """The decoded JSON body (or ``key`` in it, dot notation); None when not JSON."""
        self._require_loaded()
        data = None if self._json is _MISSING else self._json
        if key is None:
            return data
        return _data_get(data, key, default)

    def _input_data(self) -> dict[str, Any]:
        data = self._input
        if data is None:
            self._require_loaded()
            data = self.query.to_dict()
            if self._form is not None:
                data.update(self._form.to_dict())
            elif self._json is not _MISSING and isinstance(self._json, dict):
                data.update(self._json)
            self._input = data
        return data

    def input(self, key: str | None = None, default: Any = None) -> Any:
        """Input from the query string and the body (dot notation reaches into JSON)."""
        data = self._input_data()
        if key is None:
            return dict(data)
        return _data_get(data, key, default)

    def all(self) -> dict[str, Any]:
        """Every input value and uploaded file."""
        return {**self._input_data(), **self.files}

    def only(self, *keys: str | Iterable[str]) -> dict[str, Any]:
        """The given input keys that are present."""
        data = self.all()
        result: dict[str, Any] = {}
        for key in _flatten(keys):
            value = _data_get(data, key, _MISSING)
            if value is not _MISSING:
                result[key] = value
        return result

    def except_(self, *keys: str | Iterable[str]) -> dict[str, Any]:
        """Every input value but the given keys."""
        excluded = set(_flatten(keys))
        return {k: v for k, v in self.all().items() if k not in excluded}

    def has(self, *keys: str | Iterable[str]) -> bool:
        """Whether every key is present (even when empty)."""
        data = self.all()
        return all(_data_get(data, k, _MISSING) is not _MISSING for k in _flatten(keys))

    def has_any(self, *keys: str | Iterable[str]) -> bool:
        """Whether any key is present."""
        data = self.all()
        return any(_data_get(data, k, _MISSING) is not _MISSING for k in _flatten(keys))

    def filled(self, *keys: str | Iterable[str]) -> bool:
        """Whether every key is present and not blank."""
        data = self.all()
        return all(not _is_blank(_data_get(data, k, None)) for k in _flatten(keys))

    def missing(self, *keys: str | Iterable[str]) -> bool:
        """Whether none of the keys is present."""
        return not self.has_any(*keys)

    def boolean(self, key: str, default: bool = False) -> bool:
        """Input ``key`` read as a boolean (``1``, ``true``, ``on``, ``yes`` are true)."""
        value = self.input(key, _MISSING)
        if value is _MISSING:
            return default
        if isinstance(value, bool):
            return value
        return str(value).strip().lower() in ("1", "true", "on", "yes")

    def integer(self, key: str, default: int = 0) -> int:
        """Input ``key`` read as an int (``default`` when absent or not a number)."""
        try:
            return int(self.input(key, default))
        except (TypeError, ValueError):
            return default

    # -- session, user, route ----------------------------------------------------------------
    def session(self) -> SessionStore:
        """The session (set by the ``StartSession`` middleware)."""
        if self._session is None:
            raise RuntimeError("The request has no session: add StartSession (the web group).")
        return self._session

    def has_session(self) -> bool:
        """Whether a session is attached."""
        return self._session is not None

    def set_session(self, session: SessionStore) -> None:
        """Attach a session."""
        self._session = session

    def old(self, key: str | None = None, default: Any = None) -> Any:
        """Input flashed by the previous request (``redirect().back().with_input()``)."""
        if self._session is None:
            return default
        old = self._session.get("_old_input", {}) or {}
        return dict(old) if key is None else _data_get(old, key, default)

    def user(self) -> Any:
        """The authenticated user (from the resolver auth installs), or None."""
        resolver = self._user_resolver
        return resolver() if resolver is not None else None

    def set_user_resolver(self, resolver: Callable[[], Any]) -> None:
        """Install how :meth:`user` finds the user."""
        self._user_resolver = resolver

    def route_param(self, name: str, default: Any = None) -> Any:
        """A route parameter by name."""
        return self.route_params.get(name, default)

    @property
    def attributes(self) -> dict[str, Any]:
        """Free-form per-request data for middleware (``request.attributes["tenant"]``)."""
        attributes = self._attributes
        if attributes is None:
            attributes = self._attributes = {}
        return attributes

    async def close(self) -> None:
        """Delete uploaded files' temporary content (the kernel does it after responding)."""
        for value in (self._files or {}).values():
            for upload in value if isinstance(value, list) else [value]:
                await upload.close()

    def __repr__(self) -> str:
        return f"<Request {self.method} {self.path}>"


def _flatten(keys: tuple[str | Iterable[str], ...]) -> list[str]:
    flat: list[str] = []
    for key in keys:
        if isinstance(key, str):
            flat.append(key)
        else:
            flat.extend(key)
    return flat


def _is_blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return value.strip() == ""
    if isinstance(value, (list, dict, tuple)):
        return len(value) == 0
    return False


def _data_get(data: Any, key: str, default: Any) -> Any:
    """Read ``key`` from ``data``; a dotted key walks nested dicts and lists."""
    if isinstance(data, dict) and key in data:
        return data[key]
    if "." not in key:
        return default
    current = data
    for part in key.split("."):
        if isinstance(current, dict) and part in current:
            current = current[part]
        elif isinstance(current, list) and part.isdigit() and int(part) < len(current):
            current = current[int(part)]
        else:
            return default
    return current
