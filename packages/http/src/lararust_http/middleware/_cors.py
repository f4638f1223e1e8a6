"""CORS with full preflight semantics, configured like Laravel's ``config/cors.php``.

Rules (fruitcake/php-cors, which Laravel uses): only paths matching ``paths`` are touched; an
``OPTIONS`` request with ``Origin`` and ``Access-Control-Request-Method`` is answered here with
204; other requests go on and get ``Access-Control-Allow-Origin`` (+ credentials and exposed
headers) when the origin is allowed. ``*`` origins with credentials echo the origin (browsers
reject ``*`` with credentials); every echoed value adds the matching ``Vary``.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from .._context import config_value
from .._responses import Response
from ._base import Next, as_list

if TYPE_CHECKING:
    from .._request import Request

DEFAULTS: dict[str, Any] = {
    "paths": [],
    "allowed_methods": ["*"],
    "allowed_origins": ["*"],
    "allowed_origins_patterns": [],
    "allowed_headers": ["*"],
    "exposed_headers": [],
    "max_age": 0,
    "supports_credentials": False,
}


class HandleCors:
    """Cross-origin resource sharing from config ``cors`` (off when ``paths`` is empty)."""

    def __init__(self, config: Mapping[str, Any] | None = None) -> None:
        options = {**DEFAULTS, **(config if config is not None else config_value("cors", {}) or {})}
        self.paths = [p.strip("/") or "/" for p in as_list(options["paths"])]
        self.methods = [m.upper() for m in as_list(options["allowed_methods"])]
        self.origins = as_list(options["allowed_origins"])
        self.patterns = [re.compile(p) for p in as_list(options["allowed_origins_patterns"])]
        self.headers = [h.lower() for h in as_list(options["allowed_headers"])]
        self.exposed = as_list(options["exposed_headers"])
        self.max_age = options["max_age"]
        self.credentials = bool(options["supports_credentials"])

    def enabled(self) -> bool:
        """Whether any path is configured."""
        return bool(self.paths)

    def matches_path(self, request: Request) -> bool:
        """Whether CORS applies to this path."""
        path = request.path.strip("/") or "/"
        return any(p == path or fnmatch.fnmatchcase(path, p) for p in self.paths)

    def allowed_origin(self, origin: str) -> bool:
        """Whether ``origin`` may read responses."""
        if "*" in self.origins or origin in self.origins:
            return True
        return any(p.fullmatch(origin) for p in self.patterns)

    async def handle(self, request: Request, next: Next) -> Response:
        """Answer preflights; decorate actual responses."""
        if not self.matches_path(request):
            return await next(request)
        origin = request.headers.get("origin")
        if (
            request.method == "OPTIONS"
            and origin is not None
            and request.headers.get("access-control-request-method")
        ):
            return self.preflight(request, origin)
        response = await next(request)
        if origin is not None:
            self._actual(response, origin)
        return response

    def preflight(self, request: Request, origin: str) -> Response:
        """The 204 answer to a preflight request."""
        response = Response(b"", 204, content_type="text/plain; charset=utf-8")
        headers = response.headers
        self._allow_origin(response, origin)
        if self.credentials:
            headers.set("access-control-allow-credentials", "true")
        requested_method = (request.headers.get("access-control-request-method") or "").upper()
        if "*" in self.methods:
            headers.set("access-control-allow-methods", requested_method)
            headers.add_vary("Access-Control-Request-Method")
        else:
            headers.set("access-control-allow-methods", ", ".join(self.methods))
        requested_headers = request.headers.get("access-control-request-headers")
        if "*" in self.headers:
            if requested_headers:
                headers.set("access-control-allow-headers", requested_headers)
            headers.add_vary("Access-Control-Request-Headers")
        elif self.headers:
            headers.set("access-control-allow-headers", ", ".join(self.headers))
        if self.max_age is not None:
            headers.set("access-control-max-age", str(int(self.max_age)))
        return response

    def _allow_origin(self, response: Response, origin: str) -> None:
        headers = response.headers
        if "*" in self.origins and not self.credentials:
            headers.set("access-control-allow-origin", "*")
        elif self.allowed_origin(origin):
            headers.set("access-control-allow-origin", origin)
            headers.add_vary("Origin")
        else:
            headers.add_vary("Origin")

    def _actual(self, response: Response, origin: str) -> None:
        self._allow_origin(response, origin)
        headers = response.headers
        if "access-control-allow-origin" not in headers:
            return
        if self.credentials:
            headers.set("access-control-allow-credentials", "true")
        if self.exposed:
            headers.set("access-control-expose-headers", ", ".join(self.exposed))
