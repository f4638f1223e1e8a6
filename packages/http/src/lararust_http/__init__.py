"""Requests, responses, the HTTP kernel, middleware, sessions, CSRF, the server, the test client.

PYTEST_DONT_REWRITE (the package ships a pytest plugin; rewriting would add names here)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lararust_support import lazy_exports as _lazy_exports

from .__about__ import __version__ as __version__

if TYPE_CHECKING:
    from . import middleware as middleware
    from . import server as server
    from . import session as session
    from ._async_testing import AsyncTestClient as AsyncTestClient
    from ._conversion import prepare_response as prepare_response
    from ._conversion import to_response as to_response
    from ._cookies import Cookie as Cookie
    from ._datastructures import FormData as FormData
    from ._datastructures import MultiDict as MultiDict
    from ._datastructures import QueryParams as QueryParams
    from ._exception_handler import ExceptionHandler as ExceptionHandler
    from ._exceptions import BadRequest as BadRequest
    from ._exceptions import ClientDisconnect as ClientDisconnect
    from ._exceptions import PayloadTooLarge as PayloadTooLarge
    from ._exceptions import ServiceUnavailable as ServiceUnavailable
    from ._exceptions import TokenMismatch as TokenMismatch
    from ._exceptions import TooManyRequests as TooManyRequests
    from ._headers import Headers as Headers
    from ._headers import HeaderValueError as HeaderValueError
    from ._headers import MutableHeaders as MutableHeaders
    from ._helpers import Redirector as Redirector
    from ._helpers import ResponseFactory as ResponseFactory
    from ._helpers import abort as abort
    from ._helpers import abort_if as abort_if
    from ._helpers import abort_unless as abort_unless
    from ._helpers import redirect as redirect
    from ._helpers import request as request
    from ._helpers import response as response
    from ._json import json_dumps as json_dumps
    from ._json import register_json_encoder as register_json_encoder
    from ._kernel import Kernel as Kernel
    from ._middleware_config import MiddlewareConfig as MiddlewareConfig
    from ._multipart import MultipartLimits as MultipartLimits
    from ._provider import HttpServiceProvider as HttpServiceProvider
    from ._provider import RequestPageResolver as RequestPageResolver
    from ._request import Request as Request
    from ._responses import EventStreamResponse as EventStreamResponse
    from ._responses import FileResponse as FileResponse
    from ._responses import HtmlResponse as HtmlResponse
    from ._responses import JsonResponse as JsonResponse
    from ._responses import RedirectResponse as RedirectResponse
    from ._responses import Response as Response
    from ._responses import ServerSentEvent as ServerSentEvent
    from ._responses import StreamedResponse as StreamedResponse
    from ._testing import TestClient as TestClient
    from ._testing import TestResponse as TestResponse
    from ._uploaded_file import UploadedFile as UploadedFile
    from .middleware import csrf_token as csrf_token
    from .middleware import old as old

__all__ = [
    "AsyncTestClient",
    "BadRequest",
    "ClientDisconnect",
    "Cookie",
    "EventStreamResponse",
    "ExceptionHandler",
    "FileResponse",
    "FormData",
    "HeaderValueError",
    "Headers",
    "HtmlResponse",
    "HttpServiceProvider",
    "JsonResponse",
    "Kernel",
    "MiddlewareConfig",
    "MultiDict",
    "MultipartLimits",
    "MutableHeaders",
    "PayloadTooLarge",
    "QueryParams",
    "RedirectResponse",
    "Redirector",
    "Request",
    "RequestPageResolver",
    "Response",
    "ResponseFactory",
    "ServerSentEvent",
    "ServiceUnavailable",
    "StreamedResponse",
    "TestClient",
    "TestResponse",
    "TokenMismatch",
    "TooManyRequests",
    "UploadedFile",
    "__version__",
    "abort",
    "abort_if",
    "abort_unless",
    "csrf_token",
    "json_dumps",
    "middleware",
    "old",
    "prepare_response",
    "redirect",
    "register_json_encoder",
    "request",
    "response",
    "server",
    "session",
    "to_response",
]

# Public name -> (module, attribute; None for a submodule). Imported on first use (PEP 562)
# so `import lararust_http` stays cheap: a command pays only for the names it touches.
_LAZY: dict[str, tuple[str, str | None]] = {
    "middleware": (".middleware", None),
    "server": (".server", None),
    "session": (".session", None),
    "AsyncTestClient": ("._async_testing", "AsyncTestClient"),
    "prepare_response": ("._conversion", "prepare_response"),
    "to_response": ("._conversion", "to_response"),
    "Cookie": ("._cookies", "Cookie"),
    "FormData": ("._datastructures", "FormData"),
    "MultiDict": ("._datastructures", "MultiDict"),
    "QueryParams": ("._datastructures", "QueryParams"),
    "ExceptionHandler": ("._exception_handler", "ExceptionHandler"),
    "BadRequest": ("._exceptions", "BadRequest"),
    "ClientDisconnect": ("._exceptions", "ClientDisconnect"),
    "PayloadTooLarge": ("._exceptions", "PayloadTooLarge"),
    "ServiceUnavailable": ("._exceptions", "ServiceUnavailable"),
    "TokenMismatch": ("._exceptions", "TokenMismatch"),
    "TooManyRequests": ("._exceptions", "TooManyRequests"),
    "Headers": ("._headers", "Headers"),
    "HeaderValueError": ("._headers", "HeaderValueError"),
    "MutableHeaders": ("._headers", "MutableHeaders"),
    "Redirector": ("._helpers", "Redirector"),
    "ResponseFactory": ("._helpers", "ResponseFactory"),
    "abort": ("._helpers", "abort"),
    "abort_if": ("._helpers", "abort_if"),
    "abort_unless": ("._helpers", "abort_unless"),
    "redirect": ("._helpers", "redirect"),
    "request": ("._helpers", "request"),
    "response": ("._helpers", "response"),
    "json_dumps": ("._json", "json_dumps"),
    "register_json_encoder": ("._json", "register_json_encoder"),
    "Kernel": ("._kernel", "Kernel"),
    "MiddlewareConfig": ("._middleware_config", "MiddlewareConfig"),
    "MultipartLimits": ("._multipart", "MultipartLimits"),
    "HttpServiceProvider": ("._provider", "HttpServiceProvider"),
    "RequestPageResolver": ("._provider", "RequestPageResolver"),
    "Request": ("._request", "Request"),
    "EventStreamResponse": ("._responses", "EventStreamResponse"),
    "FileResponse": ("._responses", "FileResponse"),
    "HtmlResponse": ("._responses", "HtmlResponse"),
    "JsonResponse": ("._responses", "JsonResponse"),
    "RedirectResponse": ("._responses", "RedirectResponse"),
    "Response": ("._responses", "Response"),
    "ServerSentEvent": ("._responses", "ServerSentEvent"),
    "StreamedResponse": ("._responses", "StreamedResponse"),
    "TestClient": ("._testing", "TestClient"),
    "TestResponse": ("._testing", "TestResponse"),
    "UploadedFile": ("._uploaded_file", "UploadedFile"),
    "csrf_token": (".middleware", "csrf_token"),
    "old": (".middleware", "old"),
}


if not TYPE_CHECKING:  # mypy reads the exact types from the imports above
    __getattr__, __dir__ = _lazy_exports(__name__, _LAZY, __all__)
