"""The built-in middleware (each ``async def handle(request, next, *params)``)."""

from ._access_log import AccessLog as AccessLog
from ._base import Middleware as Middleware
from ._base import Next as Next
from ._cors import HandleCors as HandleCors
from ._encrypt_cookies import EncryptCookies as EncryptCookies
from ._gzip import GZip as GZip
from ._limit_request_body import LimitRequestBody as LimitRequestBody
from ._maintenance import PreventRequestsDuringMaintenance as PreventRequestsDuringMaintenance
from ._request_id import RequestId as RequestId
from ._share_errors import ErrorBag as ErrorBag
from ._share_errors import ShareErrorsFromSession as ShareErrorsFromSession
from ._share_errors import old as old
from ._start_session import StartSession as StartSession
from ._static_files import ServeStaticFiles as ServeStaticFiles
from ._throttle import ThrottleRequests as ThrottleRequests
from ._trust_hosts import TrustHosts as TrustHosts
from ._trust_proxies import TrustProxies as TrustProxies
from ._verify_csrf import VerifyCsrfToken as VerifyCsrfToken
from ._verify_csrf import csrf_token as csrf_token

__all__ = [
    "AccessLog",
    "EncryptCookies",
    "ErrorBag",
    "GZip",
    "HandleCors",
    "LimitRequestBody",
    "Middleware",
    "Next",
    "PreventRequestsDuringMaintenance",
    "RequestId",
    "ServeStaticFiles",
    "ShareErrorsFromSession",
    "StartSession",
    "ThrottleRequests",
    "TrustHosts",
    "TrustProxies",
    "VerifyCsrfToken",
    "csrf_token",
    "old",
]
