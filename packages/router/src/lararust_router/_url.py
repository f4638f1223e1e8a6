"""URL generation: named routes, paths, assets, and signed URLs.

Rules: ``route()`` fills the URI's parameters (models give their route key), puts extra
parameters in the query string, raises naming a missing parameter, and never ends a path with
a slash. Absolute URLs use the forced root (``app.url`` in console), else the current request's
scheme and host. Signatures are HMAC-SHA256 over the absolute URL with the app key, checked in
constant time, Laravel's scheme (``expires``, then ``signature``, last in the query).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import time
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, overload
from urllib.parse import quote, urlencode

from ._errors import UrlGenerationError
from ._uri import Param

if TYPE_CHECKING:
    from ._route import Route
    from ._router import Router

_SAFE = "-._~!$&'()*+,;=:@"
_UNSAFE = re.compile(r"[^A-Za-z0-9\-._~!$&'()*+,;=:@]")


def _scope_of(request: Any) -> Mapping[str, Any]:
    scope = getattr(request, "scope", request)
    return scope if isinstance(scope, Mapping) else {}


def _header(scope: Mapping[str, Any], name: bytes) -> str | None:
    for key, value in scope.get("headers") or ():
        if key == name:
            return str(value.decode("latin-1"))
    return None


def request_root(request: Any) -> str:
    """``scheme://host[:port][root_path]`` of a request.

    The http Request's own ``root()`` wins: it honours trusted proxy headers.
    """
    root = getattr(request, "root", None)
    if callable(root):
        return str(root())
    scope = _scope_of(request)
    scheme = scope.get("scheme", "http")
    host = _header(scope, b"host")
    if host is None:
        server = scope.get("server") or ("localhost", None)
        host = server[0]
        port = server[1]
        if port and (scheme, port) not in (("http", 80), ("https", 443)):
            host = f"{host}:{port}"
    return f"{scheme}://{host}{scope.get('root_path', '')}"


class UrlGenerator:
    """Builds URLs for the router's named routes and the application's paths."""

    def __init__(self, router: Router) -> None:
        self._router = router
        self.root: str | None = None
        self.asset_root: str | None = None
        self._key: bytes | None = None
        self.defaults: dict[str, Any] = {}

    # -- configuration --------------------------------------------------------------------
    def force_root_url(self, root: str | None) -> None:
        """Use ``root`` for absolute URLs even during a request."""
        self.root = root.rstrip("/") if root else None

    def set_key(self, key: str | bytes) -> None:
        """The secret signed URLs use (``base64:...`` keys are decoded like Laravel's)."""
        if isinstance(key, str):
            key = base64.b64decode(key[7:]) if key.startswith("base64:") else key.encode()
        if not key:
            raise UrlGenerationError("The URL signing key is empty")
        self._key = key

    def _signing_key(self) -> bytes:
        if self._key is None:
            key = self._config("app.key")
            if not key:
                raise UrlGenerationError(
                    "No application key is set (APP_KEY / config app.key): cannot sign URLs"
                )
            self.set_key(key)
        assert self._key is not None
        return self._key

    def _config(self, key: str) -> Any:
        container = self._router.container
        if container is None or not container.bound("config"):
            return None
        return container.make("config").get(key)

    # -- roots ----------------------------------------------------------------------------
    def current_root(self) -> str:
        """The root absolute URLs start with."""
        if self.root:
            return self.root
        request = self._request()
        if request is not None:
            return request_root(request)
        configured = self._config("app.url")
        return str(configured).rstrip("/") if configured else "http://localhost"

    def _request(self) -> Any:
        from ._router import current_request

        request = current_request.get()
        if request is None:  # outside dispatch (global middleware, a view rendered early...)
            from ._http import http

            try:
                request = http.request()
            except RuntimeError:
                request = None
        return request

    # -- building -------------------------------------------------------------------------
    def to(self, path: str, absolute: bool = True, **query: Any) -> str:
        """URL of a path of this application (absolute URLs pass through)."""
        if "://" in path or path.startswith("//"):
            return path
        clean = "/" + path.strip("/")
        url = (
            (self.current_root() + clean if absolute else clean)
            if clean != "/"
            else (self.current_root() if absolute else "/")
        )
        return _with_query(url, query)

    def asset(self, path: str, secure: bool | None = None) -> str:
        """URL of a public asset (``asset_url`` config when set, else the app root)."""
        if "://" in path or path.startswith("//"):
            return path
        root = self.asset_root or self._config("app.asset_url") or self.current_root()
        root = str(root).rstrip("/")
        if secure is True and root.startswith("http://"):
            root = "https://" + root[7:]
        return f"{root}/{path.lstrip('/')}"

    def route(
        self,
        name: str,
        parameters: Mapping[str, Any] | list[Any] | tuple[Any, ...] | Any = None,
        absolute: bool = True,
        **kwargs: Any,
    ) -> str:
        """URL of a named route; parameters not in its URI become the query string."""
        route = self._router.get_by_name(name)
        if route is None:
            raise UrlGenerationError(f"Route [{name}] not defined.")
        return self.to_route(route, parameters, absolute, **kwargs)

    def to_route(
        self, route: Route, parameters: Any = None, absolute: bool = True, **kwargs: Any
    ) -> str:
        """URL of a route object."""
        params = self._parameters(route, parameters, kwargs)
        path = self._fill_path(route, params)
        url = path
        if absolute:
            if route.domain_:
                scheme = self.current_root().split("://", 1)[0]
                url = f"{scheme}://{self._fill(route, route.domain_, params)}{path}"
            else:
                url = self.current_root() + ("" if path == "/" else path)
        return _with_query(url, params)

    def _parameters(
        self, route: Route, parameters: Any, kwargs: Mapping[str, Any]
    ) -> dict[str, Any]:
        if parameters is None:
            given: dict[str, Any] = {}
        elif isinstance(parameters, Mapping):
            given = dict(parameters)
        else:
            values = list(parameters) if isinstance(parameters, (list, tuple)) else [parameters]
            names = [n for n in route.parameter_names() if n not in kwargs]
            given = dict(zip(names, values, strict=False))
            if len(values) > len(names):
                raise UrlGenerationError(
                    f"Too many positional parameters for [Route: {route.route_name}]"
                )
        given.update(kwargs)
        return given

    def _fill_path(self, route: Route, params: dict[str, Any]) -> str:
        template: list[str | Param] | None = route.url_template
        if template is None:
            template = route.url_template = _template(route)
        out: list[str] = []
        for piece in template:
            if isinstance(piece, str):
                out.append(piece)
            elif piece.optional:
                value = self._value(route, piece, params, required=False)
                if value is None:
                    out.pop()  # the "/" before it: optional parameters end the URI
                    break
                out.append(value)
            else:
                out.append(self._value(route, piece, params))
        return "".join(out) or "/"

    def _fill(self, route: Route, template: str, params: dict[str, Any]) -> str:
        from ._uri import PARAM_RE

        def replace(m: Any) -> str:
            param = Param(m.group(1), m.group(2), m.group(3) is not None)
            return str(self._value(route, param, params))

        return PARAM_RE.sub(replace, template)

    @overload
    def _value(self, route: Route, param: Param, params: dict[str, Any]) -> str: ...
    @overload
    def _value(
        self, route: Route, param: Param, params: dict[str, Any], required: bool
    ) -> str | None: ...
    def _value(
        self, route: Route, param: Param, params: dict[str, Any], required: bool = True
    ) -> str | None:
        if param.name in params:
            value = params.pop(param.name)
        elif param.name in route.defaults_:
            value = route.defaults_[param.name]
        elif param.name in self.defaults:
            value = self.defaults[param.name]
        elif not required:
            return None
        else:
            raise UrlGenerationError(
                f"Missing required parameter for [Route: {route.route_name}] "
                f"[URI: {route.uri}] [Missing parameter: {param.name}]."
            )
        if value is None:
            if required:
                raise UrlGenerationError(
                    f"Parameter [{param.name}] of [Route: {route.route_name}] is None"
                )
            return None
        kind = type(value)
        text = (
            value if kind is str else str(value if kind is int else _route_key(value, param.field))
        )
        if _UNSAFE.search(text) is None:
            return text  # the common case: nothing to escape, skip urllib's quote()
        if "/" in text:  # kept only for a parameter whose pattern spans segments (".*")
            tail = route.patterns().get(param.name)
            return quote(text, safe=_SAFE + ("/" if tail and _probe(tail) else ""))
        return quote(text, safe=_SAFE)

    # -- request URLs ---------------------------------------------------------------------
    def current(self) -> str:
        """The current request's URL without its query string."""
        request = self._request()
        if request is None:
            return self.to("/")
        scope = _scope_of(request)
        path = scope.get("path", "/")
        return request_root(request) + (path.rstrip("/") or "")

    def full(self) -> str:
        """The current request's URL with its query string."""
        request = self._request()
        query = _scope_of(request).get("query_string", b"") if request is not None else b""
        current = self.current()
        return f"{current}?{query.decode('latin-1')}" if query else current

    def previous(self, fallback: str = "/") -> str:
        """The previous URL: the session's, else the ``Referer`` header, else ``fallback``."""
        request = self._request()
        if request is not None:
            stored = _session_previous(request)
            if stored:
                return stored
            referer = _header(_scope_of(request), b"referer")
            if referer:
                return referer
        return self.to(fallback)

    # -- signed URLs ----------------------------------------------------------------------
    def signed_route(
        self,
        name: str,
        parameters: Mapping[str, Any] | None = None,
        expiration: datetime | timedelta | int | None = None,
        absolute: bool = True,
    ) -> str:
        """A URL of the named route carrying a signature (and an expiry when given)."""
        params = dict(parameters or {})
        if "signature" in params or "expires" in params:
            raise UrlGenerationError("'signature' and 'expires' are reserved signed URL parameters")
        if expiration is not None:
            params["expires"] = _timestamp(expiration)
        url = self.route(name, dict(sorted(params.items())), absolute)
        signature = self._sign(url)
        return f"{url}{'&' if '?' in url else '?'}signature={signature}"

    def temporary_signed_route(
        self,
        name: str,
        expiration: datetime | timedelta | int,
        parameters: Mapping[str, Any] | None = None,
        absolute: bool = True,
    ) -> str:
        """A signed URL that stops being valid at ``expiration``."""
        return self.signed_route(name, parameters, expiration, absolute)

    def _sign(self, url: str) -> str:
        return hmac.new(self._signing_key(), url.encode(), hashlib.sha256).hexdigest()

    def has_valid_signature(self, request: Any, absolute: bool = True) -> bool:
        """Whether the request's URL carries a valid, unexpired signature."""
        scope = _scope_of(request)
        query = scope.get("query_string", b"").decode("latin-1")
        pairs = [p for p in query.split("&") if p]
        signature = next((p[10:] for p in pairs if p.startswith("signature=")), "")
        if not signature:
            return False
        rest = "&".join(p for p in pairs if not p.startswith("signature="))
        raw = scope.get("raw_path")
        # The path as it was sent (percent-escapes kept), which is what was signed.
        sent = raw.decode("latin-1") if raw else quote(scope.get("path", "/"), safe=_SAFE + "/")
        path = "/" + sent.partition("?")[0].strip("/")
        base = (request_root(request) + (path if path != "/" else "")) if absolute else path
        original = f"{base}?{rest}" if rest else base
        if not hmac.compare_digest(self._sign(original), signature):
            return False
        expires = next((p[8:] for p in pairs if p.startswith("expires=")), None)
        return expires is None or (expires.isdigit() and int(expires) > time.time())


def _template(route: Route) -> list[str | Param]:
    """The route's URI as literal pieces and parameters, built once per route."""
    pieces: list[str | Param] = []
    for segment in route.segments:
        pieces.append("/")
        pieces.extend(segment.parts)
    return pieces


def _route_key(value: Any, field: str | None) -> Any:
    if field is not None and not isinstance(value, (str, int, float)):
        return getattr(value, field)
    get_key = getattr(value, "get_route_key", None)
    if callable(get_key) and not isinstance(value, type):
        return get_key()
    if isinstance(value, bool):
        return int(value)
    return value


def _probe(pattern: str) -> bool:
    return re.fullmatch(pattern, "a/b") is not None


def _with_query(url: str, query: Mapping[str, Any]) -> str:
    if not query:
        return url
    items = {k: _route_key(v, None) for k, v in query.items() if v is not None}
    encoded = urlencode(items, doseq=True)
    return f"{url}?{encoded}" if encoded else url


def _timestamp(expiration: datetime | timedelta | int) -> int:
    if isinstance(expiration, datetime):
        return int(expiration.timestamp())
    if isinstance(expiration, timedelta):
        return int(time.time() + expiration.total_seconds())
    return int(time.time()) + int(expiration)


def _session_previous(request: Any) -> str | None:
    has_session = getattr(request, "has_session", None)
    if not callable(has_session) or not has_session():
        return None
    value = request.session().get("_previous.url")
    return str(value) if value else None
