"""Global helpers: ``request()``, ``response()``, ``redirect()``, ``abort()``."""

from __future__ import annotations

import os
from collections.abc import AsyncIterable, Iterable, Mapping
from typing import Any, Literal, NoReturn, overload

from lararust_contracts import HttpException

from ._context import current_request, make_service
from ._request import Request
from ._responses import (
    EventStreamResponse,
    FileResponse,
    JsonResponse,
    RedirectResponse,
    Response,
    StreamedResponse,
)


def request() -> Request:
    """The request being handled (a context variable; works far from the controller)."""
    current = current_request.get()
    if current is None:
        raise RuntimeError("request() was called outside of an HTTP request.")
    return current


def abort(status: int, message: str = "", headers: Mapping[str, str] | None = None) -> NoReturn:
    """Stop handling with an HTTP error (``abort(404)``, ``abort(403, "Nope")``)."""
    raise HttpException(status, message, headers)


def abort_if(condition: Any, status: int, message: str = "") -> None:
    """``abort`` when ``condition`` is truthy."""
    if condition:
        abort(status, message)


def abort_unless(condition: Any, status: int, message: str = "") -> None:
    """``abort`` unless ``condition`` is truthy."""
    if not condition:
        abort(status, message)


class Redirector:
    """Builds redirects: ``redirect().route("home")``, ``.back()``, ``.to("/")``, ``.away(url)``."""

    def to(
        self, path: str, status: int = 302, headers: Mapping[str, str] | None = None
    ) -> RedirectResponse:
        """Redirect to a path of this application (or a full URL)."""
        generator = make_service("url")
        url = path
        if generator is not None and not _is_absolute(path):
            url = generator.to(path)
        return RedirectResponse(url, status, headers)

    def away(self, url: str, status: int = 302) -> RedirectResponse:
        """Redirect to an external URL as given."""
        return RedirectResponse(url, status)

    def route(
        self, name: str, parameters: Mapping[str, Any] | None = None, status: int = 302
    ) -> RedirectResponse:
        """Redirect to a named route (through the container's ``url`` generator)."""
        generator = make_service("url")
        if generator is None:
            raise RuntimeError(
                f"redirect().route({name!r}) needs the router: no 'url' UrlGenerator is bound."
            )
        return RedirectResponse(generator.route(name, parameters or {}), status)

    def back(self, status: int = 302, fallback: str = "/") -> RedirectResponse:
        """Redirect to the previous URL (the session's, else ``Referer``, else ``fallback``)."""
        current = current_request.get()
        target = None
        if current is not None:
            if current.has_session():
                target = current.session().get("_previous.url")
            referer = current.headers.get("referer")
            if not target and referer and _same_site(referer, current):
                target = referer  # a foreign Referer would make back() an open redirect
        return RedirectResponse(target or fallback, status)

    def refresh(self, status: int = 302) -> RedirectResponse:
        """Redirect to the current URL."""
        return RedirectResponse(request().full_url(), status)


def _same_site(url: str, current: Request) -> bool:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if not parts.scheme and not parts.netloc:
        return url.startswith("/") and not url.startswith("//")
    return parts.netloc == current.host and parts.scheme in ("http", "https")


def _is_absolute(path: str) -> bool:
    return path.startswith(("http://", "https://", "//"))


@overload
def redirect(to: None = None, status: int = 302) -> Redirector: ...
@overload
def redirect(to: str, status: int = 302) -> RedirectResponse: ...
def redirect(to: str | None = None, status: int = 302) -> Redirector | RedirectResponse:
    """``redirect("/home")`` or the :class:`Redirector` (``redirect().route("home")``)."""
    if to is None:
        return Redirector()
    return Redirector().to(to, status)


class ResponseFactory:
    """``response().json(...)``, ``.download(...)``, ``.view(...)`` and friends."""

    def make(
        self,
        content: str | bytes = b"",
        status: int = 200,
        headers: Mapping[str, str] | None = None,
    ) -> Response:
        """A plain (HTML) response."""
        return Response(content, status, headers)

    def json(
        self, data: Any = None, status: int = 200, headers: Mapping[str, str] | None = None
    ) -> JsonResponse:
        """A JSON response."""
        return JsonResponse(data, status, headers)

    def no_content(self, status: int = 204) -> Response:
        """An empty response."""
        return Response(b"", status, content_type="text/plain; charset=utf-8")

    def view(
        self,
        name: str,
        context: Mapping[str, Any] | None = None,
        status: int = 200,
        headers: Mapping[str, str] | None = None,
    ) -> Response:
        """Render a view through the container's ``view`` factory."""
        factory = make_service("view")
        if factory is None:
            raise RuntimeError("response().view() needs a 'view' ViewFactory bound in the app.")
        return Response(factory.render(name, context), status, headers)

    def stream(
        self,
        content: AsyncIterable[str | bytes] | Iterable[str | bytes],
        status: int = 200,
        headers: Mapping[str, str] | None = None,
        content_type: str = "text/html; charset=utf-8",
    ) -> StreamedResponse:
        """A streamed response."""
        return StreamedResponse(content, status, headers, content_type)

    def event_stream(
        self, events: AsyncIterable[Any], headers: Mapping[str, str] | None = None
    ) -> EventStreamResponse:
        """Server-sent events."""
        return EventStreamResponse(events, headers=headers)

    def file(
        self, path: str | os.PathLike[str], headers: Mapping[str, str] | None = None
    ) -> FileResponse:
        """Show a file inline."""
        return FileResponse(path, headers=headers, disposition="inline")

    def download(
        self,
        path: str | os.PathLike[str],
        name: str | None = None,
        headers: Mapping[str, str] | None = None,
        disposition: Literal["inline", "attachment"] = "attachment",
    ) -> FileResponse:
        """Send a file as a download named ``name``."""
        return FileResponse(
            path, filename=name or os.path.basename(path), headers=headers, disposition=disposition
        )

    def redirect_to(self, path: str, status: int = 302) -> RedirectResponse:
        """A redirect."""
        return Redirector().to(path, status)


@overload
def response(
    content: None = None, status: int = 200, headers: Mapping[str, str] | None = None
) -> ResponseFactory: ...
@overload
def response(
    content: str | bytes, status: int = 200, headers: Mapping[str, str] | None = None
) -> Response: ...
def response(
    content: str | bytes | None = None, status: int = 200, headers: Mapping[str, str] | None = None
) -> ResponseFactory | Response:
    """``response("text", 201)`` or the :class:`ResponseFactory` (``response().json(...)``)."""
    if content is None:
        return ResponseFactory()
    return Response(content, status, headers)
