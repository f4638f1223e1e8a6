"""Trust ``X-Forwarded-*`` headers from known proxies only (``request.ip()``, scheme, host)."""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING, Any

from .._context import config_value
from ._base import Next, as_list

if TYPE_CHECKING:
    from .._request import Request
    from .._responses import Response

_Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class TrustProxies:
    """Honour forwarded headers when the peer is a trusted proxy (``*`` trusts any peer).

    Proxies come from ``at`` or config ``http.trusted_proxies`` (env ``TRUSTED_PROXIES``,
    comma separated IPs or CIDRs). With none configured the middleware is left out entirely.
    """

    def __init__(self, at: Any = None) -> None:
        proxies = as_list(at if at is not None else config_value("http.trusted_proxies"))
        self.trust_all = "*" in proxies or "**" in proxies
        self.networks: list[_Network] = [
            ipaddress.ip_network(p, strict=False) for p in proxies if p not in ("*", "**")
        ]

    def enabled(self) -> bool:
        """Whether any proxy is trusted."""
        return self.trust_all or bool(self.networks)

    def is_trusted(self, ip: str | None) -> bool:
        """Whether ``ip`` is a trusted proxy."""
        if ip is None:
            return False
        if self.trust_all:
            return True
        try:
            address = ipaddress.ip_address(ip)
        except ValueError:
            return False
        return any(address in network for network in self.networks)

    async def handle(self, request: Request, next: Next) -> Response:
        """Rewrite the client's address, scheme and host from a trusted proxy's headers."""
        peer = request.ip()
        if self.is_trusted(peer):
            headers = request.headers
            forwarded_for = headers.get_list("x-forwarded-for")
            ip = None
            if forwarded_for:
                hops = [h.strip() for v in forwarded_for for h in v.split(",") if h.strip()]
                # Walk from the nearest hop back, skipping our own proxies: the first
                # untrusted address is the client (anything further left is client-forged).
                for hop in reversed(hops):
                    ip = hop
                    if not self.is_trusted(hop):
                        break
            proto = (headers.get("x-forwarded-proto") or "").split(",")[0].strip().lower()
            host = (headers.get("x-forwarded-host") or "").split(",")[0].strip()
            request.set_client(
                ip=ip,
                scheme=proto if proto in ("http", "https") else None,
                host=host or None,
            )
        return await next(request)
