"""Requests, responses, the HTTP kernel, middleware, sessions, CSRF, the server, the test client.

PYTEST_DONT_REWRITE (the package ships a pytest plugin; rewriting would add names here)
"""

from . import middleware as middleware
from . import server as server
from . import session as session
from .__about__ import __version__ as __version__
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
